"""Credit mutations through the API: every organisation type x role (and anonymous) against
every mutation, expected outcomes from the policy table; refusals change nothing. And the
public serial lookup."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from backend import policy
from backend.models.credit import CreditBlock, RegistryState, Retirement, Transfer
from backend.models.enums import OrganisationType, ProjectStatus, RetirementKind, Role
from backend.policy import Action
from backend.services.credits import retirements, transfers
from tests.conftest import GraphQLClient, error_code
from tests.factories import Member, ledger_size, make_approved_report, make_member, make_project
from tests.services.credit_helpers import deductions, government, issue

Setup = Callable[[Member | None, Member], Awaitable[dict[str, Any]]]


async def own_block(member: Member | None, other: Member) -> dict[str, Any]:
    _, [block] = await issue(member or other, 100)
    return {"block": str(block.id), "to": str(other.organisation.id)}


async def others_block(member: Member | None, other: Member) -> dict[str, Any]:
    _, [block] = await issue(other, 100)
    return {"block": str(block.id)}


async def requested_from_me(member: Member | None, other: Member) -> dict[str, Any]:
    _, [block] = await issue(member or other, 100)
    asker = await make_member()
    asked = await transfers.request_transfer(
        principal=asker.principal, block_id=block.id, quantity=5
    )
    return {"id": str(asked.value.id)}


async def requested_by_me(member: Member | None, other: Member) -> dict[str, Any]:
    _, [block] = await issue(other, 100)
    asker = (
        member
        if member
        and policy.can(
            member.principal, Action.TRANSFER_REQUEST, organisation_id=member.organisation.id
        )
        else None
    )
    if asker is None:  # roles that may not ask: someone of their organisation who may
        asker = await make_member(
            member.organisation.type if member else OrganisationType.DEVELOPER,
            Role.MANAGER,
            organisation=member.organisation if member else None,
        )
        if not policy.can(
            asker.principal, Action.TRANSFER_REQUEST, organisation_id=asker.organisation.id
        ):
            asker = await make_member()
    asked = await transfers.request_transfer(
        principal=asker.principal, block_id=block.id, quantity=5
    )
    return {"id": str(asked.value.id)}


async def pending_retirement(member: Member | None, other: Member) -> dict[str, Any]:
    _, [block] = await issue(other, 100)
    retired = await retirements.retire_credits(
        principal=other.principal,
        block_id=block.id,
        quantity=5,
        kind=RetirementKind.NDC_USE,
        beneficiary="VU",
    )
    return {"id": str(retired.value.id)}


async def my_pending_retirement(member: Member | None, other: Member) -> dict[str, Any]:
    holder = other
    if member and policy.can(
        member.principal, Action.CREDITS_RETIRE, organisation_id=member.organisation.id
    ):
        holder = member
    elif member:
        holder = await make_member(
            member.organisation.type, Role.MANAGER, organisation=member.organisation
        )
        if not policy.can(
            holder.principal, Action.CREDITS_RETIRE, organisation_id=holder.organisation.id
        ):
            holder = other
    _, [block] = await issue(holder, 100)
    retired = await retirements.retire_credits(
        principal=holder.principal,
        block_id=block.id,
        quantity=5,
        kind=RetirementKind.NDC_USE,
        beneficiary="VU",
    )
    return {"id": str(retired.value.id)}


async def approved_report(member: Member | None, other: Member) -> dict[str, Any]:
    project = await make_project(other, ProjectStatus.AUTHORISED)
    return {"id": str((await make_approved_report(project, 10)).id)}


async def nothing(member: Member | None, other: Member) -> dict[str, Any]:
    return {}


CASES: dict[str, tuple[Action, str, Setup, bool]] = {
    # name: (action, mutation, set-up, target is the caller's own organisation)
    "issueCredits": (
        Action.CREDITS_ISSUE,
        "mutation($id: ID!) { issueCredits(input: {monitoringReportId: $id}) { ledgerSeq } }",
        approved_report,
        False,
    ),
    "transferCredits": (
        Action.CREDITS_TRANSFER,
        "mutation($block: ID!, $to: ID!) { transferCredits(input: {blockId: $block, quantity: 10, toOrganisationId: $to}) { ledgerSeq } }",
        own_block,
        True,
    ),
    "requestTransfer": (
        Action.TRANSFER_REQUEST,
        "mutation($block: ID!) { requestTransfer(input: {blockId: $block, quantity: 10}) { ledgerSeq } }",
        others_block,
        True,
    ),
    "approveTransfer": (
        Action.TRANSFER_DECIDE,
        "mutation($id: ID!) { approveTransfer(input: {id: $id}) { ledgerSeq } }",
        requested_from_me,
        True,
    ),
    "rejectTransfer": (
        Action.TRANSFER_DECIDE,
        'mutation($id: ID!) { rejectTransfer(input: {id: $id, reason: "no"}) { ledgerSeq } }',
        requested_from_me,
        True,
    ),
    "cancelTransfer": (
        Action.TRANSFER_CANCEL,
        "mutation($id: ID!) { cancelTransfer(id: $id) { ledgerSeq } }",
        requested_by_me,
        True,
    ),
    "retireCredits": (
        Action.CREDITS_RETIRE,
        'mutation($block: ID!) { retireCredits(input: {blockId: $block, quantity: 10, kind: VOLUNTARY_CANCELLATION, beneficiary: "Me"}) { ledgerSeq } }',
        own_block,
        True,
    ),
    "recogniseRetirement": (
        Action.RETIREMENT_DECIDE,
        "mutation($id: ID!) { recogniseRetirement(input: {id: $id}) { ledgerSeq } }",
        pending_retirement,
        False,
    ),
    "rejectRetirement": (
        Action.RETIREMENT_DECIDE,
        'mutation($id: ID!) { rejectRetirement(input: {id: $id, reason: "no"}) { ledgerSeq } }',
        pending_retirement,
        False,
    ),
    "cancelRetirement": (
        Action.RETIREMENT_CANCEL,
        "mutation($id: ID!) { cancelRetirement(id: $id) { ledgerSeq } }",
        my_pending_retirement,
        True,
    ),
    "freezeTransfers": (
        Action.TRANSFERS_FREEZE,
        'mutation { freezeTransfers(input: {reason: "audit"}) { ledgerSeq } }',
        nothing,
        False,
    ),
}


async def snapshot() -> tuple[Any, ...]:
    blocks = (
        await CreditBlock.all()
        .order_by("id")
        .values_list("id", "serial_start", "serial_end", "holder_id", "status")
    )
    return (
        await ledger_size(),
        tuple(blocks),
        tuple(await Transfer.all().order_by("id").values_list("id", "status")),
        tuple(await Retirement.all().order_by("id").values_list("id", "status")),
        (await RegistryState.get(id=1)).transfers_frozen,
    )


@pytest.mark.parametrize("name", sorted(CASES))
async def test_credit_mutation_matrix(name: str, gql: GraphQLClient) -> None:
    action, mutation, setup, own = CASES[name]
    other = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    allowed_seen = set()
    with deductions():
        for who, member in [("anonymous", None)] + [
            (f"{kind.value}/{role.value}", await make_member(kind, role))
            for kind, role in sorted(policy.ALL_PAIRS)
        ]:
            variables = await setup(member, other)
            principal = member.principal if member else None
            expected = policy.can(
                principal,
                action,
                organisation_id=member.organisation.id if (member and own) else None,
            )
            before = await snapshot()
            result = await gql.as_(member.token if member else None)(mutation, **variables)
            if expected:
                assert "errors" not in result, (who, result)
                assert await ledger_size() == before[0] + 1
                allowed_seen.add(who)
                if name == "freezeTransfers":
                    await RegistryState.filter(id=1).update(transfers_frozen=False)
            else:
                assert error_code(result) == (
                    "UNAUTHENTICATED" if member is None else "FORBIDDEN"
                ), (who, result)
                assert await snapshot() == before, who
    if action in (Action.CREDITS_ISSUE, Action.RETIREMENT_DECIDE):
        assert allowed_seen == {"GOVERNMENT/ADMIN", "GOVERNMENT/MANAGER"}
    if action is Action.TRANSFERS_FREEZE:
        assert allowed_seen == {"GOVERNMENT/ADMIN"}
    if action is Action.CREDITS_TRANSFER:
        assert "PARTNER/MANAGER" not in allowed_seen and "DEVELOPER/VIEWER" not in allowed_seen
        assert "DEVELOPER/MANAGER" in allowed_seen and "CERTIFIER/ADMIN" in allowed_seen


async def test_serial_lookup_is_public_and_exact(gql: GraphQLClient) -> None:
    owner = await make_member()
    with deductions():
        issued, [block] = await issue(owner, 1000)
    unit = int(issued.serial_start) + 811
    result = await gql(
        "query($s: String!) { serialLookup(serial: $s) { unit block { serial quantity status holder { name } } "
        "history { seq type } } }",
        s=f"{block.serial_prefix}-{unit}",
    )
    found = result["data"]["serialLookup"]
    assert found["unit"] == unit and found["block"]["serial"] == block.serial
    assert found["block"]["quantity"] == 1000 and found["block"]["status"] == "ACTIVE"
    assert [h["type"] for h in found["history"]] == ["credits.issued"]
    assert error_code(await gql('{ serialLookup(serial: "XX") { unit } }')) == "BAD_USER_INPUT"


async def test_wrong_states_over_the_api(gql: GraphQLClient) -> None:
    owner, receiver, gov = await make_member(), await make_member(), await government()
    with deductions():
        _, [block] = await issue(owner, 50)
    retire = 'mutation($b: ID!, $q: Int!) { retireCredits(input: {blockId: $b, quantity: $q, kind: NDC_USE, beneficiary: "VU"}) { retirement { id status block { id status } } } }'
    done = await gql.as_(owner.token)(retire, b=str(block.id), q=50)
    retirement_id = done["data"]["retireCredits"]["retirement"]["id"]
    assert done["data"]["retireCredits"]["retirement"]["block"]["status"] == "RESERVED"
    before = await snapshot()
    move = "mutation($b: ID!, $to: ID!) { transferCredits(input: {blockId: $b, quantity: 1, toOrganisationId: $to}) { ledgerSeq } }"
    assert (
        error_code(
            await gql.as_(owner.token)(move, b=str(block.id), to=str(receiver.organisation.id))
        )
        == "CONFLICT"
    )
    assert error_code(await gql.as_(owner.token)(retire, b=str(block.id), q=1)) == "CONFLICT"
    assert (
        error_code(await gql.as_(owner.token)(move, b="999999", to=str(receiver.organisation.id)))
        == "NOT_FOUND"
    )
    assert await snapshot() == before
    recognise = "mutation($id: ID!) { recogniseRetirement(input: {id: $id}) { retirement { status } } }"
    assert (await gql.as_(gov.token)(recognise, id=retirement_id))["data"]["recogniseRetirement"][
        "retirement"
    ]["status"] == "RECOGNISED"
    assert error_code(await gql.as_(gov.token)(recognise, id=retirement_id)) == "CONFLICT"
    balances = await gql.as_(owner.token)(
        "{ balances { active reserved retired account { name } } }"
    )
    assert balances["data"]["balances"] == [
        {"active": 0, "reserved": 0, "retired": 50, "account": {"name": owner.organisation.name}}
    ]


async def test_authorised_blocks_show_their_itmo_identifiers(gql: GraphQLClient) -> None:
    from backend.services import article6
    from backend.services.credits import issuance as issuance_service
    from tests.services.test_article6 import approach, authorization_input, trading_project

    gov, owner = await government(), await make_member()
    project = await trading_project(owner)
    await article6.authorize(
        principal=gov.principal, **authorization_input(project, await approach(gov))
    )
    with deductions():
        report = await make_approved_report(project, 1000, year=2024)
        await issuance_service.issue_credits(
            principal=gov.principal, monitoring_report_id=report.id
        )
        _, [plain] = await issue(owner, 10)
    result = await gql.as_(owner.token)(
        "{ creditBlocks(first: 10) { edges { node { serialStart serialEnd itmoFirstId itmoLastId } } } }"
    )
    nodes = [e["node"] for e in result["data"]["creditBlocks"]["edges"]]
    authorised, unauthorised = nodes[0], nodes[1]
    assert authorised["itmoFirstId"] == f"CA0004-VUT01-VUT-{authorised['serialStart']}-2024"
    assert authorised["itmoLastId"] == f"CA0004-VUT01-VUT-{authorised['serialEnd']}-2024"
    assert unauthorised["serialStart"] == plain.serial_start and unauthorised["itmoFirstId"] is None


async def test_not_yours_is_forbidden_over_the_api(gql: GraphQLClient) -> None:
    """policy.require_own: another organisation's credits are FORBIDDEN, as its projects are."""
    owner, stranger, third = await make_member(), await make_member(), await make_member()
    with deductions():
        _, [block] = await issue(owner, 50)
    before = await snapshot()
    move = "mutation($b: ID!, $to: ID!) { transferCredits(input: {blockId: $b, quantity: 1, toOrganisationId: $to}) { ledgerSeq } }"
    retire = 'mutation($b: ID!) { retireCredits(input: {blockId: $b, quantity: 1, kind: NDC_USE, beneficiary: "VU"}) { ledgerSeq } }'
    as_stranger = gql.as_(stranger.token)
    moved = await as_stranger(move, b=str(block.id), to=str(third.organisation.id))
    assert error_code(moved) == "FORBIDDEN"
    assert error_code(await as_stranger(retire, b=str(block.id))) == "FORBIDDEN"
    assert await snapshot() == before
