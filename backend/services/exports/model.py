"""What an exportable list is: its arguments, the service function that pages it (the one the
GraphQL resolver calls), its columns and what a page needs loaded besides its rows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from backend.i18n import enum_labels
from backend.policy import Principal
from backend.services.exports.arguments import Parser

Fetch = Callable[[Principal, dict[str, Any], int, int], Awaitable[tuple[list[Any], int]]]


@dataclass(frozen=True)
class Page:
    """One page of a list's rows and what its columns read besides them (loaded once a page),
    for a reader of language (the export's enum cells are labels in it, as on the screen)."""

    principal: Principal
    rows: list[Any]
    language: str = "en"
    extras: dict[str, Any] = field(default_factory=dict)


Getter = Callable[[Any, Page], object]
Prefetch = Callable[[Page], Awaitable[None]]


async def nothing(page: Page) -> None:
    """A list whose columns read nothing but the row."""


def attribute(name: str) -> Getter:
    """The column that shows the row's attribute name as it is."""
    return lambda row, page: getattr(row, name)


def labelled(group: str, getter: Getter) -> Getter:
    """The column that shows getter's enum value (or each of a list of them) by its label in
    the page's language, as the screen's useEnumLabel() does: e.g. AUTHORISED as "Autorisé"."""

    def one(language: str, found: object) -> object:
        return (
            None if found is None or found == "" else enum_labels.label(language, group, str(found))
        )

    def value(row: Any, page: Page) -> object:
        found = getter(row, page)
        if isinstance(found, list | tuple):
            return [one(page.language, item) for item in found]
        return one(page.language, found)

    return value


def account_name(kind: object, name: str, language: str) -> str:
    """An account as the screens name it: an organisation's by its own name, the registry's
    (retirement, share of proceeds, OMGE) by the name of its kind in language."""
    if kind is None or str(kind) == "HOLDING":
        return name
    return enum_labels.label(language, "accountKind", str(kind))


@dataclass(frozen=True)
class ExportList:
    """One exportable list, named as its GraphQL query field."""

    name: str
    arguments: Mapping[str, Parser]
    fetch: Fetch
    columns: Mapping[str, Getter]
    prefetch: Prefetch = nothing
