"""Measure the ledger on PostgreSQL and write a Markdown report.

    python -m bench.ledger --out bench/report.md [--entries 1000000] [--quick]

Appends per second (one entry per transaction from 1, 8 and 32 concurrent writers, and batches of
100 and 1,000), empty transactions with the same round trips (the ceiling for one entry per
transaction), the time to build a ledger of --entries entries, inclusion and consistency proof
generation, verification and size at that size, writing the export and auditing it offline (with
audit's default worker processes, then with workers=1), and single-entry appends again on a
cluster with durable commits. --quick: 20,000 entries and fewer samples, well under a minute, for a
smoke check.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shlex
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

from backend import db
from backend.config import Settings
from backend.services import ledger, runtime
from bench import cpu, proofs, workload
from bench.durable import durable_cluster, fdatasync_seconds
from bench.report import Results, Throughput, render
from tests.pgserver import throwaway_cluster

POOL_SIZE = 40  # Tortoise's asyncpg pool (default maxsize 5): enough for 32 concurrent writers
WRITERS = (1, 8, 32)
BATCHES = (100, 1_000)
BUILD_BATCH = 5_000
QUICK_ENTRIES = 20_000


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


async def create_database(admin_url: str, name: str) -> str:
    """Create database name on the cluster; return its URL with the pool size set."""
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return f"{admin_url.rsplit('/', 1)[0]}/{name}?maxsize={POOL_SIZE}"


async def open_database(url: str) -> str:
    """Migrate and connect; return the server's version."""
    await db.migrate(url)
    await db.close_db()
    await db.init_db(url)
    _, rows = await db.connection().execute_query("SHOW server_version")
    return str(rows[0][0])


async def sign() -> None:
    current = runtime.current()
    await ledger.sign_checkpoint(current.signer, current.country.ledger_origin)


async def appends(writers: int, entries: int, per_transaction: int, runs: int) -> Throughput:
    """Repeat concurrent_appends runs times, measuring wall and CPU time; log and return them."""
    size, _ = await ledger.tree_head()
    probe = cpu.CpuProbe(await cpu.postmaster_pid())
    seconds, client, server = [], [], []
    for _ in range(runs):
        probe.start()
        seconds.append(await workload.concurrent_appends(writers, entries, per_transaction))
        probe.stop()
        client.append(probe.client)
        server.append(probe.server)
    row = Throughput(
        writers, per_transaction, entries, tuple(seconds), size, tuple(client), tuple(server)
    )
    log(
        f"{writers} writers, {per_transaction} per transaction: {row.rate:,.0f} entries/s "
        f"(CPU per entry: client {row.client_us:,.0f} µs, server {row.server_us:,.0f} µs)"
    )
    return row


async def measure_appends(entries: int, batch_transactions: int, runs: int) -> list[Throughput]:
    """One entry per transaction from each number of WRITERS, then BATCHES from one writer."""
    await workload.concurrent_appends(max(WRITERS), 4 * max(WRITERS))  # open the pool
    rows = [await appends(writers, entries, 1, runs) for writers in WRITERS]
    for batch in BATCHES:
        rows.append(await appends(1, batch * batch_transactions, batch, runs))
    await sign()
    return rows


async def measure_floor(transactions: int, runs: int) -> list[Throughput]:
    """Empty transactions with an append's round trips, from 1 and 8 writers."""
    rows = []
    probe = cpu.CpuProbe(await cpu.postmaster_pid())
    for writers in (1, 8):
        seconds, client, server = [], [], []
        for _ in range(runs):
            probe.start()
            seconds.append(await workload.empty_transactions(writers, transactions))
            probe.stop()
            client.append(probe.client)
            server.append(probe.server)
        row = Throughput(writers, 0, transactions, tuple(seconds), 0, tuple(client), tuple(server))
        log(f"{writers} writers, empty transactions: {row.rate:,.0f}/s")
        rows.append(row)
    return rows


async def measure_durable(admin: str, entries: int, runs: int) -> list[Throughput]:
    await open_database(await create_database(admin, "bench"))
    try:
        await workload.concurrent_appends(max(WRITERS), 4 * max(WRITERS))  # open the pool
        rows = [await appends(writers, entries, 1, runs) for writers in WRITERS]
        rows.append(await appends(1, 10 * BATCHES[0], BATCHES[0], runs))
        return rows
    finally:
        await db.close_db()


async def build_ledger(results: Results, target: int, every: int) -> None:
    async def progress(size: int, elapsed: float) -> None:
        await sign()
        done = size - start
        log(f"built {size:,} / {target:,} entries ({done / elapsed:,.0f} entries/s)")

    start, _ = await ledger.tree_head()
    log(f"building the ledger from {start:,} to {target:,} entries")
    probe = cpu.CpuProbe(await cpu.postmaster_pid())
    probe.start()
    results.build_seconds = await workload.build(target, BUILD_BATCH, progress, every)
    probe.stop()
    results.build_cpu = (probe.client, probe.server)
    results.build_entries = max(0, target - start)
    results.build_batch = BUILD_BATCH
    await sign()


async def measure_proofs(results: Results, samples: int) -> None:
    rng = random.Random(20_240_601)  # noqa: S311 - reproducible sampling, not cryptography
    results.size, _ = await ledger.tree_head()
    log(f"{samples:,} inclusion proofs at size {results.size:,}")
    results.inclusion = await proofs.inclusion_samples(results.size, samples, rng)
    log(f"{samples:,} consistency proofs")
    results.consistency = await proofs.consistency_samples(results.size, samples, rng)
    results.roots = await proofs.root_samples(results.size, samples, rng)


async def run(entries: int, quick: bool, command: str) -> Results:
    results = Results(
        machine={
            "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "cpus": str(os.cpu_count()),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "command": command,
            "load_before": _load(),
        },
        requested_entries=entries,
        quick=quick,
    )
    workdir = Path(tempfile.mkdtemp(prefix="registry-bench-"))
    try:
        # Explicit values, so that no REGISTRY_* variable of this shell points the benchmark at
        # a real key file or country.
        settings = Settings(
            data_dir=workdir / "data",
            ledger_signing_key_file=workdir / "data" / "bench_signing_key.pem",
            ledger_key_name=None,
            country=None,
            country_config=None,
            database_url=None,
            storage_url=None,
            smtp_url=None,
        )
        runtime.configure(settings)
        runs = 1 if quick else 3
        with throwaway_cluster() as admin:
            url = await create_database(admin, "bench")
            results.machine["postgres"] = await open_database(url)
            try:
                results.throughput = await measure_appends(
                    1_000 if quick else 5_000, 2 if quick else 10, runs
                )
                results.floor = await measure_floor(1_000 if quick else 5_000, runs)
                await build_ledger(results, entries, 5_000 if quick else 100_000)
                await measure_proofs(results, 200 if quick else 1_000)
                log("exporting and auditing")
                results.export = await proofs.export_and_audit(workdir, runs)
                for writers in (1, 8):  # again, now that the tables and indexes are big
                    row = await appends(writers, 1_000 if quick else 5_000, 1, runs)
                    results.throughput.append(row)
            finally:
                await db.close_db()
        log("durable commits: a second cluster with fsync=on and synchronous_commit=on")
        results.fdatasync_seconds = fdatasync_seconds(workdir)
        try:
            with durable_cluster() as admin:
                results.durable = await measure_durable(admin, 500 if quick else 2_000, runs)
        except Exception as exc:  # noqa: BLE001 - report what was measured before it
            log(f"the durable-commit measurement failed: {exc!r}")
            results.notes.append(f"The durable-commit measurement failed: {exc!r}.")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results.machine["load_after"] = _load()
    return results


def _load() -> str:
    """The 1, 5 and 15 minute load averages: other work on this machine slows every figure."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ledger", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("bench/report.md"))
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ENTRIES:,} entries")
    args = parser.parse_args(argv)
    entries = QUICK_ENTRIES if args.quick else args.entries
    command = shlex.join(["python", "-m", "bench.ledger", *sys.argv[1:]])
    results = asyncio.run(run(entries, args.quick, command))
    text = render(results)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    log(f"wrote {args.out}")
    export = results.export
    return 0 if export is None or export.report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
