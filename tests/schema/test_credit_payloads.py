"""The credit mutations' own payloads (non-null on success), and their idempotencyKey: a retry
with the same key answers the first result and records nothing new."""

from __future__ import annotations

from backend.models.enums import OrganisationType, ProjectStatus, Role
from tests.conftest import GraphQLClient, error_code
from tests.factories import make_approved_report, make_member, make_project
from tests.schema.test_credits_api import snapshot
from tests.services.credit_helpers import deductions, government, issue

ISSUE = """mutation($id: ID!, $key: String) {
  issueCredits(input: {monitoringReportId: $id, idempotencyKey: $key}) {
    ledgerSeq issuance { id projectId monitoringReportId vintage quantity serialStart serialEnd }
  } }"""
TRANSFER = """mutation($block: ID!, $to: ID!, $key: String) {
  transferCredits(input: {blockId: $block, quantity: 10, toOrganisationId: $to,
                          idempotencyKey: $key}) {
    ledgerSeq transfer { quantity status toAccount { organisation { id } } }
  } }"""
RETIRE = """mutation($block: ID!, $key: String) {
  retireCredits(input: {blockId: $block, quantity: 3, kind: NDC_USE, beneficiary: "VU",
                        idempotencyKey: $key}) { ledgerSeq retirement { quantity status } } }"""
FREEZE = 'mutation { freezeTransfers(input: {reason: "audit"}) { ledgerSeq transfersFrozen } }'
UNFREEZE = "mutation { unfreezeTransfers { ledgerSeq transfersFrozen } }"


async def test_issue_credits_answers_the_issuance(gql: GraphQLClient) -> None:
    owner, gov = await make_member(), await government()
    project = await make_project(owner, ProjectStatus.AUTHORISED)
    report = await make_approved_report(project, 120)
    with deductions():
        before = await snapshot()
        done = await gql.as_(gov.token)(ISSUE, id=str(report.id), key="k-1")
        after = await snapshot()
        retried = await gql.as_(gov.token)(ISSUE, id=str(report.id), key="k-1")
    assert retried == done
    assert await snapshot() == after
    payload = done["data"]["issueCredits"]
    assert payload["ledgerSeq"] == before[0]
    issuance = payload["issuance"]
    assert issuance["projectId"] == str(project.id)
    assert issuance["monitoringReportId"] == str(report.id)
    assert issuance["quantity"] == 120
    assert issuance["serialEnd"] - issuance["serialStart"] + 1 == 120


async def test_transfer_and_retire_answer_their_own_payloads(gql: GraphQLClient) -> None:
    owner, receiver = await make_member(), await make_member()
    with deductions():
        _, [block] = await issue(owner, 50)
    as_owner = gql.as_(owner.token)
    to = str(receiver.organisation.id)
    before = await snapshot()
    first = await as_owner(TRANSFER, block=str(block.id), to=to, key="retry-1")
    after = await snapshot()
    assert await as_owner(TRANSFER, block=str(block.id), to=to, key="retry-1") == first
    assert await snapshot() == after
    moved = first["data"]["transferCredits"]
    assert moved["ledgerSeq"] == before[0]
    assert moved["transfer"] == {
        "quantity": 10,
        "status": "COMPLETED",
        "toAccount": {"organisation": {"id": to}},
    }
    reused = await as_owner(RETIRE, block=str(block.id), key="retry-1")
    assert error_code(reused) == "CONFLICT"  # the same key with another operation
    assert await snapshot() == after
    retired = (await as_owner(RETIRE, block=str(block.id), key="r"))["data"]["retireCredits"]
    assert retired["retirement"] == {"quantity": 3, "status": "REQUESTED"}


async def test_freeze_payload_says_whether_transfers_are_frozen(gql: GraphQLClient) -> None:
    gov = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    frozen = (await gql.as_(gov.token)(FREEZE))["data"]["freezeTransfers"]
    assert frozen["transfersFrozen"] is True
    thawed = (await gql.as_(gov.token)(UNFREEZE))["data"]["unfreezeTransfers"]
    assert thawed == {"ledgerSeq": frozen["ledgerSeq"] + 1, "transfersFrozen": False}
