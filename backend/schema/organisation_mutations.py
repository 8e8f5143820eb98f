"""Organisation mutations: registration, creation by the government, its decisions, profile
changes. Each takes an input (when it needs more than an ID) and returns a non-null payload."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.models import organisation as models
from backend.policy import Action
from backend.schema.enums import OrganisationType
from backend.schema.fields import mutation
from backend.schema.ids import parse_id
from backend.schema.organisations import Organisation
from backend.schema.permissions import may, signed_in
from backend.schema.users import User
from backend.services import organisations as service
from backend.services.organisations import AdminInput, OrganisationChanges, OrganisationInput
from backend.services.recorded import Recorded

OrganisationId = Annotated[strawberry.ID, strawberry.argument(description="The organisation's ID.")]


@strawberry.input(description="An organisation's details.")
class OrganisationFields:
    name: str = strawberry.field(description="Registered name.")
    tax_id: str = strawberry.field(description="Tax ID; unique in the registry.")
    type: OrganisationType = strawberry.field(description="Organisation type.")
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
    id: strawberry.ID = strawberry.field(description="The organisation to change.")
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
    admin: User = strawberry.field(description="Its first ADMIN user.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording it.")


@strawberry.input(description="A PENDING organisation to refuse.")
class RejectOrganisationInput:
    id: strawberry.ID = strawberry.field(description="The PENDING organisation's ID.")
    reason: str = strawberry.field(description="Why (shown to the organisation).")


@strawberry.input(description="An ACTIVE organisation to suspend.")
class SuspendOrganisationInput:
    id: strawberry.ID = strawberry.field(description="The ACTIVE organisation's ID.")
    reason: str = strawberry.field(description="Why (shown to the organisation).")


def _payload(recorded: Recorded[models.Organisation]) -> OrganisationPayload:
    return OrganisationPayload(
        organisation=Organisation(row=recorded.value), ledger_seq=recorded.ledger_seq
    )


@strawberry.type
class OrganisationMutation:
    @mutation(
        description="Register an organisation (public); it and its admin start "
        "PENDING until the government approves."
    )
    async def register_organisation(
        self,
        info: Info[Context, Any],
        input: Annotated[RegisterOrganisationInput, strawberry.argument(description="What to do.")],
    ) -> RegistrationPayload:
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

    @mutation(
        description="Create an ACTIVE organisation and invite its admin.",
        extensions=may(Action.ORGANISATION_CREATE),
    )
    async def create_organisation(
        self,
        info: Info[Context, Any],
        input: Annotated[CreateOrganisationInput, strawberry.argument(description="What to do.")],
    ) -> RegistrationPayload:
        recorded = await service.create_organisation(
            principal=signed_in(info),
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

    @mutation(
        description="Approve a PENDING organisation.", extensions=may(Action.ORGANISATION_APPROVE)
    )
    async def approve_organisation(
        self, info: Info[Context, Any], id: OrganisationId
    ) -> OrganisationPayload:
        return _payload(
            await service.approve_organisation(
                principal=signed_in(info), organisation_id=parse_id(id, "organisation")
            )
        )

    @mutation(
        description="Reject a PENDING organisation, with a reason.",
        extensions=may(Action.ORGANISATION_REJECT),
    )
    async def reject_organisation(
        self,
        info: Info[Context, Any],
        input: Annotated[RejectOrganisationInput, strawberry.argument(description="What to do.")],
    ) -> OrganisationPayload:
        return _payload(
            await service.reject_organisation(
                principal=signed_in(info),
                organisation_id=parse_id(input.id, "organisation"),
                reason=input.reason,
            )
        )

    @mutation(
        description="Suspend an ACTIVE organisation, with a reason.",
        extensions=may(Action.ORGANISATION_SUSPEND),
    )
    async def suspend_organisation(
        self,
        info: Info[Context, Any],
        input: Annotated[SuspendOrganisationInput, strawberry.argument(description="What to do.")],
    ) -> OrganisationPayload:
        return _payload(
            await service.suspend_organisation(
                principal=signed_in(info),
                organisation_id=parse_id(input.id, "organisation"),
                reason=input.reason,
            )
        )

    @mutation(
        description="Reactivate a SUSPENDED organisation.",
        extensions=may(Action.ORGANISATION_REACTIVATE),
    )
    async def reactivate_organisation(
        self, info: Info[Context, Any], id: OrganisationId
    ) -> OrganisationPayload:
        return _payload(
            await service.reactivate_organisation(
                principal=signed_in(info), organisation_id=parse_id(id, "organisation")
            )
        )

    @mutation(
        description="Change an organisation's profile.", extensions=may(Action.ORGANISATION_UPDATE)
    )
    async def update_organisation(
        self,
        info: Info[Context, Any],
        input: Annotated[UpdateOrganisationInput, strawberry.argument(description="What to do.")],
    ) -> OrganisationPayload:
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
                principal=signed_in(info),
                organisation_id=parse_id(input.id, "organisation"),
                changes=changes,
            )
        )
