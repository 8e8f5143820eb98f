"""The checks each exported entry passes on its own, run over a chunk of entries at a time.

For every position p: seq == p, SHA-256(0x00 || body) == the stored leaf hash, the body is canonical
JSON, and its envelope is well formed. The result names the first entry that fails and hands the
credits.* entries before it to the sequential replay. Nothing here depends on other chunks, so
chunks can be checked in other processes (scan_packed / unpack_scan carry one there and back).

Canonical form is checked in bulk. The common case takes one parse of the whole chunk (the bodies
joined as one JSON array, so the C scanner's key memo serves every body) and then re-encodes each
value on its own with the C json encoder: each body must equal its own value's encoding, which also
proves each body is exactly one JSON value, whatever the joined parse made of the boundaries. With
sorted keys, no whitespace, JCS escaping and plain integers, that encoder writes exactly RFC 8785;
the cases where it would not (integers of 16 digits or more, characters outside the BMP, whose
UTF-16 order differs from code point order) go through canonical.parse_body, and so does any chunk
the bulk check does not accept, to find its first bad body exactly.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import count
from operator import itemgetter

from .canonical import CanonicalError, parse_body, plain_json_each
from .compact import perfect_root
from .export import parse_entry_lines
from .replay import ReplayError, check_envelope, check_envelopes

__all__ = [
    "CREDIT_PREFIX",
    "Entry",
    "ScanResult",
    "leaf_hashes",
    "scan_chunk",
    "scan_entries",
    "scan_lines",
    "scan_lines_packed",
    "scan_packed",
    "unpack_scan",
]

CREDIT_PREFIX = "credits."
Entry = tuple[int, bytes, bytes]
Op = tuple[int, str, dict[str, object]]
Problem = tuple[int, str]


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
    problem: Problem | None = None
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


_seqs, _bodies, _leaves = itemgetter(0), itemgetter(1), itemgetter(2)
_digest = type(hashlib.sha256()).digest
_LEAF_PREFIX = b"\x00"


def leaf_hashes(bodies: Iterable[bytes]) -> list[bytes]:
    """[hashing.leaf_hash(body) for body in bodies], without an interpreter frame per body."""
    return list(map(_digest, map(hashlib.sha256, map(_LEAF_PREFIX.__add__, bodies))))


def _first_stored_problem(chunk: Sequence[Entry], start: int) -> Problem | None:
    seqs = list(map(_seqs, chunk))
    if seqs != list(range(start, start + len(chunk))):
        position, seq = next((p, s) for p, s in enumerate(seqs, start) if p != s)
        if seq > position:
            return position, f"entry {position} is missing (the next entry is seq {seq})"
        return position, f"entry seq {seq} appears again, or out of order, at position {position}"
    recomputed = leaf_hashes(map(_bodies, chunk))
    if recomputed != list(map(_leaves, chunk)):
        position = next(p for p, e in enumerate(chunk) if recomputed[p] != e[2]) + start
        return position, "the body does not hash to the stored leaf hash (it was altered)"
    return None


def _bulk_values(bodies: list[bytes]) -> list[dict[str, object]] | None:
    """The parsed bodies if every one is canonical and none needs the exact check; else None."""
    if not bodies:
        return []
    joined = b",".join(bodies)
    marks = joined.translate(_MARKS)
    if _LONG_NUMBER in marks or b"!" in marks:
        return None
    try:
        text = joined.decode("utf-8")
        values, end = _scan_once(f"[{text}]", 0)
        if end != len(text) + 2 or values.__class__ is not list or len(values) != len(bodies):
            return None
        encoded = plain_json_each(values)
        if joined.isascii():  # one character per byte: equal lengths and equal joined texts
            same = list(map(len, encoded)) == list(map(len, bodies)) and ",".join(encoded) == text
        else:  # a lone surrogate (from a "\ud800" escape) cannot be encoded: not canonical
            same = list(map(str.encode, encoded)) == bodies
            same = same and unicodedata.is_normalized("NFC", text)
    except (CanonicalError, StopIteration, ValueError, RecursionError):
        return None
    return values if same and set(map(type, values)) == {dict} else None


def _bulk_canonical(bodies: list[bytes], values: list[dict[str, object]]) -> bool:
    joined = b",".join(bodies)
    try:
        encoded = _encode(values).encode("utf-8")
    except (UnicodeEncodeError, RecursionError):  # a lone surrogate, or nesting to the limit
        return False
    if encoded != b"[%s]" % joined:
        return False
    return joined.isascii() or unicodedata.is_normalized("NFC", joined.decode("utf-8"))


def _canonical_problem(bodies: list[bytes], start: int) -> Problem | None:
    for position, body in enumerate(bodies, start):
        try:
            parse_body(body)
        except CanonicalError as exc:
            return position, f"the body is not canonical JSON: {exc}"
    return None


def _exact_values(
    bodies: list[bytes], start: int, problem: Problem | None
) -> tuple[list[dict[str, object]], Problem | None]:
    """Parse bodies one by one up to the first that is not canonical JSON; return the values
    before it and the first problem (that one, or the given later one)."""
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
    limit = problem[0] - start if problem else len(values)
    return values[:limit], problem


def scan_chunk(chunk: Sequence[Entry], start: int) -> ScanResult:
    """Check the entries of chunk, which sit at positions start, start + 1, ... (not the replay
    rules); never raises for bad entries."""
    problem = _first_stored_problem(chunk, start)
    bodies = list(map(_bodies, chunk[: problem[0] - start if problem else len(chunk)]))
    values = _bulk_values(bodies)
    if values is None:
        values, problem = _exact_values(bodies, start, problem)
    result = ScanResult(start, start + len(chunk))
    types = check_envelopes(values, start)
    if types is None:  # find the first bad envelope, and its reason, one by one
        types = []
        for position, value in enumerate(values, start):
            try:
                types.append(check_envelope(position, value))
            except ReplayError as exc:
                problem = (position, exc.reason)
                break
    credit = {entry_type for entry_type in set(types) if entry_type.startswith(CREDIT_PREFIX)}
    if credit:
        result.ops = [
            (position, entry_type, value["data"])  # type: ignore[misc]
            for position, entry_type, value in zip(count(start), types, values)
            if entry_type in credit
        ]
    result.problem = problem
    return result


def scan_entries(entries: Sequence[Entry], start: int, stop: int) -> ScanResult:
    """Check entries[start:stop] one by one (not the replay rules); never raises for bad entries."""
    return scan_chunk(entries[start:stop], start)


Packed = tuple[int, int, Problem | None, bytes]


def _pack(result: ScanResult) -> Packed:
    # Parsed JSON holds only dicts, lists, strings, integers, booleans and None, all of which
    # marshal keeps exactly.
    return result.start, result.stop, result.problem, marshal.dumps(result.ops)


def scan_packed(chunk: list[Entry], start: int) -> Packed:
    """scan_chunk for another process: its result with the ops marshalled."""
    return _pack(scan_chunk(chunk, start))


def unpack_scan(packed: Packed) -> ScanResult:
    """The ScanResult that scan_packed packed."""
    start, stop, problem, ops = packed
    return ScanResult(start, stop, problem, marshal.loads(ops))  # noqa: S302 - our own worker


def scan_lines(
    data: bytes, start: int, leaves_wanted: bool
) -> tuple[ScanResult, bytes, bytes | None] | None:
    """scan_chunk over export entry lines exactly as the export writes them (None if any line is
    otherwise), with what the tree needs of the chunk: the root of its perfect subtree when it
    passes, has 2**k entries and starts at a multiple of 2**k; and its stored leaf hashes joined,
    when wanted or when there is no such root (else b"")."""
    entries = parse_entry_lines(data, start)
    if entries is None:
        return None
    result = scan_chunk(entries, start)
    count, root = len(entries), None
    if result.problem is None and count and not count & (count - 1) and not start % count:
        root = perfect_root(list(map(_leaves, entries)))
    leaves = b"".join(map(_leaves, entries)) if leaves_wanted or root is None else b""
    return result, leaves, root


LinesPacked = tuple[Packed, bytes, bytes | None]


def scan_lines_packed(data: bytes, start: int, leaves_wanted: bool) -> LinesPacked | None:
    """scan_lines for another process, its ScanResult packed as scan_packed packs it."""
    scanned = scan_lines(data, start, leaves_wanted)
    if scanned is None:
        return None
    result, leaves, root = scanned
    return _pack(result), leaves, root
