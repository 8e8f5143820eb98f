"""What each registry object contributes to the dashboard's totals: plain facts of an object
(read from its rows by the services, or in bulk by the recount) and the deltas they make.

Organisations: a project counts for its owners and its acting (ASSIGNED or CERTIFIED)
certifiers; an issuance (issued, cancelled) and an Article 6.2 authorisation for those of its
project; a transfer for its sender and receiver; a retirement for its requester. Every figure
also counts once for the whole registry (organisation 0). (The facts' `owners` are those
organisations: the owners and the acting certifiers.)"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from backend.models.enums import (
    MonitoringReportStatus,
    OrganisationStatus,
    ProjectStatus,
    RetirementKind,
    RetirementStatus,
    TransferStatus,
)
from backend.services.dashboard import (
    A6_AUTHORISED,
    A6_FIRST_TRANSFERRED,
    AUTHORISED_FIRST_LEVEL,
    AUTHORISED_REGION,
    CREDITS,
    ESTIMATED,
    PROJECT,
    PROJECT_FIRST_LEVEL,
    PROJECT_REGION,
    PROJECT_SCOPE,
    RETIRED_KIND,
    Delta,
    pending,
    spread,
)

ORGANISATION_APPROVAL = "ORGANISATION_APPROVAL"
PROJECT_APPROVAL = "PROJECT_APPROVAL"
TRANSFER_REQUEST = "TRANSFER_REQUEST"
RETIREMENT_RECOGNITION = "RETIREMENT_RECOGNITION"
MONITORING_VERIFICATION = "MONITORING_VERIFICATION"
MONITORING_APPROVAL = "MONITORING_APPROVAL"


def utc_day(moment: datetime | date | str) -> date:
    """The UTC day of a stored moment (a datetime, a date, or SQLite's ISO text)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment) if len(moment) > 10 else date.fromisoformat(moment)
    if isinstance(moment, datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return aware.astimezone(UTC).date()
    return moment


@dataclass(frozen=True)
class ProjectFacts:
    day: date  # submitted
    status: str
    sector: str
    scope: int
    regions: tuple[str, ...]
    estimated: int
    owners: tuple[int, ...]
    first_level: tuple[str, ...] = ()  # the first-level regions it is in (dashboard_regions)


def project(p: ProjectFacts) -> list[Delta]:
    """A project: by status, scope, region and first-level region, its estimate, a pending
    approval."""
    at = {"day": p.day, "sector": p.sector, "vintage": 0, "value": 1}
    out = spread(p.owners, kind=PROJECT, key=p.status, **at)
    out += spread(p.owners, kind=PROJECT_SCOPE, key=str(p.scope), **at)
    for region in sorted(set(p.regions)):
        out += spread(p.owners, kind=PROJECT_REGION, key=region, **at)
        if p.status == ProjectStatus.AUTHORISED.value:
            out += spread(p.owners, kind=AUTHORISED_REGION, key=region, **at)
    for area in sorted(set(p.first_level)):
        out += spread(p.owners, kind=PROJECT_FIRST_LEVEL, key=area, **at)
        if p.status == ProjectStatus.AUTHORISED.value:
            out += spread(p.owners, kind=AUTHORISED_FIRST_LEVEL, key=area, **at)
    estimate = {**at, "value": p.estimated}
    out += spread(p.owners, kind=ESTIMATED, key=ESTIMATED, **estimate)
    if p.status == ProjectStatus.PENDING.value:
        out += pending(PROJECT_APPROVAL)
    return out


@dataclass(frozen=True)
class IssuanceFacts:
    day: date
    owners: tuple[int, ...]
    sector: str
    vintage: int
    quantity: int
    cancelled: int  # of which cancelled at once (OMGE)


def issuance(i: IssuanceFacts) -> list[Delta]:
    """An issuance: units issued, and those cancelled with it."""
    at = {"day": i.day, "sector": i.sector, "vintage": i.vintage, "kind": CREDITS}
    out = spread(i.owners, key="issued", value=i.quantity, **at)
    if i.cancelled:
        out += spread(i.owners, key="cancelled", value=i.cancelled, **at)
    return out


@dataclass(frozen=True)
class TransferFacts:
    status: str
    day: date  # decided (completed), else requested
    sender: int | None
    receiver: int | None
    sector: str
    vintage: int
    quantity: int


def transfer(t: TransferFacts) -> list[Delta]:
    """A transfer: pending for its sender while requested; units transferred once completed."""
    if t.status == TransferStatus.REQUESTED.value:
        return pending(TRANSFER_REQUEST, [t.sender])
    if t.status != TransferStatus.COMPLETED.value:
        return []
    at = {"day": t.day, "sector": t.sector, "vintage": t.vintage, "kind": CREDITS}
    return spread([t.sender, t.receiver], key="transferred", value=t.quantity, **at)


@dataclass(frozen=True)
class RetirementFacts:
    status: str
    day: date  # decided
    requester: int
    sector: str
    vintage: int
    quantity: int
    kind: str
    acquiring_country: str | None
    authorised: bool  # its units carry an Article 6.2 authorization


def retirement(r: RetirementFacts) -> list[Delta]:
    """A retirement: pending recognition, then retired units (by kind; a first transfer of
    authorised units to its acquiring Party)."""
    if r.status == RetirementStatus.REQUESTED.value:
        return pending(RETIREMENT_RECOGNITION)
    if r.status != RetirementStatus.RECOGNISED.value:
        return []
    at = {"day": r.day, "sector": r.sector, "vintage": r.vintage, "value": r.quantity}
    out = spread([r.requester], kind=CREDITS, key="retired", **at)
    out += spread([r.requester], kind=RETIRED_KIND, key=r.kind, **at)
    first = r.kind == RetirementKind.FIRST_TRANSFER.value
    if first and r.authorised and r.acquiring_country:
        out += spread([r.requester], kind=A6_FIRST_TRANSFERRED, key=r.acquiring_country, **at)
    return out


@dataclass(frozen=True)
class AuthorizationFacts:
    day: date  # authorised on
    owners: tuple[int, ...]
    sector: str
    parties: tuple[str, ...]
    quantity: int


def authorization(a: AuthorizationFacts) -> list[Delta]:
    """An Article 6.2 authorisation: its units for each authorised Party."""
    at = {"day": a.day, "sector": a.sector, "vintage": 0, "value": a.quantity}
    out: list[Delta] = []
    for party in sorted(set(a.parties)):
        out += spread(a.owners, kind=A6_AUTHORISED, key=party, **at)
    return out


def organisation(status: str) -> list[Delta]:
    """An organisation: pending approval while PENDING."""
    return pending(ORGANISATION_APPROVAL) if status == OrganisationStatus.PENDING.value else []


def report(status: str) -> list[Delta]:
    """A monitoring report: pending verification (SUBMITTED), then approval (VERIFIED)."""
    if status == MonitoringReportStatus.SUBMITTED.value:
        return pending(MONITORING_VERIFICATION)
    if status == MonitoringReportStatus.VERIFIED.value:
        return pending(MONITORING_APPROVAL)
    return []


def reports(statuses: Iterable[str]) -> list[Delta]:
    """Several monitoring reports' deltas."""
    return [d for status in statuses for d in report(status)]


def value_of(status: object) -> str:
    """An enum member's value, or the text as it is stored."""
    return str(getattr(status, "value", status))


def ids(values: Iterable[int | None]) -> tuple[int, ...]:
    """Distinct organisation IDs, sorted."""
    return tuple(sorted({v for v in values if v is not None}))
