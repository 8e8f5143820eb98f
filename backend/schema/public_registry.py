"""The public transparency queries (no sign-in): authorised projects and the totals."""

from __future__ import annotations

from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from backend.context import Context
from backend.schema.dashboard import Dashboard, DashboardCount, DashboardFilter
from backend.schema.fields import field
from backend.schema.ids import parse_id
from backend.schema.list_arguments import checked
from backend.schema.pagination import After, Connection, First, make_connection, page_bounds
from backend.schema.permissions import SignedIn, signed_in
from backend.schema.scalars import SafeInt
from backend.services import dashboard_queries, public_registry


@strawberry.type(description="An authorised project's public fields.")
class PublicProject:
    id: strawberry.ID = strawberry.field(description="The project's ID.")
    serial_number: str = strawberry.field(description="Its serial number prefix.")
    title: str = strawberry.field(description="Its title.")
    sector: str = strawberry.field(description="Its sector code.")
    sectoral_scope: str = strawberry.field(description="Its CDM sectoral scope number.")
    developer_name: str = strawberry.field(description="The organisation that registered it.")
    regions: list[str] = strawberry.field(description="The regions where it is.")
    geometry: JSON | None = strawberry.field(description="Its GeoJSON geometry, if any.")
    credits_issued: SafeInt = strawberry.field(description="Units issued for it.")
    credits_retired: SafeInt = strawberry.field(
        description="Its units whose retirement is recognised."
    )


@strawberry.type(description="The registry's public totals.")
class PublicTotals:
    issued: SafeInt = strawberry.field(description="Units issued.")
    retired: SafeInt = strawberry.field(description="Units whose retirement is recognised.")
    retired_by_kind: list[DashboardCount] = strawberry.field(
        description="Retired units by retirement kind."
    )
    authorised_projects: SafeInt = strawberry.field(description="Projects authorised.")
    projects_by_region: list[DashboardCount] = strawberry.field(
        description="Authorised projects by region."
    )
    projects_by_first_level_region: list[DashboardCount] = strawberry.field(
        description="Authorised projects by first-level region (key: its name, e.g. a province; "
        "every one, 0 where none), counted by the server over every authorised project."
    )


def _counts(pairs: list[tuple[str, int]]) -> list[DashboardCount]:
    return [DashboardCount(key=k, count=SafeInt(v)) for k, v in pairs]


@strawberry.type
class DashboardQuery:
    @field(
        description="The registry's figures (a developer or certifier: its own "
        "organisation's; government: all). Signed in.",
        permission_classes=[SignedIn],
    )
    async def dashboard(
        self,
        info: Info[Context, Any],
        filter: Annotated[  # noqa: A002 (the contract's argument name)
            DashboardFilter | None,
            strawberry.argument(description="A period, a sector, an organisation (all: none)."),
        ] = None,
    ) -> Dashboard:
        given = filter or DashboardFilter()
        figures = await dashboard_queries.dashboard(
            principal=signed_in(info),
            from_date=given.from_,
            to_date=given.to,
            sector=given.sector,
            organisation_id=(
                parse_id(given.organisation_id, "organisation") if given.organisation_id else None
            ),
        )
        return Dashboard(figures=figures)

    @field(
        description="Public transparency: AUTHORISED projects with their public fields only. "
        "No sign-in.",
        extensions=checked("publicProjects"),
    )
    async def public_projects(
        self,
        search: Annotated[
            str | None, strawberry.argument(description="Only titles containing this text.")
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> Connection[PublicProject]:
        offset, limit = page_bounds(first, after)
        rows, total = await public_registry.public_projects(
            search=search, offset=offset, limit=limit
        )
        nodes = [
            PublicProject(
                id=strawberry.ID(str(p.id)),
                serial_number=p.serial_number,
                title=p.title,
                sector=p.sector,
                sectoral_scope=str(p.sectoral_scope),
                developer_name=p.developer_name,
                regions=p.regions,
                geometry=cast(JSON, p.geometry),
                credits_issued=SafeInt(p.credits_issued),
                credits_retired=SafeInt(p.credits_retired),
            )
            for p in rows
        ]
        return make_connection(nodes, offset=offset, total=total)

    @field(
        description="Public totals: credits issued and retired (by kind), projects authorised. "
        "No sign-in."
    )
    async def public_totals(self) -> PublicTotals:
        t = await public_registry.public_totals()
        return PublicTotals(
            issued=SafeInt(t.issued),
            retired=SafeInt(t.retired),
            retired_by_kind=_counts(t.retired_by_kind),
            authorised_projects=SafeInt(t.authorised_projects),
            projects_by_region=_counts(t.projects_by_region),
            projects_by_first_level_region=_counts(t.projects_by_first_level_region),
        )
