"""Article 6.2 below GraphQL: cooperative approaches, authorizations, ITMO identifiers, the
first-transfer rule, and the ISO country table."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backend import policy
from backend.errors import BadUserInput, Conflict, Forbidden, NotFound
from backend.models.article6 import Authorization, CooperativeApproach
from backend.models.credit import CreditBlock, Retirement
from backend.models.enums import (
    AuthorizationPurpose,
    BlockStatus,
    FirstTransferDefinition,
    OrganisationType,
    ProjectStatus,
    RetirementKind,
    Role,
)
from backend.models.ledger import LedgerEntry
from backend.models.project import Project
from backend.policy import Action
from backend.services import article6, countries
from backend.services.article6 import FirstTransfer, UnitEvent, UnitEventKind
from backend.services.credits import issuance, retirements
from tests.factories import Member, ledger_size, make_approved_report, make_member, make_project
from tests.services.credit_helpers import deductions, government

TODAY = datetime.now(UTC).date()


async def trading_project(
    owner: Member, status: ProjectStatus = ProjectStatus.AUTHORISED
) -> Project:
    project = await make_project(owner, status)
    await Project.filter(id=project.id).update(article6_trading=True)
    return await Project.get(id=project.id)


async def approach(gov: Member, code: str = "CA0004") -> CooperativeApproach:
    recorded = await article6.create_cooperative_approach(
        principal=gov.principal, code=code, name="Vanuatu-Japan JCM", parties=["VUT", "JPN", "che"]
    )
    return recorded.value


def authorization_input(
    project: Project, ca: CooperativeApproach, **changes: object
) -> dict[str, Any]:
    """The keyword arguments of article6.authorize, but the principal."""
    values: dict[str, Any] = {
        "project_id": project.id,
        "cooperative_approach_id": ca.id,
        "authorization_id": "VUT-A6-2025-001",
        "authorized_on": TODAY,
        "quantity": 10_000,
        "metric": "GHG",
        "purpose": AuthorizationPurpose.NDC,
        "sectors": ["Energy"],
        "activity_types": ["Solar mini-grids"],
        "authorized_parties": ["JPN"],
        "authorized_entities": ["Japan Carbon Buyer K.K."],
        "first_transfer_definition": None,
    }
    values.update(changes)
    return values


# -- ITMO identifiers and countries --------------------------------------------------------------


def test_itmo_id_has_the_five_parts_of_decision_6_cma_4() -> None:
    assert article6.itmo_id("CA0004", "VUT01", "VUT", 751, 2024) == "CA0004-VUT01-VUT-751-2024"
    assert article6.itmo_id("CA1234", "CHE02", "CHE", 1, 2030) == "CA1234-CHE02-CHE-1-2030"
    for bad in [
        ("CA004", "VUT01", "VUT", 1, 2024),
        ("XX0004", "VUT01", "VUT", 1, 2024),
        ("CA0004", "VU01", "VUT", 1, 2024),
        ("CA0004", "VUT01", "VU", 1, 2024),
        ("CA0004", "VUT01", "ZZZ", 1, 2024),
        ("CA0004", "VUT01", "VUT", 0, 2024),
        ("CA0004", "VUT01", "VUT", 1, 24),
    ]:
        with pytest.raises(ValueError):
            article6.itmo_id(*bad)


def test_countries_map_alpha2_alpha3_and_name() -> None:
    assert len(countries.COUNTRIES) == 249
    assert len({c.alpha2 for c in countries.COUNTRIES}) == 249
    assert len({c.alpha3 for c in countries.COUNTRIES}) == 249
    assert countries.alpha3("VU") == "VUT" and countries.alpha2("VUT") == "VU"
    assert countries.name("VU") == countries.name("vut") == "Vanuatu"
    assert countries.alpha3("CH") == "CHE" and countries.alpha3("JP") == "JPN"
    assert countries.alpha3("GB") == "GBR" and countries.name("GBR").startswith("United Kingdom")
    assert countries.name("CIV") == "Côte d'Ivoire" and countries.alpha2("ALA") == "AX"
    assert (
        countries.find("XK") is None
        and countries.find("") is None
        and countries.find("ZZZ") is None
    )
    for country in countries.COUNTRIES:
        assert countries.by_alpha2(country.alpha2) is countries.by_alpha3(country.alpha3)
    with pytest.raises(KeyError):
        countries.name("QQ")


# -- Cooperative approaches -------------------------------------------------------------------


async def test_government_workers_record_a_cooperative_approach_in_the_ledger() -> None:
    gov = await government()
    recorded = await article6.create_cooperative_approach(
        principal=gov.principal,
        code=" ca0004 ",
        name="Vanuatu-Japan JCM",
        parties=["vut", "JPN", "JPN"],
    )
    assert (recorded.value.code, recorded.value.parties) == ("CA0004", ["VUT", "JPN"])
    entry = await LedgerEntry.get(seq=recorded.ledger_seq)
    assert (entry.type, entry.subject) == (
        "article6.approach_created",
        f"cooperative_approach:{recorded.value.id}",
    )
    assert json.loads(bytes(entry.body))["data"]["code"] == "CA0004"


async def test_only_government_workers_create_approaches_and_refusals_change_nothing() -> None:
    for kind, role in sorted(policy.ALL_PAIRS):
        member = await make_member(kind, role)
        allowed = policy.can(member.principal, Action.ARTICLE6_MANAGE)
        assert allowed == (
            kind is OrganisationType.GOVERNMENT and role in (Role.ADMIN, Role.MANAGER)
        )
        if allowed:
            continue
        before = await ledger_size()
        with pytest.raises(Forbidden):
            await article6.create_cooperative_approach(
                principal=member.principal, code="CA0001", name="x", parties=["VUT", "JPN"]
            )
        assert await ledger_size() == before and await CooperativeApproach.all().count() == 0


@pytest.mark.parametrize(
    ("code", "parties"),
    [
        ("CA04", ["VUT", "JPN"]),
        ("CB0004", ["VUT", "JPN"]),
        ("CA00041", ["VUT", "JPN"]),
        ("CA0004", ["JPN", "CHE"]),  # without the host country
        ("CA0004", ["VUT"]),  # a single Party
        ("CA0004", ["VUT", "XYZ"]),
        ("CA0004", ["VUT", "JP"]),
    ],
)
async def test_bad_approach_input_is_refused(code: str, parties: list[str]) -> None:
    gov = await government()
    before = await ledger_size()
    with pytest.raises(BadUserInput):
        await article6.create_cooperative_approach(
            principal=gov.principal, code=code, name="x", parties=parties
        )
    assert await ledger_size() == before and await CooperativeApproach.all().count() == 0


async def test_a_duplicate_approach_code_is_a_conflict() -> None:
    gov = await government()
    await approach(gov)
    before = await ledger_size()
    with pytest.raises(Conflict):
        await approach(gov)
    assert await ledger_size() == before and await CooperativeApproach.all().count() == 1


# -- Authorizations -----------------------------------------------------------------------------


async def test_authorize_records_the_t2_fields_and_issuance_stamps_blocks_with_itmo_ids() -> None:
    gov, owner = await government(), await make_member()
    project = await trading_project(owner)
    ca = await approach(gov)
    recorded = await article6.authorize(principal=gov.principal, **authorization_input(project, ca))
    entry = await LedgerEntry.get(seq=recorded.ledger_seq)
    assert (entry.type, entry.subject) == ("article6.authorized", f"project:{project.id}")
    data = json.loads(bytes(entry.body))["data"]
    assert (
        data["authorization_id"] == "VUT-A6-2025-001" and data["cooperative_approach"] == "CA0004"
    )
    assert data["authorized_on"] == TODAY.isoformat() and data["quantity"] == 10_000
    assert [a.id for a in await article6.list_authorizations(project_id=project.id)] == [
        recorded.value.id
    ]
    with deductions():
        report = await make_approved_report(project, 1000, year=2024)
        issued = (
            await issuance.issue_credits(principal=gov.principal, monitoring_report_id=report.id)
        ).value
    [block] = await issued.blocks.all()
    assert block.authorization_id == recorded.value.id
    start = int(block.serial_start)
    assert await article6.itmo_range(block) == (
        f"CA0004-VUT01-VUT-{start}-2024",
        f"CA0004-VUT01-VUT-{start + 999}-2024",
    )
    # A project's units issued without an authorization are not ITMOs.
    plain = await make_project(owner, ProjectStatus.AUTHORISED)
    with deductions():
        other = await make_approved_report(plain, 10)
        unauthorised = (
            await issuance.issue_credits(principal=gov.principal, monitoring_report_id=other.id)
        ).value
    assert await article6.itmo_range((await unauthorised.blocks.all())[0]) is None


async def issue_under(gov: Member, project: Project, quantity: int) -> list[CreditBlock]:
    with deductions("5", "2"):
        report = await make_approved_report(project, quantity, year=2025)
        issued = (
            await issuance.issue_credits(principal=gov.principal, monitoring_report_id=report.id)
        ).value
    return list(await CreditBlock.filter(issuance_id=issued.id).order_by("serial_start"))


def stamped(blocks: list[CreditBlock]) -> int:
    return sum(b.quantity for b in blocks if b.authorization_id is not None)


async def test_issuance_never_stamps_more_units_than_the_authorization_has_left() -> None:
    gov, owner = await government(), await make_member()
    project = await trading_project(owner)
    authorization = (
        await article6.authorize(
            principal=gov.principal,
            **authorization_input(project, await approach(gov), quantity=1000),
        )
    ).value
    first = await issue_under(gov, project, 700)  # 651 to the owner, 35 SOP, 14 OMGE
    assert stamped(first) == 700 and len(first) == 3
    second = await issue_under(gov, project, 700)
    # 300 units were left: the owner's share is split at the limit; the rest are not ITMOs.
    assert [(b.quantity, b.authorization_id is not None) for b in second] == [
        (300, True),
        (351, False),
        (35, False),
        (14, False),
    ]
    assert int(second[0].serial_end) + 1 == int(second[1].serial_start)
    assert second[0].holder_id == second[1].holder_id
    assert await article6.itmo_range(second[1]) is None
    assert await article6.itmo_range(second[0]) is not None
    third = await issue_under(gov, project, 100)
    assert stamped(third) == 0
    carrying = await CreditBlock.filter(authorization_id=authorization.id)
    assert sum(b.quantity for b in carrying) == 1000
    # The ledger says which blocks are ITMOs.
    entry = await LedgerEntry.filter(type="credits.issued").order_by("-seq").offset(1).first()
    assert entry is not None
    named = [b["authorization"] for b in json.loads(bytes(entry.body))["data"]["blocks"]]
    assert named == ["VUT-A6-2025-001", None, None, None]


def test_the_authorized_units_are_the_first_of_the_issuance() -> None:
    stamped_ = issuance._stamped
    owners = [
        issuance._Share(1, 60, BlockStatus.ACTIVE),
        issuance._Share(2, 30, BlockStatus.ACTIVE),
        issuance._Share(3, 0, BlockStatus.ACTIVE),  # no units, no block
        issuance._Share(4, 10, BlockStatus.CANCELLED),
    ]

    def plan(left: int) -> list[tuple[int, int, bool]]:
        return [(share.holder_id, units, on) for share, units, on in stamped_(owners, left)]

    assert plan(0) == [(1, 60, False), (2, 30, False), (4, 10, False)]
    assert plan(75) == [(1, 60, True), (2, 15, True), (2, 15, False), (4, 10, False)]
    assert plan(90) == [(1, 60, True), (2, 30, True), (4, 10, False)]  # on a share's edge
    assert plan(100) == plan(1000) == [(1, 60, True), (2, 30, True), (4, 10, True)]


async def test_a_later_authorization_takes_over_from_the_earlier_one() -> None:
    gov, owner = await government(), await make_member()
    project = await trading_project(owner)
    ca = await approach(gov)
    first = await article6.authorize(
        principal=gov.principal, **authorization_input(project, ca, quantity=1000)
    )
    early = await issue_under(gov, project, 100)
    assert {b.authorization_id for b in early} == {first.value.id}
    later = await article6.authorize(
        principal=gov.principal,
        **authorization_input(project, ca, authorization_id="VUT-A6-2025-002", quantity=150),
    )
    blocks = await issue_under(gov, project, 500)
    assert [(b.quantity, b.authorization_id) for b in blocks] == [
        (150, later.value.id),
        (315, None),
        (25, None),
        (10, None),
    ]
    # What was issued under the first stays its own.
    assert stamped(list(await CreditBlock.filter(authorization_id=first.value.id))) == 100


async def first_transfer(owner: Member, block: CreditBlock, country: str) -> Retirement:
    recorded = await retirements.retire_credits(
        principal=owner.principal,
        block_id=block.id,
        quantity=1,
        kind=RetirementKind.FIRST_TRANSFER,
        beneficiary="Buyer",
        acquiring_country=country,
    )
    return recorded.value


async def test_first_transfers_go_only_to_parties_the_authorization_names() -> None:
    gov, owner = await government(), await make_member()
    project = await trading_project(owner)
    ca = await approach(gov)  # Parties VUT, JPN, CHE
    await article6.authorize(principal=gov.principal, **authorization_input(project, ca))
    [block, *_] = await issue_under(gov, project, 100)
    before = await ledger_size()
    for country, error in [
        ("VUT", "another Party"),  # this country itself
        ("XYZ", "alpha-3"),
        ("VU", "alpha-3"),
        ("CHE", "does not authorize CHE"),  # a Party to the approach, but not authorized
    ]:
        with pytest.raises(BadUserInput, match=error) as caught:
            await first_transfer(owner, block, country)
        assert caught.value.details == {"field": "acquiringCountry"}
    assert await ledger_size() == before and await Retirement.all().count() == 0
    assert (await first_transfer(owner, block, "jpn")).acquiring_country == "JPN"


async def test_an_authorization_naming_no_parties_allows_the_approachs_parties() -> None:
    gov, owner = await government(), await make_member()
    project = await trading_project(owner)
    ca = await approach(gov)
    await article6.authorize(
        principal=gov.principal, **authorization_input(project, ca, authorized_parties=[])
    )
    [block, *_] = await issue_under(gov, project, 100)
    with pytest.raises(BadUserInput, match="does not authorize USA"):
        await first_transfer(owner, block, "USA")
    for country in ("CHE", "JPN"):
        assert (await first_transfer(owner, block, country)).acquiring_country == country


async def test_oimp_needs_a_first_transfer_definition_and_ndc_must_not_have_one() -> None:
    gov, owner = await government(), await make_member()
    project, ca = await trading_project(owner), await approach(gov)
    before = await ledger_size()
    for purpose in (AuthorizationPurpose.OIMP, AuthorizationPurpose.NDC_AND_OIMP):
        with pytest.raises(BadUserInput) as refused:
            await article6.authorize(
                principal=gov.principal, **authorization_input(project, ca, purpose=purpose)
            )
        assert refused.value.details["field"] == "firstTransferDefinition"
    with pytest.raises(BadUserInput):
        await article6.authorize(
            principal=gov.principal,
            **authorization_input(
                project, ca, first_transfer_definition=FirstTransferDefinition.ISSUANCE
            ),
        )
    assert await ledger_size() == before and await Authorization.all().count() == 0
    done = await article6.authorize(
        principal=gov.principal,
        **authorization_input(
            project,
            ca,
            purpose=AuthorizationPurpose.OIMP,
            first_transfer_definition=FirstTransferDefinition.USE_OR_CANCELLATION,
        ),
    )
    assert done.value.first_transfer_definition is FirstTransferDefinition.USE_OR_CANCELLATION


@pytest.mark.parametrize(
    "changes",
    [
        {"authorization_id": ""},
        {"authorization_id": "has space"},
        {"authorization_id": "x" * 65},
        {"quantity": 0},
        {"quantity": -5},
        {"quantity": True},
        {"metric": "tCO2"},
        {"authorized_on": TODAY + timedelta(days=1)},
        {"authorized_parties": ["USA"]},  # not a Party to the approach
        {"authorized_parties": ["XYZ"]},
        {"sectors": [""]},
        {"authorized_entities": ["ok", " "]},
        {"entity_details": [article6.EntityDetails("Someone not listed")]},
        {"entity_details": [article6.EntityDetails("Japan Carbon Buyer K.K.", country="JP")]},
        {"entity_details": [article6.EntityDetails("Japan Carbon Buyer K.K.", country="XYZ")]},
        {"entity_details": [article6.EntityDetails("Japan Carbon Buyer K.K.")] * 2},
        {
            "entity_details": [
                article6.EntityDetails("Japan Carbon Buyer K.K.", conditions="x" * 2001)
            ]
        },
    ],
)
async def test_bad_authorization_input_is_refused(changes: dict[str, object]) -> None:
    gov, owner = await government(), await make_member()
    project, ca = await trading_project(owner), await approach(gov)
    before = await ledger_size()
    with pytest.raises(BadUserInput):
        await article6.authorize(
            principal=gov.principal, **authorization_input(project, ca, **changes)
        )
    assert await ledger_size() == before and await Authorization.all().count() == 0


async def test_authorized_entities_carry_their_aef_table_5_details() -> None:
    gov, owner = await government(), await make_member()
    project, ca = await trading_project(owner), await approach(gov)
    details = article6.EntityDetails(
        " Japan Carbon Buyer K.K. ",
        country="jpn",
        identification_number=" 0100-01-123456 ",
        conditions="Use towards Japan's NDC only.",
    )
    recorded = await article6.authorize(
        principal=gov.principal,
        **authorization_input(
            project,
            ca,
            authorized_entities=["Japan Carbon Buyer K.K.", "Another Buyer"],
            entity_details=[details],
        ),
    )
    expected = {
        "name": "Japan Carbon Buyer K.K.",
        "country": "JPN",
        "identification_number": "0100-01-123456",
        "conditions": "Use towards Japan's NDC only.",
    }
    assert (await Authorization.get(id=recorded.value.id)).entity_details == [expected]
    entry = await LedgerEntry.get(seq=recorded.ledger_seq)
    assert json.loads(bytes(entry.body))["data"]["entity_details"] == [expected]


async def test_authorize_refuses_wrong_states_duplicates_and_other_roles() -> None:
    gov, owner = await government(), await make_member()
    ca = await approach(gov)
    approved = await trading_project(owner, ProjectStatus.APPROVED)
    not_trading = await make_project(owner, ProjectStatus.AUTHORISED)
    project = await trading_project(owner)
    await article6.authorize(principal=gov.principal, **authorization_input(project, ca))
    before = (await ledger_size(), await Authorization.all().count())
    cases: list[tuple[Member, dict[str, Any], type[Exception]]] = [
        (gov, authorization_input(approved, ca, authorization_id="A2"), Conflict),
        (gov, authorization_input(not_trading, ca, authorization_id="A3"), Conflict),
        (gov, authorization_input(project, ca), Conflict),  # the authorization ID is taken
        (gov, authorization_input(project, ca, authorization_id="A4", project_id=10**6), NotFound),
        (
            gov,
            authorization_input(project, ca, authorization_id="A5", cooperative_approach_id=10**6),
            NotFound,
        ),
        (owner, authorization_input(project, ca, authorization_id="A6"), Forbidden),
        (
            await make_member(OrganisationType.GOVERNMENT, Role.VIEWER),
            authorization_input(project, ca, authorization_id="A7"),
            Forbidden,
        ),
        (
            await make_member(OrganisationType.MINISTRY, Role.ADMIN),
            authorization_input(project, ca, authorization_id="A8"),
            Forbidden,
        ),
    ]
    for member, data, error in cases:
        with pytest.raises(error):
            await article6.authorize(principal=member.principal, **data)
    assert (await ledger_size(), await Authorization.all().count()) == before


# -- First transfer -----------------------------------------------------------------------------

AT = datetime(2026, 3, 1, tzinfo=UTC)


def event(seq: int, kind: UnitEventKind, start: int, end: int, **extra: object) -> UnitEvent:
    return UnitEvent(seq, AT, kind, start, end, "account:1", **extra)  # type: ignore[arg-type]


HISTORY = [
    event(1, UnitEventKind.ISSUED, 1, 900),
    event(1, UnitEventKind.ISSUED, 901, 1000, cancelled=True),  # OMGE
    event(2, UnitEventKind.TRANSFERRED, 701, 900),
    event(
        5,
        UnitEventKind.RETIRED,
        801,
        900,
        retirement_kind=RetirementKind.FIRST_TRANSFER,
        acquiring_country="JPN",
    ),
    event(
        7, UnitEventKind.RETIRED, 651, 700, retirement_kind=RetirementKind.VOLUNTARY_CANCELLATION
    ),
    event(9, UnitEventKind.RETIRED, 601, 650, retirement_kind=RetirementKind.NDC_USE),
]


def pieces(found: list[FirstTransfer]) -> list[tuple[int, int, int]]:
    return [(f.event.seq, f.start, f.end) for f in found]


def test_first_transfer_for_ndc_is_the_first_international_transfer() -> None:
    found = article6.first_transfers(AuthorizationPurpose.NDC, None, HISTORY)
    assert pieces(found) == [(5, 801, 900)]


@pytest.mark.parametrize(
    "definition", [FirstTransferDefinition.AUTHORIZATION, FirstTransferDefinition.ISSUANCE]
)
def test_first_transfer_for_oimp_at_authorization_or_issuance_is_the_issuance(
    definition: FirstTransferDefinition,
) -> None:
    found = article6.first_transfers(AuthorizationPurpose.OIMP, definition, HISTORY)
    assert pieces(found) == [(1, 1, 900)]  # never the OMGE-cancelled units
    both = article6.first_transfers(AuthorizationPurpose.NDC_AND_OIMP, definition, HISTORY)
    assert pieces(both) == [(1, 1, 900)]  # the international transfer comes later: not first


def test_first_transfer_for_oimp_at_use_or_cancellation() -> None:
    found = article6.first_transfers(
        AuthorizationPurpose.OIMP, FirstTransferDefinition.USE_OR_CANCELLATION, HISTORY
    )
    assert pieces(found) == [(7, 651, 700), (9, 601, 650)]
    both = article6.first_transfers(
        AuthorizationPurpose.NDC_AND_OIMP, FirstTransferDefinition.USE_OR_CANCELLATION, HISTORY
    )
    assert pieces(both) == [(5, 801, 900), (7, 651, 700), (9, 601, 650)]


def test_a_unit_is_first_transferred_once() -> None:
    overlapping = [
        event(3, UnitEventKind.RETIRED, 10, 20, retirement_kind=RetirementKind.FIRST_TRANSFER),
        event(4, UnitEventKind.RETIRED, 1, 30, retirement_kind=RetirementKind.FIRST_TRANSFER),
    ]
    found = article6.first_transfers(AuthorizationPurpose.NDC, None, overlapping)
    assert pieces(found) == [(3, 10, 20), (4, 1, 9), (4, 21, 30)]
    assert article6.subtract_ranges((1, 10), []) == [(1, 10)]
    assert article6.subtract_ranges((1, 10), [(1, 10)]) == []
    assert article6.subtract_ranges((1, 10), [(3, 4), (8, 20)]) == [(1, 2), (5, 7)]


def test_triggers() -> None:
    triggers = article6.first_transfer_triggers
    assert triggers(AuthorizationPurpose.NDC, None) == {article6.Trigger.INTERNATIONAL}
    assert triggers(AuthorizationPurpose.OIMP, FirstTransferDefinition.ISSUANCE) == {
        article6.Trigger.ISSUANCE
    }
    assert triggers(
        AuthorizationPurpose.NDC_AND_OIMP, FirstTransferDefinition.USE_OR_CANCELLATION
    ) == {article6.Trigger.INTERNATIONAL, article6.Trigger.USE_OR_CANCELLATION}
