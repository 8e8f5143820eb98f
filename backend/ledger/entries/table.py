"""The README's table of entry types, made from the declarations (a test holds the README to it):
`python -m backend.ledger.entries.table` prints it."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, get_args, get_origin

from . import DECLARED, OLD
from .base import Entry, _hints, _key

BEGIN = "<!-- entry types: generated from backend/ledger/entries, do not edit -->"
END = "<!-- end of entry types -->"


def _shape(hint: Any) -> str:
    origin = get_origin(hint)
    if origin is types.UnionType or origin is typing.Union:
        options = [h for h in get_args(hint) if h is not type(None)]
        nullable = "?" if len(options) < len(get_args(hint)) else ""
        return " or ".join(_shape(h) for h in options) + nullable
    if origin is not None and get_args(hint) and origin.__name__ in ("list", "Sequence"):
        return f"[{_shape(get_args(hint)[0])}]"
    if typing.is_typeddict(hint):
        return "{" + ",".join(_hints(hint)) + "}"
    if origin is not None:  # Mapping[str, object]
        return "object"
    return {type(None): "null", int: "int", str: "str", bool: "bool"}.get(hint, str(hint))


def fields(cls: type[Entry]) -> str:
    """The data fields of a record, as key:shape."""
    hints = _hints(cls)
    return ", ".join(f"{_key(f)}:{_shape(hints[f.name])}" for f in dataclasses.fields(cls))


def markdown_table() -> str:
    """Every entry type, its body version(s), its data fields and what it records."""
    lines = [BEGIN, "", "| type | v | data (`?`: or null) | records |", "|---|---|---|---|"]
    for name, cls in DECLARED.items():
        summary = " ".join((cls.__doc__ or "").split())
        lines.append(f"| `{name}` | {cls.VERSION} | {fields(cls)} | {summary} |")
        for (old_type, version), old in sorted(OLD.items()):
            if old_type == name:
                note = "written before version 2; still read"
                lines.append(f"| `{name}` | {version} | {fields(old)} | {note} |")
    return "\n".join([*lines, "", END])


if __name__ == "__main__":
    print(markdown_table())
