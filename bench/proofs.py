"""Proof generation and verification over random tree sizes, and the export audit."""

from __future__ import annotations

import gc
import math
import random
import resource
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from backend.ledger.audit import AuditReport, audit, audit_file, default_workers
from backend.ledger.export import Export, read_export
from backend.ledger.verify import verify_consistency, verify_inclusion
from backend.services import ledger, runtime

T = TypeVar("T")


@dataclass
class ProofStats:
    """Per-sample timings (seconds) and proof sizes (bytes) of one kind of proof."""

    kind: str
    generate: list[float] = field(default_factory=list)
    verify: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    over_bound: int = 0  # samples longer than the RFC 9162 bound for their own tree size


def log2_ceil(n: int) -> int:
    return 0 if n <= 1 else (n - 1).bit_length()


def inclusion_bound(size: int) -> int:
    """RFC 9162: an inclusion proof has at most ceil(log2 n) hashes."""
    return log2_ceil(size)


def consistency_bound(size: int) -> int:
    """A consistency proof has at most ceil(log2 n) + 1 hashes (e.g. 3 for sizes 3 -> 4)."""
    return log2_ceil(size) + 1


async def inclusion_samples(n: int, samples: int, rng: random.Random) -> ProofStats:
    stats = ProofStats("inclusion")
    roots: dict[int, bytes] = {}
    for _ in range(samples):
        size = rng.randint(1, n)
        seq = rng.randrange(size)
        if size not in roots:
            roots[size] = await ledger.root_at(size)
        leaf = bytes((await ledger.entry(seq)).leaf_hash)
        started = time.perf_counter()
        proof = await ledger.inclusion_proof(seq, size)
        middle = time.perf_counter()
        verify_inclusion(leaf, seq, size, proof, roots[size])
        stats.verify.append(time.perf_counter() - middle)
        stats.generate.append(middle - started)
        stats.sizes.append(sum(len(item) for item in proof))
        stats.over_bound += len(proof) > inclusion_bound(size)
    return stats


async def consistency_samples(n: int, samples: int, rng: random.Random) -> ProofStats:
    stats = ProofStats("consistency")
    for _ in range(samples):
        new = rng.randint(1, n)
        old = rng.randint(1, new)
        old_root, new_root = await ledger.root_at(old), await ledger.root_at(new)
        started = time.perf_counter()
        proof = await ledger.consistency_proof(old, new)
        middle = time.perf_counter()
        verify_consistency(old, new, proof, old_root, new_root)
        stats.verify.append(time.perf_counter() - middle)
        stats.generate.append(middle - started)
        stats.sizes.append(sum(len(item) for item in proof))
        stats.over_bound += len(proof) > consistency_bound(new)
    return stats


async def root_samples(n: int, samples: int, rng: random.Random) -> list[float]:
    """Seconds per services.ledger.root_at(size) for random sizes (O(log n) node reads)."""
    timings = []
    for _ in range(samples):
        size = rng.randint(1, n)
        started = time.perf_counter()
        await ledger.root_at(size)
        timings.append(time.perf_counter() - started)
    return timings


@dataclass
class Timed:
    """Wall seconds and CPU seconds (this process; its worker processes) of one step."""

    seconds: float
    cpu: float
    workers_cpu: float = 0.0


@dataclass
class AuditRun:
    """One run over the export file: audit_file (what `carbon-registry ledger verify` runs) with
    the default workers and with workers=1, then read_export + audit (the whole export in memory)
    with the default workers."""

    streamed: Timed
    streamed_single: Timed
    read: Timed
    in_memory: Timed


@dataclass
class ExportStats:
    entries: int
    lines: int
    file_bytes: int
    export_seconds: float
    report: AuditReport  # of audit_file with the default workers (the last run)
    workers: int
    runs: list[AuditRun]
    same_report: bool = True  # every audit gave the same report

    def median(self, seconds: Callable[[AuditRun], float]) -> float:
        values = sorted(seconds(run) for run in self.runs)
        return values[len(values) // 2]

    def spread(self, seconds: Callable[[AuditRun], float]) -> tuple[float, float]:
        """The lowest and highest entries/s over the runs."""
        rates = [self.entries / seconds(run) for run in self.runs]
        return min(rates), max(rates)


async def export_and_audit(workdir: Path, runs: int) -> ExportStats:
    """Write the export through services.ledger.export_lines, then read and audit it offline."""
    current = runtime.current()
    public_key = current.signer.vkey()
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", suffix=".jsonl", dir=workdir, delete=False
    ) as out:
        path = Path(out.name)
        lines = 0
        started = time.perf_counter()
        async for line in ledger.export_lines(
            origin=current.country.ledger_origin, public_key=public_key
        ):
            out.write(line)
            lines += 1
        export_seconds = time.perf_counter() - started
    return read_and_audit(path, public_key, lines, export_seconds, runs)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(step: Callable[[], T]) -> tuple[T, Timed]:
    gc.collect()
    started, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    value = step()
    seconds = time.perf_counter() - started
    return value, Timed(seconds, time.process_time() - cpu, _children_cpu() - children)


def _read(path: Path) -> Export:
    with path.open(encoding="utf-8") as handle:
        return read_export(handle)


def read_and_audit(
    path: Path, public_key: str, lines: int, export_seconds: float, runs: int = 1
) -> ExportStats:
    """Time the audits of the export file at path (deleted afterwards), runs times: audit_file
    with its default worker processes and with workers=1, then read_export + audit."""
    try:
        workers = default_workers()
        measured: list[AuditRun] = []
        reports: list[AuditReport] = []
        for _ in range(runs):
            report, streamed = _timed(
                lambda: audit_file(path, public_key=public_key, workers=workers)
            )
            reports.append(report)
            report, single = _timed(lambda: audit_file(path, public_key=public_key, workers=1))
            reports.append(report)
            export, read = _timed(lambda: _read(path))
            in_memory_audit = partial(audit, export, public_key=public_key, workers=workers)
            report, in_memory = _timed(in_memory_audit)
            reports.append(report)
            del export, in_memory_audit
            measured.append(AuditRun(streamed, single, read, in_memory))
        same = all(report == reports[0] for report in reports)
        size = path.stat().st_size
        return ExportStats(
            reports[0].entries, lines, size, export_seconds, reports[0], workers, measured, same
        )
    finally:
        path.unlink()


def proof_bytes_target(n: int) -> int:
    """The brief's target: 32 x ceil(log2 n) bytes."""
    return 32 * math.ceil(math.log2(n)) if n > 1 else 0
