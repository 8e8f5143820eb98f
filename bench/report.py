"""The benchmark's results and their Markdown report."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from backend.ledger.audit import CHUNK
from bench.proofs import AuditRun, ExportStats, ProofStats, Timed, proof_bytes_target

APPEND_TARGET = 1_000  # entries/s, one entry per transaction
AUDIT_TARGET = 200_000  # entries/s, reading and auditing an export


@dataclass(frozen=True)
class Throughput:
    """Repeated runs of appending entries from writers, per_transaction entries per commit."""

    writers: int
    per_transaction: int
    entries: int
    runs: tuple[float, ...]  # seconds of each run
    ledger_size: int  # entries in the ledger before the first run
    client_cpu: tuple[float, ...] = ()  # CPU seconds of this Python process, per run
    server_cpu: tuple[float, ...] = ()  # CPU seconds of the PostgreSQL cluster, per run

    @property
    def client_us(self) -> float:
        """Client CPU µs per entry (median run)."""
        return median(self.client_cpu) / self.entries * 1e6

    @property
    def server_us(self) -> float:
        """PostgreSQL CPU µs per entry (median run)."""
        return median(self.server_cpu) / self.entries * 1e6

    @property
    def rate(self) -> float:
        """entries/s of the median run."""
        return self.entries / sorted(self.runs)[len(self.runs) // 2]

    @property
    def spread(self) -> str:
        rates = sorted(self.entries / seconds for seconds in self.runs)
        return f"{rates[0]:,.0f}–{rates[-1]:,.0f}" if len(rates) > 1 else "–"


@dataclass
class Results:
    machine: dict[str, str]
    requested_entries: int
    quick: bool
    throughput: list[Throughput] = field(default_factory=list)
    durable: list[Throughput] = field(default_factory=list)
    floor: list[Throughput] = field(default_factory=list)  # empty transactions, no ledger work
    build_entries: int = 0
    build_seconds: float = 0.0
    build_batch: int = 0
    build_cpu: tuple[float, float] = (math.nan, math.nan)  # client, server CPU seconds
    size: int = 0
    inclusion: ProofStats | None = None
    consistency: ProofStats | None = None
    roots: list[float] = field(default_factory=list)
    export: ExportStats | None = None
    fdatasync_seconds: float = math.nan
    notes: list[str] = field(default_factory=list)


def median(values: tuple[float, ...] | list[float]) -> float:
    return sorted(values)[len(values) // 2] if values else math.nan


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def p95(values: list[float]) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**NOT met**"


def _rate(value: float) -> str:
    return f"{value:,.0f}"


def _per_entry_us(seconds: float, entries: int) -> str:
    return f"{seconds / entries * 1e6:,.0f}" if entries else "–"


def _throughput_table(rows: list[Throughput]) -> list[str]:
    out = [
        "| writers | entries per transaction | ledger size | entries per run | runs "
        "| entries/s (median) | range | client CPU µs/entry | PostgreSQL CPU µs/entry |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    out += [
        f"| {r.writers} | {r.per_transaction:,} | {r.ledger_size:,} | {r.entries:,} | "
        f"{len(r.runs)} | {_rate(r.rate)} | {r.spread} | {r.client_us:,.0f} | "
        f"{r.server_us:,.0f} |"
        for r in rows
    ]
    return out


def _proof_rows(stats: ProofStats, bound_extra: int, size: int) -> list[str]:
    target = proof_bytes_target(size) + 32 * bound_extra
    worst = max(stats.sizes)
    return [
        f"| {stats.kind} | {len(stats.generate):,} | {mean(stats.generate) * 1e3:.2f} | "
        f"{p95(stats.generate) * 1e3:.2f} | {mean(stats.verify) * 1e6:.1f} | "
        f"{p95(stats.verify) * 1e6:.1f} | {worst:,} | {target:,} | "
        f"{verdict(worst <= target and stats.over_bound == 0)} |"
    ]


def _floor(rows: list[Throughput]) -> list[str]:
    if not rows:
        return []
    out = [
        "The same round trips with no ledger work (each transaction runs `SELECT 1` twice), "
        "on the same cluster and pool: the most one-entry-per-transaction appends this client "
        "and server could reach here.",
        "",
        "| writers | transactions per run | runs | transactions/s (median) | range | "
        "client CPU µs/transaction | PostgreSQL CPU µs/transaction |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    out += [
        f"| {r.writers} | {r.entries:,} | {len(r.runs)} | {_rate(r.rate)} | {r.spread} | "
        f"{r.client_us:,.0f} | {r.server_us:,.0f} |"
        for r in rows
    ]
    return [*out, ""]


def _export_section(e: ExportStats) -> list[str]:
    def row(step: str, seconds: Callable[[AuditRun], float], cpu: str) -> str:
        low, high = e.spread(seconds)
        spread = f"{low:,.0f}–{high:,.0f}" if len(e.runs) > 1 else "–"
        median_seconds = e.median(seconds)
        return (
            f"| {step} | {median_seconds:.2f} | {_rate(e.entries / median_seconds)} | {spread} "
            f"| {cpu} |"
        )

    def cpu(step: Callable[[AuditRun], Timed], workers: bool = False) -> str:
        own = _per_entry_us(e.median(lambda run: step(run).cpu), e.entries)
        if not workers:
            return own
        return f"{own} + {_per_entry_us(e.median(lambda run: step(run).workers_cpu), e.entries)}"

    def streamed(run: AuditRun) -> Timed:
        return run.streamed

    def single(run: AuditRun) -> Timed:
        return run.streamed_single

    def read(run: AuditRun) -> Timed:
        return run.read

    def in_memory(run: AuditRun) -> Timed:
        return run.in_memory

    best = e.entries / e.median(lambda run: run.streamed.seconds)
    return [
        "## Export and offline audit",
        "",
        "`carbon-registry ledger verify EXPORT` runs backend.ledger.audit.audit_file: it reads the "
        "header and the trailing checkpoints, then hands the entry lines to worker processes a "
        f"chunk of {CHUNK:,} lines at a time ({e.workers} workers by default here, one per CPU); "
        "each worker reads its lines from the file itself and checks every entry on its own "
        "(seq, leaf hash, canonical JSON, envelope) and hashes the chunk's perfect subtree, while "
        "this process replays the registry's rules in seq order, joins the subtree roots and "
        "checks every checkpoint's root on the way. workers=1 does all of it in this process. "
        "For comparison, the last rows read the whole export into memory with read_export and "
        "audit it. Seconds and entries/s are the median run's; CPU is the median run's CPU time "
        "per entry (this process + its workers).",
        "",
        "| step | seconds | entries/s | range | CPU µs/entry |",
        "|---|---:|---:|---:|---:|",
        f"| export (services.ledger.export_lines to a file, {e.file_bytes / 1e6:,.1f} MB) "
        f"| {e.export_seconds:.2f} | {_rate(e.entries / e.export_seconds)} | – | |",
        row(
            f"**verify: audit_file, {e.workers} worker processes**",
            lambda run: run.streamed.seconds,
            cpu(streamed, workers=True),
        ),
        row("audit_file, workers=1", lambda run: run.streamed_single.seconds, cpu(single)),
        row("read_export (whole file into memory)", lambda run: run.read.seconds, cpu(read)),
        row(
            f"audit of the export in memory, {e.workers} workers",
            lambda run: run.in_memory.seconds,
            cpu(in_memory, workers=True),
        ),
        row(
            "read_export + audit",
            lambda run: run.read.seconds + run.in_memory.seconds,
            "",
        ),
        "",
        f"Target >= {AUDIT_TARGET:,} entries/s (full-export verification): "
        f"{verdict(best >= AUDIT_TARGET)} (median {_rate(best)}/s over {len(e.runs)} "
        f"run{'s' if len(e.runs) > 1 else ''}). Audit result: "
        f"{'ok' if e.report.ok else 'FAILED'}; the reports of all {3 * len(e.runs)} audits are "
        f"{'identical' if e.same_report else 'NOT identical'}.",
        "",
        "```",
        *e.report.lines(),
        "```",
        "",
    ]


def render(results: Results) -> str:
    r = results
    single = [t for t in r.throughput if t.per_transaction == 1]
    best_single = max((t.rate for t in single), default=0.0)
    lines = [
        "# Ledger benchmark",
        "",
        f"- Date: {r.machine['date']}",
        f"- Machine: {r.machine['cpus']} CPUs, {r.machine['platform']}",
        f"- Python {r.machine['python']}; PostgreSQL {r.machine['postgres']}",
        f"- Command: `{r.machine['command']}`",
        f"- Load average (1, 5, 15 min) before: {r.machine.get('load_before', '?')}; after: "
        f"{r.machine.get('load_after', '?')} (other work on this machine competes for its CPUs)",
        f"- Ledger size for the proofs and the export: {r.size:,} entries"
        + (" (--quick smoke run)" if r.quick else ""),
        "",
        "PostgreSQL runs on the same machine as the benchmark, in a throwaway cluster "
        "(tests/pgserver.py) started with fsync=off and synchronous_commit=off, so commits do not "
        "wait for the disk; the last section repeats the appends with durable commits. Each "
        "writer is an asyncio task in this one Python process doing its own `async with "
        "transaction()` + services.ledger.append (or append_many); the Tortoise pool has "
        "maxsize=40 connections (its default is 5). Entries are `credits.issued` / "
        "`credits.transferred` bodies of about 300 bytes that the auditor's replay accepts. "
        "Rates are the median of the runs; the machine may be shared, so the range is shown. "
        "The CPU columns (this Python process; all processes of the PostgreSQL cluster) depend "
        "much less on what else runs: when 10^6 / rate is about their sum, appends wait for the "
        "CPU (the ORM, hashing, the server), not for locks or the disk.",
        "",
        "## Appends",
        "",
        "On PostgreSQL an append is two parameterised statements on the caller's connection: "
        "`SELECT size, compact FROM ledger_head WHERE id = 1 FOR UPDATE`, then one statement "
        "that inserts the entries and the tree nodes from arrays (unnest) and advances the head. "
        "With the transaction's BEGIN and COMMIT and the reset the connection pool runs when the "
        "connection goes back, one single-entry append is five round trips to the server.",
        "",
        *_throughput_table(r.throughput),
        "",
        f"Target >= {APPEND_TARGET:,} entries/s with one entry per transaction: "
        f"{verdict(best_single >= APPEND_TARGET)} (best {_rate(best_single)}/s).",
        "",
        *_floor(r.floor),
        f"Building the ledger to {r.size:,} entries: {r.build_entries:,} entries in "
        f"{r.build_seconds:.1f} s with append_many of {r.build_batch:,} per transaction = "
        f"{_rate(r.build_entries / r.build_seconds if r.build_seconds else 0)} entries/s "
        f"(CPU per entry: client {_per_entry_us(r.build_cpu[0], r.build_entries)} µs, "
        f"PostgreSQL {_per_entry_us(r.build_cpu[1], r.build_entries)} µs).",
        "",
    ]
    if r.inclusion and r.consistency:
        lines += [
            f"## Proofs at {r.size:,} entries",
            "",
            "Random (seq, size) and (old size, new size) pairs; generation through "
            "services.ledger (database reads of stored nodes), verification with "
            "backend.ledger.verify. Sizes are the largest proof among the samples.",
            "",
            "| proof | samples | generate mean ms | generate p95 ms | verify mean µs | "
            "verify p95 µs | max bytes | bound bytes | within bound |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
            *_proof_rows(r.inclusion, 0, r.size),
            *_proof_rows(r.consistency, 1, r.size),
            "",
            f"Bound: 32 x ceil(log2 {r.size:,}) = {proof_bytes_target(r.size):,} bytes for "
            "inclusion; a consistency proof may need one hash more (RFC 9162: sizes 3 -> 4 "
            "take 3 hashes), so its bound is 32 more. Every sample is also checked against the "
            "bound for its own tree size.",
            "",
            f"root_at(size) from stored nodes: mean {mean(r.roots) * 1e3:.2f} ms, "
            f"p95 {p95(r.roots) * 1e3:.2f} ms over {len(r.roots):,} random sizes.",
            "",
        ]
    if r.export:
        lines += _export_section(r.export)
    if r.durable:
        lines += [
            "## Durable commits",
            "",
            "A second cluster with PostgreSQL's defaults (fsync=on, synchronous_commit=on) on "
            f"this machine's disk, where an 8 kB write + fdatasync takes "
            f"{r.fdatasync_seconds * 1e3:.2f} ms. The head row stays locked until the commit's "
            "WAL flush returns, so single-entry appends can never exceed one flush each, "
            f"about {1 / r.fdatasync_seconds:,.0f}/s here, whatever the number of writers; "
            "batching entries per transaction is what scales past that.",
            "",
            *_throughput_table(r.durable),
            "",
        ]
    if r.notes:
        lines += ["## Notes", "", *(f"- {note}" for note in r.notes), ""]
    return "\n".join(lines)
