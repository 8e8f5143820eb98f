"""The offline auditor catches every attack LEDGER.md lists, naming the first bad seq."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.ledger import audit as audit_module
from backend.ledger.audit import AuditReport, audit, audit_file
from backend.ledger.canonical import canonical_bytes
from backend.ledger.export import Export, ExportError, ExportHeader, export_lines, read_export
from backend.ledger.hashing import leaf_hash
from backend.ledger.note import Checkpoint, NoteSigner
from backend.ledger.verify import root_of

ORIGIN = "registry.example.vu/ledger"
SIGNER = NoteSigner(ORIGIN, Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
VKEY = SIGNER.vkey()
INTRUDER = NoteSigner(ORIGIN, Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33))))

Step = tuple[str, dict[str, object]]


def issue(block: str, start: int, end: int, holder: str) -> Step:
    return "credits.issued", {
        "blocks": [{"block_id": block, "start": start, "end": end, "holder": holder}]
    }


def transfer(block: str, new: str | None, start: int, end: int, sender: str, to: str) -> Step:
    return "credits.transferred", {
        "block_id": block,
        "new_block_id": new,
        "start": start,
        "end": end,
        "from": sender,
        "to": to,
    }


def retire(rid: str, block: str, new: str | None, start: int, end: int, holder: str) -> Step:
    return "credits.retirement_requested", {
        "retirement_id": rid,
        "block_id": block,
        "new_block_id": new,
        "start": start,
        "end": end,
        "holder": holder,
    }


STORY: list[Step] = [
    ("organisation.approved", {"organisation_id": "org-1", "name": "Société Forestière"}),
    ("organisation.approved", {"organisation_id": "org-2", "name": "Vanua Blue Carbon"}),
    # An astral character and a 16-digit string take the scanner's exact (slow) path.
    (
        "project.authorised",
        {"project_id": "p-356", "name": "Mangrove \U0001f333", "ref": "4400000000000001"},
    ),
    issue("A", 1, 1000, "org-1"),
    transfer("A", "A2", 751, 1000, "org-1", "org-2"),
    (
        "document.accepted",
        {"sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
    ),
    retire("R1", "A2", "A3", 901, 1000, "org-2"),
    ("credits.retirement_recognised", {"retirement_id": "R1"}),
    issue("B", 1001, 1500, "org-2"),
    transfer("B", None, 1001, 1500, "org-2", "org-1"),
    ("user.role_changed", {"user_id": "u-7", "role": "admin"}),
    retire("R2", "B", None, 1001, 1500, "org-1"),
]
OTHER_STORY: list[Step] = [
    ("organisation.approved", {"organisation_id": f"org-{n}", "name": "Forged"})
    for n in range(9, 20)
]


def body(seq: int, step: Step) -> bytes:
    entry_type, data = step
    return canonical_bytes(
        {
            "v": 1,
            "seq": seq,
            "type": entry_type,
            "at": f"2026-11-26T01:02:{seq:02d}.000001Z",
            "actor": "user-1",
            "request_id": f"req-{seq}",
            "data": data,
        }
    )


def bodies(steps: Sequence[Step]) -> list[bytes]:
    return [body(seq, step) for seq, step in enumerate(steps)]


def note(bodies_: Sequence[bytes], size: int, signer: NoteSigner = SIGNER) -> str:
    root = root_of([leaf_hash(b) for b in bodies_[:size]])
    return signer.sign(Checkpoint(ORIGIN, size, root))


def build(
    bodies_: Sequence[bytes],
    every: int = 2,
    notes: Sequence[str] | None = None,
    key: str = VKEY,
) -> Export:
    """An export of these bodies with honest checkpoints every `every` entries (or these notes)."""
    if notes is None:
        notes = [note(bodies_, size) for size in range(every, len(bodies_) + 1, every)]
    entries = [(seq, b, leaf_hash(b)) for seq, b in enumerate(bodies_)]
    lines = export_lines(ExportHeader(ORIGIN, key, len(entries)), entries, notes)
    return read_export(lines)


def audit_as_file(export: Export, **kwargs: Any) -> AuditReport:
    """audit_file on the export written out as the registry writes it."""
    with tempfile.TemporaryDirectory(prefix="audit-") as directory:
        path = Path(directory) / "export.jsonl"
        with path.open("w", encoding="utf-8") as out:
            out.writelines(export_lines(export.header, export.entries, export.checkpoints))
        return audit_file(path, **kwargs)


def check(export: Export, **kwargs: str) -> AuditReport:
    """audit's report, after checking that audit_file gives the same one from a file."""
    kwargs.setdefault("public_key", VKEY)
    report = audit(export, **kwargs)
    assert audit_as_file(export, **kwargs) == report
    return report


def failed(report: AuditReport, seq: int | None, words: str) -> bool:
    assert not report.ok
    assert report.problem is not None and words in report.problem, report.problem
    assert report.lines()[-1].startswith("FAILED")
    return report.first_bad_seq == seq


@pytest.fixture(
    params=[(4096, 1), (3, 1), (4, 1), (3, 2)],
    ids=["one-chunk", "chunks-of-3", "chunks-of-4", "chunks-of-3-in-2-processes"],
)
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    size, workers = request.param
    monkeypatch.setattr(audit_module, "CHUNK", size)
    monkeypatch.setattr(audit_module, "default_workers", lambda: workers)
    monkeypatch.setattr(audit_module, "PARALLEL_MIN", 0)
    return int(size)


# --- an honest log ---------------------------------------------------------------------------------


def test_honest_log_verifies(chunk: int) -> None:
    report = check(build(bodies(STORY)))
    assert report.ok
    assert report.first_bad_seq is None and report.problem is None
    assert report.entries == 12
    assert report.checkpoints == report.checkpoints_verified == 6
    assert report.root == root_of([leaf_hash(b) for b in bodies(STORY)])
    assert report.warnings == []
    summary = report.replay_summary
    assert (summary.entries, summary.issued, summary.active) == (12, 1500, 900)
    assert (summary.reserved, summary.retired, summary.blocks) == (500, 100, 4)
    assert report.lines()[-1].startswith("OK")


def test_header_key_is_used_but_flagged_when_no_key_is_given() -> None:
    report = audit(build(bodies(STORY)))
    assert report.ok
    assert "from the export's own header" in report.key_source
    assert any("published key" in warning for warning in report.warnings)


def test_entries_no_checkpoint_covers_fail_given_a_trusted_key() -> None:
    export = build(bodies(STORY), every=5)
    assert failed(check(export), 10, "no checkpoint signed by the trusted key covers seq 10..11")
    # With only the export's own key nothing is trusted anyway: a warning.
    report = audit(export)
    assert report.ok
    assert "2 entries after the last checkpoint (size 10) are not signed yet" in report.warnings


def test_a_log_without_checkpoints_fails_given_a_trusted_key() -> None:
    export = build(bodies(STORY), notes=[])
    report = check(export)
    assert failed(report, 0, "covers seq 0..11: nothing in this export is signed")
    assert audit_file_exit(export) == 1
    report = audit(export)
    assert report.ok
    assert "no checkpoint covers the entries: nothing is signed" in report.warnings


def audit_file_exit(export: Export) -> int:
    """The exit status of `carbon-registry ledger verify` on the export with the trusted key."""
    with tempfile.TemporaryDirectory(prefix="verify-") as directory:
        path, key = Path(directory) / "export.jsonl", Path(directory) / "registry.vkey"
        with path.open("w", encoding="utf-8") as out:
            out.writelines(export_lines(export.header, export.entries, export.checkpoints))
        key.write_text(VKEY + "\n")
        command = [sys.executable, "-m", "backend.cli", "ledger", "verify", str(path)]
        done = subprocess.run(
            [*command, "--public-key", str(key)], capture_output=True, text=True, timeout=60
        )
        assert "FAILED" in done.stdout + done.stderr or done.returncode == 0
        return done.returncode


def test_a_matching_kept_checkpoint_verifies() -> None:
    report = check(build(bodies(STORY)), kept_checkpoint=note(bodies(STORY), 9))
    assert report.ok
    assert report.kept_size == 9


# --- the attacks in LEDGER.md ----------------------------------------------------------------------


def test_edited_byte_in_a_stored_body(chunk: int) -> None:
    export = build(bodies(STORY))
    seq, text, leaf = export.entries[7]
    export.entries[7] = (seq, text.replace(b'"R1"', b'"R9"'), leaf)
    assert failed(check(export), 7, "does not hash to the stored leaf hash")


def test_edited_body_with_its_leaf_hash_recomputed(chunk: int) -> None:
    # The attacker also rewrote the leaf hash column: the checkpoints still hold the old roots.
    export = build(bodies(STORY), every=1)
    seq, text, _leaf = export.entries[7]
    edited = text.replace(b"user-1", b"user-2")
    export.entries[7] = (seq, edited, leaf_hash(edited))
    assert failed(check(export), 7, "the checkpoint at size 8 does not match")


def test_edited_body_that_is_no_longer_canonical(chunk: int) -> None:
    export = build(bodies(STORY))
    edited = export.entries[7][1].replace(b'"v":1', b'"v": 1')
    export.entries[7] = (7, edited, leaf_hash(edited))
    assert failed(check(export), 7, "not canonical")


def test_deleted_entry(chunk: int) -> None:
    export = build(bodies(STORY))
    del export.entries[5]
    assert failed(check(export), 5, "entry 5 is missing")


def test_deleted_entry_and_renumbered(chunk: int) -> None:
    story = STORY[:5] + STORY[6:]
    export = build(bodies(STORY[:12]), every=1)
    renumbered = build(bodies(story), notes=export.checkpoints)
    assert failed(check(renumbered), 5, "the checkpoint at size 6 does not match")


def test_swapped_entries(chunk: int) -> None:
    export = build(bodies(STORY))
    export.entries[3], export.entries[4] = export.entries[4], export.entries[3]
    assert failed(check(export), 3, "entry 3 is missing")


def test_swapped_entries_renumbered(chunk: int) -> None:
    honest = build(bodies(STORY), every=1)
    swapped = STORY[:1] + [STORY[2], STORY[1]] + STORY[3:]
    assert failed(
        check(build(bodies(swapped), notes=honest.checkpoints)), 1, "size 2 does not match"
    )


def test_truncate_and_reappend_against_the_exports_own_checkpoint(chunk: int) -> None:
    honest = bodies(STORY)
    rewritten = honest[:6] + bodies(STORY[:6] + OTHER_STORY[:6])[6:]
    export = build(rewritten, notes=build(honest).checkpoints)
    report = check(export)
    assert failed(report, 6, "the checkpoint at size 8 does not match")
    assert report.checkpoints_verified == 3


def test_truncate_and_reappend_against_a_kept_checkpoint(chunk: int) -> None:
    honest = bodies(STORY)
    kept = note(honest, 12)  # an auditor's copy of the last checkpoint
    rewritten = honest[:6] + bodies(STORY[:6] + OTHER_STORY[:6])[6:]
    export = build(rewritten, notes=build(honest[:6]).checkpoints)  # later checkpoints dropped
    # On its own: entries 6..11 are signed by nothing.
    assert failed(check(export), 6, "covers seq 6..11")
    # Against the kept checkpoint: rewritten after the last checkpoint that matched, at 6.
    assert failed(check(export, kept_checkpoint=kept), 6, "an entry in seq 6..11 differs")


def test_truncated_log_against_its_checkpoints(chunk: int) -> None:
    export = build(bodies(STORY))
    del export.entries[9:]
    export.header = ExportHeader(ORIGIN, VKEY, 9)
    assert failed(check(export), 9, "certifies 10 entries but the export has 9")


def test_truncated_log_against_a_kept_checkpoint(chunk: int) -> None:
    kept = note(bodies(STORY), 12)
    export = build(bodies(STORY[:9]))
    assert failed(check(export, kept_checkpoint=kept), 9, "certifies 12 entries")


def test_old_backup_restored_and_appended(chunk: int) -> None:
    original = bodies(STORY[:10])
    kept = note(original, 10)  # a witness holds the checkpoint at size 10
    # The database is restored from a backup taken at size 6 and the registry carries on, signing
    # new checkpoints with its real key: the new history verifies on its own.
    forked = original[:6] + bodies(STORY[:6] + OTHER_STORY[:6])[6:]
    notes = build(original[:6]).checkpoints + [note(forked, 8), note(forked, 12)]
    export = build(forked, notes=notes)
    assert check(export).ok
    report = check(export, kept_checkpoint=kept)
    # The registry's key signed the forked history's checkpoints too (8 and 12): the difference
    # is after the last matching one (8) or, as here, earlier, and the problem says so.
    assert failed(report, 8, "the log was rewritten (a fork)")
    assert report.problem is not None and "also signed" in report.problem


def test_forged_checkpoint_signature(chunk: int) -> None:
    export = build(bodies(STORY))
    text, line = export.checkpoints[3].split("\n\n")
    export.checkpoints[3] = f"{text}\n\n{line[:-6]}AAAA=\n"
    assert failed(check(export), 7, "the checkpoint at size 8 has no valid signature")


def test_checkpoint_signed_by_another_key(chunk: int) -> None:
    honest = bodies(STORY)
    notes = build(honest).checkpoints
    notes[2] = note(honest, 6, INTRUDER)
    assert failed(check(build(honest, notes=notes)), 5, "no valid signature")


def test_wrong_public_key(chunk: int) -> None:
    export = build(bodies(STORY))
    report = check(export, public_key=INTRUDER.vkey())
    assert failed(report, 1, "the checkpoint at size 2 has no valid signature")
    assert "given by the auditor" in report.key_source
    assert any("header names another key" in warning for warning in report.warnings)


def test_export_resigned_with_the_attackers_key_fails_with_the_published_key() -> None:
    rewritten = bodies(STORY[:6] + OTHER_STORY[:6])
    notes = [note(rewritten, size, INTRUDER) for size in range(2, 13, 2)]
    export = build(rewritten, notes=notes, key=INTRUDER.vkey())
    assert audit(export).ok  # self-consistent, under its own key
    assert failed(audit(export, public_key=VKEY), 1, "no valid signature")


# --- the registry's rules --------------------------------------------------------------------------


def replayed(story: list[Step]) -> AuditReport:
    return check(build(bodies(story)))  # honestly hashed and signed: only the rules can object


def test_unit_issued_twice(chunk: int) -> None:
    story = [*STORY[:9], issue("C", 1400, 1600, "org-1"), *STORY[9:]]
    assert failed(replayed(story), 9, "already issued")


def test_overlapping_blocks_in_one_issuance(chunk: int) -> None:
    blocks = [
        {"block_id": "C", "start": 2001, "end": 2100, "holder": "org-1"},
        {"block_id": "D", "start": 2100, "end": 2200, "holder": "org-2"},
    ]
    story = [*STORY[:5], ("credits.issued", {"blocks": blocks}), *STORY[5:]]
    assert failed(replayed(story), 5, "already issued")


def test_transfer_of_more_than_is_held(chunk: int) -> None:
    story = [*STORY[:4], transfer("A", "A2", 751, 1001, "org-1", "org-2"), *STORY[5:]]
    assert failed(replayed(story), 4, "not all in block A")


def test_transfer_from_the_wrong_holder(chunk: int) -> None:
    story = [*STORY[:4], transfer("A", "A2", 751, 1000, "org-2", "org-2"), *STORY[5:]]
    assert failed(replayed(story), 4, "held by org-1, not org-2")


def test_transfer_of_units_already_given_away(chunk: int) -> None:
    story = [
        *STORY[:5],
        transfer("A", "A9", 701, 750, "org-1", "org-2"),
        transfer("A", "A8", 751, 800, "org-1", "org-2"),
    ]
    assert failed(replayed(story), 6, "not all in block A")


def test_touching_retired_units(chunk: int) -> None:
    story = [*STORY[:8], transfer("A3", None, 901, 1000, "org-2", "org-1")]
    assert failed(replayed(story), 8, "retirements are final")


def test_forged_checkpoint_beyond_the_last_entry() -> None:
    honest = bodies(STORY)
    notes = build(honest).checkpoints + [note(honest + bodies(STORY + STORY[:2])[12:], 14)]
    text, line = notes[-1].split("\n\n")
    notes[-1] = f"{text}\n\n{line[:-6]}AAAA=\n"
    assert failed(check(build(honest, notes=notes)), 12, "size 14 has no valid signature")


def test_empty_log() -> None:
    empty_root_note = note([], 0)
    report = check(build([], notes=[empty_root_note]))
    assert report.ok
    assert report.entries == 0 and report.checkpoints_verified == 1
    assert report.warnings == []


def test_garbage_collection_is_restored() -> None:
    import gc

    assert gc.isenabled()
    check(build(bodies(STORY)))
    assert gc.isenabled()
    gc.disable()
    try:
        check(build(bodies(STORY)))
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- malformed inputs ------------------------------------------------------------------------------


def test_unusable_public_key() -> None:
    report = check(build(bodies(STORY)), public_key="not a key")
    assert failed(report, None, "the trusted public key is unusable")
    assert report.lines()[-1].startswith("FAILED: ")


def test_kept_checkpoint_with_a_bad_signature() -> None:
    kept = note(bodies(STORY), 12, INTRUDER)
    assert failed(check(build(bodies(STORY)), kept_checkpoint=kept), None, "kept checkpoint")


def test_checkpoints_out_of_order() -> None:
    export = build(bodies(STORY))
    export.checkpoints[1], export.checkpoints[2] = export.checkpoints[2], export.checkpoints[1]
    assert failed(check(export), None, "out of order")


def test_malformed_checkpoint() -> None:
    export = build(bodies(STORY))
    export.checkpoints.append("garbage")
    assert failed(check(export), None, "checkpoint 7 is malformed")


def test_checkpoint_for_another_origin() -> None:
    honest = bodies(STORY)
    other = NoteSigner(ORIGIN, SIGNER._key).sign(
        Checkpoint("elsewhere", 4, root_of([leaf_hash(b) for b in honest[:4]]))
    )
    notes = build(honest).checkpoints
    notes[1] = other
    assert failed(check(build(honest, notes=notes)), 3, "origin 'elsewhere'")


def test_header_size_disagrees() -> None:
    export = build(bodies(STORY))
    export.header = ExportHeader(ORIGIN, VKEY, 13)
    assert failed(check(export), 12, "the header says 13 entries, not 12")


def test_body_seq_disagrees_with_its_position(chunk: int) -> None:
    export = build(bodies(STORY))
    moved = body(8, STORY[4])
    export.entries[4] = (4, moved, leaf_hash(moved))
    assert failed(check(export), 4, "body says seq 8")


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_changed_byte_is_named(data: st.DataObject) -> None:
    export = build(bodies(STORY))
    seq = data.draw(st.integers(0, len(STORY) - 1))
    seq_, text, leaf = export.entries[seq]
    position = data.draw(st.integers(0, len(text) - 1))
    value = data.draw(st.integers(0, 255).filter(lambda v: v != text[position]))
    changed = text[:position] + bytes([value]) + text[position + 1 :]
    export.entries[seq] = (seq_, changed, leaf)
    report = check(export)
    assert not report.ok
    assert report.first_bad_seq == seq


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), max_size=3), st.text())
def test_garbage_checkpoints_never_raise(notes: list[str], kept: str) -> None:
    export = build(bodies(STORY[:4]), notes=notes)
    report = check(export, kept_checkpoint=kept)
    assert not report.ok
    assert report.first_bad_seq is None


# --- checking chunks in worker processes changes nothing ---------------------------------------------


def sequential_and_parallel(export: Export, **kwargs: str) -> tuple[AuditReport, AuditReport]:
    kwargs.setdefault("public_key", VKEY)
    alone = audit(export, workers=1, **kwargs)  # type: ignore[arg-type]
    shared = audit(export, workers=2, **kwargs)  # type: ignore[arg-type]
    assert audit_as_file(export, workers=1, **kwargs) == alone
    assert audit_as_file(export, workers=2, **kwargs) == alone
    return alone, shared


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_worker_processes_give_the_same_report(data: st.DataObject) -> None:
    export = build(bodies(STORY * 3 + OTHER_STORY), every=data.draw(st.integers(1, 9)))
    for _ in range(data.draw(st.integers(0, 2))):  # edit, delete or swap entries
        position = data.draw(st.integers(0, len(export.entries) - 2))
        seq, text, leaf = export.entries[position]
        action = data.draw(st.sampled_from(["byte", "rehashed", "delete", "swap"]))
        if action == "byte":
            offset = data.draw(st.integers(0, len(text) - 1))
            export.entries[position] = (seq, text[:offset] + b"~" + text[offset + 1 :], leaf)
        elif action == "rehashed":
            edited = text.replace(b"org-1", b"org-3")
            export.entries[position] = (seq, edited, leaf_hash(edited))
        elif action == "delete":
            del export.entries[position]
        else:
            export.entries[position : position + 2] = export.entries[position : position + 2][::-1]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audit_module, "CHUNK", data.draw(st.integers(1, 7)))
        patch.setattr(audit_module, "PARALLEL_MIN", 0)
        alone, shared = sequential_and_parallel(export)
    assert alone == shared


def test_the_chunks_are_checked_here_if_no_process_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(audit_module, "CHUNK", 3)
    monkeypatch.setattr(audit_module, "PARALLEL_MIN", 0)
    monkeypatch.setattr(audit_module, "ProcessPoolExecutor", refuse)
    export = build(bodies(STORY))
    alone, shared = sequential_and_parallel(export)
    assert alone == shared and shared.ok


def test_small_exports_are_checked_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("no worker processes for a small export")

    monkeypatch.setattr(audit_module, "CHUNK", 3)
    monkeypatch.setattr(audit_module, "ProcessPoolExecutor", refuse)
    assert audit(build(bodies(STORY)), public_key=VKEY, workers=8).ok


# --- an export file is streamed ----------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_a_sound_export_file_is_never_read_whole(
    workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("read whole")

    story = [issue(f"B{n}", 5000 + 100 * n, 5099 + 100 * n, "org-1") for n in range(9)]
    story += [
        transfer(f"B{n}", None, 5000 + 100 * n, 5099 + 100 * n, "org-1", "org-2") for n in range(9)
    ]
    export = build(bodies(story + STORY), every=5)  # 30 entries: chunks of 4 and checkpoints inside
    expected = check(export)
    monkeypatch.setattr(audit_module, "CHUNK", 4)
    monkeypatch.setattr(audit_module, "PARALLEL_MIN", 0)
    monkeypatch.setattr(audit_module, "read_export", refuse)
    assert expected.ok
    assert audit_as_file(export, public_key=VKEY, workers=workers) == expected


def test_a_failing_export_file_is_judged_by_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    export = build(bodies(STORY))
    seq, text, leaf = export.entries[4]
    export.entries[4] = (seq, text.replace(b"org-", b"orG-"), leaf)
    read: list[int] = []
    reader = audit_module.read_export

    def counting(lines: Any) -> Export:
        read.append(1)
        return reader(lines)

    monkeypatch.setattr(audit_module, "read_export", counting)
    report = audit_as_file(export, public_key=VKEY)
    assert read == [1]
    assert failed(report, 4, "altered")


def test_an_export_file_in_another_spelling_is_read_whole() -> None:
    export = build(bodies(STORY[:4]))
    with tempfile.TemporaryDirectory(prefix="audit-") as directory:
        path = Path(directory) / "export.jsonl"
        text = "".join(export_lines(export.header, export.entries, export.checkpoints))
        path.write_text(text.replace('{"seq":', '{ "seq":'), encoding="utf-8")
        assert audit_file(path, public_key=VKEY) == check(export)
        path.write_text(text.replace("\n", "\r\n"), encoding="utf-8", newline="")
        assert audit_file(path, public_key=VKEY) == check(export)
        path.write_text("", encoding="utf-8")
        with pytest.raises(ExportError, match="empty"):
            audit_file(path)
