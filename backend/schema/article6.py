"""Article 6.2: cooperative approaches and authorizations (types, inputs, queries, mutations)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.models import article6 as models
from backend.policy import Action
from backend.schema import project_loaders
from backend.schema.enums import AuthorizationPurpose, FirstTransferDefinition
from backend.schema.fields import field, mutation
from backend.schema.ids import parse_id
from backend.schema.list_arguments import checked
from backend.schema.permissions import SignedIn, may
from backend.schema.project_types import Project
from backend.schema.scalars import SafeInt
from backend.services import article6 as service
from backend.services.letters import paths


@strawberry.enum(description="The metric of an authorization.")
class AuthorizationMetric(Enum):
    GHG = strawberry.enum_value("GHG", description="Greenhouse gases, in tCO2e.")
    NON_GHG = strawberry.enum_value("NON_GHG", description="Another (non-GHG) metric.")


async def load_approaches(ids: list[int]) -> list[models.CooperativeApproach | None]:
    found = {row.id: row for row in await service.cooperative_approaches_by_id(ids)}
    return [found.get(i) for i in ids]


@strawberry.type(description="An Article 6.2 cooperative approach between Parties.")
class CooperativeApproach:
    row: strawberry.Private[models.CooperativeApproach]

    @field(description="The approach's ID in this registry.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="Its cooperative approach ID: CA followed by 4 digits.")
    def code(self) -> str:
        return self.row.code

    @field(description="Its name.")
    def name(self) -> str:
        return self.row.name

    @field(description="The participating Parties (ISO 3166 alpha-3).")
    def parties(self) -> list[str]:
        return list(self.row.parties)


@strawberry.type(description="An Article 6.2 authorization of a project's units (AEF table 2).")
class Authorization:
    row: strawberry.Private[models.Authorization]

    @field(description="The authorization's ID in this registry.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="The authorization ID as reported in the AEF; unique.")
    def authorization_id(self) -> str:
        return self.row.authorization_id

    @field(description="Where to download its letter of authorisation (PDF).")
    def letter_path(self) -> str:
        return paths.path(paths.ARTICLE6_AUTHORISATION, self.row.id)

    @field(description="The cooperative approach it is under.")
    async def cooperative_approach(self, info: Info[Context, Any]) -> CooperativeApproach:
        row = await info.context.loaders.get(load_approaches).load(self.row.cooperative_approach_id)
        assert row is not None  # a foreign key
        return CooperativeApproach(row=row)

    @field(description="The authorised project's ID.")
    def project_id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.project_id))

    @field(description="The authorised project (its title in the list).")
    async def project(self, info: Info[Context, Any]) -> Project:
        row = await info.context.loaders.get(project_loaders.load_projects).load(
            self.row.project_id
        )
        assert row is not None  # a foreign key
        return Project(row=row)

    @field(description="The date of the authorization.")
    def authorized_on(self) -> date:
        return self.row.authorized_on

    @field(description="Its version (1 for the original).")
    def version(self) -> int:
        return self.row.version

    @field(description="The authorized quantity (tCO2e for GHG).")
    def quantity(self) -> SafeInt:
        return SafeInt(int(self.row.quantity))

    @field(description="GHG (tCO2e) or NON_GHG.")
    def metric(self) -> AuthorizationMetric:
        return AuthorizationMetric(self.row.metric)

    @field(description="Sectors covered.")
    def sectors(self) -> list[str]:
        return list(self.row.sectors)

    @field(description="Activity types covered.")
    def activity_types(self) -> list[str]:
        return list(self.row.activity_types)

    @field(description="The authorised use.")
    def purpose(self) -> AuthorizationPurpose:
        return self.row.purpose

    @field(description="The Parties authorised to use the units (alpha-3).")
    def authorized_parties(self) -> list[str]:
        return list(self.row.authorized_parties)

    @field(description="The entities authorised to use the units.")
    def authorized_entities(self) -> list[str]:
        return list(self.row.authorized_entities)

    @field(description="What the AEF's table 5 says of authorized entities.")
    def entity_details(self) -> list[AuthorizedEntity]:
        return [
            AuthorizedEntity(
                name=str(item["name"]),
                country=item.get("country"),
                identification_number=item.get("identification_number"),
                conditions=item.get("conditions"),
            )
            for item in self.row.entity_details
        ]

    @field(description="For OIMP: when a unit counts as first transferred.")
    def first_transfer_definition(self) -> FirstTransferDefinition | None:
        return self.row.first_transfer_definition

    @field(description="When it was recorded (UTC).")
    def created_at(self) -> datetime:
        return self.row.created_at


@strawberry.type(description="An authorized entity as the AEF's table 5 describes it.")
class AuthorizedEntity:
    name: str = strawberry.field(description="Its name, one of authorizedEntities.")
    country: str | None = strawberry.field(description="Country of incorporation (alpha-3).")
    identification_number: str | None = strawberry.field(
        description="Its identification number (company register, tax or LEI)."
    )
    conditions: str | None = strawberry.field(description="Conditions of its authorization.")


@strawberry.input(description="What the AEF's table 5 says of one authorized entity.")
class AuthorizedEntityInput:
    name: str = strawberry.field(description="Its name, as listed in authorizedEntities.")
    country: str | None = strawberry.field(
        default=None, description="Country of incorporation, ISO alpha-3."
    )
    identification_number: str | None = strawberry.field(
        default=None, description="Its identification number (company register, tax or LEI)."
    )
    conditions: str | None = strawberry.field(
        default=None, description="Conditions attached to its authorization."
    )


@strawberry.input(description="A new cooperative approach.")
class CreateCooperativeApproachInput:
    code: str = strawberry.field(description="CA followed by 4 digits, e.g. CA0004; unique.")
    name: str = strawberry.field(description="Its name.")
    parties: list[str] = strawberry.field(
        description="Participating Parties (ISO alpha-3), this country included."
    )


@strawberry.input(description="An Article 6.2 authorization of an AUTHORISED project's units.")
class GrantArticle6AuthorisationInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    cooperative_approach_id: strawberry.ID = strawberry.field(description="The approach.")
    authorization_id: str = strawberry.field(description="The authorization ID; unique.")
    authorized_on: date = strawberry.field(description="The date of the authorization.")
    quantity: SafeInt = strawberry.field(description="The authorized quantity, at least 1.")
    metric: AuthorizationMetric = strawberry.field(description="GHG or NON_GHG.")
    purpose: AuthorizationPurpose = strawberry.field(description="The authorised use.")
    sectors: list[str] = strawberry.field(default_factory=list, description="Sectors.")
    activity_types: list[str] = strawberry.field(
        default_factory=list, description="Activity types."
    )
    authorized_parties: list[str] = strawberry.field(
        default_factory=list, description="Authorised Parties (alpha-3), of the approach."
    )
    authorized_entities: list[str] = strawberry.field(
        default_factory=list, description="Authorised entities' names."
    )
    first_transfer_definition: FirstTransferDefinition | None = strawberry.field(
        default=None, description="Required exactly when the purpose includes OIMP."
    )
    entity_details: list[AuthorizedEntityInput] = strawberry.field(
        default_factory=list,
        description="The AEF table 5 details of some of authorizedEntities (by name).",
    )


@strawberry.type(description="The result of createCooperativeApproach.")
class CooperativeApproachPayload:
    cooperative_approach: CooperativeApproach = strawberry.field(description="The approach.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording it.")


@strawberry.type(description="The result of grantArticle6Authorisation.")
class GrantArticle6AuthorisationPayload:
    authorization: Authorization = strawberry.field(description="The authorization.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording it.")


@strawberry.type
class Article6Query:
    @field(description="Every cooperative approach, by code.", permission_classes=[SignedIn])
    async def cooperative_approaches(self) -> list[CooperativeApproach]:
        return [CooperativeApproach(row=r) for r in await service.list_cooperative_approaches()]

    @field(
        description="Article 6.2 authorizations, of one project if given, oldest first.",
        permission_classes=[SignedIn],
        extensions=checked("authorizations"),
    )
    async def authorizations(
        self,
        project_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this project's.")
        ] = None,
    ) -> list[Authorization]:
        project = parse_id(project_id, "project") if project_id is not None else None
        return [Authorization(row=r) for r in await service.list_authorizations(project_id=project)]


@strawberry.type
class Article6Mutation:
    @mutation(
        description="Record an Article 6.2 cooperative approach (government).",
        extensions=may(Action.ARTICLE6_MANAGE),
    )
    async def create_cooperative_approach(
        self,
        info: Info[Context, Any],
        input: Annotated[
            CreateCooperativeApproachInput, strawberry.argument(description="What to do.")
        ],
    ) -> CooperativeApproachPayload:
        assert info.context.principal is not None
        recorded = await service.create_cooperative_approach(
            principal=info.context.principal,
            code=input.code,
            name=input.name,
            parties=input.parties,
        )
        return CooperativeApproachPayload(
            cooperative_approach=CooperativeApproach(row=recorded.value),
            ledger_seq=recorded.ledger_seq,
        )

    @mutation(
        description="Grant an Article 6.2 authorization of an AUTHORISED project's units under a "
        "cooperative "
        "approach (government); credits issued from then on are ITMOs, up to its quantity in "
        "all. A later authorization of the same project takes over for the credits issued "
        "after it.",
        extensions=may(Action.ARTICLE6_MANAGE),
    )
    async def grant_article6_authorisation(
        self,
        info: Info[Context, Any],
        input: Annotated[
            GrantArticle6AuthorisationInput, strawberry.argument(description="What to do.")
        ],
    ) -> GrantArticle6AuthorisationPayload:
        assert info.context.principal is not None
        data = service.AuthorizationInput(
            project_id=parse_id(input.project_id, "project"),
            cooperative_approach_id=parse_id(input.cooperative_approach_id, "cooperative approach"),
            authorization_id=input.authorization_id,
            authorized_on=input.authorized_on,
            quantity=int(input.quantity),
            metric=input.metric.name,
            purpose=input.purpose,
            sectors=input.sectors,
            activity_types=input.activity_types,
            authorized_parties=input.authorized_parties,
            authorized_entities=input.authorized_entities,
            first_transfer_definition=input.first_transfer_definition,
            entity_details=[
                service.EntityDetails(
                    name=item.name,
                    country=item.country,
                    identification_number=item.identification_number,
                    conditions=item.conditions,
                )
                for item in input.entity_details
            ],
        )
        recorded = await service.authorize_input(principal=info.context.principal, data=data)
        return GrantArticle6AuthorisationPayload(
            authorization=Authorization(row=recorded.value), ledger_seq=recorded.ledger_seq
        )
