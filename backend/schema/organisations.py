"""Organisations: type, inputs, queries and mutations."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from backend import policy
from backend.context import Context
from backend.models import organisation as models
from backend.models.enums import OrganisationStatus, OrganisationType
from backend.policy import Action
from backend.schema.ids import parse_id
from backend.schema.pagination import Connection, make_connection, page_bounds
from backend.schema.permissions import SignedIn, may
from backend.services import organisations as service
from backend.services.organisations import AdminInput, OrganisationChanges, OrganisationInput

if TYPE_CHECKING:
    from backend.schema.users import User

OrganisationTypeEnum = strawberry.enum(
    OrganisationType,
    name="OrganisationType",
    description="What an organisation does in the registry.",
)
OrganisationStatusEnum = strawberry.enum(
    OrganisationStatus,
    name="OrganisationStatus",
    description="Where an organisation is in its lifecycle.",
)


async def load_project_counts(organisation_ids: list[int]) -> list[int]:
    counts = await service.project_counts(organisation_ids)
    return [counts.get(i, 0) for i in organisation_ids]


def _sensitive(info: Info[Context, Any], action: Action, row: models.Organisation) -> bool:
    return policy.can(info.context.principal, action, organisation_id=row.id)


@strawberry.type(description="An organisation holding an account in the registry.")
class Organisation:
    row: strawberry.Private[models.Organisation]

    @strawberry.field(description="The organisation's ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @strawberry.field(description="Registered name.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="Tax ID (sensitive: government and the organisation only).")
    def tax_id(self, info: Info[Context, Any]) -> str | None:
        return (
            self.row.tax_id if _sensitive(info, Action.READ_ORGANISATION_TAX_ID, self.row) else None
        )

    @strawberry.field(description="Contact e-mail (sensitive).")
    def email(self, info: Info[Context, Any]) -> str | None:
        return (
            self.row.email if _sensitive(info, Action.READ_ORGANISATION_EMAIL, self.row) else None
        )

    @strawberry.field(description="Contact phone (sensitive).")
    def phone(self, info: Info[Context, Any]) -> str | None:
        return (
            self.row.phone if _sensitive(info, Action.READ_ORGANISATION_PHONE, self.row) else None
        )

    @strawberry.field(description="Organisation type.")
    def type(self) -> OrganisationTypeEnum:  # type: ignore[valid-type]
        return self.row.type

    @strawberry.field(description="Lifecycle status.")
    def status(self) -> OrganisationStatusEnum:  # type: ignore[valid-type]
        return self.row.status

    @strawberry.field(description="Why it was rejected or suspended, if it was.")
    def status_reason(self) -> str | None:
        return self.row.status_reason

    @strawberry.field(description="Website.")
    def website(self) -> str | None:
        return self.row.website

    @strawberry.field(description="Postal address.")
    def address(self) -> str | None:
        return self.row.address

    @strawberry.field(description="Country (ISO 3166 alpha-2).")
    def country(self) -> str:
        return self.row.country

    @strawberry.field(description="Logo URL.")
    def logo_url(self) -> str | None:
        return self.row.logo_url

    @strawberry.field(description="CDM sectoral scopes (1-15) a ministry is responsible for.")
    def sectoral_scopes(self) -> list[int]:
        return list(self.row.sectoral_scopes)

    @strawberry.field(description="How many projects the organisation owns or co-owns.")
    async def number_of_projects(self, info: Info[Context, Any]) -> int:
        return await info.context.loaders.get(load_project_counts).load(self.row.id)

    @strawberry.field(description="When it was registered (UTC).")
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field(description="When it last changed (UTC).")
    def updated_at(self) -> datetime:
        return self.row.updated_at


@strawberry.input(description="An organisation's details.")
class OrganisationFields:
    name: str = strawberry.field(description="Registered name.")
    tax_id: str = strawberry.field(description="Tax ID; unique in the registry.")
    type: OrganisationTypeEnum = strawberry.field(description="Organisation type.")  # type: ignore[valid-type]
    email: str = strawberry.field(description="Contact e-mail.")
    phone: str | None = strawberry.field(default=None, description="Contact phone.")
    website: str | None = strawberry.field(default=None, description="http(s) website.")
    address: str | None = strawberry.field(default=None, description="Postal address.")
    sectoral_scopes: list[int] = strawberry.field(
        default_factory=list, description="Ministries only: CDM sectoral scopes 1-15."
    )

    def to_service(self) -> OrganisationInput:
        return OrganisationInput(
            name=self.name,
            tax_id=self.tax_id,
            type=self.type,
            email=self.email,
            phone=self.phone,
            website=self.website,
            address=self.address,
            sectoral_scopes=tuple(self.sectoral_scopes),
        )


@strawberry.input(description="Public self-registration of an organisation and its first admin.")
class RegisterOrganisationInput:
    organisation: OrganisationFields = strawberry.field(description="The organisation.")
    admin_email: str = strawberry.field(description="The first ADMIN user's e-mail.")
    admin_name: str = strawberry.field(description="The first ADMIN user's name.")
    admin_password: str = strawberry.field(description="The first ADMIN user's password (12+).")
    language: str | None = strawberry.field(default=None, description="Preferred language.")


@strawberry.input(description="Government creates an active organisation and invites its admin.")
class CreateOrganisationInput:
    organisation: OrganisationFields = strawberry.field(description="The organisation.")
    admin_email: str = strawberry.field(description="The first ADMIN user's e-mail (invited).")
    admin_name: str = strawberry.field(description="The first ADMIN user's name.")
    language: str | None = strawberry.field(default=None, description="The admin's language.")


@strawberry.input(description="Profile changes; omitted fields stay as they are.")
class UpdateOrganisationInput:
    name: str | None = strawberry.field(default=None, description="Registered name.")
    email: str | None = strawberry.field(default=None, description="Contact e-mail.")
    phone: str | None = strawberry.field(default=None, description="Contact phone.")
    website: str | None = strawberry.field(default=None, description="Website.")
    address: str | None = strawberry.field(default=None, description="Postal address.")
    logo_url: str | None = strawberry.field(default=None, description="Logo URL.")
    sectoral_scopes: list[int] | None = strawberry.field(
        default=None, description="Ministries: sectoral scopes (government only)."
    )


@strawberry.type(description="The result of an organisation mutation.")
class OrganisationPayload:
    organisation: Organisation = strawberry.field(description="The organisation as it is now.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


@strawberry.type(description="A registration: the organisation and its first admin.")
class RegistrationPayload:
    organisation: Organisation = strawberry.field(description="The organisation.")
    admin: Annotated[User, strawberry.lazy("backend.schema.users")] = strawberry.field(
        description="Its first ADMIN user."
    )
    ledger_seq: int = strawberry.field(description="The ledger entry recording it.")


@strawberry.enum(description="Columns an organisation list can be sorted by.")
class OrganisationOrderField(Enum):
    NAME = "name"
    TAX_ID = "tax_id"
    TYPE = "type"
    STATUS = "status"
    CREATED_AT = "created_at"


def _payload(recorded: service.Recorded[models.Organisation]) -> OrganisationPayload:
    return OrganisationPayload(
        organisation=Organisation(row=recorded.value), ledger_seq=recorded.ledger_seq
    )


@strawberry.type
class OrganisationQuery:
    @strawberry.field(
        description="Organisations, filtered, sorted and paged.", permission_classes=[SignedIn]
    )
    async def organisations(
        self,
        info: Info[Context, Any],
        first: int | None = 20,
        after: str | None = None,
        search: str | None = None,
        type: OrganisationTypeEnum | None = None,  # type: ignore[valid-type]
        status: OrganisationStatusEnum | None = None,  # type: ignore[valid-type]
        order_by: OrganisationOrderField = OrganisationOrderField.NAME,
        descending: bool = False,
    ) -> Connection[Organisation]:
        offset, limit = page_bounds(first, after)
        assert info.context.principal is not None
        rows, total = await service.list_organisations(
            principal=info.context.principal,
            search=search,
            type=type,
            status=status,
            order_by=order_by.value,
            descending=descending,
            offset=offset,
            limit=limit,
        )
        return make_connection([Organisation(row=r) for r in rows], offset=offset, total=total)

    @strawberry.field(description="One organisation by ID.", permission_classes=[SignedIn])
    async def organisation(self, id: strawberry.ID) -> Organisation:
        return Organisation(row=await service.get_organisation(parse_id(id, "organisation")))


@strawberry.type
class OrganisationMutation:
    @strawberry.mutation(
        description="Register an organisation (public); it and its admin start "
        "PENDING until the government approves."
    )
    async def register_organisation(
        self, info: Info[Context, Any], input: RegisterOrganisationInput
    ) -> RegistrationPayload:
        from backend.schema.users import User

        recorded = await service.register_organisation(
            principal=info.context.principal,
            organisation=input.organisation.to_service(),
            admin=AdminInput(
                email=input.admin_email,
                name=input.admin_name,
                password=input.admin_password,
                language=input.language,
            ),
        )
        organisation, admin = recorded.value
        return RegistrationPayload(
            organisation=Organisation(row=organisation),
            admin=User(row=admin),
            ledger_seq=recorded.ledger_seq,
        )

    @strawberry.mutation(
        description="Create an ACTIVE organisation and invite its admin.",
        extensions=may(Action.ORGANISATION_CREATE),
    )
    async def create_organisation(
        self, info: Info[Context, Any], input: CreateOrganisationInput
    ) -> RegistrationPayload:
        from backend.schema.users import User

        assert info.context.principal is not None
        recorded = await service.create_organisation(
            principal=info.context.principal,
            organisation=input.organisation.to_service(),
            admin=AdminInput(
                email=input.admin_email, name=input.admin_name, language=input.language
            ),
        )
        organisation, admin = recorded.value
        return RegistrationPayload(
            organisation=Organisation(row=organisation),
            admin=User(row=admin),
            ledger_seq=recorded.ledger_seq,
        )

    @strawberry.mutation(
        description="Approve a PENDING organisation.", extensions=may(Action.ORGANISATION_APPROVE)
    )
    async def approve_organisation(
        self, info: Info[Context, Any], id: strawberry.ID
    ) -> OrganisationPayload:
        assert info.context.principal is not None
        return _payload(
            await service.approve_organisation(
                principal=info.context.principal, organisation_id=parse_id(id, "organisation")
            )
        )

    @strawberry.mutation(
        description="Reject a PENDING organisation, with a reason.",
        extensions=may(Action.ORGANISATION_REJECT),
    )
    async def reject_organisation(
        self, info: Info[Context, Any], id: strawberry.ID, reason: str
    ) -> OrganisationPayload:
        assert info.context.principal is not None
        return _payload(
            await service.reject_organisation(
                principal=info.context.principal,
                organisation_id=parse_id(id, "organisation"),
                reason=reason,
            )
        )

    @strawberry.mutation(
        description="Suspend an ACTIVE organisation, with a reason.",
        extensions=may(Action.ORGANISATION_SUSPEND),
    )
    async def suspend_organisation(
        self, info: Info[Context, Any], id: strawberry.ID, reason: str
    ) -> OrganisationPayload:
        assert info.context.principal is not None
        return _payload(
            await service.suspend_organisation(
                principal=info.context.principal,
                organisation_id=parse_id(id, "organisation"),
                reason=reason,
            )
        )

    @strawberry.mutation(
        description="Reactivate a SUSPENDED organisation.",
        extensions=may(Action.ORGANISATION_REACTIVATE),
    )
    async def reactivate_organisation(
        self, info: Info[Context, Any], id: strawberry.ID
    ) -> OrganisationPayload:
        assert info.context.principal is not None
        return _payload(
            await service.reactivate_organisation(
                principal=info.context.principal, organisation_id=parse_id(id, "organisation")
            )
        )

    @strawberry.mutation(
        description="Change an organisation's profile.", extensions=may(Action.ORGANISATION_UPDATE)
    )
    async def update_organisation(
        self, info: Info[Context, Any], id: strawberry.ID, input: UpdateOrganisationInput
    ) -> OrganisationPayload:
        assert info.context.principal is not None
        changes = OrganisationChanges(
            name=input.name,
            email=input.email,
            phone=input.phone,
            website=input.website,
            address=input.address,
            logo_url=input.logo_url,
            sectoral_scopes=tuple(input.sectoral_scopes)
            if input.sectoral_scopes is not None
            else None,
        )
        return _payload(
            await service.update_organisation(
                principal=info.context.principal,
                organisation_id=parse_id(id, "organisation"),
                changes=changes,
            )
        )
