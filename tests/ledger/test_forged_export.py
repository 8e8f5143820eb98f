"""Issue 14, item 15, as the new user did it, on a real export (tests/ledger/fixtures): make a
cancelled block active in a credits.issued body, recompute its leaf hash, delete every
checkpoint line. Given the registry's key the verifier must fail, and name the problem."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

from backend.ledger.audit import audit_file
from backend.ledger.canonical import canonical_bytes
from backend.ledger.hashing import leaf_hash

FIXTURES = Path(__file__).parent / "fixtures"
EXPORT = FIXTURES / "export-before-typed-entries.jsonl"
KEY = FIXTURES / "export-before-typed-entries.vkey"


def forge(target: Path, *, keep_checkpoints: bool = False) -> tuple[int, str]:
    """Write the forged export; returns the edited seq and the registry's checkpoint note."""
    lines, edited, note = [], -1, ""
    for text in EXPORT.read_text().splitlines():
        line = json.loads(text)
        if "checkpoint" in line:
            note = line["checkpoint"]
            if not keep_checkpoints:
                continue
        elif "body" in line:
            body = json.loads(base64.b64decode(line["body"]))
            if body["type"] == "credits.issued":
                for block in body["data"]["blocks"]:
                    if block["status"] == "CANCELLED":
                        block["status"], edited = "ACTIVE", body["seq"]
                raw = canonical_bytes(body)
                line = {"seq": body["seq"], "body": base64.b64encode(raw).decode(),
                        "leaf_hash": leaf_hash(raw).hex()}  # fmt: skip
        lines.append(json.dumps(line, separators=(",", ":")) + "\n")
    target.write_text("".join(lines))
    return edited, note


def test_a_forged_export_nothing_signs_fails_given_the_key(tmp_path: Path) -> None:
    forged = tmp_path / "forged.jsonl"
    edited, _ = forge(forged)
    assert edited == 22
    report = audit_file(forged, public_key=KEY.read_text().strip())
    assert not report.ok and report.first_bad_seq == 0
    assert report.problem is not None and "nothing in this export is signed" in report.problem
    done = subprocess.run(
        [sys.executable, "-m", "backend.cli", "ledger", "verify", str(forged),
         "--public-key", str(KEY)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "nothing in this export is signed" in done.stdout + done.stderr
    assert "OK" not in done.stdout


def test_a_forged_export_against_the_kept_checkpoint_names_the_range(tmp_path: Path) -> None:
    forged, kept = tmp_path / "forged.jsonl", tmp_path / "kept.txt"
    edited, note = forge(forged)
    kept.write_text(note)
    report = audit_file(forged, public_key=KEY.read_text().strip(), kept_checkpoint=note)
    # A root alone cannot say which leaf differs: nothing vouches for any seq here, so the
    # verifier names the first (0) and the range holding the edit, not the last seq (39).
    assert not report.ok and report.first_bad_seq == 0 != edited
    assert report.problem is not None and "an entry in seq 0..39 differs" in report.problem


def test_the_edit_is_caught_by_the_exports_own_checkpoint(tmp_path: Path) -> None:
    forged = tmp_path / "forged.jsonl"
    forge(forged, keep_checkpoints=True)
    report = audit_file(forged, public_key=KEY.read_text().strip())
    assert not report.ok and report.first_bad_seq == 0
    assert report.problem is not None and "does not match the entries" in report.problem
