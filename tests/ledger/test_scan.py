"""The bulk per-entry checks agree exactly with checking each body on its own."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.ledger.canonical import CanonicalError, canonical_bytes, parse_body
from backend.ledger.hashing import leaf_hash
from backend.ledger.replay import ReplayError, check_envelope
from backend.ledger.scan import leaf_hashes, scan_entries, scan_packed, unpack_scan

text = st.text(st.characters(exclude_categories=["Cs"]), max_size=8)
values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**60), 2**60) | text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=8,
)


def envelope(seq: int, data: object) -> dict[str, object]:
    return {
        "v": 1,
        "seq": seq,
        "type": "thing.happened",
        "at": "2026-11-26T01:02:03Z",
        "actor": None,
        "request_id": None,
        "data": data,
    }


@st.composite
def bodies(draw: st.DrawFn, seq: int) -> bytes:
    value = envelope(seq, {"x": draw(values)})
    spelling = draw(st.sampled_from(["jcs", "ascii", "unsorted", "spaced", "nfd", "python"]))
    if spelling == "jcs":
        try:
            return canonical_bytes(value)
        except CanonicalError:
            spelling = "python"
    if spelling == "ascii":
        return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    if spelling == "unsorted":
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
    if spelling == "spaced":
        return json.dumps(value, sort_keys=True, ensure_ascii=False).encode()
    if spelling == "nfd":
        text_ = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return unicodedata.normalize("NFD", text_).encode()
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def expected_problem(entries: list[tuple[int, bytes, bytes]]) -> int | None:
    for seq, body, _ in entries:
        try:
            check_envelope(seq, parse_body(body))
        except (CanonicalError, ReplayError):
            return seq
    return None


@settings(max_examples=400, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(*[bodies(seq) for seq in range(n)])))
def test_bulk_check_agrees_with_one_by_one(drawn: tuple[bytes, ...]) -> None:
    entries = [(seq, body, leaf_hash(body)) for seq, body in enumerate(drawn)]
    result = scan_entries(entries, 0, len(entries))
    problem = expected_problem(entries)
    assert (result.problem[0] if result.problem else None) == problem


def test_bodies_that_only_line_up_when_joined_are_refused() -> None:
    # Each "body" is not one object, but joined with commas they re-encode identically.
    parts = [b'{"a":"x","b":[1', b"2]}", b'{"c":1},{"d":2}']
    entries = [(seq, body, leaf_hash(body)) for seq, body in enumerate(parts)]
    result = scan_entries(entries, 0, 3)
    assert result.problem is not None and result.problem[0] == 0
    assert "not canonical" in result.problem[1]


def test_big_integers_and_astral_keys_take_the_exact_path() -> None:
    bad = json.dumps(envelope(0, {"n": 2**53}), sort_keys=True, separators=(",", ":")).encode()
    astral = {"\U0001f600": 1, "\uff21": 2}  # UTF-16 order differs from code point order
    python_order = json.dumps(
        envelope(1, astral), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()
    good = canonical_bytes(envelope(1, astral))
    assert python_order != good
    for entries, problem in [
        ([(0, bad, leaf_hash(bad))], 0),
        ([(0, canonical_bytes(envelope(0, {})), b""), (1, good, leaf_hash(good))], 0),
    ]:
        result = scan_entries(entries, 0, len(entries))
        assert result.problem is not None and result.problem[0] == problem
    entries = [(0, good.replace(b'"seq":1', b'"seq":0'), b"")]
    entries = [(0, entries[0][1], leaf_hash(entries[0][1]))]
    assert scan_entries(entries, 0, 1).problem is None
    entries = [(0, python_order.replace(b'"seq":1', b'"seq":0'), b"")]
    entries = [(0, entries[0][1], leaf_hash(entries[0][1]))]
    assert scan_entries(entries, 0, 1).problem is not None


def test_credit_entries_are_handed_to_the_replay() -> None:
    first = canonical_bytes(envelope(0, {}))
    second = canonical_bytes({**envelope(1, {"blocks": []}), "type": "credits.issued"})
    entries = [(0, first, leaf_hash(first)), (1, second, leaf_hash(second))]
    result = scan_entries(entries, 0, 2)
    assert result.problem is None
    assert result.ops == [(1, "credits.issued", {"blocks": []})]


def test_deep_nesting_never_raises() -> None:
    import sys

    limit = sys.getrecursionlimit()
    for depth in [*range(limit - 60, limit + 5), 100_000]:
        text = '{"actor":null,"at":"2026-11-26T01:02:03Z","data":{"x":' + "[" * depth
        text += "]" * depth + '},"request_id":null,"seq":0,"type":"a.b","v":1}'
        body = text.encode()
        result = scan_entries([(0, body, leaf_hash(body))], 0, 1)
        assert result.problem is None or "canonical" in result.problem[1]


def test_lone_surrogate_escapes_and_non_objects_are_refused() -> None:
    good = canonical_bytes(envelope(0, {"a": "\u00e9"}))
    for bad in (
        b'{"actor":null,"at":"2026-11-26T01:02:03Z","data":{"a":"\\ud800"},"request_id":null,'
        b'"seq":1,"type":"a.b","v":1}',
        b"[1]",
        b"1",
        b'"text"',
        b"",
    ):
        for first in (canonical_bytes(envelope(0, {})), good):
            entries = [(0, first, leaf_hash(first)), (1, bad, leaf_hash(bad))]
            result = scan_entries(entries, 0, 2)
            assert result.problem is not None and result.problem[0] == 1, bad
            assert "canonical" in result.problem[1]


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(*[bodies(seq) for seq in range(n)])))
def test_a_chunk_packed_for_another_process_comes_back_the_same(drawn: tuple[bytes, ...]) -> None:
    entries = [(seq, body, leaf_hash(body)) for seq, body in enumerate(drawn)]
    credit = canonical_bytes(
        {**envelope(len(entries), {"blocks": [{"n": 1}]}), "type": "credits.x"}
    )
    entries.append((len(entries), credit, leaf_hash(credit)))
    assert unpack_scan(scan_packed(entries, 0)) == scan_entries(entries, 0, len(entries))
    assert leaf_hashes(body for _, body, _ in entries) == [leaf for _, _, leaf in entries]
