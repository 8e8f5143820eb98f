"""Retirements: the units are reserved until the government recognises the retirement (final)
or rejects it, or the requester cancels it."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import policy
from backend.db import retried, transaction
from backend.errors import BadUserInput, Conflict, Forbidden
from backend.ledger import entries
from backend.models.credit import Account, CreditBlock, Retirement
from backend.models.enums import BlockStatus, RetirementKind, RetirementStatus
from backend.policy import Action, Principal
from backend.services import (
    article6,
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
    locked_block,
    moved_range,
    split_off,
)
from backend.services.notifications import Mail
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
        retiring = await active_organisation(connection, principal.organisation_id)  # frozen?
        if why := await holders.why_not_holder(connection, retiring, block.project_id):
            raise Forbidden(why)
        holder = await Account.filter(id=block.holder_id).using_db(connection).get()
        policy.require_own(
            principal,
            Action.CREDITS_RETIRE,
            organisation_id=holder.organisation_id,
            what=f"credit block {block.id}",
        )
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
            ledger.new_entry(
                entries.RetirementRequested(
                    retirement_id=retirement.id,
                    block_id=block.id,
                    new_block_id=moved.id if moved else None,
                    start=start,
                    end=end,
                    holder=account_ref(holder.id),
                    kind=kind.value,
                    acquiring_country=country,
                ),
                principal.actor,
                f"issuance:{block.issuance_id}",
            ),
        )
        asked = await dashboard_rows.retirement(connection, retirement, reserved)
        await dashboard.record(connection, after=asked)
        await idempotency.remember(connection, call, retirement.id, seq)
        mails = await notices.retirement_requested(connection, retirement)
    await notifications.deliver(mails)
    return Recorded(retirement, seq)


# A decision's outcome: the units' new status and the ledger fact.
OUTCOMES: dict[RetirementStatus, tuple[BlockStatus, str]] = {
    RetirementStatus.RECOGNISED: (BlockStatus.RETIRED, "credits.retirement_recognised"),
    RetirementStatus.REJECTED: (BlockStatus.ACTIVE, "credits.retirement_rejected"),
    RetirementStatus.CANCELLED: (BlockStatus.ACTIVE, "credits.retirement_cancelled"),
}


async def requested(
    connection: BaseDBAsyncClient, retirement_id: int
) -> tuple[Retirement, CreditBlock]:
    """A REQUESTED retirement and its reserved block, both locked. Raises NotFound, Conflict."""
    retirement = await decisions.pending(
        connection,
        Retirement,
        retirement_id,
        status=RetirementStatus.REQUESTED,
        noun="retirement",
    )
    return retirement, await locked_block(connection, retirement.block_id)


async def settle_retirement(
    connection: BaseDBAsyncClient,
    principal: Principal,
    retirement: Retirement,
    block: CreditBlock,
    *,
    status: RetirementStatus,
    reason: str | None,
    tell_requester: bool,
) -> tuple[int, list[Mail]]:
    """Decide a locked REQUESTED retirement inside the caller's transaction: its units are
    RETIRED (recognised) or ACTIVE again, it is recorded, the government's task is closed and
    the requester told if tell_requester. Returns the seq and the e-mails to send."""
    block_status, fact = OUTCOMES[status]
    before = await dashboard_rows.retirement(
        connection, retirement, block, RetirementStatus.REQUESTED
    )
    await decisions.settle(connection, retirement, to=status, reason=reason)
    block.status = block_status
    await block.save(using_db=connection, update_fields=["status", "updated_at"])
    seq = await ledger.append(
        connection,
        ledger.new_entry(
            entries.declared(fact, entries.RetirementDecided)(
                retirement_id=retirement.id,
                block_id=block.id,
                start=int(block.serial_start),
                end=int(block.serial_end),
                reason=reason,
            ),
            principal.actor,
            f"issuance:{block.issuance_id}",
        ),
    )
    after = await dashboard_rows.retirement(connection, retirement, block)
    await dashboard.record(connection, before, after)
    told = fact if tell_requester else None
    return seq, await notices.retirement_decided(connection, retirement, told)


@retried
async def _decide(
    *,
    principal: Principal,
    retirement_id: int,
    action: Action,
    status: RetirementStatus,
    reason: str | None = None,
    by_requester: bool = False,
    idempotency_key: str | None = None,
) -> Recorded[Retirement]:
    policy.require(principal, action, organisation_id=principal.organisation_id)
    call = idempotency.once(
        principal, idempotency_key, OUTCOMES[status][1], retirement_id=retirement_id
    )
    async with transaction() as connection:
        if (replay := await idempotency.replayed(connection, call, Retirement)) is not None:
            return replay
        retirement, block = await requested(connection, retirement_id)
        if by_requester:
            policy.require(principal, action, organisation_id=retirement.requested_by_id)
        seq, mails = await settle_retirement(
            connection,
            principal,
            retirement,
            block,
            status=status,
            reason=reason,
            tell_requester=not by_requester,  # the requester knows what it cancelled
        )
        await idempotency.remember(connection, call, retirement.id, seq)
    await notifications.deliver(mails)
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
        by_requester=True,
        idempotency_key=idempotency_key,
    )
