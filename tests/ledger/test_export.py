"""The JSON-lines export format: writing, reading, and errors naming the line."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.ledger.export import (
    FORMAT,
    ExportError,
    ExportHeader,
    checkpoint_line,
    entry_line,
    export_lines,
    header_line,
    locate_sections,
    parse_entry_lines,
    read_export,
)
from backend.ledger.hashing import leaf_hash

HEADER = ExportHeader("registry.example.vu/ledger", "name+01020304+AQ==", 2)
BODIES = [b'{"a":1}', '{"b":"\u00e9"}'.encode()]
ENTRIES = [(seq, body, leaf_hash(body)) for seq, body in enumerate(BODIES)]
NOTE = "registry.example.vu/ledger\n2\nroot=\n\n\u2014 name AAAA\n"


def lines() -> list[str]:
    return list(export_lines(HEADER, ENTRIES, [NOTE]))


def test_line_formats() -> None:
    assert header_line("o", "k", 5) == (
        f'{{"format":"{FORMAT}","origin":"o","public_key":"k","size":5}}\n'
    )
    assert entry_line(7, b"{}", b"\x01" * 32) == (
        '{"seq":7,"body":"e30=","leaf_hash":"' + "01" * 32 + '"}\n'
    )
    assert json.loads(checkpoint_line(NOTE)) == {"checkpoint": NOTE}
    assert checkpoint_line(NOTE).count("\n") == 1


def test_roundtrip() -> None:
    export = read_export(lines())
    assert export.header == HEADER
    assert export.entries == ENTRIES
    assert export.checkpoints == [NOTE]


def test_lines_without_newlines_and_other_json_spellings_are_read() -> None:
    spaced = json.dumps({"leaf_hash": ENTRIES[1][2].hex(), "seq": 1, "body": "eyJiIjoiw6kifQ=="})
    export = read_export([lines()[0].rstrip("\n"), lines()[1].rstrip("\n"), spaced])
    assert export.entries == ENTRIES


def test_empty_export() -> None:
    with pytest.raises(ExportError, match="line 1"):
        read_export([])


@pytest.mark.parametrize(
    ("number", "replacement", "match"),
    [
        (1, '{"format":"other/1","origin":"o","public_key":"k","size":1}', "unknown format"),
        (1, '{"format":"carbon-registry-ledger-export/1","origin":"o","size":1}', "keys"),
        (
            1,
            '{"format":"carbon-registry-ledger-export/1","origin":"o","public_key":"k","size":-1}',
            "size",
        ),
        (2, "not json", "not JSON"),
        (2, '{"seq":0,"body":"!!!","leaf_hash":"' + "00" * 32 + '"}', "base64"),
        (2, '{"seq":0,"body":"e30=","leaf_hash":"' + "0" * 63 + '"}', "leaf_hash"),
        (2, '{"seq":0,"body":"e30=","leaf_hash":"' + "AB" * 32 + '"}', "leaf_hash"),
        (2, '{"seq":-1,"body":"e30=","leaf_hash":"' + "00" * 32 + '"}', "seq"),
        (2, '{"seq":true,"body":"e30=","leaf_hash":"' + "00" * 32 + '"}', "seq"),
        (2, '{"seq":0,"body":"e30=","leaf_hash":"' + "00" * 32 + '","x":1}', "keys"),
        (2, "[1]", "object"),
        (2, "[" * 100_000, "nested too deeply"),
        (4, '{"checkpoint":7}', "must be a string"),
        (4, '{"checkpoint":"x","more":1}', "keys"),
    ],
)
def test_malformed_lines_are_named(number: int, replacement: str, match: str) -> None:
    bad = lines()
    bad[number - 1] = replacement + "\n"
    with pytest.raises(ExportError, match=match) as caught:
        read_export(bad)
    assert caught.value.line == number
    assert str(caught.value).startswith(f"line {number}: ")


def test_entries_after_a_checkpoint_are_refused() -> None:
    bad = lines() + [entry_line(2, b"{}", leaf_hash(b"{}"))]
    with pytest.raises(ExportError, match="only checkpoint lines") as caught:
        read_export(bad)
    assert caught.value.line == 5


def test_reading_does_not_judge_the_content() -> None:
    # Gaps and wrong hashes are the auditor's business, so that it can name the seq.
    export = read_export([header_line("o", "k", 9), entry_line(5, b"x", b"\x00" * 32)])
    assert export.entries == [(5, b"x", b"\x00" * 32)]


# --- the bulk readers the streaming auditor uses -----------------------------------------------------


EMPTY_LEAF = leaf_hash(b"{}").hex()


def as_bytes(text_lines: list[str]) -> bytes:
    return "".join(text_lines).encode("utf-8")


def test_entry_lines_are_read_in_bulk_as_read_export_reads_them() -> None:
    data = as_bytes(lines()[1:3])
    assert parse_entry_lines(data) == ENTRIES
    assert parse_entry_lines(b"") == []


@pytest.mark.parametrize(
    "edit",
    [
        lambda line: line.rstrip("\n"),  # no newline
        lambda line: line.replace('{"seq":', '{ "seq":'),
        lambda line: line.replace('"seq":0', '"seq":00'),
        lambda line: line.replace('"seq":0', '"seq":-0'),
        lambda line: line.replace(EMPTY_LEAF, EMPTY_LEAF.upper()),
        lambda line: line.replace(EMPTY_LEAF, EMPTY_LEAF[:-2]),
        lambda line: line.replace("e30=", "e30"),  # no padding
        lambda line: line.replace('"}', '","x":1}'),
        lambda line: line.replace("\n", "\r\n"),
        lambda line: line + "\n",  # an empty line
        lambda line: '{"checkpoint":"x"}\n' + line,
    ],
)
def test_any_other_spelling_is_left_to_read_export(edit: object) -> None:
    first = entry_line(0, b"{}", leaf_hash(b"{}"))
    assert parse_entry_lines(first.encode()) == [(0, b"{}", leaf_hash(b"{}"))]
    edited = edit(first)  # type: ignore[operator]
    assert parse_entry_lines(edited.encode() + as_bytes(lines()[2:3])) is None


def test_sections_of_an_export() -> None:
    data = as_bytes(lines())
    sections = locate_sections(data)
    assert sections is not None
    assert sections.header == HEADER
    assert sections.checkpoints == [NOTE]
    assert data[sections.entries_start : sections.entries_end] == as_bytes(lines()[1:3])


def test_sections_without_entries_or_checkpoints() -> None:
    header = header_line("o", "k", 0)
    empty = locate_sections(header.encode())
    assert empty is not None and empty.checkpoints == []
    assert empty.entries_start == empty.entries_end == len(header.encode())
    only_entries = as_bytes(lines()[:3])
    sections = locate_sections(only_entries)
    assert sections is not None and sections.checkpoints == []
    assert sections.entries_end == len(only_entries)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b'{"format":"other/1","origin":"o","public_key":"k","size":1}\n',
        as_bytes(lines()[:3]) + b'{"checkpoint":7}\n',
        as_bytes(lines()[:3]) + b"not a checkpoint\n",
        as_bytes(lines()[:3]) + b'{"checkpoint":"x"}\r\n',
        as_bytes(lines()[:3]) + b'{"checkpoint":"\xff"}\n',
        lines()[0].replace("\n", "\r\n").encode() + as_bytes(lines()[1:]),
    ],
)
def test_sections_are_left_to_read_export_when_unusual(data: bytes) -> None:
    assert locate_sections(data) is None


def test_the_bulk_and_the_line_by_line_readers_agree() -> None:
    data = as_bytes(lines()[1:3])
    assert parse_entry_lines(data, 0) == ENTRIES  # in bulk: the seqs are 0, 1
    assert parse_entry_lines(data, 5) == ENTRIES  # line by line: they are not 5, 6


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 255), st.integers(0, 2))
def test_what_the_bulk_reader_accepts_read_export_reads_alike(
    position: int, value: int, start: int
) -> None:
    data = bytearray(as_bytes(lines()[1:3]) + entry_line(2, b"{}", leaf_hash(b"{}")).encode())
    data[position % len(data)] = value
    entries = parse_entry_lines(bytes(data), start)
    if entries is not None:
        text = io.StringIO(bytes(data).decode("utf-8"), newline=None)
        assert read_export([lines()[0], *text]).entries == entries
