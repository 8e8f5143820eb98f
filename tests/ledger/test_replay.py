"""The registry's rules replayed over entry bodies."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from backend.ledger.replay import (
    Replay,
    ReplayError,
    ReplaySummary,
    _text,
    check_envelope,
    check_envelopes,
)


def body(
    position: int, entry_type: str, content: dict[str, object], **changes: object
) -> dict[str, object]:
    value: dict[str, object] = {
        "v": 1,
        "seq": position,
        "type": entry_type,
        "at": "2026-11-26T01:02:03.123456Z",
        "actor": "user-1",
        "request_id": None,
        "data": content,
    }
    value.update(changes)
    return value


def issue(*blocks: tuple[str, int, int, str]) -> tuple[str, dict[str, object]]:
    return "credits.issued", {
        "blocks": [
            {"block_id": b, "start": s, "end": e, "holder": h, "serial": "x"}
            for b, s, e, h in blocks
        ]
    }


def transfer(
    block: str, new: str | None, start: int, end: int, sender: str, receiver: str
) -> tuple[str, dict[str, object]]:
    data = {
        "block_id": block,
        "new_block_id": new,
        "start": start,
        "end": end,
        "from": sender,
        "to": receiver,
    }
    return "credits.transferred", dict(data)


def request(
    rid: str, block: str, new: str | None, start: int, end: int, holder: str
) -> tuple[str, dict[str, object]]:
    data = {
        "retirement_id": rid,
        "block_id": block,
        "new_block_id": new,
        "start": start,
        "end": end,
        "holder": holder,
    }
    return "credits.retirement_requested", dict(data)


def ended(outcome: str, rid: str) -> tuple[str, dict[str, object]]:
    return f"credits.retirement_{outcome}", {"retirement_id": rid}


def run(*steps: tuple[str, dict[str, object]]) -> Replay:
    replay = Replay()
    for seq, (entry_type, data) in enumerate(steps):
        replay.apply(seq, body(seq, entry_type, data))
    return replay


def fails_at(steps: list[tuple[str, dict[str, object]]], match: str | None) -> int:
    with pytest.raises(ReplayError, match=match) as caught:
        run(*steps)
    return caught.value.seq


A = ("A", 1, 1000, "org-1")


def test_envelope_accepts_a_good_body() -> None:
    assert check_envelope(0, body(0, "organisation.approved", {})) == "organisation.approved"


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"v": 2}, "version"),
        ({"v": True}, "version"),
        ({"seq": 1}, "says seq 1"),
        ({"seq": False}, "says seq"),
        ({"type": "Approved"}, "dotted"),
        ({"type": "organisation"}, "dotted"),
        ({"at": "2026-11-26T01:02:03"}, "UTC timestamp"),
        ({"at": "2026-11-26T01:02:03+00:00"}, "UTC timestamp"),
        ({"at": "2026-02-30T01:02:03Z"}, "real date"),
        ({"at": "2026-11-26T24:00:00Z"}, "UTC timestamp"),
        ({"at": "2026-04-31T00:00:00Z"}, "real date"),
        ({"actor": 7}, "actor"),
        ({"request_id": ["x"]}, "request_id"),
        ({"data": []}, "data must be an object"),
        ({"extra": 1}, "keys"),
    ],
)
def test_envelope_refuses_bad_bodies(changes: dict[str, object], match: str) -> None:
    with pytest.raises(ReplayError, match=match):
        check_envelope(0, body(0, "organisation.approved", {}, **changes))


def test_timestamps_need_not_increase() -> None:
    replay = Replay()
    replay.apply(0, body(0, "a.b", {}, at="2026-11-26T01:02:03Z"))
    replay.apply(1, body(1, "a.b", {}, at="2020-01-01T00:00:00Z"))
    assert replay.summary().entries == 2


def test_entries_must_come_in_order() -> None:
    replay = Replay()
    with pytest.raises(ReplayError, match="in order"):
        replay.apply(1, body(1, "a.b", {}))


def test_unknown_types_are_accepted() -> None:
    assert run(("project.authorised", {"anything": [1, 2]})).summary().entries == 1


def test_issue_transfer_and_retire() -> None:
    replay = run(
        issue(A, ("B", 1001, 1500, "org-2")),
        transfer("A", "A2", 751, 1000, "org-1", "org-3"),  # INTEROP.md's worked example
        transfer("B", None, 1001, 1500, "org-2", "org-3"),  # a whole block changes holder
        request("R1", "A2", "A3", 901, 1000, "org-3"),
        ended("recognised", "R1"),
        request("R2", "B", None, 1001, 1500, "org-3"),
        ended("rejected", "R2"),
        transfer("B", None, 1001, 1500, "org-3", "org-1"),
    )
    assert replay.summary() == ReplaySummary(
        entries=8, issued=1500, active=1400, reserved=0, retired=100, blocks=4
    )


def test_reserved_units_are_counted() -> None:
    replay = run(issue(A), request("R", "A", "A2", 501, 1000, "org-1"))
    assert replay.summary() == ReplaySummary(2, 1000, 500, 500, 0, 2)


def test_cancelled_retirement_frees_the_units() -> None:
    replay = run(issue(A), request("R", "A", None, 1, 1000, "org-1"), ended("cancelled", "R"))
    assert replay.summary() == ReplaySummary(3, 1000, 1000, 0, 0, 1)


def test_unit_issued_twice() -> None:
    assert fails_at([issue(A), issue(("B", 1000, 1000, "org-2"))], "already issued") == 1


def test_overlapping_blocks_in_one_issuance() -> None:
    assert fails_at([issue(A, ("B", 500, 1500, "org-2"))], "already issued") == 0


def test_retired_units_cannot_be_issued_again() -> None:
    steps = [issue(A), request("R", "A", None, 1, 1000, "org-1"), ended("recognised", "R")]
    assert fails_at([*steps, issue(("C", 1, 1, "org-1"))], "already issued") == 3


def test_block_id_reused() -> None:
    assert fails_at([issue(A), issue(("A", 2000, 2001, "org-1"))], "already exists") == 1


@pytest.mark.parametrize(
    "block",
    [
        {"block_id": "A", "start": 5, "end": 4, "holder": "h"},
        {"block_id": "A", "start": -1, "end": 4, "holder": "h"},
        {"block_id": "A", "start": 1.5, "end": 4, "holder": "h"},
        {"block_id": "A", "start": True, "end": 4, "holder": "h"},
        {"block_id": "", "start": 1, "end": 4, "holder": "h"},
        {"block_id": "A", "start": 1, "end": 4},
    ],
)
def test_bad_issued_blocks(block: dict[str, object]) -> None:
    assert fails_at([("credits.issued", {"blocks": [block]})], None) == 0


def test_transfer_from_wrong_holder() -> None:
    assert (
        fails_at([issue(A), transfer("A", "A2", 901, 1000, "org-2", "org-3")], "held by org-1") == 1
    )


def test_transfer_more_than_held() -> None:
    steps = [issue(A), transfer("A", "A2", 901, 1100, "org-1", "org-3")]
    assert fails_at(steps, "not all in block") == 1


def test_transfer_of_units_already_sent() -> None:
    steps = [
        issue(A),
        transfer("A", "A2", 501, 1000, "org-1", "org-2"),
        transfer("A", "A2", 1, 1000, "org-1", "org-2"),
        transfer("A", "A3", 601, 1000, "org-1", "org-3"),  # org-1 now holds only 1-500
    ]
    assert fails_at(steps, "not all in block") == 2


def test_partial_transfer_needs_a_new_block_at_the_end() -> None:
    assert fails_at([issue(A), transfer("A", None, 1, 10, "org-1", "x")], "new_block_id") == 1
    assert fails_at([issue(A), transfer("A", "A2", 1, 10, "org-1", "x")], "proper tail") == 1
    assert fails_at([issue(A), transfer("A", "A2", 1, 1000, "org-1", "x")], "proper tail") == 1
    assert fails_at([issue(A), transfer("A", "A", 901, 1000, "org-1", "x")], "fresh") == 1


def test_unknown_block() -> None:
    assert fails_at([transfer("Z", None, 1, 1, "a", "b")], "unknown block") == 0


def test_reserved_units_cannot_move() -> None:
    steps = [
        issue(A),
        request("R", "A", None, 1, 1000, "org-1"),
        transfer("A", None, 1, 1000, "org-1", "x"),
    ]
    assert fails_at(steps, "reserved") == 2


def test_retirements_are_final() -> None:
    retired = [issue(A), request("R", "A", "A2", 901, 1000, "org-1"), ended("recognised", "R")]
    assert fails_at([*retired, transfer("A2", None, 901, 1000, "org-1", "x")], "final") == 3
    assert fails_at([*retired, request("R9", "A2", None, 901, 1000, "org-1")], "final") == 3
    assert fails_at([*retired, ended("cancelled", "R")], "already recognised") == 3
    assert fails_at([*retired, ended("recognised", "R")], "already recognised") == 3


def test_retirement_ids_are_unique_and_known() -> None:
    steps = [issue(A), request("R", "A", "A2", 901, 1000, "org-1")]
    assert fails_at([*steps, request("R", "A", "A3", 801, 900, "org-1")], "already exists") == 2
    assert fails_at([issue(A), ended("recognised", "nope")], "unknown retirement") == 1


def test_contiguous_issuance_keeps_one_range() -> None:
    replay = Replay()
    for seq in range(1000):
        start = seq * 10 + 1
        data = {
            "blocks": [{"block_id": f"b{seq}", "start": start, "end": start + 9, "holder": "h"}]
        }
        replay.apply(seq, body(seq, "credits.issued", data))
    assert replay.summary().issued == 10_000
    assert len(replay._issued.ranges()) == 1


# --- the bulk forms give the same answers as the one-by-one forms ----------------------------------


ENVELOPE_CHANGES = [
    {"v": 2},
    {"v": True},
    {"v": 1.0},
    {"seq": 99},
    {"seq": False},
    {"type": "Approved"},
    {"type": 7},
    {"type": ["a.b"]},
    {"at": "2026-11-26T01:02:03"},
    {"at": "2026-02-30T01:02:03Z"},
    {"at": "2026-02-28T01:02:03Z"},  # a good one, after the 28th
    {"at": "2024-02-29T23:59:59.5Z"},  # a good one: a leap day
    {"at": "2025-02-29T23:59:59Z"},
    {"at": "2026-04-31T00:00:00Z"},
    {"at": "2026-11-26T01:02:03Z\n2026-11-26T01:02:03Z"},  # two good ones in one string
    {"at": "2026-11-26T01:02:03Z\n"},
    {"at": {"x": 1}},
    {"actor": 7},
    {"actor": None},
    {"request_id": ["x"]},
    {"request_id": "r-1"},
    {"data": []},
    {"data": None},
    {"extra": 1},
    {"type": "credits.issued"},
]


def one_by_one(bodies: list[dict[str, object]], first: int) -> list[str] | None:
    try:
        return [check_envelope(seq, b) for seq, b in enumerate(bodies, first)]
    except ReplayError:
        return None


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 5),
    st.lists(st.lists(st.sampled_from(ENVELOPE_CHANGES), max_size=2), min_size=0, max_size=6),
)
def test_envelopes_in_bulk_agree_with_one_by_one(first: int, changes: list[list[dict]]) -> None:
    bodies = []
    for seq, change in enumerate(changes, first):
        value = body(seq, "organisation.approved", {})
        for item in change:
            value.update(item)
        bodies.append(value)
    assert check_envelopes(bodies, first) == one_by_one(bodies, first)


class SlowReplay(Replay):
    """The replay without the fast path for whole-block transfers."""

    def _transferred(self, seq: int, data: dict[str, object]) -> None:
        self._take(seq, data, _text(seq, data, "from"), _text(seq, data, "to"))


holders = st.sampled_from(["org-1", "org-2", "", 7, None])
blocks_ = st.sampled_from(["A", "B", "C", "A2", "", 3, None])
units = st.sampled_from([0, 1, 500, 501, 1000, 1001, 2000, -1, True, "1", None])
likely = st.sampled_from(
    [
        transfer("A", None, 1, 1000, "org-1", "org-2"),
        transfer("A", None, 1, 1000, "org-2", "org-1"),
        transfer("B", None, 1001, 2000, "org-2", "org-1"),
        transfer("B", None, 1001, 2000, "org-1", "org-2"),
        transfer("B", None, 1001, 2000, "org-1", "org-1"),
        transfer("A", "A2", 501, 1000, "org-1", "org-2"),
        transfer("A2", None, 501, 1000, "org-2", "org-1"),
        transfer("A", None, 1, 500, "org-1", "org-2"),
        (
            "credits.transferred",
            {"block_id": "A", "start": 1, "end": 1000, "from": "org-1", "to": "org-2"},
        ),
        (
            "credits.transferred",
            {"block_id": "A", "start": 1, "end": 1000, "from": "org-1", "to": ""},
        ),
        (
            "credits.transferred",
            {"block_id": "A", "start": 1, "end": 1000, "from": "org-1", "to": 5},
        ),
        (
            "credits.transferred",
            {"block_id": "A", "start": True, "end": 1000, "from": "org-1", "to": "x"},
        ),
        request("R1", "A", None, 1, 1000, "org-1"),
        request("R2", "B", "B2", 1501, 2000, "org-2"),
        ended("cancelled", "R1"),
        ended("recognised", "R2"),
    ]
)
moves = st.one_of(
    likely,
    likely,
    likely,
    likely,
    st.builds(
        transfer, blocks_, st.sampled_from([None, "A2", "B2", "A"]), units, units, holders, holders
    ),
    st.builds(
        request,
        st.sampled_from(["R1", "R2"]),
        blocks_,
        st.sampled_from([None, "A3"]),
        units,
        units,
        holders,
    ),
    st.builds(
        ended,
        st.sampled_from(["recognised", "rejected", "cancelled"]),
        st.sampled_from(["R1", "R2"]),
    ),
    st.fixed_dictionaries(
        {"block_id": blocks_, "from": holders, "to": holders, "start": units, "end": units}
    ).map(lambda data: ("credits.transferred", data)),
)


def outcome(replay: Replay, steps: list[tuple[str, dict[str, object]]]) -> object:
    ops = [(seq, entry_type, data) for seq, (entry_type, data) in enumerate(steps)]
    failure = replay.apply_ops(ops)
    return failure, replay.summary(), replay._blocks, replay._pending, replay._ended


@settings(max_examples=1000, deadline=None)
@given(st.lists(moves, max_size=10))
@example([request("R1", "A", None, 1, 1000, "org-1"), transfer("A", None, 1, 1000, "org-1", "x")])
@example([transfer("A", None, 1, 1000, "org-2", "org-1")])
@example([transfer("A", "A2", 1, 1000, "org-1", "org-2")])
def test_fast_transfers_agree_with_the_full_rule(
    steps: list[tuple[str, dict[str, object]]],
) -> None:
    story = [issue(("A", 1, 1000, "org-1"), ("B", 1001, 2000, "org-2")), *steps]
    assert outcome(Replay(), story) == outcome(SlowReplay(), story)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), moves), max_size=8))
def test_apply_ops_agrees_with_apply_data(
    gaps: list[tuple[int, tuple[str, dict[str, object]]]],
) -> None:
    ops, seq = [], 0
    for gap, (entry_type, data) in gaps:
        seq += gap
        ops.append((seq, entry_type, data))
        seq += 1
    bulk, single = Replay(), Replay()
    expected = None
    for seq, entry_type, data in ops:
        single.skip(seq - single.next_seq)
        try:
            single.apply_data(seq, entry_type, data)
        except ReplayError as exc:
            expected = (seq, exc.reason)
            break
    assert bulk.apply_ops(ops) == expected
    assert bulk.summary() == single.summary()
