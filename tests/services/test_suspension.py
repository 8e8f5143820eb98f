"""Suspending an organisation (DOMAIN.md): a certifier's certifications are revoked, transfers
to and from it are frozen, its pending requests are cancelled; each effect is in the ledger."""

from __future__ import annotations

import json
from typing import Any

import pytest

from backend.errors import Conflict
from backend.ledger.audit import audit
from backend.ledger.export import read_export
from backend.models.credit import CreditBlock, Retirement, Transfer
from backend.models.enums import (
    BlockStatus,
    CertificationStatus,
    FinancingStatus,
    OrganisationType,
    RetirementKind,
    RetirementStatus,
    Role,
    TransferStatus,
)
from backend.models.financing import Financing
from backend.models.ledger import LedgerEntry
from backend.models.notification import Notification
from backend.models.project import ProjectCertifier
from backend.services import access, certification, ledger, organisations, runtime
from backend.services.credits import retirements, transfers
from tests.factories import ledger_size, make_member, make_project
from tests.services.credit_helpers import deductions, issue
from tests.services.test_financing import ask


async def entries_after(seq: int) -> list[dict[str, Any]]:
    rows = await LedgerEntry.filter(seq__gt=seq).order_by("seq")
    return [json.loads(bytes(row.body)) for row in rows]


async def test_suspending_a_certifier_revokes_its_certifications() -> None:
    gov = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    certifier = await make_member(OrganisationType.CERTIFIER)
    other = await make_member(OrganisationType.CERTIFIER)
    owner = await make_member()
    assigned = await make_project(owner, certifiers=(certifier.organisation,))
    certified = await make_project(owner, certifiers=(certifier.organisation, other.organisation))
    await ProjectCertifier.filter(
        project_id=certified.id, organisation_id=certifier.organisation.id
    ).update(status=CertificationStatus.CERTIFIED)
    row = await ProjectCertifier.get(
        project_id=assigned.id, organisation_id=certifier.organisation.id
    )
    task = await Notification.create(
        user=certifier.user,
        event="certifier.assigned",
        about=f"certification:{row.id}",
        subject="task",
        is_task=True,
    )
    size = await ledger_size()
    done = await organisations.suspend_organisation(
        principal=gov.principal, organisation_id=certifier.organisation.id, reason="fraud"
    )
    assert done.ledger_seq == size
    rows = await ProjectCertifier.filter(organisation_id=certifier.organisation.id).order_by(
        "project_id"
    )
    assert [r.status for r in rows] == [CertificationStatus.REVOKED] * 2
    assert {r.revocation_reason for r in rows} == {"organisation suspended: fraud"}
    assert (
        await ProjectCertifier.get(project_id=certified.id, organisation_id=other.organisation.id)
    ).status is CertificationStatus.ASSIGNED
    bodies = await entries_after(size - 1)
    assert [b["type"] for b in bodies] == [
        "organisation.suspended",
        "certification.revoked",
        "certification.revoked",
    ]
    assert [b["data"]["project_id"] for b in bodies[1:]] == [assigned.id, certified.id]
    assert {b["actor"] for b in bodies} == {gov.principal.actor}
    target = await access.project_target(certified.id)
    assert target.certifier_ids == {other.organisation.id}
    assert (await Notification.get(id=task.id)).done_at is not None
    with pytest.raises(Conflict):  # a revoked certification is not revoked twice
        await certification.revoke_certification(
            principal=gov.principal,
            project_id=certified.id,
            certifier_id=certifier.organisation.id,
            reason="again",
        )


async def test_suspension_cancels_pending_requests_and_freezes_credits() -> None:
    gov = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    held, asker, seller = await make_member(), await make_member(), await make_member()
    with deductions():
        _, [block] = await issue(held, 100)
        _, [sellers] = await issue(seller, 100)
    waiting_on_held = await transfers.request_transfer(
        principal=asker.principal, block_id=block.id, quantity=5
    )
    asked_by_held = await transfers.request_transfer(
        principal=held.principal, block_id=sellers.id, quantity=5
    )
    retiring = await retirements.retire_credits(
        principal=held.principal,
        block_id=block.id,
        quantity=10,
        kind=RetirementKind.NDC_USE,
        beneficiary="VU",
    )
    project = await make_project(held)
    financing = await ask(held, project)
    size = await ledger_size()
    await organisations.suspend_organisation(
        principal=gov.principal, organisation_id=held.organisation.id, reason="unpaid fees"
    )
    types = [b["type"] for b in await entries_after(size - 1)]
    assert types == [
        "organisation.suspended",
        "credits.transfer_cancelled",
        "credits.transfer_cancelled",
        "credits.retirement_cancelled",
        "financing.cancelled",
    ]
    for transfer in (waiting_on_held, asked_by_held):
        row = await Transfer.get(id=transfer.value.id)
        assert row.status is TransferStatus.CANCELLED
        assert row.status_reason == "organisation suspended: unpaid fees"
    retirement = await Retirement.get(id=retiring.value.id)
    assert retirement.status is RetirementStatus.CANCELLED
    assert (await CreditBlock.get(id=retirement.block_id)).status is BlockStatus.ACTIVE
    assert (await Financing.get(id=financing.value.id)).status is FinancingStatus.CANCELLED
    # frozen: nobody moves its units, nobody sends it any, and it does nothing itself
    before = (await ledger_size(), await Transfer.all().count(), await Retirement.all().count())
    refusals = [
        transfers.request_transfer(principal=asker.principal, block_id=block.id, quantity=1),
        transfers.transfer_credits(
            principal=seller.principal,
            block_id=sellers.id,
            quantity=1,
            to_organisation_id=held.organisation.id,
        ),
        transfers.transfer_credits(
            principal=held.principal,
            block_id=block.id,
            quantity=1,
            to_organisation_id=asker.organisation.id,
        ),
        retirements.retire_credits(
            principal=held.principal,
            block_id=block.id,
            quantity=1,
            kind=RetirementKind.NDC_USE,
            beneficiary="VU",
        ),
    ]
    for call in refusals:
        with pytest.raises(Conflict, match="SUSPENDED"):
            await call
    after = (await ledger_size(), await Transfer.all().count(), await Retirement.all().count())
    assert after == before
    # the ledger with its cancellations still verifies, and replays to the registry's holdings
    signer = runtime.current().signer
    await ledger.sign_checkpoint(signer, "test/origin")
    lines = [
        line async for line in ledger.export_lines(origin="test/origin", public_key=signer.vkey())
    ]
    report = audit(read_export(lines), public_key=signer.vkey())
    assert report.ok, report.lines()
    assert report.replay_summary.issued == 200
