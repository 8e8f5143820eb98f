"""Every ledger entry type, declared once: its type string, its body version `v` and its fields
(frozen records in parties, projects and credits). Services build bodies only through these
records; the replay, the unit history and the README's table read them.

One id representation: every registry row an entry names is a JSON integer (`*_id`); accounts
are named by reference text "account:{id}" (holder, from, to); authorization_id is the Party's
own identifier of an Article 6.2 authorization, which is text. Body version 1 wrote block and
retirement ids of credit entries as strings: those records are kept under OLD, for reading."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from .access import *  # noqa: F403
from .base import Entry, EntryShapeError, json_value, key
from .credits import *  # noqa: F403
from .credits import OLD_VERSIONS
from .parties import *  # noqa: F403
from .projects import *  # noqa: F403


def _concrete(root: type[Entry]) -> list[type[Entry]]:
    found, stack = [], list(root.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.TYPE and cls not in OLD_VERSIONS:
            found.append(cls)
    return sorted(found, key=lambda c: c.TYPE)


DECLARED: Mapping[str, type[Entry]] = {cls.TYPE: cls for cls in _concrete(Entry)}
"""Entry type -> the record it is written with now."""

OLD: Mapping[tuple[str, int], type[Entry]] = {(c.TYPE, c.VERSION): c for c in OLD_VERSIONS}
"""(entry type, body version) -> the record an older body of it is read with."""

VERSIONS: Mapping[str, frozenset[int]] = {
    name: frozenset({cls.VERSION} | {v for (t, v) in OLD if t == name})
    for name, cls in DECLARED.items()
}
"""Entry type -> every body version a registry ever wrote for it."""

E = TypeVar("E", bound=Entry)


def declared(entry_type: str, family: type[E]) -> type[E]:
    """The record of entry_type, which must belong to family (for helpers given a fact)."""
    cls = DECLARED.get(entry_type)
    if cls is None or not issubclass(cls, family):
        raise KeyError(f"{entry_type} is not a declared {family.__name__} entry type")
    return cls


def read(entry_type: str, version: int, data: Mapping[str, object]) -> Entry:
    """The record a stored body holds, in the shape its version declares; raises
    EntryShapeError for an unknown type or version or a body of another shape."""
    cls = DECLARED.get(entry_type)
    if cls is not None and cls.VERSION != version:
        cls = OLD.get((entry_type, version))
    if cls is None:
        raise EntryShapeError(f"{entry_type} v{version} is not a declared entry type")
    return cls.parse(data)


__all__ = [  # noqa: F405 - the records themselves come from the modules above
    "DECLARED",
    "OLD",
    "VERSIONS",
    "Entry",
    "EntryShapeError",
    "declared",
    "json_value",
    "key",
    "read",
]
