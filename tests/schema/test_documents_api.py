"""Documents through GraphQL: the document query's authorisation, and acceptDocument /
rejectDocument for every organisation type x role (plus anonymous), expected outcomes read from
the policy table with the real project target. A refusal changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from backend import policy
from backend.models.document import Document
from backend.models.enums import DocumentStatus, OrganisationType, Role
from backend.policy import Action
from backend.services.access import project_target
from tests.conftest import GraphQLClient, error_code
from tests.factories import Member, ledger_size, make_document, make_member, make_project

FIELDS = """id kind status filename sha256 size mediaType version uploadedAt decidedAt projectId
  downloadPath organisation { id name }"""
QUERY = f"query($id: ID!) {{ document(id: $id) {{ {FIELDS} }} }}"
DECISIONS = {
    "acceptDocument": "mutation($id: ID!) { acceptDocument(id: $id) "
    "{ document { id status decidedAt } ledgerSeq } }",
    "rejectDocument": 'mutation($id: ID!) { rejectDocument(input: {id: $id, reason: "unsigned"}) '
    "{ document { id status } ledgerSeq } }",
}


async def everyone() -> dict[str, Member | None]:
    members: dict[str, Member | None] = {"anonymous": None}
    for kind, role in sorted(policy.ALL_PAIRS):
        members[f"{kind.value}/{role.value}"] = await make_member(kind, role)
    return members


async def snapshot() -> tuple[Any, ...]:
    rows = await Document.all().order_by("id").values_list("id", "status", "decided_at")
    return (await ledger_size(), tuple(rows))


async def test_the_document_query_shows_what_is_known_of_a_document(gql: GraphQLClient) -> None:
    owner = await make_member()
    project = await make_project(owner)
    row = await Document.get(id=project.design_document_id)

    result = await gql.as_(owner.token)(QUERY, id=str(row.id))

    assert "errors" not in result, result
    assert result["data"]["document"] == {
        "id": str(row.id),
        "kind": "DESIGN",
        "status": "PENDING",
        "filename": row.filename,
        "sha256": row.sha256,
        "size": row.size,
        "mediaType": "application/pdf",
        "version": 1,
        "uploadedAt": row.created_at.isoformat(),
        "decidedAt": None,
        "projectId": str(project.id),
        "downloadPath": f"/documents/{row.id}",
        "organisation": {"id": str(owner.organisation.id), "name": owner.organisation.name},
    }


async def test_the_document_query_is_authorised_as_the_download(gql: GraphQLClient) -> None:
    owner = await make_member()
    certifier = await make_member(OrganisationType.CERTIFIER, Role.VIEWER)
    project = await make_project(owner, certifiers=(certifier.organisation,))
    loose = await make_document(owner)
    target = await project_target(project.id)

    for who, member in (await everyone()).items():
        token = member.token if member else None
        attached = await gql.as_(token)(QUERY, id=str(project.design_document_id))
        unattached = await gql.as_(token)(QUERY, id=str(loose.id))
        if member is None:
            assert error_code(attached) == error_code(unattached) == "UNAUTHENTICATED"
            continue
        allowed = policy.can(member.principal, Action.READ_PROJECT_DOCUMENTS, target=target)
        assert error_code(attached) == (None if allowed else "FORBIDDEN"), who
        assert error_code(unattached) == "NOT_FOUND", who
    result = await gql.as_(certifier.token)(QUERY, id=str(project.design_document_id))
    assert result["data"]["document"]["id"] == str(project.design_document_id)
    assert error_code(await gql.as_(owner.token)(QUERY, id="nope")) == "NOT_FOUND"


@pytest.mark.parametrize("name", sorted(DECISIONS))
@pytest.mark.parametrize("scope", [1, 7])  # ministries in the matrix hold scope 1
async def test_decision_matrix(name: str, scope: int, gql: GraphQLClient) -> None:
    owner = await make_member()
    certifier = await make_member(OrganisationType.CERTIFIER, Role.ADMIN)
    outcomes: dict[str, bool] = {}
    for who, member in (await everyone()).items():
        project = await make_project(owner, scope=scope, certifiers=(certifier.organisation,))
        document_id = project.design_document_id
        expected = member is not None and policy.can(
            member.principal, Action.DOCUMENT_DECIDE, target=await project_target(project.id)
        )
        before = await snapshot()
        result = await gql.as_(member.token if member else None)(
            DECISIONS[name], id=str(document_id)
        )
        outcomes[who] = "errors" not in result
        if expected:
            assert "errors" not in result, (who, result)
            status = "ACCEPTED" if name == "acceptDocument" else "REJECTED"
            assert result["data"][name]["document"]["status"] == status
            assert result["data"][name]["ledgerSeq"] == before[0]
            assert await ledger_size() == before[0] + 1
        else:
            want = "UNAUTHENTICATED" if member is None else "FORBIDDEN"
            assert error_code(result) == want, (who, result)
            assert await snapshot() == before, who
    deciders = {"GOVERNMENT/ADMIN", "GOVERNMENT/MANAGER"}
    if scope == 1:
        deciders |= {"MINISTRY/ADMIN", "MINISTRY/MANAGER"}
    assert {who for who, ok in outcomes.items() if ok} == deciders


async def test_a_decided_document_is_a_conflict_and_unchanged(gql: GraphQLClient) -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    project = await make_project(await make_member())
    document_id = str(project.design_document_id)
    first = await gql.as_(government.token)(DECISIONS["acceptDocument"], id=document_id)
    assert first["data"]["acceptDocument"]["document"]["status"] == "ACCEPTED"
    before = await snapshot()

    for name in sorted(DECISIONS):
        result = await gql.as_(government.token)(DECISIONS[name], id=document_id)
        assert error_code(result) == "CONFLICT"
        assert result["errors"][0]["extensions"]["status"] == "ACCEPTED"
    assert await snapshot() == before
    row = await Document.get(id=project.design_document_id)
    assert row.status is DocumentStatus.ACCEPTED


async def test_reject_needs_a_reason(gql: GraphQLClient) -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.MANAGER)
    project = await make_project(await make_member())
    before = await snapshot()
    result = await gql.as_(government.token)(
        'mutation($id: ID!) { rejectDocument(input: {id: $id, reason: "  "}) { ledgerSeq } }',
        id=str(project.design_document_id),
    )
    assert error_code(result) == "BAD_USER_INPUT"
    assert await snapshot() == before
