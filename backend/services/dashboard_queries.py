"""The dashboard's reads: the figures a person may see, summed from the kept totals (one
indexed query on dashboard_total, never a scan of blocks or projects), and the latest ledger
entries."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from backend import db, policy
from backend.errors import BadUserInput, Forbidden
from backend.models.dashboard import NO_DAY
from backend.models.ledger import LedgerEntry
from backend.policy import Action, Principal
from backend.services import dashboard as kinds
from backend.services import dashboard_regions

CREDIT_KEYS = ("issued", "transferred", "retired", "cancelled")
RECENT = 10


@dataclass(frozen=True)
class CreditsBy:
    """Units issued, transferred, retired and cancelled for one key (a vintage or sector)."""

    key: str
    issued: int = 0
    transferred: int = 0
    retired: int = 0
    cancelled: int = 0


@dataclass(frozen=True)
class Article6Figure:
    party: str
    authorised: int
    first_transferred: int


@dataclass(frozen=True)
class Activity:
    seq: int
    type: str
    recorded_at: datetime


@dataclass
class Figures:
    """Everything the dashboard shows; each list sorted by key."""

    projects_by_status: list[tuple[str, int]] = field(default_factory=list)
    projects_by_sector: list[tuple[str, int]] = field(default_factory=list)
    projects_by_scope: list[tuple[str, int]] = field(default_factory=list)
    projects_by_region: list[tuple[str, int]] = field(default_factory=list)
    projects_by_first_level_region: list[tuple[str, int]] = field(default_factory=list)
    estimated: int = 0
    credits: CreditsBy = field(default_factory=lambda: CreditsBy("all"))
    credits_by_vintage: list[CreditsBy] = field(default_factory=list)
    credits_by_sector: list[CreditsBy] = field(default_factory=list)
    retired_by_kind: list[tuple[str, int]] = field(default_factory=list)
    article6: list[Article6Figure] = field(default_factory=list)
    pending_work: list[tuple[str, int]] = field(default_factory=list)
    recent_activity: list[Activity] = field(default_factory=list)


def scope_of(principal: Principal, organisation_id: int | None) -> int:
    """The organisation whose figures principal sees (0: the whole registry). Raises Forbidden
    when principal may not see that organisation's (or the whole registry's) figures."""
    if organisation_id is None:
        if policy.may_read_everywhere(principal, Action.READ_DASHBOARD):
            return kinds.ALL
        policy.require(principal, Action.READ_DASHBOARD, organisation_id=principal.organisation_id)
        return principal.organisation_id
    if organisation_id == kinds.ALL:
        raise Forbidden("organisation 0 does not exist.")
    policy.require_own(
        principal,
        Action.READ_DASHBOARD,
        organisation_id=organisation_id,
        what=f"organisation {organisation_id}'s figures",
        field="organisationId",
    )
    return organisation_id


def _sorted(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted((k, v) for k, v in counts.items() if v != 0)


def every_area(counts: dict[str, int]) -> list[tuple[str, int]]:
    """A count for each of the country's first-level regions (0 where none), by name."""
    return [(a.name, counts.get(a.name, 0)) for a in dashboard_regions.areas()]


def _credits_by(table: dict[str, dict[str, int]]) -> list[CreditsBy]:
    return [
        CreditsBy(key, **{k: table[key].get(k, 0) for k in CREDIT_KEYS})
        for key in sorted(table)
        if any(table[key].values())
    ]


def _where(
    dialect: str, organisation_id: int, from_date: date | None, to_date: date | None,
    sector: str | None,
) -> tuple[str, list[object]]:  # fmt: skip
    """The totals' WHERE clause for a filter, with its parameters (placeholders only are
    formatted into the text)."""
    params: list[object] = []

    def mark(value: object) -> str:
        params.append(value.isoformat() if isinstance(value, date) and dialect != "postgres"
                      else value)  # fmt: skip
        return f"${len(params)}" if dialect == "postgres" else "?"

    where = f"organisation_id = {mark(organisation_id)}"
    if from_date is None and to_date is None:
        where += f" AND day = {mark(NO_DAY)}"  # all-time and pending rows
    else:
        period = f"day > {mark(NO_DAY)}"
        if from_date is not None:
            period += f" AND day >= {mark(from_date)}"
        if to_date is not None:
            period += f" AND day <= {mark(to_date)}"
        # Pending work is the present state: no period applies to it.
        where += f" AND (({period}) OR (day = {mark(NO_DAY)} AND kind = {mark(kinds.PENDING)}))"
    if sector is not None:
        where += f" AND (sector = {mark(sector)} OR kind = {mark(kinds.PENDING)})"
    return where, params


async def _rows(
    organisation_id: int, from_date: date | None, to_date: date | None, sector: str | None
) -> list[tuple[str, str, str, int, int]]:
    """(kind, key, sector, vintage, total) of the kept totals a filter selects: one indexed
    query (organisation, day first), summed by the database; plain SQL, as the profile showed
    the ORM's query building and row mapping costing more than the query itself."""
    connection = db.connection()
    where, params = _where(
        str(connection.capabilities.dialect), organisation_id, from_date, to_date, sector
    )
    _, rows = await connection.execute_query(
        'SELECT kind, "key", sector, vintage, SUM("value") AS total '  # noqa: S608
        f'FROM dashboard_total WHERE {where} GROUP BY kind, "key", sector, vintage',
        params,
    )
    return [
        (str(r["kind"]), str(r["key"]), str(r["sector"]), int(r["vintage"]), int(r["total"] or 0))
        for r in rows
    ]


async def recent_activity(limit: int = RECENT) -> list[Activity]:
    """The latest ledger entries (every signed-in person may read the ledger)."""
    rows = await LedgerEntry.all().order_by("-seq").limit(limit).values_list("seq", "type", "body")
    found = []
    for seq, entry_type, body in rows:
        at = json.loads(bytes(body))["at"]
        found.append(Activity(int(seq), str(entry_type), datetime.fromisoformat(at)))
    return found


async def dashboard(
    *,
    principal: Principal,
    from_date: date | None = None,
    to_date: date | None = None,
    sector: str | None = None,
    organisation_id: int | None = None,
) -> Figures:
    """The figures principal may see: government and ministries all (or one organisation's),
    others their own organisation's. Raises Forbidden, BadUserInput (from after to)."""
    if from_date is not None and to_date is not None and from_date > to_date:
        raise BadUserInput("from is after to.", field="from")
    scope = scope_of(principal, organisation_id)
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_vintage: dict[str, dict[str, int]] = defaultdict(dict)
    by_sector: dict[str, dict[str, int]] = defaultdict(dict)
    for kind, key, in_sector, year, value in await _rows(scope, from_date, to_date, sector):
        sums[kind][key] += value
        if kind == kinds.PROJECT:
            sums["project_sector"][in_sector] += value
        if kind == kinds.CREDITS:
            vintage = str(year)
            by_vintage[vintage][key] = by_vintage[vintage].get(key, 0) + value
            by_sector[in_sector][key] = by_sector[in_sector].get(key, 0) + value
    credits = sums[kinds.CREDITS]
    parties = sorted(set(sums[kinds.A6_AUTHORISED]) | set(sums[kinds.A6_FIRST_TRANSFERRED]))
    return Figures(
        projects_by_status=_sorted(sums[kinds.PROJECT]),
        projects_by_sector=_sorted(sums["project_sector"]),
        projects_by_scope=sorted(_sorted(sums[kinds.PROJECT_SCOPE]), key=lambda c: int(c[0])),
        projects_by_region=_sorted(sums[kinds.PROJECT_REGION]),
        projects_by_first_level_region=every_area(sums[kinds.PROJECT_FIRST_LEVEL]),
        estimated=sums[kinds.ESTIMATED][kinds.ESTIMATED],
        credits=CreditsBy("all", **{k: credits.get(k, 0) for k in CREDIT_KEYS}),
        credits_by_vintage=_credits_by(by_vintage),
        credits_by_sector=_credits_by(by_sector),
        retired_by_kind=_sorted(sums[kinds.RETIRED_KIND]),
        article6=[
            Article6Figure(
                party,
                sums[kinds.A6_AUTHORISED].get(party, 0),
                sums[kinds.A6_FIRST_TRANSFERRED].get(party, 0),
            )
            for party in parties
        ],
        pending_work=_sorted(sums[kinds.PENDING]),
        recent_activity=await recent_activity(),
    )
