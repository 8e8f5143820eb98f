"""Projects through GraphQL: createProject's input, the projects connection and its filters,
documents and history only for those the policy lets read them, wrong states as CONFLICT, and
a list of 50 projects with their owners, activities and documents in a constant number of
SQL statements."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import pytest

from backend import policy
from backend.models.activity import Activity
from backend.models.enums import ActivityStatus, ActivityType, OrganisationType, ProjectStatus, Role
from backend.models.project import Project
from backend.policy import Action
from backend.services.access import project_target
from tests.conftest import GraphQLClient, error_code
from tests.factories import Member, make_document, make_member, make_organisation, make_project
from tests.project_inputs import graphql_input, state

CREATE = """mutation($input: CreateProjectInput!) { createProject(input: $input) {
  ledgerSeq project { id number status title estimatedCredits estimatedCost minimumCarbonPrice
  location { regions geometry } owners { percentage organisation { id } } } } }"""
LIST = """query($status: ProjectStatus, $sector: String, $scope: Int, $owner: ID, $search: String,
  $first: Int, $after: String) {
  projects(status: $status, sector: $sector, sectoralScope: $scope, ownerId: $owner,
    search: $search, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id title status } } } }"""
SENSITIVE = """query($id: ID!) { project(id: $id) { title documents { id kind sha256 }
  history { seq type at } } }"""


@pytest.fixture
async def developer() -> Member:
    return await make_member(OrganisationType.DEVELOPER, Role.MANAGER)


async def test_create_maps_every_field(gql: GraphQLClient, developer: Member) -> None:
    partner = await make_organisation(OrganisationType.DEVELOPER)
    design = await make_document(developer)
    variables = graphql_input(
        developer,
        design.id,
        estimatedCredits=2**53 - 1,
        minimumCarbonPrice="12.5",
        article6Trading=True,
        buyerCountries=["sg"],
        owners=[
            {"organisationId": str(developer.organisation.id), "percentage": "75.25"},
            {"organisationId": str(partner.id), "percentage": "24.75"},
        ],
    )
    result = await gql.as_(developer.token)(CREATE, input=variables)
    assert "errors" not in result, result
    project = result["data"]["createProject"]["project"]
    assert project["status"] == "PENDING" and project["number"] == 1
    assert project["estimatedCredits"] == 2**53 - 1
    assert (project["estimatedCost"], project["minimumCarbonPrice"]) == ("2500000.00", "12.50")
    assert project["location"] == {
        "regions": ["Efate"],
        "geometry": variables["location"]["geometry"],
    }
    assert project["owners"] == [
        {"percentage": "75.25", "organisation": {"id": str(developer.organisation.id)}},
        {"percentage": "24.75", "organisation": {"id": str(partner.id)}},
    ]
    row = await Project.get(id=int(project["id"]))
    assert row.buyer_countries == ["SG"] and row.minimum_carbon_price == Decimal("12.50")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"estimatedCredits": 2**53}, "BAD_USER_INPUT"),  # beyond SafeInt
        ({"estimatedCredits": 1.5}, "BAD_USER_INPUT"),
        ({"estimatedCost": "1,000"}, "BAD_USER_INPUT"),
        ({"estimatedCost": "0.001"}, "BAD_USER_INPUT"),
        ({"sectoralScope": 0}, "BAD_USER_INPUT"),
        (
            {"location": {"regions": [], "geometry": {"type": "Point", "coordinates": [0, 95]}}},
            "BAD_USER_INPUT",
        ),
        ({"designDocumentId": "999999"}, "NOT_FOUND"),
        ({"designDocumentId": "not-an-id"}, "NOT_FOUND"),
    ],
)
async def test_create_refusals_change_nothing(
    gql: GraphQLClient, developer: Member, changes: dict[str, Any], code: str
) -> None:
    design = await make_document(developer)
    before = await state()
    result = await gql.as_(developer.token)(
        CREATE, input=graphql_input(developer, design.id, **changes)
    )
    assert error_code(result) == code, result
    assert await state() == before


async def test_list_filters_and_pages(gql: GraphQLClient, developer: Member) -> None:
    other = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    viewer = await make_member(OrganisationType.PARTNER, Role.VIEWER)
    a = await make_project(developer, ProjectStatus.APPROVED, scope=1)
    b = await make_project(developer, ProjectStatus.PENDING, scope=7)
    c = await make_project(
        other, ProjectStatus.APPROVED, scope=1, co_owners=((developer.organisation, "10"),)
    )
    await Project.filter(id=c.id).update(title="Wind Tanna", sector="Transport")
    ask = gql.as_(viewer.token)

    async def ids(**variables: Any) -> list[int]:
        result = await ask(LIST, **variables)
        assert "errors" not in result, result
        return [int(e["node"]["id"]) for e in result["data"]["projects"]["edges"]]

    assert await ids() == [c.id, b.id, a.id]  # newest number first
    assert await ids(status="APPROVED") == [c.id, a.id]
    assert await ids(sector="Transport") == [c.id]
    assert await ids(scope=7) == [b.id]
    assert await ids(owner=str(developer.organisation.id)) == [c.id, b.id, a.id]
    assert await ids(owner=str(other.organisation.id)) == [c.id]
    assert await ids(search="wind") == [c.id]
    page = (await ask(LIST, first=2))["data"]["projects"]
    assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (3, True)
    assert await ids(first=2, after=page["pageInfo"]["endCursor"]) == [a.id]
    assert error_code(await gql(LIST)) == "UNAUTHENTICATED"


async def test_documents_and_history_follow_the_policy(
    gql: GraphQLClient, developer: Member
) -> None:
    certifier = await make_member(OrganisationType.CERTIFIER, Role.VIEWER)
    project = await make_project(developer, certifiers=(certifier.organisation,), scope=1)
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    await gql.as_(government.token)(
        "mutation($id: ID!) { approveProject(id: $id) { ledgerSeq } }", id=str(project.id)
    )
    target = await project_target(project.id)
    readers = {
        "owner": developer,
        "assigned certifier": certifier,
        "government": government,
        "ministry in scope": await make_member(OrganisationType.MINISTRY, Role.VIEWER),
        "ministry out of scope": await make_member(
            OrganisationType.MINISTRY, Role.ADMIN,
            organisation=await make_organisation(OrganisationType.MINISTRY, scopes=(7,)),
        ),
        "other developer": await make_member(OrganisationType.DEVELOPER, Role.ADMIN),
        "other certifier": await make_member(OrganisationType.CERTIFIER, Role.ADMIN),
        "partner": await make_member(OrganisationType.PARTNER, Role.ADMIN),
    }  # fmt: skip
    shown = set()
    for who, member in readers.items():
        result = await gql.as_(member.token)(SENSITIVE, id=str(project.id))
        found = result["data"]["project"]
        assert found["title"] == project.title
        if policy.can(member.principal, Action.READ_PROJECT_DOCUMENTS, target=target):
            shown.add(who)
            assert [d["id"] for d in found["documents"]] == [str(project.design_document_id)]
        else:
            assert found["documents"] is None, who
        if policy.can(member.principal, Action.READ_PROJECT_HISTORY, target=target):
            assert [h["type"] for h in found["history"]] == ["project.approved"], who
        else:
            assert found["history"] is None, who
    assert shown == {"owner", "assigned certifier", "government", "ministry in scope"}


WRONG_STATES = {
    "approveProject(id: $id)": [
        ProjectStatus.APPROVED,
        ProjectStatus.AUTHORISED,
        ProjectStatus.REJECTED,
    ],
    "authoriseProject(id: $id)": [
        ProjectStatus.PENDING,
        ProjectStatus.AUTHORISED,
        ProjectStatus.REJECTED,
    ],
    'rejectProject(input: {id: $id, reason: "no"})': [ProjectStatus.AUTHORISED, ProjectStatus.REJECTED],
    'updateProject(input: {id: $id, title: "New"})': [
        ProjectStatus.AUTHORISED,
        ProjectStatus.REJECTED,
    ],
}


@pytest.mark.parametrize(
    ("call", "status"), [(call, s) for call, states in WRONG_STATES.items() for s in states]
)
async def test_wrong_states_are_conflicts(
    gql: GraphQLClient, call: str, status: ProjectStatus
) -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.MANAGER)
    project = await make_project(await make_member(), status)
    before = await state()
    result = await gql.as_(government.token)(
        f"mutation($id: ID!) {{ {call} {{ ledgerSeq }} }}", id=str(project.id)
    )
    assert error_code(result) == "CONFLICT", result
    assert await state() == before


NESTED = """{ projects(first: 50) { totalCount edges { node { title
  owners { percentage organisation { name } } activities { code status } documents { id sha256 }
} } } }"""


async def _statements(gql: GraphQLClient, token: str, caplog: pytest.LogCaptureFixture) -> int:
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        result = await gql.as_(token)(NESTED)
    assert "errors" not in result, result
    return sum(1 for r in caplog.records if r.name == "tortoise.db_client")


async def _projects(count: int) -> None:
    for _ in range(count):
        owner = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
        project = await make_project(
            owner, ProjectStatus.APPROVED, co_owners=((await make_organisation(), "25"),)
        )
        for n in range(2):
            await Activity.create(
                project=project, number=project.number * 10 + n, code=f"{project.number:03d}-M-{n}",
                type=ActivityType.M, title="t", methodology="m", estimated_credits=10,
                status=ActivityStatus.PENDING,
            )  # fmt: skip


async def test_fifty_projects_with_owners_activities_and_documents_in_constant_statements(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    await _projects(10)
    with_ten = await _statements(gql, government.token, caplog)
    await _projects(40)
    with_fifty = await _statements(gql, government.token, caplog)
    # The session, the count, the page, then one batch each: owners, their organisations,
    # activities, certifiers (with the owners, the documents' policy target) and documents.
    assert with_fifty == with_ten == 8
