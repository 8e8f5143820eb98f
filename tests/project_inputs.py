"""Valid project and activity inputs for the services and the API, changed field by field by
the tests; and the state snapshot that a refused call must leave as it was."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from backend.models.activity import Activity, MonitoringReport
from backend.models.counter import Counter
from backend.models.document import Document
from backend.models.enums import (
    ActivityScope,
    ActivityStatus,
    ActivityType,
    DocumentKind,
    MonitoringReportStatus,
)
from backend.models.notification import Notification
from backend.models.project import Project, ProjectCertifier, ProjectOwner
from backend.services.locations import Location
from backend.services.project_validation import OwnerShare, ProjectDetails, ProjectInput
from tests.factories import Member, ledger_size, make_document, make_member

_external = itertools.count(1)
_activity_numbers = itertools.count(1000)
POINT = {"type": "Point", "coordinates": [168.3273, -17.7334]}
POLYGON = {
    "type": "Polygon",
    "coordinates": [[[168.1, -17.8], [168.5, -17.8], [168.5, -17.5], [168.1, -17.8]]],
}


def details(**changes: Any) -> ProjectDetails:
    base = ProjectDetails(
        title="Solar Efate",
        start_date=date(2024, 1, 1),
        end_date=date(2034, 12, 31),
        ghgs=("CO2", "CH4"),
        activity_scope=ActivityScope.UNCONDITIONAL,
        location=Location(regions=("Efate",), geometry=POINT),
        estimated_credits=120_000,
        estimated_cost=Decimal("2500000.00"),
        article6_trading=True,
        buyer_countries=("JP", "CH"),
        minimum_carbon_price=Decimal("12.50"),
        environmental_assessment_number="EIA-2024-17",
    )
    return dataclasses.replace(base, **changes)


def project_input(
    owner: Member,
    design: Document,
    *,
    owners: tuple[OwnerShare, ...] | None = None,
    **changes: Any,
) -> ProjectInput:
    """A valid submission by owner's organisation (100 %), with `changes` to any field of the
    input or of its details."""
    top = {f.name for f in dataclasses.fields(ProjectInput)}
    outer = {k: v for k, v in changes.items() if k in top}
    inner = {k: v for k, v in changes.items() if k not in top}
    return ProjectInput(
        **{
            "external_id": f"VU-SOL-{next(_external)}",
            "sector": "Energy",
            "sectoral_scope": 1,
            "design_document_id": design.id,
            "owners": (OwnerShare(owner.organisation.id, Decimal("100")),)
            if owners is None
            else owners,
            "details": details(**inner),
            **outer,
        }
    )


def graphql_input(owner: Member, design_id: int | str, **changes: Any) -> dict[str, Any]:
    """createProject's input as GraphQL variables."""
    return {
        "title": "Solar Efate",
        "externalId": f"VU-API-{next(_external)}",
        "sector": "Energy",
        "sectoralScope": 1,
        "startDate": "2024-01-01",
        "endDate": "2034-12-31",
        "ghgs": ["CO2", "CH4"],
        "activityScope": "UNCONDITIONAL",
        "designDocumentId": str(design_id),
        "location": {"regions": ["Efate"], "geometry": POINT},
        "owners": [{"organisationId": str(owner.organisation.id), "percentage": "100"}],
        "estimatedCredits": 120_000,
        "estimatedCost": "2500000.00",
        "article6Trading": False,
    } | changes


async def state() -> tuple[Any, ...]:
    """Everything a project or activity mutation may change, to compare before and after."""
    return (
        await ledger_size(),
        tuple(
            await Project.all().order_by("id").values_list("id", "status", "title", "serial_prefix")
        ),
        tuple(await ProjectOwner.all().order_by("id").values_list("id", "percentage")),
        tuple(await ProjectCertifier.all().order_by("id").values_list("id", "status")),
        tuple(await Activity.all().order_by("id").values_list("id", "status", "verified_credits")),
        tuple(await MonitoringReport.all().order_by("id").values_list("id", "status")),
        tuple(await Document.all().order_by("id").values_list("id", "project_id")),
        tuple(await Notification.all().order_by("id").values_list("id", "done_at")),
        tuple(await Counter.all().order_by("name").values_list("name", "value")),
    )


async def make_activity(
    project: Project,
    status: ActivityStatus = ActivityStatus.PENDING,
    *,
    reports: int = 0,
    report_status: MonitoringReportStatus = MonitoringReportStatus.SUBMITTED,
) -> Activity:
    """An activity made directly (numbered from 1000, apart from the service's counter) with
    `reports` monthly monitoring reports of 2025 in report_status (100 claimed; 90 verified)."""
    number = next(_activity_numbers)
    row = await Activity.create(
        project=project, number=number, code=f"{project.number:03d}-M-{number:03d}",
        type=ActivityType.M, title="Solar", methodology="AMS-I.D.", estimated_credits=500,
        status=status, co_benefits=[7],
    )  # fmt: skip
    if not reports:
        return row
    owner = await Project.get(id=project.id).prefetch_related("created_by")
    uploader = await make_member(organisation=owner.created_by)
    verified = report_status in (MonitoringReportStatus.VERIFIED, MonitoringReportStatus.APPROVED)
    for month in range(1, reports + 1):
        document = await make_document(uploader, DocumentKind.MONITORING_REPORT)
        await Document.filter(id=document.id).update(project_id=project.id)
        await MonitoringReport.create(
            activity=row, period_start=date(2025, month, 1), period_end=date(2025, month, 28),
            document=document, claimed_reductions=100, status=report_status,
            verified_quantity=90 if verified else None,
        )  # fmt: skip
    return row
