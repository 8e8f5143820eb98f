"""The public transparency view (no sign-in): AUTHORISED projects with their public fields
only, and the registry's public totals from the dashboard's kept totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise.functions import Sum

from backend import db
from backend.models.credit import Issuance, Retirement
from backend.models.dashboard import NO_DAY, DashboardTotal
from backend.models.enums import ProjectStatus, RetirementStatus
from backend.models.organisation import Organisation
from backend.models.project import Project
from backend.services import dashboard as kinds
from backend.services.dashboard_queries import every_area

PUBLIC_STATUSES = (ProjectStatus.AUTHORISED,)  # AUTHORISED or later (there is no later one)


@dataclass(frozen=True)
class PublicProject:
    """What anyone may read of an authorised project."""

    id: int
    serial_number: str
    title: str
    sector: str
    sectoral_scope: int
    developer_name: str
    regions: list[str]
    geometry: dict[str, Any] | None
    credits_issued: int
    credits_retired: int


@dataclass
class PublicTotals:
    issued: int = 0
    retired: int = 0
    retired_by_kind: list[tuple[str, int]] = field(default_factory=list)
    authorised_projects: int = 0
    projects_by_region: list[tuple[str, int]] = field(default_factory=list)
    projects_by_first_level_region: list[tuple[str, int]] = field(default_factory=list)


async def public_totals() -> PublicTotals:
    """Units issued and retired (by kind), projects authorised and where (by region and by
    first-level region): the whole registry."""
    rows = await (
        DashboardTotal.filter(
            organisation_id=kinds.ALL,
            day=NO_DAY,  # the all-time figures
            kind__in=[
                kinds.CREDITS,
                kinds.RETIRED_KIND,
                kinds.PROJECT,
                kinds.AUTHORISED_REGION,
                kinds.AUTHORISED_FIRST_LEVEL,
            ],  # fmt: skip
        )
        .annotate(total=Sum("value"))
        .group_by("kind", "key")
        .values("kind", "key", "total")
    )
    sums = {(str(r["kind"]), str(r["key"])): int(str(r["total"] or 0)) for r in rows}

    def of(kind: str) -> list[tuple[str, int]]:
        return sorted((k, v) for (c, k), v in sums.items() if c == kind and v != 0)

    return PublicTotals(
        issued=sums.get((kinds.CREDITS, "issued"), 0),
        retired=sums.get((kinds.CREDITS, "retired"), 0),
        retired_by_kind=of(kinds.RETIRED_KIND),
        authorised_projects=sum(
            sums.get((kinds.PROJECT, status.value), 0) for status in PUBLIC_STATUSES
        ),
        projects_by_region=of(kinds.AUTHORISED_REGION),
        projects_by_first_level_region=every_area(dict(of(kinds.AUTHORISED_FIRST_LEVEL))),
    )


async def _issued_and_retired(ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    issued = await (
        Issuance.filter(project_id__in=ids)
        .annotate(total=Sum("quantity"))
        .group_by("project_id")
        .values("project_id", "total")
    )
    retired = await (
        Retirement.filter(status=RetirementStatus.RECOGNISED, block__project_id__in=ids)
        .annotate(total=Sum("quantity"))
        .group_by("block__project_id")
        .values("block__project_id", "total")
    )
    return (
        {int(r["project_id"]): int(r["total"] or 0) for r in issued},
        {int(r["block__project_id"]): int(r["total"] or 0) for r in retired},
    )


async def public_projects(
    *, search: str | None = None, offset: int = 0, limit: int = 20
) -> tuple[list[PublicProject], int]:
    """A page of AUTHORISED projects, newest first, titles containing `search`; and how many."""
    query = Project.filter(status__in=PUBLIC_STATUSES)
    if search:
        query = query.filter(title__icontains=search)
    total = await query.count()
    rows = await query.order_by("-id").offset(offset).limit(limit)
    ids = [p.id for p in rows]
    names = dict(
        await Organisation.filter(id__in={p.created_by_id for p in rows}).values_list("id", "name")
    )
    issued, retired = await _issued_and_retired(ids)
    return [
        PublicProject(
            id=p.id,
            serial_number=p.serial_prefix or "",
            title=p.title,
            sector=p.sector,
            sectoral_scope=p.sectoral_scope,
            developer_name=str(names.get(p.created_by_id, "")),
            regions=[str(r) for r in (p.location or {}).get("regions") or []],
            geometry=(p.location or {}).get("geometry"),
            credits_issued=issued.get(p.id, 0),
            credits_retired=retired.get(p.id, 0),
        )
        for p in rows
    ], total


_RECORDED_SIZE = "SELECT size FROM ledger_head WHERE id = 1"


async def recorded_size() -> int:
    """How many entries the ledger has: it grows in every transaction that changes what the
    public reads show (one written-out statement: it runs before every kept public answer)."""
    _, rows = await db.connection().execute_query(_RECORDED_SIZE)
    return int(rows[0]["size"])
