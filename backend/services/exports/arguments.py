"""Reading an export's list arguments from a query string: the same names and values as the
GraphQL list takes (enum values by name, IDs as digits, booleans as true/false). A malformed
value is the caller's error (BadUserInput) naming the argument."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from backend.errors import BadUserInput
from backend.integers import MAX_INT, bounded_int

Parser = Callable[[str, str], Any]  # (GraphQL argument name, text) -> the service's value


def text(name: str, value: str) -> str:
    """A text argument as given (the service checks its length)."""
    return value


def whole(name: str, value: str) -> int:
    """A whole number argument, e.g. vintage=2024."""
    return bounded_int(value, name, maximum=MAX_INT, field=name)


def identifier(name: str, value: str) -> int:
    """An ID argument (the digits the API shows as an ID)."""
    return bounded_int(
        value, name, maximum=MAX_INT, message=f"{name} must be an ID (digits).", field=name
    )


def flag(name: str, value: str) -> bool:
    """A boolean argument: true or false, as GraphQL writes them."""
    if value not in ("true", "false"):
        raise BadUserInput(f"{name} must be true or false.", field=name)
    return value == "true"


def one_of(kind: type[Enum]) -> Parser:
    """An enum argument given by its GraphQL name, e.g. status=PENDING."""

    def parse(name: str, value: str) -> Enum:
        try:
            return kind[value]
        except KeyError:
            names = ", ".join(member.name for member in kind)
            raise BadUserInput(f"{name} must be one of {names}.", field=name) from None

    return parse


@dataclass(frozen=True)
class Given:
    """The arguments given, as the service takes them, and the policy's names for them."""

    values: dict[str, Any]
    policy_names: list[str]


def read(
    list_name: str,
    parsers: Mapping[str, Parser],
    params: Mapping[str, str],
    *,
    declared: Collection[str],
) -> Given:
    """Parse params (GraphQL names) with parsers; an unknown argument is BadUserInput. An enum
    value is named NAME:VALUE for the policy where it declares the values one by one."""
    values: dict[str, Any] = {}
    names: list[str] = []
    for name, raw in params.items():
        parser = parsers.get(name)
        if parser is None:
            known = ", ".join(sorted(parsers)) or "none"
            raise BadUserInput(
                f"{list_name} cannot be exported with the argument {name[:40]!r} "
                f"(it takes: {known}, columns, labels).",
                field=name[:40],
            )
        value = parser(name, raw)
        values[name] = value
        named = f"{name}:{value.name}" if isinstance(value, Enum) else name
        names.append(named if named in declared else name)
    return Given(values, names)
