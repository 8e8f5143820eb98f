"""An export as an XLSX workbook, written by openpyxl's write-only mode (rows go to a temporary
file as they come, so memory stays bounded) in worker threads of a small pool, then streamed
from that file. A text cell starting with = is stored as text, never as a formula."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import anyio
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from backend.services.exports.plan import Export, pages

WORKERS = anyio.CapacityLimiter(2)  # XLSX writing threads, across all exports at once
CHUNK = 64 * 1024


def xlsx_cell(sheet: WriteOnlyWorksheet, value: object) -> Any:
    """One value as a cell: numbers, booleans and dates as themselves (UTC, as Excel has no
    time zones), lists joined with "; ", text that starts with = kept as text."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    if value is None or isinstance(value, bool | int | Decimal | date):
        return value
    if isinstance(value, list | tuple):
        value = "; ".join(str(xlsx_cell(sheet, item)) for item in value)
    text = str(value)
    if text.startswith("="):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def _start(header: list[str], title: str) -> tuple[Workbook, WriteOnlyWorksheet]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    row = []
    for word in header:
        cell = WriteOnlyCell(sheet, value=word)
        cell.font = Font(bold=True)
        cell.data_type = "s"
        row.append(cell)
    sheet.append(row)
    return book, sheet


def _append(sheet: WriteOnlyWorksheet, rows: list[list[object]]) -> None:
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])


async def xlsx_chunks(export: Export) -> AsyncIterator[bytes]:
    """The export's workbook bytes, written page by page in a worker thread, then read out."""
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="export-")
    os.close(handle)
    try:
        book, sheet = await anyio.to_thread.run_sync(
            _start, export.header, export.source.name, limiter=WORKERS
        )
        async for page in pages(export):
            await anyio.to_thread.run_sync(_append, sheet, export.cells(page), limiter=WORKERS)
        await anyio.to_thread.run_sync(book.save, path, limiter=WORKERS)
        async with await anyio.open_file(path, "rb") as stream:
            while chunk := await stream.read(CHUNK):
                yield chunk
    finally:
        os.unlink(path)
