"""The organisations list: Relay connection, totalCount, filters, sorting, paging."""

from __future__ import annotations

import logging

import pytest

from backend.models.enums import OrganisationStatus, OrganisationType, Role
from backend.models.organisation import Organisation as OrganisationRow
from tests.conftest import GraphQLClient, error_code
from tests.factories import ledger_size, make_member, make_organisation

LIST = """query($first: Int, $after: String, $search: String, $type: OrganisationType,
  $status: OrganisationStatus, $order: OrganisationOrderField!, $desc: Boolean!) {
  organisations(first: $first, after: $after, search: $search, type: $type, status: $status,
    orderBy: $order, descending: $desc) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { name taxId type numberOfProjects status } } } }"""


async def test_list_filters_sorts_and_pages(gql: GraphQLClient) -> None:
    viewer = await make_member(OrganisationType.GOVERNMENT, Role.VIEWER)
    for _ in range(3):
        await make_organisation(OrganisationType.DEVELOPER, OrganisationStatus.ACTIVE)
    await make_organisation(OrganisationType.CERTIFIER, OrganisationStatus.PENDING)
    ask = gql.as_(viewer.token)
    everything = await ask(LIST, order="NAME", desc=False)
    names = [e["node"]["name"] for e in everything["data"]["organisations"]["edges"]]
    assert everything["data"]["organisations"]["totalCount"] == 5
    assert names == sorted(names)
    developers = await ask(LIST, type="DEVELOPER", order="NAME", desc=True, first=2)
    page = developers["data"]["organisations"]
    assert page["totalCount"] == 3 and len(page["edges"]) == 2 and page["pageInfo"]["hasNextPage"]
    rest = await ask(
        LIST,
        type="DEVELOPER",
        order="NAME",
        desc=True,
        first=2,
        after=page["pageInfo"]["endCursor"],
    )
    assert len(rest["data"]["organisations"]["edges"]) == 1
    assert rest["data"]["organisations"]["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "endCursor": rest["data"]["organisations"]["edges"][0]["cursor"],
    }
    all_names = [e["node"]["name"] for e in page["edges"] + rest["data"]["organisations"]["edges"]]
    assert all_names == sorted(all_names, reverse=True)
    pending = await ask(LIST, status="PENDING", order="NAME", desc=False)
    assert [e["node"]["type"] for e in pending["data"]["organisations"]["edges"]] == ["CERTIFIER"]
    search = await ask(LIST, search="certifier", order="NAME", desc=False)
    assert search["data"]["organisations"]["totalCount"] == 1
    first = everything["data"]["organisations"]["edges"][0]["node"]
    assert first["numberOfProjects"] == 0 and first["taxId"] is not None  # government sees tax IDs


async def test_anonymous_cannot_list(gql: GraphQLClient) -> None:
    assert error_code(await gql(LIST, order="NAME", desc=False)) == "UNAUTHENTICATED"


async def _statements(gql: GraphQLClient, token: str, caplog: pytest.LogCaptureFixture) -> int:
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        result = await gql.as_(token)(
            "{ users(first: 50) { totalCount edges { node { name organisation { name type } } } } }"
        )
    assert "errors" not in result
    return sum(1 for r in caplog.records if r.name == "tortoise.db_client")


async def test_users_with_their_organisations_take_a_constant_number_of_statements(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    for _ in range(5):
        await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    with_six = await _statements(gql, government.token, caplog)
    for _ in range(20):
        await make_member(OrganisationType.CERTIFIER, Role.MANAGER)
    assert await _statements(gql, government.token, caplog) == with_six
    assert 3 <= with_six <= 5  # session, count, page, one batched organisation load


async def test_number_of_projects_counts_owned_and_co_owned(gql: GraphQLClient) -> None:
    from backend.models.enums import ProjectStatus
    from tests.factories import make_project

    viewer = await make_member(OrganisationType.GOVERNMENT, Role.VIEWER)
    developer = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    partner = await make_organisation(OrganisationType.DEVELOPER)
    await make_project(developer)
    await make_project(developer, ProjectStatus.AUTHORISED, co_owners=((partner, "30"),))
    result = await gql.as_(viewer.token)(LIST, type="DEVELOPER", order="NAME", desc=False)
    counts = {
        e["node"]["name"]: e["node"]["numberOfProjects"]
        for e in result["data"]["organisations"]["edges"]
    }
    assert counts == {developer.organisation.name: 2, partner.name: 1}


REGISTER_AS = """mutation($tax: String!, $admin: String!) {
  registerOrganisation(input: {organisation: {name: "Co", taxId: $tax, type: DEVELOPER,
    email: "co@example.org"}, adminEmail: $admin, adminName: "A",
    adminPassword: "long enough password"}) { message } }"""


async def test_registration_over_the_api_does_not_tell_who_has_an_account(
    gql: GraphQLClient,
) -> None:
    """Issue 14 item 4: a known e-mail gets the same answer as a new one, and nothing is recorded."""
    existing = await make_member()
    new = await gql(REGISTER_AS, tax="REG-NEW", admin="fresh@example.org")
    before = (await OrganisationRow.all().count(), await ledger_size())
    known = await gql(REGISTER_AS, tax="REG-KNOWN", admin=existing.user.email)
    assert "errors" not in known, known
    assert known == new
    assert (await OrganisationRow.all().count(), await ledger_size()) == before
