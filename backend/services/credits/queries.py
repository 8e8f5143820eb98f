"""Reading credits: blocks, transfers, retirements, balances, and the serial lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tortoise.expressions import Q

from backend import policy
from backend.errors import BadUserInput, NotFound
from backend.models.credit import Account, CreditBlock, Retirement, Transfer
from backend.models.enums import BlockStatus, RetirementKind, RetirementStatus, TransferStatus
from backend.models.ledger import LedgerEntry
from backend.policy import Action, Principal
from backend.services.reports import history

# CC-UNIT-SCOPE-PROJECT-VINTAGE-EXT-UNIT or ...-EXT-START-END (INTEROP.md); units have at most
# 16 digits (the ledger's integer range), so no lookup reaches the database with a larger one.
SERIAL = re.compile(
    r"^([A-Z]{2}-[A-Z][A-Z0-9]{1,15}-[0-9]{1,2}-[0-9]+-[0-9]{4}-[0-9]+)-([0-9]{1,16})"
    r"(?:-([0-9]{1,16}))?$"
)
# A bare unit number: serial numbers come from one registry-wide sequence, so it names one unit.
BARE_UNIT = re.compile(r"^[0-9]{1,16}$")


@dataclass(frozen=True)
class SerialLookup:
    block: CreditBlock
    unit: int
    history: list[LedgerEntry]  # exactly the ledger entries that concerned this unit, in order


async def _holding(unit: int, prefix: str | None) -> CreditBlock:
    # Unit numbers are registry-wide and blocks never overlap, so the block holding the unit is
    # the one starting last at or before it: one step down an index (prefix, start) or (start).
    query = CreditBlock.filter(serial_start__lte=unit)
    query = query.filter(serial_prefix=prefix) if prefix else query
    block = await query.order_by("-serial_start").first()
    if block is None or int(block.serial_end) < unit:
        raise NotFound(f"no block holds unit {unit}" + (f" of {prefix}." if prefix else "."))
    return block


async def serial_lookup(serial: str) -> SerialLookup:
    """The block holding the unit a serial names (a unit serial, a block serial's first unit,
    or a bare unit number), and exactly the ledger entries that concerned that unit (its
    issuance, the transfers, transfer requests and retirements of a range holding it, and their
    decisions), replayed from its issuance's entries. A block serial's end must have been
    issued under the same prefix. Public. Raises BadUserInput, NotFound."""
    text = serial.strip()
    if BARE_UNIT.match(text):
        block, unit = await _holding(int(text), None), int(text)
    else:
        match = SERIAL.match(text)
        if match is None:
            raise BadUserInput("not a serial number of this registry.", field="serial")
        prefix, unit = match.group(1), int(match.group(2))
        block = await _holding(unit, prefix)
        if match.group(3) is not None:
            end = int(match.group(3))
            if end < unit:
                raise BadUserInput("the serial's range ends before it starts.", field="serial")
            await _holding(end, prefix)  # NotFound: the range's end was never issued
    rows = await LedgerEntry.filter(subject=f"issuance:{block.issuance_id}").order_by("seq")
    replayed = history.replay(block.issuance_id, map(history.parse_entry, rows))
    concerned = set(replayed.seqs_concerning(unit))
    return SerialLookup(block, unit, [row for row in rows if row.seq in concerned])


async def _visible_account_ids(principal: Principal) -> list[int] | None:
    """None when the principal sees every account's holdings, else its own account's ID."""
    if policy.can(principal, Action.READ_ALL_HOLDINGS):
        return None
    return [a.id for a in await Account.filter(organisation_id=principal.organisation_id)]


async def list_blocks(
    *,
    principal: Principal,
    holder_organisation_id: int | None = None,
    project_id: int | None = None,
    vintage: int | None = None,
    status: BlockStatus | None = None,
    itmo: bool | None = None,
    offset: int = 0,
    limit: int = 20,
) -> tuple[list[CreditBlock], int]:
    """Blocks in serial order: government and ministries see all, others their own holdings;
    itmo True: only the blocks an Article 6.2 authorization covers (ITMOs), False: none of them."""
    query = CreditBlock.all()
    visible = await _visible_account_ids(principal)
    if visible is not None:
        query = query.filter(holder_id__in=visible)
    if holder_organisation_id is not None:
        query = query.filter(holder__organisation_id=holder_organisation_id)
    if project_id is not None:
        query = query.filter(project_id=project_id)
    if vintage is not None:
        query = query.filter(vintage=vintage)
    if status is not None:
        query = query.filter(status=status)
    if itmo is not None:
        query = query.filter(authorization_id__isnull=not itmo)
    total = await query.count()
    return list(await query.order_by("serial_start").offset(offset).limit(limit)), total


async def list_transfers(
    *, principal: Principal, status: TransferStatus | None = None, offset: int = 0, limit: int = 20
) -> tuple[list[Transfer], int]:
    """The "Transfers" screen: the caller's incoming and outgoing transfers (all for government)."""
    query = Transfer.all()
    visible = await _visible_account_ids(principal)
    if visible is not None:
        query = query.filter(Q(from_account_id__in=visible) | Q(to_account_id__in=visible))
    if status is not None:
        query = query.filter(status=status)
    total = await query.count()
    return list(await query.order_by("-id").offset(offset).limit(limit)), total


async def list_retirements(
    *,
    principal: Principal,
    status: RetirementStatus | None = None,
    kind: RetirementKind | None = None,
    offset: int = 0,
    limit: int = 20,
) -> tuple[list[Retirement], int]:
    """Retirements, newest first (only kind's, when given): the caller's own, all for those
    who may read every holding."""
    query = Retirement.all()
    if not policy.can(principal, Action.READ_ALL_HOLDINGS):
        query = query.filter(requested_by_id=principal.organisation_id)
    if status is not None:
        query = query.filter(status=status)
    if kind is not None:
        query = query.filter(kind=kind)
    total = await query.count()
    return list(await query.order_by("-id").offset(offset).limit(limit)), total


@dataclass(frozen=True)
class Balance:
    account: Account
    by_status: dict[BlockStatus, int]


async def balances(*, principal: Principal) -> list[Balance]:
    """Units per account and status, for the accounts the caller may see."""
    query = CreditBlock.all()
    visible = await _visible_account_ids(principal)
    if visible is not None:
        query = query.filter(holder_id__in=visible)
    totals: dict[int, dict[BlockStatus, int]] = {}
    for block in await query.only("id", "holder_id", "status", "serial_start", "serial_end"):
        per = totals.setdefault(block.holder_id, {})
        per[block.status] = per.get(block.status, 0) + block.quantity
    accounts = {a.id: a for a in await Account.filter(id__in=list(totals))}
    return [Balance(accounts[i], totals[i]) for i in sorted(totals)]
