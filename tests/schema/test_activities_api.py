"""Activities through GraphQL: the seed's "Project Activities" columns, its filters and search,
the monitoring mutations' mapping, wrong states as CONFLICT, and a constant number of SQL
statements for the list with each activity's project, owners and reports."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from backend.models.enums import (
    ActivityStatus,
    DocumentKind,
    OrganisationType,
    ProjectStatus,
    Role,
)
from backend.models.project import Project
from tests.conftest import GraphQLClient, error_code
from tests.factories import Member, make_document, make_member, make_organisation, make_project
from tests.project_inputs import make_activity, state

LIST = """query($status: ActivityStatus, $search: String, $project: ID) {
  activities(status: $status, search: $search, projectId: $project) { totalCount edges { node {
    code createdAt type status estimatedCredits verifiedCredits coBenefits
    project { title sector owners { organisation { name } } }
    monitoringReports { periodStart periodEnd claimedReductions verifiedQuantity status
      document { sha256 } } } } } }"""
ADD = """mutation($input: AddActivityInput!) { addActivity(input: $input) {
  ledgerSeq activity { id code type status estimatedCredits coBenefits } } }"""
SUBMIT = """mutation($input: SubmitMonitoringReportInput!) { submitMonitoringReport(input: $input) {
  ledgerSeq report { id status claimedReductions } activity { code } } }"""
VERIFY = """mutation($input: VerifyMonitoringReportInput!) { verifyMonitoringReport(input: $input) {
  ledgerSeq report { status verifiedQuantity verifiedBy { id } } } }"""


async def test_the_list_has_the_seeds_columns_filters_and_search(gql: GraphQLClient) -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    partner = await make_member(OrganisationType.PARTNER, Role.VIEWER)
    solar = await make_project(developer, ProjectStatus.APPROVED)
    wind = await make_project(developer, ProjectStatus.AUTHORISED)
    await Project.filter(id=wind.id).update(title="Wind Tanna", sector="Transport")
    first = await make_activity(solar, reports=1)
    second = await make_activity(wind, ActivityStatus.APPROVED)
    ask = gql.as_(partner.token)
    everything = (await ask(LIST))["data"]["activities"]
    assert everything["totalCount"] == 2
    newest, oldest = (e["node"] for e in everything["edges"])
    assert (newest["code"], oldest["code"]) == (second.code, first.code)
    assert newest["project"] == {
        "title": "Wind Tanna",
        "sector": "Transport",
        "owners": [{"organisation": {"name": developer.organisation.name}}],
    }
    assert (oldest["type"], oldest["status"], oldest["coBenefits"]) == ("M", "PENDING", [7])
    report = oldest["monitoringReports"][0]
    assert (report["claimedReductions"], report["status"], report["document"]) == (
        100, "SUBMITTED", None  # a partner does not read the project's documents
    )  # fmt: skip

    async def codes(**variables: Any) -> list[str]:
        result = await ask(LIST, **variables)
        return [e["node"]["code"] for e in result["data"]["activities"]["edges"]]

    assert await codes(status="APPROVED") == [second.code]
    assert await codes(status="PENDING") == [first.code]
    assert await codes(search="tanna") == [second.code]
    assert await codes(project=str(solar.id)) == [first.code]
    assert error_code(await gql(LIST)) == "UNAUTHENTICATED"


async def test_add_submit_and_verify_map_their_inputs(gql: GraphQLClient) -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    certifier = await make_member(OrganisationType.CERTIFIER, Role.ADMIN)
    project = await make_project(
        developer, ProjectStatus.APPROVED, certifiers=(certifier.organisation,)
    )
    added = await gql.as_(developer.token)(
        ADD,
        input={"projectId": str(project.id), "type": "E", "title": "Training",
               "methodology": "Own", "estimatedCredits": 2**40, "coBenefits": [4, 5]},
    )  # fmt: skip
    assert "errors" not in added, added
    node = added["data"]["addActivity"]["activity"]
    assert (node["code"], node["estimatedCredits"]) == (f"{project.number:03d}-E-001", 2**40)
    document = await make_document(developer, DocumentKind.MONITORING_REPORT)
    submitted = await gql.as_(developer.token)(
        SUBMIT,
        input={"activityId": node["id"], "periodStart": "2025-01-01", "periodEnd": "2025-12-31",
               "documentId": str(document.id), "claimedReductions": 3_000_000_000},
    )  # fmt: skip
    assert "errors" not in submitted, submitted
    report = submitted["data"]["submitMonitoringReport"]["report"]
    assert report["claimedReductions"] == 3_000_000_000  # beyond GraphQL's 32-bit Int
    verified = await gql.as_(certifier.token)(
        VERIFY, input={"reportId": report["id"], "verifiedQuantity": 2_999_999_999}
    )
    assert verified["data"]["verifyMonitoringReport"]["report"] == {
        "status": "VERIFIED",
        "verifiedQuantity": 2_999_999_999,
        "verifiedBy": {"id": str(certifier.organisation.id)},
    }
    again = await gql.as_(certifier.token)(
        VERIFY, input={"reportId": report["id"], "verifiedQuantity": 1}
    )
    assert error_code(again) == "CONFLICT"


@pytest.fixture
async def government() -> Member:
    return await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)


@pytest.mark.parametrize(
    ("status", "call"),
    [
        (ActivityStatus.APPROVED, 'rejectActivity(input: {id: $id, reason: "no"})'),
        (ActivityStatus.REJECTED, 'rejectActivity(input: {id: $id, reason: "no"})'),
        (ActivityStatus.REJECTED, "approveActivity(id: $id)"),
        (ActivityStatus.PENDING, "approveActivity(id: $id)"),  # nothing verified
    ],
)
async def test_wrong_states_are_conflicts(
    gql: GraphQLClient, government: Member, status: ActivityStatus, call: str
) -> None:
    project = await make_project(await make_member(), ProjectStatus.APPROVED)
    row = await make_activity(project, status, reports=1)
    before = await state()
    result = await gql.as_(government.token)(
        f"mutation($id: ID!) {{ {call} {{ ledgerSeq }} }}", id=str(row.id)
    )
    assert error_code(result) == "CONFLICT", result
    assert await state() == before


async def test_unknown_ids_are_not_found(gql: GraphQLClient, government: Member) -> None:
    before = await state()
    for call in ("approveActivity(id: $id)", 'rejectActivity(input: {id: $id, reason: "x"})',
                 "approveProject(id: $id)"):  # fmt: skip
        result = await gql.as_(government.token)(
            f"mutation($id: ID!) {{ {call} {{ ledgerSeq }} }}", id="424242"
        )
        assert error_code(result) == "NOT_FOUND", (call, result)
    assert await state() == before


async def _statements(gql: GraphQLClient, token: str, caplog: pytest.LogCaptureFixture) -> int:
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        result = await gql.as_(token)(LIST)
    assert "errors" not in result, result
    return sum(1 for r in caplog.records if r.name == "tortoise.db_client")


async def test_the_list_takes_a_constant_number_of_statements(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.VIEWER)

    async def more(count: int) -> None:
        for _ in range(count):
            owner = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
            project = await make_project(
                owner, ProjectStatus.APPROVED, co_owners=((await make_organisation(), "50"),)
            )
            await make_activity(project, reports=2)

    await more(3)
    few = await _statements(gql, government.token, caplog)
    await more(12)
    # session, count, page; projects, owners, organisations, reports; certifiers, documents
    assert await _statements(gql, government.token, caplog) == few == 9
