"""Accounts and serial blocks: the one place where a block is split (INTEROP.md's rule)."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.db import locked
from backend.errors import BadUserInput, Conflict, NotFound
from backend.models.credit import Account, CreditBlock, RegistryState
from backend.models.enums import AccountKind, BlockStatus, OrganisationStatus
from backend.models.organisation import Organisation


def account_ref(account_id: int) -> str:
    """How the ledger names an account."""
    return f"account:{account_id}"


async def holding_account(connection: BaseDBAsyncClient, organisation: Organisation) -> Account:
    """The organisation's holding account, opened on first use (the organisation's row is
    locked first, so two transactions never both open it). FOR NO KEY UPDATE: a transfer's
    row referencing the other organisation takes FOR KEY SHARE on it, which a full FOR UPDATE
    would block, and two crossing transfers would deadlock."""
    await locked(connection, Organisation, organisation.id, no_key=True)
    found = await Account.filter(organisation_id=organisation.id).using_db(connection).first()
    if found is not None:
        return found
    return await Account.create(
        using_db=connection,
        kind=AccountKind.HOLDING,
        organisation=organisation,
        name=organisation.name,
    )


async def registry_account(connection: BaseDBAsyncClient, kind: AccountKind) -> Account:
    """One of the registry's own accounts (created by migration)."""
    return await Account.filter(kind=kind, organisation_id=None).using_db(connection).get()


async def locked_block(connection: BaseDBAsyncClient, block_id: int) -> CreditBlock:
    """The block, locked until the transaction ends. Raises NotFound."""
    return await locked(connection, CreditBlock, block_id)


async def check_not_frozen(connection: BaseDBAsyncClient) -> None:
    state = await RegistryState.filter(id=1).using_db(connection).get()
    if state.transfers_frozen:
        raise Conflict(
            f"transfers are frozen by the government: {state.frozen_reason or ''}".strip()
        )


async def active_organisation(connection: BaseDBAsyncClient, organisation_id: int) -> Organisation:
    """An ACTIVE organisation (suspended ones hold frozen credits). Raises NotFound, Conflict."""
    found = await Organisation.filter(id=organisation_id).using_db(connection).first()
    if found is None:
        raise NotFound(f"organisation {organisation_id} does not exist.")
    if found.status is not OrganisationStatus.ACTIVE:
        raise Conflict(
            f"organisation {organisation_id} is {found.status.value}; its credits are frozen."
        )
    return found


def check_quantity(block: CreditBlock, quantity: int) -> None:
    if not 1 <= quantity <= block.quantity:
        raise BadUserInput(
            f"quantity must be between 1 and {block.quantity}, the units left in block {block.id}.",
            field="quantity",
        )


async def split_off(
    connection: BaseDBAsyncClient,
    block: CreditBlock,
    quantity: int,
    *,
    holder_id: int,
    status: BlockStatus,
) -> CreditBlock | None:
    """Give the last `quantity` units of a locked block to holder_id in status. The sender keeps
    [start, end - n] and a new child block gets [end - n + 1, end]; a whole block just changes
    holder and status. Returns the new block, or None when the whole block moved."""
    check_quantity(block, quantity)
    if quantity == block.quantity:
        block.holder_id, block.status = holder_id, status
        await block.save(using_db=connection, update_fields=["holder_id", "status", "updated_at"])
        return None
    end = int(block.serial_end)
    block.serial_end = end - quantity
    await block.save(using_db=connection, update_fields=["serial_end", "updated_at"])
    return await CreditBlock.create(
        using_db=connection,
        issuance_id=block.issuance_id,
        project_id=block.project_id,
        parent_id=block.id,
        holder_id=holder_id,
        authorization_id=block.authorization_id,
        serial_prefix=block.serial_prefix,
        serial_start=end - quantity + 1,
        serial_end=end,
        vintage=block.vintage,
        status=status,
    )


def moved_range(block: CreditBlock, moved: CreditBlock | None) -> tuple[int, int]:
    """The units that moved: the new block's, or the whole block's."""
    target = moved or block
    return int(target.serial_start), int(target.serial_end)
