"""The offline auditor: checks a whole export without the database or the server.

One pass over the entries, in seq order, checks every entry on its own (scan.py), replays the
registry's rules, and builds the Merkle tree with a CompactRange; whenever the tree reaches the size
of a checkpoint, its signed root must equal the recomputed one. Consecutive checkpoints are then
consistent by construction (both roots come from the same leaves), and so is a checkpoint an auditor
kept from earlier. The first problem met stops the pass; first_bad_seq names where it is:

- a bad entry (gap, altered body, non-canonical body, bad envelope, broken rule): its seq;
- a checkpoint with a bad signature (or for another origin): its size - 1;
- a checkpoint whose root differs from the recomputed one: the size of the last checkpoint that
  did match (0 if none). Everything before it is certified; the rewrite begins at or after it, so
  with a checkpoint per append batch this is the first rewritten seq to within one batch;
- the kept checkpoint differing (a fork): its size - 1, since a root alone cannot say which earlier
  leaf differs;
- a checkpoint, kept or not, or the header certifying more entries than the export has: the first
  missing seq;
- no seq (None) for an unusable key, a kept checkpoint that does not verify, or export checkpoints
  that are malformed or out of order; these are reported only if nothing else fails.

The per-entry checks of a chunk depend on nothing outside it, so with workers > 1 (by default one
per CPU) and a large export, chunks are checked in that many other processes, a few chunks ahead of
the replay, while this process replays the rules and grows the tree in seq order exactly as alone:
the report is the same either way.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Generator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from .compact import CompactRange
from .export import Export
from .hashing import leaf_hash
from .note import Checkpoint, NoteError, NoteVerifier
from .replay import Replay
from .report import AuditReport
from .scan import Packed, ScanResult, scan_entries, scan_packed, unpack_scan
from .verify import root_of

__all__ = ["CHUNK", "PARALLEL_MIN", "AuditReport", "audit", "default_workers"]

CHUNK = 4096
"""Entries checked per call of scan_entries (and per task of a worker process)."""

PARALLEL_MIN = 4 * CHUNK
"""Below this many entries, starting worker processes costs about what it saves."""

AHEAD = 3
"""Chunks per worker sent ahead of the replay: enough to keep every worker busy, few enough that
the results waiting for the replay stay small."""


class _Failure(Exception):
    def __init__(self, seq: int | None, problem: str) -> None:
        super().__init__(problem)
        self.seq = seq
        self.problem = problem


@dataclass(frozen=True)
class _Event:
    size: int
    root: bytes = b""
    kept: bool = False
    failure: str | None = None  # a checkpoint that fails whatever the entries say


def _claimed_size(note: str) -> int | None:
    try:
        return Checkpoint.parse(note[: note.rfind("\n\n") + 1]).size
    except NoteError:
        return None


def _context() -> multiprocessing.context.BaseContext:
    # fork is fast and needs nothing importable; the workers only ever run scan_packed.
    fork = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if fork else "spawn")


def default_workers() -> int:
    """Worker processes audit uses unless told: one per CPU."""
    return os.cpu_count() or 1


def _scans(
    entries: list[tuple[int, bytes, bytes]], workers: int
) -> Generator[ScanResult, None, None]:
    """scan_entries over every CHUNK of entries, in order: with workers > 1, in that many worker
    processes, a few chunks ahead (the pool ends when the generator is closed or exhausted).
    Should the processes fail to start or die, the rest is checked here."""
    bounds = [(start, min(start + CHUNK, len(entries))) for start in range(0, len(entries), CHUNK)]
    done = 0  # chunks yielded
    if workers > 1 and len(entries) >= PARALLEL_MIN and len(bounds) > 1:
        pending: deque[Future[Packed]] = deque()
        pool: ProcessPoolExecutor | None = None
        try:
            pool = ProcessPoolExecutor(min(workers, len(bounds)), mp_context=_context())
            for start, stop in bounds[: AHEAD * workers]:
                pending.append(pool.submit(scan_packed, entries[start:stop], start))
            while pending:
                packed = pending.popleft().result()
                sent = done + len(pending) + 1
                if sent < len(bounds):
                    start, stop = bounds[sent]
                    pending.append(pool.submit(scan_packed, entries[start:stop], start))
                yield unpack_scan(packed)
                done += 1
        except (OSError, BrokenProcessPool):
            pass  # no processes (or they died): check what is left here
        finally:
            for future in pending:
                future.cancel()
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
    for start, stop in bounds[done:]:
        yield scan_entries(entries, start, stop)


class _Audit:
    def __init__(
        self, export: Export, public_key: str | None, kept: str | None, workers: int
    ) -> None:
        self.export = export
        self.workers = workers
        self.report = AuditReport(
            True, None, None, len(export.entries), len(export.checkpoints), b"", Replay().summary()
        )
        self.report.origin = export.header.origin
        self.public_key, self.kept = public_key, kept
        self.tree = CompactRange()
        self.replay = Replay()
        self.events: list[_Event] = []
        self.next_event = 0
        self.certified = 0  # size of the last checkpoint whose root matched
        self.late: list[_Failure] = []  # problems with no seq, reported if nothing else fails

    def run(self) -> AuditReport:
        """Run every check once; a bad log makes a failing report, never an exception."""
        report = self.report
        collecting = gc.isenabled()
        gc.disable()  # nothing here makes reference cycles; the collector would only slow us down
        try:
            verifier = self._verifier()
            self._events(verifier)
            self._stream()
            self._finish()
        except _Failure as failure:
            report.ok, report.first_bad_seq, report.problem = False, failure.seq, failure.problem
        finally:
            if collecting:
                gc.enable()
        if report.ok:
            report.root = self.tree.root()
        else:
            report.root = root_of([leaf_hash(body) for _, body, _ in self.export.entries])
        report.replay_summary = self.replay.summary()
        return report

    def _verifier(self) -> NoteVerifier:
        header_key = self.export.header.public_key
        key = header_key if self.public_key is None else self.public_key
        if self.public_key is None:
            self.report.key_source = f"{key} (from the export's own header)"
            self.report.warnings.append(
                "the key came from the export itself; pass the registry's published key to rule "
                "out a re-signed export"
            )
        else:
            self.report.key_source = f"{key} (given by the auditor)"
            if key.strip() != header_key.strip():
                self.report.warnings.append(f"the export's header names another key: {header_key}")
        try:
            return NoteVerifier(key)
        except NoteError as exc:
            raise _Failure(None, f"the trusted public key is unusable: {exc}") from None

    def _events(self, verifier: NoteVerifier) -> None:
        origin = self.export.header.origin
        previous = -1
        for number, note in enumerate(self.export.checkpoints, start=1):
            try:
                checkpoint = verifier.verify(note)
            except NoteError as exc:
                size = _claimed_size(note)
                if size is None:
                    self.late.append(_Failure(None, f"checkpoint {number} is malformed: {exc}"))
                else:
                    why = f"the checkpoint at size {size} has no valid signature by the trusted key"
                    self.events.append(_Event(size, failure=f"{why} ({exc})"))
                continue
            if checkpoint.origin != origin:
                why = (
                    f"the checkpoint at size {checkpoint.size} is for origin {checkpoint.origin!r}"
                )
                self.events.append(_Event(checkpoint.size, failure=why))
            elif checkpoint.size <= previous:
                why = f"checkpoint {number} (size {checkpoint.size}) is out of order"
                self.late.append(_Failure(None, f"{why}: sizes must increase"))
            else:
                self.events.append(_Event(checkpoint.size, checkpoint.root))
            previous = max(previous, checkpoint.size)
        if self.kept is not None:
            try:
                kept = verifier.verify(self.kept)
            except NoteError as exc:
                raise _Failure(None, f"the kept checkpoint does not verify: {exc}") from None
            self.report.kept_size = kept.size
            self.events.append(_Event(kept.size, kept.root, kept=True))
        self.events.sort(key=lambda event: (event.size, event.kept))

    def _stream(self) -> None:
        entries, replay = self.export.entries, self.replay
        self._grow(0)
        scans = _scans(entries, self.workers)
        try:
            for result in scans:
                failure = replay.apply_ops(result.ops) or result.problem
                # Checkpoints up to the failing entry come first: they may name an earlier seq.
                self._grow(result.stop if failure is None else failure[0])
                if failure is not None:
                    raise _Failure(*failure)
        finally:
            scans.close()  # stops the worker processes at once if a failure ends the pass
        replay.skip(len(entries) - replay.next_seq)

    def _grow(self, size: int) -> None:
        # Extend the tree to size leaves, checking each event on the way at its own size.
        events, entries, tree = self.events, self.export.entries, self.tree
        while True:
            target = size
            if self.next_event < len(events):
                target = min(target, events[self.next_event].size)
            if tree.size < target:
                tree.extend([entry[2] for entry in entries[tree.size : target]])
            if self.next_event == len(events) or events[self.next_event].size > size:
                return
            self._check(events[self.next_event])
            self.next_event += 1

    def _check(self, event: _Event) -> None:
        last = event.size - 1 if event.size else None
        if event.failure is not None:
            raise _Failure(last, event.failure)
        root = self.tree.root()
        if event.kept and root != event.root:
            raise _Failure(
                last,
                f"the log was rewritten (a fork): the kept checkpoint at size {event.size} has "
                f"root {event.root.hex()} but the entries give {root.hex()}",
            )
        if root != event.root:
            first = min(self.certified, last) if last is not None else None
            raise _Failure(
                first,
                f"the checkpoint at size {event.size} does not match the entries: an entry in seq "
                f"{self.certified}..{event.size - 1} differs from what was signed",
            )
        if not event.kept:
            self.certified = event.size
            self.report.checkpoints_verified += 1

    def _finish(self) -> None:
        count, header = len(self.export.entries), self.export.header
        for event in self.events[self.next_event :]:
            whose = "the kept checkpoint" if event.kept else f"a checkpoint at size {event.size}"
            missing = f"{whose} certifies {event.size} entries but the export has {count}"
            raise _Failure(count, event.failure or missing)
        if header.size != count:
            raise _Failure(
                min(count, header.size), f"the header says {header.size} entries, not {count}"
            )
        if self.late:
            raise self.late[0]
        if not self.events or self.certified == 0 and count:
            self.report.warnings.append("no checkpoint covers the entries: nothing is signed")
        elif self.certified < count:
            self.report.warnings.append(
                f"{count - self.certified} entries after the last checkpoint (size "
                f"{self.certified}) are not signed yet"
            )


def audit(
    export: Export,
    *,
    public_key: str | None = None,
    kept_checkpoint: str | None = None,
    workers: int | None = None,
) -> AuditReport:
    """Check everything in export (and a kept checkpoint) with the trusted key; never raises.

    workers: processes that check entries on their own while this one replays them (default: one
    per CPU; 1 or less checks everything here). Small exports are always checked here."""
    count = default_workers() if workers is None else workers
    return _Audit(export, public_key, kept_checkpoint, count).run()
