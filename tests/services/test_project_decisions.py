"""The government's decisions on projects and the certifiers' work, below GraphQL: each
transition, its ledger entry and notices, and every wrong state refused with Conflict."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from backend.errors import BadUserInput, Conflict, Forbidden, NotFound
from backend.ledger.canonical import parse_body
from backend.models.enums import (
    CertificationStatus,
    OrganisationStatus,
    OrganisationType,
    ProjectStatus,
    Role,
)
from backend.models.ledger import LedgerEntry
from backend.models.notification import Notification
from backend.models.project import ProjectCertifier
from backend.policy import Principal
from backend.services import certification, project_decisions
from tests.factories import Member, make_member, make_organisation, make_project
from tests.project_inputs import state


async def data(seq: int) -> dict[str, Any]:
    entry = await LedgerEntry.get(seq=seq)
    return {"type": entry.type, "subject": entry.subject, **parse_body(bytes(entry.body))["data"]}


async def test_approve_then_authorise_assigns_the_serial_prefix_and_tells_the_owners() -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    government = await make_member(OrganisationType.GOVERNMENT, Role.MANAGER)
    project = await make_project(developer, scope=3)
    task = await Notification.create(
        user=government.user, event="project.submitted", about=f"project:{project.id}",
        subject="s", is_task=True,
    )  # fmt: skip
    approved = await project_decisions.approve_project(
        principal=government.principal, project_id=project.id
    )
    assert approved.value.status is ProjectStatus.APPROVED
    assert (await Notification.get(id=task.id)).done_at is not None
    authorised = await project_decisions.authorise_project(
        principal=government.principal, project_id=project.id
    )
    assert authorised.value.serial_prefix == f"VU-NVU-3-{project.number}"
    assert await data(authorised.ledger_seq) == {
        "type": "project.authorised",
        "subject": f"project:{project.id}",
        "project_id": project.id,
        "number": project.number,
        "status": "AUTHORISED",
        "reason": None,
        "serial_prefix": f"VU-NVU-3-{project.number}",
    }
    told = await Notification.filter(user_id=developer.user.id).order_by("id")
    assert [(n.event, n.is_task, n.about) for n in told] == [
        ("project.approved", False, f"project:{project.id}"),
        ("project.authorised", False, f"project:{project.id}"),
    ]


async def test_reject_needs_a_reason_and_keeps_it() -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    project = await make_project(developer, ProjectStatus.APPROVED)
    before = await state()
    with pytest.raises(BadUserInput):
        await project_decisions.reject_project(
            principal=government.principal, project_id=project.id, reason="  "
        )
    assert await state() == before
    rejected = await project_decisions.reject_project(
        principal=government.principal, project_id=project.id, reason="No land title"
    )
    assert (rejected.value.status, rejected.value.status_reason) == (
        ProjectStatus.REJECTED,
        "No land title",
    )
    assert (await data(rejected.ledger_seq))["reason"] == "No land title"
    notice = await Notification.get(user_id=developer.user.id)
    assert notice.subject == f"Project {project.title} was rejected: No land title"


async def test_ministries_decide_only_in_their_scopes() -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    ministry = await make_member(OrganisationType.MINISTRY, Role.MANAGER)  # scope 1
    inside, outside = await make_project(developer, scope=1), await make_project(developer, scope=7)
    await project_decisions.approve_project(principal=ministry.principal, project_id=inside.id)
    before = await state()
    with pytest.raises(Forbidden):
        await project_decisions.approve_project(principal=ministry.principal, project_id=outside.id)
    with pytest.raises(NotFound):
        await project_decisions.approve_project(principal=ministry.principal, project_id=999_999)
    assert await state() == before


Decision = Callable[[Principal, int], Awaitable[object]]
DECISIONS: dict[str, tuple[Decision, tuple[ProjectStatus, ...]]] = {
    "approve": (
        lambda p, i: project_decisions.approve_project(principal=p, project_id=i),
        (ProjectStatus.APPROVED, ProjectStatus.AUTHORISED, ProjectStatus.REJECTED),
    ),
    "authorise": (
        lambda p, i: project_decisions.authorise_project(principal=p, project_id=i),
        (ProjectStatus.PENDING, ProjectStatus.AUTHORISED, ProjectStatus.REJECTED),
    ),
    "reject": (
        lambda p, i: project_decisions.reject_project(principal=p, project_id=i, reason="x"),
        (ProjectStatus.AUTHORISED, ProjectStatus.REJECTED),
    ),
}


@pytest.mark.parametrize(
    ("name", "status"),
    [(name, status) for name, (_, wrong) in sorted(DECISIONS.items()) for status in wrong],
)
async def test_every_wrong_state_is_a_conflict(name: str, status: ProjectStatus) -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    project = await make_project(developer, status)
    before = await state()
    with pytest.raises(Conflict):
        await DECISIONS[name][0](government.principal, project.id)
    assert await state() == before


async def certifier_member(status: OrganisationStatus = OrganisationStatus.ACTIVE) -> Member:
    organisation = await make_organisation(OrganisationType.CERTIFIER, status)
    return await make_member(OrganisationType.CERTIFIER, Role.MANAGER, organisation=organisation)


async def test_assign_certify_revoke_and_assign_again() -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    certifier = await certifier_member()
    project = await make_project(developer, ProjectStatus.APPROVED)
    assigned = await certification.assign_certifier(
        principal=developer.principal, project_id=project.id, certifier_id=certifier.organisation.id
    )
    row = assigned.value
    assert row.status is CertificationStatus.ASSIGNED
    task = await Notification.get(user_id=certifier.user.id)
    assert (task.event, task.about, task.is_task, task.done_at) == (
        "certifier.assigned",
        f"certification:{row.id}",
        True,
        None,
    )
    certified = await certification.certify_project(
        principal=certifier.principal, project_id=project.id
    )
    assert certified.value.status is CertificationStatus.CERTIFIED
    assert certified.value.certified_at is not None
    assert (await Notification.get(id=task.id)).done_at is not None
    assert (await data(certified.ledger_seq))["type"] == "project.certified"
    revoked = await certification.revoke_certification(
        principal=government.principal,
        project_id=project.id,
        certifier_id=certifier.organisation.id,
        reason="Conflict of interest",
    )
    assert (revoked.value.status, revoked.value.revocation_reason) == (
        CertificationStatus.REVOKED,
        "Conflict of interest",
    )
    again = await certification.assign_certifier(
        principal=government.principal,
        project_id=project.id,
        certifier_id=certifier.organisation.id,
    )
    assert (again.value.id, again.value.status, again.value.revoked_at) == (
        row.id,
        CertificationStatus.ASSIGNED,
        None,
    )


async def test_assignment_refusals() -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    certifier = await certifier_member()
    suspended = await certifier_member(OrganisationStatus.SUSPENDED)
    project = await make_project(developer, certifiers=(certifier.organisation,))
    rejected = await make_project(developer, ProjectStatus.REJECTED)
    before = await state()
    for project_id, certifier_id, error in [
        (project.id, certifier.organisation.id, Conflict),  # already assigned
        (project.id, suspended.organisation.id, BadUserInput),
        (project.id, developer.organisation.id, BadUserInput),  # not a certifier
        (project.id, 999_999, NotFound),
        (999_999, certifier.organisation.id, NotFound),
        (rejected.id, certifier.organisation.id, Conflict),
    ]:
        with pytest.raises(error):
            await certification.assign_certifier(
                principal=developer.principal, project_id=project_id, certifier_id=certifier_id
            )
    assert await state() == before


async def test_certification_refusals() -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    certifier, other = await certifier_member(), await certifier_member()
    pending = await make_project(developer, certifiers=(certifier.organisation,))
    approved = await make_project(
        developer, ProjectStatus.AUTHORISED, certifiers=(certifier.organisation, other.organisation)
    )
    await certification.certify_project(principal=other.principal, project_id=approved.id)
    before = await state()
    attempts: list[tuple[Callable[[], Awaitable[object]], type[Exception]]] = [
        (lambda: certification.certify_project(principal=certifier.principal, project_id=pending.id), Conflict),
        (lambda: certification.certify_project(principal=other.principal, project_id=approved.id), Conflict),
        (lambda: certification.certify_project(principal=other.principal, project_id=pending.id), Forbidden),
        (lambda: certification.certify_project(principal=government.principal, project_id=approved.id), Forbidden),
        # one certifier cannot revoke another's certification, nor an uncertified one its own
        (lambda: certification.revoke_certification(principal=certifier.principal, project_id=approved.id, certifier_id=other.organisation.id, reason="x"), Forbidden),
        (lambda: certification.revoke_certification(principal=certifier.principal, project_id=approved.id, certifier_id=certifier.organisation.id, reason="x"), Conflict),
        (lambda: certification.revoke_certification(principal=developer.principal, project_id=approved.id, certifier_id=other.organisation.id, reason="x"), Forbidden),
        (lambda: certification.revoke_certification(principal=government.principal, project_id=approved.id, certifier_id=other.organisation.id, reason=""), BadUserInput),
        (lambda: certification.revoke_certification(principal=government.principal, project_id=approved.id, certifier_id=developer.organisation.id, reason="x"), NotFound),
    ]  # fmt: skip
    for attempt, error in attempts:
        with pytest.raises(error):
            await attempt()
    assert await state() == before
    revoked = await certification.revoke_certification(
        principal=other.principal, project_id=approved.id, certifier_id=other.organisation.id,
        reason="Withdrawn",
    )  # fmt: skip
    assert revoked.value.status is CertificationStatus.REVOKED
    assert await ProjectCertifier.filter(project_id=approved.id).count() == 2
