"""String checks at the edge, for every argument of every field, literal or variable:

- no lone surrogate (U+D800..U+DFFF) and no NUL: neither can be stored (UTF-8, PostgreSQL text)
  nor echoed back as valid JSON;
- a read's string arguments at most READ_ARGUMENT_CHARS long, and a filter on a column at most
  the column's length (PostgreSQL refuses the parameter itself, it does not just match nothing).

A refusal is BAD_USER_INPUT naming the argument, before the resolver runs: nothing changes."""

from __future__ import annotations

import dataclasses
import enum
import re
from typing import Any

from backend.errors import BadUserInput
from backend.models.project import Project

READ_ARGUMENT_CHARS = 1000
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _column(model: Any, name: str) -> int:
    return int(model._meta.fields_map[name].max_length)


# (type, field, argument) -> longest value: arguments compared with a column as they are.
COLUMN_FILTERS: dict[tuple[str, str, str], int] = {
    ("Query", "projects", "sector"): _column(Project, "sector"),
}


def _strings(value: object, path: str) -> list[tuple[str, str]]:
    """Every string inside an argument's value, with where it is (input objects, lists)."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, enum.Enum) or value is None:
        return []
    if isinstance(value, list | tuple):
        return [s for i, item in enumerate(value) for s in _strings(item, f"{path}[{i}]")]
    if isinstance(value, dict):
        found = [(f"{path}.{key}", key) for key in value if isinstance(key, str)]
        return found + [s for key, item in value.items() for s in _strings(item, f"{path}.{key}")]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            s
            for field in dataclasses.fields(value)
            for s in _strings(getattr(value, field.name), f"{path}.{field.name}")
        ]
    return []


def check_arguments(type_name: str, field_name: str, arguments: dict[str, Any]) -> None:
    """Raises BadUserInput for the first argument string the registry cannot take."""
    reading = type_name != "Mutation"
    for name, value in arguments.items():
        limit = COLUMN_FILTERS.get((type_name, field_name, name))
        for path, text in _strings(value, name):
            if _UNSTORABLE.search(text):
                raise BadUserInput(
                    f"{path} contains a NUL or a lone surrogate, which no text may hold.",
                    field=path,
                )
            longest = limit if limit is not None and path == name else None
            if longest is None and reading:
                longest = READ_ARGUMENT_CHARS
            if longest is not None and len(text) > longest:
                raise BadUserInput(f"{path} is longer than {longest} characters.", field=path)
