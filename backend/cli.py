"""The carbon-registry command.

Exit codes: 0 done; 1 a check found a problem (ledger verify, ledger witness, audit, or a
checkpoint refused because the ledger head disagrees with its stored nodes); 2 the
command could not run (bad arguments, configuration, input or database: see the message).
`serve` shuts down gracefully on SIGTERM or SIGINT and then ends by that signal (uvicorn's way)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path

from backend import db
from backend.config import Settings
from backend.errors import RegistryError
from backend.ledger.audit import audit_file
from backend.ledger.note import NoteError, NoteVerifier
from backend.ledger.witness import WitnessError, advance
from backend.services import auth, ledger, runtime, self_audit


def _settings() -> Settings:
    settings = Settings()
    settings.country_settings  # noqa: B018 - validate the country file before anything else
    return settings


async def _with_db(settings: Settings, work: Callable[[], Awaitable[int]]) -> int:
    """Migrate, connect, run work, and close every connection whatever happens: an open
    aiosqlite connection keeps a non-daemon thread alive and the process would never exit.
    Every command that uses the database goes through here."""
    runtime.configure(settings)
    try:
        await db.migrate(settings.resolved_database_url)
        await db.init_db(settings.resolved_database_url)
        return await work()
    finally:
        await db.close_db()


def _run_with_db(work: Callable[[], Awaitable[int]]) -> int:
    return asyncio.run(_with_db(_settings(), work))


def cmd_serve(args: argparse.Namespace) -> int:
    from backend import serving

    return serving.serve(
        _settings(),
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=args.proxy_headers,
    )


def cmd_schema(args: argparse.Namespace) -> int:
    from backend.schema import sdl

    sys.stdout.write(sdl())
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    async def work() -> int:
        print("database is up to date")
        return 0

    return _run_with_db(work)


def cmd_create_root(args: argparse.Namespace) -> int:
    password = Path(args.password_file).read_text().rstrip("\r\n")

    async def work() -> int:
        recorded = await auth.create_root(
            email=args.email,
            password=password,
            organisation_name=args.organisation_name,
            tax_id=args.tax_id,
            organisation_email=args.organisation_email or args.email,
        )
        await ledger.sign_checkpoint(
            runtime.current().signer, runtime.current().country.ledger_origin
        )
        print(
            f"created the ROOT account (user {recorded.value.id}) and the government organisation"
        )
        return 0

    return _run_with_db(work)


def cmd_ledger_export(args: argparse.Namespace) -> int:
    async def work() -> int:
        current = runtime.current()
        await ledger.sign_checkpoint(current.signer, current.country.ledger_origin)
        count = 0
        # The CLI process does nothing else meanwhile: blocking writes are fine here.
        with open(args.file, "w", encoding="utf-8") as out:  # noqa: ASYNC230
            async for line in ledger.export_lines(
                origin=current.country.ledger_origin, public_key=current.signer.vkey()
            ):
                out.write(line)
                count += 1
        print(f"wrote {count} lines to {args.file}")
        return 0

    return _run_with_db(work)


def cmd_ledger_verify(args: argparse.Namespace) -> int:
    """Offline: needs neither the database nor the server."""
    public_key = Path(args.public_key).read_text().strip() if args.public_key else None
    kept = Path(args.checkpoint).read_text() if args.checkpoint else None
    report = audit_file(
        args.export, public_key=public_key, kept_checkpoint=kept, workers=args.workers
    )
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def cmd_dashboard_rebuild(args: argparse.Namespace) -> int:
    from backend.services import dashboard_recount

    async def work() -> int:
        rows = await dashboard_recount.rebuild_totals()
        print(f"recounted the dashboard's totals: {rows} rows")
        return 0

    return _run_with_db(work)


def cmd_dashboard_check(args: argparse.Namespace) -> int:
    from backend.services import dashboard_recount

    async def work() -> int:
        found = await dashboard_recount.differences()
        for row, kept, recounted in found:
            print(f"{row}: kept {kept}, recounted {recounted}")
        print("the dashboard's totals match a full recount" if not found else "DIFFERENT")
        return 1 if found else 0

    return _run_with_db(work)


MAX_REPLY = 1 << 20  # a checkpoint or a proof is a few hundred bytes


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as reply:  # noqa: S310 - http(s) only, checked
        body = reply.read(MAX_REPLY + 1)
    if len(body) > MAX_REPLY:
        raise ValueError(f"{url} answered more than {MAX_REPLY} bytes")
    return bytes(body)


def _consistency(base: str, verifier: NoteVerifier, kept: str, latest: str) -> list[bytes]:
    """The registry's consistency proof from the kept checkpoint's size to the latest's, when
    both verify and the log grew (advance judges everything else)."""
    try:
        old, new = verifier.verify(kept), verifier.verify(latest)
    except NoteError:
        return []
    if new.size <= old.size:
        return []
    query = urllib.parse.urlencode({"from": old.size, "to": new.size})
    reply = json.loads(_get(f"{base}/ledger/proof/consistency?{query}"))
    try:
        return [bytes.fromhex(h) for h in reply["hashes"]]  # HTTP hashes are hex
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"the registry's consistency proof is malformed: {exc}") from None


def cmd_ledger_witness(args: argparse.Namespace) -> int:
    """Online, from outside: needs the registry's address and its published key, nothing else."""
    base = args.url.rstrip("/")
    if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
        raise ValueError("the registry's URL must start with http:// or https://")
    verifier = NoteVerifier(Path(args.public_key).read_text().strip())
    state = Path(args.state)
    kept = state.read_text(encoding="utf-8") if state.exists() else None
    latest = _get(f"{base}/ledger/checkpoint").decode("utf-8")
    proof = [] if kept is None else _consistency(base, verifier, kept, latest)
    try:
        accepted = advance(verifier, kept, latest, proof)
    except WitnessError as exc:
        print(f"FAILED: {exc}")
        print(f"The kept checkpoint stays in {state}; keep the registry's answer as evidence.")
        return 1
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=state.parent or ".", delete=False
    ) as out:
        out.write(latest)
    os.replace(out.name, state)
    what = "the first checkpoint" if kept is None else "it extends the kept checkpoint"
    print(f"OK: {accepted.origin} at {accepted.size} entries, root {accepted.root.hex()} ({what}).")
    return 0


def cmd_ledger_checkpoint(args: argparse.Namespace) -> int:
    async def work() -> int:
        current = runtime.current()
        row = await ledger.sign_checkpoint(current.signer, current.country.ledger_origin)
        print(row.note if row else "the ledger is empty", end="" if row else "\n")
        return 0

    return _run_with_db(work)


def cmd_audit(args: argparse.Namespace) -> int:
    """Replay the ledger against the database's blocks, holdings and statuses."""

    async def work() -> int:
        problems = await self_audit.audit_database()
        for problem in problems:
            print(f"DIFFERENCE: {problem}")
        if problems:
            print(f"{len(problems)} differences between the ledger and the database")
            return 1
        print("no difference between the ledger and the database")
        return 0

    return _run_with_db(work)


def cmd_ledger_public_key(args: argparse.Namespace) -> int:
    print(runtime.configure(_settings()).signer.vkey())
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="carbon-registry",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = top.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the registry (migrates first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--proxy-headers", action="store_true", help="trust X-Forwarded-* headers")
    serve.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("REGISTRY_WORKERS") or len(os.sched_getaffinity(0))),
        help="worker processes (default: REGISTRY_WORKERS, else one per CPU core available)",
    )
    serve.set_defaults(run=cmd_serve)

    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=cmd_migrate)
    commands.add_parser("schema", help="print the GraphQL SDL").set_defaults(run=cmd_schema)

    root = commands.add_parser("create-root", help="create the ROOT account and the government")
    root.add_argument("--email", required=True)
    root.add_argument("--password-file", required=True, help="a file holding the password")
    root.add_argument("--organisation-name", default="Designated National Authority")
    root.add_argument("--tax-id", default="GOVERNMENT-1")
    root.add_argument("--organisation-email")
    root.set_defaults(run=cmd_create_root)

    commands.add_parser(
        "audit", help="replay the ledger against the database; exit 1 on any difference"
    ).set_defaults(run=cmd_audit)

    ledger_cmd = commands.add_parser("ledger", help="the verifiable ledger").add_subparsers(
        dest="ledger_command", required=True
    )
    exporter = ledger_cmd.add_parser("export", help="write every entry and checkpoint to FILE")
    exporter.add_argument("file")
    exporter.set_defaults(run=cmd_ledger_export)
    verify = ledger_cmd.add_parser("verify", help="verify an export offline")
    verify.add_argument("export")
    verify.add_argument("--checkpoint", help="a checkpoint you kept from before")
    verify.add_argument("--public-key", help="the registry's published key (vkey)")
    verify.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes checking entries (default: one per CPU; 1: no pool)",
    )
    verify.set_defaults(run=cmd_ledger_verify)
    witness = ledger_cmd.add_parser(
        "witness",
        help="check the registry's latest checkpoint extends the one kept in --state, then keep it",
    )
    witness.add_argument("url", help="the registry's address, e.g. https://registry.gov.vu")
    witness.add_argument("--public-key", required=True, help="the registry's published key")
    witness.add_argument("--state", required=True, help="the file keeping the last checkpoint")
    witness.set_defaults(run=cmd_ledger_witness)
    ledger_cmd.add_parser("checkpoint", help="sign a checkpoint now").set_defaults(
        run=cmd_ledger_checkpoint
    )
    ledger_cmd.add_parser("public-key", help="print the checkpoint key").set_defaults(
        run=cmd_ledger_public_key
    )
    board = commands.add_parser("dashboard", help="the dashboard's kept totals").add_subparsers(
        dest="dashboard_command", required=True
    )
    board.add_parser("rebuild", help="recount the totals from every row").set_defaults(
        run=cmd_dashboard_rebuild
    )
    board.add_parser(
        "check", help="compare the totals with a full recount; exit 1 on any difference"
    ).set_defaults(run=cmd_dashboard_check)
    return top


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ledger.TreeMismatch as exc:
        print(f"REFUSED: {exc}", file=sys.stderr)
        return 1
    except (RegistryError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
