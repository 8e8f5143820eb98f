"""Organisations: type, inputs, queries and mutations."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from backend import policy
from backend.context import Context
from backend.errors import NotFound
from backend.models import organisation as models
from backend.policy import Action
from backend.schema.enums import OrganisationStatus, OrganisationType
from backend.schema.fields import field
from backend.schema.ids import parse_id
from backend.schema.list_arguments import checked
from backend.schema.pagination import After, Connection, First, make_connection, page_bounds
from backend.schema.permissions import SignedIn
from backend.schema.viewer_actions import OrganisationAction
from backend.services import organisations as service
from backend.services import viewer_actions


async def load_project_counts(organisation_ids: list[int]) -> list[int]:
    counts = await service.project_counts(organisation_ids)
    return [counts.get(i, 0) for i in organisation_ids]


def _sensitive(info: Info[Context, Any], action: Action, row: models.Organisation) -> bool:
    return policy.can(info.context.principal, action, organisation_id=row.id)


@strawberry.type(description="An organisation holding an account in the registry.")
class Organisation:
    row: strawberry.Private[models.Organisation]

    @field(description="What you may do with this organisation now (its status, its users).")
    def viewer_may(self, info: Info[Context, Any]) -> list[OrganisationAction]:
        return viewer_actions.organisation_actions(info.context.principal, self.row)

    @field(description="The organisation's ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="Registered name.")
    def name(self) -> str:
        return self.row.name

    @field(description="Tax ID (sensitive: government and the organisation only).")
    def tax_id(self, info: Info[Context, Any]) -> str | None:
        return (
            self.row.tax_id if _sensitive(info, Action.READ_ORGANISATION_TAX_ID, self.row) else None
        )

    @field(description="Contact e-mail (sensitive).")
    def email(self, info: Info[Context, Any]) -> str | None:
        return (
            self.row.email if _sensitive(info, Action.READ_ORGANISATION_EMAIL, self.row) else None
        )

    @field(description="Contact phone (sensitive).")
    def phone(self, info: Info[Context, Any]) -> str | None:
        return (
            self.row.phone if _sensitive(info, Action.READ_ORGANISATION_PHONE, self.row) else None
        )

    @field(description="Organisation type.")
    def type(self) -> OrganisationType:
        return self.row.type

    @field(description="Lifecycle status.")
    def status(self) -> OrganisationStatus:
        return self.row.status

    @field(
        description="Why it was rejected or suspended, if it was (sensitive: government and "
        "the organisation only; null for others)."
    )
    def status_reason(self, info: Info[Context, Any]) -> str | None:
        allowed = _sensitive(info, Action.READ_ORGANISATION_STATUS_REASON, self.row)
        return self.row.status_reason if allowed else None

    @field(description="Website.")
    def website(self) -> str | None:
        return self.row.website

    @field(description="Postal address.")
    def address(self) -> str | None:
        return self.row.address

    @field(description="Country (ISO 3166 alpha-2).")
    def country(self) -> str:
        return self.row.country

    @field(description="Logo URL.")
    def logo_url(self) -> str | None:
        return self.row.logo_url

    @field(description="CDM sectoral scopes (1-15) a ministry is responsible for.")
    def sectoral_scopes(self) -> list[int]:
        return list(self.row.sectoral_scopes)

    @field(description="How many projects the organisation owns or co-owns.")
    async def number_of_projects(self, info: Info[Context, Any]) -> int:
        return await info.context.loaders.get(load_project_counts).load(self.row.id)

    @field(description="When it was registered (UTC).")
    def created_at(self) -> datetime:
        return self.row.created_at

    @field(description="When it last changed (UTC).")
    def updated_at(self) -> datetime:
        return self.row.updated_at


@strawberry.enum(description="Columns an organisation list can be sorted by.")
class OrganisationOrderField(Enum):
    NAME = strawberry.enum_value("name", description="Registered name.")
    TAX_ID = strawberry.enum_value(
        "tax_id", description="Tax ID: only for those who may read every tax ID (government)."
    )
    TYPE = strawberry.enum_value("type", description="Organisation type.")
    STATUS = strawberry.enum_value("status", description="Lifecycle status.")
    CREATED_AT = strawberry.enum_value("created_at", description="When it was registered.")


@strawberry.type
class OrganisationQuery:
    @field(
        description="Organisations, filtered, sorted and paged. PENDING and REJECTED ones only "
        "for government (and each for itself); sorting by TAX_ID only for those who may read "
        "every tax ID.",
        permission_classes=[SignedIn],
        extensions=checked("organisations"),
    )
    async def organisations(
        self,
        info: Info[Context, Any],
        first: First = 20,
        after: After = None,
        search: Annotated[
            str | None, strawberry.argument(description="Only names containing this text.")
        ] = None,
        type: Annotated[
            OrganisationType | None, strawberry.argument(description="Only this type.")
        ] = None,
        status: Annotated[
            OrganisationStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
        order_by: Annotated[
            OrganisationOrderField, strawberry.argument(description="The column to sort by.")
        ] = OrganisationOrderField.NAME,
        descending: Annotated[
            bool, strawberry.argument(description="Sort from the largest value down.")
        ] = False,
    ) -> Connection[Organisation]:
        offset, limit = page_bounds(first, after)
        assert info.context.principal is not None
        rows, total = await service.list_organisations(
            principal=info.context.principal,
            search=search,
            type=type,
            status=status,
            order_by=order_by.name.lower(),  # the member names the column
            descending=descending,
            offset=offset,
            limit=limit,
        )
        return make_connection([Organisation(row=r) for r in rows], offset=offset, total=total)

    @field(description="One organisation by ID.", permission_classes=[SignedIn])
    async def organisation(
        self,
        info: Info[Context, Any],
        id: Annotated[strawberry.ID, strawberry.argument(description="The organisation's ID.")],
    ) -> Organisation:
        row = await service.get_organisation(parse_id(id, "organisation"))
        if row.status in policy.UNLISTED_ORGANISATION_STATUSES and not _sensitive(
            info, Action.READ_UNLISTED_ORGANISATIONS, row
        ):
            # A PENDING or REJECTED applicant is not listed: not even its existence shows.
            raise NotFound(f"organisation {id!r} does not exist.")
        return Organisation(row=row)
