"""An export's plan: which list, the arguments checked as the GraphQL list checks them (the
policy's list-argument rule), the columns chosen and their header words, the reader's language
(of the header and of the enum cells), and the list's first page, read before a byte is sent
so that every refusal is still a plain error response."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import date

from backend import i18n, policy
from backend.errors import BadUserInput, Forbidden, NotFound, Unauthenticated
from backend.policy import Principal
from backend.services.exports import arguments
from backend.services.exports.credits import BLOCKS, RETIREMENTS, TRANSFERS
from backend.services.exports.model import ExportList, Getter, Page
from backend.services.exports.parties import ORGANISATIONS, USERS
from backend.services.exports.projects import ACTIVITIES, FINANCINGS, PROJECTS
from backend.services.languages import language_of

LISTS: dict[str, ExportList] = {
    source.name: source
    for source in (
        ORGANISATIONS,
        PROJECTS,
        ACTIVITIES,
        BLOCKS,
        TRANSFERS,
        RETIREMENTS,
        USERS,
        FINANCINGS,
    )
}
ALIASES = {"financing": "financings"}  # the screen's name for the financings list
FORMATS = ("csv", "xlsx")
PAGE_SIZE = 500
MAX_LABEL = 200


@dataclass(frozen=True)
class Export:
    """A checked export: its list, caller, arguments, columns, header and first page."""

    source: ExportList
    principal: Principal
    given: dict[str, object]
    keys: list[str]
    header: list[str]
    first: Page
    filename: str

    def cells(self, page: Page) -> list[list[object]]:
        """The chosen columns' values of each row of page."""
        getters: list[Getter] = [self.source.columns[key] for key in self.keys]
        return [[getter(row, page) for getter in getters] for row in page.rows]


def find_list(name: str) -> ExportList:
    """The exportable list called name (its GraphQL query field); NotFound otherwise."""
    source = LISTS.get(ALIASES.get(name, name))
    if source is None:
        known = ", ".join(LISTS)
        raise NotFound(f"there is no list {name[:40]!r} to export (lists: {known}).")
    return source


def _keys(source: ExportList, columns: str | None) -> list[str]:
    if columns is None:
        return list(source.columns)
    keys = [key.strip() for key in columns.split(",")]
    unknown = [key for key in keys if key not in source.columns]
    if unknown or not keys:
        known = ", ".join(source.columns)
        raise BadUserInput(
            f"{source.name} has no column {unknown[0][:60]!r} (columns: {known}).",
            field="columns",
        )
    return keys


def _labels(labels: str | None, keys: list[str]) -> list[str] | None:
    if labels is None:
        return None
    try:
        words = json.loads(labels)
    except ValueError:
        words = None
    if (
        not isinstance(words, list)
        or len(words) != len(keys)
        or not all(isinstance(w, str) and len(w) <= MAX_LABEL for w in words)
    ):
        raise BadUserInput(
            f"labels must be a JSON array of {len(keys)} header words (one per column, "
            f"{MAX_LABEL} characters at most).",
            field="labels",
        )
    return words


async def prepare(
    *,
    principal: Principal | None,
    list_name: str,
    params: Mapping[str, str],
    columns: str | None,
    labels: str | None,
    format: str,
    today: date,
) -> Export:
    """Check an export of list_name by principal and read its first page. Raises
    Unauthenticated, Forbidden (a person only; a sort or filter on a field the caller may not
    read on every row), NotFound (no such list) or BadUserInput (a bad argument or column)."""
    if principal is None:
        raise Unauthenticated("Sign in to export a list.")
    if principal.user_id is None:
        raise Forbidden("Exports are for people; partner systems read the lists through GraphQL.")
    source = find_list(list_name)
    if format not in FORMATS:
        raise NotFound(f"exports are .csv or .xlsx files, not .{format[:10]}.")
    declared = policy.LIST_ARGUMENTS.get(source.name, {})
    given = arguments.read(source.name, source.arguments, params, declared=declared)
    policy.require_list_arguments(principal, source.name, given.policy_names)
    keys = _keys(source, columns)
    header = _labels(labels, keys)
    language = await language_of(principal)
    if header is None:
        header = [i18n.text(language, f"export.{source.name}.{key}") for key in keys]
    rows, _ = await source.fetch(principal, given.values, 0, PAGE_SIZE)
    first = Page(principal, rows, language)
    await source.prefetch(first)
    filename = f"{source.name}-{today.isoformat()}.{format}"
    return Export(source, principal, dict(given.values), keys, header, first, filename)


async def pages(export: Export) -> AsyncIterator[Page]:
    """Every page of the export, the first one already read, then PAGE_SIZE rows at a time."""
    page, offset = export.first, 0
    while True:
        yield page
        if len(page.rows) < PAGE_SIZE:
            return
        offset += len(page.rows)
        rows, _ = await export.source.fetch(export.principal, export.given, offset, PAGE_SIZE)
        if not rows:
            return
        page = Page(export.principal, rows, export.first.language)
        await export.source.prefetch(page)
