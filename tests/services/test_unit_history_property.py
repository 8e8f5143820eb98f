"""A unit's history is exactly the ledger entries that concerned that unit (issue 14, item 1):
random issue / transfer / request / approve / reject / cancel / retire / recognise / refuse /
withdraw sequences through the services, then, for every unit, serialLookup's history must equal
a naive replay that follows that unit alone. The naive model is kept here, from the rows each
operation read and wrote, not from the ledger. Units between two consecutive range boundaries
share their history, so checking the first and last unit of every such stretch checks them all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.errors import RegistryError
from backend.models.credit import Account, CreditBlock, Issuance, Retirement, Transfer
from backend.models.enums import (
    BlockStatus,
    ProjectStatus,
    RetirementKind,
    RetirementStatus,
    TransferStatus,
)
from backend.services.credits import issuance as issuance_service
from backend.services.credits import queries, retirements, transfers
from tests.factories import Member, make_approved_report, make_member, make_project
from tests.services.credit_helpers import deductions, government

OPERATIONS = ("issue", "transfer", "request", "approve", "reject", "cancel", "retire",
              "recognise", "refuse", "withdraw")  # fmt: skip
step = st.tuples(
    st.sampled_from(OPERATIONS),
    st.integers(0, 2),
    st.integers(0, 2),
    st.integers(1, 60),
    st.integers(0, 10_000),
)


@dataclass
class Model:
    """Per unit, the seqs of the entries that concerned it; what each open request names."""

    seqs: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    transfer_units: dict[int, tuple[int, int]] = field(default_factory=dict)
    retirement_units: dict[int, tuple[int, int]] = field(default_factory=dict)
    bounds: set[int] = field(default_factory=set)
    issuances: list[int] = field(default_factory=list)  # hypothesis's examples share a database

    def touch(self, seq: int, start: int, end: int) -> None:
        self.bounds.update((start, end + 1))
        for unit in range(start, end + 1):
            self.seqs[unit].append(seq)


def tail(block: CreditBlock, quantity: int) -> tuple[int, int]:
    return int(block.serial_end) - quantity + 1, int(block.serial_end)


async def _issue(model: Model, owner: Member, gov: Member, quantity: int) -> None:
    project = await make_project(owner, ProjectStatus.AUTHORISED)
    report = await make_approved_report(project, quantity)
    done = await issuance_service.issue_credits(
        principal=gov.principal, monitoring_report_id=report.id
    )
    issued = await Issuance.get(id=done.value.id)
    model.issuances.append(issued.id)
    model.touch(done.ledger_seq, int(issued.serial_start), int(issued.serial_end))


async def _apply(
    model: Model, name: str, members: list[Member], x: int, y: int, gov: Member, quantity: int,
    pick: int,
) -> None:  # fmt: skip
    a, b = members[x], members[y]
    by_organisation = {m.organisation.id: m for m in members}
    ours = CreditBlock.filter(status=BlockStatus.ACTIVE, issuance_id__in=model.issuances)
    held = ours.filter(holder__organisation_id=a.organisation.id)
    blocks = list(await held.order_by("id")) or list(await ours.order_by("id"))
    block = blocks[pick % len(blocks)] if blocks else None
    if block is not None and pick % 5:
        quantity = 1 + quantity % block.quantity
    if name == "issue":
        await _issue(model, a, gov, quantity)
    elif name == "transfer" and block:
        done = await transfers.transfer_credits(
            principal=a.principal, block_id=block.id, quantity=quantity,
            to_organisation_id=b.organisation.id,
        )  # fmt: skip
        model.touch(done.ledger_seq, *tail(block, quantity))
    elif name == "request" and block:
        done = await transfers.request_transfer(
            principal=b.principal, block_id=block.id, quantity=quantity
        )
        model.transfer_units[done.value.id] = tail(block, quantity)
        model.touch(done.ledger_seq, *tail(block, quantity))
    elif name in ("approve", "reject", "cancel"):
        pending = list(
            await Transfer.filter(
                status=TransferStatus.REQUESTED, id__in=list(model.transfer_units)
            ).order_by("id")
        )
        if not pending:
            return
        chosen = pending[pick % len(pending)]
        # Mostly the one who may decide: the holder approves or rejects, the requester cancels.
        sender = await Account.get(id=chosen.from_account_id)
        if pick % 4:
            a = by_organisation.get(int(sender.organisation_id or 0), a)
            b = by_organisation.get(chosen.requested_by_id, b)
        if name == "approve":
            source = await CreditBlock.get(id=chosen.block_id)
            done = await transfers.approve_transfer(principal=a.principal, transfer_id=chosen.id)
            model.touch(done.ledger_seq, *tail(source, int(chosen.quantity)))
        elif name == "reject":
            done = await transfers.reject_transfer(
                principal=a.principal, transfer_id=chosen.id, reason="no"
            )
            model.touch(done.ledger_seq, *model.transfer_units[chosen.id])
        else:
            done = await transfers.cancel_transfer(principal=b.principal, transfer_id=chosen.id)
            model.touch(done.ledger_seq, *model.transfer_units[chosen.id])
    elif name == "retire" and block:
        done = await retirements.retire_credits(
            principal=a.principal, block_id=block.id, quantity=quantity,
            kind=RetirementKind.VOLUNTARY_CANCELLATION, beneficiary="x",
        )  # fmt: skip
        model.retirement_units[done.value.id] = tail(block, quantity)
        model.touch(done.ledger_seq, *tail(block, quantity))
    elif name in ("recognise", "refuse", "withdraw"):
        pending = list(
            await Retirement.filter(
                status=RetirementStatus.REQUESTED, id__in=list(model.retirement_units)
            ).order_by("id")
        )
        if not pending:
            return
        chosen = pending[pick % len(pending)]
        if pick % 4:
            a = by_organisation.get(chosen.requested_by_id, a)
        if name == "recognise":
            done = await retirements.recognise_retirement(
                principal=gov.principal, retirement_id=chosen.id
            )
        elif name == "refuse":
            done = await retirements.reject_retirement(
                principal=gov.principal, retirement_id=chosen.id, reason="no"
            )
        else:
            done = await retirements.cancel_retirement(
                principal=a.principal, retirement_id=chosen.id
            )
        model.touch(done.ledger_seq, *model.retirement_units[chosen.id])


async def _history_of(unit: int) -> list[int]:
    block = await CreditBlock.get(serial_start__lte=unit, serial_end__gte=unit)
    found = await queries.serial_lookup(f"{block.serial_prefix}-{unit}")
    assert found.unit == unit and found.block.id == block.id
    return [int(entry.seq) for entry in found.history]


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=st.lists(step, min_size=1, max_size=12))
async def test_every_units_history_is_exactly_the_entries_that_concerned_it(
    steps: list[tuple[str, int, int, int, int]],
) -> None:
    members = [await make_member() for _ in range(3)]
    gov = await government()
    model = Model()
    with deductions("5", "2"):
        await _issue(model, members[0], gov, 60)
        for name, x, y, quantity, pick in steps:
            try:
                await _apply(model, name, members, x, y, gov, quantity, pick)
            except RegistryError:
                pass  # refused: nothing recorded, nothing concerned
    checked = 0
    for issued in await Issuance.filter(id__in=model.issuances):
        first, last = int(issued.serial_start), int(issued.serial_end)
        points = sorted({p for p in model.bounds if first <= p <= last} | {first, last + 1})
        for start, stop in zip(points, points[1:], strict=False):
            for unit in {start, stop - 1}:
                assert await _history_of(unit) == model.seqs[unit], unit
                checked += 1
    assert checked >= len(model.issuances)


async def _types(block: CreditBlock, unit: int) -> list[str]:
    found = await queries.serial_lookup(f"{block.serial_prefix}-{unit}")
    return [str(entry.type) for entry in found.history]


async def test_the_reported_case_each_unit_lists_only_its_own_entries() -> None:
    owner, buyer, gov = await make_member(), await make_member(), await government()
    with deductions():
        model = Model()
        await _issue(model, owner, gov, 100)
    [block] = await CreditBlock.filter(issuance_id=model.issuances[0])
    await transfers.transfer_credits(
        principal=owner.principal, block_id=block.id, quantity=40,
        to_organisation_id=buyer.organisation.id,
    )  # fmt: skip
    moved = await CreditBlock.get(holder__organisation_id=buyer.organisation.id)
    retirement = await retirements.retire_credits(
        principal=buyer.principal, block_id=moved.id, quantity=10,
        kind=RetirementKind.VOLUNTARY_CANCELLATION, beneficiary="x",
    )  # fmt: skip
    await retirements.recognise_retirement(
        principal=gov.principal, retirement_id=retirement.value.id
    )
    first = int(block.serial_start)
    assert await _types(block, first) == ["credits.issued"]  # never left the owner
    assert await _types(block, first + 60) == ["credits.issued", "credits.transferred"]
    assert await _types(block, first + 99) == [
        "credits.issued",
        "credits.transferred",
        "credits.retirement_requested",
        "credits.retirement_recognised",
    ]
