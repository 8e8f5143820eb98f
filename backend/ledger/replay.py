"""The registry's rules, replayed over ledger entry bodies in seq order.

Every body must be {"v":version,"seq":n,"type":"dotted.past_tense","at":"...Z","actor":str|null,
"request_id":str|null,"data":{...}}; timestamps are data, so they need not increase. v is a body
version the entry's type declares (backend.ledger.entries.VERSIONS; 1 for types it does not
declare). Block and retirement ids are non-empty strings (version 1) or integers (version 2),
one namespace: block "7" and block 7 are the same block. The credit
entries are checked against the state built so far: a unit is issued once and only once, blocks
never overlap, only the holder of ACTIVE units may move them (units issued CANCELLED never move),
and a recognised retirement is final.
A partial transfer or retirement splits the block as INTEROP.md says: the split-off block
new_block_id takes [start, end], which must end where the parent ended, and the parent keeps the
rest. Holdings are whole blocks (inclusive ranges) and issued units a RangeSet: nothing per unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import repeat
from operator import eq, itemgetter

from . import entries
from .entries import (
    CreditsIssued,
    CreditsTransferred,
    RetirementCancelled,
    RetirementRecognised,
    RetirementRejected,
    RetirementRequested,
)
from .ranges import RangeSet

__all__ = [
    "ENVELOPE_KEYS",
    "Replay",
    "ReplayError",
    "ReplaySummary",
    "check_envelope",
    "check_envelopes",
]

ENVELOPE_KEYS = ("actor", "at", "data", "request_id", "seq", "type", "v")
_KEY_SET = frozenset(ENVELOPE_KEYS)
_AT = (
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?Z"
)
_at_match = re.compile(_AT).fullmatch
_ats_match = re.compile(rf"(?:{_AT}\n)*{_AT}").fullmatch
_late_days = re.compile(r"^[0-9]{4}-[0-9]{2}-(?:29|3[01])T.*$", re.MULTILINE).findall
_type_match = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+").fullmatch
ACTIVE, RESERVED, RETIRED, CANCELLED = "active", "reserved", "retired", "cancelled"
_ISSUED_STATUS = {"ACTIVE": ACTIVE, "CANCELLED": CANCELLED}
_V1 = frozenset({1})
_VERSIONS = entries.VERSIONS
_ALL_VERSIONS = frozenset().union(*_VERSIONS.values())


class ReplayError(ValueError):
    """Entry seq breaks the body format or a registry rule; reason says which."""

    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(f"seq {seq}: {reason}")
        self.seq = seq
        self.reason = reason


def check_envelope(seq: int, body: dict[str, object]) -> str:
    """Check the generic body shape of entry seq and return its type; raise ReplayError if bad."""
    if body.keys() != _KEY_SET:
        raise ReplayError(seq, f"body keys must be exactly {', '.join(ENVELOPE_KEYS)}")
    version, body_seq, entry_type, at = body["v"], body["seq"], body["type"], body["at"]
    actor, request_id = body["actor"], body["request_id"]
    # Exact class tests on purpose: JSON true must not pass for 1, nor false for 0.
    if version.__class__ is not int or version not in _ALL_VERSIONS:
        raise ReplayError(seq, f"unsupported body version {version!r}")
    if body_seq.__class__ is not int or body_seq != seq:
        raise ReplayError(seq, f"body says seq {body_seq!r} but the entry is at seq {seq}")
    if entry_type.__class__ is not str or _type_match(entry_type) is None:
        raise ReplayError(seq, f"type {entry_type!r} is not a dotted lower-case name")
    if version not in _VERSIONS.get(entry_type, _V1):
        raise ReplayError(seq, f"{entry_type} has no body version {version!r}")
    if at.__class__ is not str or _at_match(at) is None:
        raise ReplayError(seq, f"at {at!r} is not a UTC timestamp YYYY-MM-DDTHH:MM:SS[.ffffff]Z")
    if at[8:10] > "28":
        _check_date(seq, str(at))
    if actor is not None and actor.__class__ is not str:
        raise ReplayError(seq, "actor must be a string or null")
    if request_id is not None and request_id.__class__ is not str:
        raise ReplayError(seq, "request_id must be a string or null")
    if body["data"].__class__ is not dict:
        raise ReplayError(seq, "data must be an object")
    return str(entry_type)


_columns = itemgetter("v", "seq", "type", "at", "actor", "request_id", "data")
_STR, _INT, _DICT = frozenset({str}), frozenset({int}), frozenset({dict})
_STR_OR_NONE = frozenset({str, type(None)})


def check_envelopes(bodies: Sequence[dict[str, object]], first_seq: int) -> list[str] | None:
    """The types of bodies first_seq, first_seq + 1, ... when every one passes check_envelope,
    checked a column at a time; None when any may not (check_envelope them one by one then)."""
    if not bodies:
        return []
    if not all(map(eq, map(dict.keys, bodies), repeat(_KEY_SET))):
        return None
    versions, seqs, types, ats, actors, request_ids, datas = zip(
        *map(_columns, bodies), strict=True
    )
    # Exact classes, as check_envelope tests them: JSON true is a bool, not an int.
    if set(map(type, versions)) != _INT or not set(versions) <= _ALL_VERSIONS:
        return None
    if set(map(type, seqs)) != _INT or seqs != tuple(range(first_seq, first_seq + len(seqs))):
        return None
    if set(map(type, types)) != _STR or set(map(type, ats)) != _STR:
        return None
    if (
        not set(map(type, actors)) <= _STR_OR_NONE
        or not set(map(type, request_ids)) <= _STR_OR_NONE
    ):
        return None
    if set(map(type, datas)) != _DICT:
        return None
    for entry_type in set(types):
        if _type_match(entry_type) is None:
            return None
    if set(versions) != _V1:
        for entry_type, version in set(zip(types, versions, strict=True)):
            if version not in _VERSIONS.get(entry_type, _V1):
                return None
    # Every timestamp differs: match them all at once, one per line (none may hold a newline),
    # then look closer at the days after the 28th.
    text = "\n".join(ats)
    if text.count("\n") != len(ats) - 1 or _ats_match(text) is None:
        return None
    if not all(map(_is_real_date, _late_days(text))):
        return None
    return list(types)


def _is_real_date(at: str) -> bool:
    try:
        datetime.fromisoformat(at[:-1])
    except ValueError:
        return False
    return True


def _check_date(seq: int, at: str) -> None:
    try:
        datetime.fromisoformat(at[:-1])
    except ValueError:
        raise ReplayError(seq, f"at {at!r} is not a real date") from None


@dataclass(slots=True)
class _Block:
    start: int
    end: int
    holder: str
    status: str


@dataclass(frozen=True)
class BlockState:
    """A block as the replay sees it: its serial range, holder and status."""

    start: int
    end: int
    holder: str
    status: str


@dataclass(frozen=True)
class ReplaySummary:
    """Totals after the replay: entries seen, units issued, and units per status (cancelled:
    issued CANCELLED, e.g. the OMGE block)."""

    entries: int
    issued: int
    active: int
    reserved: int
    retired: int
    blocks: int
    cancelled: int = 0


class Replay:
    """Replays entries one by one, in seq order, keeping the credit state as ranges."""

    def __init__(self) -> None:
        self._next = 0
        self._issued = RangeSet()
        self._blocks: dict[str, _Block] = {}
        self._pending: dict[str, str] = {}  # retirement id -> id of the reserved block
        self._ended: dict[str, str] = {}  # retirement id -> "recognised", "rejected", "cancelled"
        self._held = {ACTIVE: 0, RESERVED: 0, RETIRED: 0, CANCELLED: 0}
        self._rules: dict[str, Callable[[int, dict[str, object]], None]] = {
            CreditsIssued.TYPE: self._issued_rule,
            CreditsTransferred.TYPE: self._transferred,
            RetirementRequested.TYPE: self._retirement_requested,
            RetirementRecognised.TYPE: self._retirement_recognised,
            RetirementRejected.TYPE: self._retirement_rejected,
            RetirementCancelled.TYPE: self._retirement_cancelled,
        }

    def apply(self, seq: int, body: dict[str, object]) -> None:
        """Apply the parsed body of the next entry, seq; raise ReplayError if it breaks a rule."""
        entry_type = check_envelope(seq, body)
        data = body["data"]
        assert isinstance(data, dict)  # checked by check_envelope
        self.apply_data(seq, entry_type, data)

    def apply_data(self, seq: int, entry_type: str, data: dict[str, object]) -> None:
        """Apply an entry whose envelope is checked already; ReplayError if it breaks a rule."""
        if seq != self._next:
            raise ReplayError(seq, f"entries must be replayed in order; expected seq {self._next}")
        rule = self._rules.get(entry_type)
        if rule is not None:
            rule(seq, data)
        self._next = seq + 1

    def apply_ops(
        self, ops: Iterable[tuple[int, str, dict[str, object]]]
    ) -> tuple[int, str] | None:
        """apply_data each (seq, type, data), in increasing seq order, skipping the entries between
        them; return the first (seq, reason) that breaks a rule (the replay stops there), else
        None."""
        rules = self._rules
        for seq, entry_type, data in ops:
            if seq < self._next:
                return seq, f"entries must be replayed in order; expected seq {self._next}"
            rule = rules.get(entry_type)
            if rule is not None:
                self._next = seq
                try:
                    rule(seq, data)
                except ReplayError as exc:
                    return seq, exc.reason
            self._next = seq + 1
        return None

    @property
    def next_seq(self) -> int:
        """The seq the next entry must have."""
        return self._next

    def skip(self, count: int) -> None:
        """Count entries with no rule to apply (types outside credits.*) without looking at them."""
        self._next += count

    def summary(self) -> ReplaySummary:
        """Return the totals so far."""
        held, blocks = self._held, len(self._blocks)
        return ReplaySummary(
            self._next,
            self._issued.total,
            held[ACTIVE],
            held[RESERVED],
            held[RETIRED],
            blocks,
            held[CANCELLED],
        )

    def blocks(self) -> dict[str, BlockState]:
        """Every block so far by its id: serial range, holder and status (a copy)."""
        return {
            block_id: BlockState(block.start, block.end, block.holder, block.status)
            for block_id, block in self._blocks.items()
        }

    def retirement_outcomes(self) -> dict[str, str]:
        """Every retirement so far by its id: "requested", or how it ended ("recognised",
        "rejected", "cancelled")."""
        return {**{r: "requested" for r in self._pending}, **self._ended}

    def _set_status(self, block: _Block, status: str) -> None:
        count = block.end - block.start + 1
        self._held[block.status] -= count
        self._held[status] += count
        block.status = status

    def _issued_rule(self, seq: int, data: dict[str, object]) -> None:
        blocks = data.get("blocks")
        if blocks.__class__ is not list or not blocks:
            raise ReplayError(seq, "data.blocks must be a non-empty list")
        for item in blocks:
            if item.__class__ is not dict:
                raise ReplayError(seq, "each issued block must be an object")
            block_id, holder = _ref(seq, item, "block_id"), _text(seq, item, "holder")
            start, end = _units(seq, item)
            status = _ISSUED_STATUS.get(item.get("status", "ACTIVE"))
            if status is None:
                raise ReplayError(seq, "an issued block's status must be ACTIVE or CANCELLED")
            if block_id in self._blocks:
                raise ReplayError(seq, f"block {block_id} already exists")
            if self._issued.overlaps(start, end):
                raise ReplayError(seq, f"units [{start}, {end}] overlap units already issued")
            self._issued.add(start, end)
            self._blocks[block_id] = _Block(start, end, holder, status)
            self._held[status] += end - start + 1

    def _take(
        self, seq: int, data: dict[str, object], holder: str, new_holder: str
    ) -> tuple[str, _Block]:
        # Move units [start, end] of holder's ACTIVE block: the whole block, or a split-off block
        # new_block_id at the end of the parent's range.
        block_id = _ref(seq, data, "block_id")
        start, end = _units(seq, data)
        new_id = data.get("new_block_id")
        if new_id.__class__ is int and not isinstance(new_id, bool) and new_id >= 0:
            new_id = str(new_id)
        block = self._blocks.get(block_id)
        if block is None:
            raise ReplayError(seq, f"unknown block {block_id!r}")
        if block.status == RETIRED:
            raise ReplayError(seq, f"block {block_id} is retired: retirements are final")
        if block.status == CANCELLED:
            raise ReplayError(seq, f"block {block_id} was issued cancelled: its units never move")
        if block.status != ACTIVE:
            raise ReplayError(seq, f"block {block_id} is reserved for a pending retirement")
        if block.holder != holder:
            raise ReplayError(seq, f"block {block_id} is held by {block.holder}, not {holder}")
        if not block.start <= start <= end <= block.end:
            raise ReplayError(seq, f"units [{start}, {end}] are not all in block {block_id}")
        if new_id is None:
            if start != block.start or end != block.end:
                raise ReplayError(seq, "moving part of a block needs a new_block_id")
            block.holder = new_holder
            return block_id, block
        if new_id.__class__ is not str or not new_id or new_id in self._blocks:
            raise ReplayError(seq, f"new_block_id {new_id!r} is not a fresh block id")
        if end != block.end or start == block.start:
            raise ReplayError(seq, "a split-off block must be a proper tail of its parent block")
        block.end = start - 1
        self._blocks[str(new_id)] = split = _Block(start, end, new_holder, ACTIVE)
        return str(new_id), split

    def _transferred(self, seq: int, data: dict[str, object]) -> None:
        # The common case first: the holder of an active block moves all of it. Every check
        # _take would make holds (block ids are non-empty strings, a block's own range is a valid
        # one), so the result is the same; anything else goes through _take for its reason.
        get = data.get
        sender, receiver, block_id = get("from"), get("to"), get("block_id")
        if type(block_id) is int:
            block_id = str(block_id)
        block = self._blocks.get(block_id) if type(block_id) is str else None
        if (
            block is not None
            and block.status == ACTIVE
            and get("new_block_id") is None
            and type(sender) is str
            and type(receiver) is str
            and receiver
            and block.holder == sender
            and get("start").__class__ is int
            and get("end").__class__ is int
            and get("start") == block.start
            and get("end") == block.end
        ):
            block.holder = receiver
            return
        self._take(seq, data, _text(seq, data, "from"), _text(seq, data, "to"))

    def _retirement_requested(self, seq: int, data: dict[str, object]) -> None:
        retirement, holder = _ref(seq, data, "retirement_id"), _text(seq, data, "holder")
        if retirement in self._pending or retirement in self._ended:
            raise ReplayError(seq, f"retirement {retirement} already exists")
        block_id, block = self._take(seq, data, holder, holder)
        self._set_status(block, RESERVED)
        self._pending[retirement] = block_id

    def _end_retirement(self, seq: int, data: dict[str, object], outcome: str) -> None:
        retirement = _ref(seq, data, "retirement_id")
        block_id = self._pending.get(retirement)
        if block_id is None:
            if retirement in self._ended:
                raise ReplayError(
                    seq, f"retirement {retirement} was already {self._ended[retirement]}"
                )
            raise ReplayError(seq, f"unknown retirement {retirement}")
        block = self._blocks[block_id]
        if "start" in data or "block_id" in data:  # version 2 names the reserved units
            named = _ref(seq, data, "block_id"), *_units(seq, data)
            if named != (block_id, block.start, block.end):
                raise ReplayError(
                    seq,
                    f"retirement {retirement} reserved units [{block.start}, {block.end}] of "
                    f"block {block_id}, not [{named[1]}, {named[2]}] of block {named[0]}",
                )
        del self._pending[retirement]
        self._ended[retirement] = outcome
        self._set_status(block, RETIRED if outcome == "recognised" else ACTIVE)

    def _retirement_recognised(self, seq: int, data: dict[str, object]) -> None:
        self._end_retirement(seq, data, "recognised")

    def _retirement_rejected(self, seq: int, data: dict[str, object]) -> None:
        self._end_retirement(seq, data, "rejected")

    def _retirement_cancelled(self, seq: int, data: dict[str, object]) -> None:
        self._end_retirement(seq, data, "cancelled")


def _text(seq: int, data: dict[str, object], name: str) -> str:
    value = data.get(name)
    if value.__class__ is not str or not value:
        raise ReplayError(seq, f"data.{name} must be a non-empty string")
    return value


def _ref(seq: int, data: dict[str, object], name: str) -> str:
    # A block or retirement id: a non-empty string (version 1) or an integer (version 2).
    value = data.get(name)
    if value.__class__ is str and value:
        return value
    if value.__class__ is int and value >= 0:
        return str(value)
    raise ReplayError(seq, f"data.{name} must be a non-empty string or an integer")


def _units(seq: int, data: dict[str, object]) -> tuple[int, int]:
    start, end = data.get("start"), data.get("end")
    if start.__class__ is not int or end.__class__ is not int:
        raise ReplayError(seq, "data.start and data.end must be integers")
    if not 0 <= start <= end:
        raise ReplayError(seq, f"bad unit range [{start}, {end}]")
    return start, end
