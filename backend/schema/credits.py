"""Credits: blocks, accounts, transfers, retirements, balances, serial lookup (GraphQL)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.models import credit as models
from backend.models.enums import (
    AccountKind,
    BlockStatus,
    RetirementKind,
    RetirementStatus,
    TransferStatus,
)
from backend.models.ledger import LedgerEntry
from backend.policy import Action
from backend.schema.ids import parse_id
from backend.schema.organisations import Organisation
from backend.schema.pagination import Connection, make_connection, page_bounds
from backend.schema.permissions import SignedIn, may, signed_in
from backend.services import article6
from backend.services.credits import issuance, queries, retirements, transfers

BlockStatusEnum = strawberry.enum(BlockStatus, name="BlockStatus", description="Where units are.")
AccountKindEnum = strawberry.enum(AccountKind, name="AccountKind", description="Whose account.")
TransferStatusEnum = strawberry.enum(
    TransferStatus, name="TransferStatus", description="Transfer state."
)
RetirementKindEnum = strawberry.enum(
    RetirementKind, name="RetirementKind", description="Why units retire."
)
RetirementStatusEnum = strawberry.enum(
    RetirementStatus, name="RetirementStatus", description="Retirement state."
)


async def load_accounts(ids: list[int]) -> list[models.Account | None]:
    found = {a.id: a for a in await models.Account.filter(id__in=ids)}
    return [found.get(i) for i in ids]


async def load_approach_codes(authorization_ids: list[int]) -> list[str | None]:
    codes = await article6.approach_codes(authorization_ids)
    return [codes.get(i) for i in authorization_ids]


async def load_blocks(ids: list[int]) -> list[models.CreditBlock | None]:
    found = {b.id: b for b in await models.CreditBlock.filter(id__in=ids)}
    return [found.get(i) for i in ids]


@strawberry.type(description="An account that holds credits: an organisation's or the registry's.")
class Account:
    row: strawberry.Private[models.Account]

    @strawberry.field(description="Account ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @strawberry.field(description="HOLDING (an organisation's) or one of the registry's accounts.")
    def kind(self) -> AccountKindEnum:  # type: ignore[valid-type]
        return self.row.kind

    @strawberry.field(description="Account name.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="The holding organisation (null for the registry's accounts).")
    async def organisation(self, info: Info[Context, Any]) -> Organisation | None:
        if self.row.organisation_id is None:
            return None
        row = await info.context.loaders.organisation.load(self.row.organisation_id)
        return Organisation(row=row) if row else None


async def _account(info: Info[Context, Any], account_id: int) -> Account:
    row = await info.context.loaders.get(load_accounts).load(account_id)
    assert row is not None
    return Account(row=row)


@strawberry.type(
    description="A block of credits: contiguous serial units in one account and status."
)
class CreditBlock:
    row: strawberry.Private[models.CreditBlock]

    @strawberry.field(description="Block ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @strawberry.field(
        description="The full serial: country-unit-scope-project-vintage-ext-start-end."
    )
    def serial(self) -> str:
        return self.row.serial

    @strawberry.field(description="The serial's first six elements.")
    def serial_prefix(self) -> str:
        return self.row.serial_prefix

    @strawberry.field(description="First unit (registry-wide serial number).")
    def serial_start(self) -> int:
        return int(self.row.serial_start)

    @strawberry.field(description="Last unit.")
    def serial_end(self) -> int:
        return int(self.row.serial_end)

    @strawberry.field(description="Units in the block: end - start + 1.")
    def quantity(self) -> int:
        return self.row.quantity

    @strawberry.field(description="Vintage year.")
    def vintage(self) -> int:
        return self.row.vintage

    @strawberry.field(description="ACTIVE, RESERVED, RETIRED or CANCELLED.")
    def status(self) -> BlockStatusEnum:  # type: ignore[valid-type]
        return self.row.status

    @strawberry.field(description="The project the credits were issued for.")
    def project_id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.project_id))

    @strawberry.field(description="The block this one was split from, if any.")
    def parent_id(self) -> strawberry.ID | None:
        return strawberry.ID(str(self.row.parent_id)) if self.row.parent_id else None

    @strawberry.field(description="The account holding the block.")
    async def holder(self, info: Info[Context, Any]) -> Account:
        return await _account(info, self.row.holder_id)

    async def _itmo(self, info: Info[Context, Any]) -> tuple[str, str] | None:
        if self.row.authorization_id is None:
            return None
        code = await info.context.loaders.get(load_approach_codes).load(self.row.authorization_id)
        return article6.block_itmo_range(self.row, code) if code else None

    @strawberry.field(
        description="Authorised (ITMO) blocks: the first unit's Article 6.2 unique "
        "identifier (6/CMA.4 annex I para 5), e.g. CA0004-VUT01-VUT-751-2024."
    )
    async def itmo_first_id(self, info: Info[Context, Any]) -> str | None:
        found = await self._itmo(info)
        return found[0] if found else None

    @strawberry.field(description="Authorised (ITMO) blocks: the last unit's identifier.")
    async def itmo_last_id(self, info: Info[Context, Any]) -> str | None:
        found = await self._itmo(info)
        return found[1] if found else None


async def _block(info: Info[Context, Any], block_id: int) -> CreditBlock:
    row = await info.context.loaders.get(load_blocks).load(block_id)
    assert row is not None
    return CreditBlock(row=row)


@strawberry.type(description="A transfer of units between accounts.")
class Transfer:
    row: strawberry.Private[models.Transfer]

    @strawberry.field(description="Transfer ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @strawberry.field(description="Units transferred.")
    def quantity(self) -> int:
        return int(self.row.quantity)

    @strawberry.field(description="REQUESTED, COMPLETED, REJECTED or CANCELLED.")
    def status(self) -> TransferStatusEnum:  # type: ignore[valid-type]
        return self.row.status

    @strawberry.field(description="Why it was rejected.")
    def status_reason(self) -> str | None:
        return self.row.status_reason

    @strawberry.field(description="When it was asked for (UTC).")
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field(description="When it was completed, rejected or cancelled (UTC).")
    def decided_at(self) -> datetime | None:
        return self.row.decided_at

    @strawberry.field(description="The block the units came from.")
    async def block(self, info: Info[Context, Any]) -> CreditBlock:
        return await _block(info, self.row.block_id)

    @strawberry.field(description="The block that holds the moved units now.")
    async def moved_block(self, info: Info[Context, Any]) -> CreditBlock | None:
        return await _block(info, self.row.moved_block_id) if self.row.moved_block_id else None

    @strawberry.field(description="Sending account.")
    async def from_account(self, info: Info[Context, Any]) -> Account:
        return await _account(info, self.row.from_account_id)

    @strawberry.field(description="Receiving account.")
    async def to_account(self, info: Info[Context, Any]) -> Account:
        return await _account(info, self.row.to_account_id)


@strawberry.type(description="A retirement: units reserved, then retired for good or released.")
class Retirement:
    row: strawberry.Private[models.Retirement]

    @strawberry.field(description="Retirement ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @strawberry.field(description="Units retired.")
    def quantity(self) -> int:
        return int(self.row.quantity)

    @strawberry.field(description="Kind of retirement.")
    def kind(self) -> RetirementKindEnum:  # type: ignore[valid-type]
        return self.row.kind

    @strawberry.field(description="On whose behalf.")
    def beneficiary(self) -> str:
        return self.row.beneficiary

    @strawberry.field(description="Free note.")
    def note(self) -> str | None:
        return self.row.note

    @strawberry.field(description="For a FIRST_TRANSFER: the acquiring country (ISO alpha-3).")
    def acquiring_country(self) -> str | None:
        return self.row.acquiring_country

    @strawberry.field(description="REQUESTED, RECOGNISED, REJECTED or CANCELLED.")
    def status(self) -> RetirementStatusEnum:  # type: ignore[valid-type]
        return self.row.status

    @strawberry.field(description="Why it was rejected.")
    def status_reason(self) -> str | None:
        return self.row.status_reason

    @strawberry.field(description="The reserved (then retired) block.")
    async def block(self, info: Info[Context, Any]) -> CreditBlock:
        return await _block(info, self.row.block_id)


@strawberry.type(description="Units of one account, per status.")
class Balance:
    account: Account = strawberry.field(description="The account.")
    active: int = strawberry.field(description="Units that can move or retire.")
    reserved: int = strawberry.field(description="Units reserved for pending retirements.")
    retired: int = strawberry.field(description="Units retired for good.")
    cancelled: int = strawberry.field(description="Units cancelled (e.g. OMGE).")


@strawberry.type(description="A ledger entry in a unit's history.")
class HistoryEntry:
    seq: int = strawberry.field(description="The entry's seq (ask for its inclusion proof).")
    type: str = strawberry.field(description="What happened.")
    at: str = strawberry.field(description="When (UTC, ISO 8601).")


@strawberry.type(description="Where a unit is now, and everything that happened to it.")
class SerialLookupResult:
    unit: int = strawberry.field(description="The unit's serial number.")
    block: CreditBlock = strawberry.field(description="The block holding it now.")
    history: list[HistoryEntry] = strawberry.field(description="Issuance first, in ledger order.")


def _history(entries: list[LedgerEntry]) -> list[HistoryEntry]:
    bodies = [(e.seq, json.loads(bytes(e.body))) for e in entries]
    return [HistoryEntry(seq=seq, type=body["type"], at=body["at"]) for seq, body in bodies]


@strawberry.type(description="The result of a credit operation.")
class CreditPayload:
    ledger_seq: int = strawberry.field(description="The ledger entry recording it.")
    transfer: Transfer | None = strawberry.field(default=None, description="The transfer, if any.")
    retirement: Retirement | None = strawberry.field(default=None, description="The retirement.")
    issuance_id: strawberry.ID | None = strawberry.field(default=None, description="The issuance.")


@strawberry.input(description="Units to move to another organisation.")
class TransferCreditsInput:
    block_id: strawberry.ID = strawberry.field(description="The block to take them from.")
    quantity: int = strawberry.field(description="How many units (whole).")
    to_organisation_id: strawberry.ID = strawberry.field(description="The receiving organisation.")


@strawberry.input(description="Units to retire.")
class RetireCreditsInput:
    block_id: strawberry.ID = strawberry.field(description="The block to take them from.")
    quantity: int = strawberry.field(description="How many units.")
    kind: RetirementKindEnum = strawberry.field(description="Kind of retirement.")  # type: ignore[valid-type]
    beneficiary: str = strawberry.field(description="On whose behalf.")
    note: str | None = strawberry.field(default=None, description="Free note.")
    acquiring_country: str | None = strawberry.field(
        default=None,
        description=(
            "FIRST_TRANSFER only: the acquiring Party, ISO alpha-3; one the units' Article 6.2 "
            "authorization names (or, if it names none, a Party to its cooperative approach)."
        ),
    )


def _transfer(recorded: Any) -> CreditPayload:
    return CreditPayload(ledger_seq=recorded.ledger_seq, transfer=Transfer(row=recorded.value))


def _retirement(recorded: Any) -> CreditPayload:
    return CreditPayload(ledger_seq=recorded.ledger_seq, retirement=Retirement(row=recorded.value))


@strawberry.type
class CreditQuery:
    @strawberry.field(
        description="Credit blocks: government sees all, others their holdings.",
        permission_classes=[SignedIn],
    )
    async def credit_blocks(
        self,
        info: Info[Context, Any],
        holder_id: strawberry.ID | None = None,
        project_id: strawberry.ID | None = None,
        vintage: int | None = None,
        status: BlockStatusEnum | None = None,  # type: ignore[valid-type]
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[CreditBlock]:
        offset, limit = page_bounds(first, after)
        rows, total = await queries.list_blocks(
            principal=signed_in(info),
            holder_organisation_id=parse_id(holder_id, "organisation") if holder_id else None,
            project_id=parse_id(project_id, "project") if project_id else None,
            vintage=vintage,
            status=status,
            offset=offset,
            limit=limit,
        )
        return make_connection([CreditBlock(row=r) for r in rows], offset=offset, total=total)

    @strawberry.field(
        description="Transfers in and out of the caller's account (all for government).",
        permission_classes=[SignedIn],
    )
    async def transfers(
        self,
        info: Info[Context, Any],
        status: TransferStatusEnum | None = None,  # type: ignore[valid-type]
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[Transfer]:
        offset, limit = page_bounds(first, after)
        rows, total = await queries.list_transfers(
            principal=signed_in(info), status=status, offset=offset, limit=limit
        )
        return make_connection([Transfer(row=r) for r in rows], offset=offset, total=total)

    @strawberry.field(
        description="Retirements (the caller's; all for government).", permission_classes=[SignedIn]
    )
    async def retirements(
        self,
        info: Info[Context, Any],
        status: RetirementStatusEnum | None = None,  # type: ignore[valid-type]
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[Retirement]:
        offset, limit = page_bounds(first, after)
        rows, total = await queries.list_retirements(
            principal=signed_in(info), status=status, offset=offset, limit=limit
        )
        return make_connection([Retirement(row=r) for r in rows], offset=offset, total=total)

    @strawberry.field(description="Units per account and status.", permission_classes=[SignedIn])
    async def balances(self, info: Info[Context, Any]) -> list[Balance]:
        rows = await queries.balances(principal=signed_in(info))
        return [
            Balance(
                account=Account(row=b.account),
                active=b.by_status.get(BlockStatus.ACTIVE, 0),
                reserved=b.by_status.get(BlockStatus.RESERVED, 0),
                retired=b.by_status.get(BlockStatus.RETIRED, 0),
                cancelled=b.by_status.get(BlockStatus.CANCELLED, 0),
            )
            for b in rows
        ]

    @strawberry.field(
        description="The block holding any unit (e.g. VU-ITMO-1-356-2024-0-812) and "
        "its history back to issuance. Public."
    )
    async def serial_lookup(self, serial: str) -> SerialLookupResult:
        found = await queries.serial_lookup(serial)
        return SerialLookupResult(
            unit=found.unit, block=CreditBlock(row=found.block), history=_history(found.history)
        )


@strawberry.type
class CreditMutation:
    @strawberry.mutation(
        description="Issue an approved monitoring period's verified credits.",
        extensions=may(Action.CREDITS_ISSUE),
    )
    async def issue_credits(
        self, info: Info[Context, Any], monitoring_report_id: strawberry.ID
    ) -> CreditPayload:
        recorded = await issuance.issue_credits(
            principal=signed_in(info),
            monitoring_report_id=parse_id(monitoring_report_id, "monitoring report"),
        )
        return CreditPayload(
            ledger_seq=recorded.ledger_seq, issuance_id=strawberry.ID(str(recorded.value.id))
        )

    @strawberry.mutation(
        description="Move units of your block to another organisation now.",
        extensions=may(Action.CREDITS_TRANSFER),
    )
    async def transfer_credits(
        self, info: Info[Context, Any], input: TransferCreditsInput
    ) -> CreditPayload:
        return _transfer(
            await transfers.transfer_credits(
                principal=signed_in(info),
                block_id=parse_id(input.block_id, "credit block"),
                quantity=input.quantity,
                to_organisation_id=parse_id(input.to_organisation_id, "organisation"),
            )
        )

    @strawberry.mutation(
        description="Ask a block's holder for some of its units.",
        extensions=may(Action.TRANSFER_REQUEST),
    )
    async def request_transfer(
        self, info: Info[Context, Any], block_id: strawberry.ID, quantity: int
    ) -> CreditPayload:
        return _transfer(
            await transfers.request_transfer(
                principal=signed_in(info),
                block_id=parse_id(block_id, "credit block"),
                quantity=quantity,
            )
        )

    @strawberry.mutation(
        description="Approve a transfer requested from you.",
        extensions=may(Action.TRANSFER_DECIDE),
    )
    async def approve_transfer(self, info: Info[Context, Any], id: strawberry.ID) -> CreditPayload:
        return _transfer(
            await transfers.approve_transfer(
                principal=signed_in(info), transfer_id=parse_id(id, "transfer")
            )
        )

    @strawberry.mutation(
        description="Refuse a transfer requested from you.", extensions=may(Action.TRANSFER_DECIDE)
    )
    async def reject_transfer(
        self, info: Info[Context, Any], id: strawberry.ID, reason: str
    ) -> CreditPayload:
        return _transfer(
            await transfers.reject_transfer(
                principal=signed_in(info), transfer_id=parse_id(id, "transfer"), reason=reason
            )
        )

    @strawberry.mutation(
        description="Withdraw your transfer request.", extensions=may(Action.TRANSFER_CANCEL)
    )
    async def cancel_transfer(self, info: Info[Context, Any], id: strawberry.ID) -> CreditPayload:
        return _transfer(
            await transfers.cancel_transfer(
                principal=signed_in(info), transfer_id=parse_id(id, "transfer")
            )
        )

    @strawberry.mutation(
        description="Reserve units for retirement until the government decides.",
        extensions=may(Action.CREDITS_RETIRE),
    )
    async def retire_credits(
        self, info: Info[Context, Any], input: RetireCreditsInput
    ) -> CreditPayload:
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

    @strawberry.mutation(
        description="Recognise a retirement: final.", extensions=may(Action.RETIREMENT_DECIDE)
    )
    async def recognise_retirement(
        self, info: Info[Context, Any], id: strawberry.ID
    ) -> CreditPayload:
        return _retirement(
            await retirements.recognise_retirement(
                principal=signed_in(info), retirement_id=parse_id(id, "retirement")
            )
        )

    @strawberry.mutation(
        description="Reject a retirement: the units are active again.",
        extensions=may(Action.RETIREMENT_DECIDE),
    )
    async def reject_retirement(
        self, info: Info[Context, Any], id: strawberry.ID, reason: str
    ) -> CreditPayload:
        return _retirement(
            await retirements.reject_retirement(
                principal=signed_in(info), retirement_id=parse_id(id, "retirement"), reason=reason
            )
        )

    @strawberry.mutation(
        description="Withdraw your retirement before it is decided.",
        extensions=may(Action.RETIREMENT_CANCEL),
    )
    async def cancel_retirement(self, info: Info[Context, Any], id: strawberry.ID) -> CreditPayload:
        return _retirement(
            await retirements.cancel_retirement(
                principal=signed_in(info), retirement_id=parse_id(id, "retirement")
            )
        )

    @strawberry.mutation(
        description="Freeze every transfer in the registry (government).",
        extensions=may(Action.TRANSFERS_FREEZE),
    )
    async def freeze_transfers(self, info: Info[Context, Any], reason: str) -> CreditPayload:
        recorded = await transfers.set_transfers_frozen(
            principal=signed_in(info), frozen=True, reason=reason
        )
        return CreditPayload(ledger_seq=recorded.ledger_seq)

    @strawberry.mutation(
        description="Lift the transfer freeze (government).",
        extensions=may(Action.TRANSFERS_FREEZE),
    )
    async def unfreeze_transfers(self, info: Info[Context, Any]) -> CreditPayload:
        recorded = await transfers.set_transfers_frozen(
            principal=signed_in(info), frozen=False, reason=None
        )
        return CreditPayload(ledger_seq=recorded.ledger_seq)
