"""Activities below GraphQL: PPP-T-NNN codes, approval of verified periods (exactly what a
later issuance issues), rejection, and every refusal changing nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from backend.errors import BadUserInput, Conflict, Forbidden, NotFound
from backend.ledger.canonical import parse_body
from backend.models.activity import Activity, MonitoringReport
from backend.models.enums import (
    ActivityStatus,
    ActivityType,
    DocumentKind,
    MonitoringReportStatus,
    OrganisationType,
    ProjectStatus,
    Role,
)
from backend.models.ledger import LedgerEntry
from backend.models.notification import Notification
from backend.models.project import Project
from backend.services import activities, monitoring
from tests.factories import Member, make_document, make_member, make_organisation, make_project
from tests.project_inputs import state


@dataclass
class World:
    developer: Member
    government: Member
    certifier: Member
    project: Project


async def world(status: ProjectStatus = ProjectStatus.APPROVED) -> World:
    developer = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    certifier = await make_member(OrganisationType.CERTIFIER, Role.MANAGER)
    project = await make_project(developer, status, certifiers=(certifier.organisation,))
    return World(developer, government, certifier, project)


async def add(w: World, type: ActivityType = ActivityType.M, **changes: Any) -> Activity:
    fields: dict[str, Any] = {
        "title": "Rooftop solar, phase 1",
        "methodology": "AMS-I.D.",
        "estimated_credits": 40_000,
        "mitigation_type": "Emission reductions",
        "co_benefits": (7, 13, 7),
    } | changes
    recorded = await activities.add_activity(
        principal=w.developer.principal, project_id=w.project.id, type=type, **fields
    )
    return recorded.value


async def report(
    w: World, activity: Activity, start: date, end: date, claimed: int, verified: int | None = None
) -> MonitoringReport:
    """A SUBMITTED report, VERIFIED too when `verified` is given."""
    document = await make_document(w.developer, DocumentKind.MONITORING_REPORT)
    submitted = await monitoring.submit_monitoring_report(
        principal=w.developer.principal, activity_id=activity.id, period_start=start,
        period_end=end, document_id=document.id, claimed_reductions=claimed,
    )  # fmt: skip
    if verified is None:
        return submitted.value
    verified_report = await monitoring.verify_monitoring_report(
        principal=w.certifier.principal, report_id=submitted.value.id, verified_quantity=verified
    )
    return verified_report.value


async def entry(seq: int) -> dict[str, Any]:
    row = await LedgerEntry.get(seq=seq)
    return {"fact": row.type, "subject": row.subject, **parse_body(bytes(row.body))["data"]}


async def test_codes_are_project_type_and_registry_wide_number() -> None:
    w = await world()
    first = await add(w)
    second = await add(w, ActivityType.A, co_benefits=())
    assert first.code == f"{w.project.number:03d}-M-001"
    assert second.code == f"{w.project.number:03d}-A-002"
    assert (first.status, first.co_benefits, first.verified_credits) == (
        ActivityStatus.PENDING,
        [7, 13],
        0,
    )
    added = await LedgerEntry.filter(type="activity.added").order_by("seq").first()
    assert added is not None
    assert {"subject": added.subject, **parse_body(bytes(added.body))["data"]} == {
        "subject": f"project:{w.project.id}",
        "activity_id": first.id,
        "code": first.code,
        "project_id": w.project.id,
        "type": "M",
        "title": "Rooftop solar, phase 1",
        "methodology": "AMS-I.D.",
        "mitigation_type": "Emission reductions",
        "estimated_credits": 40_000,
        "verified_credits": 0,
        "co_benefits": [7, 13],
        "status": "PENDING",
    }


async def test_a_long_project_number_keeps_all_its_digits() -> None:
    w = await world(ProjectStatus.AUTHORISED)
    await Project.filter(id=w.project.id).update(number=12345)
    w.project = await Project.get(id=w.project.id)
    assert (await add(w)).code == "12345-M-001"


@pytest.mark.parametrize(
    "changes",
    [
        {"co_benefits": (0,)},
        {"co_benefits": (18,)},
        {"estimated_credits": 0},
        {"estimated_credits": 2**53},
        {"methodology": " "},
        {"title": ""},
    ],
)
async def test_bad_activity_fields(changes: dict[str, Any]) -> None:
    w = await world()
    before = await state()
    with pytest.raises(BadUserInput):
        await add(w, **changes)
    assert await state() == before


@pytest.mark.parametrize("status", [ProjectStatus.PENDING, ProjectStatus.REJECTED])
async def test_activities_only_on_approved_or_authorised_projects(status: ProjectStatus) -> None:
    w = await world(status)
    before = await state()
    with pytest.raises(Conflict):
        await add(w)
    assert await state() == before


async def test_only_the_owners_add_activities() -> None:
    w = await world()
    for member in (
        await make_member(OrganisationType.DEVELOPER, Role.ADMIN),
        await make_member(
            OrganisationType.DEVELOPER, Role.VIEWER, organisation=w.developer.organisation
        ),
        w.government,
        w.certifier,
    ):
        before = await state()
        with pytest.raises(Forbidden):
            await activities.add_activity(
                principal=member.principal, project_id=w.project.id, type=ActivityType.M,
                title="t", methodology="m", estimated_credits=1,
            )  # fmt: skip
        assert await state() == before


async def test_approval_takes_the_verified_periods_once() -> None:
    w = await world()
    activity = await add(w)
    first = await report(w, activity, date(2025, 1, 1), date(2025, 6, 30), 10_000, 9_500)
    pending = await report(w, activity, date(2025, 7, 1), date(2025, 12, 31), 8_000)
    approved = await activities.approve_activity(
        principal=w.government.principal, activity_id=activity.id
    )
    assert (approved.value.status, approved.value.verified_credits) == (
        ActivityStatus.APPROVED,
        9_500,
    )
    assert (await MonitoringReport.get(id=first.id)).status is MonitoringReportStatus.APPROVED
    assert (await MonitoringReport.get(id=pending.id)).status is MonitoringReportStatus.SUBMITTED
    data = await entry(approved.ledger_seq)
    assert (data["fact"], data["approved_quantity"], data["reports"]) == (
        "activity.approved",
        9_500,
        [{"report_id": first.id, "period_start": "2025-01-01", "period_end": "2025-06-30",
          "verified_quantity": 9_500}],
    )  # fmt: skip
    gov_tasks = await Notification.filter(
        user_id=w.government.user.id, about=f"activity:{activity.id}"
    )
    assert [(n.event, n.is_task, n.done_at is not None) for n in gov_tasks] == [
        ("monitoring.verified", True, True)
    ]
    owners = await Notification.filter(user_id=w.developer.user.id).order_by("id")
    assert [n.event for n in owners] == ["monitoring.verified", "activity.approved"]
    before = await state()
    with pytest.raises(Conflict):  # nothing verified since
        await activities.approve_activity(principal=w.government.principal, activity_id=activity.id)
    assert await state() == before
    await monitoring.verify_monitoring_report(
        principal=w.certifier.principal, report_id=pending.id, verified_quantity=8_000
    )
    again = await activities.approve_activity(
        principal=w.government.principal, activity_id=activity.id
    )
    assert again.value.verified_credits == 17_500
    assert [r["report_id"] for r in (await entry(again.ledger_seq))["reports"]] == [pending.id]


async def test_rejection_rejects_the_open_reports_and_closes_their_tasks() -> None:
    w = await world()
    activity = await add(w)
    submitted = await report(w, activity, date(2025, 1, 1), date(2025, 3, 31), 5_000)
    verified = await report(w, activity, date(2025, 4, 1), date(2025, 6, 30), 5_000, 4_000)
    before = await state()
    with pytest.raises(BadUserInput):
        await activities.reject_activity(
            principal=w.government.principal, activity_id=activity.id, reason=""
        )
    assert await state() == before
    rejected = await activities.reject_activity(
        principal=w.government.principal, activity_id=activity.id, reason="Double counting"
    )
    assert (rejected.value.status, rejected.value.status_reason) == (
        ActivityStatus.REJECTED,
        "Double counting",
    )
    statuses = (
        await MonitoringReport.filter(activity_id=activity.id)
        .order_by("id")
        .values_list("status", "status_reason")
    )
    assert statuses == [(MonitoringReportStatus.REJECTED, "Double counting")] * 2
    assert (await entry(rejected.ledger_seq))["rejected_reports"] == [submitted.id, verified.id]
    assert await Notification.filter(is_task=True, done_at=None).count() == 0
    notice = await Notification.filter(user_id=w.developer.user.id, event="activity.rejected").get()
    assert notice.subject == f"Activity {activity.code} was rejected: Double counting"


async def test_wrong_states_are_conflicts() -> None:
    w = await world()
    approved, rejected = await add(w), await add(w)
    await report(w, approved, date(2025, 1, 1), date(2025, 1, 31), 10, 10)
    await activities.approve_activity(principal=w.government.principal, activity_id=approved.id)
    await activities.reject_activity(
        principal=w.government.principal, activity_id=rejected.id, reason="x"
    )
    before = await state()
    g = w.government.principal
    for attempt in (
        activities.reject_activity(principal=g, activity_id=approved.id, reason="x"),
        activities.reject_activity(principal=g, activity_id=rejected.id, reason="x"),
        activities.approve_activity(principal=g, activity_id=rejected.id),
    ):
        with pytest.raises(Conflict):
            await attempt
    await Project.filter(id=w.project.id).update(status=ProjectStatus.REJECTED)
    pending = await Activity.create(
        project=w.project, number=99, code="x-M-099", type=ActivityType.M, title="t",
        methodology="m", estimated_credits=1, status=ActivityStatus.PENDING,
    )  # fmt: skip
    before = await state()
    with pytest.raises(Conflict):  # the project was rejected
        await activities.reject_activity(principal=g, activity_id=pending.id, reason="x")
    assert await state() == before


async def test_decisions_by_scope_and_unknown_ids() -> None:
    w = await world()
    activity = await add(w)
    await report(w, activity, date(2025, 1, 1), date(2025, 1, 31), 10, 10)
    outside = await make_member(
        OrganisationType.MINISTRY,
        Role.ADMIN,
        organisation=await make_organisation(OrganisationType.MINISTRY, scopes=(9,)),
    )
    before = await state()
    with pytest.raises(Forbidden):
        await activities.approve_activity(principal=outside.principal, activity_id=activity.id)
    with pytest.raises(Forbidden):
        await activities.approve_activity(principal=w.certifier.principal, activity_id=activity.id)
    with pytest.raises(NotFound):
        await activities.approve_activity(principal=w.government.principal, activity_id=999_999)
    assert await state() == before
    inside = await make_member(OrganisationType.MINISTRY, Role.MANAGER)
    done = await activities.approve_activity(principal=inside.principal, activity_id=activity.id)
    assert done.value.status is ActivityStatus.APPROVED


async def test_list_filters_by_status_project_and_project_title() -> None:
    w = await world()
    other = await make_project(w.developer, ProjectStatus.AUTHORISED)
    first = await add(w)
    w2 = World(w.developer, w.government, w.certifier, other)
    second = await add(w2)
    await report(w, first, date(2025, 1, 1), date(2025, 1, 31), 10, 10)
    await activities.approve_activity(principal=w.government.principal, activity_id=first.id)
    listed, total = await activities.list_activities(principal=w.developer.principal)
    assert ([a.id for a in listed], total) == ([second.id, first.id], 2)
    approved, _ = await activities.list_activities(
        principal=w.developer.principal, status=ActivityStatus.APPROVED
    )
    assert [a.id for a in approved] == [first.id]
    by_title, _ = await activities.list_activities(
        principal=w.developer.principal, search=other.title.upper()
    )
    assert [a.id for a in by_title] == [second.id]
    by_project, _ = await activities.list_activities(
        principal=w.developer.principal, project_id=w.project.id
    )
    assert [a.id for a in by_project] == [first.id]
