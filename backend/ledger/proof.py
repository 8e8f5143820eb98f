"""Which stored nodes make up an inclusion or consistency proof (addressing, not verification).

A port of transparency-dev/merkle's proof/proof.go for trees starting at leaf 0. Every node named
in Nodes.ids is the root of a perfect subtree lying wholly inside the tree, i.e. a node that
CompactRange.append reported when it was completed, so a store can fetch them all with one query by
(level, index). At most one proof element is "ephemeral" (the root of an imperfect subtree on the
right edge); Nodes.rehash folds the stored nodes under it into its hash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .hashing import node_hash

__all__ = ["NodeID", "Nodes", "consistency", "inclusion", "range_nodes"]


@dataclass(frozen=True, order=True)
class NodeID:
    """The node at level covering leaves [index * 2**level, (index + 1) * 2**level)."""

    level: int
    index: int

    def coverage(self) -> tuple[int, int]:
        """Return the half-open range of leaves under this node."""
        return self.index << self.level, (self.index + 1) << self.level

    def parent(self) -> NodeID:
        """Return the node one level up."""
        return NodeID(self.level + 1, self.index >> 1)

    def sibling(self) -> NodeID:
        """Return the other child of this node's parent."""
        return NodeID(self.level, self.index ^ 1)


@dataclass(frozen=True)
class Nodes:
    """Stored nodes for a proof, and which slice ids[begin:end] folds into the ephemeral node."""

    ids: tuple[NodeID, ...]
    begin: int = 0
    end: int = 0
    ephem: NodeID | None = None

    def rehash(self, hashes: Sequence[bytes]) -> list[bytes]:
        """Turn the hashes of ids (same order) into the proof; ValueError if the count differs."""
        if len(hashes) != len(self.ids):
            raise ValueError(f"got {len(hashes)} hashes for {len(self.ids)} node ids")
        if self.begin >= self.end:
            return list(hashes)
        # ids[begin:end] run from the lowest level up, right to left: fold each into the next.
        folded = hashes[self.begin]
        for left in hashes[self.begin + 1 : self.end]:
            folded = node_hash(left, folded)
        return [*hashes[: self.begin], folded, *hashes[self.end :]]


def _trailing_zeros(value: int) -> int:
    return (value & -value).bit_length() - 1


def _decompose(begin: int, end: int) -> tuple[int, int]:
    # Bit masks of the perfect subtree sizes tiling [begin, end): the left part read from the lowest
    # bit up, the right part from the highest bit down (compact.Decompose).
    if begin == 0:
        return 0, end
    before = begin - 1
    mask = (1 << ((before ^ end).bit_length() - 1)) - 1
    return ~before & mask, end & mask


def range_nodes(begin: int, end: int) -> list[NodeID]:
    """Perfect subtree roots tiling leaves [begin, end), left to right; ValueError if begin>end."""
    if not 0 <= begin <= end:
        raise ValueError(f"bad range [{begin}, {end})")
    left, right = _decompose(begin, end)
    ids: list[NodeID] = []
    position = begin
    while left:
        level = _trailing_zeros(left)
        ids.append(NodeID(level, position >> level))
        position += 1 << level
        left ^= 1 << level
    while right:
        level = right.bit_length() - 1
        ids.append(NodeID(level, position >> level))
        position += 1 << level
        right ^= 1 << level
    return ids


def _nodes(index: int, level: int, size: int) -> tuple[list[NodeID], int, int, NodeID]:
    # Nodes proving that node (level, index) is in the tree of the given size, the node itself
    # first. "fork" is where the path to that node leaves the path to the tree's right edge; its
    # sibling is the ephemeral node, rebuilt from the stored nodes covering [end, size).
    inner = (index ^ (size >> level)).bit_length() - 1
    fork = NodeID(level + inner, index >> inner)
    begin, end = fork.coverage()
    node = NodeID(level, index)
    ids = [node]
    while node.level < fork.level:
        ids.append(node.sibling())
        node = node.parent()
    first = len(ids)
    ids.extend(reversed(range_nodes(end, size)))
    last = len(ids)
    ids.extend(reversed(range_nodes(0, begin)))
    if first >= last:
        first = last = 0
    return ids, first, last, fork.sibling()


def _skip_first(ids: list[NodeID], begin: int, end: int, ephem: NodeID) -> Nodes:
    if begin < end:
        return Nodes(tuple(ids[1:]), begin - 1, end - 1, ephem)
    return Nodes(tuple(ids[1:]))


def _check_size(name: str, value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, not {value!r}")


def inclusion(index: int, size: int) -> Nodes:
    """Nodes proving leaf index in a tree of size; ValueError unless index<size."""
    _check_size("index", index)
    _check_size("size", size)
    if index >= size:
        raise ValueError(f"index {index} is out of bounds for tree size {size}")
    return _skip_first(*_nodes(index, 0, size))


def consistency(size1: int, size2: int) -> Nodes:
    """Nodes for the consistency proof size1 -> size2 (empty if size1 is 0 or equal); needs <=."""
    _check_size("size1", size1)
    _check_size("size2", size2)
    if size1 > size2:
        raise ValueError(f"tree size {size1} > {size2}")
    if size1 == 0 or size1 == size2:
        return Nodes(())
    # The biggest perfect subtree ending at size1; the proof is its inclusion proof in size2,
    # preceded by the subtree itself unless it is the whole old tree (the verifier knows root1).
    level = _trailing_zeros(size1)
    ids, begin, end, ephem = _nodes((size1 - 1) >> level, level, size2)
    if size1 & (size1 - 1) == 0:
        return _skip_first(ids, begin, end, ephem)
    if begin < end:
        return Nodes(tuple(ids), begin, end, ephem)
    return Nodes(tuple(ids))
