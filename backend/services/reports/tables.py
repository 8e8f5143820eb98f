"""Writing tables (name → rows keyed by column) as an XLSX workbook, zipped CSV files or JSON.
Cells holding text that a spreadsheet would run as a formula are kept as plain text."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

Tables = Mapping[str, Sequence[Mapping[str, Any]]]
Columns = Mapping[str, Sequence[str]]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same tables always give the same bytes


def cell(value: Any) -> Any:
    """A value as one spreadsheet cell: lists joined with "; ", objects as JSON, numbers and
    dates as themselves."""
    if isinstance(value, list | tuple):
        return "; ".join(str(cell(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    if isinstance(value, Decimal):
        return str(value)
    return value


def xlsx(tables: Tables, columns: Columns) -> bytes:
    """One sheet per table (named as the table), a bold header row of its columns, then its rows."""
    book = Workbook()
    book.remove(book.active)
    for name, header in columns.items():
        sheet = book.create_sheet(title=name)
        sheet.append(list(header))
        for heading in sheet[1]:
            heading.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for number, row in enumerate(tables.get(name, ()), start=2):
            for column, key in enumerate(header, start=1):
                value = cell(row.get(key))
                target = sheet.cell(row=number, column=column, value=value)
                if isinstance(value, str) and value.startswith("="):
                    target.data_type = "s"  # text, never a formula
                elif isinstance(value, date) and not isinstance(value, datetime):
                    target.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_value(value: Any) -> Any:
    value = cell(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # OWASP's defence against CSV injection
    return "" if value is None else value


def csv_text(rows: Sequence[Mapping[str, Any]], header: Sequence[str]) -> str:
    """One table as RFC 4180 CSV (header row first, CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(row.get(key)) for key in header])
    return out.getvalue()


def csv_zip(tables: Tables, columns: Columns, *, folder: str) -> bytes:
    """A zip of one UTF-8 CSV per table, `{folder}/{table}.csv`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, header in columns.items():
            info = zipfile.ZipInfo(f"{folder}/{name}.csv", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, csv_text(tables.get(name, ()), header).encode("utf-8"))
    return out.getvalue()


def json_bytes(tables: Tables) -> bytes:
    """The tables as one JSON object (dates as ISO strings)."""

    def default(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        raise TypeError(f"{type(value).__name__} is not JSON")

    return json.dumps(tables, default=default, ensure_ascii=False, indent=1).encode("utf-8")
