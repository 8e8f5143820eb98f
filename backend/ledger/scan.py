"""The checks each exported entry passes on its own, run over a slice of entries at a time.

For every position p: seq == p, SHA-256(0x00 || body) == the stored leaf hash, the body is canonical
JSON, and its envelope is well formed. The result names the first entry that fails and hands the
credits.* entries before it to the sequential replay.

Canonical form is checked in bulk: each body is parsed on its own (so its boundaries are its own),
then the batch is re-encoded with the C json encoder in one call and compared with the bodies joined
by commas. With sorted keys, no whitespace, JCS escaping and plain integers, that encoder writes
exactly RFC 8785; the cases where it would not (integers of 16 digits or more, characters outside
the BMP, whose UTF-16 order differs from code point order) go through canonical.parse_body.
Objects are prefix-free, so equal joined texts mean each body equals its own re-encoding.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .canonical import CanonicalError, parse_body
from .replay import ReplayError, check_envelope

__all__ = ["CREDIT_PREFIX", "Entry", "ScanResult", "scan_entries"]

CREDIT_PREFIX = "credits."
Entry = tuple[int, bytes, bytes]
Op = tuple[int, str, dict[str, object]]


def _refuse_number(text: str) -> object:
    raise CanonicalError(f"non-integer number {text!r} is not allowed")


# The C scanner behind json.loads: parses one value at an index and says where it ended.
_DECODER = json.JSONDecoder(parse_float=_refuse_number, parse_constant=_refuse_number)
_scan_once: Callable[[str, int], tuple[object, int]] = vars(_DECODER)["scan_once"]
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
# Digits become "0" and the lead bytes of 4-byte UTF-8 sequences "!", everything else ".".
_MARKS = bytes(
    ord("0") if chr(b).isdigit() and b < 128 else ord("!") if b >= 0xF0 else ord(".")
    for b in range(256)
)
_LONG_NUMBER = b"0" * 16


@dataclass
class ScanResult:
    """Entries [start, stop) checked on their own: the first failing one (seq, reason) if any, and
    the credits.* entries before it, for the replay."""

    start: int
    stop: int
    problem: tuple[int, str] | None = None
    ops: list[Op] = field(default_factory=list)


def _needs_exact_check(body: bytes) -> bool:
    marks = body.translate(_MARKS)
    return _LONG_NUMBER in marks or b"!" in marks


def _parse(body: bytes) -> dict[str, object]:
    # One JSON object and nothing else; canonical form is compared later, in bulk.
    try:
        text = body.decode("utf-8")
        value, end = _scan_once(text, 0)
    except UnicodeDecodeError:
        raise CanonicalError("body is not valid UTF-8") from None
    except CanonicalError:
        raise
    except (StopIteration, ValueError, RecursionError):
        raise CanonicalError("body is not JSON") from None
    if end != len(text) or value.__class__ is not dict:
        raise CanonicalError("body is not a single JSON object")
    return value


def _first_stored_problem(chunk: Sequence[Entry], start: int) -> tuple[int, str] | None:
    sha256 = hashlib.sha256
    seqs = [entry[0] for entry in chunk]
    if seqs != list(range(start, start + len(chunk))):
        position, seq = next((p, s) for p, s in enumerate(seqs, start) if p != s)
        if seq > position:
            return position, f"entry {position} is missing (the next entry is seq {seq})"
        return position, f"entry seq {seq} appears again, or out of order, at position {position}"
    recomputed = [sha256(b"\x00" + entry[1]).digest() for entry in chunk]
    if recomputed != [entry[2] for entry in chunk]:
        position = next(p for p, e in enumerate(chunk) if recomputed[p] != e[2]) + start
        return position, "the body does not hash to the stored leaf hash (it was altered)"
    return None


def _bulk_canonical(bodies: list[bytes], values: list[dict[str, object]]) -> bool:
    joined = b",".join(bodies)
    try:
        encoded = _encode(values).encode("utf-8")
    except (UnicodeEncodeError, RecursionError):  # a lone surrogate, or nesting to the limit
        return False
    if encoded != b"[%s]" % joined:
        return False
    return joined.isascii() or unicodedata.is_normalized("NFC", joined.decode("utf-8"))


def _canonical_problem(bodies: list[bytes], start: int) -> tuple[int, str] | None:
    for position, body in enumerate(bodies, start):
        try:
            parse_body(body)
        except CanonicalError as exc:
            return position, f"the body is not canonical JSON: {exc}"
    return None


def scan_entries(entries: Sequence[Entry], start: int, stop: int) -> ScanResult:
    """Check entries[start:stop] one by one (not the replay rules); never raises for bad entries."""
    chunk = entries[start:stop]
    problem = _first_stored_problem(chunk, start)
    bodies = [entry[1] for entry in chunk[: problem[0] - start if problem else len(chunk)]]
    marks = b"\n".join(bodies).translate(_MARKS)
    exact = _LONG_NUMBER in marks or b"!" in marks
    values: list[dict[str, object]] = []
    try:
        for body in bodies:
            values.append(parse_body(body) if exact and _needs_exact_check(body) else _parse(body))
    except CanonicalError as exc:
        problem = (start + len(values), f"the body is not canonical JSON: {exc}")
    checked, in_bulk = bodies[: len(values)], values
    if exact:  # bodies parse_body accepted stay out of the bulk comparison
        pairs = [(b, v) for b, v in zip(checked, values, strict=True) if not _needs_exact_check(b)]
        checked, in_bulk = [b for b, _ in pairs], [v for _, v in pairs]
    if not _bulk_canonical(checked, in_bulk):
        problem = _canonical_problem(bodies[: len(values)], start) or problem
    result = ScanResult(start, stop)
    ops = result.ops
    limit = problem[0] - start if problem else len(values)
    for position, value in enumerate(values[:limit], start):
        try:
            entry_type = check_envelope(position, value)
        except ReplayError as exc:
            result.problem = (position, exc.reason)
            return result
        if entry_type.startswith(CREDIT_PREFIX):
            ops.append((position, entry_type, value["data"]))  # type: ignore[arg-type]
    result.problem = problem
    return result
