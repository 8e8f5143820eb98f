"""Credit queries: blocks, transfers, retirements, balances and the public serial lookup."""

from __future__ import annotations

import json
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.models.ledger import LedgerEntry
from backend.schema.credits import (
    Account,
    Balance,
    CreditBlock,
    HistoryEntry,
    Retirement,
    SerialLookupResult,
    Transfer,
)
from backend.schema.enums import (
    BlockStatus,
    RetirementKind,
    RetirementStatus,
    TransferStatus,
)
from backend.schema.fields import field
from backend.schema.ids import parse_id
from backend.schema.list_arguments import checked
from backend.schema.pagination import After, Connection, First, make_connection, page_bounds
from backend.schema.permissions import SignedIn, signed_in
from backend.services.credits import queries


def _history(entries: list[LedgerEntry]) -> list[HistoryEntry]:
    bodies = [(e.seq, json.loads(bytes(e.body))) for e in entries]
    return [HistoryEntry(seq=seq, type=body["type"], at=body["at"]) for seq, body in bodies]


@strawberry.type
class CreditQuery:
    @field(
        description="Credit blocks: government sees all, others their holdings.",
        permission_classes=[SignedIn],
        extensions=checked("creditBlocks"),
    )
    async def credit_blocks(
        self,
        info: Info[Context, Any],
        holder_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only blocks held by this organisation."),
        ] = None,
        project_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this project's blocks.")
        ] = None,
        vintage: Annotated[
            int | None, strawberry.argument(description="Only blocks of this vintage year.")
        ] = None,
        status: Annotated[
            BlockStatus | None, strawberry.argument(description="Only blocks in this status.")
        ] = None,
        itmo: Annotated[
            bool | None,
            strawberry.argument(
                description="true: only ITMO blocks (an Article 6.2 authorization covers them); "
                "false: only the others."
            ),
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> Connection[CreditBlock]:
        offset, limit = page_bounds(first, after)
        rows, total = await queries.list_blocks(
            principal=signed_in(info),
            holder_organisation_id=parse_id(holder_id, "organisation") if holder_id else None,
            project_id=parse_id(project_id, "project") if project_id else None,
            vintage=vintage,
            status=status,
            itmo=itmo,
            offset=offset,
            limit=limit,
        )
        return make_connection([CreditBlock(row=r) for r in rows], offset=offset, total=total)

    @field(
        description="Transfers in and out of the caller's account (all for government).",
        permission_classes=[SignedIn],
        extensions=checked("transfers"),
    )
    async def transfers(
        self,
        info: Info[Context, Any],
        status: Annotated[
            TransferStatus | None,
            strawberry.argument(description="Only transfers in this status."),
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> Connection[Transfer]:
        offset, limit = page_bounds(first, after)
        rows, total = await queries.list_transfers(
            principal=signed_in(info), status=status, offset=offset, limit=limit
        )
        return make_connection([Transfer(row=r) for r in rows], offset=offset, total=total)

    @field(
        description="Retirements (the caller's; all for government).",
        permission_classes=[SignedIn],
        extensions=checked("retirements"),
    )
    async def retirements(
        self,
        info: Info[Context, Any],
        status: Annotated[
            RetirementStatus | None,
            strawberry.argument(description="Only retirements in this status."),
        ] = None,
        kind: Annotated[
            RetirementKind | None,
            strawberry.argument(description="Only retirements of this kind (FIRST_TRANSFER...)."),
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> Connection[Retirement]:
        offset, limit = page_bounds(first, after)
        rows, total = await queries.list_retirements(
            principal=signed_in(info), status=status, kind=kind, offset=offset, limit=limit
        )
        return make_connection([Retirement(row=r) for r in rows], offset=offset, total=total)

    @field(description="Units per account and status.", permission_classes=[SignedIn])
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

    @field(
        description="The block holding any unit (e.g. VU-ITMO-1-356-2024-0-812) and "
        "its history back to issuance. Public."
    )
    async def serial_lookup(
        self,
        serial: Annotated[
            str,
            strawberry.argument(
                description="A unit serial, a block serial (its first unit is looked up) or a "
                "bare unit number."
            ),
        ],
    ) -> SerialLookupResult:
        found = await queries.serial_lookup(serial)
        return SerialLookupResult(
            unit=found.unit, block=CreditBlock(row=found.block), history=_history(found.history)
        )
