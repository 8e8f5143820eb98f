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
- the kept checkpoint differing (a fork): the size of the last checkpoint of the export that
  matched below it (0 if none), as for the export's own checkpoints: a root alone cannot say
  which leaf differs, so the problem names the whole range it may be in;
- a checkpoint, kept or not, or the header certifying more entries than the export has: the first
  missing seq;
- with a trusted key (not the export's own), entries that no checkpoint signed by it covers: the
  first of them (an export nothing signs proves nothing: anyone can recompute leaf hashes);
- no seq (None) for an unusable key, a kept checkpoint that does not verify, or export checkpoints
  that are malformed or out of order; these are reported only if nothing else fails.

The per-entry checks of a chunk depend on nothing outside it, so with workers > 1 (by default one
per CPU) and a large export, chunks are checked in that many other processes, a few chunks ahead of
the replay, while this process replays the rules and grows the tree in seq order exactly as alone:
the report is the same either way.

audit takes an export read into memory; audit_file streams an export file instead: the header and
the trailing checkpoint lines first, then the entry lines a chunk at a time, which the workers read
from the file themselves and hand back checked, with the root of each aligned chunk's perfect
subtree, so for an export that passes, memory stays bounded and this process only replays and
joins subtrees. That path only ever says yes: a file not in the form the registry writes, or one
that fails any check (or changes while it is read), is then read whole and judged by audit, so
the two always give the same report, or raise the same error.
"""

from __future__ import annotations

import bisect
import gc
import mmap
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import Any

from .compact import CompactRange
from .export import Export, ExportHeader, ExportSections, locate_sections, read_export
from .hashing import HASH_SIZE
from .note import Checkpoint, NoteError, NoteVerifier
from .replay import Replay
from .report import AuditReport
from .scan import (
    ScanResult,
    leaf_hashes,
    scan_entries,
    scan_lines,
    scan_lines_packed,
    scan_packed,
    unpack_scan,
)
from .verify import root_of

__all__ = ["CHUNK", "PARALLEL_MIN", "AuditReport", "audit", "audit_file", "default_workers"]

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


Task = tuple[Callable[..., Any], tuple[Any, ...]]


def _in_order(tasks: Iterator[Task], workers: int) -> Generator[Any, None, None]:
    """Run each (function, arguments) in that many worker processes, a few tasks ahead, and yield
    the results in order; should the processes fail to start or die, the rest run here. The pool
    ends when the generator is closed or exhausted."""
    pending: deque[tuple[Task, Future[Any] | None]] = deque()
    pool: ProcessPoolExecutor | None = None

    def submit(task: Task) -> None:
        future = None
        if pool is not None:
            try:
                future = pool.submit(task[0], *task[1])
            except (BrokenProcessPool, RuntimeError):
                future = None
        pending.append((task, future))

    try:
        try:
            pool = ProcessPoolExecutor(workers, mp_context=_context())
        except OSError:
            pool = None  # no processes here: run every task in this one
        for task in islice(tasks, AHEAD * workers):
            submit(task)
        while pending:
            task, future = pending.popleft()
            try:
                result = task[0](*task[1]) if future is None else future.result()
            except BrokenProcessPool:
                pool = None
                result = task[0](*task[1])
            for more in islice(tasks, 1):
                submit(more)
            yield result
    finally:
        for _, future in pending:
            if future is not None:
                future.cancel()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _scans(
    entries: list[tuple[int, bytes, bytes]], workers: int
) -> Generator[ScanResult, None, None]:
    """scan_entries over every CHUNK of entries, in order: with workers > 1 and enough entries, in
    that many worker processes."""
    bounds = [(start, min(start + CHUNK, len(entries))) for start in range(0, len(entries), CHUNK)]
    if workers <= 1 or len(entries) < PARALLEL_MIN or len(bounds) < 2:
        for start, stop in bounds:
            yield scan_entries(entries, start, stop)
        return
    tasks = ((scan_packed, (entries[start:stop], start)) for start, stop in bounds)
    yield from map(unpack_scan, _in_order(tasks, min(workers, len(bounds))))


@dataclass
class _Chunk:
    """A checked chunk as the tree needs it: the scan, the stored leaf hashes of its entries (from
    scan.start on), and, for a passing chunk of 2**k entries starting at a multiple of 2**k, the
    root of their perfect subtree (then leaves may be empty unless a checkpoint falls inside)."""

    scan: ScanResult
    leaves: Sequence[bytes]
    subtree: bytes | None = None


class _Audit:
    def __init__(
        self,
        header: ExportHeader,
        checkpoints: list[str],
        public_key: str | None,
        kept: str | None,
    ) -> None:
        self.header, self.checkpoints = header, checkpoints
        self.report = AuditReport(
            True, None, None, 0, len(checkpoints), b"", Replay().summary(), origin=header.origin
        )
        self.public_key, self.kept = public_key, kept
        self.tree = CompactRange()
        self.replay = Replay()
        self.events: list[_Event] = []
        self.next_event = 0
        self.certified = 0  # size of the last checkpoint whose root matched
        self.covered = 0  # entries a matching checkpoint (the export's or the kept one) signs
        self.late: list[_Failure] = []  # problems with no seq, reported if nothing else fails
        self.sizes: list[int] = []  # the events' sizes, in order

    def prepare(self) -> None:
        """Check the key and every checkpoint's signature; raise _Failure if the key is unusable
        or the kept checkpoint does not verify."""
        self._events(self._verifier())

    def check(self, chunks: Iterator[_Chunk], count: int | None = None) -> None:
        """Replay the chunks and grow the tree through every checkpoint, then check what only the
        end can tell; raise _Failure at the first problem. count: the entries, if known before."""
        self._stream(chunks, count)
        self._finish()

    def _verifier(self) -> NoteVerifier:
        header_key = self.header.public_key
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
        origin = self.header.origin
        previous = -1
        for number, note in enumerate(self.checkpoints, start=1):
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
        self.sizes = [event.size for event in self.events]

    def event_inside(self, start: int, stop: int) -> bool:
        """Whether a checkpoint is for a size strictly between start and stop."""
        sizes = self.sizes
        after = bisect.bisect_right(sizes, start)
        return after < len(sizes) and sizes[after] < stop

    def _stream(self, chunks: Iterator[_Chunk], count: int | None) -> None:
        replay = self.replay
        self._grow(0, None)
        stop = 0
        for chunk in chunks:
            result = chunk.scan
            failure = replay.apply_ops(result.ops) or result.problem
            # Checkpoints up to the failing entry come first: they may name an earlier seq.
            self._grow(result.stop if failure is None else failure[0], chunk)
            if failure is not None:
                raise _Failure(*failure)
            stop = result.stop
        self.report.entries = stop if count is None else count
        replay.skip(self.report.entries - replay.next_seq)

    def _grow(self, size: int, chunk: _Chunk | None) -> None:
        # Extend the tree to size leaves (within chunk), checking each event on the way at its
        # own size.
        events, tree = self.events, self.tree
        while True:
            target = size
            if self.next_event < len(events):
                target = min(target, events[self.next_event].size)
            if chunk is not None and tree.size < target:
                start, stop = chunk.scan.start, chunk.scan.stop
                if chunk.subtree is not None and tree.size == start and target == stop:
                    tree.append_subtree((stop - start).bit_length() - 1, chunk.subtree)
                else:
                    tree.extend(chunk.leaves[tree.size - start : target - start])
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
            first = min(self.certified, last) if last is not None else None
            raise _Failure(
                first,
                f"the log was rewritten (a fork): the kept checkpoint at size {event.size} has "
                f"root {event.root.hex()} but the entries give {root.hex()}: an entry in seq "
                f"{self.certified}..{event.size - 1} differs from what it signed"
                + (
                    f" (or an earlier one, if the trusted key also signed this export's "
                    f"checkpoints up to {self.certified} on another history)"
                    if self.certified
                    else ""
                ),
            )
        if event.kept:
            self.covered = max(self.covered, event.size)
        if root != event.root:
            first = min(self.certified, last) if last is not None else None
            raise _Failure(
                first,
                f"the checkpoint at size {event.size} does not match the entries: an entry in seq "
                f"{self.certified}..{event.size - 1} differs from what was signed",
            )
        if not event.kept:
            self.certified = event.size
            self.covered = max(self.covered, event.size)
            self.report.checkpoints_verified += 1

    def _finish(self) -> None:
        count, header = self.report.entries, self.header
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
        if self.public_key is not None and self.covered < count:
            unsigned = f"seq {self.covered}" + (
                f"..{count - 1}" if count - 1 > self.covered else ""
            )
            raise _Failure(
                self.covered,
                f"no checkpoint signed by the trusted key covers {unsigned}"
                + ("" if self.covered else ": nothing in this export is signed")
                + " (anyone can recompute leaf hashes; export again once the registry has "
                "signed them, which it does within seconds)",
            )
        if not self.events or self.certified == 0 and count:
            self.report.warnings.append("no checkpoint covers the entries: nothing is signed")
        elif self.certified < count:
            self.report.warnings.append(
                f"{count - self.certified} entries after the last checkpoint (size "
                f"{self.certified}) are not signed yet"
            )


def _in_memory(export: Export, workers: int) -> Iterator[_Chunk]:
    entries = export.entries
    for result in _scans(entries, workers):
        yield _Chunk(result, list(map(_leaf, entries[result.start : result.stop])))


_leaf = itemgetter(2)


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
    run = _Audit(export.header, export.checkpoints, public_key, kept_checkpoint)
    report = run.report
    report.entries = len(export.entries)
    collecting = gc.isenabled()
    gc.disable()  # nothing here makes reference cycles; the collector would only slow us down
    try:
        run.prepare()
        run.check(_in_memory(export, count), len(export.entries))
    except _Failure as failure:
        report.ok, report.first_bad_seq, report.problem = False, failure.seq, failure.problem
    finally:
        if collecting:
            gc.enable()
    if report.ok:
        report.root = run.tree.root()
    else:
        report.root = root_of(leaf_hashes(map(_body, export.entries)))
    report.replay_summary = run.replay.summary()
    return report


_body = itemgetter(1)


# --- an export file, streamed ---------------------------------------------------------------------


class _Unusual(Exception):
    """The file is not exactly as the registry writes it: read_export decides what it is."""


FileIdentity = tuple[int, int, int, int]


def _identity(stat: os.stat_result) -> FileIdentity:
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def _scan_slice(
    path: str, identity: FileIdentity, offset: int, length: int, start: int, leaves_wanted: bool
) -> object | None:
    # In a worker process: read the chunk's lines from the file itself, so that only their
    # offsets travel there; None if the file is no longer the one this audit opened.
    with open(path, "rb") as handle:
        if _identity(os.fstat(handle.fileno())) != identity:
            return None
        handle.seek(offset)
        data = handle.read(length)
    return scan_lines_packed(data, start, leaves_wanted) if len(data) == length else None


def _file_chunks(
    path: str,
    identity: FileIdentity,
    data: mmap.mmap,
    sections: ExportSections,
    run: _Audit,
    workers: int,
) -> Generator[_Chunk, None, None]:
    parallel = workers > 1 and sections.header.size >= PARALLEL_MIN

    def tasks() -> Iterator[Task]:
        data.seek(sections.entries_start)
        offset, start = sections.entries_start, 0
        while offset < sections.entries_end:
            lines = list(islice(iter(data.readline, b""), CHUNK))
            length = sum(map(len, lines))
            while lines and offset + length > sections.entries_end:  # a checkpoint line
                length -= len(lines.pop())
            if not lines:
                return
            stop = start + len(lines)
            wanted = run.event_inside(start, stop)
            if parallel:
                yield _scan_slice, (path, identity, offset, length, start, wanted)
            else:
                yield scan_lines, (b"".join(lines), start, wanted)
            offset, start = offset + length, stop

    results = _in_order(tasks(), workers) if parallel else (f(*a) for f, a in tasks())
    try:
        for scanned in results:
            if scanned is None:
                raise _Unusual
            result, leaves, root = scanned
            if parallel:
                result = unpack_scan(result)
            hashes = [leaves[i : i + HASH_SIZE] for i in range(0, len(leaves), HASH_SIZE)]
            yield _Chunk(result, hashes, root)
    finally:
        results.close()


def _stream_file(
    path: str, public_key: str | None, kept: str | None, workers: int
) -> AuditReport | None:
    """The report of an export file that passes every check, read a chunk at a time; None if it
    does not, or is not exactly as the registry writes it."""
    with open(path, "rb") as handle:
        identity = _identity(os.fstat(handle.fileno()))
        try:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file
            return None
    with data:
        try:
            sections = locate_sections(data)
            if sections is None:
                return None
            run = _Audit(sections.header, sections.checkpoints, public_key, kept)
            run.prepare()
            run.check(_file_chunks(path, identity, data, sections, run, workers))
        except (_Failure, _Unusual, ValueError, OSError):
            # Anything wrong, or unexpected (a worker that could not read the file, say): the
            # reference path reads the file whole and says what it is.
            return None
    report = run.report
    report.root = run.tree.root()
    report.replay_summary = run.replay.summary()
    return report


def audit_file(
    path: str | os.PathLike[str],
    *,
    public_key: str | None = None,
    kept_checkpoint: str | None = None,
    workers: int | None = None,
) -> AuditReport:
    """audit(read_export(the file's lines)), without holding the export in memory.

    The entry lines are read and checked a chunk at a time (in worker processes, as for audit),
    while this process replays them and grows the tree. A file that is not exactly as the registry
    writes its exports, or that fails any check, is then read whole and audited by audit, which
    names the first problem: the report is always the one audit gives. Raises what read_export
    raises (ExportError, and OSError or UnicodeDecodeError reading the file)."""
    count = default_workers() if workers is None else workers
    name = os.fspath(path)
    collecting = gc.isenabled()
    gc.disable()  # as in audit
    try:
        report = _stream_file(name, public_key, kept_checkpoint, count)
    finally:
        if collecting:
            gc.enable()
    if report is not None:
        return report
    with open(name, encoding="utf-8") as handle:
        export = read_export(handle)
    return audit(export, public_key=public_key, kept_checkpoint=kept_checkpoint, workers=count)
