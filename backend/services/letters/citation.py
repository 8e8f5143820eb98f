"""Where a document's fact sits in the ledger: the entry's seq, type and time, and the first
signed checkpoint whose tree covers it, or, before one is signed, the size the next will have."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from backend.errors import NotFound
from backend.models.ledger import LedgerCheckpoint, LedgerEntry, LedgerHead


@dataclass(frozen=True)
class Citation:
    """A ledger entry and the checkpoint that covers it (None: pending the next checkpoint)."""

    seq: int
    type: str
    recorded_at: datetime
    checkpoint_size: int | None
    checkpoint_root: str | None  # hex
    checkpoint_at: datetime | None
    expected_size: int  # the tree size the next checkpoint will have at least

    @property
    def pending(self) -> bool:
        return self.checkpoint_size is None


def body_of(entry: LedgerEntry) -> dict[str, object]:
    """The entry's recorded JSON body."""
    body = json.loads(bytes(entry.body))
    assert isinstance(body, dict)
    return body


async def find_entry(subject: str, type: str, **data: object) -> LedgerEntry:
    """The first entry about subject of type whose data holds data; NotFound otherwise."""
    for entry in await LedgerEntry.filter(subject=subject, type=type).order_by("seq"):
        recorded = body_of(entry).get("data")
        if isinstance(recorded, dict) and all(recorded.get(k) == v for k, v in data.items()):
            return entry
    raise NotFound(f"the ledger holds no {type} entry for {subject}.")


async def cite(entry: LedgerEntry) -> Citation:
    """The citation of entry: the first checkpoint of a tree size above its seq, if signed."""
    seq = int(entry.seq)
    at = str(body_of(entry)["at"])
    recorded_at = datetime.fromisoformat(at.replace("Z", "+00:00"))
    covering = await LedgerCheckpoint.filter(size__gt=seq).order_by("size").first()
    head = await LedgerHead.get(id=1)
    if covering is None:
        return Citation(seq, entry.type, recorded_at, None, None, None, int(head.size))
    return Citation(
        seq,
        entry.type,
        recorded_at,
        int(covering.size),
        bytes(covering.root).hex(),
        covering.created_at,
        int(head.size),
    )
