"""Organisation workflows below GraphQL: transitions, validation, and that refusals change nothing."""

from __future__ import annotations

import json

import pytest

from backend.errors import BadUserInput, Conflict, NotFound
from backend.ledger.canonical import parse_body
from backend.models.enums import OrganisationStatus, OrganisationType, Role
from backend.models.ledger import LedgerEntry
from backend.models.organisation import Organisation
from backend.models.user import User
from backend.services import organisations, registration
from backend.services.organisations import AdminInput, OrganisationInput
from tests.factories import ledger_size, make_member, make_organisation


def developer(tax_id: str = "DEV-1", email: str = "dev@example.org") -> OrganisationInput:
    return OrganisationInput(
        name="Solar Vanuatu", tax_id=tax_id, type=OrganisationType.DEVELOPER, email=email
    )


ADMIN = AdminInput(email="ada@example.org", name="Ada", password="a long enough password")


async def register(
    organisation: OrganisationInput, admin: AdminInput
) -> tuple[Organisation, User, int]:
    """Self-registration through the one service the API calls; what it created and the
    ledger seq it was recorded at."""
    await registration.submit_registration(principal=None, organisation=organisation, admin=admin)
    created = await Organisation.get(tax_id=organisation.tax_id)
    user = await User.get(email=admin.email)
    entry = await LedgerEntry.filter(type="organisation.registered").order_by("-seq").first()
    assert entry is not None
    return created, user, entry.seq


async def test_registration_starts_pending_and_is_in_the_ledger() -> None:
    organisation, admin, seq = await register(developer(), ADMIN)
    assert organisation.status is OrganisationStatus.PENDING
    assert admin.role is Role.ADMIN and admin.organisation_id == organisation.id
    entry = await LedgerEntry.get(seq=seq)
    body = parse_body(bytes(entry.body))
    assert body["type"] == "organisation.registered"
    assert body["data"] == {
        "organisation_id": organisation.id,
        "name": "Solar Vanuatu",
        "type": "DEVELOPER",
        "status": "PENDING",
        "sectoral_scopes": [],
        "admin_user_id": admin.id,
    }
    # The public ledger carries no tax ID, e-mail or password.
    raw = bytes(entry.body).decode()
    assert "DEV-1" not in raw and "example.org" not in raw and "password" not in raw


async def test_lifecycle_pending_active_suspended_active() -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    target = await make_organisation(OrganisationType.DEVELOPER, OrganisationStatus.PENDING)
    p = government.principal
    assert (
        await organisations.approve_organisation(principal=p, organisation_id=target.id)
    ).value.status is OrganisationStatus.ACTIVE
    suspended = await organisations.suspend_organisation(
        principal=p, organisation_id=target.id, reason="unpaid fees"
    )
    assert suspended.value.status is OrganisationStatus.SUSPENDED
    assert suspended.value.status_reason == "unpaid fees"
    back = await organisations.reactivate_organisation(principal=p, organisation_id=target.id)
    assert back.value.status is OrganisationStatus.ACTIVE
    assert back.ledger_seq == suspended.ledger_seq + 1


@pytest.mark.parametrize(
    ("status", "operation"),
    [
        (OrganisationStatus.ACTIVE, "approve"),
        (OrganisationStatus.REJECTED, "approve"),
        (OrganisationStatus.SUSPENDED, "approve"),
        (OrganisationStatus.ACTIVE, "reject"),
        (OrganisationStatus.PENDING, "suspend"),
        (OrganisationStatus.REJECTED, "suspend"),
        (OrganisationStatus.ACTIVE, "reactivate"),
        (OrganisationStatus.PENDING, "reactivate"),
    ],
)
async def test_wrong_transitions_are_conflicts_and_change_nothing(
    status: OrganisationStatus, operation: str
) -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    target = await make_organisation(OrganisationType.DEVELOPER, status)
    size = await ledger_size()
    call = getattr(organisations, f"{operation}_organisation")
    kwargs = {"reason": "because"} if operation in ("reject", "suspend") else {}
    with pytest.raises(Conflict):
        await call(principal=government.principal, organisation_id=target.id, **kwargs)
    assert (await Organisation.get(id=target.id)).status is status
    assert await ledger_size() == size


async def test_unknown_organisation_is_not_found() -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    with pytest.raises(NotFound):
        await organisations.approve_organisation(
            principal=government.principal, organisation_id=999999
        )


async def test_reason_is_required() -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    target = await make_organisation(OrganisationType.DEVELOPER, OrganisationStatus.PENDING)
    with pytest.raises(BadUserInput):
        await organisations.reject_organisation(
            principal=government.principal, organisation_id=target.id, reason="  "
        )
    assert (await Organisation.get(id=target.id)).status is OrganisationStatus.PENDING


async def test_a_taken_tax_id_is_a_conflict_and_a_known_email_changes_nothing() -> None:
    await register(developer(), ADMIN)
    counts = (await Organisation.all().count(), await User.all().count(), await ledger_size())
    with pytest.raises(Conflict):
        await registration.submit_registration(
            principal=None,
            organisation=developer(),
            admin=AdminInput("other@example.org", "O", "a long enough password"),
        )
    # a known e-mail answers like any registration (issue 14 item 4) and creates nothing
    await registration.submit_registration(
        principal=None, organisation=developer(tax_id="DEV-2"), admin=ADMIN
    )
    assert (
        await Organisation.all().count(),
        await User.all().count(),
        await ledger_size(),
    ) == counts


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"name": ""}, "name"),
        ({"tax_id": "<script>"}, "taxId"),
        ({"phone": "call me"}, "phone"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"type": OrganisationType.GOVERNMENT}, None),
        ({"sectoral_scopes": (3,)}, "sectoralScopes"),
    ],
)
async def test_bad_registrations_are_refused(change: dict[str, object], field: str | None) -> None:
    data = {**developer().__dict__, **change}
    size = await ledger_size()
    with pytest.raises(BadUserInput) as raised:
        await registration.submit_registration(
            principal=None, organisation=OrganisationInput(**data), admin=ADMIN
        )
    assert raised.value.details.get("field") == field
    assert await Organisation.all().count() == 0 and await ledger_size() == size


async def test_ministry_needs_valid_scopes() -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    ministry = OrganisationInput(
        name="Ministry of Energy",
        tax_id="MIN-1",
        type=OrganisationType.MINISTRY,
        email="m@example.org",
        sectoral_scopes=(1, 2),
    )
    recorded = await organisations.create_organisation(
        principal=government.principal,
        organisation=ministry,
        admin=AdminInput(email="minister@example.org", name="Min"),
    )
    assert recorded.value[0].sectoral_scopes == [1, 2]
    assert recorded.value[1].password_hash is None  # invited: sets a password by the e-mailed link
    with pytest.raises(BadUserInput):
        await organisations.create_organisation(
            principal=government.principal,
            organisation=OrganisationInput(
                **{**ministry.__dict__, "tax_id": "MIN-2", "sectoral_scopes": (16,)}
            ),
            admin=AdminInput(email="m2@example.org", name="M2"),
        )


async def test_government_cannot_suspend_itself() -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    with pytest.raises(Conflict):
        await organisations.suspend_organisation(
            principal=government.principal, organisation_id=government.organisation.id, reason="x"
        )


async def test_update_records_which_fields_changed() -> None:
    member = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    recorded = await organisations.update_organisation(
        principal=member.principal,
        organisation_id=member.organisation.id,
        changes=organisations.OrganisationChanges(
            website="https://solar.example", phone="+678 1234"
        ),
    )
    body = json.loads(bytes((await LedgerEntry.get(seq=recorded.ledger_seq)).body))
    assert body["data"]["changed"] == ["phone", "website"]
    with pytest.raises(BadUserInput):
        await organisations.update_organisation(
            principal=member.principal,
            organisation_id=member.organisation.id,
            changes=organisations.OrganisationChanges(website="https://solar.example"),
        )
