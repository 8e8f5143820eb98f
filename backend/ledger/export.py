"""The ledger export format: JSON lines an auditor can check offline.

Line 1 is a header {"format":"carbon-registry-ledger-export/1","origin":...,"public_key":<C2SP
verifier key>,"size":N}; then one line per entry {"seq":n,"body":<base64 of the exact stored
bytes>,"leaf_hash":<hex>} in seq order; then one line per stored checkpoint {"checkpoint":<signed
note>} in increasing size order. Reading checks the syntax only; audit.py judges the content.
"""

from __future__ import annotations

import base64
import binascii
import json
import mmap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

from .hashing import HASH_SIZE

__all__ = [
    "FORMAT",
    "Export",
    "ExportError",
    "ExportHeader",
    "ExportSections",
    "checkpoint_line",
    "entry_line",
    "export_lines",
    "header_line",
    "locate_sections",
    "parse_entry_lines",
    "read_export",
]

FORMAT = "carbon-registry-ledger-export/1"

Entry = tuple[int, bytes, bytes]
"""(seq, body bytes, leaf hash bytes)"""


class ExportError(ValueError):
    """An export file is malformed; line is its 1-based line number."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class ExportHeader:
    """The first line: which log this is, the key it says it is signed with, and its size."""

    origin: str
    public_key: str
    size: int


@dataclass
class Export:
    """A whole export in memory: header, entries as (seq, body, leaf hash), checkpoint notes."""

    header: ExportHeader
    entries: list[Entry] = field(default_factory=list)
    checkpoints: list[str] = field(default_factory=list)


def _dumps(value: dict[str, object]) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def header_line(origin: str, public_key: str, size: int) -> str:
    """Return the header line (ending in a newline) for a log of size entries; never raises."""
    return _dumps({"format": FORMAT, "origin": origin, "public_key": public_key, "size": size})


def entry_line(seq: int, body: bytes, leaf_hash: bytes) -> str:
    """Return the line (ending in a newline) for one entry; never raises."""
    encoded = base64.b64encode(body).decode("ascii")
    return f'{{"seq":{int(seq)},"body":"{encoded}","leaf_hash":"{leaf_hash.hex()}"}}\n'


def checkpoint_line(note: str) -> str:
    """Return the line (ending in a newline) carrying one signed checkpoint note; never raises."""
    return _dumps({"checkpoint": note})


def export_lines(
    header: ExportHeader, entries: Iterable[Entry], checkpoints: Iterable[str]
) -> Iterator[str]:
    """Yield every line of an export, in order; never raises."""
    yield header_line(header.origin, header.public_key, header.size)
    for seq, body, leaf in entries:
        yield entry_line(seq, body, leaf)
    for note in checkpoints:
        yield checkpoint_line(note)


MAX_SEQ_DIGITS = 16
"""A seq is below 2**53 (a JSON integer every reader keeps exactly): at most 16 digits. Longer
ones are read by json, and the audit says what is wrong with them."""


def _is_seq(text: str) -> bool:
    return (
        len(text) <= MAX_SEQ_DIGITS
        and text.isascii()
        and text.isdigit()
        and (text == "0" or not text.startswith("0"))
    )


def _fast_entry(line: str) -> Entry | None:
    # The exact shape entry_line writes, parsed by slicing; anything else takes the json path.
    if not line.startswith('{"seq":'):
        return None
    comma = line.find(',"body":"', 7)
    quote = line.find('"', comma + 9)
    if comma < 0 or quote < 0 or line[quote : quote + 15] != '","leaf_hash":"':
        return None
    if line[quote + 79 :] not in ('"}', '"}\n') or not _is_seq(line[7:comma]):
        return None
    hex_leaf = line[quote + 15 : quote + 79]
    try:
        body = binascii.a2b_base64(line[comma + 9 : quote], strict_mode=True)
        leaf = bytes.fromhex(hex_leaf)
    except (binascii.Error, ValueError):
        return None
    return (int(line[7:comma]), body, leaf) if leaf.hex() == hex_leaf else None


def _object(number: int, line: str) -> dict[str, object]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ExportError(number, f"not JSON ({exc.msg})") from exc
    except RecursionError:
        raise ExportError(number, "nested too deeply") from None
    except ValueError:  # an integer of more digits than int() converts
        raise ExportError(number, "a number too long to read") from None
    if not isinstance(value, dict):
        raise ExportError(number, "expected a JSON object")
    return value


def _keys(number: int, value: dict[str, object], *keys: str) -> None:
    if set(value) != set(keys):
        raise ExportError(number, f"expected an object with the keys {', '.join(keys)}")


def _slow_entry(number: int, value: dict[str, object]) -> Entry:
    _keys(number, value, "seq", "body", "leaf_hash")
    seq, body, leaf = value["seq"], value["body"], value["leaf_hash"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise ExportError(number, "seq must be a non-negative integer")
    if not isinstance(body, str) or not isinstance(leaf, str):
        raise ExportError(number, "body and leaf_hash must be strings")
    try:
        data = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ExportError(number, "body is not base64") from exc
    if len(leaf) != 2 * HASH_SIZE or not all(c in "0123456789abcdef" for c in leaf):
        raise ExportError(number, "leaf_hash must be 64 lower-case hex digits")
    return seq, data, bytes.fromhex(leaf)


def _header(line: str) -> ExportHeader:
    value = _object(1, line)
    _keys(1, value, "format", "origin", "public_key", "size")
    if value["format"] != FORMAT:
        raise ExportError(1, f"unknown format {value['format']!r}, expected {FORMAT!r}")
    origin, key, size = value["origin"], value["public_key"], value["size"]
    if not isinstance(origin, str) or not isinstance(key, str):
        raise ExportError(1, "origin and public_key must be strings")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ExportError(1, "size must be a non-negative integer")
    return ExportHeader(origin, key, size)


def _checkpoint(number: int, value: dict[str, object]) -> str:
    _keys(number, value, "checkpoint")
    note = value["checkpoint"]
    if not isinstance(note, str):
        raise ExportError(number, "checkpoint must be a string")
    return note


def read_export(lines: Iterable[str]) -> Export:
    """Parse export lines; raise ExportError naming the line number on malformed input."""
    numbered = enumerate(lines, start=1)
    first = next(numbered, None)
    if first is None:
        raise ExportError(1, "the export is empty (no header line)")
    export = Export(_header(first[1]))
    entries, checkpoints = export.entries, export.checkpoints
    for number, line in numbered:
        entry = None if checkpoints else _fast_entry(line)
        if entry is not None:
            entries.append(entry)
            continue
        value = _object(number, line)
        if "checkpoint" in value:
            checkpoints.append(_checkpoint(number, value))
        elif checkpoints:
            raise ExportError(number, "only checkpoint lines may follow the first checkpoint")
        else:
            entries.append(_slow_entry(number, value))
    return export


# --- reading an export file without holding it in memory -----------------------------------------
#
# The auditor streams a large export: the header and the trailing checkpoint lines are read first,
# then the entry lines in chunks, each parsed in bulk. These readers accept a subset of what
# read_export accepts (entry lines with the fields in the writer's order and spelling, the
# trailing lines all checkpoint lines, no carriage return) and read it exactly as read_export
# does; they return None for anything else, and read_export then decides (and names the line of
# any error).

_ENTRY_START = b'\n{"seq":'
_b64decode = partial(binascii.a2b_base64, strict_mode=True)


def parse_entry_lines(data: bytes, start: int = 0) -> list[Entry] | None:
    """The entries of data, whole entry lines each ending in a newline, in entry_line's form (its
    fields in its order, no other spelling; base64 that read_export's strict decoding accepts),
    read as read_export reads them (the seqs expected to be start, start + 1, ..., which is
    fastest, but not required); None if any line is otherwise (read_export then decides)."""
    entries = _entries_in_order(data, start)
    if entries is not None:
        return entries
    if data[-1:] not in (b"", b"\n") or not data.isascii():
        return None
    # Line by line, as read_export's own fast path reads them.
    found = list(map(_fast_entry, data.decode("ascii").split("\n")[:-1]))
    entries = [entry for entry in found if entry is not None]
    return entries if len(entries) == len(found) else None


_LOWER_HEX = b"0123456789abcdef"


def _entries_in_order(data: bytes, start: int) -> list[Entry] | None:
    # The common case in bulk: split at the quotes, every line is the same ten pieces
    # {|"seq"|:N,|"body"|:|"BASE64"|,|"leaf_hash"|:|"HEX"|}\n (the braces of neighbouring lines
    # share a piece), so each kind of piece is one slice of the list. None unless every piece is
    # as entry_line writes it and the seqs are start, start + 1, ... (parse_entry_lines then
    # reads the lines one pattern at a time).
    count = data.count(b"\n")
    pieces = data.split(b'"')
    if count == 0 or len(pieces) != 10 * count + 1 or pieces[0] != b"{" or pieces[-1] != b"}\n":
        return None
    if (
        set(pieces[10:-1:10]) - {b"}\n{"}
        or set(pieces[1::10]) != {b"seq"}
        or set(pieces[3::10]) != {b"body"}
        or set(pieces[4::10]) != {b":"}
        or set(pieces[6::10]) != {b","}
        or set(pieces[7::10]) != {b"leaf_hash"}
        or set(pieces[8::10]) != {b":"}
        or pieces[2::10] != [b":%d," % seq for seq in range(start, start + count)]
    ):
        return None
    hexes = pieces[9::10]
    if set(map(len, hexes)) != {64} or b"".join(hexes).translate(None, _LOWER_HEX):
        return None
    try:
        bodies = list(map(_b64decode, pieces[5::10]))
    except binascii.Error:
        return None
    seqs = range(start, start + count)
    return list(zip(seqs, bodies, map(binascii.a2b_hex, hexes), strict=True))


@dataclass(frozen=True)
class ExportSections:
    """Where the parts of an export file are: the header, the entry lines at [entries_start,
    entries_end) (byte offsets), and the checkpoint notes that follow them."""

    header: ExportHeader
    entries_start: int
    entries_end: int
    checkpoints: list[str]


def locate_sections(data: bytes | mmap.mmap) -> ExportSections | None:
    """Find the sections of an export file's bytes (a bytes-like object such as an mmap) without
    reading the entry lines: the entry lines end with the last line starting '{"seq":', and every
    line after it must be a checkpoint line read_export accepts. None if the header or a line
    after the entries is not, or the header or those lines hold a carriage return (read_export
    then decides)."""
    header_end = data.find(b"\n") + 1
    if header_end == 0:
        return None
    last_entry = data.rfind(_ENTRY_START, header_end - 1)
    entries_end = header_end if last_entry < 0 else data.find(b"\n", last_entry + 1) + 1
    if entries_end == 0:  # the last entry line has no newline: no checkpoints follow
        entries_end = len(data)
    head, tail = bytes(data[:header_end]), bytes(data[entries_end:])
    if b"\r" in head or b"\r" in tail:
        return None  # read_export reads lines as text, where a carriage return ends a line
    try:
        header = _header(head.decode("utf-8"))
        lines = tail.decode("utf-8").split("\n")
        if lines[-1] == "":
            lines.pop()
        checkpoints: list[str] = []
        for line in lines:  # the line numbers are read_export's business
            if not line.startswith('{"checkpoint":'):
                return None
            checkpoints.append(_checkpoint(0, _object(0, line)))
    except (ExportError, UnicodeDecodeError):
        return None
    return ExportSections(header, header_end, entries_end, checkpoints)
