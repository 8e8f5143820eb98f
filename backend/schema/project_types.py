"""The project types that reference each other: Project -> its activities -> their monitoring
reports -> back to the project. They live in one module so that each constructs the others
without lazy imports."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info

from backend import policy
from backend.context import Context
from backend.models import activity as activity_models
from backend.models import project as models
from backend.policy import Action
from backend.schema import project_loaders as loaders
from backend.schema.documents import Document, load_documents_by_project
from backend.schema.enums import (
    ActivityScope,
    ActivityStatus,
    ActivityType,
    MonitoringReportStatus,
    ProjectStatus,
)
from backend.schema.fields import field
from backend.schema.financing import Financing, load_financings_by_project
from backend.schema.organisations import Organisation
from backend.schema.project_parts import (
    ProjectCertifier,
    ProjectHistoryEntry,
    ProjectLocation,
    ProjectOwner,
    organisation,
)
from backend.schema.scalars import SafeInt
from backend.services.letters import paths


@strawberry.type(description="A mitigation project registered by its owners.")
class Project:
    row: strawberry.Private[models.Project]

    async def _may(self, info: Info[Context, Any], action: Action) -> bool:
        target = await loaders.target(info.context.loaders, self.row)
        return policy.can(info.context.principal, action, target=target)

    @field(description="The project's ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="The registry-wide project number (in serials and activity IDs).")
    def number(self) -> int:
        return self.row.number

    @field(description="Title.")
    def title(self) -> str:
        return self.row.title

    @field(description="The owners' own identifier; unique in the registry.")
    def external_id(self) -> str:
        return self.row.external_id

    @field(description="Sector, from the country's list.")
    def sector(self) -> str:
        return self.row.sector

    @field(description="CDM sectoral scope, 1-15.")
    def sectoral_scope(self) -> int:
        return self.row.sectoral_scope

    @field(description="Start date.")
    def start_date(self) -> date:
        return self.row.start_date

    @field(description="End date.")
    def end_date(self) -> date:
        return self.row.end_date

    @field(description="Greenhouse gases covered.")
    def ghgs(self) -> list[str]:
        return list(self.row.ghgs)

    @field(description="CONDITIONAL or UNCONDITIONAL.")
    def activity_scope(self) -> ActivityScope:
        return self.row.activity_scope

    @field(description="Geographical location.")
    def location(self) -> ProjectLocation:
        stored = self.row.location
        return ProjectLocation(
            regions=list(stored.get("regions") or []), geometry=stored.get("geometry")
        )

    @field(description="Whether its units may be traded under Article 6.")
    def article6_trading(self) -> bool:
        return self.row.article6_trading

    @field(description="Eligible buyer countries (ISO 3166-1 alpha-2).")
    def buyer_countries(self) -> list[str]:
        return list(self.row.buyer_countries)

    @field(description="Estimated credits over the project's life (tCO2e).")
    def estimated_credits(self) -> SafeInt:
        return SafeInt(self.row.estimated_credits)

    @field(description="Estimated cost (USD).")
    def estimated_cost(self) -> Decimal:
        return self.row.estimated_cost

    @field(description="Minimum carbon price (USD per tCO2e).")
    def minimum_carbon_price(self) -> Decimal | None:
        return self.row.minimum_carbon_price

    @field(description="Environmental assessment (permit) number.")
    def environmental_assessment_number(self) -> str | None:
        return self.row.environmental_assessment_number

    @field(description="Lifecycle status.")
    def status(self) -> ProjectStatus:
        return self.row.status

    @field(description="Why it was rejected, if it was.")
    def status_reason(self) -> str | None:
        return self.row.status_reason

    @field(description="Serial number prefix (country-unit-scope-number) once authorised.")
    def serial_prefix(self) -> str | None:
        return self.row.serial_prefix

    @field(
        description="Where to download its letter of no objection (PDF) once approved; null before."
    )
    def approval_letter_path(self) -> str | None:
        approved = self.row.status in (ProjectStatus.APPROVED, ProjectStatus.AUTHORISED)
        return paths.path(paths.PROJECT_APPROVAL, self.row.id) if approved else None

    @field(description="When it was submitted (UTC).")
    def created_at(self) -> datetime:
        return self.row.created_at

    @field(description="When it last changed (UTC).")
    def updated_at(self) -> datetime:
        return self.row.updated_at

    @field(description="The organisation that submitted it.")
    async def created_by(self, info: Info[Context, Any]) -> Organisation:
        return await organisation(info, self.row.created_by_id)

    @field(description="Owners and their percentages, largest first.")
    async def owners(self, info: Info[Context, Any]) -> list[ProjectOwner]:
        rows = await info.context.loaders.get(loaders.load_owners_by_project).load(self.row.id)
        return [ProjectOwner(row=r) for r in rows]

    @field(description="Certifiers assigned to it, and their standing.")
    async def certifiers(self, info: Info[Context, Any]) -> list[ProjectCertifier]:
        rows = await info.context.loaders.get(loaders.load_certifiers_by_project).load(self.row.id)
        return [ProjectCertifier(row=r) for r in rows]

    @field(description="Its activities (PPP-T-NNN), in the order they were added.")
    async def activities(self, info: Info[Context, Any]) -> list[Activity]:
        rows = await info.context.loaders.get(loaders.load_activities_by_project).load(self.row.id)
        return [Activity(row=r) for r in rows]

    @field(
        description="Its documents (design, assessment, monitoring reports...): null unless "
        "you are government, an owner, an assigned certifier or a ministry of its scope."
    )
    async def documents(self, info: Info[Context, Any]) -> list[Document] | None:
        if not await self._may(info, Action.READ_PROJECT_DOCUMENTS):
            return None
        rows = await info.context.loaders.get(load_documents_by_project).load(self.row.id)
        return [Document(row=r) for r in rows]

    @field(description="Financing sought for it (amounts and terms follow the financing policy).")
    async def financings(self, info: Info[Context, Any]) -> list[Financing]:
        rows = await info.context.loaders.get(load_financings_by_project).load(self.row.id)
        return [Financing(row=r) for r in rows]

    @field(
        description="The ledger entries about it, oldest first: null for those who may not "
        "read its documents."
    )
    async def history(self, info: Info[Context, Any]) -> list[ProjectHistoryEntry] | None:
        if not await self._may(info, Action.READ_PROJECT_HISTORY):
            return None
        rows = await info.context.loaders.get(loaders.load_histories).load(self.row.id)
        return [ProjectHistoryEntry(seq=e.seq, type=e.type, at=e.at) for e in rows]


@strawberry.type(
    description="A project activity, e.g. 015-M-010: a mitigation activity of project 15, "
    "the 10th activity added in the whole registry (the counter is registry-wide)."
)
class Activity:
    row: strawberry.Private[activity_models.Activity]

    @field(description="The activity's ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(
        description="Activity ID PPP-T-NNN: the project's number, the type letter and the "
        "registry-wide activity number (the list's first column)."
    )
    def code(self) -> str:
        return self.row.code

    @field(description="Mitigation, adaptation, enablement or cross-cutting.")
    def type(self) -> ActivityType:
        return self.row.type

    @field(description="Title.")
    def title(self) -> str:
        return self.row.title

    @field(description="Methodology (e.g. a CDM methodology reference).")
    def methodology(self) -> str:
        return self.row.methodology

    @field(description="Mitigation type (e.g. emission reductions, removals).")
    def mitigation_type(self) -> str | None:
        return self.row.mitigation_type

    @field(description="Estimated credits (tCO2e).")
    def estimated_credits(self) -> SafeInt:
        return SafeInt(self.row.estimated_credits)

    @field(description="Credits verified and approved so far (tCO2e).")
    def verified_credits(self) -> SafeInt:
        return SafeInt(self.row.verified_credits)

    @field(description="Sustainable Development Goals it contributes to (1-17).")
    def co_benefits(self) -> list[int]:
        return list(self.row.co_benefits)

    @field(description="PENDING, APPROVED or REJECTED.")
    def status(self) -> ActivityStatus:
        return self.row.status

    @field(description="Why it was rejected, if it was.")
    def status_reason(self) -> str | None:
        return self.row.status_reason

    @field(description="When it was added (UTC): the list's date.")
    def created_at(self) -> datetime:
        return self.row.created_at

    @field(description="Its project (name, sector and owners in the list).")
    async def project(self, info: Info[Context, Any]) -> Project:
        row = await info.context.loaders.get(loaders.load_projects).load(self.row.project_id)
        assert row is not None
        return Project(row=row)

    @field(description="Its monitoring reports, by period.")
    async def monitoring_reports(self, info: Info[Context, Any]) -> list[MonitoringReport]:
        rows = await info.context.loaders.get(loaders.load_reports_by_activity).load(self.row.id)
        return [MonitoringReport(row=r, project_id=self.row.project_id) for r in rows]


@strawberry.type(description="A monitoring report: the reductions claimed for one period.")
class MonitoringReport:
    row: strawberry.Private[activity_models.MonitoringReport]
    project_id: strawberry.Private[int]

    @field(description="The report's ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="First day of the monitoring period.")
    def period_start(self) -> date:
        return self.row.period_start

    @field(description="Last day of the monitoring period.")
    def period_end(self) -> date:
        return self.row.period_end

    @field(description="Reductions claimed by the owners (tCO2e).")
    def claimed_reductions(self) -> SafeInt:
        return SafeInt(self.row.claimed_reductions)

    @field(description="Quantity the certifier verified (tCO2e), once verified.")
    def verified_quantity(self) -> SafeInt | None:
        quantity = self.row.verified_quantity
        return None if quantity is None else SafeInt(quantity)

    @field(description="Status.")
    def status(self) -> MonitoringReportStatus:
        return self.row.status

    @field(description="Why it was rejected, if it was.")
    def status_reason(self) -> str | None:
        return self.row.status_reason

    @field(description="When it was submitted (UTC).")
    def submitted_at(self) -> datetime:
        return self.row.submitted_at

    @field(description="When it was verified (UTC).")
    def verified_at(self) -> datetime | None:
        return self.row.verified_at

    @field(description="When the government approved it (UTC).")
    def approved_at(self) -> datetime | None:
        return self.row.approved_at

    @field(description="The certifier that verified it.")
    async def verified_by(self, info: Info[Context, Any]) -> Organisation | None:
        if self.row.verified_by_id is None:
            return None
        row = await info.context.loaders.organisation.load(self.row.verified_by_id)
        return None if row is None else Organisation(row=row)

    @field(description="The report document: null unless you may read the project's documents.")
    async def document(self, info: Info[Context, Any]) -> Document | None:
        project = await info.context.loaders.get(loaders.load_projects).load(self.project_id)
        assert project is not None
        target = await loaders.target(info.context.loaders, project)
        if not policy.can(info.context.principal, Action.READ_PROJECT_DOCUMENTS, target=target):
            return None
        rows = await info.context.loaders.get(load_documents_by_project).load(self.project_id)
        found = [r for r in rows if r.id == self.row.document_id]
        return Document(row=found[0]) if found else None
