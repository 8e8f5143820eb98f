"""The dashboard (signed in: the figures a person may see) and the public transparency
queries (no sign-in): answered from the kept totals (services.dashboard)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from backend.schema.fields import field
from backend.schema.scalars import SafeInt
from backend.services.dashboard_queries import CreditsBy, Figures


@strawberry.input(description="Which figures: a period, a sector, an organisation.")
class DashboardFilter:
    from_: date | None = strawberry.field(
        name="from", default=None, description="Events on or after this UTC date."
    )
    to: date | None = strawberry.field(default=None, description="Events on or before this date.")
    sector: str | None = strawberry.field(default=None, description="Only this sector's figures.")
    organisation_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Only this organisation's figures (government; others only their own).",
    )


@strawberry.type(description="How many of something there are, by a key.")
class DashboardCount:
    key: str = strawberry.field(description="What is counted, e.g. a status or sector code.")
    count: SafeInt = strawberry.field(description="How many (units, for credits).")


@strawberry.type(description="Credits in units (tCO2e) over the whole filter.")
class DashboardCredits:
    estimated: SafeInt = strawberry.field(description="The projects' estimated credits.")
    issued: SafeInt = strawberry.field(description="Units issued.")
    transferred: SafeInt = strawberry.field(description="Units moved by completed transfers.")
    retired: SafeInt = strawberry.field(description="Units whose retirement was recognised.")
    cancelled: SafeInt = strawberry.field(description="Units cancelled (e.g. OMGE).")


@strawberry.type(description="Credits in units for one key (a vintage year or a sector).")
class DashboardCreditsBy:
    key: str = strawberry.field(description="The vintage year or sector code.")
    issued: SafeInt = strawberry.field(description="Units issued.")
    transferred: SafeInt = strawberry.field(description="Units moved by completed transfers.")
    retired: SafeInt = strawberry.field(description="Units whose retirement was recognised.")
    cancelled: SafeInt = strawberry.field(description="Units cancelled.")


@strawberry.type(description="Article 6.2 units by acquiring Party.")
class DashboardArticle6:
    party: str = strawberry.field(description="The Party (ISO 3166 alpha-3).")
    authorised: SafeInt = strawberry.field(description="Units authorised for this Party.")
    first_transferred: SafeInt = strawberry.field(description="Units first transferred to it.")


@strawberry.type(description="A ledger entry, briefly.")
class DashboardActivity:
    seq: SafeInt = strawberry.field(description="The entry's ledger sequence number.")
    type: str = strawberry.field(description="The entry's type, e.g. credits.transferred.")
    recorded_at: datetime = strawberry.field(description="When it was recorded (UTC).")


def _counts(pairs: list[tuple[str, int]]) -> list[DashboardCount]:
    return [DashboardCount(key=k, count=SafeInt(v)) for k, v in pairs]


def _by(rows: list[CreditsBy]) -> list[DashboardCreditsBy]:
    return [
        DashboardCreditsBy(
            key=r.key,
            issued=SafeInt(r.issued),
            transferred=SafeInt(r.transferred),
            retired=SafeInt(r.retired),
            cancelled=SafeInt(r.cancelled),
        )
        for r in rows
    ]


@strawberry.type(description="The registry's figures for a filter.")
class Dashboard:
    figures: strawberry.Private[Figures]

    @field(description="Projects by status (key: ProjectStatus name), by submission day.")
    def projects_by_status(self) -> list[DashboardCount]:
        return _counts(self.figures.projects_by_status)

    @field(description="Projects by sector (key: sector code).")
    def projects_by_sector(self) -> list[DashboardCount]:
        return _counts(self.figures.projects_by_sector)

    @field(description="Projects by CDM sectoral scope (key: scope number).")
    def projects_by_sectoral_scope(self) -> list[DashboardCount]:
        return _counts(self.figures.projects_by_scope)

    @field(description="Projects by region (key: a region of project.location.regions).")
    def projects_by_region(self) -> list[DashboardCount]:
        return _counts(self.figures.projects_by_region)

    @field(
        description="Projects by first-level region of the country (key: its name, e.g. a "
        "province; every one, 0 where none): a region of project.location.regions naming it, or "
        "the one its geometry's point lies in. Counted by the server over every project."
    )
    def projects_by_first_level_region(self) -> list[DashboardCount]:
        return _counts(self.figures.projects_by_first_level_region)

    @field(description="Credits estimated, issued, transferred, retired and cancelled.")
    def credits(self) -> DashboardCredits:
        c = self.figures.credits
        return DashboardCredits(
            estimated=SafeInt(self.figures.estimated),
            issued=SafeInt(c.issued),
            transferred=SafeInt(c.transferred),
            retired=SafeInt(c.retired),
            cancelled=SafeInt(c.cancelled),
        )

    @field(description="Credits by vintage year (key: the year).")
    def credits_by_vintage(self) -> list[DashboardCreditsBy]:
        return _by(self.figures.credits_by_vintage)

    @field(description="Credits by sector (key: sector code).")
    def credits_by_sector(self) -> list[DashboardCreditsBy]:
        return _by(self.figures.credits_by_sector)

    @field(description="Recognised retirements by kind (key: RetirementKind name; units).")
    def retired_by_kind(self) -> list[DashboardCount]:
        return _counts(self.figures.retired_by_kind)

    @field(description="Article 6.2 authorised and first-transferred units by acquiring Party.")
    def article6_by_acquiring_party(self) -> list[DashboardArticle6]:
        return [
            DashboardArticle6(
                party=a.party,
                authorised=SafeInt(a.authorised),
                first_transferred=SafeInt(a.first_transferred),
            )
            for a in self.figures.article6
        ]

    @field(
        description="Work waiting, by kind (ORGANISATION_APPROVAL, PROJECT_APPROVAL, "
        "TRANSFER_REQUEST, RETIREMENT_RECOGNITION, MONITORING_VERIFICATION); the present state."
    )
    def pending_work(self) -> list[DashboardCount]:
        return _counts(self.figures.pending_work)

    @field(description="The latest 10 ledger entries.")
    def recent_activity(self) -> list[DashboardActivity]:
        return [
            DashboardActivity(seq=SafeInt(a.seq), type=a.type, recorded_at=a.recorded_at)
            for a in self.figures.recent_activity
        ]
