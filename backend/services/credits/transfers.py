"""Transfers between accounts: by the holder at once, or requested by the receiver and decided
by the holder; the government-wide freeze."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import policy
from backend.db import retried, transaction
from backend.errors import BadUserInput, Conflict, Forbidden
from backend.ledger import entries
from backend.models.credit import Account, CreditBlock, RegistryState, Transfer
from backend.models.enums import BlockStatus, TransferStatus
from backend.policy import Action, Principal
from backend.services import (
    dashboard,
    dashboard_rows,
    decisions,
    idempotency,
    ledger,
    notifications,
    validation,
)
from backend.services.credits import holders, notices
from backend.services.credits.blocks import (
    account_ref,
    active_organisation,
    check_not_frozen,
    check_quantity,
    holding_account,
    locked_block,
    moved_range,
    split_off,
)
from backend.services.notifications import Mail
from backend.services.recorded import Recorded


async def _held_by(
    connection: BaseDBAsyncClient, block: CreditBlock, principal: Principal, action: Action
) -> None:
    holder = await Account.filter(id=block.holder_id).using_db(connection).get()
    policy.require_own(
        principal, action, organisation_id=holder.organisation_id, what=f"credit block {block.id}"
    )
    if block.status is not BlockStatus.ACTIVE:
        raise Conflict(f"block {block.id} is {block.status.value}; only ACTIVE units move.")


async def _move(
    connection: BaseDBAsyncClient,
    principal: Principal,
    transfer: Transfer,
    block: CreditBlock,
    *,
    was_requested: bool,
) -> int:
    """Split and move the transfer's units, complete it, and record it; returns the seq.
    was_requested: it waited as a request (counted as pending work) until now."""
    before = (
        await dashboard_rows.transfer(connection, transfer, block, TransferStatus.REQUESTED)
        if was_requested
        else []
    )
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
    seq = await ledger.append(
        connection,
        ledger.new_entry(
            entries.CreditsTransferred(
                transfer_id=transfer.id,
                block_id=block.id,
                new_block_id=moved.id if moved else None,
                start=start,
                end=end,
                sender=account_ref(transfer.from_account_id),
                receiver=account_ref(transfer.to_account_id),
            ),
            principal.actor,
            f"issuance:{block.issuance_id}",
        ),
    )
    after = await dashboard_rows.transfer(connection, transfer, block)
    await dashboard.record(connection, before, after)
    return seq


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
        await active_organisation(connection, principal.organisation_id)  # not suspended since
        receiver = await active_organisation(connection, to_organisation_id)
        to_account = await holding_account(connection, receiver)
        block = await locked_block(connection, block_id)
        await _held_by(connection, block, principal, Action.CREDITS_TRANSFER)
        if why := await holders.why_not_holder(connection, receiver, block.project_id):
            raise BadUserInput(why, field="toOrganisationId")
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
        seq = await _move(connection, principal, transfer, block, was_requested=False)
        await idempotency.remember(connection, call, transfer.id, seq)
        mails = await notices.transferred(connection, transfer)
    await notifications.deliver(mails)
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
        await active_organisation(connection, sender.organisation_id)  # a suspended one's freeze
        if block.status is not BlockStatus.ACTIVE:
            raise Conflict(f"block {block.id} is {block.status.value}; only ACTIVE units move.")
        check_quantity(block, quantity)
        receiver = await active_organisation(connection, principal.organisation_id)
        if why := await holders.why_not_holder(connection, receiver, block.project_id):
            raise Forbidden(why)
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
            ledger.new_entry(
                entries.TransferRequested(
                    transfer_id=transfer.id,
                    block_id=block.id,
                    quantity=quantity,
                    start=int(block.serial_end) - quantity + 1,  # the tail it would move now
                    end=int(block.serial_end),
                    sender=account_ref(sender.id),
                    receiver=account_ref(transfer.to_account_id),
                ),
                principal.actor,
                f"issuance:{block.issuance_id}",
            ),
        )
        asked = await dashboard_rows.transfer(connection, transfer, block)
        await dashboard.record(connection, after=asked)
        await idempotency.remember(connection, call, transfer.id, seq)
        mails = await notices.transfer_requested(connection, transfer)
    await notifications.deliver(mails)
    return Recorded(transfer, seq)


async def _pending(connection: BaseDBAsyncClient, transfer_id: int) -> Transfer:
    return await decisions.pending(
        connection, Transfer, transfer_id, status=TransferStatus.REQUESTED, noun="transfer"
    )


async def close_request(
    connection: BaseDBAsyncClient,
    principal: Principal,
    transfer: Transfer,
    *,
    status: TransferStatus,
    reason: str | None,
) -> tuple[int, list[Mail]]:
    """Close a locked REQUESTED transfer without moving units (REJECTED or CANCELLED), record
    it, close its task and tell the requester of a rejection, inside the caller's transaction.
    Returns the entry's seq and the e-mails to send after commit."""
    fact = {
        TransferStatus.REJECTED: "credits.transfer_rejected",
        TransferStatus.CANCELLED: "credits.transfer_cancelled",
    }[status]
    await decisions.settle(connection, transfer, to=status, reason=reason)
    block = await CreditBlock.filter(id=transfer.block_id).using_db(connection).get()
    seq = await ledger.append(
        connection,
        ledger.new_entry(
            entries.declared(fact, entries.TransferClosed)(
                transfer_id=transfer.id, block_id=block.id, reason=reason
            ),
            principal.actor,
            f"issuance:{block.issuance_id}",
        ),
    )
    asked = await dashboard_rows.transfer(connection, transfer, block, TransferStatus.REQUESTED)
    await dashboard.record(connection, before=asked)
    rejected = status is TransferStatus.REJECTED
    return seq, await notices.transfer_closed(connection, transfer, tell_requester=rejected)


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
        await active_organisation(connection, principal.organisation_id)
        receiver = await Account.filter(id=transfer.to_account_id).using_db(connection).get()
        receiving = await active_organisation(connection, int(receiver.organisation_id or 0))
        block = await locked_block(connection, transfer.block_id)
        if why := await holders.why_not_holder(connection, receiving, block.project_id):
            raise Conflict(why)  # e.g. it was made a certifier of the project since it asked
        await _held_by(connection, block, principal, Action.TRANSFER_DECIDE)
        check_quantity(block, int(transfer.quantity))
        seq = await _move(connection, principal, transfer, block, was_requested=True)
        await idempotency.remember(connection, call, transfer.id, seq)
        mails = await notices.transferred(connection, transfer)
    await notifications.deliver(mails)
    return Recorded(transfer, seq)


@retried
async def _close(
    *,
    principal: Principal,
    transfer_id: int,
    action: Action,
    by_sender: bool,
    status: TransferStatus,
    reason: str | None = None,
    idempotency_key: str | None = None,
) -> Recorded[Transfer]:
    policy.require(principal, action, organisation_id=principal.organisation_id)
    call = idempotency.once(principal, idempotency_key, action.value, transfer_id=transfer_id)
    async with transaction() as connection:
        if (replay := await idempotency.replayed(connection, call, Transfer)) is not None:
            return replay
        transfer = await _pending(connection, transfer_id)
        if by_sender:
            side = await Account.filter(id=transfer.from_account_id).using_db(connection).get()
            policy.require(principal, action, organisation_id=side.organisation_id)
        else:
            policy.require(principal, action, organisation_id=transfer.requested_by_id)
        seq, mails = await close_request(
            connection, principal, transfer, status=status, reason=reason
        )
        await idempotency.remember(connection, call, transfer.id, seq)
    await notifications.deliver(mails)
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
            ledger.new_entry(
                entries.TransfersFrozen(reason=text)
                if frozen
                else entries.TransfersUnfrozen(reason=text),
                principal.actor,
            ),
        )
    return Recorded(state, seq)
