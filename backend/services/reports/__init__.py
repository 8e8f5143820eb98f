"""Reports for the government and partners: the AEF (Article 6.2) and the CAD Trust export,
as files. Readable by those the policy allows READ_REPORTS (GOVERNMENT and PARTNER users)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from backend import policy
from backend.errors import BadUserInput
from backend.policy import Action, Principal
from backend.services import runtime
from backend.services.reports import aef, cadt, tables

FIRST_REPORTED_YEAR = 2021  # the Paris Agreement's first NDC period
AEF_FORMATS = ("xlsx", "csv")
CADT_FORMATS = ("json", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ReportFile:
    filename: str
    media_type: str
    content: bytes


def require_reader(principal: Principal | None) -> None:
    """Raise Unauthenticated (no principal) or Forbidden unless principal may read reports."""
    policy.require(principal, Action.READ_REPORTS)


def _format(value: str | None, allowed: tuple[str, ...]) -> str:
    chosen = (value or allowed[0]).strip().lower()
    if chosen not in allowed:
        raise BadUserInput(f"format must be one of {', '.join(allowed)}.", field="format")
    return chosen


def check_year(year: int) -> int:
    """A year that can be reported: 2021 up to the current (UTC) year. Raises BadUserInput."""
    now = datetime.now(UTC).year
    if not FIRST_REPORTED_YEAR <= year <= now:
        raise BadUserInput(f"year must be between {FIRST_REPORTED_YEAR} and {now}.", field="year")
    return year


async def aef_report(*, principal: Principal | None, year: int, format: str | None) -> ReportFile:
    """The AEF tables T1-T5 for `year` as an XLSX workbook (sheets T1..T5) or a zip of five CSV
    files. Raises Unauthenticated, Forbidden, BadUserInput (year, format)."""
    require_reader(principal)
    chosen, year = _format(format, AEF_FORMATS), check_year(year)
    found = await aef.aef_tables(year)
    stem = f"aef-{runtime.current().country.iso3}-{year}"
    if chosen == "xlsx":
        return ReportFile(f"{stem}.xlsx", XLSX, tables.xlsx(found, aef.COLUMNS))
    return ReportFile(
        f"{stem}-csv.zip", "application/zip", tables.csv_zip(found, aef.COLUMNS, folder=stem)
    )


async def cadt_report(*, principal: Principal | None, format: str | None) -> ReportFile:
    """The CAD Trust v2 export as JSON (one object of tables) or an XLSX workbook (one sheet
    per table). Raises Unauthenticated, Forbidden, BadUserInput (format)."""
    require_reader(principal)
    chosen = _format(format, CADT_FORMATS)
    found = await cadt.cadt_export()
    stem = f"cadt-{runtime.current().country.iso3}-{datetime.now(UTC).date().isoformat()}"
    if chosen == "json":
        return ReportFile(f"{stem}.json", "application/json", tables.json_bytes(found))
    return ReportFile(f"{stem}.xlsx", XLSX, tables.xlsx(found, cadt.COLUMNS))


__all__ = ["ReportFile", "aef_report", "cadt_report", "check_year", "require_reader"]
