"""Numbers too long for int() (over 4300 digits) in an export: both audit paths name the same
problem, and audit never raises. Python refuses to convert such a string with a bare ValueError;
the streaming path checks the header, the checkpoints and earlier chunks before it reads later
lines, while the reference reads the whole file first, so an escaped ValueError made them differ.
(Found by a differential fuzzer comparing audit_file with audit(read_export(...)).)
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backend.ledger import audit as audit_module
from backend.ledger.audit import audit, audit_file
from backend.ledger.export import Export, ExportHeader, export_lines, read_export
from backend.ledger.hashing import leaf_hash
from tests.ledger.test_audit import ORIGIN, STORY, VKEY, bodies, build

HUGE = "7" * 5000  # more digits than int() converts by default (4300)


def outcome(thunk: Any) -> object:
    try:
        return thunk()
    except Exception as exc:  # noqa: BLE001 - the exception type is the result compared
        return ("raises", type(exc).__name__)


def reference(path: Path, **kwargs: Any) -> object:
    def run() -> object:
        with open(path, encoding="utf-8") as handle:
            export = read_export(handle)
        return audit(export, **kwargs)

    return outcome(run)


def streamed(path: Path, **kwargs: Any) -> object:
    return outcome(lambda: audit_file(path, **kwargs))


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(audit_module, "CHUNK", 1)
    monkeypatch.setattr(audit_module, "PARALLEL_MIN", 0)
    yield


def lines_of(export: Export, checkpoints: list[str] | None = None) -> list[str]:
    notes = export.checkpoints if checkpoints is None else checkpoints
    return list(export_lines(export.header, export.entries, notes))


# A line that read_export refuses, and how: bad JSON (ExportError) or bad UTF-8.
EARLIER_PROBLEMS = {
    "malformed-entry-line": (lambda line: line.replace('{"seq":', '{"seq" :"'), "ExportError"),
    "invalid-utf-8": (lambda line: line.replace('"seq":', '"seq":\udcff'), "UnicodeDecodeError"),
}


def write(path: Path, lines: list[str]) -> Path:
    path.write_bytes("".join(lines).encode("utf-8", "surrogateescape"))
    return path


# --- 1. a checkpoint line holding a huge JSON integer ------------------------------------------
# locate_sections parses the checkpoint lines before any entry line is read; json.loads raises a
# bare ValueError there (export.py _object catches only JSONDecodeError/RecursionError, and
# locate_sections only ExportError/UnicodeDecodeError), which leaves audit_file uncaught.


@pytest.mark.parametrize("problem", EARLIER_PROBLEMS)
def test_huge_integer_in_a_checkpoint_line(tmp_path: Path, problem: str) -> None:
    edit, expected = EARLIER_PROBLEMS[problem]
    lines = lines_of(build(bodies(STORY)))
    lines[3] = edit(lines[3])  # entry seq 2 is malformed
    lines[-1] = lines[-1].rstrip("\n")[:-1] + f',"n":{HUGE}}}\n'  # the last checkpoint line
    path = write(tmp_path / "export.jsonl", lines)
    assert reference(path, public_key=VKEY, workers=1) == ("raises", expected)
    assert streamed(path, public_key=VKEY, workers=1) == ("raises", expected)


# --- 2. an entry body holding a huge JSON integer, a bad line in a later chunk -----------------
# scan._exact_values -> canonical.parse_body -> parse_json: json.loads raises a bare ValueError
# (only UnicodeDecodeError/JSONDecodeError/RecursionError become CanonicalError). The streaming
# path scans chunk 0 before it has read the bad line of chunk 1.


def huge_body(seq: int) -> bytes:
    return (
        b'{"actor":null,"at":"2026-11-26T01:02:00Z","data":{"n":%s},"request_id":null,"seq":%d,'
        b'"type":"x.y","v":1}' % (HUGE.encode(), seq)
    )


def with_huge_body(count: int) -> Export:
    bodies_ = bodies((STORY * (count // len(STORY) + 1))[:count])
    bodies_[0] = huge_body(0)
    entries = [(seq, body, leaf_hash(body)) for seq, body in enumerate(bodies_)]
    return Export(ExportHeader(ORIGIN, VKEY, count), entries, [])


@pytest.mark.parametrize("problem", EARLIER_PROBLEMS)
@pytest.mark.parametrize("workers", [1, 2])
def test_huge_integer_in_a_body_then_a_bad_line(
    tmp_path: Path, small_chunks: None, problem: str, workers: int
) -> None:
    edit, expected = EARLIER_PROBLEMS[problem]
    lines = lines_of(with_huge_body(6))
    lines[4] = edit(lines[4])  # entry seq 3 (chunk 3) is malformed
    path = write(tmp_path / "export.jsonl", lines)
    assert reference(path, public_key=VKEY, workers=workers) == ("raises", expected)
    assert streamed(path, public_key=VKEY, workers=workers) == ("raises", expected)


def test_huge_integer_in_a_body_then_a_bad_line_at_the_default_chunk(tmp_path: Path) -> None:
    # The same with the shipped CHUNK (4096): the bad line is entry 4096, in the second chunk
    # (not the last line, which locate_sections would take for a checkpoint line and fall back).
    assert audit_module.CHUNK == 4096
    lines = lines_of(with_huge_body(audit_module.CHUNK + 2))
    lines[-2] = EARLIER_PROBLEMS["malformed-entry-line"][0](lines[-2])
    path = write(tmp_path / "export.jsonl", lines)
    assert reference(path, public_key=VKEY, workers=1) == ("raises", "ExportError")
    assert streamed(path, public_key=VKEY, workers=1) == ("raises", "ExportError")


# --- 3. a forged checkpoint claiming a huge size --------------------------------------------------
# Its signature is not the trusted key's, so _Audit._events asks _claimed_size, whose
# Checkpoint.parse calls int() on the 5000-digit size line: a bare ValueError out of prepare(),
# which the streaming path runs before it reads any entry line.


def forged_checkpoint() -> str:
    root = base64.b64encode(bytes(32)).decode()
    signature = base64.b64encode(bytes(68)).decode()
    return f"{ORIGIN}\n{HUGE}\n{root}\n\n\u2014 {ORIGIN} {signature}\n"


@pytest.mark.parametrize("problem", EARLIER_PROBLEMS)
def test_forged_checkpoint_with_a_huge_size(tmp_path: Path, problem: str) -> None:
    edit, expected = EARLIER_PROBLEMS[problem]
    export = build(bodies(STORY))
    lines = lines_of(export, [*export.checkpoints, forged_checkpoint()])
    lines[2] = edit(lines[2])
    path = write(tmp_path / "export.jsonl", lines)
    assert reference(path, public_key=VKEY, workers=1) == ("raises", expected)
    assert streamed(path, public_key=VKEY, workers=1) == ("raises", expected)


# --- 4. an entry line with a huge seq, invalid UTF-8 a little further on --------------------------
# parse_entry_lines' line pattern path calls int() on the seq (export.py, `seqs = map(int, ...)`).
# read_export would raise the same ValueError for that line, but its text reader decodes 8 KiB
# ahead and fails on the bad byte first; the streaming path raises ValueError from chunk 1.


def test_huge_seq_then_invalid_utf8(tmp_path: Path, small_chunks: None) -> None:
    lines = lines_of(build(bodies(STORY[:4])))
    lines[2] = lines[2].replace('"seq":1,', f'"seq":{HUGE},')
    lines[4] = EARLIER_PROBLEMS["invalid-utf-8"][0](lines[4])
    path = write(tmp_path / "export.jsonl", lines)
    assert reference(path, public_key=VKEY, workers=1) == ("raises", "UnicodeDecodeError")
    assert streamed(path, public_key=VKEY, workers=1) == ("raises", "UnicodeDecodeError")


# --- the reference's own contract: audit "never raises" ---------------------------------------------
# Not a difference between the paths (both raise ValueError), but the same root cause: a hostile
# export crashes `carbon-registry ledger verify` with a traceback instead of a FAILED report.


@pytest.mark.parametrize("where", ["body", "checkpoint"])
def test_audit_never_raises_on_huge_integers(where: str) -> None:
    if where == "body":
        export = with_huge_body(3)
    else:
        export = build(bodies(STORY))
        export.checkpoints.append(forged_checkpoint())
    report = audit(export, public_key=VKEY, workers=1)
    assert not report.ok
