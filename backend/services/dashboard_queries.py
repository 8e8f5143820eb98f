"""The dashboard's reads: the figures a person may see, summed from the kept totals (one
indexed query on dashboard_total, never a scan of blocks or projects), and the latest ledger
entries."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from tortoise.expressions import Q
from tortoise.functions import Sum

from backend import policy
from backend.errors import BadUserInput, Forbidden
from backend.models.dashboard import NO_DAY, DashboardTotal
from backend.models.ledger import LedgerEntry
from backend.policy import Action, Principal
from backend.services import dashboard as kinds

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


def _credits_by(table: dict[str, dict[str, int]]) -> list[CreditsBy]:
    return [
        CreditsBy(key, **{k: table[key].get(k, 0) for k in CREDIT_KEYS})
        for key in sorted(table)
        if any(table[key].values())
    ]


async def _rows(
    organisation_id: int, from_date: date | None, to_date: date | None, sector: str | None
) -> list[dict[str, object]]:
    if from_date is None and to_date is None:
        where = Q(organisation_id=organisation_id, day=NO_DAY)  # all-time and pending rows
    else:
        period = Q(day__gt=NO_DAY)
        if from_date is not None:
            period &= Q(day__gte=from_date)
        if to_date is not None:
            period &= Q(day__lte=to_date)
        # Pending work is the present state: no period applies to it.
        pending = Q(day=NO_DAY, kind=kinds.PENDING)
        where = Q(organisation_id=organisation_id) & (period | pending)
    if sector is not None:
        where &= Q(sector=sector) | Q(kind=kinds.PENDING)
    return await (
        DashboardTotal.filter(where)
        .annotate(total=Sum("value"))
        .group_by("kind", "key", "sector", "vintage")
        .values("kind", "key", "sector", "vintage", "total")
    )


async def recent_activity(limit: int = RECENT) -> list[Activity]:
    """The latest ledger entries (every signed-in person may read the ledger)."""
    rows = await LedgerEntry.all().order_by("-seq").limit(limit)
    found = []
    for row in rows:
        body = json.loads(bytes(row.body))
        found.append(Activity(int(row.seq), row.type, datetime.fromisoformat(body["at"])))
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
    for row in await _rows(scope, from_date, to_date, sector):
        kind, key, value = str(row["kind"]), str(row["key"]), int(str(row["total"] or 0))
        sums[kind][key] += value
        if kind == kinds.PROJECT:
            sums["project_sector"][str(row["sector"])] += value
        if kind == kinds.CREDITS:
            vintage, in_sector = str(row["vintage"]), str(row["sector"])
            by_vintage[vintage][key] = by_vintage[vintage].get(key, 0) + value
            by_sector[in_sector][key] = by_sector[in_sector].get(key, 0) + value
    credits = sums[kinds.CREDITS]
    parties = sorted(set(sums[kinds.A6_AUTHORISED]) | set(sums[kinds.A6_FIRST_TRANSFERRED]))
    return Figures(
        projects_by_status=_sorted(sums[kinds.PROJECT]),
        projects_by_sector=_sorted(sums["project_sector"]),
        projects_by_scope=sorted(_sorted(sums[kinds.PROJECT_SCOPE]), key=lambda c: int(c[0])),
        projects_by_region=_sorted(sums[kinds.PROJECT_REGION]),
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
