"""Profile the list reads and serialLookup in-process (pyinstrument), on a seeded registry.

    python -m bench.profile_reads [--scale 0.01] [--requests 50] [--html DIR] [--only NAME]
        [--functions N] [--default-collector] [--statements]

Needs pyinstrument (`.venv/bin/pip install pyinstrument`; not a dependency of the registry).

Seeds as bench.registry does, builds the app in this process and posts each query through
httpx's ASGI transport (no network, no wrk), so the profile holds the server's own work only:
Starlette, Strawberry and graphql-core, Tortoise, asyncpg. Prints milliseconds per request
(measured without a profiler, with the garbage collector's share) and pyinstrument's tree for
each query, or with --functions N cProfile's N functions of most own time. The app's
settle_memory() runs as in the server unless --default-collector.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import logging
import pstats
import sys
import tempfile
import time
from pathlib import Path

import httpx
from pyinstrument import Profiler

from backend import db
from backend.app import build_app, settle_memory
from backend.config import Settings
from backend.services import runtime
from bench import seed
from bench.ledger import create_database, open_database
from bench.registry import LOGIN, ORGANISATIONS, PROJECTS, SERIAL
from tests.pgserver import throwaway_cluster


def _print_statements(name: str) -> None:
    """Log the SQL that Tortoise sends during the next request (--statements)."""
    print(f"\n=== {name}: its statements ===")
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("  %(message).300s"))
    statements = logging.getLogger("tortoise.db_client")
    statements.setLevel(logging.DEBUG)
    statements.addHandler(handler)


class _Collections:
    """gc.callbacks entry: how many collections ran and how long they took."""

    def __init__(self) -> None:
        self.runs = 0
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.runs += 1
            self.seconds += time.perf_counter() - self._started


async def profile(
    admin: str,
    scale: seed.Scale,
    requests: int,
    html: Path | None,
    only: list[str],
    functions: int = 0,
    default_collector: bool = False,
    statements: bool = False,
) -> None:
    url = await create_database(admin, "profile")
    await open_database(url)
    await seed.seed_rows(scale, lambda m: None)
    await seed.seed_ledger(scale, lambda m: None)
    settings = runtime.current()
    app = build_app(Settings(data_dir=Path(tempfile.mkdtemp())), apply_migrations=False)
    del settings
    if not default_collector:
        settle_memory()  # as the app's lifespan does (the ASGI transport does not run it)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        login = {"query": LOGIN, "variables": {"e": "user1@bench.example", "p": seed.PASSWORD}}
        token = (await client.post("/graphql", json=login)).json()["data"]["login"]["token"]
        headers = {"Authorization": f"Bearer {token}"}
        unit = f"VU-VCU-2-1-2024-1-{seed.UNITS_PER_BLOCK + 7}"  # block 2, issuance 1's
        reads = (
            ("typename", {"query": "{ __typename }"}, headers),  # the floor of a request
            ("organisations", {"query": ORGANISATIONS}, headers),
            ("projects", {"query": PROJECTS}, headers),
            ("serialLookup", {"query": SERIAL, "variables": {"s": unit}}, {}),
        )
        for name, body, sent in reads:
            if only and name not in only:
                continue
            if not sent:
                client.cookies.clear()  # anonymous, as the public lookup is
            for _ in range(3):  # warm the caches
                reply = await client.post("/graphql", json=body, headers=sent)
                assert "errors" not in reply.json(), reply.text[:500]
            if statements:
                _print_statements(name)
                await client.post("/graphql", json=body, headers=sent)
                logging.getLogger("tortoise.db_client").handlers.clear()
                continue
            collector = _Collections()
            gc.callbacks.append(collector)
            started, cpu = time.perf_counter(), time.process_time()
            for _ in range(requests):  # unprofiled: the figure without the profiler's overhead
                await client.post("/graphql", json=body, headers=sent)
            elapsed = (time.perf_counter() - started) / requests
            cpu = (time.process_time() - cpu) / requests
            gc.callbacks.remove(collector)
            print(
                f"\n=== {name}: {1000 * elapsed:.2f} ms a request in-process "
                f"({1000 * cpu:.2f} ms CPU, the database's not included), of which "
                f"{1000 * collector.seconds / requests:.2f} ms in the garbage collector "
                f"({collector.runs / requests:.1f} collections a request) ==="
            )
            if functions:
                by_function = cProfile.Profile()
                by_function.enable()
                for _ in range(requests):
                    await client.post("/graphql", json=body, headers=sent)
                by_function.disable()
                stats = pstats.Stats(by_function, stream=sys.stdout)
                stats.sort_stats("tottime").print_stats(functions)
                continue
            profiler = Profiler(async_mode="enabled", interval=0.0005)
            with profiler:
                for _ in range(requests):
                    await client.post("/graphql", json=body, headers=sent)
            print(profiler.output_text(unicode=False, color=False, show_all=False)[:6000])
            if html:
                (html / f"{name}.html").write_text(profiler.output_html())
    await db.close_db()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--html", type=Path)
    parser.add_argument(
        "--functions", type=int, default=0, help="cProfile's N costliest functions instead"
    )
    parser.add_argument(
        "--default-collector", action="store_true", help="without the app's settle_memory()"
    )
    parser.add_argument(
        "--statements", action="store_true", help="print the SQL of one request of each read"
    )
    parser.add_argument("--only", action="append", default=[], help="typename, organisations, ...")
    args = parser.parse_args(argv)
    runtime.configure(Settings(data_dir=Path(tempfile.mkdtemp())))
    with throwaway_cluster() as admin:
        asyncio.run(
            profile(
                admin,
                seed.Scale.of(args.scale),
                args.requests,
                args.html,
                args.only,
                args.functions,
                args.default_collector,
                args.statements,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
