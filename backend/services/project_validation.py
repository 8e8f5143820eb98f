"""The checks of a project's fields (the seed's "Add New Project" form) that need no database:
country lists, dates, amounts, quantities, ownership shares. Each raises BadUserInput."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from backend.errors import BadUserInput
from backend.ledger.canonical import MAX_SAFE_INTEGER
from backend.models.enums import ActivityScope
from backend.services import locations, runtime, validation
from backend.services.locations import Location

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
MAX_OWNERS = 20
EXTERNAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._:/\-]{0,99}$")
# ISO 3166-1 alpha-2, the officially assigned codes.
ISO_ALPHA2 = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO
    DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU
    GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW
    KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU
    MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
    PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
    TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA
    ZM ZW""".split()
)


@dataclass(frozen=True)
class OwnerShare:
    organisation_id: int
    percentage: Decimal


@dataclass(frozen=True)
class ProjectDetails:
    """The fields a project's owners or the government may still change while it is PENDING or
    APPROVED (its number, external ID, sector, scope, owners and design document stay)."""

    title: str
    start_date: date
    end_date: date
    ghgs: tuple[str, ...]
    activity_scope: ActivityScope
    location: Location
    estimated_credits: int
    estimated_cost: Decimal
    article6_trading: bool = False
    buyer_countries: tuple[str, ...] = ()
    minimum_carbon_price: Decimal | None = None
    environmental_assessment_number: str | None = None


@dataclass(frozen=True)
class ProjectChanges:
    """Changes to a project's details; omitted (None) fields stay as they are."""

    title: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    ghgs: tuple[str, ...] | None = None
    activity_scope: ActivityScope | None = None
    location: Location | None = None
    estimated_credits: int | None = None
    estimated_cost: Decimal | None = None
    article6_trading: bool | None = None
    buyer_countries: tuple[str, ...] | None = None
    minimum_carbon_price: Decimal | None = None
    environmental_assessment_number: str | None = None
    environmental_assessment_document_id: int | None = None

    def applied_to(self, current: ProjectDetails) -> ProjectDetails:
        """current with the given changes."""
        given = {
            f.name: getattr(self, f.name)
            for f in fields(ProjectDetails)
            if getattr(self, f.name) is not None
        }
        if self.article6_trading is False and self.buyer_countries is None:
            given["buyer_countries"] = ()  # ending trading ends the buyers' eligibility
        return replace(current, **given)


@dataclass(frozen=True)
class ProjectInput:
    """Everything the "Add New Project" form submits."""

    external_id: str
    sector: str
    sectoral_scope: int
    design_document_id: int
    owners: tuple[OwnerShare, ...]
    details: ProjectDetails
    environmental_assessment_document_id: int | None = None


def quantity(value: int, name: str) -> int:
    """A positive whole number of units (tCO2e) that JSON carries exactly (< 2**53)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadUserInput(f"{name} must be a whole number.", field=name)
    if not 0 < value <= MAX_SAFE_INTEGER:
        raise BadUserInput(f"{name} must be between 1 and {MAX_SAFE_INTEGER}.", field=name)
    return value


def money(value: Decimal, name: str, *, max_digits: int) -> Decimal:
    """A non-negative amount with at most two decimal places that fits max_digits."""
    try:
        exact = Decimal(value)
        fits = exact.is_finite() and exact == exact.quantize(CENT)
    except (InvalidOperation, TypeError, ValueError):
        fits = False
    if not fits:
        raise BadUserInput(f"{name} must be an amount with at most two decimals.", field=name)
    if exact < 0 or exact >= Decimal(10) ** (max_digits - 2):
        raise BadUserInput(f"{name} is out of range.", field=name)
    return exact.quantize(CENT)


def owner_shares(shares: Sequence[OwnerShare], caller_organisation_id: int) -> list[OwnerShare]:
    """Distinct owners with 0 < percentage <= 100 (two decimals) summing to exactly 100, the
    caller's organisation among them."""
    if not 0 < len(shares) <= MAX_OWNERS:
        raise BadUserInput(f"a project has 1 to {MAX_OWNERS} owners.", field="owners")
    ids = [share.organisation_id for share in shares]
    if len(set(ids)) != len(ids):
        raise BadUserInput("an organisation appears twice among the owners.", field="owners")
    if caller_organisation_id not in ids:
        raise BadUserInput("your organisation must be one of the owners.", field="owners")
    cleaned = [
        OwnerShare(s.organisation_id, money(s.percentage, "owners.percentage", max_digits=5))
        for s in shares
    ]
    if any(not 0 < s.percentage <= HUNDRED for s in cleaned):
        raise BadUserInput("each ownership percentage is above 0 and at most 100.", field="owners")
    if sum((s.percentage for s in cleaned), Decimal(0)) != HUNDRED:
        raise BadUserInput("ownership percentages must sum to exactly 100.", field="owners")
    return sorted(cleaned, key=lambda s: s.organisation_id)


def _buyer_countries(trading: bool, codes: Sequence[str]) -> list[str]:
    if not trading:
        if codes:
            raise BadUserInput(
                "buyer countries apply only to Article 6 trading.", field="buyerCountries"
            )
        return []
    cleaned = sorted({code.strip().upper() for code in codes})
    if any(code not in ISO_ALPHA2 for code in cleaned):
        raise BadUserInput(
            "buyer countries are ISO 3166-1 alpha-2 codes, e.g. CH, JP, SG.",
            field="buyerCountries",
        )
    if runtime.current().country.iso2 in cleaned:
        raise BadUserInput("the host country is not a buyer country.", field="buyerCountries")
    return cleaned


def details(data: ProjectDetails) -> dict[str, object]:
    """The model fields of a project's changeable details. Raises BadUserInput."""
    country = runtime.current().country
    if not data.start_date < data.end_date:
        raise BadUserInput("the end date must be after the start date.", field="endDate")
    if not data.ghgs or any(ghg not in country.ghgs for ghg in data.ghgs):
        raise BadUserInput(f"GHGs are one or more of {', '.join(country.ghgs)}.", field="ghgs")
    price = data.minimum_carbon_price
    return {
        "title": validation.required_text(data.title, "title", max_length=300),
        "start_date": data.start_date,
        "end_date": data.end_date,
        "ghgs": [ghg for ghg in country.ghgs if ghg in data.ghgs],
        "activity_scope": ActivityScope(data.activity_scope),
        "location": locations.clean(data.location),
        "article6_trading": bool(data.article6_trading),
        "buyer_countries": _buyer_countries(data.article6_trading, data.buyer_countries),
        "estimated_credits": quantity(data.estimated_credits, "estimatedCredits"),
        "estimated_cost": money(data.estimated_cost, "estimatedCost", max_digits=18),
        "minimum_carbon_price": None
        if price is None
        else money(price, "minimumCarbonPrice", max_digits=12),
        "environmental_assessment_number": validation.text(
            data.environmental_assessment_number or "",
            "environmentalAssessmentNumber",
            max_length=100,
            required=False,
        ),
    }


def identity(data: ProjectInput) -> dict[str, object]:
    """The model fields fixed at submission: external ID, sector, sectoral scope."""
    country = runtime.current().country
    external_id = data.external_id.strip()
    if not EXTERNAL_ID.match(external_id):
        raise BadUserInput(
            "externalId is 1-100 letters, digits, spaces or . _ : / -", field="externalId"
        )
    if data.sector not in country.sectors:
        raise BadUserInput(f"sector is one of {', '.join(country.sectors)}.", field="sector")
    if data.sectoral_scope not in country.sectoral_scopes:
        raise BadUserInput("unknown sectoral scope.", field="sectoralScope")
    return {
        "external_id": external_id,
        "sector": data.sector,
        "sectoral_scope": data.sectoral_scope,
    }
