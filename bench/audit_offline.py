"""Read and audit a synthetic export without PostgreSQL, to measure the offline auditor alone.

    python -m bench.audit_offline [--entries 1000000] [--workers N] [--repeat 3]

The entries are the benchmark workload's own (bench.workload.Stream bodies through the same
canonical encoding services.ledger uses), with a signed checkpoint every 100,000 entries, written
once to a temporary export file; read_export + audit are then timed --repeat times.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from backend.ledger.audit import audit
from backend.ledger.canonical import canonical_bytes
from backend.ledger.compact import CompactRange
from backend.ledger.export import ExportHeader, export_lines, read_export
from backend.ledger.hashing import leaf_hash
from backend.ledger.note import Checkpoint, NoteSigner
from bench.workload import ACTOR, Stream

ORIGIN = "bench.example/ledger"
CHECKPOINT_EVERY = 100_000
AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def write_export(path: Path, entries: int, signer: NoteSigner) -> None:
    stream = Stream()
    tree = CompactRange()
    rows, notes = [], []
    first = datetime(2026, 1, 1, tzinfo=UTC)
    for seq in range(entries):
        entry = stream.next_entry()
        body = canonical_bytes(
            {
                "v": 1,
                "seq": seq,
                "type": entry.type,
                # One entry every 7.3 s over the year: every timestamp differs, as in a registry.
                "at": (first + timedelta(microseconds=7_300_001 * seq)).strftime(AT_FORMAT),
                "actor": ACTOR,
                "request_id": None,
                "data": dict(entry.data),
            }
        )
        leaf = leaf_hash(body)
        tree.append(leaf)
        rows.append((seq, body, leaf))
        if tree.size % CHECKPOINT_EVERY == 0 or tree.size == entries:
            notes.append(signer.sign(Checkpoint(ORIGIN, tree.size, tree.root())))
    with path.open("w", encoding="utf-8") as out:
        out.writelines(export_lines(ExportHeader(ORIGIN, signer.vkey(), entries), rows, notes))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.audit_offline", description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=None, help="audit(workers=...)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    signer = NoteSigner(ORIGIN, Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
    with tempfile.TemporaryDirectory(prefix="registry-audit-") as directory:
        path = Path(directory) / "export.jsonl"
        write_export(path, args.entries, signer)
        ok = True
        for _ in range(args.repeat):
            gc.collect()
            started, cpu0 = time.perf_counter(), time.process_time()
            with path.open(encoding="utf-8") as handle:
                export = read_export(handle)
            middle, cpu1 = time.perf_counter(), time.process_time()
            children = _children_cpu()
            report = audit(export, public_key=signer.vkey(), workers=args.workers)
            ended, cpu2 = time.perf_counter(), time.process_time()
            workers_cpu = _children_cpu() - children
            ok = ok and report.ok
            read, checked = middle - started, ended - middle
            per = 1e6 / args.entries
            print(
                f"read {read:.2f} s ({args.entries / read:,.0f}/s, CPU {(cpu1 - cpu0) * per:.2f}"
                f" µs/entry), audit {checked:.2f} s ({args.entries / checked:,.0f}/s, CPU "
                f"{(cpu2 - cpu1) * per:.2f} + workers {workers_cpu * per:.2f} µs/entry), "
                f"read + audit {args.entries / (read + checked):,.0f}/s, ok={report.ok}",
                flush=True,
            )
            del export
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
