"""The projects, activities and financings lists as exports: the services' list functions and
the columns of the GraphQL types (a financing's amount and terms only where the policy lets the
caller read them, as the schema decides; otherwise an empty cell). The screens' columns are all
there: a project's owners and certifiers (each with its standing, in the GraphQL list's order),
an activity's project sector and owners, a financing's source (isPublic, isInternational)."""

from __future__ import annotations

from typing import Any

from backend import policy
from backend.models.enums import ActivityStatus, FinancingStatus, ProjectStatus
from backend.models.organisation import Organisation
from backend.models.project import Project, ProjectCertifier, ProjectOwner
from backend.policy import Action, Principal
from backend.services import activities, financing, project_queries
from backend.services.exports import arguments as a
from backend.services.exports.model import ExportList, Getter, Page, attribute, labelled


async def _names(ids: set[int]) -> dict[int, str]:
    return {row.id: row.name for row in await Organisation.filter(id__in=ids).only("id", "name")}


async def _projects(
    principal: Principal, given: dict[str, Any], offset: int, limit: int
) -> tuple[list[Any], int]:
    rows, total = await project_queries.list_projects(
        principal=principal,
        status=given.get("status"),
        sector=given.get("sector"),
        sectoral_scope=given.get("sectoralScope"),
        owner_id=given.get("ownerId"),
        search=given.get("search"),
        offset=offset,
        limit=limit,
    )
    return list(rows), total


async def _owner_names(project_ids: set[int]) -> dict[int, list[str]]:
    """Each project's owners' names, largest share first (the GraphQL owners' order)."""
    owners = await ProjectOwner.filter(project_id__in=project_ids).order_by(
        "-percentage", "organisation_id"
    )
    names = await _names({owner.organisation_id for owner in owners})
    grouped: dict[int, list[str]] = {}
    for owner in owners:
        grouped.setdefault(owner.project_id, []).append(names.get(owner.organisation_id, ""))
    return grouped


async def _owners(page: Page) -> None:
    ids = {row.id for row in page.rows}
    page.extras["owners"] = await _owner_names(ids)
    certifiers = await ProjectCertifier.filter(project_id__in=ids).order_by("assigned_at", "id")
    names = await _names({c.organisation_id for c in certifiers})
    grouped: dict[int, list[tuple[str, str]]] = {}
    for c in certifiers:
        standing = (names.get(c.organisation_id, ""), str(c.status))
        grouped.setdefault(c.project_id, []).append(standing)
    page.extras["certifiers"] = grouped


def _certifiers(part: int) -> Getter:
    return lambda row, page: [c[part] for c in page.extras["certifiers"].get(row.id, [])]


PROJECTS = ExportList(
    name="projects",
    arguments={
        "status": a.one_of(ProjectStatus),
        "sector": a.text,
        "sectoralScope": a.whole,
        "ownerId": a.identifier,
        "search": a.text,
    },
    fetch=_projects,
    columns={
        "id": attribute("id"),
        "number": attribute("number"),
        "title": attribute("title"),
        "externalId": attribute("external_id"),
        "sector": labelled("sector", attribute("sector")),
        "sectoralScope": attribute("sectoral_scope"),
        "startDate": attribute("start_date"),
        "endDate": attribute("end_date"),
        "ghgs": attribute("ghgs"),
        "activityScope": labelled("activityScope", attribute("activity_scope")),
        "location.regions": lambda row, page: list((row.location or {}).get("regions") or []),
        "article6Trading": attribute("article6_trading"),
        "buyerCountries": attribute("buyer_countries"),
        "estimatedCredits": attribute("estimated_credits"),
        "estimatedCost": attribute("estimated_cost"),
        "minimumCarbonPrice": attribute("minimum_carbon_price"),
        "environmentalAssessmentNumber": attribute("environmental_assessment_number"),
        "status": labelled("status", attribute("status")),
        "statusReason": attribute("status_reason"),
        "serialPrefix": attribute("serial_prefix"),
        "owners.organisation.name": lambda row, page: page.extras["owners"].get(row.id, []),
        "certifiers.organisation.name": _certifiers(0),
        "certifiers.status": labelled("status", _certifiers(1)),
        "createdAt": attribute("created_at"),
        "updatedAt": attribute("updated_at"),
    },
    prefetch=_owners,
)


async def _activities(
    principal: Principal, given: dict[str, Any], offset: int, limit: int
) -> tuple[list[Any], int]:
    rows, total = await activities.list_activities(
        principal=principal,
        status=given.get("status"),
        search=given.get("search"),
        project_id=given.get("projectId"),
        offset=offset,
        limit=limit,
    )
    return list(rows), total


async def _activity_projects(page: Page) -> None:
    ids = {row.project_id for row in page.rows}
    found = await Project.filter(id__in=ids).only("id", "title", "sector")
    page.extras["titles"] = {row.id: row.title for row in found}
    page.extras["sectors"] = {row.id: row.sector for row in found}
    page.extras["owners"] = await _owner_names(ids)


ACTIVITIES = ExportList(
    name="activities",
    arguments={
        "status": a.one_of(ActivityStatus),
        "search": a.text,
        "projectId": a.identifier,
    },
    fetch=_activities,
    columns={
        "id": attribute("id"),
        "code": attribute("code"),
        "type": labelled("activityType", attribute("type")),
        "title": attribute("title"),
        "project.title": lambda row, page: page.extras["titles"].get(row.project_id),
        "project.sector": labelled(
            "sector", lambda row, page: page.extras["sectors"].get(row.project_id)
        ),
        "project.owners.organisation.name": lambda row, page: page.extras["owners"].get(
            row.project_id, []
        ),
        "methodology": attribute("methodology"),
        "mitigationType": attribute("mitigation_type"),
        "estimatedCredits": attribute("estimated_credits"),
        "verifiedCredits": attribute("verified_credits"),
        "coBenefits": attribute("co_benefits"),
        "status": labelled("status", attribute("status")),
        "statusReason": attribute("status_reason"),
        "createdAt": attribute("created_at"),
    },
    prefetch=_activity_projects,
)


async def _financings(
    principal: Principal, given: dict[str, Any], offset: int, limit: int
) -> tuple[list[Any], int]:
    rows, total = await financing.list_financings(
        principal=principal,
        project_id=given.get("projectId"),
        status=given.get("status"),
        offset=offset,
        limit=limit,
    )
    return list(rows), total


async def _financing_parts(page: Page) -> None:
    page.extras["targets"] = await financing.project_targets(
        sorted({row.project_id for row in page.rows})
    )
    funders = {row.from_organisation_id for row in page.rows if row.from_organisation_id}
    page.extras["funders"] = await _names(funders)


def _financing_sensitive(name: str) -> Getter:
    def value(row: Any, page: Page) -> object:
        target = page.extras["targets"].get(row.project_id)
        allowed = target is not None and policy.can(
            page.principal, Action.READ_FINANCING, target=target
        )
        return getattr(row, name) if allowed else None

    return value


FINANCINGS = ExportList(
    name="financings",
    arguments={"projectId": a.identifier, "status": a.one_of(FinancingStatus)},
    fetch=_financings,
    columns={
        "id": attribute("id"),
        "projectId": attribute("project_id"),
        "fromOrganisation.name": lambda row, page: page.extras["funders"].get(
            row.from_organisation_id
        ),
        "fromName": attribute("from_name"),
        "amount": _financing_sensitive("amount"),
        "currency": lambda row, page: "USD",
        "instrument": labelled("financingInstrument", attribute("instrument")),
        "isPublic": attribute("is_public"),
        "isInternational": attribute("is_international"),
        "terms": _financing_sensitive("terms"),
        "status": labelled("status", attribute("status")),
        "statusReason": attribute("status_reason"),
        "createdAt": attribute("created_at"),
    },
    prefetch=_financing_parts,
)
