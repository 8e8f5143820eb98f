"""Project mutations: submission, changes, the government's decisions, certifiers. Each maps
its input to one service call and returns the changed object with its ledger entry's seq."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from backend.context import Context
from backend.models import project as models
from backend.policy import Action
from backend.schema.enums import ActivityScope
from backend.schema.fields import mutation
from backend.schema.ids import parse_id
from backend.schema.permissions import may, signed_in
from backend.schema.project_parts import ProjectCertifier
from backend.schema.project_types import Project
from backend.schema.scalars import SafeInt
from backend.services import certification, project_decisions, projects
from backend.services.locations import Location
from backend.services.project_validation import (
    OwnerShare,
    ProjectChanges,
    ProjectDetails,
    ProjectInput,
)
from backend.services.recorded import Recorded


@strawberry.input(description="An owner of a new project and its share.")
class OwnerShareInput:
    organisation_id: strawberry.ID = strawberry.field(description="A DEVELOPER organisation.")
    percentage: Decimal = strawberry.field(description="Its share, two decimals; all sum to 100.")


@strawberry.input(description="Named regions and/or a GeoJSON geometry; at least one.")
class LocationInput:
    regions: list[str] = strawberry.field(default_factory=list, description="Region names.")
    geometry: JSON | None = strawberry.field(
        default=None, description="A GeoJSON Point, Polygon or MultiPolygon (lon/lat, WGS 84)."
    )

    def to_service(self) -> Location:
        return Location(regions=tuple(self.regions), geometry=self.geometry)


@strawberry.input(description='The "Add New Project" form.')
class CreateProjectInput:
    title: str = strawberry.field(description="Title.")
    external_id: str = strawberry.field(description="Your identifier; unique in the registry.")
    sector: str = strawberry.field(description="Sector, from the country's list.")
    sectoral_scope: int = strawberry.field(description="CDM sectoral scope, 1-15.")
    start_date: date = strawberry.field(description="Start date.")
    end_date: date = strawberry.field(description="End date (after the start).")
    ghgs: list[str] = strawberry.field(description="GHGs covered: CO2, CH4, N2O, HFCs, PFCs, SF6.")
    activity_scope: ActivityScope = strawberry.field(description="Activity scope.")
    design_document_id: strawberry.ID = strawberry.field(
        description="Your uploaded DESIGN document (POST /documents?kind=DESIGN)."
    )
    location: LocationInput = strawberry.field(description="Geographical location.")
    owners: list[OwnerShareInput] = strawberry.field(description="Owners, yours among them.")
    estimated_credits: SafeInt = strawberry.field(description="Estimated credits (tCO2e).")
    estimated_cost: Decimal = strawberry.field(description="Estimated cost (USD).")
    article6_trading: bool = strawberry.field(default=False, description="Article 6 trading.")
    buyer_countries: list[str] = strawberry.field(
        default_factory=list, description="With Article 6 trading: eligible buyer countries."
    )
    minimum_carbon_price: Decimal | None = strawberry.field(
        default=None, description="Minimum carbon price (USD per tCO2e)."
    )
    environmental_assessment_number: str | None = strawberry.field(
        default=None, description="Environmental assessment (permit) number."
    )
    environmental_assessment_document_id: strawberry.ID | None = strawberry.field(
        default=None, description="Your uploaded ENVIRONMENTAL_IMPACT_ASSESSMENT document."
    )

    def to_service(self) -> ProjectInput:
        eia = self.environmental_assessment_document_id
        return ProjectInput(
            external_id=self.external_id,
            sector=self.sector,
            sectoral_scope=self.sectoral_scope,
            design_document_id=parse_id(self.design_document_id, "document"),
            owners=tuple(
                OwnerShare(parse_id(o.organisation_id, "organisation"), o.percentage)
                for o in self.owners
            ),
            environmental_assessment_document_id=parse_id(eia, "document") if eia else None,
            details=ProjectDetails(
                title=self.title,
                start_date=self.start_date,
                end_date=self.end_date,
                ghgs=tuple(self.ghgs),
                activity_scope=self.activity_scope,
                location=self.location.to_service(),
                estimated_credits=self.estimated_credits,
                estimated_cost=self.estimated_cost,
                article6_trading=self.article6_trading,
                buyer_countries=tuple(self.buyer_countries),
                minimum_carbon_price=self.minimum_carbon_price,
                environmental_assessment_number=self.environmental_assessment_number,
            ),
        )


@strawberry.input(description="Changes to a project's details; omitted fields stay.")
class UpdateProjectInput:
    id: strawberry.ID = strawberry.field(description="The project to change.")
    title: str | None = strawberry.field(default=None, description="Title.")
    start_date: date | None = strawberry.field(default=None, description="Start date.")
    end_date: date | None = strawberry.field(default=None, description="End date.")
    ghgs: list[str] | None = strawberry.field(default=None, description="GHGs covered.")
    activity_scope: ActivityScope | None = strawberry.field(
        default=None, description="Activity scope."
    )
    location: LocationInput | None = strawberry.field(default=None, description="Location.")
    estimated_credits: SafeInt | None = strawberry.field(
        default=None, description="Estimated credits (tCO2e)."
    )
    estimated_cost: Decimal | None = strawberry.field(default=None, description="Cost (USD).")
    article6_trading: bool | None = strawberry.field(default=None, description="Article 6.")
    buyer_countries: list[str] | None = strawberry.field(
        default=None, description="Eligible buyer countries (alpha-2)."
    )
    minimum_carbon_price: Decimal | None = strawberry.field(
        default=None, description="Minimum carbon price (USD per tCO2e)."
    )
    environmental_assessment_number: str | None = strawberry.field(
        default=None, description="Environmental assessment number."
    )
    environmental_assessment_document_id: strawberry.ID | None = strawberry.field(
        default=None, description="Your uploaded ENVIRONMENTAL_IMPACT_ASSESSMENT document."
    )

    def to_service(self) -> ProjectChanges:
        eia = self.environmental_assessment_document_id
        return ProjectChanges(
            title=self.title,
            start_date=self.start_date,
            end_date=self.end_date,
            ghgs=tuple(self.ghgs) if self.ghgs is not None else None,
            activity_scope=self.activity_scope,
            location=self.location.to_service() if self.location else None,
            estimated_credits=self.estimated_credits,
            estimated_cost=self.estimated_cost,
            article6_trading=self.article6_trading,
            buyer_countries=None if self.buyer_countries is None else tuple(self.buyer_countries),
            minimum_carbon_price=self.minimum_carbon_price,
            environmental_assessment_number=self.environmental_assessment_number,
            environmental_assessment_document_id=parse_id(eia, "document") if eia else None,
        )


@strawberry.input(description="A project to refuse.")
class RejectProjectInput:
    id: strawberry.ID = strawberry.field(description="The PENDING or APPROVED project's ID.")
    reason: str = strawberry.field(description="Why (shown to the owners).")


@strawberry.input(description="A certifier to assign to a project.")
class AssignCertifierInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    certifier_id: strawberry.ID = strawberry.field(description="An ACTIVE CERTIFIER organisation.")


@strawberry.input(description="A certification to revoke.")
class RevokeCertificationInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    certifier_id: strawberry.ID = strawberry.field(description="The certifier organisation.")
    reason: str = strawberry.field(description="Why (recorded in the ledger).")


ProjectId = Annotated[strawberry.ID, strawberry.argument(description="The project's ID.")]


@strawberry.type(description="The result of a project mutation.")
class ProjectPayload:
    project: Project = strawberry.field(description="The project as it is now.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


@strawberry.type(description="The result of a certifier mutation.")
class CertificationPayload:
    certifier: ProjectCertifier = strawberry.field(description="The certification as it is now.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


def _project(recorded: Recorded[models.Project]) -> ProjectPayload:
    return ProjectPayload(project=Project(row=recorded.value), ledger_seq=recorded.ledger_seq)


def _certification(recorded: Recorded[models.ProjectCertifier]) -> CertificationPayload:
    return CertificationPayload(
        certifier=ProjectCertifier(row=recorded.value), ledger_seq=recorded.ledger_seq
    )


@strawberry.type
class ProjectMutation:
    @mutation(
        description="Submit a project (PENDING) with its design document; the government is "
        "asked to approve it.",
        extensions=may(Action.PROJECT_CREATE),
    )
    async def create_project(
        self,
        info: Info[Context, Any],
        input: Annotated[CreateProjectInput, strawberry.argument(description="What to do.")],
    ) -> ProjectPayload:
        return _project(
            await projects.create_project(principal=signed_in(info), input=input.to_service())
        )

    @mutation(
        description="Change a PENDING or APPROVED project's details.",
        extensions=may(Action.PROJECT_UPDATE),
    )
    async def update_project(
        self,
        info: Info[Context, Any],
        input: Annotated[UpdateProjectInput, strawberry.argument(description="What to do.")],
    ) -> ProjectPayload:
        return _project(
            await projects.update_project(
                principal=signed_in(info),
                project_id=parse_id(input.id, "project"),
                changes=input.to_service(),
            )
        )

    @mutation(description="Approve a PENDING project.", extensions=may(Action.PROJECT_APPROVE))
    async def approve_project(self, info: Info[Context, Any], id: ProjectId) -> ProjectPayload:
        return _project(
            await project_decisions.approve_project(
                principal=signed_in(info), project_id=parse_id(id, "project")
            )
        )

    @mutation(
        description="Reject a PENDING or APPROVED project, with a reason.",
        extensions=may(Action.PROJECT_REJECT),
    )
    async def reject_project(
        self,
        info: Info[Context, Any],
        input: Annotated[RejectProjectInput, strawberry.argument(description="What to do.")],
    ) -> ProjectPayload:
        return _project(
            await project_decisions.reject_project(
                principal=signed_in(info),
                project_id=parse_id(input.id, "project"),
                reason=input.reason,
            )
        )

    @mutation(
        description="Authorise an APPROVED project; it gets its serial number prefix.",
        extensions=may(Action.PROJECT_AUTHORISE),
    )
    async def authorise_project(self, info: Info[Context, Any], id: ProjectId) -> ProjectPayload:
        return _project(
            await project_decisions.authorise_project(
                principal=signed_in(info), project_id=parse_id(id, "project")
            )
        )

    @mutation(
        description="Assign an active certifier organisation to a project.",
        extensions=may(Action.PROJECT_ASSIGN_CERTIFIER),
    )
    async def assign_certifier(
        self,
        info: Info[Context, Any],
        input: Annotated[AssignCertifierInput, strawberry.argument(description="What to do.")],
    ) -> CertificationPayload:
        return _certification(
            await certification.assign_certifier(
                principal=signed_in(info),
                project_id=parse_id(input.project_id, "project"),
                certifier_id=parse_id(input.certifier_id, "organisation"),
            )
        )

    @mutation(
        description="Certify an APPROVED or AUTHORISED project you are assigned to.",
        extensions=may(Action.PROJECT_CERTIFY),
    )
    async def certify_project(
        self, info: Info[Context, Any], id: ProjectId
    ) -> CertificationPayload:
        return _certification(
            await certification.certify_project(
                principal=signed_in(info), project_id=parse_id(id, "project")
            )
        )

    @mutation(
        description="Revoke a certifier's certification of a project, with a reason.",
        extensions=may(Action.PROJECT_REVOKE_CERTIFICATION),
    )
    async def revoke_certification(
        self,
        info: Info[Context, Any],
        input: Annotated[RevokeCertificationInput, strawberry.argument(description="What to do.")],
    ) -> CertificationPayload:
        return _certification(
            await certification.revoke_certification(
                principal=signed_in(info),
                project_id=parse_id(input.project_id, "project"),
                certifier_id=parse_id(input.certifier_id, "organisation"),
                reason=input.reason,
            )
        )
