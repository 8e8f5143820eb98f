"""CreditBlock, Transfer and Retirement viewerMay equal what the mutations accept, for every
organisation type x role, the holder's colleagues and a certifier of the block's project, with
transfers open and frozen by the government. Each mutation is really called, then rolled back
(viewer_probe)."""

from __future__ import annotations

import pytest

from backend.models.credit import Account, CreditBlock, Retirement, Transfer
from backend.models.enums import BlockStatus, CertificationStatus, RetirementKind, Role
from backend.models.project import ProjectCertifier
from backend.policy import Principal
from backend.services import viewer_actions
from backend.services.credits import retirements, transfers
from backend.services.viewer_actions import CreditBlockAction, RetirementAction, TransferAction
from tests.factories import Member, make_organisation
from tests.services.credit_helpers import account_of, issue
from tests.services.viewer_probe import Call, accepted, cast, colleague


async def world() -> tuple[dict[str, Member], CreditBlock, CreditBlock, Transfer, Retirement]:
    """The owner (DEVELOPER/ADMIN) holds an ACTIVE block of which 10 units are RESERVED for a
    requested retirement and 5 are asked for by DEVELOPER/MANAGER's organisation;
    CERTIFIER/MANAGER's organisation certifies the project."""
    members = await cast()
    owner, requester = members["DEVELOPER/ADMIN"], members["DEVELOPER/MANAGER"]
    members["holder's VIEWER"] = await colleague(owner, Role.VIEWER)
    members["holder's MANAGER"] = await colleague(owner, Role.MANAGER)
    _, blocks = await issue(owner, 1000)
    account = await account_of(owner)
    block = next(b for b in blocks if b.holder_id == account.id)
    await ProjectCertifier.create(
        project_id=block.project_id,
        organisation=members["CERTIFIER/MANAGER"].organisation,
        status=CertificationStatus.REVOKED,
    )
    retirement = (
        await retirements.retire_credits(
            principal=owner.principal,
            block_id=block.id,
            quantity=10,
            kind=RetirementKind.VOLUNTARY_CANCELLATION,
            beneficiary="Air Vanuatu",
        )
    ).value
    transfer = (
        await transfers.request_transfer(
            principal=requester.principal, block_id=block.id, quantity=5
        )
    ).value
    reserved = await CreditBlock.get(id=retirement.block_id)
    assert reserved.status is BlockStatus.RESERVED
    return members, await CreditBlock.get(id=block.id), reserved, transfer, retirement


def block_probes(
    principal: Principal, block: CreditBlock, receiver: int
) -> dict[CreditBlockAction, Call]:
    ids = {"principal": principal, "block_id": block.id, "quantity": 1}
    return {
        CreditBlockAction.TRANSFER: lambda: transfers.transfer_credits(
            **ids, to_organisation_id=receiver
        ),
        CreditBlockAction.REQUEST_TRANSFER: lambda: transfers.request_transfer(**ids),
        CreditBlockAction.RETIRE: lambda: retirements.retire_credits(
            **ids, kind=RetirementKind.NDC_USE, beneficiary="The Republic"
        ),
    }


async def freeze(members: dict[str, Member], frozen: bool) -> None:
    if frozen:
        government = members["GOVERNMENT/ADMIN"].principal
        await transfers.set_transfers_frozen(principal=government, frozen=True, reason="Audit.")
    assert await viewer_actions.transfers_frozen() is frozen


async def shown_for_block(principal: Principal, block: CreditBlock) -> set[CreditBlockAction]:
    holder = await Account.get(id=block.holder_id)
    certifiers = frozenset(
        c.organisation_id for c in await ProjectCertifier.filter(project_id=block.project_id)
    )
    frozen = await viewer_actions.transfers_frozen()
    found = viewer_actions.block_actions(
        principal, block, holder.organisation_id, certifiers, transfers_frozen=frozen
    )
    return set(found)


@pytest.mark.parametrize("frozen", [False, True])
async def test_block_viewer_may_is_what_the_mutations_accept(frozen: bool) -> None:
    members, active, reserved, _, _ = await world()
    await freeze(members, frozen)
    receiver = (await make_organisation()).id
    seen = {}
    for block in (active, reserved):
        for name, member in members.items():
            calls = block_probes(member.principal, block, receiver)
            allowed = {action for action, call in calls.items() if await accepted(call)}
            assert await shown_for_block(member.principal, block) == allowed, (name, block.status)
            seen[name, block.status] = allowed
    holder = {CreditBlockAction.RETIRE} | ({CreditBlockAction.TRANSFER} - frozen_out(frozen))
    assert seen["DEVELOPER/ADMIN", BlockStatus.ACTIVE] == holder
    assert seen["holder's MANAGER", BlockStatus.ACTIVE] == holder
    assert seen["holder's VIEWER", BlockStatus.ACTIVE] == set()
    asks = {CreditBlockAction.REQUEST_TRANSFER} - frozen_out(frozen)
    assert seen["GOVERNMENT/MANAGER", BlockStatus.ACTIVE] == asks
    assert seen["CERTIFIER/ADMIN", BlockStatus.ACTIVE] == asks
    assert seen["CERTIFIER/MANAGER", BlockStatus.ACTIVE] == set()  # certifies the project
    assert seen["PARTNER/ADMIN", BlockStatus.ACTIVE] == set()
    assert all(
        not allowed for (_, status), allowed in seen.items() if status is BlockStatus.RESERVED
    )


def frozen_out(frozen: bool) -> set[CreditBlockAction]:
    """The block actions a freeze stops."""
    return {CreditBlockAction.TRANSFER, CreditBlockAction.REQUEST_TRANSFER} if frozen else set()


@pytest.mark.parametrize("frozen", [False, True])
async def test_transfer_and_retirement_viewer_may_is_what_the_mutations_accept(
    frozen: bool,
) -> None:
    members, _, _, transfer, retirement = await world()
    await freeze(members, frozen)
    for name, member in members.items():
        p, t, r = member.principal, transfer.id, retirement.id
        transfer_calls: dict[TransferAction, Call] = {
            TransferAction.APPROVE: lambda: transfers.approve_transfer(principal=p, transfer_id=t),
            TransferAction.REJECT: lambda: transfers.reject_transfer(
                principal=p, transfer_id=t, reason="Not now."
            ),
            TransferAction.CANCEL: lambda: transfers.cancel_transfer(principal=p, transfer_id=t),
        }
        retirement_calls: dict[RetirementAction, Call] = {
            RetirementAction.RECOGNISE: lambda: retirements.recognise_retirement(
                principal=p, retirement_id=r
            ),
            RetirementAction.REJECT: lambda: retirements.reject_retirement(
                principal=p, retirement_id=r, reason="No proof."
            ),
            RetirementAction.CANCEL: lambda: retirements.cancel_retirement(
                principal=p, retirement_id=r
            ),
        }
        sender = (await Account.get(id=transfer.from_account_id)).organisation_id
        allowed_t = {a for a, call in transfer_calls.items() if await accepted(call)}
        shown_t = viewer_actions.transfer_actions(p, transfer, sender, transfers_frozen=frozen)
        assert set(shown_t) == allowed_t, name
        allowed_r = {a for a, call in retirement_calls.items() if await accepted(call)}
        assert set(viewer_actions.retirement_actions(p, retirement)) == allowed_r, name
        decides = (
            {TransferAction.REJECT} if frozen else {TransferAction.APPROVE, TransferAction.REJECT}
        )
        expected_t = {
            "DEVELOPER/ADMIN": decides,
            "holder's MANAGER": decides,
            "DEVELOPER/MANAGER": {TransferAction.CANCEL},
        }.get(name, set())
        assert allowed_t == expected_t, name
        expected_r = {
            "GOVERNMENT/ADMIN": {RetirementAction.RECOGNISE, RetirementAction.REJECT},
            "GOVERNMENT/MANAGER": {RetirementAction.RECOGNISE, RetirementAction.REJECT},
            "DEVELOPER/ADMIN": {RetirementAction.CANCEL},
            "holder's MANAGER": {RetirementAction.CANCEL},
        }.get(name, set())
        assert allowed_r == expected_r, name
