"""The right edge of an append-only Merkle tree: a compact range over leaves [0, size).

Like transparency-dev/merkle's compact.Range started at 0, it holds one hash per set bit of size:
the roots of the perfect subtrees that tile [0, size), largest (leftmost) first. Appending a leaf
costs O(log size) hashes, and every node it completes is reported through a callback so the caller
decides how (and whether) to store it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

from .hashing import EMPTY_ROOT, HASH_SIZE, node_hash

__all__ = ["CompactRange", "Visitor", "perfect_root"]

Visitor = Callable[[int, int, bytes], None]
"""visit(level, index, hash): the node at level covering leaves [index * 2**level, ...) is final."""


def _check_hash(value: bytes, what: str) -> bytes:
    if not isinstance(value, (bytes, bytearray, memoryview)) or len(value) != HASH_SIZE:
        raise ValueError(f"{what} must be {HASH_SIZE} bytes")
    return bytes(value)


_NODE_PREFIX = b"\x01"
_digest = type(hashlib.sha256()).digest


def perfect_root(leaves: Sequence[bytes]) -> bytes:
    """The root of a perfect subtree over leaves (LEAF HASHES, as many as a power of two), hashed
    a level at a time; the caller checks the count and the hash sizes."""
    level = list(leaves)
    while len(level) > 1:  # node_hash over each pair, without an interpreter frame per node
        lefts = map(_NODE_PREFIX.__add__, level[::2])
        level = list(map(_digest, map(hashlib.sha256, map(bytes.__add__, lefts, level[1::2]))))
    return level[0]


class CompactRange:
    """Roots of the perfect subtrees covering leaves [0, size), highest level first."""

    __slots__ = ("_hashes", "_size")

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        """Build from a size and its subtree roots; raise ValueError if they do not fit."""
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise ValueError("size must be a non-negative integer")
        if len(hashes) != size.bit_count():
            raise ValueError(
                f"a range of size {size} has {size.bit_count()} hashes, not {len(hashes)}"
            )
        self._size = size
        self._hashes = [_check_hash(h, "each hash") for h in hashes]

    @property
    def size(self) -> int:
        """Number of leaves covered."""
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """Roots of the perfect subtrees, left to right (one per set bit of size, highest first)."""
        return tuple(self._hashes)

    def append(self, leaf: bytes, visit: Visitor | None = None) -> None:
        """Add a LEAF HASH; visit sees it and each node it completes. ValueError if not 32 bytes."""
        node = _check_hash(leaf, "a leaf hash")
        index = self._size
        level = 0
        if visit is not None:
            visit(0, index, node)
        hashes = self._hashes
        while index & 1:
            node = node_hash(hashes.pop(), node)
            index >>= 1
            level += 1
            if visit is not None:
                visit(level, index, node)
        hashes.append(node)
        self._size += 1

    def extend(self, leaves: Iterable[bytes]) -> None:
        """Append LEAF HASHES without a visitor; raise ValueError on one that is not 32 bytes.

        Leaves go in as whole perfect subtrees, each hashed a level at a time: the same nodes as
        appending them one by one, for a fraction of the interpreter's work per leaf."""
        leaves = list(leaves)
        if set(map(len, leaves)) - {HASH_SIZE}:  # the leaves before the bad one go in
            bad = next(p for p, leaf in enumerate(leaves) if len(leaf) != HASH_SIZE)
            self.extend(leaves[:bad])
            raise ValueError(f"a leaf hash must be {HASH_SIZE} bytes")
        done = 0
        while done < len(leaves):
            # The largest perfect subtree that starts at size (aligned) and fits what is left.
            level = (len(leaves) - done).bit_length() - 1
            if self._size:
                level = min(level, (self._size & -self._size).bit_length() - 1)
            self.append_subtree(level, perfect_root(leaves[done : done + (1 << level)]))
            done += 1 << level

    def append_subtree(self, level: int, node: bytes) -> None:
        """Append the root of a perfect subtree of 2**level leaves (perfect_root of their hashes):
        the same as extend with those leaves. ValueError unless size is a multiple of 2**level
        and node is 32 bytes."""
        node = _check_hash(node, "a subtree root")
        if level < 0 or self._size & ((1 << level) - 1):
            raise ValueError(f"a subtree of 2**{level} leaves cannot start at {self._size}")
        hashes = self._hashes
        index = self._size >> level
        while index & 1:
            node = node_hash(hashes.pop(), node)
            index >>= 1
        hashes.append(node)
        self._size += 1 << level

    def root(self) -> bytes:
        """Return the RFC 6962 root of the leaves so far (EMPTY_ROOT for size 0); never raises."""
        if not self._hashes:
            return EMPTY_ROOT
        hashes = self._hashes
        root = hashes[-1]
        for left in reversed(hashes[:-1]):
            root = node_hash(left, root)
        return root

    def copy(self) -> CompactRange:
        """Return an independent copy."""
        return CompactRange(self._size, self._hashes)

    def to_bytes(self) -> bytes:
        """Return the hashes concatenated (32 bytes each), highest level first."""
        return b"".join(self._hashes)

    @classmethod
    def from_bytes(cls, size: int, data: bytes) -> CompactRange:
        """Rebuild from size and to_bytes() output; raise ValueError if the length does not fit."""
        if not isinstance(size, int) or size < 0:
            raise ValueError("size must be a non-negative integer")
        if len(data) != HASH_SIZE * size.bit_count():
            raise ValueError(f"a range of size {size} needs {size.bit_count()} hashes of 32 bytes")
        return cls(size, [bytes(data[i : i + HASH_SIZE]) for i in range(0, len(data), HASH_SIZE)])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CompactRange):
            return NotImplemented
        return self._size == other._size and self._hashes == other._hashes

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"CompactRange(size={self._size}, hashes=[{', '.join(h.hex() for h in self._hashes)}])"
        )
