""" "Not yours" means one thing everywhere (policy.require_own): another organisation's project,
credits, transfer or financing is FORBIDDEN; another organisation's private, unattached
document is NOT_FOUND, word for word as an ID that does not exist. Nothing changes."""

from __future__ import annotations

from typing import Any

import pytest

from backend.errors import Forbidden, NotFound
from backend.models.credit import CreditBlock, Retirement, Transfer
from backend.models.enums import RetirementKind
from backend.models.financing import Financing
from backend.services import financing, projects
from backend.services.credits import retirements, transfers
from backend.services.project_validation import ProjectChanges
from tests.factories import ledger_size, make_document, make_member, make_project
from tests.project_inputs import project_input
from tests.project_inputs import state as project_state
from tests.services.credit_helpers import deductions, issue
from tests.services.test_financing import ask


async def rows() -> tuple[Any, ...]:
    blocks = await CreditBlock.all().order_by("id").values_list("id", "serial_end", "holder_id")
    transfer_rows = await Transfer.all().order_by("id").values_list("id", "status")
    return (
        await ledger_size(),
        tuple(blocks),
        tuple(transfer_rows),
        await Retirement.all().count(),
        tuple(await Financing.all().order_by("id").values_list("id", "status")),
        await project_state(),
    )


async def test_another_organisations_objects_are_forbidden() -> None:
    owner, stranger, asker = await make_member(), await make_member(), await make_member()
    with deductions():
        _, [block] = await issue(owner, 100)
    asked = await transfers.request_transfer(
        principal=asker.principal, block_id=block.id, quantity=5
    )
    project = await make_project(owner)
    requested = await ask(owner, project)
    before = await rows()
    calls = {
        "transfer": transfers.transfer_credits(
            principal=stranger.principal,
            block_id=block.id,
            quantity=1,
            to_organisation_id=asker.organisation.id,
        ),
        "retire": retirements.retire_credits(
            principal=stranger.principal,
            block_id=block.id,
            quantity=1,
            kind=RetirementKind.NDC_USE,
            beneficiary="VU",
        ),
        "approve": transfers.approve_transfer(
            principal=stranger.principal, transfer_id=asked.value.id
        ),
        "reject": transfers.reject_transfer(
            principal=stranger.principal, transfer_id=asked.value.id, reason="no"
        ),
        "cancel": transfers.cancel_transfer(
            principal=stranger.principal, transfer_id=asked.value.id
        ),
        "update project": projects.update_project(
            principal=stranger.principal,
            project_id=project.id,
            changes=ProjectChanges(title="Mine now"),
        ),
        "cancel financing": financing.cancel_financing(
            principal=stranger.principal, financing_id=requested.value.id
        ),
    }
    for name, call in calls.items():
        with pytest.raises(Forbidden) as raised:
            await call
        assert raised.value.code == "FORBIDDEN", name
    assert await rows() == before
    with pytest.raises(Forbidden, match=f"credit block {block.id} is not your organisation's"):
        await transfers.transfer_credits(
            principal=stranger.principal,
            block_id=block.id,
            quantity=1,
            to_organisation_id=asker.organisation.id,
        )


async def test_another_organisations_unattached_document_does_not_exist() -> None:
    owner, stranger = await make_member(), await make_member()
    theirs = await make_document(stranger)
    before = await rows()
    with pytest.raises(NotFound) as taken:
        await projects.create_project(principal=owner.principal, input=project_input(owner, theirs))
    missing = await make_document(owner)
    await missing.delete()
    with pytest.raises(NotFound) as unknown:
        await projects.create_project(
            principal=owner.principal, input=project_input(owner, missing)
        )
    assert taken.value.message == f"document {theirs.id} does not exist."
    assert unknown.value.message == f"document {missing.id} does not exist."
    assert taken.value.details == unknown.value.details == {"field": "designDocumentId"}
    assert await rows() == before
