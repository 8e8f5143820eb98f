"""The machinery behind the entry declarations: a frozen record per entry type, its body to JSON
and back, checked field by field against the record's annotations (pure; no registry code).

A record's JSON key is its field name, unless the field's metadata names another ("from" is not
a Python name). Values are JSON values: int (never bool), str, bool, None, lists, and objects
declared as TypedDicts; nothing else reaches the ledger."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Self, TypeVar, get_args, get_origin, get_type_hints

__all__ = ["Entry", "EntryShapeError", "json_value", "key", "parse_value"]


class EntryShapeError(ValueError):
    """A body's data does not have the shape its type and version declare."""


def key(name: str) -> Any:
    """A dataclass field whose JSON key is name (for keys that are not Python names)."""
    return dataclasses.field(metadata={"key": name})


@dataclasses.dataclass(frozen=True, kw_only=True)
class Entry:
    """One ledger entry's data. Subclasses set TYPE (a past-tense dotted fact) and VERSION (the
    body version `v` written for it); families without a TYPE only share fields."""

    TYPE: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1

    def data(self) -> dict[str, object]:
        """The entry's data object, as it goes into the body."""
        return {_key(f): json_value(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def parse(cls, data: Mapping[str, object]) -> Self:
        """The record a body's data holds; raises EntryShapeError if it is not this shape."""
        hints = _hints(cls)
        values: dict[str, object] = {}
        keys = set(data)
        for f in dataclasses.fields(cls):
            name = _key(f)
            if name not in data:
                if f.default is dataclasses.MISSING:
                    raise EntryShapeError(f"{cls.TYPE} v{cls.VERSION}: data.{name} is missing")
                continue
            keys.discard(name)
            values[f.name] = parse_value(data[name], hints[f.name], f"data.{name}")
        if keys:
            raise EntryShapeError(
                f"{cls.TYPE} v{cls.VERSION}: unexpected data.{', data.'.join(sorted(keys))}"
            )
        return cls(**values)

    def current(self) -> Entry:
        """This record in its type's current shape (an older version's record converts)."""
        return self


def _key(f: dataclasses.Field[Any]) -> str:
    return str(f.metadata.get("key", f.name))


_hint_cache: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    found = _hint_cache.get(cls)
    if found is None:
        found = _hint_cache[cls] = get_type_hints(cls)
    return found


def json_value(value: object) -> object:
    """A value as JSON holds it: tuples and other sequences become lists, mappings dicts."""
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, Sequence):
        return [json_value(v) for v in value]
    raise TypeError(f"{type(value).__name__} has no place in a ledger body")


T = TypeVar("T")


def parse_value(value: object, hint: Any, path: str) -> object:
    """value checked against the annotation hint; raises EntryShapeError naming path."""
    if hint is object or hint is Any:
        return value
    if hint is type(None) or hint is None:
        if value is None:
            return value
        raise EntryShapeError(f"{path} must be null")
    if hint in (int, str, bool):
        if value.__class__ is hint:
            return value
        raise EntryShapeError(f"{path} must be {_names[hint]}")
    origin = get_origin(hint)
    if origin is types.UnionType or origin is typing.Union:
        for option in get_args(hint):
            try:
                return parse_value(value, option, path)
            except EntryShapeError:
                continue
        raise EntryShapeError(f"{path} has none of the shapes {hint}")
    if origin in (list, Sequence, tuple):
        if value.__class__ is not list:
            raise EntryShapeError(f"{path} must be a list")
        (item,) = get_args(hint)[:1] or (object,)
        return [parse_value(v, item, f"{path}[{i}]") for i, v in enumerate(value)]
    if typing.is_typeddict(hint):
        return _parse_object(value, hint, path)
    if origin in (dict, Mapping) or hint in (dict, Mapping):
        if value.__class__ is not dict:
            raise EntryShapeError(f"{path} must be an object")
        return value
    raise TypeError(f"{path}: annotation {hint!r} is not a JSON shape")


_names = {int: "an integer", str: "a string", bool: "true or false"}


def _parse_object(value: object, hint: Any, path: str) -> dict[str, object]:
    if value.__class__ is not dict:
        raise EntryShapeError(f"{path} must be an object")
    assert isinstance(value, dict)
    hints = _hints(hint)
    required: frozenset[str] = hint.__required_keys__
    missing, extra = required - value.keys(), value.keys() - hints.keys()
    if missing or extra:
        wrong = sorted(missing) or sorted(extra)
        raise EntryShapeError(f"{path} {'lacks' if missing else 'has unexpected'} {wrong}")
    return {k: parse_value(v, hints[k], f"{path}.{k}") for k, v in value.items()}
