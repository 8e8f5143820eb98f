"""The parts of a project that reference no other project type: owners, certifiers,
location, history entries."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from backend.context import Context
from backend.models import project as models
from backend.schema import project_loaders as loaders
from backend.schema.enums import CertificationStatus
from backend.schema.fields import field
from backend.schema.organisations import Organisation
from backend.schema.viewer_actions import CertificationAction
from backend.services import viewer_actions


async def organisation(info: Info[Context, Any], organisation_id: int) -> Organisation:
    row = await info.context.loaders.organisation.load(organisation_id)
    assert row is not None
    return Organisation(row=row)


@strawberry.type(description="An owner of a project and its share.")
class ProjectOwner:
    row: strawberry.Private[models.ProjectOwner]

    @field(description="The owning organisation.")
    async def organisation(self, info: Info[Context, Any]) -> Organisation:
        return await organisation(info, self.row.organisation_id)

    @field(description="Its ownership percentage (two decimals; owners sum to 100).")
    def percentage(self) -> Decimal:
        return self.row.percentage


@strawberry.type(description="A certifier (validation/verification body) assigned to a project.")
class ProjectCertifier:
    row: strawberry.Private[models.ProjectCertifier]

    @field(description="What you may do with this certification now (revoke it).")
    async def viewer_may(self, info: Info[Context, Any]) -> list[CertificationAction]:
        project = await info.context.loaders.get(loaders.load_projects).load(self.row.project_id)
        assert project is not None
        target = await loaders.target(info.context.loaders, project)
        principal = info.context.principal
        return viewer_actions.certification_actions(principal, self.row, target)

    @field(description="The certifier organisation.")
    async def organisation(self, info: Info[Context, Any]) -> Organisation:
        return await organisation(info, self.row.organisation_id)

    @field(description="ASSIGNED, CERTIFIED or REVOKED.")
    def status(self) -> CertificationStatus:
        return self.row.status

    @field(description="When it was assigned (UTC).")
    def assigned_at(self) -> datetime:
        return self.row.assigned_at

    @field(description="When it certified the project (UTC), if it did.")
    def certified_at(self) -> datetime | None:
        return self.row.certified_at

    @field(description="When its certification was revoked (UTC), if it was.")
    def revoked_at(self) -> datetime | None:
        return self.row.revoked_at

    @field(description="Why its certification was revoked.")
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
