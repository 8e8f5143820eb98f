"""The credit mutations' own payloads (non-null on success), and the idempotencyKey field that
the schema carries but the services cannot honour yet: a key is refused and changes nothing."""

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
        refused_before = await snapshot()
        refused = await gql.as_(gov.token)(ISSUE, id=str(report.id), key="k-1")
        assert error_code(refused) == "BAD_USER_INPUT", refused
        assert refused["errors"][0]["extensions"]["field"] == "idempotencyKey"
        assert await snapshot() == refused_before
        done = await gql.as_(gov.token)(ISSUE, id=str(report.id))
    payload = done["data"]["issueCredits"]
    assert payload["ledgerSeq"] == refused_before[0]
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
    refused = await as_owner(TRANSFER, block=str(block.id), to=to, key="retry-1")
    assert error_code(refused) == "BAD_USER_INPUT"
    assert await snapshot() == before
    moved = (await as_owner(TRANSFER, block=str(block.id), to=to))["data"]["transferCredits"]
    assert moved["ledgerSeq"] == before[0]
    assert moved["transfer"] == {
        "quantity": 10,
        "status": "COMPLETED",
        "toAccount": {"organisation": {"id": to}},
    }
    before = await snapshot()
    assert error_code(await as_owner(RETIRE, block=str(block.id), key="r")) == "BAD_USER_INPUT"
    assert await snapshot() == before
    retired = (await as_owner(RETIRE, block=str(block.id)))["data"]["retireCredits"]
    assert retired["retirement"] == {"quantity": 3, "status": "REQUESTED"}


async def test_freeze_payload_says_whether_transfers_are_frozen(gql: GraphQLClient) -> None:
    gov = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    frozen = (await gql.as_(gov.token)(FREEZE))["data"]["freezeTransfers"]
    assert frozen["transfersFrozen"] is True
    thawed = (await gql.as_(gov.token)(UNFREEZE))["data"]["unfreezeTransfers"]
    assert thawed == {"ledgerSeq": frozen["ledgerSeq"] + 1, "transfersFrozen": False}
