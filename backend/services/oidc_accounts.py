"""Whose account an OpenID sign-in opens. A person is the pair (issuer, subject). The first
sign-in links it to the invited user with the same verified e-mail (only an invitation: never
ROOT, never an account with a password); else, when the provider names the person's
organisation (organisation_claim, matched to the organisation's tax ID), it makes a new user:
PENDING for that organisation's ADMINs or government to approve, or ACTIVE at once when the
provider's configured role mapping (roles_claim, role_map) gives a role, never ROOT."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backend.db import transaction
from backend.errors import Unauthenticated
from backend.ledger import entries
from backend.models.enums import OrganisationStatus, Role, UserStatus
from backend.models.identity import UserIdentity
from backend.models.organisation import Organisation
from backend.models.user import User
from backend.services import ledger, notifications, sessions, user_approval
from backend.services.auth import SignIn

RANK = {Role.VIEWER: 1, Role.MANAGER: 2, Role.ADMIN: 3}


@dataclass(frozen=True)
class OidcProvider:
    """One identity provider, as the ministry configures it."""

    name: str
    issuer: str
    client_id: str
    label: str
    auth_method: str = "private_key_jwt"  # or client_secret_basic
    client_secret: str | None = None
    scopes: tuple[str, ...] = ("openid", "email", "profile")
    email_claim: str = "email"
    jwks_refetch_seconds: float = 30.0  # at most one JWKS fetch this often, for unknown kids
    # Whose organisation a person nobody invited belongs to: this claim's value is an
    # organisation's tax ID. None: such a person is refused (ask for an invitation).
    organisation_claim: str | None = None
    # Roles from the provider, only when configured: the claim (a string or a list) and what
    # its values mean, e.g. roles_claim="registry_roles", role_map=(("registry-admin", "ADMIN"),).
    roles_claim: str | None = None
    role_map: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class AwaitsApproval:
    """A first sign-in that made a PENDING user: no session until they are approved."""

    user: User


def mapped_role(provider: OidcProvider, claims: dict[str, Any]) -> Role | None:
    """The highest role the provider's mapping gives these claims (never ROOT), or None."""
    if provider.roles_claim is None or not provider.role_map:
        return None
    value = claims.get(provider.roles_claim)
    values = value if isinstance(value, list) else [value]
    table = dict(provider.role_map)
    roles = [Role(table[v]) for v in values if isinstance(v, str) and v in table]
    roles = [r for r in roles if r is not Role.ROOT]
    return max(roles, key=RANK.__getitem__) if roles else None


async def _organisation(provider: OidcProvider, claims: dict[str, Any]) -> Organisation:
    value = claims.get(provider.organisation_claim) if provider.organisation_claim else None
    found = await Organisation.get_or_none(tax_id=value) if isinstance(value, str) else None
    if found is None:
        raise Unauthenticated(
            "no account has this e-mail: ask your organisation's admin to invite you."
        )
    if found.status is not OrganisationStatus.ACTIVE:
        raise Unauthenticated(sessions.BLOCKED.get(found.status, "Your organisation may not act."))
    return found


async def link_and_open(
    provider: OidcProvider, subject: str, claims: dict[str, Any]
) -> SignIn | AwaitsApproval:
    """Open a session for the person (issuer, subject), linking or creating their user on
    the first sign-in. Raises Unauthenticated (nothing is changed then)."""
    mails: list[notifications.Mail] = []
    async with transaction() as connection:
        identity = (
            await UserIdentity.filter(issuer=provider.issuer, subject=subject)
            .using_db(connection)
            .select_related("user__organisation")
            .first()
        )
        if identity is not None:
            user: User = identity.user
        else:
            email = claims.get(provider.email_claim)
            if not isinstance(email, str) or claims.get("email_verified") is not True:
                raise Unauthenticated("the provider gave no verified e-mail to find your account.")
            found = (
                await User.filter(email=email.strip().lower())
                .using_db(connection)
                .select_related("organisation")
                .first()
            )
            if found is not None and (found.role is Role.ROOT or found.password_hash is not None):
                # A provider careless with email_verified must not take over an account in use.
                raise Unauthenticated(
                    "this e-mail's account signs in with its password; ask your organisation's "
                    "admin to link it to this provider."
                )
            if found is not None:
                user = found
                record: entries.Entry = entries.UserIdentityLinked(
                    user_id=user.id, issuer=provider.issuer
                )
            else:
                organisation = await _organisation(provider, claims)
                name = claims.get("name")
                registered = await user_approval.register_from_provider(
                    connection,
                    organisation=organisation,
                    email=email,
                    name=name if isinstance(name, str) else email,
                    issuer=provider.issuer,
                    provider_label=provider.label,
                    mapped_role=mapped_role(provider, claims),
                )
                user, mails = registered.user, registered.mails
                user.organisation = organisation
                record = entries.UserIdentityLinked(user_id=user.id, issuer=provider.issuer)
            await UserIdentity.create(
                using_db=connection, issuer=provider.issuer, subject=subject, user=user
            )
            await ledger.append(
                connection,
                ledger.new_entry(record, actor=f"user:{user.id}", subject=f"user:{user.id}"),
            )
        new_pending = identity is None and user.status is UserStatus.PENDING
        if not new_pending:
            sessions.check_may_act(user, user.organisation)
            token, expires_at = await sessions.open_session(connection, user)
    if new_pending:  # recorded, with the approvers' tasks; no session until approved
        await notifications.deliver(mails)
        return AwaitsApproval(user)
    return SignIn(token, expires_at, user, sessions.principal_of(user, user.organisation))
