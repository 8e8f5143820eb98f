"""The dashboard's part of the bench: its totals filled by the same recount as
`carbon-registry dashboard rebuild`, and the `dashboard` query measured on its own.

    BENCH_BLOCKS=1000000 python -m bench.dashboard [--seconds 10] [--out bench/dashboard-report.md]

seeds the registry's rows (bench.seed at the scale that gives BENCH_BLOCKS credit blocks; no
ledger, which the dashboard does not read but for its latest 10 entries), fills the totals,
serves on production settings and drives `dashboard` with wrk at 1 and 16 clients, for the
whole registry, one organisation (government's filter) and one period. Issue 12's target:
under 100 ms on PostgreSQL with 1,000,000 blocks and 10,000 projects.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backend import db
from backend.config import Settings
from backend.services import dashboard_recount, runtime
from bench import cpu, load, seed
from bench.ledger import create_database, open_database
from tests.pgserver import throwaway_cluster
from tests.reliability.server import registry_env, serving

CLIENTS = (1, 16)
DASHBOARD = """query($f: DashboardFilter) { dashboard(filter: $f) {
  projectsByStatus { key count } projectsBySector { key count }
  projectsBySectoralScope { key count } projectsByRegion { key count }
  credits { estimated issued transferred retired cancelled }
  creditsByVintage { key issued transferred retired cancelled }
  creditsBySector { key issued transferred retired cancelled }
  retiredByKind { key count } article6ByAcquiringParty { party authorised firstTransferred }
  pendingWork { key count } recentActivity { seq type recordedAt } } }"""
LOGIN = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }"


async def fill_totals(log: Any) -> float:
    """Fill the dashboard's totals from the seeded rows (the rebuild's recount); seconds."""
    started = time.perf_counter()
    rows = await dashboard_recount.rebuild_totals()
    seconds = time.perf_counter() - started
    log(f"filled the dashboard's totals ({rows} rows) in {seconds:.1f} s")
    return seconds


def _log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


async def _prepare(admin: str, scale: seed.Scale) -> tuple[str, dict[str, Any]]:
    url = await create_database(admin, "registry")
    facts: dict[str, Any] = {"postgres": await open_database(url)}
    facts["postmaster"] = await cpu.postmaster_pid()
    started = time.perf_counter()
    await seed.seed_rows(scale, _log)
    facts["seed_seconds"] = time.perf_counter() - started
    facts["fill_seconds"] = await fill_totals(_log)
    _, rows = await db.connection().execute_query("SELECT count(*) AS n FROM dashboard_total")
    facts["total_rows"] = int(rows[0]["n"])
    await db.connection().execute_script("VACUUM ANALYZE")
    await db.close_db()
    return url, facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="bench/dashboard-report.md")
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "10"))
    )
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args(argv)
    blocks = int(os.environ.get("BENCH_BLOCKS", "1000000"))
    scale = seed.Scale.of(blocks / 1_000_000)
    load.wrk_path()
    work = Path(tempfile.mkdtemp(prefix="dashboard-bench-"))
    runtime.configure(Settings(data_dir=work / "data"))
    results: dict[str, list[load.Load]] = {}
    with throwaway_cluster() as admin:
        url, facts = asyncio.run(_prepare(admin, scale))
        env = registry_env(work / "data", url.split("?")[0] + "?maxsize=20")
        # The background self-audit replays every block on a worker's event loop; at 1,000,000
        # blocks on a loaded machine that stalls the worker past uvicorn's health check, which
        # then restarts it for ever (seen at 15:22 UTC, 2026-12-03): this bench measures the
        # dashboard, so it runs without it (REGISTRY_SELF_AUDIT_SECONDS=0 unless set).
        env.setdefault("REGISTRY_SELF_AUDIT_SECONDS", "0")
        with serving(env, work / "server.log", workers=args.workers) as server:
            reply = server.graphql(LOGIN, e="user1@bench.example", p=seed.PASSWORD)
            token = reply["data"]["login"]["token"]
            filters: dict[str, dict[str, Any] | None] = {
                "dashboard": None,
                "dashboard, one organisation": {"organisationId": str(scale.first_developer)},
                "dashboard, one period": {
                    "from": "2024-01-01",
                    "to": f"{datetime.now(UTC):%Y-%m-%d}",
                },
            }
            for name, given in filters.items():
                answer = server.graphql(DASHBOARD, token, f=given)
                if answer.get("errors"):
                    raise RuntimeError(f"{name} answers errors: {answer['errors']}")
                path = load.write_requests(
                    work / f"{len(results)}.txt",
                    [(token, {"query": DASHBOARD, "variables": {"f": given}})],
                )
                results[name] = []
                for clients in CLIENTS:
                    run = load.run(
                        name,
                        server.base,
                        path,
                        clients,
                        args.seconds,
                        (server.process.pid, facts["postmaster"]),
                    )
                    _log(
                        f"{name} at {clients}: {run.rate:,.1f}/s p50 {run.p50_ms:.1f} ms, "
                        f"p95 {run.p95_ms:.1f} ms"
                    )
                    results[name].append(run)
    facts.update(
        counts=scale.__dict__, cores=os.cpu_count(), workers=args.workers, seconds=args.seconds,
        load=os.getloadavg(), date=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
    )  # fmt: skip
    lines = [
        "# Dashboard benchmark", "",
        f"{facts['date']}; {scale.blocks:,} credit blocks, {scale.projects:,} projects, "
        f"{scale.organisations:,} organisations; {facts['total_rows']:,} total rows; "
        f"{facts['cores']} cores, {args.workers} workers; load average {facts['load'][0]:.1f}.",
        f"Seeded in {facts['seed_seconds']:.1f} s; totals filled in {facts['fill_seconds']:.1f} s.",
        "", "| request | clients | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    for name, runs in results.items():
        for r in runs:
            lines.append(
                f"| `{name}` | {r.clients} | {r.rate:,.1f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | "
                f"{r.p99_ms:.1f} |"
            )
    out = Path(args.out)
    out.write_text("\n".join(lines) + "\n")
    plain = {k: [r.__dict__ for r in v] for k, v in results.items()}
    out.with_suffix(".json").write_text(
        json.dumps({"facts": facts, "runs": plain}, default=str, indent=1)
    )
    _log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
