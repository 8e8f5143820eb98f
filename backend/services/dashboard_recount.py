"""The dashboard's totals recounted from every row: the same contributions
(dashboard_figures) summed over the whole registry. Used by the migration that creates the
totals (backfill), by `carbon-registry dashboard rebuild`, by the bench's seed and by the tests
that hold the kept totals to it. Plain SELECTs through any connection, on PostgreSQL and
SQLite alike."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.db import transaction
from backend.services import dashboard, dashboard_regions
from backend.services import dashboard_figures as figures
from backend.services.access import ACTING_CERTIFICATIONS
from backend.services.dashboard import Delta, Row
from backend.services.dashboard_figures import utc_day

PROJECTS = (
    "SELECT id, created_at, status, sector, sectoral_scope, location, estimated_credits "
    "FROM project"
)
OWNERS = "SELECT project_id, organisation_id FROM project_owner"
ACTING = ", ".join(f"'{status.value}'" for status in ACTING_CERTIFICATIONS)
CERTIFIERS = (
    "SELECT project_id, organisation_id FROM project_certifier "  # noqa: S608 (our constants)
    f"WHERE status IN ({ACTING})"
)
ISSUANCES = (
    "SELECT i.id, i.issued_at, i.project_id, i.vintage, i.quantity, p.sector "
    "FROM issuance i JOIN project p ON p.id = i.project_id"
)
CANCELLED = (
    "SELECT issuance_id, SUM(serial_end - serial_start + 1) FROM credit_block "
    "WHERE status = 'CANCELLED' GROUP BY issuance_id"
)
TRANSFERS = (
    "SELECT t.status, t.created_at, t.decided_at, fa.organisation_id, ta.organisation_id, "
    "b.vintage, p.sector, t.quantity FROM credit_transfer t "
    "JOIN account fa ON fa.id = t.from_account_id JOIN account ta ON ta.id = t.to_account_id "
    "JOIN credit_block b ON b.id = t.block_id JOIN project p ON p.id = b.project_id "
    "WHERE t.status IN ('REQUESTED', 'COMPLETED')"
)
RETIREMENTS = (
    "SELECT r.status, r.created_at, r.decided_at, r.requested_by_id, b.vintage, p.sector, "
    "r.quantity, r.kind, r.acquiring_country, b.authorization_id FROM retirement r "
    "JOIN credit_block b ON b.id = r.block_id JOIN project p ON p.id = b.project_id "
    "WHERE r.status IN ('REQUESTED', 'RECOGNISED')"
)
AUTHORIZATIONS = (
    "SELECT a.authorized_on, a.project_id, a.authorized_parties, a.quantity, p.sector "
    "FROM article6_authorization a JOIN project p ON p.id = a.project_id"
)
ORGANISATIONS = "SELECT status FROM organisation WHERE status = 'PENDING'"
REPORTS = "SELECT status FROM monitoring_report WHERE status IN ('SUBMITTED', 'VERIFIED')"


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


async def _rows(connection: BaseDBAsyncClient, sql: str) -> list[tuple[Any, ...]]:
    _, rows = await connection.execute_query(sql)
    return [tuple(r.values()) if hasattr(r, "values") else tuple(r) for r in rows]


async def contributions(connection: BaseDBAsyncClient) -> Iterator[Delta]:
    """Every row's contribution to the totals."""
    owners: dict[int, list[int]] = defaultdict(list)  # and acting certifiers (dashboard_rows)
    for project_id, organisation_id in [
        *await _rows(connection, OWNERS),
        *await _rows(connection, CERTIFIERS),
    ]:
        owners[int(project_id)].append(int(organisation_id))
    out: list[Delta] = []
    areas = dashboard_regions.areas()
    for pid, created, status, sector, scope, location, estimated in await _rows(
        connection, PROJECTS
    ):
        where = _json(location) or {}
        regions = tuple(str(r) for r in where.get("regions") or [])
        facts = figures.ProjectFacts(
            utc_day(created), str(status), str(sector), int(scope), regions, int(estimated),
            figures.ids(owners[int(pid)]),
            dashboard_regions.first_level(regions, where.get("geometry"), areas),
        )  # fmt: skip
        out += figures.project(facts)
    cancelled = {int(i): int(n) for i, n in await _rows(connection, CANCELLED)}
    for iid, issued, pid, vintage, quantity, sector in await _rows(connection, ISSUANCES):
        out += figures.issuance(
            figures.IssuanceFacts(
                utc_day(issued),
                figures.ids(owners[int(pid)]),
                str(sector),
                int(vintage),
                int(quantity),
                cancelled.get(int(iid), 0),
            )  # fmt: skip
        )
    for status, created, decided, sender, receiver, vintage, sector, quantity in await _rows(
        connection, TRANSFERS
    ):
        out += figures.transfer(
            figures.TransferFacts(
                str(status),
                utc_day(decided or created),
                sender,
                receiver,
                str(sector),
                int(vintage),
                int(quantity),
            )  # fmt: skip
        )
    for row in await _rows(connection, RETIREMENTS):
        status, created, decided, requester, vintage, sector, quantity, kind, country, auth = row
        out += figures.retirement(
            figures.RetirementFacts(
                str(status),
                utc_day(decided or created),
                int(requester),
                str(sector),
                int(vintage),
                int(quantity),
                str(kind),
                country,
                auth is not None,
            )  # fmt: skip
        )
    for on, pid, parties, quantity, sector in await _rows(connection, AUTHORIZATIONS):
        out += figures.authorization(
            figures.AuthorizationFacts(
                utc_day(on),
                figures.ids(owners[int(pid)]),
                str(sector),
                tuple(str(p) for p in _json(parties) or []),
                int(quantity),
            )  # fmt: skip
        )
    for (status,) in await _rows(connection, ORGANISATIONS):
        out += figures.organisation(str(status))
    out += figures.reports(str(s) for (s,) in await _rows(connection, REPORTS))
    return iter(out)


async def recount(connection: BaseDBAsyncClient) -> dict[Row, int]:
    """The totals as a full recount gives them (rows that are 0 left out)."""
    return dashboard.merged(dashboard.with_all_time(await contributions(connection)))


async def kept(connection: BaseDBAsyncClient) -> dict[Row, int]:
    """The totals as kept in dashboard_total (rows that are 0 left out)."""
    _, rows = await connection.execute_query(
        'SELECT kind, day, organisation_id, sector, vintage, "key", "value" '
        'FROM dashboard_total WHERE "value" <> 0'
    )
    found: dict[Row, int] = {}
    for r in rows:
        kind, day, organisation, sector, vintage, key, value = (
            tuple(r.values()) if hasattr(r, "values") else tuple(r)
        )
        found[(str(kind), utc_day(day), int(organisation), str(sector), int(vintage), str(key))] = (
            int(value)
        )
    return found


async def rebuild(connection: BaseDBAsyncClient) -> int:
    """Replace the kept totals by a full recount, inside the caller's transaction (on
    PostgreSQL the table is locked first, so a concurrent change waits and then adds its own
    delta on top). Returns how many rows the totals have."""
    if str(connection.capabilities.dialect) == "postgres":
        await connection.execute_script("LOCK TABLE dashboard_total IN EXCLUSIVE MODE")
    await connection.execute_script("DELETE FROM dashboard_total")
    totals = await recount(connection)
    await dashboard.add(connection, totals)
    return len(totals)


async def rebuild_totals() -> int:
    """Recount the totals in one transaction (`carbon-registry dashboard rebuild`); returns
    how many rows they have."""
    async with transaction() as connection:
        return await rebuild(connection)


async def differences() -> list[tuple[Row, int, int]]:
    """Where the kept totals differ from a full recount: (row, kept, recounted), in row order
    (`carbon-registry dashboard check`). One transaction, so both read the same rows."""
    async with transaction() as connection:
        if str(connection.capabilities.dialect) == "postgres":
            await connection.execute_script("LOCK TABLE dashboard_total IN SHARE MODE")
        have, want = await kept(connection), await recount(connection)
    rows = sorted(set(have) | set(want))
    return [(r, have.get(r, 0), want.get(r, 0)) for r in rows if have.get(r, 0) != want.get(r, 0)]
