"""Issuance, transfers, retirements, the freeze and the serial lookup, below GraphQL."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from backend.errors import BadUserInput, Conflict, Forbidden
from backend.ledger.canonical import parse_body
from backend.models.credit import CreditBlock, Issuance, Retirement, Transfer
from backend.models.enums import (
    BlockStatus,
    OrganisationStatus,
    OrganisationType,
    ProjectStatus,
    RetirementKind,
    RetirementStatus,
    Role,
    TransferStatus,
)
from backend.models.ledger import LedgerEntry
from backend.services.credits import issuance, queries, retirements, transfers
from tests.factories import (
    ledger_size,
    make_approved_report,
    make_member,
    make_organisation,
    make_project,
)
from tests.services.credit_helpers import (
    account_of,
    account_of_organisation,
    deductions,
    government,
    issue,
)


def test_largest_remainder_split() -> None:
    split = issuance.split_among_owners
    assert split(1000, [(1, Decimal(50)), (2, Decimal(50))]) == [(1, 500), (2, 500)]
    assert split(100, [(1, Decimal("33.33")), (2, Decimal("33.33")), (3, Decimal("33.34"))]) == [
        (1, 33),
        (2, 33),
        (3, 34),
    ]
    assert split(10, [(7, Decimal("33.33")), (8, Decimal("33.33")), (9, Decimal("33.34"))]) == [
        (7, 3),
        (8, 3),
        (9, 4),
    ]
    # A tie in the remainders goes to the lower organisation ID.
    assert split(1, [(5, Decimal(50)), (4, Decimal(50))]) == [(4, 1), (5, 0)]
    assert split(3, [(1, Decimal("0.01")), (2, Decimal("99.99"))]) == [(1, 0), (2, 3)]
    with pytest.raises(ValueError):
        split(10, [(1, Decimal(60)), (2, Decimal(30))])


def test_deductions_round_down() -> None:
    assert issuance.deduction(1000, Decimal(5)) == 50
    assert issuance.deduction(999, Decimal(2)) == 19
    assert issuance.deduction(7, Decimal("2.5")) == 0


async def test_issue_splits_among_owners_with_deductions_in_one_contiguous_range() -> None:
    owner = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    partner = await make_organisation(OrganisationType.DEVELOPER)
    project = await make_project(owner, ProjectStatus.AUTHORISED, co_owners=((partner, "40"),))
    report = await make_approved_report(project, 1000, year=2024)
    recorded = await issuance.issue_credits(
        principal=(await government()).principal, monitoring_report_id=report.id
    )
    blocks = await CreditBlock.filter(issuance_id=recorded.value.id).order_by("serial_start")
    # VU: 5 % share of proceeds (50), 2 % OMGE (20); 930 split 60/40 between the owners.
    quantities = [(b.holder_id, b.quantity, b.status) for b in blocks]
    owner_account, partner_account = await account_of(owner), await account_of_organisation(partner)
    assert sorted(q for _, q, _ in quantities) == [20, 50, 372, 558]
    assert {(h, q) for h, q, _ in quantities if h in (owner_account.id, partner_account.id)} == {
        (owner_account.id, 558),
        (partner_account.id, 372),
    }
    assert blocks[-1].status is BlockStatus.CANCELLED  # OMGE
    assert [b.serial_start for b in blocks][0] == recorded.value.serial_start
    for left, right in zip(blocks, blocks[1:], strict=False):
        assert right.serial_start == left.serial_end + 1
    assert blocks[-1].serial_end == recorded.value.serial_end
    assert (
        blocks[0].serial
        == f"{project.serial_prefix}-2024-0-{blocks[0].serial_start}-{blocks[0].serial_end}"
    )
    body = parse_body(bytes((await LedgerEntry.get(seq=recorded.ledger_seq)).body))
    assert body["type"] == "credits.issued" and len(body["data"]["blocks"]) == 4


async def test_a_period_is_issued_at_most_once_and_only_when_approved_and_authorised() -> None:
    owner = await make_member()
    gov = await government()
    project = await make_project(owner, ProjectStatus.AUTHORISED)
    report = await make_approved_report(project, 100)
    await issuance.issue_credits(principal=gov.principal, monitoring_report_id=report.id)
    size = await ledger_size()
    with pytest.raises(Conflict):
        await issuance.issue_credits(principal=gov.principal, monitoring_report_id=report.id)
    approved_only = await make_project(owner, ProjectStatus.APPROVED)
    with pytest.raises(Conflict):
        await issuance.issue_credits(
            principal=gov.principal,
            monitoring_report_id=(await make_approved_report(approved_only, 5)).id,
        )
    with pytest.raises(Forbidden):
        await issuance.issue_credits(principal=owner.principal, monitoring_report_id=report.id)
    assert await ledger_size() == size and await Issuance.all().count() == 1


async def test_worked_example_of_interop_split() -> None:
    owner, receiver = await make_member(), await make_member()
    with deductions():
        issued, [block] = await issue(owner, 1000)
    first = int(issued.serial_start)
    recorded = await transfers.transfer_credits(
        principal=owner.principal,
        block_id=block.id,
        quantity=250,
        to_organisation_id=receiver.organisation.id,
    )
    kept, moved = (
        await CreditBlock.get(id=block.id),
        await CreditBlock.get(id=recorded.value.moved_block_id),
    )
    assert (kept.serial_start, kept.serial_end) == (first, first + 749)
    assert (moved.serial_start, moved.serial_end) == (first + 750, first + 999)
    assert moved.parent_id == block.id and moved.holder_id == (await account_of(receiver)).id
    # The whole block moves by changing its holder only.
    whole = await transfers.transfer_credits(
        principal=receiver.principal,
        block_id=moved.id,
        quantity=250,
        to_organisation_id=owner.organisation.id,
    )
    assert whole.value.moved_block_id == moved.id
    assert (await CreditBlock.get(id=moved.id)).holder_id == (await account_of(owner)).id
    assert await CreditBlock.filter(issuance_id=issued.id).count() == 2


async def test_transfer_refusals_change_nothing() -> None:
    owner, receiver, stranger = await make_member(), await make_member(), await make_member()
    viewer = await make_member(role=Role.VIEWER, organisation=owner.organisation)
    with deductions():
        _, [block] = await issue(owner, 100)
    before = (await ledger_size(), await CreditBlock.all().count())
    cases = [
        (owner, block.id, 0, receiver, BadUserInput),
        (owner, block.id, 101, receiver, BadUserInput),
        (stranger, block.id, 10, receiver, Forbidden),  # not yours: policy.require_own
        (owner, block.id, 10, owner, Conflict),
        (viewer, block.id, 10, receiver, Forbidden),
    ]
    for who, block_id, quantity, to, error in cases:
        with pytest.raises(error):
            await transfers.transfer_credits(
                principal=who.principal,
                block_id=block_id,
                quantity=quantity,
                to_organisation_id=to.organisation.id,
            )
    suspended = await make_organisation(OrganisationType.DEVELOPER, OrganisationStatus.SUSPENDED)
    with pytest.raises(Conflict):
        await transfers.transfer_credits(
            principal=owner.principal,
            block_id=block.id,
            quantity=5,
            to_organisation_id=suspended.id,
        )
    assert (await ledger_size(), await CreditBlock.all().count()) == before
    assert (await CreditBlock.get(id=block.id)).quantity == 100


async def test_freeze_stops_transfers_until_lifted() -> None:
    owner, receiver = await make_member(), await make_member()
    admin = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    with deductions():
        _, [block] = await issue(owner, 100)
    with pytest.raises(BadUserInput):
        await transfers.set_transfers_frozen(principal=admin.principal, frozen=True, reason="")
    await transfers.set_transfers_frozen(principal=admin.principal, frozen=True, reason="audit")
    with pytest.raises(Conflict) as raised:
        await transfers.transfer_credits(
            principal=owner.principal,
            block_id=block.id,
            quantity=1,
            to_organisation_id=receiver.organisation.id,
        )
    assert "frozen" in raised.value.message
    with pytest.raises(Conflict):
        await transfers.request_transfer(
            principal=receiver.principal, block_id=block.id, quantity=1
        )
    await transfers.set_transfers_frozen(principal=admin.principal, frozen=False, reason=None)
    await transfers.transfer_credits(
        principal=owner.principal,
        block_id=block.id,
        quantity=1,
        to_organisation_id=receiver.organisation.id,
    )


async def test_requested_transfer_is_decided_by_the_holder() -> None:
    owner, receiver = await make_member(), await make_member()
    with deductions():
        _, [block] = await issue(owner, 100)
    asked = (
        await transfers.request_transfer(
            principal=receiver.principal, block_id=block.id, quantity=30
        )
    ).value
    assert asked.status is TransferStatus.REQUESTED
    assert (await CreditBlock.get(id=block.id)).quantity == 100  # nothing moves yet
    with pytest.raises(Forbidden):
        await transfers.approve_transfer(principal=receiver.principal, transfer_id=asked.id)
    done = (await transfers.approve_transfer(principal=owner.principal, transfer_id=asked.id)).value
    assert done.status is TransferStatus.COMPLETED
    assert (await CreditBlock.get(id=block.id)).quantity == 70
    with pytest.raises(Conflict):
        await transfers.approve_transfer(principal=owner.principal, transfer_id=asked.id)
    second = (
        await transfers.request_transfer(
            principal=receiver.principal, block_id=block.id, quantity=5
        )
    ).value
    with pytest.raises(Forbidden):
        await transfers.cancel_transfer(principal=owner.principal, transfer_id=second.id)
    await transfers.reject_transfer(
        principal=owner.principal, transfer_id=second.id, reason="not now"
    )
    third = (
        await transfers.request_transfer(
            principal=receiver.principal, block_id=block.id, quantity=5
        )
    ).value
    await transfers.cancel_transfer(principal=receiver.principal, transfer_id=third.id)
    assert [t.status for t in await Transfer.all().order_by("id")] == [
        TransferStatus.COMPLETED,
        TransferStatus.REJECTED,
        TransferStatus.CANCELLED,
    ]
    assert (await CreditBlock.get(id=block.id)).quantity == 70


async def test_retirement_reserves_then_is_final_or_released() -> None:
    owner = await make_member()
    gov = await government()
    with deductions():
        _, [block] = await issue(owner, 100)
    retired = (
        await retirements.retire_credits(
            principal=owner.principal,
            block_id=block.id,
            quantity=40,
            kind=RetirementKind.NDC_USE,
            beneficiary="Republic of Vanuatu",
        )
    ).value
    reserved = await CreditBlock.get(id=retired.block_id)
    assert reserved.status is BlockStatus.RESERVED and reserved.quantity == 40
    with pytest.raises(Conflict):  # reserved units do not move
        await transfers.transfer_credits(
            principal=owner.principal,
            block_id=reserved.id,
            quantity=1,
            to_organisation_id=gov.organisation.id,
        )
    await retirements.recognise_retirement(principal=gov.principal, retirement_id=retired.id)
    assert (await CreditBlock.get(id=reserved.id)).status is BlockStatus.RETIRED
    for undo in (retirements.cancel_retirement,):
        with pytest.raises(Conflict):
            await undo(principal=owner.principal, retirement_id=retired.id)
    with pytest.raises(Conflict):
        await retirements.reject_retirement(
            principal=gov.principal, retirement_id=retired.id, reason="late"
        )
    before = await ledger_size()
    with pytest.raises(Conflict, match="authorized under Article 6.2"):  # not ITMOs
        await retirements.retire_credits(
            principal=owner.principal,
            block_id=block.id,
            quantity=10,
            kind=RetirementKind.FIRST_TRANSFER,
            beneficiary="Buyer",
            acquiring_country="CHE",
        )
    assert await ledger_size() == before and await Retirement.all().count() == 1
    second = (
        await retirements.retire_credits(
            principal=owner.principal,
            block_id=block.id,
            quantity=10,
            kind=RetirementKind.NDC_USE,
            beneficiary="Buyer",
        )
    ).value
    await retirements.reject_retirement(
        principal=gov.principal, retirement_id=second.id, reason="no LoA"
    )
    assert (await CreditBlock.get(id=second.block_id)).status is BlockStatus.ACTIVE
    third = (
        await retirements.retire_credits(
            principal=owner.principal,
            block_id=block.id,
            quantity=5,
            kind=RetirementKind.VOLUNTARY_CANCELLATION,
            beneficiary="Owner",
        )
    ).value
    with pytest.raises(Forbidden):
        await retirements.cancel_retirement(principal=gov.principal, retirement_id=third.id)
    await retirements.cancel_retirement(principal=owner.principal, retirement_id=third.id)
    assert [r.status for r in await Retirement.all().order_by("id")] == [
        RetirementStatus.RECOGNISED,
        RetirementStatus.REJECTED,
        RetirementStatus.CANCELLED,
    ]
    with pytest.raises(BadUserInput):
        await retirements.retire_credits(
            principal=owner.principal,
            block_id=block.id,
            quantity=1,
            kind=RetirementKind.FIRST_TRANSFER,
            beneficiary="x",
        )


async def test_serial_lookup_finds_any_unit_and_its_history() -> None:
    owner, first_buyer, second_buyer = await make_member(), await make_member(), await make_member()
    with deductions():
        issued, [block] = await issue(owner, 1000)
    base = int(issued.serial_start) - 1
    one = await transfers.transfer_credits(
        principal=owner.principal,
        block_id=block.id,
        quantity=250,
        to_organisation_id=first_buyer.organisation.id,
    )
    b = one.value.moved_block_id
    assert b is not None
    await transfers.transfer_credits(
        principal=first_buyer.principal,
        block_id=b,
        quantity=100,
        to_organisation_id=second_buyer.organisation.id,
    )
    await transfers.transfer_credits(
        principal=owner.principal,
        block_id=block.id,
        quantity=250,
        to_organisation_id=second_buyer.organisation.id,
    )
    # Block B (751-1000) was split again (901-1000 left); unit 812 stays in B with first_buyer.
    prefix = block.serial_prefix
    found = await queries.serial_lookup(f"{prefix}-{base + 812}")
    assert found.block.id == b and found.unit == base + 812
    assert (found.block.serial_start, found.block.serial_end) == (base + 751, base + 900)
    assert found.block.holder_id == (await account_of(first_buyer)).id
    types = [json.loads(bytes(e.body))["type"] for e in found.history]
    assert types == ["credits.issued", "credits.transferred"]
    # The sender's block, split twice (250 units, then 250 more): its middle unit stays there.
    middle = await queries.serial_lookup(f"{prefix}-{base + 250}")
    assert middle.block.id == block.id
    assert (middle.block.serial_start, middle.block.serial_end) == (base + 1, base + 500)
    assert middle.block.holder_id == (await account_of(owner)).id
    assert [json.loads(bytes(e.body))["type"] for e in middle.history] == ["credits.issued"]
    # A unit of the block that moved on has the longer history.
    later = await queries.serial_lookup(f"{prefix}-{base + 950}")
    assert [json.loads(bytes(e.body))["type"] for e in later.history] == [
        "credits.issued",
        "credits.transferred",
        "credits.transferred",
    ]
    with pytest.raises(BadUserInput):
        await queries.serial_lookup("not a serial")
    from backend.errors import NotFound

    with pytest.raises(NotFound):
        await queries.serial_lookup(f"{prefix}-{base + 5000}")
