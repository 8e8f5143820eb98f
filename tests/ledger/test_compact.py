"""CompactRange: the right edge of the tree, its roots, callbacks and serialisation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.ledger.compact import CompactRange, perfect_root
from backend.ledger.hashing import EMPTY_ROOT, leaf_hash, node_hash
from backend.ledger.verify import root_of

LEAVES = [leaf_hash(bytes([i])) for i in range(40)]


def naive_root(leaves: list[bytes]) -> bytes:
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(naive_root(leaves[:k]), naive_root(leaves[k:]))


def test_empty_range() -> None:
    tree = CompactRange()
    assert tree.size == 0
    assert tree.hashes == ()
    assert tree.root() == EMPTY_ROOT
    assert tree.to_bytes() == b""


def test_roots_and_hash_count_for_every_size() -> None:
    tree = CompactRange()
    for size in range(1, 41):
        tree.append(LEAVES[size - 1])
        assert tree.size == size
        assert len(tree.hashes) == bin(size).count("1")
        assert tree.root() == naive_root(LEAVES[:size])


def test_hashes_are_perfect_subtree_roots_highest_first() -> None:
    tree = CompactRange()
    for leaf in LEAVES[:13]:  # 13 = 8 + 4 + 1
        tree.append(leaf)
    assert tree.hashes == (
        naive_root(LEAVES[0:8]),
        naive_root(LEAVES[8:12]),
        LEAVES[12],
    )


def test_visit_reports_the_leaf_and_each_completed_node() -> None:
    seen: list[tuple[int, int, bytes]] = []
    tree = CompactRange()
    for leaf in LEAVES[:3]:
        tree.append(leaf)
    tree.append(LEAVES[3], lambda level, index, value: seen.append((level, index, value)))
    assert seen == [
        (0, 3, LEAVES[3]),
        (1, 1, node_hash(LEAVES[2], LEAVES[3])),
        (2, 0, naive_root(LEAVES[:4])),
    ]


def test_every_node_is_visited_exactly_once() -> None:
    seen: list[tuple[int, int]] = []
    tree = CompactRange()
    for leaf in LEAVES[:32]:
        tree.append(leaf, lambda level, index, _value: seen.append((level, index)))
    assert len(seen) == len(set(seen)) == 63  # a perfect tree of 32 leaves has 63 nodes
    assert (5, 0) in seen


def test_serialised_state_resumes_exactly() -> None:
    tree = CompactRange()
    for leaf in LEAVES[:21]:
        tree.append(leaf)
    resumed = CompactRange.from_bytes(tree.size, tree.to_bytes())
    assert resumed == tree
    for leaf in LEAVES[21:]:
        resumed.append(leaf)
    assert resumed.root() == naive_root(LEAVES)


def test_extend_equals_repeated_append() -> None:
    one, other = CompactRange(), CompactRange()
    for leaf in LEAVES:
        one.append(leaf)
    other.extend(LEAVES)
    assert one == other
    assert root_of(LEAVES) == one.root()


def test_bad_state_is_refused() -> None:
    with pytest.raises(ValueError, match="3 hashes"):
        CompactRange(7, [LEAVES[0]])
    with pytest.raises(ValueError):
        CompactRange(-1)
    with pytest.raises(ValueError):
        CompactRange(1, [b"short"])
    with pytest.raises(ValueError):
        CompactRange.from_bytes(3, b"\x00" * 32)


def test_bad_leaf_is_refused_without_changing_the_range() -> None:
    tree = CompactRange()
    tree.extend(LEAVES[:5])
    with pytest.raises(ValueError):
        tree.append(b"\x00" * 31)
    with pytest.raises(ValueError):
        tree.extend([LEAVES[5], b"\x00" * 33])
    assert tree.size == 6
    assert tree.root() == naive_root(LEAVES[:6])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=6))
def test_extend_in_any_pieces_equals_repeated_append(pieces: list[int]) -> None:
    leaves = [leaf_hash(bytes([n % 256, n // 256])) for n in range(sum(pieces))]
    one, other = CompactRange(), CompactRange()
    for leaf in leaves:
        one.append(leaf)
    done = 0
    for piece in pieces:
        other.extend(iter(leaves[done : done + piece]))
        done += piece
        assert other.size == done
    assert one == other


def test_a_subtree_root_goes_in_as_its_leaves_would() -> None:
    for size in (0, 4, 8, 12, 16, 24):
        for level in range(4):
            if size % (1 << level):
                continue
            leaves = LEAVES[size : size + (1 << level)]
            one, other = CompactRange(), CompactRange()
            one.extend(LEAVES[:size])
            other.extend(LEAVES[:size])
            one.extend(leaves)
            other.append_subtree(level, perfect_root(leaves))
            assert one == other
            assert other.root() == naive_root(LEAVES[: size + (1 << level)])


def test_a_subtree_must_start_at_a_multiple_of_its_size() -> None:
    tree = CompactRange()
    tree.extend(LEAVES[:6])
    with pytest.raises(ValueError, match="cannot start at 6"):
        tree.append_subtree(2, perfect_root(LEAVES[6:10]))
    with pytest.raises(ValueError, match="cannot start"):
        tree.append_subtree(-1, LEAVES[6])
    with pytest.raises(ValueError, match="32 bytes"):
        tree.append_subtree(1, b"\x00" * 31)
    assert tree.size == 6
    assert tree.root() == naive_root(LEAVES[:6])
