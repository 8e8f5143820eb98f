"""The viewerMay fields over GraphQL: the same project and block read by different roles show
each only its own actions (the lists' rules are tested against the mutations in
tests/services/test_viewer_actions_*.py)."""

from __future__ import annotations

from backend.models.credit import Account, CreditBlock
from backend.models.enums import OrganisationType, ProjectStatus, Role
from tests.conftest import GraphQLClient
from tests.factories import make_member, make_project
from tests.services.credit_helpers import issue

QUERY = """
query ($id: ID!) {
  project(id: $id) { viewerMay certifiers { viewerMay } owners { organisation { viewerMay } } }
  creditBlocks { edges { node { id viewerMay } } }
  viewer { viewerMay }
}
"""


async def test_each_role_reads_its_own_actions(gql: GraphQLClient) -> None:
    owner = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    developer_viewer = await make_member(
        OrganisationType.DEVELOPER, Role.VIEWER, organisation=owner.organisation
    )
    pending = await make_project(owner, ProjectStatus.PENDING)
    _, blocks = await issue(owner, 100)
    held = await Account.get(organisation_id=owner.organisation.id)
    block = next(b for b in blocks if b.holder_id == held.id)

    as_owner = await gql.as_(owner.token)(QUERY, id=str(pending.id))
    assert "errors" not in as_owner, as_owner
    assert as_owner["data"]["project"]["viewerMay"] == ["ASSIGN_CERTIFIER", "REQUEST_FINANCING"]
    assert as_owner["data"]["project"]["owners"][0]["organisation"]["viewerMay"] == ["INVITE_USER"]
    nodes = {
        e["node"]["id"]: e["node"]["viewerMay"] for e in as_owner["data"]["creditBlocks"]["edges"]
    }
    assert nodes[str(block.id)] == ["TRANSFER", "RETIRE"]
    assert as_owner["data"]["viewer"]["viewerMay"] == []  # never oneself

    as_government = await gql.as_(government.token)(QUERY, id=str(pending.id))
    assert as_government["data"]["project"]["viewerMay"] == [
        "APPROVE",
        "REJECT",
        "ASSIGN_CERTIFIER",
    ]
    assert as_government["data"]["project"]["owners"][0]["organisation"]["viewerMay"] == [
        "SUSPEND",
        "INVITE_USER",
    ]

    as_viewer = await gql.as_(developer_viewer.token)(QUERY, id=str(pending.id))
    assert as_viewer["data"]["project"]["viewerMay"] == []
    nodes = {
        e["node"]["id"]: e["node"]["viewerMay"] for e in as_viewer["data"]["creditBlocks"]["edges"]
    }
    assert nodes[str(block.id)] == []
    assert await CreditBlock.filter(id=block.id).count() == 1
