"""Self-registration answers the same whether or not the admin's e-mail is known; the owner of
a known address is told by e-mail instead, and nothing is recorded."""

from __future__ import annotations

import pytest

from backend.config import Settings
from backend.errors import BadUserInput, Conflict
from backend.models.enums import OrganisationStatus, OrganisationType, Role
from backend.models.notification import Notification
from backend.models.organisation import Organisation
from backend.models.user import User
from backend.services import organisations, registration
from backend.services.organisations import AdminInput, OrganisationInput
from tests.factories import ledger_size, make_member
from tests.services.test_financing import mails_to


def company(tax_id: str) -> OrganisationInput:
    return OrganisationInput(
        name=f"Company {tax_id}",
        tax_id=tax_id,
        type=OrganisationType.DEVELOPER,
        email="office@example.org",
    )


async def counts() -> tuple[int, int, int, int]:
    return (
        await Organisation.all().count(),
        await User.all().count(),
        await Notification.all().count(),
        await ledger_size(),
    )


async def test_known_and_unknown_addresses_get_the_same_answer(settings: Settings) -> None:
    gov_admin = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    existing = await make_member()
    before = await counts()
    known = await registration.submit_registration(
        principal=None,
        organisation=company("REG-1"),
        admin=AdminInput(existing.user.email, "Eve", "a long enough password"),
    )
    assert await counts() == before  # nothing recorded for a known address
    assert mails_to(settings, existing.user.email) == [
        "Someone tried to register with your e-mail address"
    ]
    unknown = await registration.submit_registration(
        principal=None,
        organisation=company("REG-2"),
        admin=AdminInput("new-admin@example.org", "Ned", "a long enough password"),
    )
    assert known == unknown == registration.Receipt()
    created = await Organisation.get(tax_id="REG-2")
    assert created.status is OrganisationStatus.PENDING
    assert mails_to(settings, "new-admin@example.org") == [
        "Your carbon registry registration was received"
    ]
    [task] = await Notification.filter(user_id=gov_admin.user.id)
    assert (task.event, task.about, task.is_task) == (
        "organisation.registered",
        f"organisation:{created.id}",
        True,
    )
    await organisations.approve_organisation(
        principal=gov_admin.principal, organisation_id=created.id
    )
    assert (await Notification.get(id=task.id)).done_at is not None


async def test_refusals_do_not_depend_on_the_address() -> None:
    """Every refusal is decided before the e-mail is looked at: a taken tax ID is CONFLICT for
    a known and an unknown address alike, and a bad field BAD_USER_INPUT."""
    existing = await make_member()
    taken = existing.organisation.tax_id
    before = await counts()
    for address in (existing.user.email, "nobody@example.org"):
        with pytest.raises(Conflict):
            await registration.submit_registration(
                principal=None,
                organisation=company(taken),
                admin=AdminInput(address, "Eve", "a long enough password"),
            )
        with pytest.raises(BadUserInput):
            await registration.submit_registration(
                principal=None,
                organisation=company("REG-9"),
                admin=AdminInput(address, "Eve", "short"),
            )
        with pytest.raises(BadUserInput):
            await registration.submit_registration(
                principal=None,
                organisation=company("REG-9"),
                admin=AdminInput(address, "Eve", "a long enough password", language="xx"),
            )
    assert await counts() == before
