"""The Agreed Electronic Format (decision 4/CMA.6, annex II): tables T1-T5 for a reported year,
built from the Article 6 records and the ledger. Every T3 row names the ledger entry it comes
from (`ledger_seq`); T3 and T4 are rebuilt from ledger entries alone, never from current rows.

Units become ITMOs when they are issued under an authorization (the issuance service stamps
the blocks, never more units than the authorization has left; its credits.issued entry names the
authorization of each block), so each issued block that carries it has an "Authorization" row
from that entry, and an OMGE block also a "Cancellation" row; units of the same issuance beyond
the authorized quantity are not ITMOs and have no rows. "First transfer" rows follow
article6.first_transfers (NDC: the FIRST_TRANSFER retirement's recognition; OIMP: the
authorization's definition); a later cross-border retirement is a "Transfer"; recognised NDC_USE
retirements are "Use", the others "Cancellation". Domestic transfers between accounts of this
registry are not Article 6 actions (no Party changes) and have no T3 row; they only split the T4
holdings. Pending, rejected and cancelled retirements are not actions either (reserved units
stay in T4)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from backend.models.article6 import Authorization, CooperativeApproach
from backend.models.credit import Issuance, Retirement
from backend.models.enums import AuthorizationPurpose, FirstTransferDefinition, RetirementKind
from backend.models.organisation import Organisation
from backend.models.project import Project
from backend.services import article6, countries, runtime
from backend.services.article6 import FirstTransfer, UnitEvent, UnitEventKind
from backend.services.reports import history
from backend.services.reports.history import IssuanceHistory

Row = dict[str, Any]
REPORT_VERSION = 1
FIRST_NDC_PERIOD = (2021, 2030)  # later NDCs run five years each: 2031-2035, ...
REMOVALS_SCOPE = 14  # CDM sectoral scope of afforestation and reforestation

COLUMNS: dict[str, list[str]] = {
    "T1": [
        "Party",
        "Version",
        "Reported year",
        "Submission date",
        "NDC first year",
        "NDC last year",
    ],
    "T2": [
        "Authorization ID",
        "Date",
        "Cooperative approach ID",
        "Version",
        "Authorized quantity",
        "Metric",
        "Sectors",
        "Activity types",
        "Purposes",
        "Authorized Parties",
        "Authorized entities",
        "First-transfer definition for OIMP",
    ],
    "T3": [
        "Action date",
        "Type",
        "Subtype",
        "CA ID",
        "Authorization ID",
        "First transferring Party",
        "Party registry ID",
        "First ID",
        "Last ID",
        "Metric",
        "Quantity (tCO2e)",
        "Mitigation type",
        "Vintage",
        "Transferring Party",
        "Acquiring Party",
        "Purpose",
        "Using/cancelling Party or entity",
        "Year used towards NDC",
        "ledger_seq",
    ],
    "T4": [
        "CA ID",
        "Authorization ID",
        "First transferring Party",
        "Registry ID",
        "First ID",
        "Last ID",
        "Metric",
        "Quantity",
        "Mitigation type",
        "Vintage",
    ],
    "T5": [
        "Date",
        "Name",
        "Country of incorporation",
        "Identification number",
        "CA ID",
        "Conditions",
    ],
}
PURPOSES = {
    AuthorizationPurpose.NDC: "NDC",
    AuthorizationPurpose.OIMP: "OIMP",
    AuthorizationPurpose.NDC_AND_OIMP: "NDC and OIMP",
}
METRICS = {"GHG": "GHG (tCO2e)", "NON_GHG": "Non-GHG"}
DEFINITIONS = {
    FirstTransferDefinition.AUTHORIZATION: "Authorization",
    FirstTransferDefinition.ISSUANCE: "Issuance",
    FirstTransferDefinition.USE_OR_CANCELLATION: "Use or cancellation",
}
CANCELLATIONS = {
    RetirementKind.VOLUNTARY_CANCELLATION: "Voluntary cancellation",
    RetirementKind.LEGAL_OTHER: "Legal or other",
}


def ndc_period(year: int) -> tuple[int, int]:
    """The NDC implementation period a reported year falls in."""
    first, last = FIRST_NDC_PERIOD
    if year <= last:
        return first, last
    start = last + 1 + (year - last - 1) // 5 * 5
    return start, start + 4


@dataclass(frozen=True)
class _Units:
    """One authorised issuance and what the AEF says of all its rows."""

    authorization: Authorization
    approach: CooperativeApproach
    vintage: int
    mitigation_type: str
    authorized: tuple[tuple[int, int], ...] = ()  # the issuance's units that are ITMOs

    def itmos(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of units [start, end] issued under the authorization (an issuance that
        outgrew what the authorization had left is only partly ITMOs)."""
        return article6.intersect_ranges((start, end), self.authorized)

    def row(self, start: int, end: int) -> Row:
        """The columns T3 and T4 share, for units [start, end]."""
        country = runtime.current().country
        return {
            "CA ID": self.approach.code,
            "Authorization ID": self.authorization.authorization_id,
            "First transferring Party": country.iso3,
            "First ID": article6.itmo_id(
                self.approach.code, country.registry_id, country.iso3, start, self.vintage
            ),
            "Last ID": article6.itmo_id(
                self.approach.code, country.registry_id, country.iso3, end, self.vintage
            ),
            "Metric": METRICS.get(self.authorization.metric, self.authorization.metric),
            "Mitigation type": self.mitigation_type,
            "Vintage": self.vintage,
        }

    def action(
        self, event: UnitEvent, kind: str, subtype: str, start: int, end: int, **parties: Any
    ) -> list[Row]:
        """The T3 rows for the ITMOs among units [start, end], from the ledger entry of event."""
        return [
            self._action(event, kind, subtype, low, high, **parties)
            for low, high in self.itmos(start, end)
        ]

    def _action(
        self, event: UnitEvent, kind: str, subtype: str, start: int, end: int, **parties: Any
    ) -> Row:
        return {
            **self.row(start, end),
            "Action date": event.at.date(),
            "Type": kind,
            "Subtype": subtype,
            "Party registry ID": runtime.current().country.registry_id,
            "Quantity (tCO2e)": end - start + 1,
            "Transferring Party": parties.get("transferring"),
            "Acquiring Party": parties.get("acquiring"),
            "Purpose": PURPOSES[self.authorization.purpose],
            "Using/cancelling Party or entity": parties.get("using"),
            "Year used towards NDC": parties.get("year_used"),
            "ledger_seq": event.seq,
        }


async def _units_by_issuance(issuances: dict[int, int]) -> dict[int, _Units]:
    authorizations = {a.id: a for a in await Authorization.filter(id__in=set(issuances.values()))}
    approaches = {
        a.id: a
        for a in await CooperativeApproach.filter(
            id__in={a.cooperative_approach_id for a in authorizations.values()}
        )
    }
    rows = {i.id: i for i in await Issuance.filter(id__in=list(issuances))}
    scopes = dict(
        await Project.filter(id__in={i.project_id for i in rows.values()}).values_list(
            "id", "sectoral_scope"
        )
    )
    found: dict[int, _Units] = {}
    for issuance_id, authorization_id in issuances.items():
        authorization, issuance = authorizations[authorization_id], rows[issuance_id]
        removals = scopes[issuance.project_id] == REMOVALS_SCOPE
        found[issuance_id] = _Units(
            authorization,
            approaches[authorization.cooperative_approach_id],
            issuance.vintage,
            "Removals" if removals else "Emission reductions",
        )
    return found


def _first_subtype(units: _Units, event: UnitEvent) -> str:
    if event.kind is UnitEventKind.ISSUED:
        definition = units.authorization.first_transfer_definition
        return DEFINITIONS[definition] if definition else "Issuance"
    if event.retirement_kind is RetirementKind.FIRST_TRANSFER:
        return "International transfer"
    return "Use or cancellation"


def _event_actions(
    units: _Units, event: UnitEvent, firsts: list[FirstTransfer], beneficiaries: dict[int, str]
) -> list[Row]:
    """The T3 rows of one unit event: Authorization, First transfer, then the action itself."""
    host = runtime.current().country.iso3
    rows: list[Row] = []
    if event.kind is UnitEventKind.ISSUED:
        rows.extend(units.action(event, "Authorization", "Issuance", event.start, event.end))
    international = event.retirement_kind is RetirementKind.FIRST_TRANSFER
    for first in firsts:
        rows.extend(
            units.action(
                event,
                "First transfer",
                _first_subtype(units, event),
                first.start,
                first.end,
                transferring=host,
                acquiring=event.acquiring_country if international else None,
            )
        )
    if event.kind is UnitEventKind.ISSUED and event.cancelled:
        rows.extend(units.action(event, "Cancellation", "OMGE", event.start, event.end, using=host))
    if event.kind is not UnitEventKind.RETIRED:
        return rows
    entity = beneficiaries.get(event.retirement_id or 0, host)
    if international:
        covered = [(f.start, f.end) for f in firsts]
        for start, end in article6.subtract_ranges((event.start, event.end), covered):
            rows.extend(
                units.action(
                    event,
                    "Transfer",
                    "International transfer",
                    start,
                    end,
                    transferring=host,
                    acquiring=event.acquiring_country,
                )
            )
    elif event.retirement_kind is RetirementKind.NDC_USE:
        rows.extend(
            units.action(
                event,
                "Use",
                "Use towards NDC",
                event.start,
                event.end,
                using=entity,
                year_used=event.at.year,
            )
        )
    else:
        subtype = CANCELLATIONS.get(event.retirement_kind or RetirementKind.LEGAL_OTHER, "Other")
        rows.extend(
            units.action(event, "Cancellation", subtype, event.start, event.end, using=entity)
        )
    return rows


def _actions(
    units: _Units, replayed: IssuanceHistory, year: int, beneficiaries: dict[int, str]
) -> list[Row]:
    authorization = units.authorization
    by_event: dict[UnitEvent, list[FirstTransfer]] = defaultdict(list)
    for first in article6.first_transfers(
        authorization.purpose, authorization.first_transfer_definition, replayed.events
    ):
        by_event[first.event].append(first)
    rows: list[Row] = []
    for event in replayed.events:
        if event.at.year == year:
            rows.extend(_event_actions(units, event, by_event.get(event, []), beneficiaries))
    return rows


def _holdings(units: _Units, replayed: IssuanceHistory) -> list[Row]:
    registry_id = runtime.current().country.registry_id
    return [
        {**units.row(start, end), "Registry ID": registry_id, "Quantity": end - start + 1}
        for b in replayed.held()
        for start, end in units.itmos(b.start, b.end)
    ]


async def _authorizations(year: int) -> tuple[list[Row], list[Row]]:
    """T2 and T5: the authorizations dated in the reported year and their entities."""
    authorizations = (
        await Authorization.filter(
            authorized_on__gte=date(year, 1, 1), authorized_on__lte=date(year, 12, 31)
        )
        .prefetch_related("cooperative_approach")
        .order_by("authorized_on", "id")
    )
    names = {e for a in authorizations for e in a.authorized_entities}
    incorporated = dict(
        await Organisation.filter(name__in=list(names)).values_list("name", "country")
    )
    t2, t5 = [], []
    for a in authorizations:
        code = a.cooperative_approach.code
        definition = a.first_transfer_definition
        t2.append(
            {
                "Authorization ID": a.authorization_id,
                "Date": a.authorized_on,
                "Cooperative approach ID": code,
                "Version": a.version,
                "Authorized quantity": int(a.quantity),
                "Metric": METRICS.get(a.metric, a.metric),
                "Sectors": list(a.sectors),
                "Activity types": list(a.activity_types),
                "Purposes": PURPOSES[a.purpose],
                "Authorized Parties": list(a.authorized_parties),
                "Authorized entities": list(a.authorized_entities),
                "First-transfer definition for OIMP": DEFINITIONS[definition]
                if definition
                else None,
            }
        )
        details = {str(item["name"]): item for item in a.entity_details}
        for name in a.authorized_entities:
            given = details.get(name, {})
            # The country given with the authorization, else that of a registered organisation
            # of that name.
            country = countries.find(given.get("country") or incorporated.get(name) or "")
            t5.append(
                {
                    "Date": a.authorized_on,
                    "Name": name,
                    "Country of incorporation": country.name if country else None,
                    "Identification number": given.get("identification_number"),
                    "CA ID": code,
                    "Conditions": given.get("conditions"),
                }
            )
    return t2, t5


async def aef_tables(year: int, *, today: date | None = None) -> dict[str, list[Row]]:
    """T1-T5 for the reported year (keys "T1".."T5", rows keyed by COLUMNS). T3 holds one row
    per action on authorised units dated in the year (UTC); T4 the authorised blocks held at
    the end of the year (now, for the current year), both replayed from the ledger."""
    country = runtime.current().country
    issuances = await history.authorised_issuances()
    units = await _units_by_issuance(issuances)
    entries = await history.entries_of(list(issuances))
    retired = {
        int(e.data["retirement_id"])
        for found in entries.values()
        for e in found
        if e.type == "credits.retirement_recognised"
    }
    beneficiaries = dict(await Retirement.filter(id__in=retired).values_list("id", "beneficiary"))
    year_end = datetime(year + 1, 1, 1, tzinfo=UTC)
    t3: list[Row] = []
    t4: list[Row] = []
    for issuance_id in sorted(issuances):
        replayed = history.replay(issuance_id, entries[issuance_id])
        issued = replace(units[issuance_id], authorized=tuple(replayed.authorized))
        t3.extend(_actions(issued, replayed, year, beneficiaries))
        t4.extend(
            _holdings(issued, history.replay(issuance_id, entries[issuance_id], until=year_end))
        )
    t3.sort(key=lambda r: (r["ledger_seq"], _ORDER[r["Type"]]))  # stable: units in order
    t2, t5 = await _authorizations(year)
    first, last = ndc_period(year)
    t1 = {
        "Party": country.name,
        "Version": REPORT_VERSION,
        "Reported year": year,
        "Submission date": today or datetime.now(UTC).date(),
        "NDC first year": first,
        "NDC last year": last,
    }
    return {"T1": [t1], "T2": t2, "T3": t3, "T4": t4, "T5": t5}


_ORDER = {
    "Authorization": 0,
    "First transfer": 1,
    "Transfer": 2,
    "Acquisition": 3,
    "Use": 4,
    "Cancellation": 5,
}
