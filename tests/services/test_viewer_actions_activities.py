"""Activity and MonitoringReport viewerMay equal what the mutations accept, for every
organisation type x role (plus the owner's and the assigned certifier's colleagues), on
activities and reports in each status, of projects in each status. Each mutation is really
called, then rolled back (viewer_probe)."""

from __future__ import annotations

from datetime import date

import pytest

from backend.models.activity import Activity, MonitoringReport
from backend.models.credit import Issuance
from backend.models.enums import (
    ActivityStatus,
    DocumentKind,
    MonitoringReportStatus,
    ProjectStatus,
)
from backend.models.project import Project
from backend.services import access, activities, monitoring, viewer_actions
from backend.services.credits import issuance
from backend.services.viewer_actions import ActivityAction, MonitoringReportAction
from tests.factories import make_document, make_project
from tests.project_inputs import make_activity
from tests.services.test_viewer_actions_projects import people
from tests.services.viewer_probe import Call, accepted

Statuses = tuple[ActivityStatus, MonitoringReportStatus]
CASES: tuple[Statuses, ...] = (
    (ActivityStatus.PENDING, MonitoringReportStatus.VERIFIED),
    (ActivityStatus.PENDING, MonitoringReportStatus.SUBMITTED),
    (ActivityStatus.APPROVED, MonitoringReportStatus.APPROVED),
    (ActivityStatus.REJECTED, MonitoringReportStatus.REJECTED),
)


@pytest.mark.parametrize(
    "status", [ProjectStatus.PENDING, ProjectStatus.APPROVED, ProjectStatus.AUTHORISED]
)
async def test_activity_and_report_viewer_may_is_what_the_mutations_accept(
    status: ProjectStatus,
) -> None:
    members, owner, certifier = await people()
    project = await make_project(owner, status, certifiers=(certifier.organisation,))
    target = await access.project_target(project)
    made = [await make_activity(project, a, reports=1, report_status=r) for a, r in CASES]
    seen: dict[tuple[str, Statuses], set[str]] = {}
    for name, member in members.items():
        p = member.principal
        document = await make_document(member, DocumentKind.MONITORING_REPORT)
        for case, activity in zip(CASES, made, strict=True):
            row = await Activity.get(id=activity.id)
            reports = list(await MonitoringReport.filter(activity_id=row.id))
            report = reports[0]
            activity_calls: dict[ActivityAction, Call] = {
                ActivityAction.APPROVE: lambda: activities.approve_activity(
                    principal=p, activity_id=row.id
                ),
                ActivityAction.REJECT: lambda: activities.reject_activity(
                    principal=p, activity_id=row.id, reason="Not additional."
                ),
                ActivityAction.SUBMIT_MONITORING: lambda: monitoring.submit_monitoring_report(
                    principal=p,
                    activity_id=row.id,
                    period_start=date(2026, 1, 1),
                    period_end=date(2026, 1, 28),
                    document_id=document.id,
                    claimed_reductions=50,
                ),
            }
            report_calls: dict[MonitoringReportAction, Call] = {
                MonitoringReportAction.VERIFY: lambda: monitoring.verify_monitoring_report(
                    principal=p, report_id=report.id, verified_quantity=50
                ),
                MonitoringReportAction.ISSUE_CREDITS: lambda: issuance.issue_credits(
                    principal=p, monitoring_report_id=report.id
                ),
            }
            project_row = await Project.get(id=project.id)
            allowed_a = {a for a, call in activity_calls.items() if await accepted(call)}
            shown_a = viewer_actions.activity_actions(p, project_row, target, row, reports)
            assert set(shown_a) == allowed_a, (name, case)
            allowed_r = {a for a, call in report_calls.items() if await accepted(call)}
            issued = await Issuance.filter(monitoring_report_id=report.id).exists()
            shown_r = viewer_actions.monitoring_report_actions(
                p, project_row, target, row, report, issued
            )
            assert set(shown_r) == allowed_r, (name, case)
            seen[name, case] = {*allowed_a, *allowed_r}
    active = status is not ProjectStatus.PENDING
    verified, submitted, approved, rejected = CASES
    government = {ActivityAction.APPROVE, ActivityAction.REJECT} if active else set()
    assert seen["GOVERNMENT/MANAGER", verified] == government
    assert seen["owner's MANAGER", submitted] == (
        {ActivityAction.SUBMIT_MONITORING} if active else set()
    )
    assert seen["CERTIFIER/MANAGER", submitted] == (
        {MonitoringReportAction.VERIFY} if active else set()
    )
    assert seen["assigned certifier's VIEWER", submitted] == set()
    issue = {MonitoringReportAction.ISSUE_CREDITS} if status is ProjectStatus.AUTHORISED else set()
    assert seen["GOVERNMENT/ADMIN", approved] - {ActivityAction.APPROVE} == issue
    assert all(not allowed for (_, case), allowed in seen.items() if case == rejected)
