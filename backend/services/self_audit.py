"""The registry audits itself: it replays its own ledger (backend.ledger.replay) and compares
the result with the database's credit blocks (holder, range, status) and retirements, and the
tree of the stored entries with the ledger head. Rows edited behind the API's back show up as
named differences. Incremental: a SelfAudit keeps its replay and tree between runs and reads
only the entries appended since; the comparison with the rows is whole each run (an edit can
touch any row)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from backend import db
from backend.ledger.compact import CompactRange
from backend.ledger.hashing import leaf_hash
from backend.ledger.replay import Replay, ReplayError
from backend.models.credit import CreditBlock, Retirement
from backend.models.ledger import LedgerEntry, LedgerHead

log = logging.getLogger(__name__)
PAGE = 2000
_STATUS = {"active": "ACTIVE", "reserved": "RESERVED", "retired": "RETIRED"}
_OUTCOME = {
    "requested": "REQUESTED",
    "recognised": "RECOGNISED",
    "rejected": "REJECTED",
    "cancelled": "CANCELLED",
}


@dataclass
class Health:
    """What /healthz reports besides the database: problems by source ("signer", "audit")."""

    problems: dict[str, list[str]] = field(default_factory=dict)

    def report(self, source: str, problems: list[str]) -> None:
        """Replace source's problems (an empty list clears them)."""
        if problems:
            self.problems[source] = problems
        else:
            self.problems.pop(source, None)


HEALTH = Health()


def _account(holder: object) -> str:
    return f"account:{holder}" if isinstance(holder, int) else str(holder)


class SelfAudit:
    """The ledger replayed so far, and the tree of its leaves; run() catches up and compares."""

    def __init__(self) -> None:
        self.replay = Replay()
        self.tree = CompactRange()
        self.stopped: str | None = None  # the first rule an entry broke: the replay ends there
        self.leaf_problems: list[str] = []

    async def run(self) -> list[str]:
        """Read the entries appended since the last run, then compare; returns the differences.
        Everything is read from one snapshot (REPEATABLE READ on PostgreSQL, SQLite's read
        transaction), so a change committed meanwhile is never reported as a difference."""
        async with db.transaction() as connection:
            if db.dialect() == "postgres":
                await connection.execute_query(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
            return await self._run()

    async def _run(self) -> list[str]:
        head = await LedgerHead.get(id=1)
        while self.tree.size < head.size:
            end = min(head.size, self.tree.size + PAGE)
            rows = await LedgerEntry.filter(seq__gte=self.tree.size, seq__lt=end).order_by("seq")
            if not rows:
                break
            for row in rows:
                self._read(row)
        problems = list(self.leaf_problems)
        if self.tree.size != head.size:
            problems.append(f"the head says {head.size} entries, the table has {self.tree.size}")
        elif self.tree.root() != bytes(head.root):
            problems.append("the stored entries' tree root differs from the ledger head's root")
        elif self.tree.to_bytes() != bytes(head.compact):
            problems.append("the ledger head's compact range differs from the stored entries'")
        if self.stopped is not None:
            problems.append(self.stopped)
        else:
            problems += await self._compare_blocks() + await self._compare_retirements()
        return problems

    def _read(self, row: LedgerEntry) -> None:
        if row.seq != self.tree.size:
            self.leaf_problems.append(f"entry {self.tree.size} is missing")
            self.stopped = self.stopped or f"the replay stops at the missing entry {self.tree.size}"
        body = bytes(row.body)
        leaf = leaf_hash(body)
        if leaf != bytes(row.leaf_hash):
            self.leaf_problems.append(f"entry {row.seq}'s stored leaf hash is not its body's")
        self.tree.append(leaf)
        if self.stopped is not None:
            return
        try:
            parsed = json.loads(body)
            self.replay.apply(row.seq, parsed)
        except (ReplayError, ValueError) as exc:
            self.stopped = f"the replay stops at entry {row.seq}: {exc}"
            return

    def _expected_blocks(self) -> dict[str, tuple[int, int, str, str]]:
        expected = {}
        for block_id, block in self.replay.blocks().items():
            status = _STATUS.get(block.status, block.status.upper())  # issued CANCELLED too
            expected[str(block_id)] = (block.start, block.end, _account(block.holder), status)
        return expected

    async def _compare_blocks(self) -> list[str]:
        expected = self._expected_blocks()
        rows = await CreditBlock.all().values_list(
            "id", "serial_start", "serial_end", "holder_id", "status"
        )
        actual = {
            str(i): (int(start), int(end), _account(int(holder)), str(status))
            for i, start, end, holder, status in rows
        }
        problems = []
        for block_id in sorted(set(expected) | set(actual), key=lambda b: (len(b), b)):
            want, have = expected.get(block_id), actual.get(block_id)
            if want is None:
                problems.append(f"block {block_id} is in the database but no entry made it")
            elif have is None:
                problems.append(f"block {block_id} of the ledger is missing from the database")
            elif want != have:
                names = ("serial start", "serial end", "holder", "status")
                for name, a, b in zip(names, want, have, strict=True):
                    if a != b:
                        problems.append(f"block {block_id}: {name} is {b}, the ledger says {a}")
        return problems

    async def _compare_retirements(self) -> list[str]:
        expected = {r: _OUTCOME[o] for r, o in self.replay.retirement_outcomes().items()}
        rows = await Retirement.all().values_list("id", "status")
        actual = {str(i): str(status) for i, status in rows}
        problems = []
        for rid in sorted(set(expected) | set(actual), key=lambda r: (len(r), r)):
            want, have = expected.get(rid), actual.get(rid)
            if want != have:
                problems.append(f"retirement {rid}: status is {have}, the ledger says {want}")
        return problems


async def audit_database() -> list[str]:
    """One whole audit from the first entry; returns every difference (empty: none)."""
    return await SelfAudit().run()
