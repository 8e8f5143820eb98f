"""An export as CSV: UTF-8 with a byte order mark (so Excel reads French and Spanish text),
RFC 4180 quoting, one chunk per page of rows, and every text cell that a spreadsheet would run
as a formula (starting with = + - @, a tab or a carriage return) prefixed with an apostrophe."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from enum import Enum

from backend.services.exports.plan import Export, pages

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """One value as CSV text: empty for none, lists joined with "; ", dates in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):  # a datetime too: ISO 8601 with its UTC offset
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return "; ".join(csv_cell(item) for item in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _lines(rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


async def csv_chunks(export: Export) -> AsyncIterator[bytes]:
    """The export's bytes: the header line first, then each page as it is read."""
    yield (BOM + _lines([list(export.header)])).encode()
    async for page in pages(export):
        yield _lines(export.cells(page)).encode()
