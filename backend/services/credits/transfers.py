"""Transfers between accounts: by the holder at once, or requested by the receiver and decided
by the holder; the government-wide freeze."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import policy
from backend.db import locked, retried, transaction
from backend.errors import Conflict
from backend.models.credit import Account, CreditBlock, RegistryState, Transfer
from backend.models.enums import BlockStatus, TransferStatus
from backend.policy import Action, Principal
from backend.services import idempotency, ledger, validation
from backend.services.credits.blocks import (
    account_ref,
    active_organisation,
    block_ref,
    check_not_frozen,
    check_quantity,
    holding_account,
    locked_block,
    moved_range,
    split_off,
)
from backend.services.recorded import Recorded


async def _held_by(connection: BaseDBAsyncClient, block: CreditBlock, organisation_id: int) -> None:
    holder = await Account.filter(id=block.holder_id).using_db(connection).get()
    if holder.organisation_id != organisation_id:
        raise Conflict(f"block {block.id} is not held by your organisation.")
    if block.status is not BlockStatus.ACTIVE:
        raise Conflict(f"block {block.id} is {block.status.value}; only ACTIVE units move.")


async def _move(
    connection: BaseDBAsyncClient, principal: Principal, transfer: Transfer, block: CreditBlock
) -> int:
    """Split and move the transfer's units, complete it, and record it; returns the seq."""
    moved = await split_off(
        connection,
        block,
        int(transfer.quantity),
        holder_id=transfer.to_account_id,
        status=BlockStatus.ACTIVE,
    )
    transfer.status, transfer.decided_at = TransferStatus.COMPLETED, datetime.now(UTC)
    transfer.moved_block_id = moved.id if moved else block.id
    await transfer.save(
        using_db=connection, update_fields=["status", "decided_at", "moved_block_id"]
    )
    start, end = moved_range(block, moved)
    return await ledger.append(
        connection,
        ledger.NewEntry(
            "credits.transferred",
            {
                "transfer_id": transfer.id,
                "block_id": block_ref(block.id),
                "new_block_id": block_ref(moved.id) if moved else None,
                "start": start,
                "end": end,
                "from": account_ref(transfer.from_account_id),
                "to": account_ref(transfer.to_account_id),
            },
            actor=principal.actor,
            subject=f"issuance:{block.issuance_id}",
        ),
    )


@retried
async def transfer_credits(
    *,
    principal: Principal,
    block_id: int,
    quantity: int,
    to_organisation_id: int,
    idempotency_key: str | None = None,
) -> Recorded[Transfer]:
    """Move `quantity` units of the caller's ACTIVE block to another organisation at once.
    Raises Forbidden, NotFound, BadUserInput (quantity), Conflict (not held, frozen, suspended)."""
    policy.require(principal, Action.CREDITS_TRANSFER, organisation_id=principal.organisation_id)
    call = idempotency.once(
        principal,
        idempotency_key,
        "credits.transfer",
        block_id=block_id,
        quantity=quantity,
        to_organisation_id=to_organisation_id,
    )
    if to_organisation_id == principal.organisation_id:
        raise Conflict("a transfer must go to another organisation.")
    async with transaction() as connection:
        if (replay := await idempotency.replayed(connection, call, Transfer)) is not None:
            return replay
        await check_not_frozen(connection)
        receiver = await active_organisation(connection, to_organisation_id)
        to_account = await holding_account(connection, receiver)
        block = await locked_block(connection, block_id)
        await _held_by(connection, block, principal.organisation_id)
        check_quantity(block, quantity)
        transfer = await Transfer.create(
            using_db=connection,
            block=block,
            quantity=quantity,
            from_account_id=block.holder_id,
            to_account=to_account,
            status=TransferStatus.REQUESTED,
            requested_by_id=principal.organisation_id,
        )
        seq = await _move(connection, principal, transfer, block)
        await idempotency.remember(connection, call, transfer.id, seq)
    return Recorded(transfer, seq)


@retried
async def request_transfer(
    *, principal: Principal, block_id: int, quantity: int, idempotency_key: str | None = None
) -> Recorded[Transfer]:
    """The receiving side asks the holder of a block for `quantity` of its units."""
    policy.require(principal, Action.TRANSFER_REQUEST, organisation_id=principal.organisation_id)
    call = idempotency.once(
        principal, idempotency_key, "transfer.request", block_id=block_id, quantity=quantity
    )
    async with transaction() as connection:
        if (replay := await idempotency.replayed(connection, call, Transfer)) is not None:
            return replay
        await check_not_frozen(connection)
        block = await locked_block(connection, block_id)
        sender = await Account.filter(id=block.holder_id).using_db(connection).get()
        if sender.organisation_id is None or sender.organisation_id == principal.organisation_id:
            raise Conflict("request units held by another organisation.")
        if block.status is not BlockStatus.ACTIVE:
            raise Conflict(f"block {block.id} is {block.status.value}; only ACTIVE units move.")
        check_quantity(block, quantity)
        receiver = await active_organisation(connection, principal.organisation_id)
        transfer = await Transfer.create(
            using_db=connection,
            block=block,
            quantity=quantity,
            from_account=sender,
            to_account=await holding_account(connection, receiver),
            status=TransferStatus.REQUESTED,
            requested_by_id=principal.organisation_id,
        )
        seq = await ledger.append(
            connection,
            ledger.NewEntry(
                "credits.transfer_requested",
                {
                    "transfer_id": transfer.id,
                    "block_id": block_ref(block.id),
                    "quantity": quantity,
                    "from": account_ref(sender.id),
                    "to": account_ref(transfer.to_account_id),
                },
                actor=principal.actor,
                subject=f"issuance:{block.issuance_id}",
            ),
        )
        await idempotency.remember(connection, call, transfer.id, seq)
    return Recorded(transfer, seq)


async def _pending(connection: BaseDBAsyncClient, transfer_id: int) -> Transfer:
    transfer = await locked(connection, Transfer, transfer_id)
    if transfer.status is not TransferStatus.REQUESTED:
        raise Conflict(f"this transfer is {transfer.status.value}, no longer REQUESTED.")
    return transfer


@retried
async def approve_transfer(
    *, principal: Principal, transfer_id: int, idempotency_key: str | None = None
) -> Recorded[Transfer]:
    """The holder approves a requested transfer; the units move now (if still there)."""
    policy.require(principal, Action.TRANSFER_DECIDE, organisation_id=principal.organisation_id)
    call = idempotency.once(principal, idempotency_key, "transfer.approve", transfer_id=transfer_id)
    async with transaction() as connection:
        if (replay := await idempotency.replayed(connection, call, Transfer)) is not None:
            return replay
        transfer = await _pending(connection, transfer_id)
        sender = await Account.filter(id=transfer.from_account_id).using_db(connection).get()
        policy.require(principal, Action.TRANSFER_DECIDE, organisation_id=sender.organisation_id)
        await check_not_frozen(connection)
        receiver = await Account.filter(id=transfer.to_account_id).using_db(connection).get()
        await active_organisation(connection, int(receiver.organisation_id or 0))
        block = await locked_block(connection, transfer.block_id)
        await _held_by(connection, block, principal.organisation_id)
        check_quantity(block, int(transfer.quantity))
        seq = await _move(connection, principal, transfer, block)
        await idempotency.remember(connection, call, transfer.id, seq)
    return Recorded(transfer, seq)


@retried
async def _close(
    *,
    principal: Principal,
    transfer_id: int,
    action: Action,
    by_sender: bool,
    status: TransferStatus,
    fact: str,
    reason: str | None = None,
    idempotency_key: str | None = None,
) -> Recorded[Transfer]:
    policy.require(principal, action, organisation_id=principal.organisation_id)
    call = idempotency.once(principal, idempotency_key, fact, transfer_id=transfer_id)
    async with transaction() as connection:
        if (replay := await idempotency.replayed(connection, call, Transfer)) is not None:
            return replay
        transfer = await _pending(connection, transfer_id)
        if by_sender:
            side = await Account.filter(id=transfer.from_account_id).using_db(connection).get()
            policy.require(principal, action, organisation_id=side.organisation_id)
        else:
            policy.require(principal, action, organisation_id=transfer.requested_by_id)
        transfer.status, transfer.decided_at, transfer.status_reason = (
            status,
            datetime.now(UTC),
            reason,
        )
        await transfer.save(
            using_db=connection, update_fields=["status", "decided_at", "status_reason"]
        )
        block = await CreditBlock.filter(id=transfer.block_id).using_db(connection).get()
        seq = await ledger.append(
            connection,
            ledger.NewEntry(
                fact,
                {"transfer_id": transfer.id},
                actor=principal.actor,
                subject=f"issuance:{block.issuance_id}",
            ),
        )
        await idempotency.remember(connection, call, transfer.id, seq)
    return Recorded(transfer, seq)


async def reject_transfer(
    *, principal: Principal, transfer_id: int, reason: str, idempotency_key: str | None = None
) -> Recorded[Transfer]:
    """The holder refuses a requested transfer."""
    return await _close(
        principal=principal,
        transfer_id=transfer_id,
        action=Action.TRANSFER_DECIDE,
        by_sender=True,
        status=TransferStatus.REJECTED,
        fact="credits.transfer_rejected",
        reason=validation.required_text(reason, "reason", max_length=1000),
        idempotency_key=idempotency_key,
    )


async def cancel_transfer(
    *, principal: Principal, transfer_id: int, idempotency_key: str | None = None
) -> Recorded[Transfer]:
    """The requesting side withdraws its request."""
    return await _close(
        principal=principal,
        transfer_id=transfer_id,
        action=Action.TRANSFER_CANCEL,
        by_sender=False,
        status=TransferStatus.CANCELLED,
        fact="credits.transfer_cancelled",
        idempotency_key=idempotency_key,
    )


@retried
async def set_transfers_frozen(
    *, principal: Principal, frozen: bool, reason: str | None
) -> Recorded[RegistryState]:
    """The government freezes (or unfreezes) every transfer in the registry."""
    policy.require(principal, Action.TRANSFERS_FREEZE)
    text = validation.required_text(reason or "", "reason", max_length=1000) if frozen else None
    async with transaction() as connection:
        state = await RegistryState.filter(id=1).using_db(connection).select_for_update().get()
        if state.transfers_frozen == frozen:
            raise Conflict("transfers are already " + ("frozen." if frozen else "not frozen."))
        state.transfers_frozen, state.frozen_reason = frozen, text
        await state.save(using_db=connection, update_fields=["transfers_frozen", "frozen_reason"])
        seq = await ledger.append(
            connection,
            ledger.NewEntry(
                "registry.transfers_frozen" if frozen else "registry.transfers_unfrozen",
                {"reason": text},
                actor=principal.actor,
            ),
        )
    return Recorded(state, seq)
