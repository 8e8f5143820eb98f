"""viewerMay follows the registry-wide freeze through the API: while transfers are frozen a
holder's blocks offer no TRANSFER (RETIRE stays), a requested transfer no APPROVE (REJECT stays); unfrozen, they come back (the DataLoader reads the state once per request)."""

from __future__ import annotations

from backend.services.credits import transfers
from tests.conftest import GraphQLClient
from tests.registry_flow import populate

BLOCKS = """{ creditBlocks(status: ACTIVE, first: 100) { edges { node { viewerMay } } }
  transfers(status: REQUESTED, first: 100) { edges { node { viewerMay } } } }"""


async def offered(gql: GraphQLClient, token: str) -> tuple[set[str], set[str]]:
    found = await gql.as_(token)(BLOCKS)
    assert "errors" not in found, found
    blocks = {a for e in found["data"]["creditBlocks"]["edges"] for a in e["node"]["viewerMay"]}
    moves = {a for e in found["data"]["transfers"]["edges"] for a in e["node"]["viewerMay"]}
    return blocks, moves


async def test_viewer_may_drops_the_moves_a_freeze_stops(gql: GraphQLClient) -> None:
    flow = await populate()
    owner = flow.developer
    bought = await transfers.request_transfer(
        principal=flow.buyer.principal,
        block_id=(await owner_block(flow.developer.organisation.id)),
        quantity=3,
    )
    assert bought.value.id
    open_blocks, open_moves = await offered(gql, owner.token)
    assert {"TRANSFER", "RETIRE"} <= open_blocks and {"APPROVE", "REJECT"} <= open_moves
    await transfers.set_transfers_frozen(
        principal=flow.government.principal, frozen=True, reason="Audit."
    )
    frozen_blocks, frozen_moves = await offered(gql, owner.token)
    assert "TRANSFER" not in frozen_blocks and "RETIRE" in frozen_blocks
    assert "APPROVE" not in frozen_moves and "REJECT" in frozen_moves
    await transfers.set_transfers_frozen(
        principal=flow.government.principal, frozen=False, reason=None
    )
    assert await offered(gql, owner.token) == (open_blocks, open_moves)


async def owner_block(organisation_id: int) -> int:
    from backend.models.credit import CreditBlock
    from backend.models.enums import BlockStatus

    block = (
        await CreditBlock.filter(holder__organisation_id=organisation_id, status=BlockStatus.ACTIVE)
        .order_by("serial_start")
        .first()
    )
    assert block is not None
    return int(block.id)
