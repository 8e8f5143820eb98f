"""The dashboard's running totals: what each registry object contributes to them, and the one
way they change (`record`), called by the services that make a change in the same transaction,
after the change's ledger entry (so the ledger head is always locked first: no deadlock
between two transactions on a hot total). A full recount (dashboard_recount) sums the same
contributions over every row, so kept and recounted totals follow one rule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.models.dashboard import NO_DAY

ALL = 0  # the organisation of registry-wide figures

PROJECT = "project"  # key: status; one per project, by the day it was submitted
PROJECT_SCOPE = "project_scope"  # key: CDM sectoral scope number
PROJECT_REGION = "project_region"  # key: region name
AUTHORISED_REGION = "authorised_region"  # key: region name, AUTHORISED projects only
PROJECT_FIRST_LEVEL = "project_first_level"  # key: first-level region (dashboard_regions)
AUTHORISED_FIRST_LEVEL = "authorised_first_level"  # key: the same, AUTHORISED projects only
ESTIMATED = "estimated"  # key: "estimated", the projects' estimated credits
CREDITS = "credits"  # key: issued, transferred, retired, cancelled; by event day
RETIRED_KIND = "retired_kind"  # key: retirement kind, recognised units
A6_AUTHORISED = "a6_authorised"  # key: authorised Party (alpha-3), units authorised
A6_FIRST_TRANSFERRED = "a6_first_transferred"  # key: acquiring Party, units first transferred
PENDING = "pending"  # key: kind of pending work; the present state (NO_DAY)

Row = tuple[str, date, int, str, int, str]  # kind, day, organisation, sector, vintage, key


@dataclass(frozen=True)
class Delta:
    kind: str
    day: date
    organisation_id: int
    sector: str
    vintage: int
    key: str
    value: int

    @property
    def row(self) -> Row:
        return (self.kind, self.day, self.organisation_id, self.sector, self.vintage, self.key)


def spread(organisations: Iterable[int | None], **figure: object) -> list[Delta]:
    """One delta for the whole registry and one for each (distinct, real) organisation."""
    ids = [ALL, *sorted({o for o in organisations if o is not None and o != ALL})]
    return [Delta(organisation_id=o, **figure) for o in ids]  # type: ignore[arg-type]


def with_all_time(deltas: Iterable[Delta]) -> list[Delta]:
    """Each dated delta also in the all-time figure (NO_DAY), which the dashboard reads when no
    period is asked for: a few hundred rows, however many days the registry has run."""
    out = []
    for delta in deltas:
        out.append(delta)
        if delta.day != NO_DAY:
            out.append(replace(delta, day=NO_DAY))
    return out


def merged(deltas: Iterable[Delta]) -> dict[Row, int]:
    """The deltas summed per row, rows that sum to 0 left out."""
    sums: dict[Row, int] = defaultdict(int)
    for delta in deltas:
        sums[delta.row] += delta.value
    return {row: value for row, value in sums.items() if value != 0}


def _statement(dialect: str, rows: int) -> str:
    if dialect == "postgres":
        marks = ", ".join(
            "(" + ", ".join(f"${i * 7 + j + 1}" for j in range(7)) + ")" for i in range(rows)
        )
    else:
        marks = ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * rows)
    # Only placeholders are formatted into the statement; every value is a parameter.
    columns = 'organisation_id, day, kind, sector, vintage, "key"'
    return (
        f'INSERT INTO dashboard_total ({columns}, "value") VALUES {marks} '  # noqa: S608
        f'ON CONFLICT ({columns}) DO UPDATE SET "value" = dashboard_total."value" + '
        'excluded."value"'
    )


async def add(connection: BaseDBAsyncClient, sums: dict[Row, int], chunk: int = 500) -> None:
    """Add the summed deltas to the totals: INSERT ... ON CONFLICT DO UPDATE, rows in key
    order (concurrent transactions lock shared rows in one order)."""
    dialect = str(connection.capabilities.dialect)
    items = sorted(sums.items())
    for start in range(0, len(items), chunk):
        part = items[start : start + chunk]
        values: list[object] = []
        for (kind, day, organisation, sector, vintage, key), value in part:
            shown: object = day if dialect == "postgres" else day.isoformat()
            values += [organisation, shown, kind, sector, vintage, key, value]
        await connection.execute_query(_statement(dialect, len(part)), values)


async def record(
    connection: BaseDBAsyncClient,
    before: Sequence[Delta] = (),
    after: Sequence[Delta] = (),
) -> None:
    """Move the totals from an object's contribution before a change to the one after it
    (either empty for a new or gone object); call inside the change's transaction."""
    sums = merged(with_all_time([*after, *(replace(d, value=-d.value) for d in before)]))
    if sums:
        await add(connection, sums)


def pending(kind: str, organisations: Iterable[int | None] = ()) -> list[Delta]:
    """One item of pending work of a kind, for the registry and the organisations that act."""
    return spread(organisations, kind=PENDING, day=NO_DAY, sector="", vintage=0, key=kind, value=1)
