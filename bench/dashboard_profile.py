"""Profile the `dashboard` query in-process (pyinstrument), on a seeded registry.

    BENCH_BLOCKS=100000 python -m bench.dashboard_profile [--requests 50] [--html DIR]

Needs pyinstrument (`.venv/bin/pip install pyinstrument`; not a dependency of the registry).

Seeds the rows as bench.dashboard does (no ledger), fills the totals, builds the app in this
process and posts `dashboard` through httpx's ASGI transport (no network, no wrk) for the whole
registry, one organisation and one period. Prints milliseconds per request, the totals query's
plan (EXPLAIN ANALYZE) and pyinstrument's tree for each filter.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from pyinstrument import Profiler

from backend import db
from backend.app import build_app
from backend.config import Settings
from backend.services import runtime
from bench import seed
from bench.dashboard import DASHBOARD, LOGIN, fill_totals
from bench.ledger import create_database, open_database
from tests.pgserver import throwaway_cluster


def filters(scale: seed.Scale) -> dict[str, dict[str, Any] | None]:
    """The bench's three filters."""
    return {
        "dashboard": None,
        "dashboard, one organisation": {"organisationId": str(scale.first_developer)},
        "dashboard, one period": {"from": "2024-01-01", "to": f"{datetime.now(UTC):%Y-%m-%d}"},
    }


async def _explain(organisation: int) -> str:
    sql = (
        'EXPLAIN (ANALYZE, BUFFERS) SELECT kind, "key", sector, vintage, SUM("value") '
        "FROM dashboard_total WHERE organisation_id = $1 AND day = '1970-01-01' "
        'GROUP BY kind, "key", sector, vintage'
    )
    _, rows = await db.connection().execute_query(sql, [organisation])
    return "\n".join(str(r["QUERY PLAN"]) for r in rows)


async def profile(admin: str, scale: seed.Scale, requests: int, html: Path | None) -> None:
    url = await create_database(admin, "profile")
    await open_database(url)
    await seed.seed_rows(scale, lambda m: None)
    await fill_totals(print)
    await db.connection().execute_script("VACUUM ANALYZE")
    for organisation in (0, scale.first_developer):
        print(f"\n--- totals query, organisation {organisation} ---\n{await _explain(organisation)}")
    app = build_app(Settings(data_dir=Path(tempfile.mkdtemp())), apply_migrations=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        login = {"query": LOGIN, "variables": {"e": "user1@bench.example", "p": seed.PASSWORD}}
        token = (await client.post("/graphql", json=login)).json()["data"]["login"]["token"]
        headers = {"Authorization": f"Bearer {token}"}
        for name, given in filters(scale).items():
            body = {"query": DASHBOARD, "variables": {"f": given}}
            for _ in range(3):  # warm the caches
                reply = await client.post("/graphql", json=body, headers=headers)
                assert "errors" not in reply.json(), reply.text[:500]
            times = []
            profiler = Profiler(async_mode="enabled", interval=0.0005)
            with profiler:
                for _ in range(requests):
                    started = time.perf_counter()
                    await client.post("/graphql", json=body, headers=headers)
                    times.append(1000 * (time.perf_counter() - started))
            times.sort()
            p50, p95 = times[len(times) // 2], times[min(len(times) - 1, len(times) * 95 // 100)]
            print(f"\n=== {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms in-process ===")
            print(profiler.output_text(unicode=False, color=False, show_all=False)[:5000])
            if html:
                (html / f"{name.replace(', ', '-').replace(' ', '_')}.html").write_text(
                    profiler.output_html()
                )
    await db.close_db()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--html", type=Path)
    args = parser.parse_args(argv)
    blocks = int(os.environ.get("BENCH_BLOCKS", "100000"))
    runtime.configure(Settings(data_dir=Path(tempfile.mkdtemp())))
    with throwaway_cluster() as admin:
        asyncio.run(profile(admin, seed.Scale.of(blocks / 1_000_000), args.requests, args.html))
    return 0


if __name__ == "__main__":
    sys.exit(main())
