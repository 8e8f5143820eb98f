"""Test data built through the models and services (no mocks)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from backend.models.enums import OrganisationStatus, OrganisationType, Role
from backend.models.ledger import LedgerHead
from backend.models.organisation import Organisation
from backend.models.user import Session, User
from backend.policy import Principal
from backend.services import runtime
from backend.services.passwords import hash_password, new_token, token_digest

PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = hash_password(PASSWORD)
_numbers = itertools.count(1)


@dataclass(frozen=True)
class Member:
    """A signed-in user: their rows, their principal and a bearer token."""

    user: User
    organisation: Organisation
    principal: Principal
    token: str


async def make_organisation(
    type: OrganisationType = OrganisationType.DEVELOPER,
    status: OrganisationStatus = OrganisationStatus.ACTIVE,
    *,
    scopes: tuple[int, ...] = (),
) -> Organisation:
    number = next(_numbers)
    return await Organisation.create(
        name=f"{type.value.title()} {number}",
        tax_id=f"TAX-{number}",
        type=type,
        status=status,
        email=f"org{number}@example.org",
        phone="+678 555 0100",
        country="VU",
        sectoral_scopes=list(scopes or ((1,) if type is OrganisationType.MINISTRY else ())),
    )


async def make_member(
    type: OrganisationType = OrganisationType.DEVELOPER,
    role: Role = Role.ADMIN,
    *,
    organisation: Organisation | None = None,
) -> Member:
    organisation = organisation or await make_organisation(type)
    number = next(_numbers)
    user = await User.create(
        organisation=organisation,
        email=f"user{number}@example.org",
        name=f"User {number}",
        role=role,
        password_hash=_PASSWORD_HASH,
        phone="+678 555 0199",
    )
    token = new_token()
    await Session.create(
        user=user,
        token_hash=token_digest(runtime.current().secret_key, token),
        expires_at=datetime.now(UTC) + timedelta(hours=1),
    )
    principal = Principal(
        user.id, organisation.id, organisation.type, role, frozenset(organisation.sectoral_scopes)
    )
    return Member(user, organisation, principal, token)


async def ledger_size() -> int:
    return (await LedgerHead.get(id=1)).size
