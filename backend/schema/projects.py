"""Projects: the queries (types in project_types, mutations in project_mutations). Any
signed-in user reads a project's public fields; documents and history follow the policy."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.schema.enums import ProjectStatus
from backend.schema.fields import field
from backend.schema.ids import parse_id
from backend.schema.pagination import After, Connection, First, make_connection, page_bounds
from backend.schema.permissions import SignedIn
from backend.schema.project_types import Project
from backend.services import project_queries


@strawberry.type
class ProjectQuery:
    @field(description="Projects, newest first, filtered and paged.", permission_classes=[SignedIn])
    async def projects(
        self,
        info: Info[Context, Any],
        status: Annotated[
            ProjectStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
        sector: Annotated[
            str | None, strawberry.argument(description="Only this sector (the country's list).")
        ] = None,
        sectoral_scope: Annotated[
            int | None, strawberry.argument(description="Only this CDM sectoral scope (1-15).")
        ] = None,
        owner_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only projects this organisation (co-)owns."),
        ] = None,
        search: Annotated[
            str | None, strawberry.argument(description="Only titles containing this text.")
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> Connection[Project]:
        assert info.context.principal is not None
        offset, limit = page_bounds(first, after)
        rows, total = await project_queries.list_projects(
            principal=info.context.principal,
            status=status,
            sector=sector,
            sectoral_scope=sectoral_scope,
            owner_id=parse_id(owner_id, "organisation") if owner_id else None,
            search=search,
            offset=offset,
            limit=limit,
        )
        return make_connection([Project(row=r) for r in rows], offset=offset, total=total)

    @field(description="One project by ID.", permission_classes=[SignedIn])
    async def project(
        self, id: Annotated[strawberry.ID, strawberry.argument(description="The project's ID.")]
    ) -> Project:
        return Project(row=await project_queries.get_project(parse_id(id, "project")))
