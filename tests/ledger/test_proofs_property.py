"""Proof addressing + stored nodes + rehash against a naive RFC 6962 reference, and tampering."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.ledger.compact import CompactRange
from backend.ledger.hashing import EMPTY_ROOT, leaf_hash, node_hash
from backend.ledger.proof import Nodes, consistency, inclusion
from backend.ledger.verify import ProofError, verify_consistency, verify_inclusion

MAX_LEAVES = 1100
LEAVES = [leaf_hash(f"leaf {i}".encode()) for i in range(MAX_LEAVES)]


# --- the naive reference, straight from RFC 6962 section 2.1 ------------------------------------


def _split(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k  # the largest power of two smaller than n


@cache
def mth(start: int, end: int) -> bytes:
    n = end - start
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return LEAVES[start]
    k = _split(n)
    return node_hash(mth(start, start + k), mth(start + k, end))


def path(m: int, start: int, end: int) -> list[bytes]:
    n = end - start
    if n == 1:
        return []
    k = _split(n)
    if m < k:
        return path(m, start, start + k) + [mth(start + k, end)]
    return path(m - k, start + k, end) + [mth(start, start + k)]


def subproof(m: int, start: int, end: int, complete: bool) -> list[bytes]:
    n = end - start
    if m == n:
        return [] if complete else [mth(start, end)]
    k = _split(n)
    if m <= k:
        return subproof(m, start, start + k, complete) + [mth(start + k, end)]
    return subproof(m - k, start + k, end, False) + [mth(start, start + k)]


def naive_consistency(m: int, n: int) -> list[bytes]:
    return subproof(m, 0, n, True)


# --- the implementation under test: nodes stored as CompactRange.append reports them -------------


def _store(size: int) -> dict[tuple[int, int], bytes]:
    stored: dict[tuple[int, int], bytes] = {}

    def visit(level: int, index: int, value: bytes) -> None:
        assert (level, index) not in stored
        stored[(level, index)] = value

    tree = CompactRange()
    for leaf in LEAVES[:size]:
        tree.append(leaf, visit)
    return stored


STORE = _store(MAX_LEAVES)


def _fetch(nodes: Nodes, size: int) -> list[bytes]:
    for node in nodes.ids:
        begin, end = node.coverage()
        assert end <= size, f"{node} is not inside a tree of size {size}"
    return nodes.rehash([STORE[(node.level, node.index)] for node in nodes.ids])


def inclusion_proof(index: int, size: int) -> list[bytes]:
    return _fetch(inclusion(index, size), size)


def consistency_proof(size1: int, size2: int) -> list[bytes]:
    return _fetch(consistency(size1, size2), size2)


# --- tampering -----------------------------------------------------------------------------------


def _tamperings(proof: list[bytes], exhaustive: bool) -> list[list[bytes]]:
    out: list[list[bytes]] = []
    bits = range(256) if exhaustive else (0, 7, 100, 255)
    for i, item in enumerate(proof):
        for bit in bits:
            flipped = bytearray(item)
            flipped[bit // 8] ^= 1 << (bit % 8)
            out.append(proof[:i] + [bytes(flipped)] + proof[i + 1 :])
        out.append(proof[:i] + proof[i + 1 :])  # dropped
        out.append(proof[:i] + [item[:31]] + proof[i + 1 :])  # short hash
    for i in range(len(proof) + 1):
        out.append(proof[:i] + [LEAVES[7]] + proof[i:])  # added
    return out


def _check_inclusion(index: int, size: int, exhaustive: bool) -> None:
    proof = inclusion_proof(index, size)
    assert proof == path(index, 0, size)
    root = mth(0, size)
    verify_inclusion(LEAVES[index], index, size, proof, root)
    for bad in _tamperings(proof, exhaustive):
        with pytest.raises(ProofError):
            verify_inclusion(LEAVES[index], index, size, bad, root)


def _check_consistency(size1: int, size2: int, exhaustive: bool) -> None:
    proof = consistency_proof(size1, size2)
    assert proof == (naive_consistency(size1, size2) if size1 < size2 else [])
    verify_consistency(size1, size2, proof, mth(0, size1), mth(0, size2))
    for bad in _tamperings(proof, exhaustive):
        with pytest.raises(ProofError):
            verify_consistency(size1, size2, bad, mth(0, size1), mth(0, size2))


@pytest.mark.parametrize("size", range(1, 65))
def test_inclusion_matches_naive_path(size: int) -> None:
    for index in range(size):
        _check_inclusion(index, size, exhaustive=size <= 16)


@pytest.mark.parametrize("size2", range(1, 65))
def test_consistency_matches_naive_proof(size2: int) -> None:
    for size1 in range(1, size2 + 1):
        _check_consistency(size1, size2, exhaustive=size2 <= 16)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, MAX_LEAVES).flatmap(lambda n: st.tuples(st.integers(0, n - 1), st.just(n))))
def test_inclusion_large_trees(case: tuple[int, int]) -> None:
    _check_inclusion(*case, exhaustive=False)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, MAX_LEAVES).flatmap(lambda n: st.tuples(st.integers(1, n), st.just(n))))
def test_consistency_large_trees(case: tuple[int, int]) -> None:
    _check_consistency(*case, exhaustive=False)


def test_wrong_root_and_wrong_leaf_fail() -> None:
    proof = inclusion_proof(5, 13)
    with pytest.raises(ProofError):
        verify_inclusion(LEAVES[5], 5, 13, proof, mth(0, 12))
    with pytest.raises(ProofError):
        verify_inclusion(LEAVES[6], 5, 13, proof, mth(0, 13))
    with pytest.raises(ProofError):
        verify_consistency(5, 13, consistency_proof(5, 13), mth(0, 6), mth(0, 13))


def test_addressing_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError, match="out of bounds"):
        inclusion(3, 3)
    with pytest.raises(ValueError):
        inclusion(-1, 3)
    with pytest.raises(ValueError):
        consistency(4, 3)
    assert consistency(0, 5) == Nodes(())
    assert consistency(5, 5) == Nodes(())


def test_ephemeral_node_is_rebuilt_from_stored_nodes() -> None:
    # In a tree of 7 leaves the proof for leaf 0 needs the root of leaves [4, 7), which is not a
    # perfect subtree: it is folded from (1, 2) = leaves 4-5 and (0, 6) = leaf 6.
    nodes = inclusion(0, 7)
    ephem = nodes.ids[nodes.begin : nodes.end]
    assert [(n.level, n.index) for n in ephem] == [(0, 6), (1, 2)]
    assert nodes.ephem is not None and nodes.ephem.coverage() == (4, 8)
    assert inclusion_proof(0, 7)[-1] == mth(4, 7)
