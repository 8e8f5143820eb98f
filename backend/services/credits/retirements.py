"""Retirements: the units are reserved until the government recognises the retirement (final)
or rejects it, or the requester cancels it."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import policy
from backend.db import locked, retried, transaction
from backend.errors import BadUserInput, Conflict
from backend.models.credit import Account, CreditBlock, Retirement
from backend.models.enums import BlockStatus, RetirementKind, RetirementStatus
from backend.policy import Action, Principal
from backend.services import article6, idempotency, ledger, validation
from backend.services.credits.blocks import (
    account_ref,
    block_ref,
    check_not_frozen,
    check_quantity,
    locked_block,
    moved_range,
    split_off,
)
from backend.services.recorded import Recorded


@retried
async def retire_credits(
    *,
    principal: Principal,
    block_id: int,
    quantity: int,
    kind: RetirementKind,
    beneficiary: str,
    note: str | None = None,
    acquiring_country: str | None = None,
    idempotency_key: str | None = None,
) -> Recorded[Retirement]:
    """Reserve `quantity` units of the caller's ACTIVE block for a retirement. A FIRST_TRANSFER
    (cross-border) names the acquiring country (ISO alpha-3), is stopped by a freeze, and is
    only of units authorized under Article 6.2 to a Party their authorization allows."""
    policy.require(principal, Action.CREDITS_RETIRE, organisation_id=principal.organisation_id)
    beneficiary_text = validation.required_text(beneficiary, "beneficiary", max_length=200)
    note_text = validation.text(note or "", "note", max_length=2000, required=False)
    country = (acquiring_country or "").strip().upper() or None
    if (kind is RetirementKind.FIRST_TRANSFER) != (country is not None):
        raise BadUserInput(
            "an acquiring country is given exactly for a FIRST_TRANSFER.", field="acquiringCountry"
        )
    if country is not None:
        country = article6.check_acquiring_party(country)
    call = idempotency.once(
        principal,
        idempotency_key,
        "credits.retire",
        block_id=block_id,
        quantity=quantity,
        kind=kind.value,
        beneficiary=beneficiary_text,
        note=note_text,
        acquiring_country=country,
    )
    async with transaction() as connection:
        if (replay := await idempotency.replayed(connection, call, Retirement)) is not None:
            return replay
        if kind is RetirementKind.FIRST_TRANSFER:
            await check_not_frozen(connection)
        block = await locked_block(connection, block_id)
        holder = await Account.filter(id=block.holder_id).using_db(connection).get()
        if holder.organisation_id != principal.organisation_id:
            raise Conflict(f"block {block.id} is not held by your organisation.")
        if block.status is not BlockStatus.ACTIVE:
            raise Conflict(f"block {block.id} is {block.status.value}; only ACTIVE units retire.")
        check_quantity(block, quantity)
        if country is not None:
            await article6.check_first_transfer(connection, block, country)
        moved = await split_off(
            connection, block, quantity, holder_id=holder.id, status=BlockStatus.RESERVED
        )
        reserved = moved or block
        retirement = await Retirement.create(
            using_db=connection,
            block=reserved,
            quantity=quantity,
            kind=kind,
            beneficiary=beneficiary_text,
            note=note_text,
            acquiring_country=country,
            status=RetirementStatus.REQUESTED,
            requested_by_id=principal.organisation_id,
        )
        start, end = moved_range(block, moved)
        seq = await ledger.append(
            connection,
            ledger.NewEntry(
                "credits.retirement_requested",
                {
                    "retirement_id": str(retirement.id),
                    "block_id": block_ref(block.id),
                    "new_block_id": block_ref(moved.id) if moved else None,
                    "start": start,
                    "end": end,
                    "holder": account_ref(holder.id),
                    "kind": kind.value,
                    "acquiring_country": country,
                },
                actor=principal.actor,
                subject=f"issuance:{block.issuance_id}",
            ),
        )
        await idempotency.remember(connection, call, retirement.id, seq)
    return Recorded(retirement, seq)


async def _requested(
    connection: BaseDBAsyncClient, retirement_id: int
) -> tuple[Retirement, CreditBlock]:
    retirement = await locked(connection, Retirement, retirement_id)
    if retirement.status is not RetirementStatus.REQUESTED:
        raise Conflict(f"this retirement is {retirement.status.value}, no longer REQUESTED.")
    return retirement, await locked_block(connection, retirement.block_id)


@retried
async def _decide(
    *,
    principal: Principal,
    retirement_id: int,
    action: Action,
    status: RetirementStatus,
    block_status: BlockStatus,
    fact: str,
    reason: str | None = None,
    by_requester: bool = False,
    idempotency_key: str | None = None,
) -> Recorded[Retirement]:
    policy.require(principal, action, organisation_id=principal.organisation_id)
    call = idempotency.once(principal, idempotency_key, fact, retirement_id=retirement_id)
    async with transaction() as connection:
        if (replay := await idempotency.replayed(connection, call, Retirement)) is not None:
            return replay
        retirement, block = await _requested(connection, retirement_id)
        if by_requester:
            policy.require(principal, action, organisation_id=retirement.requested_by_id)
        retirement.status, retirement.decided_at, retirement.status_reason = (
            status,
            datetime.now(UTC),
            reason,
        )
        await retirement.save(
            using_db=connection, update_fields=["status", "decided_at", "status_reason"]
        )
        block.status = block_status
        await block.save(using_db=connection, update_fields=["status", "updated_at"])
        seq = await ledger.append(
            connection,
            ledger.NewEntry(
                fact,
                {"retirement_id": str(retirement.id), "reason": reason},
                actor=principal.actor,
                subject=f"issuance:{block.issuance_id}",
            ),
        )
        await idempotency.remember(connection, call, retirement.id, seq)
    return Recorded(retirement, seq)


async def recognise_retirement(
    *, principal: Principal, retirement_id: int, idempotency_key: str | None = None
) -> Recorded[Retirement]:
    """The government recognises a retirement: its units are retired for good."""
    return await _decide(
        principal=principal,
        retirement_id=retirement_id,
        action=Action.RETIREMENT_DECIDE,
        status=RetirementStatus.RECOGNISED,
        block_status=BlockStatus.RETIRED,
        fact="credits.retirement_recognised",
        idempotency_key=idempotency_key,
    )


async def reject_retirement(
    *, principal: Principal, retirement_id: int, reason: str, idempotency_key: str | None = None
) -> Recorded[Retirement]:
    """The government rejects a retirement: its units are ACTIVE again."""
    return await _decide(
        principal=principal,
        retirement_id=retirement_id,
        action=Action.RETIREMENT_DECIDE,
        status=RetirementStatus.REJECTED,
        block_status=BlockStatus.ACTIVE,
        fact="credits.retirement_rejected",
        reason=validation.required_text(reason, "reason", max_length=1000),
        idempotency_key=idempotency_key,
    )


async def cancel_retirement(
    *, principal: Principal, retirement_id: int, idempotency_key: str | None = None
) -> Recorded[Retirement]:
    """The requester withdraws a retirement before it is decided: its units are ACTIVE again."""
    return await _decide(
        principal=principal,
        retirement_id=retirement_id,
        action=Action.RETIREMENT_CANCEL,
        status=RetirementStatus.CANCELLED,
        block_status=BlockStatus.ACTIVE,
        fact="credits.retirement_cancelled",
        by_requester=True,
        idempotency_key=idempotency_key,
    )
