"""The dashboard and the public transparency queries through the API: who sees which figures
(government all, a developer its own, anonymous refused), the organisation filter refused to
others, and public queries that show only public fields of AUTHORISED projects."""

from __future__ import annotations

from typing import Any

import pytest

from backend.models.dashboard import DashboardTotal
from backend.models.enums import OrganisationType, ProjectStatus, Role
from backend.schema import schema
from backend.services.credits import transfers
from tests.conftest import GraphQLClient, error_code
from tests.factories import Member, ledger_size, make_member
from tests.services.credit_helpers import government
from tests.services.dashboard_helpers import authorised, issue_on, submit

DASHBOARD = """query($f: DashboardFilter) { dashboard(filter: $f) {
  projectsByStatus { key count } credits { estimated issued transferred retired cancelled }
  creditsByVintage { key issued } pendingWork { key count } recentActivity { seq type } } }"""
CANCELLED = 1  # OMGE: 2 % of 90, rounded down (the country file)
PUBLIC = """query($s: String) { publicTotals { issued retired authorisedProjects
  retiredByKind { key count } projectsByRegion { key count }
  projectsByFirstLevelRegion { key count } }
  publicProjects(first: 10, search: $s) { totalCount edges { cursor node { id serialNumber title
  sector sectoralScope developerName regions geometry creditsIssued creditsRetired } }
  pageInfo { hasNextPage } } }"""


async def _registry() -> tuple[Member, Member, Member]:
    gov, a, b = await government(), await make_member(), await make_member()
    project = await authorised(a, gov, regions=("Efate", "Tanna"))
    _, [block, *_] = await issue_on(project, gov)
    await transfers.transfer_credits(
        principal=a.principal, block_id=block.id, quantity=10, to_organisation_id=b.organisation.id
    )
    await submit(b, sector="Waste")  # PENDING: not public
    return gov, a, b


async def _unchanged() -> tuple[int, int]:
    return await ledger_size(), await DashboardTotal.all().count()


def _credits(result: dict[str, Any]) -> dict[str, int]:
    return dict(result["data"]["dashboard"]["credits"])


async def test_anonymous_is_refused_and_nothing_changes(gql: GraphQLClient) -> None:
    await _registry()
    before = await _unchanged()
    result = await gql(DASHBOARD)
    assert error_code(result) == "UNAUTHENTICATED" and result["data"] is None
    assert await _unchanged() == before


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.VIEWER])
async def test_government_sees_the_whole_registry(gql: GraphQLClient, role: Role) -> None:
    await _registry()
    viewer = await make_member(OrganisationType.GOVERNMENT, role)
    result = await gql.as_(viewer.token)(DASHBOARD)
    assert "errors" not in result, result
    assert _credits(result) == {
        "estimated": 240_000, "issued": 90, "transferred": 10, "retired": 0, "cancelled": CANCELLED,
    }  # fmt: skip
    board = result["data"]["dashboard"]
    assert board["projectsByStatus"] == [
        {"key": "AUTHORISED", "count": 1},
        {"key": "PENDING", "count": 1},
    ]
    assert board["pendingWork"] == [{"key": "PROJECT_APPROVAL", "count": 1}]
    assert [e["type"] for e in board["recentActivity"]] == [
        "project.submitted", "credits.transferred", "credits.issued", "project.authorised",
        "project.approved", "project.submitted",
    ]  # fmt: skip


async def test_a_developer_sees_its_own_figures_only(gql: GraphQLClient) -> None:
    _, a, b = await _registry()
    mine = await gql.as_(b.token)(DASHBOARD)
    assert _credits(mine)["issued"] == 0 and _credits(mine)["transferred"] == 10
    assert mine["data"]["dashboard"]["projectsByStatus"] == [{"key": "PENDING", "count": 1}]
    own = await gql.as_(b.token)(DASHBOARD, f={"organisationId": str(b.organisation.id)})
    assert own["data"] == mine["data"]
    owner = await gql.as_(a.token)(DASHBOARD)
    assert _credits(owner)["issued"] == 90
    assert owner["data"]["dashboard"]["projectsByStatus"] == [{"key": "AUTHORISED", "count": 1}]


@pytest.mark.parametrize(
    "kind", [OrganisationType.DEVELOPER, OrganisationType.CERTIFIER, OrganisationType.PARTNER]
)
async def test_the_organisation_filter_is_forbidden_to_others(
    gql: GraphQLClient, kind: OrganisationType
) -> None:
    gov, a, _ = await _registry()
    other = await make_member(kind, Role.ADMIN)
    before = await _unchanged()
    refused = await gql.as_(other.token)(DASHBOARD, f={"organisationId": str(a.organisation.id)})
    assert error_code(refused) == "FORBIDDEN" and refused["data"] is None
    assert await _unchanged() == before
    allowed = await gql.as_(gov.token)(DASHBOARD, f={"organisationId": str(a.organisation.id)})
    assert _credits(allowed)["issued"] == 90


async def test_bad_filters_are_refused(gql: GraphQLClient) -> None:
    gov, _, _ = await _registry()
    before = await _unchanged()
    backwards = await gql.as_(gov.token)(DASHBOARD, f={"from": "2026-02-01", "to": "2026-01-01"})
    assert error_code(backwards) == "BAD_USER_INPUT"
    unknown = await gql.as_(gov.token)(DASHBOARD, f={"organisationId": "nope"})
    assert error_code(unknown) == "NOT_FOUND"
    not_a_date = await gql.as_(gov.token)(DASHBOARD, f={"from": "yesterday"})
    assert not_a_date.get("errors")
    assert await _unchanged() == before


async def test_public_queries_need_no_sign_in_and_show_only_authorised_projects(
    gql: GraphQLClient,
) -> None:
    _, a, _ = await _registry()
    result = await gql(PUBLIC)
    assert "errors" not in result, result
    totals = result["data"]["publicTotals"]
    assert (totals["issued"], totals["retired"], totals["authorisedProjects"]) == (90, 0, 1)
    assert totals["projectsByRegion"] == [
        {"key": "Efate", "count": 1},
        {"key": "Tanna", "count": 1},
    ]
    provinces = {c["key"]: c["count"] for c in totals["projectsByFirstLevelRegion"]}
    assert provinces == {  # "Efate", "Tanna" name islands, not provinces, and it has no point
        "Malampa": 0, "Penama": 0, "Sanma": 0, "Shefa": 0, "Tafea": 0, "Torba": 0,
    }  # fmt: skip
    page = result["data"]["publicProjects"]
    assert page["totalCount"] == 1 and page["pageInfo"]["hasNextPage"] is False
    [edge] = page["edges"]
    node = edge["node"]
    assert node["developerName"] == a.organisation.name
    assert (node["sector"], node["regions"], node["creditsIssued"]) == (
        "Energy", ["Efate", "Tanna"], 90,
    )  # fmt: skip
    assert node["serialNumber"].startswith("VU-")
    nothing = await gql(PUBLIC, s="no such title")
    assert nothing["data"]["publicProjects"]["totalCount"] == 0


def test_public_types_have_only_public_fields() -> None:
    fields = set(schema._schema.type_map["PublicProject"].fields)  # type: ignore[attr-defined]
    assert fields == {
        "id", "serialNumber", "title", "sector", "sectoralScope", "developerName", "regions",
        "geometry", "creditsIssued", "creditsRetired",
    }  # fmt: skip


async def test_a_private_field_cannot_be_asked_of_a_public_project(gql: GraphQLClient) -> None:
    await _registry()
    result = await gql("{ publicProjects { edges { node { id estimatedCost owners { id } } } } }")
    assert result.get("errors") and result.get("data") is None
    assert ProjectStatus.AUTHORISED.value == "AUTHORISED"
