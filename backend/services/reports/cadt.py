"""The Climate Action Data Trust (CAD Trust) data model v2: our projects, certifications,
verified monitoring periods, issuances, serial blocks and Article 6 authorizations as its project,
location, estimation, validation, verification, issuance, unit, label and co_benefit tables
(INTEROP.md's mapping). Dates are ISO strings, ready for JSON."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from backend.models.activity import Activity, MonitoringReport
from backend.models.article6 import Authorization
from backend.models.credit import Account, CreditBlock, Issuance, Retirement
from backend.models.enums import (
    AccountKind,
    BlockStatus,
    CertificationStatus,
    MonitoringReportStatus,
    ProjectStatus,
    RetirementKind,
    RetirementStatus,
)
from backend.models.organisation import Organisation
from backend.models.project import Project, ProjectCertifier
from backend.services import article6, countries, runtime

Row = dict[str, Any]
UNIT_METRIC = "tCO2e"
LABEL_TYPE = "Article 6 - Authorisation"

COLUMNS: dict[str, list[str]] = {
    "project": [
        "projectId",
        "projectName",
        "projectLink",
        "projectSector",
        "projectType",
        "projectStatus",
        "projectStatusDate",
        "projectUnitMetric",
    ],
    "location": ["projectId", "locationCountry", "locationRegion", "locationGis"],
    "estimation": ["projectId", "estimationStartDate", "estimationEndDate", "estimationUnitCount"],
    "validation": ["projectId", "validationBody", "validationDate"],
    "verification": [
        "projectId",
        "verificationBody",
        "verificationDate",
        "verificationPeriodStartDate",
        "verificationPeriodEndDate",
        "verifiedUnitCount",
    ],
    "issuance": [
        "issuanceId",
        "projectId",
        "issuanceDate",
        "issuanceStartDate",
        "issuanceEndDate",
        "verificationBody",
        "verificationDate",
        "methodology",
        "location",
        "unitCount",
    ],
    "unit": [
        "unitSerialId",
        "issuanceId",
        "projectId",
        "unitStartBlock",
        "unitEndBlock",
        "unitCount",
        "unitType",
        "unitVintageYear",
        "unitStatus",
        "unitStatusReason",
        "unitStatusDate",
        "unitCurrentOwner",
        "unitRetirementBeneficiary",
        "unitItmosReferenceId",
    ],
    "label": [
        "projectId",
        "labelType",
        "labelName",
        "labelDate",
        "cooperativeApproach",
        "unitQuantity",
    ],
    "co_benefit": ["projectId", "cobenefit"],
}
UNIT_STATUS = {
    BlockStatus.ACTIVE: "Held",
    BlockStatus.RESERVED: "Held",
    BlockStatus.RETIRED: "Retired",
    BlockStatus.CANCELLED: "Cancelled",
}
RETIREMENT_REASONS = {
    RetirementKind.VOLUNTARY_CANCELLATION: "voluntary cancellation",
    RetirementKind.NDC_USE: "use towards NDC",
    RetirementKind.FIRST_TRANSFER: "first transfer to another Party's registry",
    RetirementKind.LEGAL_OTHER: "legal or other",
}


def project_status(project: Project, certified: bool) -> str:
    """Our project status in CAD Trust's terms: a certifier's certification makes an approved
    project Validated; authorisation (letter and serial prefix) makes it Registered."""
    if project.status is ProjectStatus.AUTHORISED:
        return "Registered"
    if project.status is ProjectStatus.REJECTED:
        return "Rejected"
    if project.status is ProjectStatus.APPROVED and certified:
        return "Validated"
    return "Listed"


def _projects(
    projects: Iterable[Project], certified: set[int]
) -> tuple[list[Row], list[Row], list[Row]]:
    current = runtime.current()
    country_name = countries.name(current.country.iso2)
    project_rows, locations, estimations = [], [], []
    for p in projects:
        project_rows.append(
            {
                "projectId": p.external_id,
                "projectName": p.title,
                "projectLink": f"{current.public_url}/projects/{p.id}",
                "projectSector": [p.sector],
                "projectType": [
                    current.country.sectoral_scopes.get(p.sectoral_scope, str(p.sectoral_scope))
                ],
                "projectStatus": project_status(p, p.id in certified),
                "projectStatusDate": p.updated_at.date().isoformat(),
                "projectUnitMetric": UNIT_METRIC,
            }
        )
        geometry = (p.location or {}).get("geometry")
        for region in (p.location or {}).get("regions") or [None]:
            locations.append(
                {
                    "projectId": p.external_id,
                    "locationCountry": country_name,
                    "locationRegion": region,
                    "locationGis": geometry,
                }
            )
        estimations.append(
            {
                "projectId": p.external_id,
                "estimationStartDate": p.start_date.isoformat(),
                "estimationEndDate": p.end_date.isoformat(),
                "estimationUnitCount": int(p.estimated_credits),
            }
        )
    return project_rows, locations, estimations


async def _names(organisation_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(organisation_ids))
    return dict(await Organisation.filter(id__in=ids).values_list("id", "name")) if ids else {}


async def _validations(external: dict[int, str]) -> list[Row]:
    """One row per standing certification of a project by a certifier (its validation)."""
    found = await ProjectCertifier.filter(
        status=CertificationStatus.CERTIFIED, certified_at__isnull=False
    ).order_by("project_id", "certified_at", "id")
    bodies = await _names(c.organisation_id for c in found)
    return [
        {
            "projectId": external[c.project_id],
            "validationBody": bodies[c.organisation_id],
            "validationDate": c.certified_at.date().isoformat(),
        }
        for c in found
        if c.certified_at is not None
    ]


async def _verifications(external: dict[int, str]) -> list[Row]:
    """One row per monitoring period a certifier verified (and the government has not
    rejected)."""
    reports = (
        await MonitoringReport.filter(verified_at__isnull=False, verified_by_id__isnull=False)
        .exclude(status=MonitoringReportStatus.REJECTED)
        .order_by("id")
    )
    projects = dict(
        await Activity.filter(id__in={r.activity_id for r in reports}).values_list(
            "id", "project_id"
        )
    )
    bodies = await _names(r.verified_by_id for r in reports if r.verified_by_id)
    return [
        {
            "projectId": external[projects[r.activity_id]],
            "verificationBody": bodies[r.verified_by_id],
            "verificationDate": r.verified_at.date().isoformat(),
            "verificationPeriodStartDate": r.period_start.isoformat(),
            "verificationPeriodEndDate": r.period_end.isoformat(),
            "verifiedUnitCount": int(r.verified_quantity or 0),
        }
        for r in reports
        if r.verified_at is not None and r.verified_by_id is not None
    ]


async def _issuances(external: dict[int, str], regions: dict[int, str]) -> list[Row]:
    issuances = await Issuance.all().order_by("id")
    reports = {
        r.id: r
        for r in await MonitoringReport.filter(id__in=[i.monitoring_report_id for i in issuances])
    }
    methodologies = dict(
        await Activity.filter(id__in={r.activity_id for r in reports.values()}).values_list(
            "id", "methodology"
        )
    )
    bodies = await _names(r.verified_by_id for r in reports.values() if r.verified_by_id)
    rows = []
    for i in issuances:
        report = reports[i.monitoring_report_id]
        rows.append(
            {
                "issuanceId": str(i.id),
                "projectId": external[i.project_id],
                "issuanceDate": i.issued_at.date().isoformat(),
                "issuanceStartDate": report.period_start.isoformat(),
                "issuanceEndDate": report.period_end.isoformat(),
                "verificationBody": bodies.get(report.verified_by_id or 0),
                "verificationDate": report.verified_at.date().isoformat()
                if report.verified_at
                else None,
                "methodology": methodologies.get(report.activity_id),
                "location": regions[i.project_id],
                "unitCount": int(i.quantity),
            }
        )
    return rows


async def _owners() -> tuple[dict[int, str], set[int]]:
    """Account ID → its owner's name (the organisation's, or the registry account's); and the
    OMGE accounts."""
    organisations = dict(await Organisation.all().values_list("id", "name"))
    owners, omge = {}, set()
    for account in await Account.all():
        owners[account.id] = organisations.get(account.organisation_id or 0, account.name)
        if account.kind is AccountKind.OMGE:
            omge.add(account.id)
    return owners, omge


def _status_reason(block: CreditBlock, retirement: Retirement | None, omge: set[int]) -> str | None:
    if block.status is BlockStatus.RESERVED:
        return "reserved for retirement"
    if block.status is BlockStatus.RETIRED and retirement is not None:
        return RETIREMENT_REASONS[retirement.kind]
    if block.status is BlockStatus.CANCELLED and block.holder_id in omge:
        return "cancelled for overall mitigation in global emissions (OMGE)"
    return block.status_reason


async def _units(external: dict[int, str]) -> list[Row]:
    owners, omge = await _owners()
    blocks = await CreditBlock.all().order_by("serial_start")
    codes = await article6.approach_codes(b.authorization_id for b in blocks if b.authorization_id)
    retirements = {
        r.block_id: r
        for r in await Retirement.filter(
            status__in=[RetirementStatus.REQUESTED, RetirementStatus.RECOGNISED]
        )
    }
    country = runtime.current().country
    rows = []
    for b in blocks:
        retirement = retirements.get(b.id)
        itmos = (
            article6.block_itmo_range(b, codes[b.authorization_id]) if b.authorization_id else None
        )
        rows.append(
            {
                "unitSerialId": b.serial,
                "issuanceId": str(b.issuance_id),
                "projectId": external[b.project_id],
                "unitStartBlock": int(b.serial_start),
                "unitEndBlock": int(b.serial_end),
                "unitCount": int(b.serial_end) - int(b.serial_start) + 1,
                # Only units carrying an Article 6.2 authorization are ITMOs.
                "unitType": country.authorized_unit_type
                if b.authorization_id
                else country.unit_type,
                "unitVintageYear": b.vintage,
                "unitStatus": UNIT_STATUS[b.status],
                "unitStatusReason": _status_reason(b, retirement, omge),
                "unitStatusDate": b.updated_at.date().isoformat(),
                "unitCurrentOwner": owners[b.holder_id],
                "unitRetirementBeneficiary": retirement.beneficiary if retirement else None,
                "unitItmosReferenceId": itmos[0] if itmos else None,
            }
        )
    return rows


async def _labels(external: dict[int, str]) -> list[Row]:
    authorizations = (
        await Authorization.all().prefetch_related("cooperative_approach").order_by("id")
    )
    return [
        {
            "projectId": external[a.project_id],
            "labelType": LABEL_TYPE,
            "labelName": a.authorization_id,
            "labelDate": a.authorized_on.isoformat(),
            "cooperativeApproach": a.cooperative_approach.code,
            "unitQuantity": int(a.quantity),
        }
        for a in authorizations
    ]


async def cadt_export() -> dict[str, list[Row]]:
    """Every project, location, estimation, validation (one per certification), verification
    (one per verified monitoring period), issuance, unit (one per serial block), label (one per
    Article 6 authorization) and co-benefit (one per activity SDG) in CAD Trust v2 terms."""
    projects = await Project.all().order_by("id")
    certified = {
        int(row[0])
        for row in await ProjectCertifier.filter(status=CertificationStatus.CERTIFIED).values_list(
            "project_id"
        )
    }
    project_rows, locations, estimations = _projects(projects, certified)
    external = {p.id: p.external_id for p in projects}
    country_name = countries.name(runtime.current().country.iso2)
    regions = {
        p.id: "; ".join((p.location or {}).get("regions") or []) or country_name for p in projects
    }
    goals = {
        (project_id, int(goal))
        for project_id, found in await Activity.all().values_list("project_id", "co_benefits")
        for goal in found or []
    }
    co_benefits = [
        {"projectId": external[project_id], "cobenefit": f"SDG {goal}"}
        for project_id, goal in sorted(goals)
    ]
    return {
        "project": project_rows,
        "location": locations,
        "estimation": estimations,
        "validation": await _validations(external),
        "verification": await _verifications(external),
        "issuance": await _issuances(external, regions),
        "unit": await _units(external),
        "label": await _labels(external),
        "co_benefit": co_benefits,
    }
