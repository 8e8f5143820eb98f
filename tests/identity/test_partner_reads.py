"""What a partner's access token reaches: projects with projects:read but not tax IDs, contact
data or financing; no credit blocks without credits:read; no mutation at all; 100 requests a
minute and then 429 with Retry-After; the SDL at /graphql/schema."""

from __future__ import annotations

import time
from decimal import Decimal

import httpx
import pytest

from backend.models.enums import (
    FinancingInstrument,
    FinancingStatus,
    OrganisationType,
    ProjectStatus,
    Role,
)
from backend.models.financing import Financing
from backend.models.organisation import Organisation
from backend.models.project import Project
from backend.services import throttling
from tests.factories import ledger_size, make_member, make_project
from tests.identity.partners import access_token, graphql, partner_client

PROJECTS = """{
  projects {
    totalCount
    edges { node { id title owners { organisation { name taxId email phone } } } }
  }
}"""
FINANCING = "query($id: ID!) { project(id: $id) { title financings { amount terms } } }"
BLOCKS = "{ creditBlocks { totalCount edges { node { serial } } } }"


@pytest.fixture(autouse=True)
def still_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Time stands still, so no bucket refills while a test counts requests (one per 0.6 s
    at 100 a minute would otherwise let a slow run through)."""
    now = time.monotonic()
    monkeypatch.setattr(throttling, "clock", lambda: now)


def codes(result: dict) -> list[str]:
    return [error["extensions"]["code"] for error in result.get("errors", [])]


async def test_projects_read_sees_projects_but_not_tax_ids_contact_data_or_financing(
    http: httpx.AsyncClient,
) -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    project = await make_project(developer, ProjectStatus.AUTHORISED)
    await Financing.create(
        project=project,
        from_name="Green Bank",
        amount=Decimal("125000.00"),
        instrument=FinancingInstrument.LOAN,
        is_public=False,
        is_international=True,
        terms="5 years at 2 %",
        status=FinancingStatus.APPROVED,
        requested_by=developer.organisation,
    )
    token = await access_token(http, await partner_client(["projects:read"]))

    listed = await graphql(http, token, PROJECTS)
    assert "errors" not in listed
    node = listed["data"]["projects"]["edges"][0]["node"]
    assert node["title"] == project.title
    owner = node["owners"][0]["organisation"]
    assert owner["name"] == developer.organisation.name
    assert owner["taxId"] is None and owner["email"] is None and owner["phone"] is None

    financed = await graphql(http, token, FINANCING, id=str(project.id))
    # financings is non-null, so the refusal nulls up to the nullable root (data: null).
    assert financed["data"] is None
    assert codes(financed) == ["FORBIDDEN"]
    assert financed["errors"][0]["path"] == ["project", "financings"]
    assert "125000" not in str(financed)

    # The same project's owner sees what the partner may not: the test can fail.
    own = await graphql(http, developer.token, FINANCING, id=str(project.id))
    assert own["data"]["project"]["financings"][0]["amount"] == "125000.00"


async def test_without_credits_read_no_blocks_and_with_it_blocks(http: httpx.AsyncClient) -> None:
    without = await access_token(http, await partner_client(["projects:read", "public"]))
    refused = await graphql(http, without, BLOCKS)
    assert refused["data"] is None and codes(refused) == ["FORBIDDEN"]
    nested = await graphql(http, without, "{ balances { active } }")
    assert codes(nested) == ["FORBIDDEN"]
    with_credits = await access_token(http, await partner_client(["credits:read"]))
    allowed = await graphql(http, with_credits, BLOCKS)
    assert "errors" not in allowed and allowed["data"]["creditBlocks"]["totalCount"] == 0
    projects = await graphql(http, with_credits, "{ projects { totalCount } }")
    assert codes(projects) == ["FORBIDDEN"]


async def test_a_client_changes_nothing(http: httpx.AsyncClient) -> None:
    token = await access_token(
        http,
        await partner_client(
            ["public", "projects:read", "credits:read", "reports:read", "ledger:read"]
        ),
    )
    organisations, size = await Organisation.all().count(), await ledger_size()
    result = await graphql(
        http,
        token,
        """mutation { registerOrganisation(input: {organisation: {name: "X", taxId: "T-1",
        type: DEVELOPER, email: "x@example.org"}, adminEmail: "a@example.org", adminName: "A",
        adminPassword: "correct horse battery"}) { message } }""",
    )
    assert codes(result) == ["FORBIDDEN"]
    assert await Organisation.all().count() == organisations
    assert await ledger_size() == size
    assert await Project.all().count() == 0
    viewer = await graphql(http, token, "{ viewer { email } }")
    assert codes(viewer) == ["FORBIDDEN"]


async def test_the_101st_request_in_a_minute_gets_429_with_retry_after(
    http: httpx.AsyncClient,
) -> None:
    token = await access_token(http, await partner_client(["ledger:read"]))
    headers = {"Authorization": f"Bearer {token}"}
    query = {"query": "{ ledgerCheckpoint { size } }"}
    statuses = [
        (await http.post("/graphql", json=query, headers=headers)).status_code for _ in range(100)
    ]
    assert statuses == [200] * 100
    over = await http.post("/graphql", json=query, headers=headers)
    assert over.status_code == 429
    assert 1 <= int(over.headers["retry-after"]) <= 60
    assert over.json()["code"] == "TOO_MANY_REQUESTS"
    other = await access_token(http, await partner_client(["ledger:read"]))
    fresh = await http.post("/graphql", json=query, headers={"Authorization": f"Bearer {other}"})
    assert fresh.status_code == 200  # limits are per client


async def test_the_sdl_is_published(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql/schema")
    assert response.status_code == 200
    assert "type Query" in response.text and "createApiClient(" in response.text


async def test_anonymous_graphql_is_limited_per_address(http: httpx.AsyncClient) -> None:
    from backend.web.rate_limits import ANONYMOUS_PER_MINUTE

    query = {"query": "{ __typename }"}
    statuses = {
        (await http.post("/graphql", json=query)).status_code for _ in range(ANONYMOUS_PER_MINUTE)
    }
    assert statuses == {200}
    over = await http.post("/graphql", json=query)
    assert over.status_code == 429 and int(over.headers["retry-after"]) >= 1
    assert (await http.get("/healthz")).status_code == 200  # other routes are not counted here
