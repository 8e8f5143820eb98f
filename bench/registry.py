"""The registry's benchmark: seed by bulk paths, serve on production settings, drive with wrk.

    python -m bench.registry --out bench/report.md [--scale 1.0] [--seconds 10]
        [--workers N] [--ledger-report FILE]

BENCH_SCALE (or --scale) multiplies the seed (1.0: 1,000 organisations, 10,000 projects,
100,000 activities, 1,000,000 credit blocks, 1,000,000 ledger entries). The server is
`carbon-registry serve --workers N` (default: one per core) on a throwaway PostgreSQL cluster
on this machine; wrk runs on loopback with 1, 16 and 64 connections per request kind. The
service-layer transfers run in this process, at about 1% of the ledger and at all of it, so the
transfer's cost can be compared across ledger sizes. Writes bench/report.md (Markdown) and
report.json beside it; --ledger-report appends the ledger benchmark's own report.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backend import db
from backend.config import Settings
from backend.models.organisation import Organisation
from backend.models.user import User
from backend.services import runtime, sessions
from backend.services.credits import transfers
from bench import cpu, load, registry_report, seed
from bench import dashboard as dashboard_bench
from bench.ledger import create_database, open_database
from tests.pgserver import throwaway_cluster
from tests.reliability.server import registry_env, serving

CLIENTS = (1, 16, 64)
SENDERS = 64
ISSUANCES_PER_PROJECT = 10  # bench/seed.py: 100 blocks a project, 10 an issuance
LOGIN = (
    "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }"
)
ORGANISATIONS = """{ organisations(first: 50) { totalCount edges { node { id name taxId type
  status statusReason email phone website address country sectoralScopes } } } }"""
PROJECTS = """{ projects(first: 50) { totalCount edges { node { id number title externalId
  sector sectoralScope status serialPrefix estimatedCredits
  owners { percentage organisation { id name } }
  activities { id code title status verifiedCredits }
  documents { id kind filename sha256 } } } } }"""
SERIAL = """query($s: String!) { serialLookup(serial: $s) { unit
  block { id serial quantity status } history { seq type at } } }"""
TRANSFER = """mutation($b: ID!, $to: ID!) { transferCredits(input: {blockId: $b, quantity: 1,
  toOrganisationId: $to}) { ledgerSeq } }"""


# Indexes measured before migration 0014_read_indexes had them (bench/report-indexes.md): the
# migration now creates these (under its own names), so --extra-indexes only adds duplicates.
EXTRA_INDEXES = (
    "CREATE INDEX bench_activity_project ON activity (project_id)",
    "CREATE INDEX bench_document_project ON document (project_id)",
    "CREATE INDEX bench_block_holder ON credit_block (holder_id)",
    "CREATE INDEX bench_block_issuance ON credit_block (issuance_id)",
    "CREATE INDEX bench_block_project ON credit_block (project_id)",
    "CREATE INDEX bench_block_serial ON credit_block (serial_prefix, serial_start)",
    "CREATE INDEX bench_ledger_subject ON ledger_entry (subject, seq)",
    "CREATE INDEX bench_transfer_block ON credit_transfer (block_id)",
)


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def senders(scale: seed.Scale) -> list[tuple[int, tuple[int, ...], int]]:
    """(organisation, the first blocks of its first project's issuances, receiver) for the
    transfer runs. Project p's issuance k (0-9) has its first block 1 + (p - 1) * 100 + k * 10,
    held by its owner. Senders and receivers are two disjoint halves of the developers, one
    receiver each: transfers that cross (or share a receiver) deadlock or queue on the
    organisation rows today (issue 14 item 10)."""
    developers = scale.organisations - scale.first_developer + 1
    half = developers // 2
    per_issuance = seed.BLOCKS_PER_ISSUANCE
    rows = []
    for p in range(1, min(SENDERS, half, scale.projects) + 1):
        owner = scale.first_developer + p % developers
        receiver = scale.first_developer + (p + half) % developers
        first = 1 + (p - 1) * per_issuance * ISSUANCES_PER_PROJECT
        blocks = tuple(first + k * per_issuance for k in range(ISSUANCES_PER_PROJECT))
        rows.append((owner, blocks, receiver))
    return rows


def service_blocks(blocks: tuple[int, ...]) -> tuple[int, ...]:
    """The in-process runs move units of the first half of a sender's blocks, the GraphQL
    runs of the other half: each block holds UNITS_PER_BLOCK units, and a block emptied by
    one run (its last unit moves the whole block) would leave the next one nothing to send
    (at a tiny scale there are two senders for 64 clients)."""
    return blocks[: len(blocks) // 2]


def api_blocks(blocks: tuple[int, ...]) -> tuple[int, ...]:
    return blocks[len(blocks) // 2 :]


async def service_transfers(scale: seed.Scale, clients: int, seconds: float) -> dict[str, Any]:
    """transfers.transfer_credits of one unit from `clients` concurrent tasks (own blocks)."""
    plan = senders(scale)
    principals = {}
    for owner, _, _ in plan:
        user = await User.get(id=owner)
        principals[owner] = sessions.principal_of(user, await Organisation.get(id=owner))
    latencies: list[float] = []
    failed = 0
    deadline = time.perf_counter() + seconds

    async def client(index: int) -> None:
        nonlocal failed
        owner, blocks, receiver = plan[index % len(plan)]
        mine = service_blocks(blocks)
        block = mine[(index // len(plan)) % len(mine)]
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                await transfers.transfer_credits(
                    principal=principals[owner],
                    block_id=block,
                    quantity=1,
                    to_organisation_id=receiver,
                )
                latencies.append(time.perf_counter() - started)
            except Exception:  # noqa: BLE001 - counted: a refusal or a deadlock (issue 14)
                failed += 1

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    return registry_report.summary(latencies, failed, time.perf_counter() - started, clients)


async def prepare(
    admin: str, scale: seed.Scale, seconds: float, extra_indexes: bool
) -> tuple[str, dict[str, Any]]:
    """Seed the registry; measure service-layer transfers at ~1% and 100% of the ledger."""
    url = await create_database(admin, "registry")
    facts: dict[str, Any] = {"postgres": await open_database(url)}
    facts["postmaster"] = await cpu.postmaster_pid()
    started = time.perf_counter()
    facts["seed_seconds"] = await seed.seed_rows(scale, log)
    facts["dashboard_fill_seconds"] = await dashboard_bench.fill_totals(log)  # the rebuild's
    facts["extra_indexes"] = list(EXTRA_INDEXES) if extra_indexes else []
    for statement in facts["extra_indexes"]:
        await db.connection().execute_script(statement)
    small = max(1, scale.issuances // 100)
    facts["ledger_seconds"] = await seed.seed_ledger(scale, log, 1, small)
    facts["service_small"] = {
        "ledger_entries": small * seed.BLOCKS_PER_ISSUANCE,
        "runs": [await service_transfers(scale, c, seconds) for c in CLIENTS],
    }
    facts["ledger_seconds"] += await seed.seed_ledger(scale, log, small + 1)
    _, rows = await db.connection().execute_query("SELECT size FROM ledger_head WHERE id = 1")
    facts["ledger_size"] = int(rows[0]["size"])
    facts["service_large"] = {
        "ledger_entries": facts["ledger_size"],
        "runs": [await service_transfers(scale, c, seconds) for c in CLIENTS],
    }
    await db.connection().execute_script("VACUUM ANALYZE")
    facts["prepare_seconds"] = time.perf_counter() - started
    await db.close_db()
    return url, facts


def request_files(server: Any, scale: seed.Scale, work: Path) -> dict[str, Path]:
    """The request lines of each kind, with tokens signed in through the API."""
    government = server.graphql(LOGIN, e="user1@bench.example", p=seed.PASSWORD)
    token = government["data"]["login"]["token"]
    plan = senders(scale)
    sender_tokens = {}
    for owner, _, _ in plan:
        reply = server.graphql(LOGIN, e=f"user{owner}@bench.example", p=seed.PASSWORD)
        sender_tokens[owner] = reply["data"]["login"]["token"]
    rng = random.Random(7)
    serials = []
    for _ in range(1000):
        block = rng.randint(1, scale.blocks)
        issuance, project = 1 + (block - 1) // 10, 1 + (block - 1) // 100
        unit = (block - 1) * seed.UNITS_PER_BLOCK + rng.randint(1, seed.UNITS_PER_BLOCK)
        prefix = f"VU-VCU-{1 + project % 15}-{project}-2024-{issuance}"
        serials.append(("", {"query": SERIAL, "variables": {"s": f"{prefix}-{unit}"}}))
    logins = [
        ("", {"query": LOGIN, "variables": {"e": f"user{n}@bench.example", "p": seed.PASSWORD}})
        for n in range(1, scale.organisations + 1)
    ]
    moves = [
        (sender_tokens[o], {"query": TRANSFER, "variables": {"b": str(b), "to": str(r)}})
        for o, blocks, r in plan
        for b in api_blocks(blocks)
    ]
    kinds = {
        "organisations": [(token, {"query": ORGANISATIONS})],
        "projects": [(token, {"query": PROJECTS})],
        "serialLookup": serials,
        "signIn": logins,
        "transferCredits": moves,
        "dashboard": [(token, {"query": dashboard_bench.DASHBOARD})],
    }
    return {k: load.write_requests(work / f"{k}.txt", v) for k, v in kinds.items()}


def check_answers(server: Any, files: dict[str, Path]) -> None:
    """One request of each kind must answer without errors before it is measured."""
    import json

    for kind, path in files.items():
        token, body = path.read_text().splitlines()[0].split("\t", 1)
        request = json.loads(body)
        reply = server.graphql(request["query"], token or None, **request.get("variables", {}))
        if reply.get("errors"):
            raise RuntimeError(f"{kind} answers errors: {reply['errors']}")


def drive(server: Any, files: dict[str, Path], seconds: float, postmaster: int) -> dict[str, Any]:
    runs: dict[str, Any] = {}
    pids = (server.process.pid, postmaster)
    for kind, path in files.items():
        runs[kind] = []
        for clients in CLIENTS:
            result = load.run(kind, server.base, path, clients, seconds, pids)
            log(f"{kind} at {clients}: {result.rate:,.1f}/s p95 {result.p95_ms:.1f} ms")
            runs[kind].append(result)
    # The organisation list read by 16 clients while 64 others sign in.
    load.settle(pids)
    signing = load.start(server.base, files["signIn"], 64, seconds)
    reading = load.run("organisations", server.base, files["organisations"], 16, seconds, pids)
    runs["during_sign_in"] = [reading, load.finish("signIn", 64, signing)]
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="bench/report.md")
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "1")))
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "10"))
    )
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--ledger-report", help="a ledger benchmark report to append")
    parser.add_argument(
        "--extra-indexes", action="store_true", help="add EXTRA_INDEXES after seeding"
    )
    args = parser.parse_args(argv)
    scale = seed.Scale.of(args.scale)
    load.wrk_path()
    loads_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="registry-bench-"))
    settings = Settings(data_dir=work / "data")
    runtime.configure(settings)
    with throwaway_cluster() as admin:
        url, facts = asyncio.run(prepare(admin, scale, args.seconds, args.extra_indexes))
        env = registry_env(work / "data", url.split("?")[0] + "?maxsize=20")
        # The bench measures the registry, not the public per-address limit (one load
        # generator on loopback is one address).
        env["REGISTRY_ANONYMOUS_REQUESTS_PER_MINUTE"] = str(10**9)
        with serving(env, work / "server.log", workers=args.workers) as server:
            files = request_files(server, scale, work)
            check_answers(server, files)
            runs = drive(server, files, args.seconds, facts["postmaster"])
    facts.update(
        scale=args.scale,
        counts=scale.__dict__ | {"ledger_entries": scale.ledger_entries},
        cores=os.cpu_count(),
        workers=args.workers,
        seconds=args.seconds,
        python=platform.python_version(),
        machine=platform.platform(),
        load_before=loads_before,
        load_after=os.getloadavg(),
        date=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        command=" ".join(["python -m bench.registry", *(argv or sys.argv[1:])]),
    )
    ledger_text = Path(args.ledger_report).read_text() if args.ledger_report else None
    registry_report.write(Path(args.out), facts, runs, ledger_text)
    log(f"wrote {args.out} and {Path(args.out).with_suffix('.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
