"""Verification of inclusion and consistency proofs (RFC 9162 sections 2.1.3.2 and 2.1.4.2).

A port of transparency-dev/merkle's proof/verify.go. Every hash in a proof must be exactly
HASH_SIZE bytes and the proof must have exactly the length the tree shape requires.
"""

from __future__ import annotations

from collections.abc import Sequence

from .compact import CompactRange
from .hashing import HASH_SIZE, node_hash

__all__ = [
    "ProofError",
    "RootMismatchError",
    "root_from_consistency_proof",
    "root_from_inclusion_proof",
    "root_of",
    "verify_consistency",
    "verify_inclusion",
]


class ProofError(ValueError):
    """A proof is malformed or does not prove what it claims."""


class RootMismatchError(ProofError):
    """The root a proof leads to is not the expected one."""

    def __init__(self, expected: bytes, computed: bytes) -> None:
        super().__init__(f"computed root {computed.hex()} does not match expected {expected.hex()}")
        self.expected = expected
        self.computed = computed


def _check_sizes(**sizes: int) -> None:
    for name, value in sizes.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ProofError(f"{name} must be a non-negative integer, not {value!r}")


def _check_proof(proof: Sequence[bytes], want: int) -> None:
    if len(proof) != want:
        raise ProofError(f"wrong proof size {len(proof)}, want {want}")
    for position, item in enumerate(proof):
        if not isinstance(item, bytes) or len(item) != HASH_SIZE:
            raise ProofError(f"proof hash {position} is not {HASH_SIZE} bytes")


def _match(computed: bytes, expected: bytes) -> None:
    if computed != expected:
        raise RootMismatchError(expected, computed)


def _decompose(index: int, size: int) -> tuple[int, int]:
    # Lengths of the two parts of an inclusion proof: below and above the level where the paths to
    # leaf index and leaf size-1 diverge.
    inner = (index ^ (size - 1)).bit_length()
    return inner, (index >> inner).bit_count()


def _chain_inner(seed: bytes, proof: Sequence[bytes], index: int) -> bytes:
    for i, sibling in enumerate(proof):
        seed = node_hash(seed, sibling) if (index >> i) & 1 == 0 else node_hash(sibling, seed)
    return seed


def _chain_inner_right(seed: bytes, proof: Sequence[bytes], index: int) -> bytes:
    # Like _chain_inner but only the left siblings count: the same subtree at the older size.
    for i, sibling in enumerate(proof):
        if (index >> i) & 1:
            seed = node_hash(sibling, seed)
    return seed


def _chain_border_right(seed: bytes, proof: Sequence[bytes]) -> bytes:
    for sibling in proof:
        seed = node_hash(sibling, seed)
    return seed


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """Root implied by an inclusion proof of LEAF HASH leaf; ProofError if index>=size or bad."""
    _check_sizes(index=index, size=size)
    if index >= size:
        raise ProofError(f"index {index} is beyond size {size}")
    if not isinstance(leaf, bytes) or len(leaf) != HASH_SIZE:
        raise ProofError(f"leaf hash is not {HASH_SIZE} bytes")
    inner, border = _decompose(index, size)
    _check_proof(proof, inner + border)
    return _chain_border_right(_chain_inner(leaf, proof[:inner], index), proof[inner:])


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that LEAF HASH leaf is at index in the tree (size, root); raise ProofError if not."""
    _match(root_from_inclusion_proof(leaf, index, size, proof), root)


def root_from_consistency_proof(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes
) -> bytes:
    """Root of size2 implied by a proof from (size1, root1); ProofError unless 0<size1<=size2."""
    _check_sizes(size1=size1, size2=size2)
    if size2 < size1:
        raise ProofError(f"size2 ({size2}) < size1 ({size1})")
    if size1 == 0:
        raise ProofError("a consistency proof from the empty tree is meaningless")
    if size1 == size2:
        _check_proof(proof, 0)
        return root1
    if not proof:
        raise ProofError("empty proof")
    inner, border = _decompose(size1 - 1, size2)
    shift = (size1 & -size1).bit_length() - 1
    inner -= shift
    # The proof starts with the root of the biggest perfect subtree ending at size1, unless that
    # subtree is the whole old tree, whose root the verifier already has.
    seed, start = (root1, 0) if size1 == 1 << shift else (proof[0], 1)
    _check_proof(proof, start + inner + border)
    path = proof[start:]
    mask = (size1 - 1) >> shift
    hash1 = _chain_border_right(_chain_inner_right(seed, path[:inner], mask), path[inner:])
    _match(hash1, root1)
    return _chain_border_right(_chain_inner(seed, path[:inner], mask), path[inner:])


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Check that tree (size2, root2) extends (size1, root1); raise ProofError if not."""
    _match(root_from_consistency_proof(size1, size2, proof, root1), root2)


def root_of(leaves: Sequence[bytes]) -> bytes:
    """Return the tree head over LEAF HASHES; raise ValueError on one that is not 32 bytes."""
    tree = CompactRange()
    tree.extend(leaves)
    return tree.root()
