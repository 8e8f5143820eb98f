"""A set of integers kept as sorted, disjoint, non-adjacent inclusive ranges (bisect, no unit sets).

Used by the replay to remember every unit serial ever issued: a registry that issues from one
increasing sequence keeps a single range, however many units it issues.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

__all__ = ["RangeSet"]


class RangeSet:
    """Inclusive integer ranges [start, end], merged when they touch."""

    __slots__ = ("_ends", "_starts", "_total")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._total = 0

    @property
    def total(self) -> int:
        """How many integers the set holds."""
        return self._total

    def ranges(self) -> list[tuple[int, int]]:
        """Return the ranges in increasing order."""
        return list(zip(self._starts, self._ends, strict=True))

    def overlaps(self, start: int, end: int) -> bool:
        """Return whether any integer in [start, end] is in the set; needs start <= end."""
        i = bisect_right(self._starts, end)
        return i > 0 and self._ends[i - 1] >= start

    def add(self, start: int, end: int) -> None:
        """Add [start, end]; raise ValueError if start > end or it overlaps the set."""
        if start > end:
            raise ValueError(f"empty range [{start}, {end}]")
        if self.overlaps(start, end):
            raise ValueError(f"[{start}, {end}] overlaps the set")
        starts, ends = self._starts, self._ends
        i = bisect_left(starts, start)
        joins_left = i > 0 and ends[i - 1] == start - 1
        joins_right = i < len(starts) and starts[i] == end + 1
        if joins_left and joins_right:
            ends[i - 1] = ends[i]
            del starts[i], ends[i]
        elif joins_left:
            ends[i - 1] = end
        elif joins_right:
            starts[i] = start
        else:
            starts.insert(i, start)
            ends.insert(i, end)
        self._total += end - start + 1
