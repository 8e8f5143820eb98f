"""Projects: types and queries (mutations are in project_mutations). Any signed-in user reads a
project's public fields; documents and history are for those the policy lets read them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from backend import policy
from backend.context import Context
from backend.models import project as models
from backend.models.enums import ActivityScope, CertificationStatus, ProjectStatus
from backend.policy import Action
from backend.schema import project_loaders as loaders
from backend.schema.documents import Document, load_documents_by_project
from backend.schema.financing import Financing, load_financings_by_project
from backend.schema.ids import parse_id
from backend.schema.organisations import Organisation
from backend.schema.pagination import Connection, make_connection, page_bounds
from backend.schema.permissions import SignedIn
from backend.schema.scalars import SafeInt
from backend.services import project_queries

if TYPE_CHECKING:
    from backend.schema.activities import Activity

ProjectStatusEnum = strawberry.enum(
    ProjectStatus, name="ProjectStatus", description="Where a project is in its lifecycle."
)
ActivityScopeEnum = strawberry.enum(
    ActivityScope, name="ActivityScope", description="Whether the mitigation is conditional."
)
CertificationStatusEnum = strawberry.enum(
    CertificationStatus, name="CertificationStatus", description="A certifier's standing."
)


async def organisation(info: Info[Context, Any], organisation_id: int) -> Organisation:
    row = await info.context.loaders.organisation.load(organisation_id)
    assert row is not None
    return Organisation(row=row)


@strawberry.type(description="An owner of a project and its share.")
class ProjectOwner:
    row: strawberry.Private[models.ProjectOwner]

    @strawberry.field(description="The owning organisation.")
    async def organisation(self, info: Info[Context, Any]) -> Organisation:
        return await organisation(info, self.row.organisation_id)

    @strawberry.field(description="Its ownership percentage (two decimals; owners sum to 100).")
    def percentage(self) -> Decimal:
        return self.row.percentage


@strawberry.type(description="A certifier (validation/verification body) assigned to a project.")
class ProjectCertifier:
    row: strawberry.Private[models.ProjectCertifier]

    @strawberry.field(description="The certifier organisation.")
    async def organisation(self, info: Info[Context, Any]) -> Organisation:
        return await organisation(info, self.row.organisation_id)

    @strawberry.field(description="ASSIGNED, CERTIFIED or REVOKED.")
    def status(self) -> CertificationStatusEnum:  # type: ignore[valid-type]
        return self.row.status

    @strawberry.field(description="When it was assigned (UTC).")
    def assigned_at(self) -> datetime:
        return self.row.assigned_at

    @strawberry.field(description="When it certified the project (UTC), if it did.")
    def certified_at(self) -> datetime | None:
        return self.row.certified_at

    @strawberry.field(description="When its certification was revoked (UTC), if it was.")
    def revoked_at(self) -> datetime | None:
        return self.row.revoked_at

    @strawberry.field(description="Why its certification was revoked.")
    def revocation_reason(self) -> str | None:
        return self.row.revocation_reason


@strawberry.type(description="Where a project is: named regions and/or a GeoJSON geometry.")
class ProjectLocation:
    regions: list[str] = strawberry.field(description="Regions, islands or provinces.")
    geometry: JSON | None = strawberry.field(
        description="A GeoJSON Point, Polygon or MultiPolygon (RFC 7946, WGS 84 lon/lat)."
    )


@strawberry.type(description="A ledger entry about a project (verify it through ledgerEntry).")
class ProjectHistoryEntry:
    seq: int = strawberry.field(description="The entry's position in the ledger.")
    type: str = strawberry.field(description="The fact recorded, e.g. project.approved.")
    at: datetime = strawberry.field(description="When it was recorded (UTC).")


@strawberry.type(description="A mitigation project registered by its owners.")
class Project:
    row: strawberry.Private[models.Project]

    async def _may(self, info: Info[Context, Any], action: Action) -> bool:
        target = await loaders.target(info.context.loaders, self.row)
        return policy.can(info.context.principal, action, target=target)

    @strawberry.field(description="The project's ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @strawberry.field(description="The registry-wide project number (in serials and activity IDs).")
    def number(self) -> int:
        return self.row.number

    @strawberry.field(description="Title.")
    def title(self) -> str:
        return self.row.title

    @strawberry.field(description="The owners' own identifier; unique in the registry.")
    def external_id(self) -> str:
        return self.row.external_id

    @strawberry.field(description="Sector, from the country's list.")
    def sector(self) -> str:
        return self.row.sector

    @strawberry.field(description="CDM sectoral scope, 1-15.")
    def sectoral_scope(self) -> int:
        return self.row.sectoral_scope

    @strawberry.field(description="Start date.")
    def start_date(self) -> date:
        return self.row.start_date

    @strawberry.field(description="End date.")
    def end_date(self) -> date:
        return self.row.end_date

    @strawberry.field(description="Greenhouse gases covered.")
    def ghgs(self) -> list[str]:
        return list(self.row.ghgs)

    @strawberry.field(description="CONDITIONAL or UNCONDITIONAL.")
    def activity_scope(self) -> ActivityScopeEnum:  # type: ignore[valid-type]
        return self.row.activity_scope

    @strawberry.field(description="Geographical location.")
    def location(self) -> ProjectLocation:
        stored = self.row.location
        return ProjectLocation(
            regions=list(stored.get("regions") or []), geometry=stored.get("geometry")
        )

    @strawberry.field(description="Whether its units may be traded under Article 6.")
    def article6_trading(self) -> bool:
        return self.row.article6_trading

    @strawberry.field(description="Eligible buyer countries (ISO 3166-1 alpha-2).")
    def buyer_countries(self) -> list[str]:
        return list(self.row.buyer_countries)

    @strawberry.field(description="Estimated credits over the project's life (tCO2e).")
    def estimated_credits(self) -> SafeInt:
        return SafeInt(self.row.estimated_credits)

    @strawberry.field(description="Estimated cost (USD).")
    def estimated_cost(self) -> Decimal:
        return self.row.estimated_cost

    @strawberry.field(description="Minimum carbon price (USD per tCO2e).")
    def minimum_carbon_price(self) -> Decimal | None:
        return self.row.minimum_carbon_price

    @strawberry.field(description="Environmental assessment (permit) number.")
    def environmental_assessment_number(self) -> str | None:
        return self.row.environmental_assessment_number

    @strawberry.field(description="Lifecycle status.")
    def status(self) -> ProjectStatusEnum:  # type: ignore[valid-type]
        return self.row.status

    @strawberry.field(description="Why it was rejected, if it was.")
    def status_reason(self) -> str | None:
        return self.row.status_reason

    @strawberry.field(
        description="Serial number prefix (country-unit-scope-number) once authorised."
    )
    def serial_prefix(self) -> str | None:
        return self.row.serial_prefix

    @strawberry.field(description="When it was submitted (UTC).")
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field(description="When it last changed (UTC).")
    def updated_at(self) -> datetime:
        return self.row.updated_at

    @strawberry.field(description="The organisation that submitted it.")
    async def created_by(self, info: Info[Context, Any]) -> Organisation:
        return await organisation(info, self.row.created_by_id)

    @strawberry.field(description="Owners and their percentages, largest first.")
    async def owners(self, info: Info[Context, Any]) -> list[ProjectOwner]:
        rows = await info.context.loaders.get(loaders.load_owners_by_project).load(self.row.id)
        return [ProjectOwner(row=r) for r in rows]

    @strawberry.field(description="Certifiers assigned to it, and their standing.")
    async def certifiers(self, info: Info[Context, Any]) -> list[ProjectCertifier]:
        rows = await info.context.loaders.get(loaders.load_certifiers_by_project).load(self.row.id)
        return [ProjectCertifier(row=r) for r in rows]

    @strawberry.field(description="Its activities (PPP-T-NNN), in order.")
    async def activities(
        self, info: Info[Context, Any]
    ) -> list[Annotated[Activity, strawberry.lazy("backend.schema.activities")]]:
        from backend.schema.activities import Activity

        rows = await info.context.loaders.get(loaders.load_activities_by_project).load(self.row.id)
        return [Activity(row=r) for r in rows]

    @strawberry.field(
        description="Its documents (design, assessment, monitoring reports...): null unless "
        "you are government, an owner, an assigned certifier or a ministry of its scope."
    )
    async def documents(self, info: Info[Context, Any]) -> list[Document] | None:
        if not await self._may(info, Action.READ_PROJECT_DOCUMENTS):
            return None
        rows = await info.context.loaders.get(load_documents_by_project).load(self.row.id)
        return [Document(row=r) for r in rows]

    @strawberry.field(
        description="Financing sought for it (amounts and terms follow the financing policy)."
    )
    async def financings(self, info: Info[Context, Any]) -> list[Financing]:
        rows = await info.context.loaders.get(load_financings_by_project).load(self.row.id)
        return [Financing(row=r) for r in rows]

    @strawberry.field(
        description="The ledger entries about it, oldest first: null for those who may not "
        "read its documents."
    )
    async def history(self, info: Info[Context, Any]) -> list[ProjectHistoryEntry] | None:
        if not await self._may(info, Action.READ_PROJECT_HISTORY):
            return None
        rows = await info.context.loaders.get(loaders.load_histories).load(self.row.id)
        return [ProjectHistoryEntry(seq=e.seq, type=e.type, at=e.at) for e in rows]


@strawberry.type
class ProjectQuery:
    @strawberry.field(
        description="Projects, newest first, filtered and paged.", permission_classes=[SignedIn]
    )
    async def projects(
        self,
        info: Info[Context, Any],
        status: ProjectStatusEnum | None = None,  # type: ignore[valid-type]
        sector: str | None = None,
        sectoral_scope: int | None = None,
        owner_id: strawberry.ID | None = None,
        search: str | None = None,
        first: int | None = 20,
        after: str | None = None,
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

    @strawberry.field(description="One project by ID.", permission_classes=[SignedIn])
    async def project(self, id: strawberry.ID) -> Project:
        return Project(row=await project_queries.get_project(parse_id(id, "project")))
