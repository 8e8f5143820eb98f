"""Project financing: type, input, the financings list and the four mutations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from backend import policy
from backend.context import Context
from backend.models.financing import Financing as FinancingRow
from backend.policy import Action, Target
from backend.schema.enums import FinancingInstrument, FinancingStatus
from backend.schema.fields import field, mutation
from backend.schema.ids import parse_id
from backend.schema.list_arguments import checked
from backend.schema.organisations import Organisation
from backend.schema.pagination import After, Connection, First, make_connection, page_bounds
from backend.schema.permissions import SignedIn, may
from backend.schema.viewer_actions import FinancingAction
from backend.services import financing as service
from backend.services import viewer_registry_actions
from backend.services.recorded import Recorded


async def load_project_targets(project_ids: list[int]) -> list[Target | None]:
    """Batch function: each project's policy target (None for an unknown project)."""
    targets = await service.project_targets(project_ids)
    return [targets.get(project_id) for project_id in project_ids]


async def load_financings_by_project(project_ids: list[int]) -> list[list[FinancingRow]]:
    """Batch function: each project's financings, newest first (one query)."""
    grouped = await service.financings_of_projects(project_ids)
    return [grouped[project_id] for project_id in project_ids]


@strawberry.type(description="Financing sought for a project (amounts in USD).")
class Financing:
    row: strawberry.Private[FinancingRow]

    @field(description="What you may do with this financing now (decide it, cancel it).")
    async def viewer_may(self, info: Info[Context, Any]) -> list[FinancingAction]:
        target = await info.context.loaders.get(load_project_targets).load(self.row.project_id)
        if target is None:
            return []
        return viewer_registry_actions.financing_actions(info.context.principal, self.row, target)

    async def _may_read(self, info: Info[Context, Any]) -> bool:
        target = await info.context.loaders.get(load_project_targets).load(self.row.project_id)
        return target is not None and policy.can(
            info.context.principal, Action.READ_FINANCING, target=target
        )

    @field(description="The financing's ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="The project financed.")
    def project_id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.project_id))

    @field(description="The funder, when it is an organisation in the registry.")
    async def from_organisation(self, info: Info[Context, Any]) -> Organisation | None:
        if self.row.from_organisation_id is None:
            return None
        row = await info.context.loaders.organisation.load(self.row.from_organisation_id)
        return None if row is None else Organisation(row=row)

    @field(description="The funder's name, when it is outside the registry.")
    def from_name(self) -> str | None:
        return self.row.from_name

    @field(description="Amount (sensitive: government, the project's owners, in-scope ministries).")
    async def amount(self, info: Info[Context, Any]) -> Decimal | None:
        return self.row.amount if await self._may_read(info) else None

    @field(description="Currency of the amount: always USD.")
    def currency(self) -> str:
        return "USD"

    @field(description="Financing instrument.")
    def instrument(self) -> FinancingInstrument:
        return self.row.instrument

    @field(description="Public (true) or private (false) money.")
    def is_public(self) -> bool:
        return self.row.is_public

    @field(description="International (true) or national (false) money.")
    def is_international(self) -> bool:
        return self.row.is_international

    @field(description="Terms (sensitive, as the amount).")
    async def terms(self, info: Info[Context, Any]) -> str | None:
        return self.row.terms if await self._may_read(info) else None

    @field(description="Lifecycle status.")
    def status(self) -> FinancingStatus:
        return self.row.status

    @field(description="Why it was rejected, if it was.")
    def status_reason(self) -> str | None:
        return self.row.status_reason

    @field(description="When it was requested (UTC).")
    def created_at(self) -> datetime:
        return self.row.created_at


@strawberry.input(
    description="Financing sought for a project; give fromOrganisationId or fromName."
)
class RequestFinancingInput:
    project_id: strawberry.ID = strawberry.field(description="The project to finance.")
    amount: Decimal = strawberry.field(description="USD, positive, at most two decimals.")
    instrument: FinancingInstrument = strawberry.field(description="Instrument.")
    is_public: bool = strawberry.field(description="Public (true) or private money.")
    is_international: bool = strawberry.field(description="International (true) or national.")
    from_organisation_id: strawberry.ID | None = strawberry.field(
        default=None, description="The funder, if it is an organisation in the registry."
    )
    from_name: str | None = strawberry.field(
        default=None, description="The funder's name, if it is not in the registry."
    )
    terms: str | None = strawberry.field(default=None, description="Terms (sensitive).")


@strawberry.type(description="The result of a financing mutation.")
class FinancingPayload:
    financing: Financing = strawberry.field(description="The financing as it is now.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


@strawberry.input(description="A PENDING financing to refuse.")
class RejectFinancingInput:
    id: strawberry.ID = strawberry.field(description="The PENDING financing's ID.")
    reason: str = strawberry.field(description="Why (shown to the project's owners).")


FinancingId = Annotated[strawberry.ID, strawberry.argument(description="The financing's ID.")]


def _payload(recorded: Recorded[FinancingRow]) -> FinancingPayload:
    return FinancingPayload(financing=Financing(row=recorded.value), ledger_seq=recorded.ledger_seq)


@strawberry.type
class FinancingQuery:
    @field(
        description="Financings, newest first; amounts and terms only where you may read them.",
        permission_classes=[SignedIn],
        extensions=checked("financings"),
    )
    async def financings(
        self,
        info: Info[Context, Any],
        project_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this project's.")
        ] = None,
        status: Annotated[
            FinancingStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> Connection[Financing]:
        assert info.context.principal is not None
        offset, limit = page_bounds(first, after)
        rows, total = await service.list_financings(
            principal=info.context.principal,
            project_id=parse_id(project_id, "project") if project_id is not None else None,
            status=status,
            offset=offset,
            limit=limit,
        )
        return make_connection([Financing(row=r) for r in rows], offset=offset, total=total)


@strawberry.type
class FinancingMutation:
    @mutation(
        description="Ask for financing of your project (PENDING until the government decides).",
        extensions=may(Action.FINANCING_REQUEST),
    )
    async def request_financing(
        self,
        info: Info[Context, Any],
        input: Annotated[RequestFinancingInput, strawberry.argument(description="What to do.")],
    ) -> FinancingPayload:
        assert info.context.principal is not None
        funder = input.from_organisation_id
        return _payload(
            await service.request_financing(
                principal=info.context.principal,
                project_id=parse_id(input.project_id, "project"),
                amount=input.amount,
                instrument=input.instrument,
                is_public=input.is_public,
                is_international=input.is_international,
                from_organisation_id=parse_id(funder, "organisation") if funder else None,
                from_name=input.from_name,
                terms=input.terms,
            )
        )

    @mutation(description="Approve a PENDING financing.", extensions=may(Action.FINANCING_APPROVE))
    async def approve_financing(
        self, info: Info[Context, Any], id: FinancingId
    ) -> FinancingPayload:
        assert info.context.principal is not None
        return _payload(
            await service.approve_financing(
                principal=info.context.principal, financing_id=parse_id(id, "financing")
            )
        )

    @mutation(
        description="Reject a PENDING financing, with a reason.",
        extensions=may(Action.FINANCING_REJECT),
    )
    async def reject_financing(
        self,
        info: Info[Context, Any],
        input: Annotated[RejectFinancingInput, strawberry.argument(description="What to do.")],
    ) -> FinancingPayload:
        assert info.context.principal is not None
        return _payload(
            await service.reject_financing(
                principal=info.context.principal,
                financing_id=parse_id(input.id, "financing"),
                reason=input.reason,
            )
        )

    @mutation(
        description="Cancel a PENDING financing your organisation asked for.",
        extensions=may(Action.FINANCING_CANCEL),
    )
    async def cancel_financing(self, info: Info[Context, Any], id: FinancingId) -> FinancingPayload:
        assert info.context.principal is not None
        return _payload(
            await service.cancel_financing(
                principal=info.context.principal, financing_id=parse_id(id, "financing")
            )
        )
