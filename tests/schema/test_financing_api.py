"""Financing through GraphQL: the four mutations for every organisation type x role (plus
anonymous), expected outcomes read from the policy table with the real project target; the
sensitivity of amounts and terms; exact decimals; the financings connection without N+1."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from backend import policy
from backend.models.enums import FinancingInstrument, FinancingStatus, OrganisationType, Role
from backend.models.financing import Financing
from backend.models.notification import Notification
from backend.models.organisation import Organisation
from backend.models.project import Project
from backend.policy import Action
from backend.services.access import project_target
from tests.conftest import GraphQLClient, error_code
from tests.factories import Member, ledger_size, make_member, make_organisation, make_project

REQUEST = """mutation($project: ID!) { requestFinancing(input: {projectId: $project,
  amount: "250000.00", instrument: GRANT, isPublic: true, isInternational: true,
  fromName: "Adaptation Fund", terms: "none"}) { financing { id status } ledgerSeq } }"""
APPROVE = "mutation($id: ID!) { approveFinancing(id: $id) { financing { status } ledgerSeq } }"
REJECT = 'mutation($id: ID!) { rejectFinancing(input: {id: $id, reason: "no"}) { ledgerSeq } }'
CANCEL = "mutation($id: ID!) { cancelFinancing(id: $id) { financing { status } ledgerSeq } }"


async def everyone() -> dict[str, Member | None]:
    members: dict[str, Member | None] = {"anonymous": None}
    for kind, role in sorted(policy.ALL_PAIRS):
        members[f"{kind.value}/{role.value}"] = await make_member(kind, role)
    return members


async def pending(project: Project, requested_by: Organisation) -> Financing:
    return await Financing.create(
        project=project,
        amount=Decimal("1000.00"),
        instrument=FinancingInstrument.LOAN,
        is_public=False,
        is_international=False,
        from_name="Bank",
        terms="secret terms",
        status=FinancingStatus.PENDING,
        requested_by=requested_by,
    )


Target = Callable[[Member | None, Member], Awaitable[tuple[dict[str, Any], int]]]


async def own_project(member: Member | None, stranger: Member) -> tuple[dict[str, Any], int]:
    project = await make_project(member or stranger)
    return {"project": str(project.id)}, project.id


async def other_project(member: Member | None, stranger: Member) -> tuple[dict[str, Any], int]:
    project = await make_project(stranger)
    return {"project": str(project.id)}, project.id


def financing_of(scope: int, own: bool) -> Target:
    async def build(member: Member | None, stranger: Member) -> tuple[dict[str, Any], int]:
        owner = member if own and member is not None else stranger
        certifier = await make_organisation(OrganisationType.CERTIFIER)
        project = await make_project(owner, scope=scope, certifiers=(certifier,))
        return {"id": str((await pending(project, owner.organisation)).id)}, project.id

    return build


@dataclass(frozen=True)
class Case:
    action: Action
    query: str
    target: Target
    allowed: frozenset[str]  # the table, spot-checked by hand


DEVELOPER_WORKERS = frozenset({"DEVELOPER/ADMIN", "DEVELOPER/MANAGER"})
GOVERNMENT = frozenset({"GOVERNMENT/ADMIN", "GOVERNMENT/MANAGER"})
MINISTRY = frozenset({"MINISTRY/ADMIN", "MINISTRY/MANAGER"})
CASES = {
    "requestFinancing:own": Case(Action.FINANCING_REQUEST, REQUEST, own_project, DEVELOPER_WORKERS),
    "requestFinancing:other": Case(Action.FINANCING_REQUEST, REQUEST, other_project, frozenset()),
    "approveFinancing:in-scope": Case(
        Action.FINANCING_APPROVE, APPROVE, financing_of(1, own=False), GOVERNMENT | MINISTRY
    ),
    "approveFinancing:out-of-scope": Case(
        Action.FINANCING_APPROVE, APPROVE, financing_of(7, own=False), GOVERNMENT
    ),
    "rejectFinancing:in-scope": Case(
        Action.FINANCING_REJECT, REJECT, financing_of(1, own=False), GOVERNMENT | MINISTRY
    ),
    "rejectFinancing:out-of-scope": Case(
        Action.FINANCING_REJECT, REJECT, financing_of(7, own=False), GOVERNMENT
    ),
    "cancelFinancing:own": Case(
        Action.FINANCING_CANCEL, CANCEL, financing_of(1, own=True), DEVELOPER_WORKERS
    ),
    "cancelFinancing:other": Case(
        Action.FINANCING_CANCEL, CANCEL, financing_of(1, own=False), frozenset()
    ),
}


async def snapshot() -> tuple[Any, ...]:
    rows = await Financing.all().order_by("id").values_list("id", "status", "status_reason")
    return (await ledger_size(), tuple(rows), await Notification.all().count())


@pytest.mark.parametrize("name", sorted(CASES))
async def test_mutation_matrix(name: str, gql: GraphQLClient) -> None:
    case = CASES[name]
    stranger = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    outcomes: dict[str, bool] = {}
    for who, member in (await everyone()).items():
        variables, project_id = await case.target(member, stranger)
        target = await project_target(project_id)
        expected = policy.can(member.principal if member else None, case.action, target=target)
        before = await snapshot()
        result = await gql.as_(member.token if member else None)(case.query, **variables)
        outcomes[who] = "errors" not in result
        if expected:
            assert "errors" not in result, (who, result)
            assert await ledger_size() == before[0] + 1, who
        else:
            want = "UNAUTHENTICATED" if member is None else "FORBIDDEN"
            assert error_code(result) == want, (who, result)
            assert await snapshot() == before, who
    assert {who for who, ok in outcomes.items() if ok} == case.allowed


async def test_amount_and_terms_are_sensitive(gql: GraphQLClient) -> None:
    owner = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    certifier = await make_member(OrganisationType.CERTIFIER, Role.ADMIN)
    project = await make_project(owner, scope=1, certifiers=(certifier.organisation,))
    row = await pending(project, owner.organisation)
    target = await project_target(project.id)
    query = """query($p: ID!) { financings(projectId: $p) { totalCount edges { node {
      id amount currency terms fromName status } } } }"""
    members = await everyone()
    members["owner's viewer"] = await make_member(
        OrganisationType.DEVELOPER, Role.VIEWER, organisation=owner.organisation
    )
    members["assigned certifier"] = certifier
    shown = set()
    for who, member in members.items():
        result = await gql.as_(member.token if member else None)(query, p=str(project.id))
        if member is None:
            assert error_code(result) == "UNAUTHENTICATED"
            continue
        node = result["data"]["financings"]["edges"][0]["node"]
        allowed = policy.can(member.principal, Action.READ_FINANCING, target=target)
        assert (node["amount"], node["terms"]) == (
            ("1000.00", "secret terms") if allowed else (None, None)
        ), who
        assert (node["id"], node["currency"], node["fromName"]) == (str(row.id), "USD", "Bank")
        if allowed:
            shown.add(who)
    every_government = {f"GOVERNMENT/{r}" for r in ("ADMIN", "MANAGER", "VIEWER", "ROOT")}
    every_ministry = {f"MINISTRY/{r}" for r in ("ADMIN", "MANAGER", "VIEWER")}
    assert shown == every_government | every_ministry | {"owner's viewer"}


async def test_decimals_round_trip_exactly(gql: GraphQLClient) -> None:
    owner = await make_member()
    project = await make_project(owner)
    result = await gql.as_(owner.token)(
        """mutation($p: ID!, $a: Decimal!) { requestFinancing(input: {projectId: $p,
        amount: $a, instrument: EQUITY, isPublic: false, isInternational: true,
        fromName: "Fund"}) { financing { id amount status } } }""",
        p=str(project.id),
        a="12345678901234.56",
    )
    assert "errors" not in result, result
    financing = result["data"]["requestFinancing"]["financing"]
    assert financing["amount"] == "12345678901234.56" and financing["status"] == "PENDING"
    listed = await gql.as_(owner.token)(
        "query { financings { edges { node { amount instrument isPublic isInternational } } } }"
    )
    assert listed["data"]["financings"]["edges"][0]["node"] == {
        "amount": "12345678901234.56",
        "instrument": "EQUITY",
        "isPublic": False,
        "isInternational": True,
    }
    row = await Financing.get(id=int(financing["id"]))
    assert row.amount == Decimal("12345678901234.56")


@pytest.mark.parametrize(
    "amount", ["1.001", "-5", "0", "ten", "", "NaN", "Infinity", 1234567890123456.78, 5]
)
async def test_bad_amounts_are_refused(amount: object, gql: GraphQLClient) -> None:
    """Amounts are decimal strings; a JSON number (already a float on the way) is refused."""
    owner = await make_member()
    project = await make_project(owner)
    before = await snapshot()
    result = await gql.as_(owner.token)(
        """mutation($p: ID!, $a: Decimal!) { requestFinancing(input: {projectId: $p,
        amount: $a, instrument: GRANT, isPublic: true, isInternational: true,
        fromName: "Fund"}) { ledgerSeq } }""",
        p=str(project.id),
        a=amount,
    )
    assert error_code(result) == "BAD_USER_INPUT", result
    assert await snapshot() == before


async def test_the_financings_connection(gql: GraphQLClient) -> None:
    owner = await make_member()
    government = await make_member(OrganisationType.GOVERNMENT, Role.VIEWER)
    project = await make_project(owner)
    rows = [await pending(project, owner.organisation) for _ in range(5)]
    await Financing.filter(id=rows[0].id).update(status=FinancingStatus.APPROVED)
    query = """query($p: ID, $s: FinancingStatus, $first: Int, $after: String) {
      financings(projectId: $p, status: $s, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } } }"""
    call = gql.as_(government.token)

    page = (await call(query, p=str(project.id), first=2))["data"]["financings"]
    assert page["totalCount"] == 5 and page["pageInfo"]["hasNextPage"]
    assert [e["node"]["id"] for e in page["edges"]] == [str(rows[4].id), str(rows[3].id)]
    rest = await call(query, p=str(project.id), first=10, after=page["pageInfo"]["endCursor"])
    assert [e["node"]["id"] for e in rest["data"]["financings"]["edges"]] == [
        str(r.id) for r in rows[2::-1]
    ]
    approved = (await call(query, s="APPROVED"))["data"]["financings"]
    assert approved["totalCount"] == 1 and approved["edges"][0]["node"]["id"] == str(rows[0].id)


async def test_listing_financings_runs_a_constant_number_of_queries(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    ministry = await make_member(OrganisationType.MINISTRY, Role.VIEWER)
    owner = await make_member()
    funder = await make_organisation(OrganisationType.PARTNER)
    query = """query { financings(first: 100) { totalCount edges { node {
      id amount terms fromOrganisation { name } } } } }"""

    async def statements() -> int:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            result = await gql.as_(ministry.token)(query)
        assert "errors" not in result, result
        return sum(1 for r in caplog.records if r.name == "tortoise.db_client")

    async def add_financings(count: int) -> None:
        for number in range(count):
            project = await make_project(owner, scope=1 + number % 3)
            row = await pending(project, owner.organisation)
            await Financing.filter(id=row.id).update(from_organisation_id=funder.id, from_name=None)

    await add_financings(2)
    few = await statements()
    await add_financings(20)
    many = await statements()
    assert few == many
    result = await gql.as_(ministry.token)(query)
    amounts = [e["node"]["amount"] for e in result["data"]["financings"]["edges"]]
    assert len(amounts) == 22 and amounts.count(None) == 22 - amounts.count("1000.00")
    assert 0 < amounts.count("1000.00") < 22  # scope 1 only


async def test_a_project_lists_its_financings(gql: GraphQLClient) -> None:
    owner = await make_member()
    stranger = await make_member()
    project = await make_project(owner)
    await pending(project, owner.organisation)
    query = "query($id: ID!) { project(id: $id) { financings { status amount } } }"
    mine = (await gql.as_(owner.token)(query, id=str(project.id)))["data"]["project"]["financings"]
    assert mine == [{"status": "PENDING", "amount": "1000.00"}]
    theirs = (await gql.as_(stranger.token)(query, id=str(project.id)))["data"]["project"][
        "financings"
    ]
    assert theirs == [{"status": "PENDING", "amount": None}]
