"""Idempotency keys on the calls that move, retire or issue units, and a committed change that
stays committed when the connection fails afterwards."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest

from backend.errors import BadUserInput, Conflict
from backend.models.credit import CreditBlock, Issuance, Retirement, Transfer
from backend.models.enums import ProjectStatus, RetirementKind, RetirementStatus
from backend.models.idempotency import IdempotencyKey
from backend.services.credits import issuance, retirements, transfers
from tests.factories import ledger_size, make_approved_report, make_member, make_project
from tests.services.credit_helpers import deductions, government, issue


async def rows() -> tuple[Any, ...]:
    """What a call may change: the ledger, blocks, transfers, retirements, keys."""
    blocks = await CreditBlock.all().order_by("id").values_list("id", "serial_end", "holder_id")
    return (
        await ledger_size(),
        tuple(blocks),
        await Transfer.all().count(),
        await Retirement.all().count(),
        await IdempotencyKey.all().count(),
    )


async def test_a_retried_transfer_returns_the_first_and_records_nothing() -> None:
    owner, receiver = await make_member(), await make_member()
    with deductions():
        _, [block] = await issue(owner, 100)
    arguments = {
        "principal": owner.principal,
        "block_id": block.id,
        "quantity": 10,
        "to_organisation_id": receiver.organisation.id,
    }
    first = await transfers.transfer_credits(**arguments, idempotency_key="move-10-a")
    after = await rows()
    again = await transfers.transfer_credits(**arguments, idempotency_key="move-10-a")
    assert (again.value.id, again.ledger_seq) == (first.value.id, first.ledger_seq)
    assert await rows() == after
    assert (await CreditBlock.get(id=block.id)).quantity == 90
    [key] = await IdempotencyKey.all()
    assert (key.key, key.ledger_seq, key.result_id) == (
        "move-10-a",
        first.ledger_seq,
        first.value.id,
    )
    # the same key with other arguments is refused, and changes nothing
    with pytest.raises(Conflict, match="idempotency key"):
        await transfers.transfer_credits(
            **{**arguments, "quantity": 11}, idempotency_key="move-10-a"
        )
    assert await rows() == after
    # without a key, or with another key, the same call is a new transfer
    await transfers.transfer_credits(**arguments)
    await transfers.transfer_credits(**arguments, idempotency_key="move-10-b")
    assert (await CreditBlock.get(id=block.id)).quantity == 70
    assert await ledger_size() == after[0] + 2


async def test_a_key_belongs_to_its_user() -> None:
    owner, receiver = await make_member(), await make_member()
    colleague = await make_member(organisation=owner.organisation)
    with deductions():
        _, [block] = await issue(owner, 100)
    for who in (owner, colleague):
        await transfers.transfer_credits(
            principal=who.principal,
            block_id=block.id,
            quantity=5,
            to_organisation_id=receiver.organisation.id,
            idempotency_key="same-key",
        )
    assert (await CreditBlock.get(id=block.id)).quantity == 90
    assert await IdempotencyKey.all().count() == 2


async def test_a_bad_key_is_refused_and_changes_nothing() -> None:
    owner, receiver = await make_member(), await make_member()
    with deductions():
        _, [block] = await issue(owner, 100)
    before = await rows()
    for key in ("", "with space", "x" * 201, "caf\u00e9"):
        with pytest.raises(BadUserInput) as raised:
            await transfers.transfer_credits(
                principal=owner.principal,
                block_id=block.id,
                quantity=5,
                to_organisation_id=receiver.organisation.id,
                idempotency_key=key,
            )
        assert raised.value.details["field"] == "idempotencyKey"
    assert await rows() == before


async def test_retirement_request_and_recognition_retried() -> None:
    owner, gov = await make_member(), await government()
    with deductions():
        _, [block] = await issue(owner, 100)
    asked = {
        "principal": owner.principal,
        "block_id": block.id,
        "quantity": 30,
        "kind": RetirementKind.NDC_USE,
        "beneficiary": "VU",
    }
    first = await retirements.retire_credits(**asked, idempotency_key="r1")
    again = await retirements.retire_credits(**asked, idempotency_key="r1")
    assert (again.value.id, again.ledger_seq) == (first.value.id, first.ledger_seq)
    assert await Retirement.all().count() == 1
    decided = await retirements.recognise_retirement(
        principal=gov.principal, retirement_id=first.value.id, idempotency_key="ok-r1"
    )
    after = await rows()
    redo = await retirements.recognise_retirement(
        principal=gov.principal, retirement_id=first.value.id, idempotency_key="ok-r1"
    )
    assert redo.ledger_seq == decided.ledger_seq
    assert redo.value.status is RetirementStatus.RECOGNISED
    assert await rows() == after
    with pytest.raises(Conflict):  # without the key, a second decision is refused as before
        await retirements.recognise_retirement(
            principal=gov.principal, retirement_id=first.value.id
        )


async def test_requested_transfer_and_its_approval_retried() -> None:
    owner, asker = await make_member(), await make_member()
    with deductions():
        _, [block] = await issue(owner, 100)
    asked = await transfers.request_transfer(
        principal=asker.principal, block_id=block.id, quantity=7, idempotency_key="ask"
    )
    same = await transfers.request_transfer(
        principal=asker.principal, block_id=block.id, quantity=7, idempotency_key="ask"
    )
    assert same.value.id == asked.value.id and await Transfer.all().count() == 1
    approved = await transfers.approve_transfer(
        principal=owner.principal, transfer_id=asked.value.id, idempotency_key="yes"
    )
    after = await rows()
    again = await transfers.approve_transfer(
        principal=owner.principal, transfer_id=asked.value.id, idempotency_key="yes"
    )
    assert again.ledger_seq == approved.ledger_seq
    assert await rows() == after
    assert (await CreditBlock.get(id=block.id)).quantity == 93


async def test_issuance_retried_with_its_key() -> None:
    owner, gov = await make_member(), await government()
    project = await make_project(owner, ProjectStatus.AUTHORISED)
    report = await make_approved_report(project, 50)
    with deductions():
        first = await issuance.issue_credits(
            principal=gov.principal, monitoring_report_id=report.id, idempotency_key="issue-1"
        )
        after = await rows()
        again = await issuance.issue_credits(
            principal=gov.principal, monitoring_report_id=report.id, idempotency_key="issue-1"
        )
        assert (again.value.id, again.ledger_seq) == (first.value.id, first.ledger_seq)
        assert await rows() == after
        with pytest.raises(Conflict, match="already been issued"):
            await issuance.issue_credits(principal=gov.principal, monitoring_report_id=report.id)
    assert await Issuance.all().count() == 1


@pytest.mark.postgres_only
async def test_concurrent_calls_with_one_key_make_one_transfer() -> None:
    owner, receiver = await make_member(), await make_member()
    with deductions():
        _, [block] = await issue(owner, 100)
    size = await ledger_size()
    results = await asyncio.gather(
        *(
            transfers.transfer_credits(
                principal=owner.principal,
                block_id=block.id,
                quantity=10,
                to_organisation_id=receiver.organisation.id,
                idempotency_key="once",
            )
            for _ in range(8)
        )
    )
    assert len({(r.value.id, r.ledger_seq) for r in results}) == 1
    assert await Transfer.all().count() == 1
    assert await ledger_size() == size + 1
    assert (await CreditBlock.get(id=block.id)).quantity == 90


@pytest.mark.postgres_only
@pytest.mark.expected_traceback  # the ignored post-commit error is logged with its traceback
async def test_an_error_after_commit_is_not_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool's reset of a dying connection fails after COMMIT: the transfer is made, and
    the caller is told so (a client that retried would otherwise move the units twice)."""
    owner, receiver = await make_member(), await make_member()
    with deductions():
        _, [block] = await issue(owner, 100)
    release = asyncpg.pool.Pool.release

    async def dying_release(self: asyncpg.pool.Pool, connection: Any, **kwargs: Any) -> None:
        await release(self, connection, **kwargs)
        raise asyncpg.exceptions.ConnectionDoesNotExistError(
            "connection was closed in the middle of operation"
        )

    monkeypatch.setattr(asyncpg.pool.Pool, "release", dying_release)
    done = await transfers.transfer_credits(
        principal=owner.principal,
        block_id=block.id,
        quantity=10,
        to_organisation_id=receiver.organisation.id,
    )
    monkeypatch.undo()
    assert (await Transfer.get(id=done.value.id)).moved_block_id is not None
    assert (await CreditBlock.get(id=block.id)).quantity == 90
    assert await ledger_size() == done.ledger_seq + 1
    # a failure before COMMIT still fails and changes nothing
    before = await rows()
    with pytest.raises(BadUserInput):
        await transfers.transfer_credits(
            principal=owner.principal,
            block_id=block.id,
            quantity=1000,
            to_organisation_id=receiver.organisation.id,
        )
    assert await rows() == before
