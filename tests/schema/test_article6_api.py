"""Article 6.2 through the API: the GraphQL mutations and queries (refusal matrix, wrong
input, nothing changed on refusal) and the report endpoints over HTTP (who may read them)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from typing import Any

import httpx
import openpyxl
import pytest

from backend import policy
from backend.context import SESSION_COOKIE
from backend.models.article6 import Authorization, CooperativeApproach
from backend.models.enums import OrganisationType, ProjectStatus, Role
from backend.models.project import Project
from backend.policy import Action
from backend.services import article6
from tests.conftest import GraphQLClient, error_code
from tests.factories import Member, ledger_size, make_member, make_project
from tests.services.credit_helpers import government
from tests.services.test_article6 import approach as services_approach
from tests.services.test_article6 import authorization_input as services_authorization_input
from tests.services.test_article6 import issue_under
from tests.services.test_article6 import trading_project as services_trading_project

PAIRS = sorted(policy.ALL_PAIRS)
YEAR = datetime.now(UTC).year
TODAY = datetime.now(UTC).date().isoformat()

CREATE = """
mutation($input: CreateCooperativeApproachInput!) {
  createCooperativeApproach(input: $input) { ledgerSeq cooperativeApproach { id code name parties } }
}"""
AUTHORIZE = """
mutation($input: GrantArticle6AuthorisationInput!) {
  grantArticle6Authorisation(input: $input) {
    ledgerSeq
    authorization {
      id authorizationId projectId authorizedOn version quantity metric purpose sectors activityTypes
      authorizedParties authorizedEntities firstTransferDefinition cooperativeApproach { code }
      entityDetails { name country identificationNumber conditions }
    }
  }
}"""
READ = """
query($projectId: ID) {
  cooperativeApproaches { code parties }
  authorizations(projectId: $projectId) { authorizationId purpose cooperativeApproach { code name } }
}"""


def approach_input(code: str = "CA0004", **changes: Any) -> dict[str, Any]:
    return {"code": code, "name": "Vanuatu-Japan JCM", "parties": ["VUT", "JPN"], **changes}


async def trading_project() -> Project:
    project = await make_project(await make_member(), ProjectStatus.AUTHORISED)
    await Project.filter(id=project.id).update(article6_trading=True)
    return project


def authorize_input(project: Project, approach_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "projectId": str(project.id),
        "cooperativeApproachId": approach_id,
        "authorizationId": "VUT-A6-001",
        "authorizedOn": TODAY,
        "quantity": 5_000_000_000,
        "metric": "GHG",
        "purpose": "NDC",
        "sectors": ["Energy"],
        "authorizedParties": ["JPN"],
        "authorizedEntities": ["Japan Carbon Buyer K.K."],
        "entityDetails": [
            {
                "name": "Japan Carbon Buyer K.K.",
                "country": "JPN",
                "identificationNumber": "0100-01-123456",
            }
        ],
        **changes,
    }


async def counts() -> tuple[int, int, int]:
    return (
        await ledger_size(),
        await CooperativeApproach.all().count(),
        await Authorization.all().count(),
    )


async def test_create_cooperative_approach_matrix(gql: GraphQLClient) -> None:
    members: dict[str, Member | None] = {"anonymous": None}
    for kind, role in PAIRS:
        members[f"{kind.value}/{role.value}"] = await make_member(kind, role)
    for number, (label, member) in enumerate(members.items(), start=1):
        principal = member.principal if member else None
        allowed = policy.can(principal, Action.ARTICLE6_MANAGE)
        before = await counts()
        result = await gql.as_(member.token if member else None)(
            CREATE, input=approach_input(f"CA{number:04d}")
        )
        if allowed:
            assert result.get("errors") is None, (label, result)
            created = result["data"]["createCooperativeApproach"]
            assert created["cooperativeApproach"]["code"] == f"CA{number:04d}"
            assert created["ledgerSeq"] == before[0]
        else:
            assert error_code(result) == ("UNAUTHENTICATED" if member is None else "FORBIDDEN"), (
                label
            )
            assert await counts() == before, label
    assert sorted(
        label
        for label, m in members.items()
        if m and policy.can(m.principal, Action.ARTICLE6_MANAGE)
    ) == ["GOVERNMENT/ADMIN", "GOVERNMENT/MANAGER"]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"code": "CA04"}, "BAD_USER_INPUT"),
        ({"code": "XY1234"}, "BAD_USER_INPUT"),
        ({"parties": ["JPN", "CHE"]}, "BAD_USER_INPUT"),
        ({"parties": ["VUT", "NOPE"]}, "BAD_USER_INPUT"),
        ({"name": " "}, "BAD_USER_INPUT"),
        ({"code": "CA0004"}, "CONFLICT"),
    ],
)
async def test_create_cooperative_approach_wrong_input(
    gql: GraphQLClient, changes: dict[str, Any], code: str
) -> None:
    gov = await make_member(OrganisationType.GOVERNMENT, Role.MANAGER)
    assert error_code(await gql.as_(gov.token)(CREATE, input=approach_input())) is None
    before = await counts()
    result = await gql.as_(gov.token)(CREATE, input=approach_input(**changes))
    assert error_code(result) == code
    assert await counts() == before


async def test_authorize_project_and_read_it_back(gql: GraphQLClient) -> None:
    gov = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    project = await trading_project()
    created = await gql.as_(gov.token)(CREATE, input=approach_input())
    approach_id = created["data"]["createCooperativeApproach"]["cooperativeApproach"]["id"]
    result = await gql.as_(gov.token)(AUTHORIZE, input=authorize_input(project, approach_id))
    assert result.get("errors") is None, result
    payload = result["data"]["grantArticle6Authorisation"]
    assert payload["ledgerSeq"] == await ledger_size() - 1
    assert payload["authorization"] | {"id": None} == {
        "id": None,
        "authorizationId": "VUT-A6-001",
        "projectId": str(project.id),
        "authorizedOn": TODAY,
        "version": 1,
        "quantity": 5_000_000_000,
        "metric": "GHG",
        "purpose": "NDC",
        "sectors": ["Energy"],
        "activityTypes": [],
        "authorizedParties": ["JPN"],
        "authorizedEntities": ["Japan Carbon Buyer K.K."],
        "firstTransferDefinition": None,
        "cooperativeApproach": {"code": "CA0004"},
        "entityDetails": [
            {
                "name": "Japan Carbon Buyer K.K.",
                "country": "JPN",
                "identificationNumber": "0100-01-123456",
                "conditions": None,
            }
        ],
    }
    viewer = await make_member(OrganisationType.PARTNER, Role.VIEWER)
    read = await gql.as_(viewer.token)(READ, projectId=str(project.id))
    assert read["data"] == {
        "cooperativeApproaches": [{"code": "CA0004", "parties": ["VUT", "JPN"]}],
        "authorizations": [
            {
                "authorizationId": "VUT-A6-001",
                "purpose": "NDC",
                "cooperativeApproach": {"code": "CA0004", "name": "Vanuatu-Japan JCM"},
            }
        ],
    }
    assert (await gql.as_(viewer.token)(READ, projectId="999999"))["data"]["authorizations"] == []
    assert error_code(await gql(READ)) == "UNAUTHENTICATED"


async def test_authorize_project_refusals_change_nothing(gql: GraphQLClient) -> None:
    gov = await make_member(OrganisationType.GOVERNMENT, Role.MANAGER)
    project = await trading_project()
    approved = await make_project(await make_member(), ProjectStatus.APPROVED)
    await Project.filter(id=approved.id).update(article6_trading=True)
    created = await gql.as_(gov.token)(CREATE, input=approach_input())
    approach_id = created["data"]["createCooperativeApproach"]["cooperativeApproach"]["id"]
    assert (
        error_code(await gql.as_(gov.token)(AUTHORIZE, input=authorize_input(project, approach_id)))
        is None
    )
    cases: list[tuple[Member | None, dict[str, Any], str]] = [
        (None, authorize_input(project, approach_id, authorizationId="B1"), "UNAUTHENTICATED"),
        (
            await make_member(OrganisationType.DEVELOPER, Role.ADMIN),
            authorize_input(project, approach_id, authorizationId="B2"),
            "FORBIDDEN",
        ),
        (
            await make_member(OrganisationType.GOVERNMENT, Role.VIEWER),
            authorize_input(project, approach_id, authorizationId="B3"),
            "FORBIDDEN",
        ),
        (
            await make_member(OrganisationType.MINISTRY, Role.MANAGER),
            authorize_input(project, approach_id, authorizationId="B4"),
            "FORBIDDEN",
        ),
        (
            await make_member(OrganisationType.PARTNER, Role.ADMIN),
            authorize_input(project, approach_id, authorizationId="B5"),
            "FORBIDDEN",
        ),
        (gov, authorize_input(project, approach_id), "CONFLICT"),  # the authorization ID is taken
        (gov, authorize_input(approved, approach_id, authorizationId="B6"), "CONFLICT"),
        (
            gov,
            authorize_input(project, approach_id, authorizationId="B7", purpose="OIMP"),
            "BAD_USER_INPUT",
        ),
        (
            gov,
            authorize_input(project, approach_id, authorizationId="B8", purpose="NDC_AND_OIMP"),
            "BAD_USER_INPUT",
        ),
        (
            gov,
            authorize_input(
                project, approach_id, authorizationId="B9", firstTransferDefinition="ISSUANCE"
            ),
            "BAD_USER_INPUT",
        ),
        (
            gov,
            authorize_input(project, approach_id, authorizationId="B10", quantity=0),
            "BAD_USER_INPUT",
        ),
        (
            gov,
            authorize_input(
                project, approach_id, authorizationId="B11", entityDetails=[{"name": "Nobody"}]
            ),
            "BAD_USER_INPUT",
        ),
        (
            gov,
            authorize_input(project, approach_id, authorizationId="B12", authorizedParties=["USA"]),
            "BAD_USER_INPUT",
        ),
        (gov, authorize_input(project, "999999", authorizationId="B13"), "NOT_FOUND"),
        (
            gov,
            authorize_input(project, approach_id, authorizationId="B14", projectId="x"),
            "NOT_FOUND",
        ),
    ]
    before = await counts()
    for member, variables, code in cases:
        result = await gql.as_(member.token if member else None)(AUTHORIZE, input=variables)
        assert error_code(result) == code, (variables, result)
        assert await counts() == before
    ok = await gql.as_(gov.token)(
        AUTHORIZE,
        input=authorize_input(
            project,
            approach_id,
            authorizationId="B15",
            purpose="NDC_AND_OIMP",
            firstTransferDefinition="ISSUANCE",
        ),
    )
    assert ok["data"]["grantArticle6Authorisation"]["authorization"]["firstTransferDefinition"] == "ISSUANCE"


# -- The report endpoints -------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get(http: httpx.AsyncClient, path: str, member: Member | None, *, cookie: bool = False) -> Any:
    http.cookies.clear()
    if member is not None and cookie:
        http.cookies.set(SESSION_COOKIE, member.token)
        return http.get(path)
    headers = {"Authorization": f"Bearer {member.token}"} if member else {}
    return http.get(path, headers=headers)


async def test_report_endpoints_are_for_government_and_partner_users(
    http: httpx.AsyncClient,
) -> None:
    members: dict[str, Member | None] = {"anonymous": None}
    for kind, role in PAIRS:
        members[f"{kind.value}/{role.value}"] = await make_member(kind, role)
    paths = [
        f"/reports/aef?year={YEAR}&format=xlsx",
        f"/reports/aef?year={YEAR}&format=csv",
        "/reports/cadt?format=json",
        "/reports/cadt?format=xlsx",
    ]
    seen = set()
    for label, member in members.items():
        allowed = policy.can(member.principal if member else None, Action.READ_REPORTS)
        for path in paths:
            response = await _get(http, path, member)
            expected = 200 if allowed else 401 if member is None else 403
            assert response.status_code == expected, (label, path, response.text)
            if expected != 200:
                assert response.json()["code"] == (
                    "UNAUTHENTICATED" if member is None else "FORBIDDEN"
                )
            seen.add((label.split("/")[0], response.status_code))
    assert seen == {
        ("anonymous", 401),
        ("GOVERNMENT", 200),
        ("PARTNER", 200),
        ("DEVELOPER", 403),
        ("CERTIFIER", 403),
        ("MINISTRY", 403),
    }


async def test_report_files_have_their_type_and_name(http: httpx.AsyncClient) -> None:
    gov = await make_member(OrganisationType.GOVERNMENT, Role.VIEWER)
    partner = await make_member(OrganisationType.PARTNER, Role.MANAGER)
    aef = await _get(http, f"/reports/aef?year={YEAR}&format=xlsx", gov, cookie=True)
    assert aef.status_code == 200
    assert aef.headers["content-type"] == XLSX
    assert aef.headers["content-disposition"] == f'attachment; filename="aef-VUT-{YEAR}.xlsx"'
    assert openpyxl.load_workbook(io.BytesIO(aef.content)).sheetnames == [
        "T1",
        "T2",
        "T3",
        "T4",
        "T5",
    ]
    zipped = await _get(http, f"/reports/aef?year={YEAR}&format=csv", partner)
    assert zipped.headers["content-type"] == "application/zip"
    assert len(zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()) == 5
    cadt = await _get(http, "/reports/cadt", partner)
    assert cadt.headers["content-type"] == "application/json"
    assert cadt.headers["content-disposition"].startswith('attachment; filename="cadt-VUT-')
    assert set(json.loads(cadt.content)) == {
        "project",
        "location",
        "estimation",
        "validation",
        "verification",
        "issuance",
        "unit",
        "label",
        "co_benefit",
    }
    workbook = await _get(http, "/reports/cadt?format=xlsx", partner)
    assert workbook.headers["content-type"] == XLSX


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?year=",
        "?year=abc",
        "?year=2020",
        f"?year={YEAR + 1}",
        "?year=20251",
        "?year=-2025",
        f"?year={YEAR}&format=pdf",
        f"?year={YEAR}&format=json",
    ],
)
async def test_a_bad_year_or_format_is_a_400(http: httpx.AsyncClient, query: str) -> None:
    gov = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    response = await _get(http, "/reports/aef" + query, gov)
    assert response.status_code == 400 and response.json()["code"] == "BAD_USER_INPUT"
    # Anonymous callers learn nothing about the query: they must sign in first.
    assert (await _get(http, "/reports/aef" + query, None)).status_code == 401


async def test_a_bad_cadt_format_is_a_400(http: httpx.AsyncClient) -> None:
    partner = await make_member(OrganisationType.PARTNER, Role.VIEWER)
    response = await _get(http, "/reports/cadt?format=csv", partner)
    assert response.status_code == 400 and response.json()["code"] == "BAD_USER_INPUT"


FIRST_TRANSFER = """mutation($block: ID!, $country: String!) {
  retireCredits(input: {blockId: $block, quantity: 10, kind: FIRST_TRANSFER,
    beneficiary: "Buyer", acquiringCountry: $country}) {
    ledgerSeq retirement { acquiringCountry status }
  }
}"""


async def test_first_transfers_through_the_api_go_only_to_authorized_parties(
    gql: GraphQLClient,
) -> None:
    gov, owner = await government(), await make_member()
    project = await services_trading_project(owner)
    await article6.authorize(
        principal=gov.principal,
        **services_authorization_input(project, await services_approach(gov)),
    )
    [block, *_] = await issue_under(gov, project, 100)
    before = await ledger_size()
    for country, words in [("CHE", "does not authorize CHE"), ("VUT", "another Party")]:
        refused = await gql.as_(owner.token)(FIRST_TRANSFER, block=str(block.id), country=country)
        assert error_code(refused) == "BAD_USER_INPUT"
        assert words in refused["errors"][0]["message"]
        assert refused["errors"][0]["extensions"]["field"] == "acquiringCountry"
    assert await ledger_size() == before
    done = await gql.as_(owner.token)(FIRST_TRANSFER, block=str(block.id), country="JPN")
    assert done.get("errors") is None, done
    assert done["data"]["retireCredits"]["retirement"] == {
        "acquiringCountry": "JPN",
        "status": "REQUESTED",
    }
