"""What an exportable list is: its arguments, the service function that pages it (the one the
GraphQL resolver calls), its columns and what a page needs loaded besides its rows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from backend.policy import Principal
from backend.services.exports.arguments import Parser

Fetch = Callable[[Principal, dict[str, Any], int, int], Awaitable[tuple[list[Any], int]]]


@dataclass(frozen=True)
class Page:
    """One page of a list's rows and what its columns read besides them (loaded once a page)."""

    principal: Principal
    rows: list[Any]
    extras: dict[str, Any] = field(default_factory=dict)


Getter = Callable[[Any, Page], object]
Prefetch = Callable[[Page], Awaitable[None]]


async def nothing(page: Page) -> None:
    """A list whose columns read nothing but the row."""


def attribute(name: str) -> Getter:
    """The column that shows the row's attribute name as it is."""
    return lambda row, page: getattr(row, name)


@dataclass(frozen=True)
class ExportList:
    """One exportable list, named as its GraphQL query field."""

    name: str
    arguments: Mapping[str, Parser]
    fetch: Fetch
    columns: Mapping[str, Getter]
    prefetch: Prefetch = nothing
