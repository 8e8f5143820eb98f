"""Article 6.2: cooperative approaches, authorizations, ITMO identifiers (decision 6/CMA.4,
annex I para 5) and the "first transfer" rule (decision 2/CMA.3, annex, para 2)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from backend import policy
from backend.db import locked, transaction
from backend.errors import BadUserInput, Conflict, NotFound
from backend.ledger import entries
from backend.models.article6 import Authorization, CooperativeApproach
from backend.models.credit import CreditBlock
from backend.models.enums import (
    AuthorizationPurpose,
    FirstTransferDefinition,
    ProjectStatus,
    RetirementKind,
)
from backend.models.project import Project
from backend.policy import Action, Principal
from backend.services import countries, dashboard, dashboard_rows, ledger, runtime, validation
from backend.services.recorded import Recorded

APPROACH_CODE = re.compile(r"^CA[0-9]{4}$")
REGISTRY_ID = re.compile(r"^[A-Z]{3}[0-9]{2}$")
AUTHORIZATION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
METRICS = ("GHG", "NON_GHG")
MAX_LIST = 50


# -- ITMO unique identifiers ------------------------------------------------------------------


def itmo_id(
    approach_code: str, registry_id: str, first_transferring_party: str, unit: int, vintage: int
) -> str:
    """`CA0004-VUT01-VUT-751-2024`: unit 751 of vintage 2024. Raises ValueError on a
    malformed part (approach CA+4 digits, registry alpha-3+2 digits, Party alpha-3)."""
    if not APPROACH_CODE.match(approach_code):
        raise ValueError(f"not a cooperative approach ID: {approach_code!r}")
    if not REGISTRY_ID.match(registry_id):
        raise ValueError(f"not a registry ID: {registry_id!r}")
    if countries.find(first_transferring_party) is None or len(first_transferring_party) != 3:
        raise ValueError(f"not an ISO alpha-3 Party: {first_transferring_party!r}")
    if unit < 1 or not 1000 <= vintage <= 9999:
        raise ValueError("the unit serial number must be positive and the vintage a year")
    return f"{approach_code}-{registry_id}-{first_transferring_party}-{unit}-{vintage}"


def block_itmo_range(block: CreditBlock, approach_code: str) -> tuple[str, str]:
    """The first and last ITMO IDs of a block authorised under approach_code; the first
    transferring Party of units issued here is this country."""
    country = runtime.current().country
    return (
        itmo_id(
            approach_code, country.registry_id, country.iso3, int(block.serial_start), block.vintage
        ),
        itmo_id(
            approach_code, country.registry_id, country.iso3, int(block.serial_end), block.vintage
        ),
    )


async def approach_codes(authorization_ids: Iterable[int]) -> dict[int, str]:
    """Authorization primary key → its cooperative approach's code (one query, for loaders)."""
    ids = sorted(set(authorization_ids))
    if not ids:
        return {}
    rows = await Authorization.filter(id__in=ids).values_list("id", "cooperative_approach__code")
    return {int(pk): str(code) for pk, code in rows}


async def itmo_range(block: CreditBlock) -> tuple[str, str] | None:
    """(first ITMO ID, last ITMO ID) of an authorised block; None for an unauthorised one."""
    if block.authorization_id is None:
        return None
    codes = await approach_codes([block.authorization_id])
    return block_itmo_range(block, codes[block.authorization_id])


# -- Cooperative approaches and authorizations ------------------------------------------------


def _alpha3(value: str, field: str) -> str:
    """value as the upper-case ISO 3166 alpha-3 code of a country; BadUserInput otherwise."""
    country = countries.find(value) if len(value.strip()) == 3 else None
    if country is None:
        raise BadUserInput(f"{field}: {value!r} is not an ISO 3166 alpha-3 code.", field=field)
    return country.alpha3


def _parties(values: Sequence[str], field: str) -> list[str]:
    if len(values) > MAX_LIST:
        raise BadUserInput(f"{field} lists more than {MAX_LIST} Parties.", field=field)
    found: list[str] = []
    for value in values:
        code = _alpha3(value, field)
        if code not in found:
            found.append(code)
    return found


def _texts(values: Sequence[str], field: str, *, max_length: int = 200) -> list[str]:
    if len(values) > MAX_LIST:
        raise BadUserInput(f"{field} lists more than {MAX_LIST} items.", field=field)
    cleaned: list[str] = []
    for value in values:
        text = validation.required_text(value, field, max_length=max_length)
        if text not in cleaned:
            cleaned.append(text)
    return cleaned


def approach_view(approach: CooperativeApproach) -> entries.ApproachCreated:
    """What the ledger records of a cooperative approach."""
    return entries.ApproachCreated(
        cooperative_approach_id=approach.id,
        code=approach.code,
        name=approach.name,
        parties=list(approach.parties),
    )


async def create_cooperative_approach(
    *, principal: Principal, code: str, name: str, parties: Sequence[str]
) -> Recorded[CooperativeApproach]:
    """Record a cooperative approach (code `CA` + 4 digits, unique) whose Parties (alpha-3)
    include this country. Raises Forbidden, BadUserInput, Conflict (code taken)."""
    policy.require(principal, Action.ARTICLE6_MANAGE)
    code = (code or "").strip().upper()
    if not APPROACH_CODE.match(code):
        raise BadUserInput("code must be CA followed by 4 digits, e.g. CA0004.", field="code")
    title = validation.required_text(name, "name", max_length=300)
    members = _parties(parties, "parties")
    if runtime.current().country.iso3 not in members:
        raise BadUserInput("parties must include this country.", field="parties")
    if len(members) < 2:
        raise BadUserInput("a cooperative approach has at least two Parties.", field="parties")
    async with transaction() as connection:
        if await CooperativeApproach.filter(code=code).using_db(connection).exists():
            raise Conflict(f"cooperative approach {code} already exists.", field="code")
        try:
            approach = await CooperativeApproach.create(
                using_db=connection, code=code, name=title, parties=members
            )
        except IntegrityError as exc:
            raise Conflict(f"cooperative approach {code} already exists.", field="code") from exc
        seq = await ledger.append(
            connection,
            ledger.new_entry(
                approach_view(approach),
                principal.actor,
                f"cooperative_approach:{approach.id}",
            ),
        )
    return Recorded(approach, seq)


@dataclass(frozen=True)
class EntityDetails:
    """What the AEF's table 5 says of one authorized entity, named as in authorized_entities."""

    name: str
    country: str | None = None  # of incorporation, ISO alpha-3
    identification_number: str | None = None
    conditions: str | None = None


@dataclass(frozen=True)
class AuthorizationInput:
    """The AEF table 2 fields of one authorization (and table 5's of its entities)."""

    project_id: int
    cooperative_approach_id: int
    authorization_id: str
    authorized_on: date
    quantity: int
    metric: str
    purpose: AuthorizationPurpose
    sectors: Sequence[str] = ()
    activity_types: Sequence[str] = ()
    authorized_parties: Sequence[str] = ()
    authorized_entities: Sequence[str] = ()
    first_transfer_definition: FirstTransferDefinition | None = None
    entity_details: Sequence[EntityDetails] = ()


def _entity_details(
    details: Sequence[EntityDetails], names: Sequence[str]
) -> list[dict[str, str | None]]:
    if len(details) > MAX_LIST:
        raise BadUserInput(f"at most {MAX_LIST} entity details.", field="entityDetails")
    cleaned: dict[str, dict[str, str | None]] = {}
    for item in details:
        name = validation.required_text(item.name, "entityDetails", max_length=200)
        if name not in names:
            raise BadUserInput(
                f"{name!r} is not one of the authorized entities.", field="entityDetails"
            )
        if name in cleaned:
            raise BadUserInput(f"{name!r} has its details twice.", field="entityDetails")
        given = (item.country or "").strip()
        country = _alpha3(given, "entityDetails") if given else None
        cleaned[name] = {
            "name": name,
            "country": country,
            "identification_number": validation.text(
                item.identification_number or "",
                "entityDetails",
                max_length=100,
                required=False,
            )
            or None,
            "conditions": validation.text(
                item.conditions or "", "entityDetails", max_length=2000, required=False
            )
            or None,
        }
    return [cleaned[name] for name in names if name in cleaned]


def _clean_authorization(data: AuthorizationInput) -> dict[str, Any]:
    reference = (data.authorization_id or "").strip()
    if not AUTHORIZATION_ID.match(reference):
        raise BadUserInput(
            "authorizationId must be 1-64 letters, digits, '.', '_', '/' or '-'.",
            field="authorizationId",
        )
    if type(data.quantity) is not int or data.quantity < 1:
        raise BadUserInput("quantity must be a whole number of at least 1.", field="quantity")
    if data.metric not in METRICS:
        raise BadUserInput("metric must be GHG or NON_GHG.", field="metric")
    if data.authorized_on > datetime.now(UTC).date():
        raise BadUserInput("authorizedOn cannot be in the future.", field="authorizedOn")
    includes_oimp = data.purpose is not AuthorizationPurpose.NDC
    if includes_oimp and data.first_transfer_definition is None:
        raise BadUserInput(
            "an authorization for other international mitigation purposes "
            "defines its first transfer.",
            field="firstTransferDefinition",
        )
    if not includes_oimp and data.first_transfer_definition is not None:
        raise BadUserInput(
            "only an authorization for other international mitigation purposes "
            "defines its first transfer.",
            field="firstTransferDefinition",
        )
    entities = _texts(data.authorized_entities, "authorizedEntities")
    return {
        "authorization_id": reference,
        "authorized_on": data.authorized_on,
        "quantity": data.quantity,
        "metric": data.metric,
        "purpose": data.purpose,
        "sectors": _texts(data.sectors, "sectors", max_length=100),
        "activity_types": _texts(data.activity_types, "activityTypes", max_length=100),
        "authorized_parties": _parties(data.authorized_parties, "authorizedParties"),
        "authorized_entities": entities,
        "entity_details": _entity_details(data.entity_details, entities),
        "first_transfer_definition": data.first_transfer_definition,
    }


def authorization_view(
    authorization: Authorization, approach: CooperativeApproach
) -> entries.Authorized:
    """What the ledger records of an authorization (the AEF table 2 fields)."""
    definition = authorization.first_transfer_definition
    return entries.Authorized(
        authorization_pk=authorization.id,
        authorization_id=authorization.authorization_id,
        project_id=authorization.project_id,
        cooperative_approach=approach.code,
        authorized_on=authorization.authorized_on.isoformat(),
        version=authorization.version,
        quantity=int(authorization.quantity),
        metric=authorization.metric,
        purpose=authorization.purpose.value,
        sectors=list(authorization.sectors),
        activity_types=list(authorization.activity_types),
        authorized_parties=list(authorization.authorized_parties),
        authorized_entities=list(authorization.authorized_entities),
        entity_details=list(authorization.entity_details),
        first_transfer_definition=definition.value if definition else None,
    )


async def _project_for_authorization(connection: BaseDBAsyncClient, project_id: int) -> Project:
    project = await locked(connection, Project, project_id)
    if project.status is not ProjectStatus.AUTHORISED:
        raise Conflict("only an AUTHORISED project's units are authorized under Article 6.2.")
    if not project.article6_trading:
        raise Conflict("this project is not open to Article 6 trading.")
    return project


async def authorize(
    *,
    principal: Principal,
    project_id: int,
    cooperative_approach_id: int,
    authorization_id: str,
    authorized_on: date,
    quantity: int,
    purpose: AuthorizationPurpose,
    metric: str = "GHG",
    sectors: Sequence[str] = (),
    activity_types: Sequence[str] = (),
    authorized_parties: Sequence[str] = (),
    authorized_entities: Sequence[str] = (),
    first_transfer_definition: FirstTransferDefinition | None = None,
    entity_details: Sequence[EntityDetails] = (),
) -> Recorded[Authorization]:
    """Authorize an AUTHORISED Article-6-trading project's units under a cooperative approach;
    credits issued from now on carry it, up to its quantity in all (a later authorization of the
    project takes over for the credits issued after it). Raises Forbidden, BadUserInput
    (fields, a missing or superfluous first-transfer definition, a Party outside the approach),
    NotFound, Conflict (project state, authorization ID taken)."""
    return await authorize_input(
        principal=principal,
        data=AuthorizationInput(
            project_id=project_id,
            cooperative_approach_id=cooperative_approach_id,
            authorization_id=authorization_id,
            authorized_on=authorized_on,
            quantity=quantity,
            metric=metric,
            purpose=purpose,
            sectors=sectors,
            activity_types=activity_types,
            authorized_parties=authorized_parties,
            authorized_entities=authorized_entities,
            first_transfer_definition=first_transfer_definition,
            entity_details=entity_details,
        ),
    )


async def authorize_input(
    *, principal: Principal, data: AuthorizationInput
) -> Recorded[Authorization]:
    """authorize() with its fields in one AuthorizationInput."""
    policy.require(principal, Action.ARTICLE6_MANAGE)
    fields = _clean_authorization(data)
    async with transaction() as connection:
        project = await _project_for_authorization(connection, data.project_id)
        approach = (
            await CooperativeApproach.filter(id=data.cooperative_approach_id)
            .using_db(connection)
            .first()
        )
        if approach is None:
            raise NotFound(f"cooperative approach {data.cooperative_approach_id} does not exist.")
        outside = [p for p in fields["authorized_parties"] if p not in approach.parties]
        if outside:
            raise BadUserInput(
                f"{', '.join(outside)} not Parties to {approach.code}.", field="authorizedParties"
            )
        reference = fields["authorization_id"]
        if await Authorization.filter(authorization_id=reference).using_db(connection).exists():
            raise Conflict(f"authorization {reference} already exists.", field="authorizationId")
        try:
            authorization = await Authorization.create(
                using_db=connection, project=project, cooperative_approach=approach, **fields
            )
        except IntegrityError as exc:
            raise Conflict(
                f"authorization {reference} already exists.", field="authorizationId"
            ) from exc
        seq = await ledger.append(
            connection,
            ledger.new_entry(
                authorization_view(authorization, approach),
                principal.actor,
                f"project:{project.id}",
            ),
        )
        authorised = await dashboard_rows.authorization(connection, authorization, project)
        await dashboard.record(connection, after=authorised)
    return Recorded(authorization, seq)


def check_acquiring_party(acquiring_country: str) -> str:
    """The acquiring Party of a first transfer, as an upper-case ISO alpha-3 code of another
    country; raises BadUserInput otherwise."""
    code = _alpha3(acquiring_country, "acquiringCountry")
    if code == runtime.current().country.iso3:
        raise BadUserInput(
            "a first transfer goes to another Party, not to this country.",
            field="acquiringCountry",
        )
    return code


async def check_first_transfer(
    connection: BaseDBAsyncClient, block: CreditBlock, acquiring_party: str
) -> None:
    """A first transfer sends units abroad as ITMOs: the block must carry an authorization, and
    acquiring_party (checked by check_acquiring_party) must be a Party it authorizes (those it
    names, or when it names none, the Parties to its cooperative approach). Raises Conflict
    (units not authorized) or BadUserInput (a Party that may not acquire them)."""
    if block.authorization_id is None:
        raise Conflict(
            f"block {block.id} holds no units authorized under Article 6.2; only authorized "
            "units are first-transferred."
        )
    authorization = await Authorization.filter(id=block.authorization_id).using_db(connection).get()
    parties = list(authorization.authorized_parties)
    if not parties:
        approach = (
            await CooperativeApproach.filter(id=authorization.cooperative_approach_id)
            .using_db(connection)
            .get()
        )
        parties = list(approach.parties)
    if acquiring_party not in parties:
        raise BadUserInput(
            f"authorization {authorization.authorization_id} does not authorize "
            f"{acquiring_party} to acquire these units (it names {', '.join(parties) or 'none'}).",
            field="acquiringCountry",
        )


async def list_cooperative_approaches() -> list[CooperativeApproach]:
    """Every cooperative approach, by code."""
    return list(await CooperativeApproach.all().order_by("code"))


async def cooperative_approaches_by_id(ids: Iterable[int]) -> list[CooperativeApproach]:
    """The cooperative approaches with these primary keys (for loaders), in no set order."""
    return list(await CooperativeApproach.filter(id__in=sorted(set(ids))))


async def list_authorizations(*, project_id: int | None = None) -> list[Authorization]:
    """Authorizations (of one project, if given), oldest first."""
    query = Authorization.all()
    if project_id is not None:
        query = query.filter(project_id=project_id)
    return list(await query.order_by("authorized_on", "id"))


# -- First transfer -----------------------------------------------------------------------------


class UnitEventKind(StrEnum):
    ISSUED = "ISSUED"  # units issued into a block (cancelled at once when OMGE)
    TRANSFERRED = "TRANSFERRED"  # between accounts of this registry
    RETIRED = "RETIRED"  # a retirement recognised by the government


@dataclass(frozen=True)
class UnitEvent:
    """Something that happened to the units [start, end] of one issuance, from one ledger entry."""

    seq: int
    at: datetime
    kind: UnitEventKind
    start: int
    end: int
    holder: str  # the account holding the units afterwards ("account:12")
    from_holder: str | None = None
    cancelled: bool = False  # ISSUED straight into a cancelled block (OMGE)
    retirement_id: int | None = None
    retirement_kind: RetirementKind | None = None
    acquiring_country: str | None = None  # alpha-3, for a FIRST_TRANSFER retirement

    @property
    def quantity(self) -> int:
        return self.end - self.start + 1


@dataclass(frozen=True)
class FirstTransfer:
    """Units [start, end] counted as first transferred by ledger entry `event.seq`."""

    event: UnitEvent
    start: int
    end: int


class Trigger(StrEnum):
    ISSUANCE = "ISSUANCE"  # authorisation or issuance (units are authorised when issued)
    INTERNATIONAL = "INTERNATIONAL"  # a FIRST_TRANSFER retirement to another Party's registry
    USE_OR_CANCELLATION = "USE_OR_CANCELLATION"  # any other recognised retirement


def first_transfer_triggers(
    purpose: AuthorizationPurpose, definition: FirstTransferDefinition | None
) -> frozenset[Trigger]:
    """What counts as the first transfer: for NDC use the first international transfer; for
    OIMP the authorization's definition; for both, whichever of the two comes first."""
    triggers: set[Trigger] = set()
    if purpose in (AuthorizationPurpose.NDC, AuthorizationPurpose.NDC_AND_OIMP):
        triggers.add(Trigger.INTERNATIONAL)
    if purpose in (AuthorizationPurpose.OIMP, AuthorizationPurpose.NDC_AND_OIMP):
        if definition is FirstTransferDefinition.USE_OR_CANCELLATION:
            triggers.add(Trigger.USE_OR_CANCELLATION)
        elif definition is not None:  # AUTHORIZATION or ISSUANCE
            triggers.add(Trigger.ISSUANCE)
    return frozenset(triggers)


def _trigger_of(event: UnitEvent) -> Trigger | None:
    if event.kind is UnitEventKind.ISSUED:
        return None if event.cancelled else Trigger.ISSUANCE  # OMGE units are never transferred
    if event.kind is UnitEventKind.RETIRED:
        if event.retirement_kind is RetirementKind.FIRST_TRANSFER:
            return Trigger.INTERNATIONAL
        return Trigger.USE_OR_CANCELLATION
    return None


def first_transfers(
    purpose: AuthorizationPurpose,
    definition: FirstTransferDefinition | None,
    history: Sequence[UnitEvent],
) -> list[FirstTransfer]:
    """Given the ledger history of an authorised issuance's units (in seq order), the entries
    at which each unit was first transferred, as (event, start, end) pieces; units not yet
    first transferred are absent. Each unit is first transferred at most once."""
    triggers = first_transfer_triggers(purpose, definition)
    done: list[tuple[int, int]] = []
    found: list[FirstTransfer] = []
    for event in sorted(history, key=lambda e: e.seq):
        if _trigger_of(event) not in triggers:
            continue
        for start, end in subtract_ranges((event.start, event.end), done):
            found.append(FirstTransfer(event, start, end))
            done.append((start, end))
    return found


def subtract_ranges(
    span: tuple[int, int], taken: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The parts of the inclusive range span not covered by any range in taken, in order."""
    pieces = [span]
    for low, high in taken:
        next_pieces: list[tuple[int, int]] = []
        for start, end in pieces:
            if high < start or low > end:
                next_pieces.append((start, end))
                continue
            if start < low:
                next_pieces.append((start, low - 1))
            if end > high:
                next_pieces.append((high + 1, end))
        pieces = next_pieces
    return pieces


def intersect_ranges(
    span: tuple[int, int], kept: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The parts of the inclusive range span inside some range of kept (which do not overlap),
    in order."""
    start, end = span
    pieces = [(max(start, low), min(end, high)) for low, high in sorted(kept)]
    return [(low, high) for low, high in pieces if low <= high]
