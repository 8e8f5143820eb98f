"""Every step that waits on someone makes a pending task and an e-mail for them; the parties of
a completed step are told. Walks each workflow and asserts exactly who is told of what."""

from __future__ import annotations

from backend.config import Settings
from backend.models.enums import OrganisationType, RetirementKind, Role
from backend.models.notification import Notification
from backend.models.user import User
from backend.services import certification, projects, registration
from backend.services.credits import retirements, transfers
from backend.services.organisations import AdminInput, OrganisationInput
from tests.factories import Member, make_document, make_member, make_project
from tests.project_inputs import project_input
from tests.services.credit_helpers import deductions, issue
from tests.services.test_financing import ask, mails_to

Told = set[tuple[int, str, bool]]


class Inbox:
    """The notifications made since the last look, as (user, event, is it a task)."""

    def __init__(self) -> None:
        self.seen = 0

    async def new(self) -> Told:
        rows = await Notification.filter(id__gt=self.seen).order_by("id")
        if rows:
            self.seen = rows[-1].id
        return {(row.user_id, row.event, row.is_task) for row in rows}


def each(members: list[Member] | list[int], event: str, is_task: bool) -> Told:
    ids = [m if isinstance(m, int) else m.user.id for m in members]
    return {(user_id, event, is_task) for user_id in ids}


async def workers(member: Member) -> list[int]:
    """The ADMIN and MANAGER users of member's organisation (those told of its work)."""
    users = User.filter(organisation_id=member.organisation.id, role__in=[Role.ADMIN, Role.MANAGER])
    return [user.id for user in await users]


async def test_every_workflow_tells_who_must_act(settings: Settings) -> None:
    gov_admin = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    gov_manager = await make_member(
        OrganisationType.GOVERNMENT, Role.MANAGER, organisation=gov_admin.organisation
    )
    government = [gov_admin, gov_manager]
    owner, buyer, asker = await make_member(), await make_member(), await make_member()
    buyer_viewer = await make_member(role=Role.VIEWER, organisation=buyer.organisation)
    certifier = await make_member(OrganisationType.CERTIFIER)
    inbox = Inbox()
    await inbox.new()

    # a self-registration waits on the government's admins (who approve organisations)
    await registration.submit_registration(
        principal=None,
        organisation=OrganisationInput(
            name="New Co", tax_id="WALK-1", type=OrganisationType.DEVELOPER, email="c@ex.org"
        ),
        admin=AdminInput("walk-admin@example.org", "Wa", "a long enough password"),
    )
    assert await inbox.new() == each([gov_admin], "organisation.registered", True)
    assert "Organisation New Co registered and awaits approval" in mails_to(
        settings, gov_admin.user.email
    )

    # a project waits on the government (and ministries in scope); a certifier on its task
    submitted = await projects.create_project(
        principal=owner.principal, input=project_input(owner, await make_document(owner))
    )
    assert await inbox.new() == each(government, "project.submitted", True)
    await certification.assign_certifier(
        principal=owner.principal,
        project_id=submitted.value.id,
        certifier_id=certifier.organisation.id,
    )
    assert await inbox.new() == each([certifier], "certifier.assigned", True)

    # financing waits on the government
    await ask(owner, await make_project(owner))
    assert await inbox.new() == each(government, "financing.requested", True)

    with deductions():
        _, [block] = await issue(owner, 100, issuer=gov_manager)
    await inbox.new()
    holders = await workers(owner)
    assert len(holders) == 2  # the owner, and the colleague who filed the monitoring report

    # a direct transfer: the receiver's workers are told (not its viewers)
    await transfers.transfer_credits(
        principal=owner.principal,
        block_id=block.id,
        quantity=10,
        to_organisation_id=buyer.organisation.id,
    )
    assert await inbox.new() == each([buyer], "credits.transferred", False)
    assert buyer_viewer.user.id not in {user for user, _, _ in await inbox.new()}
    assert any(s.startswith("You received 10 units") for s in mails_to(settings, buyer.user.email))

    # a transfer request waits on the holder; approval tells the receiver and closes the task
    asked = await transfers.request_transfer(
        principal=asker.principal, block_id=block.id, quantity=5
    )
    assert await inbox.new() == each(holders, "credits.transfer_requested", True)
    task = await Notification.get(user_id=owner.user.id, event="credits.transfer_requested")
    await transfers.approve_transfer(principal=owner.principal, transfer_id=asked.value.id)
    assert await inbox.new() == each([asker], "credits.transferred", False)
    assert (await Notification.get(id=task.id)).done_at is not None

    # a rejected request is told to the side that asked
    again = await transfers.request_transfer(
        principal=asker.principal, block_id=block.id, quantity=5
    )
    assert await inbox.new() == each(holders, "credits.transfer_requested", True)
    await transfers.reject_transfer(
        principal=owner.principal, transfer_id=again.value.id, reason="not for sale"
    )
    assert await inbox.new() == each([asker], "credits.transfer_rejected", False)
    assert (
        await Notification.filter(is_task=True, done_at=None, about__startswith="transfer:").count()
        == 0
    )

    # a retirement waits on the government; its decision is told to the requester
    retiring = await retirements.retire_credits(
        principal=owner.principal,
        block_id=block.id,
        quantity=20,
        kind=RetirementKind.NDC_USE,
        beneficiary="VU",
    )
    assert await inbox.new() == each(government, "credits.retirement_requested", True)
    await retirements.recognise_retirement(
        principal=gov_manager.principal, retirement_id=retiring.value.id
    )
    assert await inbox.new() == each(holders, "credits.retirement_recognised", False)
    open_tasks = Notification.filter(
        is_task=True, done_at=None, about=f"retirement:{retiring.value.id}"
    )
    assert await open_tasks.count() == 0
    cancelled = await retirements.retire_credits(
        principal=owner.principal,
        block_id=block.id,
        quantity=1,
        kind=RetirementKind.NDC_USE,
        beneficiary="VU",
    )
    assert await inbox.new() == each(government, "credits.retirement_requested", True)
    await retirements.cancel_retirement(principal=owner.principal, retirement_id=cancelled.value.id)
    assert await inbox.new() == set()  # the requester knows; the government's task is closed
    assert (
        await Notification.filter(
            is_task=True, done_at=None, about__startswith="retirement:"
        ).count()
        == 0
    )
