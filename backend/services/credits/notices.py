"""Who is told about credits, inside the caller's transaction (e-mails go after commit):
the holder of a block asked for units (a task), the receiver of a transfer, the government for
a retirement awaiting recognition (a task), and the requester of a decided request."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.models.credit import Account, CreditBlock, Retirement, Transfer
from backend.models.organisation import Organisation
from backend.services import notifications
from backend.services.notifications import Mail


def transfer_about(transfer: Transfer) -> str:
    return f"transfer:{transfer.id}"


def retirement_about(retirement: Retirement) -> str:
    return f"retirement:{retirement.id}"


async def _organisation_of(connection: BaseDBAsyncClient, account_id: int) -> int | None:
    account = await Account.filter(id=account_id).using_db(connection).get()
    return account.organisation_id


async def transfer_requested(connection: BaseDBAsyncClient, transfer: Transfer) -> list[Mail]:
    """The holder's workers get a task: decide the request."""
    holder = await _organisation_of(connection, transfer.from_account_id)
    requester = await Organisation.filter(id=transfer.requested_by_id).using_db(connection).get()
    return await notifications.record(
        connection,
        event="credits.transfer_requested",
        about=transfer_about(transfer),
        users=await notifications.recipients([] if holder is None else [holder]),
        params={
            "requester": requester.name,
            "quantity": str(transfer.quantity),
            "block": str(transfer.block_id),
        },
        is_task=True,
    )


async def transferred(connection: BaseDBAsyncClient, transfer: Transfer) -> list[Mail]:
    """The receiver's workers are told what arrived; the request's task is done."""
    await notifications.close_tasks(connection, about=transfer_about(transfer))
    receiver = await _organisation_of(connection, transfer.to_account_id)
    moved = await CreditBlock.filter(id=transfer.moved_block_id).using_db(connection).get()
    return await notifications.record(
        connection,
        event="credits.transferred",
        about=transfer_about(transfer),
        users=await notifications.recipients([] if receiver is None else [receiver]),
        params={"quantity": str(transfer.quantity), "serials": moved.serial},
        is_task=False,
    )


async def transfer_closed(
    connection: BaseDBAsyncClient, transfer: Transfer, *, tell_requester: bool
) -> list[Mail]:
    """The request's task is done; a rejection is told to the side that asked."""
    await notifications.close_tasks(connection, about=transfer_about(transfer))
    if not tell_requester:
        return []
    return await notifications.record(
        connection,
        event="credits.transfer_rejected",
        about=transfer_about(transfer),
        users=await notifications.recipients([transfer.requested_by_id]),
        params={
            "quantity": str(transfer.quantity),
            "block": str(transfer.block_id),
            "reason": transfer.status_reason or "",
        },
        is_task=False,
    )


async def retirement_requested(connection: BaseDBAsyncClient, retirement: Retirement) -> list[Mail]:
    """The government's workers (who recognise retirements) get a task."""
    holder = await Organisation.filter(id=retirement.requested_by_id).using_db(connection).get()
    return await notifications.record(
        connection,
        event="credits.retirement_requested",
        about=retirement_about(retirement),
        users=await notifications.government_users(),
        params={"quantity": str(retirement.quantity), "holder": holder.name},
        is_task=True,
    )


async def retirement_decided(
    connection: BaseDBAsyncClient, retirement: Retirement, event: str | None
) -> list[Mail]:
    """The government's task is done; a decision (event) is told to the requester."""
    await notifications.close_tasks(connection, about=retirement_about(retirement))
    if event is None:
        return []
    return await notifications.record(
        connection,
        event=event,
        about=retirement_about(retirement),
        users=await notifications.recipients([retirement.requested_by_id]),
        params={"quantity": str(retirement.quantity), "reason": retirement.status_reason or ""},
        is_task=False,
    )
