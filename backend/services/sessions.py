"""Sessions: the one function that opens one, whatever the sign-in (password or OpenID
Connect), and the lookup of a live session's principal. Only the HMAC of a token is stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import db
from backend.errors import Unauthenticated
from backend.models.enums import OrganisationStatus, OrganisationType, Role, UserStatus
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


def _why_not(user_status: UserStatus, organisation_status: OrganisationStatus) -> str | None:
    """Why a user with these statuses may not act, or None if they may."""
    if user_status is not UserStatus.ACTIVE:
        return USER_BLOCKED.get(user_status, "This account is deactivated.")
    return BLOCKED.get(organisation_status)


def check_may_act(user: User, organisation: Organisation) -> None:
    """Raise Unauthenticated unless the user is active and their organisation ACTIVE."""
    why = _why_not(user.status, organisation.status)
    if why is not None:
        raise Unauthenticated(why)


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


# Every signed-in request runs this lookup, so it is one statement written out (building it
# with the ORM's query builder cost more CPU than the database spent answering it).
_LOOKUP = """SELECT s.expires_at, u.id AS user_id, u.role, u.status AS user_status,
  o.id AS organisation_id, o.type, o.status AS organisation_status, o.sectoral_scopes
FROM user_session s JOIN registry_user u ON u.id = s.user_id
  JOIN organisation o ON o.id = u.organisation_id
WHERE s.token_hash = {}"""
_LOOKUPS = {"postgres": _LOOKUP.format("$1"), "sqlite": _LOOKUP.format("?")}
_EXPIRES_AT = Session._meta.fields_map["expires_at"]
_SECTORAL_SCOPES = Organisation._meta.fields_map["sectoral_scopes"]


async def session_principal(token: str) -> Principal | None:
    """The principal of a live session whose user and organisation may act, else None."""
    _, rows = await db.connection().execute_query(_LOOKUPS[db.dialect()], [digest(token)])
    if not rows:
        return None
    row = rows[0]
    if _EXPIRES_AT.to_python_value(row["expires_at"]) <= datetime.now(UTC):
        return None
    if _why_not(UserStatus(row["user_status"]), OrganisationStatus(row["organisation_status"])):
        return None
    return Principal(
        user_id=int(row["user_id"]),
        organisation_id=int(row["organisation_id"]),
        organisation_type=OrganisationType(row["type"]),
        role=Role(row["role"]),
        sectoral_scopes=frozenset(_SECTORAL_SCOPES.to_python_value(row["sectoral_scopes"])),
    )


def principal_of(user: User, organisation: Organisation) -> Principal:
    """The principal a person acts as (the caller has checked that they may act)."""
    return Principal(
        user_id=user.id,
        organisation_id=organisation.id,
        organisation_type=organisation.type,
        role=user.role,
        sectoral_scopes=frozenset(organisation.sectoral_scopes),
    )
