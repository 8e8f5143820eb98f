"""Set-up for the dashboard tests through the services (so that every change is counted as
the registry counts it), and the check that the kept totals equal a full recount."""

from __future__ import annotations

from datetime import date

from backend.models.credit import CreditBlock, Issuance
from backend.models.enums import ActivityStatus, MonitoringReportStatus
from backend.models.project import Project
from backend.services import dashboard_recount, project_decisions, projects
from backend.services.credits import issuance
from backend.services.locations import Location
from backend.services.project_validation import OwnerShare
from tests.factories import Member, make_document
from tests.project_inputs import make_activity, project_input


async def submit(
    owner: Member,
    *,
    sector: str = "Energy",
    scope: int = 1,
    regions: tuple[str, ...] = ("Efate",),
    estimated: int = 120_000,
    owners: tuple[OwnerShare, ...] | None = None,
) -> Project:
    """A PENDING project submitted through the service."""
    design = await make_document(owner)
    submission = project_input(
        owner, design, sector=sector, sectoral_scope=scope, owners=owners,
        location=Location(regions=regions), estimated_credits=estimated,
    )  # fmt: skip
    recorded = await projects.create_project(principal=owner.principal, input=submission)
    return recorded.value


async def authorised(owner: Member, gov: Member, **submission: object) -> Project:
    """A project submitted, approved and authorised through the services."""
    project = await submit(owner, **submission)  # type: ignore[arg-type]
    await project_decisions.approve_project(principal=gov.principal, project_id=project.id)
    await project_decisions.authorise_project(principal=gov.principal, project_id=project.id)
    return await Project.get(id=project.id)


async def issue_on(
    project: Project, gov: Member, *, year: int = 2025
) -> tuple[Issuance, list[CreditBlock]]:
    """Issue one approved monitoring period (90 units verified, from an activity made
    directly: activities and approved reports count for nothing) through the service."""
    activity = await make_activity(
        project, ActivityStatus.APPROVED, reports=1, report_status=MonitoringReportStatus.APPROVED
    )
    report = await activity.monitoring_reports.all().first()
    assert report is not None
    if year != 2025:  # the vintage is the period's end year
        report.period_start, report.period_end = date(year, 1, 1), date(year, 12, 28)
        await report.save(update_fields=["period_start", "period_end"])
    recorded = await issuance.issue_credits(principal=gov.principal, monitoring_report_id=report.id)
    blocks = await CreditBlock.filter(issuance_id=recorded.value.id).order_by("serial_start")
    return recorded.value, list(blocks)


async def assert_totals_match_a_recount() -> None:
    """The kept totals are exactly those of a full recount (and there are some)."""
    assert await dashboard_recount.differences() == []
