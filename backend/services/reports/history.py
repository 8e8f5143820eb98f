"""What happened to an issuance's units, rebuilt from its ledger entries alone: the unit events
(issued, transferred, retired) and the blocks as they stood after any prefix of the ledger."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from backend.ledger import entries
from backend.ledger.entries import (
    CreditsIssued,
    CreditsTransferred,
    RetirementDecided,
    RetirementDecidedV1,
    RetirementRequested,
    TransferClosed,
    TransferClosedV1,
    TransferRequested,
    TransferRequestedV1,
)
from backend.models.credit import CreditBlock
from backend.models.enums import BlockStatus, RetirementKind
from backend.models.ledger import LedgerEntry
from backend.services.article6 import UnitEvent, UnitEventKind

AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ParsedEntry:
    seq: int
    type: str
    at: datetime
    data: dict[str, Any]
    version: int = 1

    def record(self) -> entries.Entry:
        """The entry as its declared record, in its type's current shape where that is lossless
        (an older body whose shape is not kept as is stays its own version's record)."""
        return entries.read(self.type, self.version, self.data).current()


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
    """An issuance replayed from its ledger entries (those before `until`, if given).
    `concerned` holds, per entry, the units it concerned: (seq, start, end), one per range."""

    issuance_id: int
    events: list[UnitEvent] = field(default_factory=list)
    blocks: dict[int, BlockState] = field(default_factory=dict)
    pending: dict[int, _Pending] = field(default_factory=dict)
    requested: dict[int, tuple[int, int]] = field(default_factory=dict)  # transfer -> units
    authorized: list[tuple[int, int]] = field(default_factory=list)  # units issued as ITMOs
    concerned: list[tuple[int, int, int]] = field(default_factory=list)

    def apply(self, entry: ParsedEntry) -> None:
        """Apply one credits.* entry of this issuance (others are ignored)."""
        handler = _HANDLERS.get(entry.type)
        if handler is None:
            return
        try:
            handler(self, entry.seq, entry.at, entry.record())
        except KeyError as missing:
            # An entry naming a block or request this issuance's entries never made: the
            # ledger contradicts itself, which the verifier and the self-audit report; the
            # history leaves the entry out rather than failing every lookup of the issuance.
            log.warning(
                "issuance %s: entry %s names unknown %s", self.issuance_id, entry.seq, missing
            )

    def held(self) -> list[BlockState]:
        """Blocks still in an account of this registry (ACTIVE or RESERVED), by first unit."""
        kept = (BlockStatus.ACTIVE, BlockStatus.RESERVED)
        return sorted((b for b in self.blocks.values() if b.status in kept), key=lambda b: b.start)

    def seqs_concerning(self, unit: int) -> list[int]:
        """The seqs of the entries that concerned unit, in order."""
        return sorted({seq for seq, start, end in self.concerned if start <= unit <= end})


def parse_entry(row: LedgerEntry) -> ParsedEntry:
    """The seq, type, UTC time, data and body version of a stored entry."""
    body = json.loads(bytes(row.body))
    at = datetime.strptime(body["at"], AT_FORMAT).replace(tzinfo=UTC)
    return ParsedEntry(int(row.seq), str(body["type"]), at, dict(body["data"]), int(body["v"]))


Handler = Callable[["IssuanceHistory", int, datetime, Any], None]


def _issued(history: IssuanceHistory, seq: int, at: datetime, record: CreditsIssued) -> None:
    for block in record.blocks:
        status = BlockStatus(block["status"])
        state = BlockState(block["block_id"], block["start"], block["end"], block["holder"], status)
        history.blocks[state.block_id] = state
        history.concerned.append((seq, state.start, state.end))
        if block["authorization"] is not None:
            history.authorized.append((state.start, state.end))
        history.events.append(
            UnitEvent(
                seq,
                at,
                UnitEventKind.ISSUED,
                state.start,
                state.end,
                state.holder,
                cancelled=status is BlockStatus.CANCELLED,
            )
        )


def _split(
    history: IssuanceHistory,
    record: CreditsTransferred | RetirementRequested,
    holder: str,
    status: BlockStatus,
) -> int:
    """Apply the split recorded; returns the block now holding the moved units."""
    source = history.blocks[record.block_id]
    if record.new_block_id is None:
        source.holder, source.status = holder, status
        return source.block_id
    source.end = record.start - 1
    moved = BlockState(record.new_block_id, record.start, record.end, holder, status)
    history.blocks[moved.block_id] = moved
    return moved.block_id


def _transferred(
    history: IssuanceHistory, seq: int, at: datetime, record: CreditsTransferred
) -> None:
    _split(history, record, record.receiver, BlockStatus.ACTIVE)
    history.requested.pop(record.transfer_id, None)
    history.concerned.append((seq, record.start, record.end))
    history.events.append(
        UnitEvent(
            seq,
            at,
            UnitEventKind.TRANSFERRED,
            record.start,
            record.end,
            record.receiver,
            from_holder=record.sender,
        )
    )


def _transfer_requested(
    history: IssuanceHistory,
    seq: int,
    at: datetime,
    record: TransferRequested | TransferRequestedV1,
) -> None:
    if isinstance(record, TransferRequested):
        units = record.start, record.end
    else:  # version 1 named the block only: the units are its tail as it stood
        block = history.blocks[int(record.block_id)]
        units = block.end - record.quantity + 1, block.end
    history.requested[record.transfer_id] = units
    history.concerned.append((seq, *units))


def _transfer_closed(
    history: IssuanceHistory, seq: int, at: datetime, record: TransferClosed | TransferClosedV1
) -> None:
    units = history.requested.pop(record.transfer_id, None)
    if units is not None:
        history.concerned.append((seq, *units))


def _retirement_requested(
    history: IssuanceHistory, seq: int, at: datetime, record: RetirementRequested
) -> None:  # version 1 records arrive converted (ParsedEntry.record)
    block_id = _split(history, record, record.holder, BlockStatus.RESERVED)
    history.concerned.append((seq, record.start, record.end))
    history.pending[record.retirement_id] = _Pending(
        block_id,
        record.start,
        record.end,
        record.holder,
        RetirementKind(record.kind),
        record.acquiring_country,
    )


def _retirement_id(record: RetirementDecided | RetirementDecidedV1) -> int:
    return int(record.retirement_id)


def _retirement_recognised(
    history: IssuanceHistory,
    seq: int,
    at: datetime,
    record: RetirementDecided | RetirementDecidedV1,
) -> None:
    retirement_id = _retirement_id(record)
    pending = history.pending.pop(retirement_id)
    history.blocks[pending.block_id].status = BlockStatus.RETIRED
    history.concerned.append((seq, pending.start, pending.end))
    history.events.append(
        UnitEvent(
            seq,
            at,
            UnitEventKind.RETIRED,
            pending.start,
            pending.end,
            pending.holder,
            retirement_id=retirement_id,
            retirement_kind=pending.kind,
            acquiring_country=pending.acquiring_country,
        )
    )


def _retirement_released(
    history: IssuanceHistory,
    seq: int,
    at: datetime,
    record: RetirementDecided | RetirementDecidedV1,
) -> None:
    pending = history.pending.pop(_retirement_id(record))
    history.blocks[pending.block_id].status = BlockStatus.ACTIVE
    history.concerned.append((seq, pending.start, pending.end))


_HANDLERS: dict[str, Handler] = {
    entries.CreditsIssued.TYPE: _issued,
    entries.CreditsTransferred.TYPE: _transferred,
    entries.TransferRequested.TYPE: _transfer_requested,
    entries.TransferRejected.TYPE: _transfer_closed,
    entries.TransferCancelled.TYPE: _transfer_closed,
    entries.RetirementRequested.TYPE: _retirement_requested,
    entries.RetirementRecognised.TYPE: _retirement_recognised,
    entries.RetirementRejected.TYPE: _retirement_released,
    entries.RetirementCancelled.TYPE: _retirement_released,
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
