"""An export written before entry types were declared (body version 1, ids as strings in the
credit entries; tests/ledger/fixtures/README.md) still verifies, replays and reads."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path

from backend.ledger import entries
from backend.ledger.audit import audit_file
from backend.services.reports import history

FIXTURES = Path(__file__).parent / "fixtures"
EXPORT = FIXTURES / "export-before-typed-entries.jsonl"
KEY = (FIXTURES / "export-before-typed-entries.vkey").read_text().strip()


def bodies() -> list[dict[str, object]]:
    lines = [json.loads(line) for line in EXPORT.read_text().splitlines()]
    return [json.loads(base64.b64decode(line["body"])) for line in lines if "body" in line]


def test_the_old_export_still_verifies_with_its_key() -> None:
    for workers in (1, 2):
        report = audit_file(EXPORT, public_key=KEY, workers=workers)
        assert report.ok, report.lines()
        assert report.entries == 40 and report.checkpoints_verified == 1
        summary = report.replay_summary
        # 1000 issued: 20 OMGE units cancelled at issuance, 25 retired (5 + a first transfer of
        # 20), none pending; the rest active.
        assert (summary.issued, summary.active, summary.reserved) == (1000, 955, 0)
        assert (summary.retired, summary.cancelled, summary.blocks) == (25, 20, 10)


def test_every_old_body_reads_through_its_declaration() -> None:
    found = bodies()
    assert {b["v"] for b in found} == {1}
    for body in found:
        record = entries.read(str(body["type"]), 1, body["data"])  # type: ignore[arg-type]
        assert record.TYPE == body["type"]
    assert len({b["type"] for b in found}) == 28


def test_the_unit_history_of_an_old_export_is_exactly_each_units_entries() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    parsed = [
        history.ParsedEntry(int(b["seq"]), str(b["type"]), at, dict(b["data"]), 1)  # type: ignore[call-overload]
        for b in bodies()
        if str(b["type"]).startswith("credits.")
    ]
    replayed = history.replay(1, parsed)
    # Blocks: 1 [1, 600] ITMO of the owner (account 4), then its tails moved or retired.
    held = {b.block_id: (b.start, b.end, b.holder, b.status.value) for b in replayed.held()}
    assert held[1] == (1, 430, "account:4", "ACTIVE")
    assert held[6] == (451, 485, "account:5", "ACTIVE")
    assert replayed.seqs_concerning(1) == [22]  # never left the owner: its issuance only
    assert replayed.seqs_concerning(990) == [22]  # the OMGE block, cancelled at issuance
    # Moved by a direct transfer of the tail, never retired.
    assert replayed.seqs_concerning(550) == [22, 23]
    # Asked for (seq 24) and moved on approval (25), retired and recognised (30, 31).
    assert replayed.seqs_concerning(498) == [22, 24, 25, 30, 31]
    # Asked for twice and refused (26, 27), withdrawn (28, 29): the owner's tail at the time.
    assert replayed.seqs_concerning(445) == [22, 26, 27, 28, 29, 36, 37]
    assert replayed.seqs_concerning(441) == [22, 26, 27, 28, 29, 36, 37]
    assert replayed.seqs_concerning(440) == [22, 36, 37]  # a first transfer (FIRST_TRANSFER)
