"""Credit types: blocks, accounts, issuances, transfers, retirements, balances, unit history.
Queries are in credit_queries, mutations in credit_mutations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.models import credit as models
from backend.schema.enums import (
    AccountKind,
    BlockStatus,
    RetirementKind,
    RetirementStatus,
    TransferStatus,
)
from backend.schema.fields import field
from backend.schema.organisations import Organisation
from backend.schema.project_loaders import load_certifiers_by_project
from backend.schema.scalars import SafeInt
from backend.schema.viewer_actions import CreditBlockAction, RetirementAction, TransferAction
from backend.services import article6, viewer_actions
from backend.services.letters import paths


async def load_accounts(ids: list[int]) -> list[models.Account | None]:
    found = {a.id: a for a in await models.Account.filter(id__in=ids)}
    return [found.get(i) for i in ids]


async def load_approach_codes(authorization_ids: list[int]) -> list[str | None]:
    codes = await article6.approach_codes(authorization_ids)
    return [codes.get(i) for i in authorization_ids]


async def load_transfers_frozen(keys: list[None]) -> list[bool]:
    """Whether transfers are frozen, read once per request however many rows ask."""
    frozen = await viewer_actions.transfers_frozen()
    return [frozen for _ in keys]


async def load_blocks(ids: list[int]) -> list[models.CreditBlock | None]:
    found = {b.id: b for b in await models.CreditBlock.filter(id__in=ids)}
    return [found.get(i) for i in ids]


@strawberry.type(description="An account that holds credits: an organisation's or the registry's.")
class Account:
    row: strawberry.Private[models.Account]

    @field(description="Account ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="HOLDING (an organisation's) or one of the registry's accounts.")
    def kind(self) -> AccountKind:
        return self.row.kind

    @field(description="Account name.")
    def name(self) -> str:
        return self.row.name

    @field(description="The holding organisation (null for the registry's accounts).")
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

    @field(description="What you may do with this block now (its holder, or another holder).")
    async def viewer_may(self, info: Info[Context, Any]) -> list[CreditBlockAction]:
        holder = await info.context.loaders.get(load_accounts).load(self.row.holder_id)
        organisation_id = None if holder is None else holder.organisation_id
        certifications = await info.context.loaders.get(load_certifiers_by_project).load(
            self.row.project_id
        )
        certifiers = frozenset(c.organisation_id for c in certifications)
        principal = info.context.principal
        frozen = await info.context.loaders.get(load_transfers_frozen).load(None)
        return viewer_actions.block_actions(
            principal, self.row, organisation_id, certifiers, transfers_frozen=frozen
        )

    @field(description="Block ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="The full serial: country-unit-scope-project-vintage-ext-start-end.")
    def serial(self) -> str:
        return self.row.serial

    @field(description="The serial's first six elements.")
    def serial_prefix(self) -> str:
        return self.row.serial_prefix

    @field(description="First unit (registry-wide serial number).")
    def serial_start(self) -> int:
        return int(self.row.serial_start)

    @field(description="Last unit.")
    def serial_end(self) -> int:
        return int(self.row.serial_end)

    @field(description="Units in the block: end - start + 1.")
    def quantity(self) -> int:
        return self.row.quantity

    @field(description="Vintage year.")
    def vintage(self) -> int:
        return self.row.vintage

    @field(description="ACTIVE, RESERVED, RETIRED or CANCELLED.")
    def status(self) -> BlockStatus:
        return self.row.status

    @field(description="The project the credits were issued for.")
    def project_id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.project_id))

    @field(description="The block this one was split from, if any.")
    def parent_id(self) -> strawberry.ID | None:
        return strawberry.ID(str(self.row.parent_id)) if self.row.parent_id else None

    @field(description="Where to download the statement of the issuance that made it (PDF).")
    def issuance_statement_path(self) -> str:
        return paths.path(paths.ISSUANCE_STATEMENT, self.row.id)

    @field(description="The account holding the block.")
    async def holder(self, info: Info[Context, Any]) -> Account:
        return await _account(info, self.row.holder_id)

    async def _itmo(self, info: Info[Context, Any]) -> tuple[str, str] | None:
        if self.row.authorization_id is None:
            return None
        code = await info.context.loaders.get(load_approach_codes).load(self.row.authorization_id)
        return article6.block_itmo_range(self.row, code) if code else None

    @field(
        description="Authorised (ITMO) blocks: the first unit's Article 6.2 unique "
        "identifier (6/CMA.4 annex I para 5), e.g. CA0004-VUT01-VUT-751-2024."
    )
    async def itmo_first_id(self, info: Info[Context, Any]) -> str | None:
        found = await self._itmo(info)
        return found[0] if found else None

    @field(description="Authorised (ITMO) blocks: the last unit's identifier.")
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

    @field(description="What you may do with this transfer now (sender or requester).")
    async def viewer_may(self, info: Info[Context, Any]) -> list[TransferAction]:
        sender = await info.context.loaders.get(load_accounts).load(self.row.from_account_id)
        organisation_id = None if sender is None else sender.organisation_id
        frozen = await info.context.loaders.get(load_transfers_frozen).load(None)
        return viewer_actions.transfer_actions(
            info.context.principal, self.row, organisation_id, transfers_frozen=frozen
        )

    @field(description="Transfer ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="Units transferred.")
    def quantity(self) -> int:
        return int(self.row.quantity)

    @field(description="REQUESTED, COMPLETED, REJECTED or CANCELLED.")
    def status(self) -> TransferStatus:
        return self.row.status

    @field(description="Why it was rejected.")
    def status_reason(self) -> str | None:
        return self.row.status_reason

    @field(description="When it was asked for (UTC).")
    def created_at(self) -> datetime:
        return self.row.created_at

    @field(description="When it was completed, rejected or cancelled (UTC).")
    def decided_at(self) -> datetime | None:
        return self.row.decided_at

    @field(description="The block the units came from.")
    async def block(self, info: Info[Context, Any]) -> CreditBlock:
        return await _block(info, self.row.block_id)

    @field(description="The block that holds the moved units now.")
    async def moved_block(self, info: Info[Context, Any]) -> CreditBlock | None:
        return await _block(info, self.row.moved_block_id) if self.row.moved_block_id else None

    @field(description="Sending account.")
    async def from_account(self, info: Info[Context, Any]) -> Account:
        return await _account(info, self.row.from_account_id)

    @field(description="Receiving account.")
    async def to_account(self, info: Info[Context, Any]) -> Account:
        return await _account(info, self.row.to_account_id)


@strawberry.type(description="A retirement: units reserved, then retired for good or released.")
class Retirement:
    row: strawberry.Private[models.Retirement]

    @field(description="What you may do with this retirement now (government or requester).")
    def viewer_may(self, info: Info[Context, Any]) -> list[RetirementAction]:
        return viewer_actions.retirement_actions(info.context.principal, self.row)

    @field(description="Retirement ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="Units retired.")
    def quantity(self) -> int:
        return int(self.row.quantity)

    @field(description="Kind of retirement.")
    def kind(self) -> RetirementKind:
        return self.row.kind

    @field(description="On whose behalf.")
    def beneficiary(self) -> str:
        return self.row.beneficiary

    @field(description="Free note.")
    def note(self) -> str | None:
        return self.row.note

    @field(description="For a FIRST_TRANSFER: the acquiring country (ISO alpha-3).")
    def acquiring_country(self) -> str | None:
        return self.row.acquiring_country

    @field(description="REQUESTED, RECOGNISED, REJECTED or CANCELLED.")
    def status(self) -> RetirementStatus:
        return self.row.status

    @field(description="Why it was rejected.")
    def status_reason(self) -> str | None:
        return self.row.status_reason

    @field(description="The reserved (then retired) block.")
    async def block(self, info: Info[Context, Any]) -> CreditBlock:
        return await _block(info, self.row.block_id)

    @field(
        description="Where to download its retirement certificate (PDF, public) once "
        "recognised; null before."
    )
    def certificate_path(self) -> str | None:
        recognised = self.row.status is RetirementStatus.RECOGNISED
        return paths.path(paths.RETIREMENT_CERTIFICATE, self.row.id) if recognised else None


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


@strawberry.type(description="One issuance: an approved monitoring period's verified credits.")
class Issuance:
    row: strawberry.Private[models.Issuance]

    @field(description="Issuance ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="The project the credits were issued for.")
    def project_id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.project_id))

    @field(description="The monitoring report whose verified quantity was issued.")
    def monitoring_report_id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.monitoring_report_id))

    @field(description="Vintage year (the monitoring period's last year).")
    def vintage(self) -> int:
        return self.row.vintage

    @field(description="Units issued in all (tCO2e), deductions included.")
    def quantity(self) -> SafeInt:
        return SafeInt(int(self.row.quantity))

    @field(description="First unit issued (registry-wide serial number).")
    def serial_start(self) -> SafeInt:
        return SafeInt(int(self.row.serial_start))

    @field(description="Last unit issued.")
    def serial_end(self) -> SafeInt:
        return SafeInt(int(self.row.serial_end))

    @field(description="When it was issued (UTC).")
    def issued_at(self) -> datetime:
        return self.row.issued_at
