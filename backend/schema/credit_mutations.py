"""Credit mutations: issuance, transfers and transfer requests, retirements, the freeze. Each
has its own input (when it takes more than an ID) and a payload whose fields are non-null."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.models import credit as models
from backend.policy import Action
from backend.schema import idempotency
from backend.schema.credits import Issuance, Retirement, Transfer
from backend.schema.enums import RetirementKind
from backend.schema.fields import mutation
from backend.schema.ids import parse_id
from backend.schema.permissions import may, signed_in
from backend.services.credits import issuance, retirements, transfers
from backend.services.recorded import Recorded

TransferId = Annotated[strawberry.ID, strawberry.argument(description="The transfer's ID.")]
RetirementId = Annotated[strawberry.ID, strawberry.argument(description="The retirement's ID.")]


@strawberry.input(description="An approved monitoring period to issue.")
class IssueCreditsInput:
    monitoring_report_id: strawberry.ID = strawberry.field(
        description="The APPROVED monitoring report whose verified quantity is issued."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description=idempotency.DESCRIPTION
    )


@strawberry.input(description="Units to move to another organisation.")
class TransferCreditsInput:
    block_id: strawberry.ID = strawberry.field(description="The block to take them from.")
    quantity: int = strawberry.field(description="How many units (whole, at least 1).")
    to_organisation_id: strawberry.ID = strawberry.field(description="The receiving organisation.")
    idempotency_key: str | None = strawberry.field(
        default=None, description=idempotency.DESCRIPTION
    )


@strawberry.input(description="Units to ask a block's holder for.")
class RequestTransferInput:
    block_id: strawberry.ID = strawberry.field(description="The block to take them from.")
    quantity: int = strawberry.field(description="How many units (whole, at least 1).")


@strawberry.input(description="A transfer requested from you, to approve.")
class ApproveTransferInput:
    id: strawberry.ID = strawberry.field(description="The REQUESTED transfer's ID.")
    idempotency_key: str | None = strawberry.field(
        default=None, description=idempotency.DESCRIPTION
    )


@strawberry.input(description="A transfer requested from you, to refuse.")
class RejectTransferInput:
    id: strawberry.ID = strawberry.field(description="The REQUESTED transfer's ID.")
    reason: str = strawberry.field(description="Why (shown to the requester).")


@strawberry.input(description="Units to retire.")
class RetireCreditsInput:
    block_id: strawberry.ID = strawberry.field(description="The block to take them from.")
    quantity: int = strawberry.field(description="How many units (whole, at least 1).")
    kind: RetirementKind = strawberry.field(description="Kind of retirement.")
    beneficiary: str = strawberry.field(description="On whose behalf.")
    note: str | None = strawberry.field(default=None, description="Free note.")
    acquiring_country: str | None = strawberry.field(
        default=None,
        description=(
            "FIRST_TRANSFER only: the acquiring Party, ISO alpha-3; one the units' Article 6.2 "
            "authorization names (or, if it names none, a Party to its cooperative approach)."
        ),
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description=idempotency.DESCRIPTION
    )


@strawberry.input(description="A requested retirement to recognise.")
class RecogniseRetirementInput:
    id: strawberry.ID = strawberry.field(description="The REQUESTED retirement's ID.")
    idempotency_key: str | None = strawberry.field(
        default=None, description=idempotency.DESCRIPTION
    )


@strawberry.input(description="A requested retirement to refuse.")
class RejectRetirementInput:
    id: strawberry.ID = strawberry.field(description="The REQUESTED retirement's ID.")
    reason: str = strawberry.field(description="Why (shown to the holder).")


@strawberry.input(description="Why every transfer is frozen.")
class FreezeTransfersInput:
    reason: str = strawberry.field(description="Why (recorded in the ledger).")


@strawberry.type(description="The result of issueCredits.")
class IssueCreditsPayload:
    issuance: Issuance = strawberry.field(description="The issuance.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording it.")


@strawberry.type(description="The result of a transfer mutation.")
class TransferPayload:
    transfer: Transfer = strawberry.field(description="The transfer as it is now.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


@strawberry.type(description="The result of a retirement mutation.")
class RetirementPayload:
    retirement: Retirement = strawberry.field(description="The retirement as it is now.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


@strawberry.type(description="The result of freezeTransfers and unfreezeTransfers.")
class TransferFreezePayload:
    transfers_frozen: bool = strawberry.field(description="Whether transfers are frozen now.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


def _transfer(recorded: Recorded[models.Transfer]) -> TransferPayload:
    return TransferPayload(transfer=Transfer(row=recorded.value), ledger_seq=recorded.ledger_seq)


def _retirement(recorded: Recorded[models.Retirement]) -> RetirementPayload:
    return RetirementPayload(
        retirement=Retirement(row=recorded.value), ledger_seq=recorded.ledger_seq
    )


@strawberry.type
class CreditMutation:
    @mutation(
        description="Issue an approved monitoring period's verified credits.",
        extensions=may(Action.CREDITS_ISSUE),
    )
    async def issue_credits(
        self,
        info: Info[Context, Any],
        input: Annotated[IssueCreditsInput, strawberry.argument(description="What to do.")],
    ) -> IssueCreditsPayload:
        idempotency.refuse_unsupported(input.idempotency_key)
        recorded = await issuance.issue_credits(
            principal=signed_in(info),
            monitoring_report_id=parse_id(input.monitoring_report_id, "monitoring report"),
        )
        return IssueCreditsPayload(
            issuance=Issuance(row=recorded.value), ledger_seq=recorded.ledger_seq
        )

    @mutation(
        description="Move units of your block to another organisation now.",
        extensions=may(Action.CREDITS_TRANSFER),
    )
    async def transfer_credits(
        self,
        info: Info[Context, Any],
        input: Annotated[TransferCreditsInput, strawberry.argument(description="What to do.")],
    ) -> TransferPayload:
        idempotency.refuse_unsupported(input.idempotency_key)
        return _transfer(
            await transfers.transfer_credits(
                principal=signed_in(info),
                block_id=parse_id(input.block_id, "credit block"),
                quantity=input.quantity,
                to_organisation_id=parse_id(input.to_organisation_id, "organisation"),
            )
        )

    @mutation(
        description="Ask a block's holder for some of its units.",
        extensions=may(Action.TRANSFER_REQUEST),
    )
    async def request_transfer(
        self,
        info: Info[Context, Any],
        input: Annotated[RequestTransferInput, strawberry.argument(description="What to do.")],
    ) -> TransferPayload:
        return _transfer(
            await transfers.request_transfer(
                principal=signed_in(info),
                block_id=parse_id(input.block_id, "credit block"),
                quantity=input.quantity,
            )
        )

    @mutation(
        description="Approve a transfer requested from you: the units move.",
        extensions=may(Action.TRANSFER_DECIDE),
    )
    async def approve_transfer(
        self,
        info: Info[Context, Any],
        input: Annotated[ApproveTransferInput, strawberry.argument(description="What to do.")],
    ) -> TransferPayload:
        idempotency.refuse_unsupported(input.idempotency_key)
        return _transfer(
            await transfers.approve_transfer(
                principal=signed_in(info), transfer_id=parse_id(input.id, "transfer")
            )
        )

    @mutation(
        description="Refuse a transfer requested from you.", extensions=may(Action.TRANSFER_DECIDE)
    )
    async def reject_transfer(
        self,
        info: Info[Context, Any],
        input: Annotated[RejectTransferInput, strawberry.argument(description="What to do.")],
    ) -> TransferPayload:
        return _transfer(
            await transfers.reject_transfer(
                principal=signed_in(info),
                transfer_id=parse_id(input.id, "transfer"),
                reason=input.reason,
            )
        )

    @mutation(description="Withdraw your transfer request.", extensions=may(Action.TRANSFER_CANCEL))
    async def cancel_transfer(self, info: Info[Context, Any], id: TransferId) -> TransferPayload:
        return _transfer(
            await transfers.cancel_transfer(
                principal=signed_in(info), transfer_id=parse_id(id, "transfer")
            )
        )

    @mutation(
        description="Reserve units for retirement until the government decides.",
        extensions=may(Action.CREDITS_RETIRE),
    )
    async def retire_credits(
        self,
        info: Info[Context, Any],
        input: Annotated[RetireCreditsInput, strawberry.argument(description="What to do.")],
    ) -> RetirementPayload:
        idempotency.refuse_unsupported(input.idempotency_key)
        return _retirement(
            await retirements.retire_credits(
                principal=signed_in(info),
                block_id=parse_id(input.block_id, "credit block"),
                quantity=input.quantity,
                kind=input.kind,
                beneficiary=input.beneficiary,
                note=input.note,
                acquiring_country=input.acquiring_country,
            )
        )

    @mutation(
        description="Recognise a retirement: final.", extensions=may(Action.RETIREMENT_DECIDE)
    )
    async def recognise_retirement(
        self,
        info: Info[Context, Any],
        input: Annotated[RecogniseRetirementInput, strawberry.argument(description="What to do.")],
    ) -> RetirementPayload:
        idempotency.refuse_unsupported(input.idempotency_key)
        return _retirement(
            await retirements.recognise_retirement(
                principal=signed_in(info), retirement_id=parse_id(input.id, "retirement")
            )
        )

    @mutation(
        description="Reject a retirement: the units are active again.",
        extensions=may(Action.RETIREMENT_DECIDE),
    )
    async def reject_retirement(
        self,
        info: Info[Context, Any],
        input: Annotated[RejectRetirementInput, strawberry.argument(description="What to do.")],
    ) -> RetirementPayload:
        return _retirement(
            await retirements.reject_retirement(
                principal=signed_in(info),
                retirement_id=parse_id(input.id, "retirement"),
                reason=input.reason,
            )
        )

    @mutation(
        description="Withdraw your retirement before it is decided.",
        extensions=may(Action.RETIREMENT_CANCEL),
    )
    async def cancel_retirement(
        self, info: Info[Context, Any], id: RetirementId
    ) -> RetirementPayload:
        return _retirement(
            await retirements.cancel_retirement(
                principal=signed_in(info), retirement_id=parse_id(id, "retirement")
            )
        )

    @mutation(
        description="Freeze every transfer in the registry (government).",
        extensions=may(Action.TRANSFERS_FREEZE),
    )
    async def freeze_transfers(
        self,
        info: Info[Context, Any],
        input: Annotated[FreezeTransfersInput, strawberry.argument(description="What to do.")],
    ) -> TransferFreezePayload:
        recorded = await transfers.set_transfers_frozen(
            principal=signed_in(info), frozen=True, reason=input.reason
        )
        return TransferFreezePayload(
            transfers_frozen=recorded.value.transfers_frozen, ledger_seq=recorded.ledger_seq
        )

    @mutation(
        description="Lift the transfer freeze (government).",
        extensions=may(Action.TRANSFERS_FREEZE),
    )
    async def unfreeze_transfers(self, info: Info[Context, Any]) -> TransferFreezePayload:
        recorded = await transfers.set_transfers_frozen(
            principal=signed_in(info), frozen=False, reason=None
        )
        return TransferFreezePayload(
            transfers_frozen=recorded.value.transfers_frozen, ledger_seq=recorded.ledger_seq
        )
