"""Sessions: the one function that opens one, whatever the sign-in (password or OpenID
Connect), and the lookup of a live session's principal. Only the HMAC of a token is stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.errors import Unauthenticated
from backend.models.enums import OrganisationStatus, UserStatus
from backend.models.organisation import Organisation
from backend.models.user import Session, User
from backend.policy import Principal
from backend.services import runtime
from backend.services.passwords import new_token, token_digest

BLOCKED = {
    OrganisationStatus.PENDING: "Your organisation is awaiting approval.",
    OrganisationStatus.REJECTED: "Your organisation's registration was rejected.",
    OrganisationStatus.SUSPENDED: "Your organisation is suspended.",
}

USER_BLOCKED = {
    UserStatus.PENDING: "Your account awaits approval by your organisation's admin.",
    UserStatus.REJECTED: "Your account's request was rejected.",
}


def digest(token: str) -> str:
    """The stored form of a bearer token (HMAC-SHA256 with the registry's secret key)."""
    return token_digest(runtime.current().secret_key, token)


def check_may_act(user: User, organisation: Organisation) -> None:
    """Raise Unauthenticated unless the user is active and their organisation ACTIVE."""
    if user.status is not UserStatus.ACTIVE:
        raise Unauthenticated(USER_BLOCKED.get(user.status, "This account is deactivated."))
    if organisation.status in BLOCKED:
        raise Unauthenticated(BLOCKED[organisation.status])


async def open_session(connection: BaseDBAsyncClient, user: User) -> tuple[str, datetime]:
    """Open a session for a user who may act (checked by the caller), inside the caller's
    transaction; returns the bearer token (shown once) and when it expires."""
    token = new_token()
    expires_at = datetime.now(UTC) + timedelta(hours=runtime.current().session_hours)
    await Session.create(
        using_db=connection, user=user, token_hash=digest(token), expires_at=expires_at
    )
    return token, expires_at


async def close_session(token: str) -> None:
    """End the session of this token (nothing happens for an unknown one)."""
    await Session.filter(token_hash=digest(token)).delete()


async def session_principal(token: str) -> Principal | None:
    """The principal of a live session whose user and organisation may act, else None."""
    session = (
        await Session.filter(token_hash=digest(token), expires_at__gt=datetime.now(UTC))
        .select_related("user__organisation")
        .first()
    )
    if session is None:
        return None
    user: User = session.user
    organisation: Organisation = user.organisation
    try:
        check_may_act(user, organisation)
    except Unauthenticated:
        return None
    return principal_of(user, organisation)


def principal_of(user: User, organisation: Organisation) -> Principal:
    """The principal a person acts as (the caller has checked that they may act)."""
    return Principal(
        user_id=user.id,
        organisation_id=organisation.id,
        organisation_type=organisation.type,
        role=user.role,
        sectoral_scopes=frozenset(organisation.sectoral_scopes),
    )
