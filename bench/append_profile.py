"""Profile single-entry appends (one per transaction) on a throwaway cluster.

    python -m bench.append_profile [--entries 3000] [--writers 1] [--top 25] [--no-profile]

Prints the rate, client CPU per entry and the functions where this process spends its time, to see
how much of an append is the ledger's own work and how much the transaction around it.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

from backend import db
from backend.config import Settings
from backend.services import runtime
from bench import workload
from bench.ledger import create_database, open_database
from tests.pgserver import throwaway_cluster


async def run(entries: int, writers: int, profile: cProfile.Profile | None) -> None:
    with throwaway_cluster() as admin:
        await open_database(await create_database(admin, "bench"))
        try:
            await workload.concurrent_appends(writers, 200)  # warm up: pool, prepared statements
            started, cpu = time.perf_counter(), time.process_time()
            if profile is not None:
                profile.enable()
            await workload.concurrent_appends(writers, entries)
            if profile is not None:
                profile.disable()
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(
                f"{entries / wall:,.0f} entries/s, client CPU {cpu / entries * 1e6:,.0f} µs/entry"
                + (" (profiled)" if profile is not None else "")
            )
        finally:
            await db.close_db()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.append_profile", description=__doc__)
    parser.add_argument("--entries", type=int, default=3_000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--writers", type=int, default=1)
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="registry-bench-"))
    runtime.configure(
        Settings(
            data_dir=workdir / "data",
            ledger_signing_key_file=workdir / "data" / "bench_signing_key.pem",
            ledger_key_name=None,
            country=None,
            country_config=None,
            database_url=None,
            storage_url=None,
            smtp_url=None,
        )
    )
    profile = None if args.no_profile else cProfile.Profile()
    asyncio.run(run(args.entries, args.writers, profile))
    if profile is not None:
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)
        pstats.Stats(profile).sort_stats("cumtime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
