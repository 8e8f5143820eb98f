"""What happened to an issuance's units, rebuilt from its ledger entries alone: the unit events
(issued, transferred, retired) and the blocks as they stood after any prefix of the ledger."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from backend.models.credit import CreditBlock
from backend.models.enums import BlockStatus, RetirementKind
from backend.models.ledger import LedgerEntry
from backend.services.article6 import UnitEvent, UnitEventKind

AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


@dataclass(frozen=True)
class ParsedEntry:
    seq: int
    type: str
    at: datetime
    data: dict[str, Any]


@dataclass
class BlockState:
    block_id: int
    start: int
    end: int
    holder: str
    status: BlockStatus


@dataclass(frozen=True)
class _Pending:
    block_id: int
    start: int
    end: int
    holder: str
    kind: RetirementKind
    acquiring_country: str | None


@dataclass
class IssuanceHistory:
    """An issuance replayed from its ledger entries (those before `until`, if given)."""

    issuance_id: int
    events: list[UnitEvent] = field(default_factory=list)
    blocks: dict[int, BlockState] = field(default_factory=dict)
    pending: dict[int, _Pending] = field(default_factory=dict)
    authorized: list[tuple[int, int]] = field(default_factory=list)  # units issued as ITMOs

    def apply(self, entry: ParsedEntry) -> None:
        """Apply one credits.* entry of this issuance (others are ignored)."""
        handler = _HANDLERS.get(entry.type)
        if handler is not None:
            handler(self, entry)

    def held(self) -> list[BlockState]:
        """Blocks still in an account of this registry (ACTIVE or RESERVED), by first unit."""
        kept = (BlockStatus.ACTIVE, BlockStatus.RESERVED)
        return sorted((b for b in self.blocks.values() if b.status in kept), key=lambda b: b.start)


def parse_entry(row: LedgerEntry) -> ParsedEntry:
    """The seq, type, UTC time and data of a stored entry."""
    body = json.loads(bytes(row.body))
    at = datetime.strptime(body["at"], AT_FORMAT).replace(tzinfo=UTC)
    return ParsedEntry(int(row.seq), str(body["type"]), at, dict(body["data"]))


def _issued(history: IssuanceHistory, entry: ParsedEntry) -> None:
    for block in entry.data["blocks"]:
        status = BlockStatus(block["status"])
        state = BlockState(
            int(block["block_id"]),
            int(block["start"]),
            int(block["end"]),
            str(block["holder"]),
            status,
        )
        history.blocks[state.block_id] = state
        # Entries written before an authorization could run out name none: all theirs are.
        if block.get("authorization", "") is not None:
            history.authorized.append((state.start, state.end))
        history.events.append(
            UnitEvent(
                entry.seq,
                entry.at,
                UnitEventKind.ISSUED,
                state.start,
                state.end,
                state.holder,
                cancelled=status is BlockStatus.CANCELLED,
            )
        )


def _split(history: IssuanceHistory, data: dict[str, Any], holder: str, status: BlockStatus) -> int:
    """Apply a split_off recorded in data; returns the block now holding the moved units."""
    source = history.blocks[int(data["block_id"])]
    start, end = int(data["start"]), int(data["end"])
    if data.get("new_block_id") is None:
        source.holder, source.status = holder, status
        return source.block_id
    source.end = start - 1
    moved = BlockState(int(data["new_block_id"]), start, end, holder, status)
    history.blocks[moved.block_id] = moved
    return moved.block_id


def _transferred(history: IssuanceHistory, entry: ParsedEntry) -> None:
    data = entry.data
    _split(history, data, str(data["to"]), BlockStatus.ACTIVE)
    history.events.append(
        UnitEvent(
            entry.seq,
            entry.at,
            UnitEventKind.TRANSFERRED,
            int(data["start"]),
            int(data["end"]),
            str(data["to"]),
            from_holder=str(data["from"]),
        )
    )


def _retirement_requested(history: IssuanceHistory, entry: ParsedEntry) -> None:
    data = entry.data
    block_id = _split(history, data, str(data["holder"]), BlockStatus.RESERVED)
    history.pending[int(data["retirement_id"])] = _Pending(
        block_id,
        int(data["start"]),
        int(data["end"]),
        str(data["holder"]),
        RetirementKind(data["kind"]),
        data.get("acquiring_country"),
    )


def _retirement_recognised(history: IssuanceHistory, entry: ParsedEntry) -> None:
    retirement_id = int(entry.data["retirement_id"])
    pending = history.pending.pop(retirement_id)
    history.blocks[pending.block_id].status = BlockStatus.RETIRED
    history.events.append(
        UnitEvent(
            entry.seq,
            entry.at,
            UnitEventKind.RETIRED,
            pending.start,
            pending.end,
            pending.holder,
            retirement_id=retirement_id,
            retirement_kind=pending.kind,
            acquiring_country=pending.acquiring_country,
        )
    )


def _retirement_released(history: IssuanceHistory, entry: ParsedEntry) -> None:
    pending = history.pending.pop(int(entry.data["retirement_id"]))
    history.blocks[pending.block_id].status = BlockStatus.ACTIVE


_HANDLERS = {
    "credits.issued": _issued,
    "credits.transferred": _transferred,
    "credits.retirement_requested": _retirement_requested,
    "credits.retirement_recognised": _retirement_recognised,
    "credits.retirement_rejected": _retirement_released,
    "credits.retirement_cancelled": _retirement_released,
}


def replay(
    issuance_id: int, entries: Iterable[ParsedEntry], *, until: datetime | None = None
) -> IssuanceHistory:
    """Replay an issuance's entries in seq order, stopping before the first one at or after
    `until` (UTC), if given."""
    history = IssuanceHistory(issuance_id)
    for entry in sorted(entries, key=lambda e: e.seq):
        if until is not None and entry.at >= until:
            break
        history.apply(entry)
    return history


async def entries_of(issuance_ids: Sequence[int]) -> dict[int, list[ParsedEntry]]:
    """Every ledger entry about these issuances, parsed, by issuance, in seq order."""
    subjects = {f"issuance:{i}": i for i in issuance_ids}
    found: dict[int, list[ParsedEntry]] = {i: [] for i in issuance_ids}
    if not subjects:
        return found
    for row in await LedgerEntry.filter(subject__in=list(subjects)).order_by("seq"):
        found[subjects[str(row.subject)]].append(parse_entry(row))
    return found


async def authorised_issuances() -> dict[int, int]:
    """Issuance ID → authorization primary key, for every issuance whose blocks are ITMOs."""
    rows = await CreditBlock.filter(authorization_id__isnull=False).values_list(
        "issuance_id", "authorization_id"
    )
    return {int(issuance): int(authorization) for issuance, authorization in sorted(set(rows))}
