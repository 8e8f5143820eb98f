"""64 concurrent transfers and retirements of one block: no unit lost or duplicated, every
refusal a RegistryError with a code (never a masked error or a deadlock), a ledger entry per
success and none per refusal."""

from __future__ import annotations

import asyncio

import pytest

from backend.errors import RegistryError
from backend.models.credit import CreditBlock
from backend.models.enums import BlockStatus, OrganisationType, RetirementKind
from backend.services.credits import retirements, transfers
from tests.factories import ledger_size, make_member
from tests.services.credit_helpers import deductions, issue

pytestmark = pytest.mark.postgres_only
UNITS, CLIENTS, EACH = 100, 64, 3


async def test_64_conflicting_transfers_and_retirements_of_one_block(database: str) -> None:
    owner = await make_member(OrganisationType.DEVELOPER)
    receivers = [await make_member(OrganisationType.DEVELOPER) for _ in range(4)]
    with deductions():
        issued, blocks = await issue(owner, UNITS)
    assert [b.quantity for b in blocks] == [UNITS]
    block = blocks[0]
    size = await ledger_size()

    async def client(n: int) -> str:
        try:
            if n % 2:
                await transfers.transfer_credits(
                    principal=owner.principal,
                    block_id=block.id,
                    quantity=EACH,
                    to_organisation_id=receivers[n % 4].organisation.id,
                )
                return "transferred"
            await retirements.retire_credits(
                principal=owner.principal,
                block_id=block.id,
                quantity=EACH,
                kind=RetirementKind.VOLUNTARY_CANCELLATION,
                beneficiary=f"client {n}",
            )
            return "retired"
        except RegistryError as refused:
            return refused.code

    outcomes = await asyncio.gather(*(client(n) for n in range(CLIENTS)))
    done = [o for o in outcomes if o in ("transferred", "retired")]
    refused = [o for o in outcomes if o not in ("transferred", "retired")]
    # Every unit the block had went somewhere once: 33 moves of 3 units fit in 100.
    assert len(done) == UNITS // EACH
    assert set(refused) <= {"CONFLICT", "BAD_USER_INPUT"}
    assert len(refused) == CLIENTS - UNITS // EACH
    assert await ledger_size() == size + len(done)
    rows = await CreditBlock.filter(issuance_id=issued.id).order_by("serial_start")
    ranges = [(int(r.serial_start), int(r.serial_end)) for r in rows]
    assert ranges[0][0] == int(block.serial_start) and ranges[-1][1] == int(block.serial_end)
    assert all(a[1] + 1 == b[0] for a, b in zip(ranges, ranges[1:], strict=False))
    by_status: dict[BlockStatus, int] = {}
    for row in rows:
        by_status[row.status] = by_status.get(row.status, 0) + row.quantity
    assert sum(by_status.values()) == UNITS
    moved = sum(r.quantity for r in rows if r.holder_id != block.holder_id)
    assert moved == EACH * outcomes.count("transferred")
    assert by_status.get(BlockStatus.RESERVED, 0) == EACH * outcomes.count("retired")
    assert by_status[BlockStatus.ACTIVE] == UNITS - EACH * outcomes.count("retired")
