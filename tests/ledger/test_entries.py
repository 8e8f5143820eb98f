"""The entry declarations: every type builds through its record, its body round-trips, the
replay and the unit history read it, the README's table is theirs, and services build bodies
through nothing else."""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest

from backend.ledger import entries
from backend.ledger.canonical import canonical_bytes
from backend.ledger.entries.base import _hints
from backend.ledger.entries.table import markdown_table
from backend.ledger.replay import Replay, ReplayError, ReplaySummary, check_envelope
from backend.services.reports import history

ROOT = Path(__file__).resolve().parents[2]
AT = "2026-01-02T03:04:05.000006Z"


def sample(hint: Any) -> object:
    """A value of the annotation's shape (the non-null option of a nullable one)."""
    origin = get_origin(hint)
    if origin is types.UnionType or origin is typing.Union:
        return sample(next(h for h in get_args(hint) if h is not type(None)))
    if origin is not None and origin.__name__ in ("list", "Sequence"):
        return [sample(get_args(hint)[0])]
    if typing.is_typeddict(hint):
        return {k: sample(v) for k, v in _hints(hint).items()}
    if origin is not None:
        return {"any": "object"}
    return {int: 7, str: "text", bool: True}[hint]


def build(cls: type[entries.Entry]) -> entries.Entry:
    hints = _hints(cls)
    return cls(**{f.name: sample(hints[f.name]) for f in dataclasses.fields(cls)})


def body(seq: int, record: entries.Entry) -> dict[str, object]:
    """The body the registry writes for record at seq, parsed back from its canonical bytes."""
    envelope = {"v": record.VERSION, "seq": seq, "type": record.TYPE, "at": AT, "actor": None,
                "request_id": None, "data": record.data()}  # fmt: skip
    parsed: dict[str, object] = json.loads(canonical_bytes(envelope))
    return parsed


@pytest.mark.parametrize("name", sorted(entries.DECLARED))
def test_every_type_builds_through_its_record_and_reads_back(name: str) -> None:
    cls = entries.DECLARED[name]
    record = build(cls)
    parsed = body(0, record)
    assert check_envelope(0, parsed) == name
    assert entries.read(name, record.VERSION, parsed["data"]) == record  # type: ignore[arg-type]
    # The same data with a field missing, an unknown one, or a wrong class is refused.
    data = dict(parsed["data"])  # type: ignore[call-overload]
    first = next(
        str(f.metadata.get("key", f.name))
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING
    )
    with pytest.raises(entries.EntryShapeError, match=first):
        entries.read(name, record.VERSION, {k: v for k, v in data.items() if k != first})
    with pytest.raises(entries.EntryShapeError, match="unexpected"):
        entries.read(name, record.VERSION, {**data, "surprise": 1})
    with pytest.raises(entries.EntryShapeError):
        entries.read(name, record.VERSION, {**data, first: 1.5})


def test_a_body_version_nobody_wrote_is_refused() -> None:
    record = build(entries.OrganisationApproved)
    with pytest.raises(ReplayError, match="no body version 2"):
        check_envelope(0, {**body(0, record), "v": 2})
    with pytest.raises(entries.EntryShapeError, match="not a declared"):
        entries.read("organisation.approved", 2, record.data())
    with pytest.raises(ReplayError, match="unsupported body version"):
        check_envelope(0, {**body(0, record), "v": 3})


def test_one_id_representation_every_id_is_an_integer() -> None:
    for name, cls in entries.DECLARED.items():
        hints = _hints(cls)
        for f in dataclasses.fields(cls):
            if f.name.endswith("_id") and f.name not in ("authorization_id", "external_id"):
                assert hints[f.name] in (int, int | None), (name, f.name)
        for old in (c for (t, _), c in entries.OLD.items() if t == name):
            assert old.VERSION < cls.VERSION


def credit_story() -> list[entries.Entry]:
    """Every credit entry type, once at least, in an order the rules allow."""
    a, b = "account:1", "account:2"
    return [
        entries.CreditsIssued(
            issuance_id=1, monitoring_report_id=1, project_id=1, vintage=2025, quantity=120,
            serial_prefix="VU-NVU-1-1-2025-0",
            blocks=[
                entries.IssuedBlock(block_id=1, start=1, end=100, holder=a, status="ACTIVE",
                                    authorization="VUT-A6-1"),
                entries.IssuedBlock(block_id=2, start=101, end=120, holder="account:9",
                                    status="CANCELLED", authorization=None),
            ],
        ),
        entries.TransferRequested(transfer_id=1, block_id=1, quantity=10, start=91, end=100,
                                  sender=a, receiver=b),
        entries.TransferRejected(transfer_id=1, block_id=1, reason="no"),
        entries.TransferRequested(transfer_id=2, block_id=1, quantity=5, start=96, end=100,
                                  sender=a, receiver=b),
        entries.TransferCancelled(transfer_id=2, block_id=1, reason=None),
        entries.CreditsTransferred(transfer_id=3, block_id=1, new_block_id=3, start=81, end=100,
                                   sender=a, receiver=b),
        entries.RetirementRequested(retirement_id=1, block_id=3, new_block_id=4, start=96,
                                    end=100, holder=b, kind="NDC_USE", acquiring_country=None),
        entries.RetirementRecognised(retirement_id=1, block_id=4, start=96, end=100, reason=None),
        entries.RetirementRequested(retirement_id=2, block_id=3, new_block_id=5, start=91,
                                    end=95, holder=b, kind="NDC_USE", acquiring_country=None),
        entries.RetirementRejected(retirement_id=2, block_id=5, start=91, end=95, reason="no"),
        entries.RetirementRequested(retirement_id=3, block_id=5, new_block_id=None, start=91,
                                    end=95, holder=b, kind="NDC_USE", acquiring_country=None),
        entries.RetirementCancelled(retirement_id=3, block_id=5, start=91, end=95, reason=None),
        entries.RetirementRequested(retirement_id=4, block_id=1, new_block_id=6, start=71,
                                    end=80, holder=a, kind="FIRST_TRANSFER",
                                    acquiring_country="JPN"),
    ]  # fmt: skip


def test_the_replay_and_the_history_read_every_credit_type() -> None:
    story = credit_story()
    credit_types = {name for name in entries.DECLARED if name.startswith("credits.")}
    assert {r.TYPE for r in story} == credit_types
    replay = Replay()
    for seq, record in enumerate(story):
        replay.apply(seq, body(seq, record))
    assert replay.summary() == ReplaySummary(len(story), 120, 85, 10, 5, 6, cancelled=20)
    at = datetime(2026, 1, 2, tzinfo=UTC)
    parsed = [
        history.ParsedEntry(seq, r.TYPE, at, r.data(), r.VERSION) for seq, r in enumerate(story)
    ]
    replayed = history.replay(1, parsed)
    assert [(b.block_id, b.start, b.end, b.holder, b.status.value) for b in replayed.held()] == [
        (1, 1, 70, "account:1", "ACTIVE"),
        (6, 71, 80, "account:1", "RESERVED"),
        (3, 81, 90, "account:2", "ACTIVE"),
        (5, 91, 95, "account:2", "ACTIVE"),
    ]
    assert replayed.authorized == [(1, 100)]
    # Each unit's history: the entries that concerned it.
    assert replayed.seqs_concerning(1) == [0]
    assert replayed.seqs_concerning(110) == [0]
    assert replayed.seqs_concerning(85) == [0, 5]
    assert replayed.seqs_concerning(93) == [0, 1, 2, 5, 8, 9, 10, 11]
    assert replayed.seqs_concerning(98) == [0, 1, 2, 3, 4, 5, 6, 7]
    assert replayed.seqs_concerning(75) == [0, 12]


def test_a_decision_naming_other_units_than_its_request_is_refused() -> None:
    story = credit_story()[:8]
    wrong = dataclasses.replace(story[7], start=97)  # type: ignore[type-var]
    replay = Replay()
    for seq, record in enumerate(story[:7]):
        replay.apply(seq, body(seq, record))
    with pytest.raises(ReplayError, match=r"reserved units \[96, 100\] of block 4"):
        replay.apply(7, body(7, wrong))


def test_a_cancelled_issued_block_never_moves() -> None:
    replay = Replay()
    replay.apply(0, body(0, credit_story()[0]))
    moved = entries.CreditsTransferred(transfer_id=1, block_id=2, new_block_id=None, start=101,
                                       end=120, sender="account:9", receiver="account:1")  # fmt: skip
    with pytest.raises(ReplayError, match="issued cancelled"):
        replay.apply(1, body(1, moved))


def test_the_readme_table_is_generated_from_the_declarations() -> None:
    readme = (ROOT / "README.md").read_text()
    assert markdown_table() in readme, "run: python -m backend.ledger.entries.table"
    rows = re.findall(r"^\| `([a-z0-9_.]+)` \| \d+ \|", readme, re.MULTILINE)
    assert set(rows) == set(entries.DECLARED)


def test_services_build_entries_only_through_declarations() -> None:
    services = ROOT / "backend" / "services"
    offenders = [
        str(path.relative_to(ROOT))
        for path in services.rglob("*.py")
        if path.name != "ledger.py" and re.search(r"NewEntry\(", path.read_text())
    ]
    assert offenders == []
    typed = re.compile(
        r"ledger\.new_entry\(\s*(entries\.|record\b|approach_view|authorization_view)"
    )
    calls = [
        (path.name, m.start())
        for path in services.rglob("*.py")
        for m in re.finditer(r"ledger\.new_entry\(", path.read_text())
    ]
    assert len(calls) >= 30
    for path in services.rglob("*.py"):
        text = path.read_text()
        for m in re.finditer(r"ledger\.new_entry\(", text):
            assert typed.match(text, m.start()), (path.name, text[m.start() : m.start() + 80])
