"""Concurrent transfers from one block on PostgreSQL: no unit lost or duplicated."""

from __future__ import annotations

import asyncio

import pytest

from backend.errors import RegistryError
from backend.ledger.audit import audit
from backend.ledger.export import read_export
from backend.models.credit import CreditBlock, Transfer
from backend.models.enums import TransferStatus
from backend.services import ledger, runtime
from backend.services.credits import transfers
from tests.factories import Member, ledger_size, make_member
from tests.services.credit_helpers import account_of, deductions, issue


@pytest.mark.postgres_only
async def test_64_concurrent_transfers_of_10_from_500_units() -> None:
    owner, receiver = await make_member(), await make_member()
    with deductions():
        issued, [block] = await issue(owner, 500)

    async def attempt() -> str:
        try:
            await transfers.transfer_credits(
                principal=owner.principal,
                block_id=block.id,
                quantity=10,
                to_organisation_id=receiver.organisation.id,
            )
        except RegistryError as exc:
            return exc.code
        return "OK"

    outcomes = await asyncio.gather(*(attempt() for _ in range(64)))
    assert outcomes.count("OK") == 50
    assert len(outcomes) - 50 == 14
    # too many units asked of what is left, or (once the last 10 moved the whole block to the
    # receiver) a block that is no longer the owner's: not yours is FORBIDDEN
    assert set(outcomes) - {"OK"} <= {"BAD_USER_INPUT", "FORBIDDEN"}
    blocks = list(await CreditBlock.filter(issuance_id=issued.id).order_by("serial_start"))
    assert sum(b.quantity for b in blocks) == 500
    receiving = (await account_of(receiver)).id
    assert [b.holder_id for b in blocks] == [receiving] * len(blocks)
    for left, right in zip(blocks, blocks[1:], strict=False):
        assert left.serial_end + 1 == right.serial_start
    assert await Transfer.filter(status=TransferStatus.COMPLETED).count() == 50
    signer = runtime.current().signer
    await ledger.sign_checkpoint(signer, "test/origin")
    lines = [
        line async for line in ledger.export_lines(origin="test/origin", public_key=signer.vkey())
    ]
    report = audit(read_export(lines), public_key=signer.vkey())
    assert report.ok, report.lines()
    assert report.replay_summary.issued == 500


@pytest.mark.postgres_only
async def test_16_crossing_transfers_between_two_holders() -> None:
    """8 transfers each way at once: each commits or is refused with CONFLICT (no deadlock
    surfaces), and the holdings still add up to what was issued."""
    one, two = await make_member(), await make_member()
    with deductions():
        _, [block_one] = await issue(one, 100)
        _, [block_two] = await issue(two, 100)
    size = await ledger_size()

    async def attempt(sender: Member, block_id: int, receiver: Member) -> str:
        try:
            await transfers.transfer_credits(
                principal=sender.principal,
                block_id=block_id,
                quantity=3,
                to_organisation_id=receiver.organisation.id,
            )
        except RegistryError as exc:
            return exc.code
        return "OK"

    calls = [attempt(one, block_one.id, two) for _ in range(8)]
    calls += [attempt(two, block_two.id, one) for _ in range(8)]
    outcomes = await asyncio.gather(*calls)
    assert set(outcomes) <= {"OK", "CONFLICT"}, outcomes
    committed = outcomes.count("OK")
    assert committed == await Transfer.filter(status=TransferStatus.COMPLETED).count()
    assert committed == 16  # nothing stops these transfers but contention, which is retried
    holdings = await CreditBlock.all().values_list("serial_start", "serial_end")
    assert sum(end - start + 1 for start, end in holdings) == 200
    assert (await CreditBlock.get(id=block_one.id)).quantity == 100 - 3 * 8
    assert await ledger_size() == size + committed
