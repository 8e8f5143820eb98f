"""What suspending an organisation does besides its status (DOMAIN.md): a certifier's
certifications are revoked, and every request still waiting on the organisation or made by it
is cancelled (transfers to or from it, its retirements, whose units become ACTIVE again, and its
financing requests). Each effect is its own ledger entry, in the suspension's transaction and
after its `organisation.suspended` entry; its credits are frozen because nothing moves the units
of an organisation that is not ACTIVE (credits.blocks.active_organisation)."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.db import locked
from backend.models.credit import Account, CreditBlock, Retirement, Transfer
from backend.models.enums import (
    BlockStatus,
    CertificationStatus,
    FinancingStatus,
    OrganisationType,
    RetirementStatus,
    TransferStatus,
)
from backend.models.financing import Financing
from backend.models.organisation import Organisation
from backend.models.project import Project, ProjectCertifier
from backend.policy import Principal
from backend.services import financing, ledger, notifications
from backend.services.project_queries import subject


async def apply(
    connection: BaseDBAsyncClient, principal: Principal, organisation: Organisation, reason: str
) -> list[int]:
    """The suspension's effects, inside its transaction (the organisation row is locked);
    returns the seqs of their ledger entries in order."""
    because = f"organisation suspended: {reason}"
    seqs = []
    if organisation.type is OrganisationType.CERTIFIER:
        seqs += await _revoke_certifications(connection, principal, organisation, because)
    seqs += await _cancel_transfers(connection, principal, organisation, because)
    seqs += await _cancel_retirements(connection, principal, organisation, because)
    seqs += await _cancel_financing(connection, principal, organisation)
    return seqs


async def _revoke_certifications(
    connection: BaseDBAsyncClient, principal: Principal, certifier: Organisation, because: str
) -> list[int]:
    acting = (CertificationStatus.ASSIGNED, CertificationStatus.CERTIFIED)
    rows = (
        await ProjectCertifier.filter(organisation_id=certifier.id, status__in=acting)
        .using_db(connection)
        .order_by("project_id")
    )
    seqs = []
    for found in rows:
        row = await locked(connection, ProjectCertifier, found.id)
        project = await Project.filter(id=row.project_id).using_db(connection).get()
        row.status, row.revoked_at = CertificationStatus.REVOKED, datetime.now(UTC)
        row.revocation_reason = because
        await row.save(
            using_db=connection, update_fields=["status", "revoked_at", "revocation_reason"]
        )
        data = {
            "project_id": project.id,
            "number": project.number,
            "certifier_id": row.organisation_id,
            "status": row.status.value,
            "reason": because,
        }
        entry = ledger.NewEntry("certification.revoked", data, principal.actor, subject(project.id))
        seqs.append(await ledger.append(connection, entry))
        await notifications.close_tasks(connection, about=f"certification:{row.id}")
    return seqs


async def _cancel_transfers(
    connection: BaseDBAsyncClient, principal: Principal, organisation: Organisation, because: str
) -> list[int]:
    accounts = await Account.filter(organisation_id=organisation.id).using_db(connection)
    ids = [account.id for account in accounts]
    if not ids:
        return []
    waiting = await Transfer.filter(
        status=TransferStatus.REQUESTED, from_account_id__in=ids
    ).using_db(connection)
    asked = await Transfer.filter(status=TransferStatus.REQUESTED, to_account_id__in=ids).using_db(
        connection
    )
    seqs = []
    for transfer_id in sorted({row.id for row in [*waiting, *asked]}):
        transfer = await locked(connection, Transfer, transfer_id)
        transfer.status, transfer.decided_at = TransferStatus.CANCELLED, datetime.now(UTC)
        transfer.status_reason = because
        await transfer.save(
            using_db=connection, update_fields=["status", "decided_at", "status_reason"]
        )
        block = await CreditBlock.filter(id=transfer.block_id).using_db(connection).get()
        entry = ledger.NewEntry(
            "credits.transfer_cancelled",
            {"transfer_id": transfer.id},
            actor=principal.actor,
            subject=f"issuance:{block.issuance_id}",
        )
        seqs.append(await ledger.append(connection, entry))
        await notifications.close_tasks(connection, about=f"transfer:{transfer.id}")
    return seqs


async def _cancel_retirements(
    connection: BaseDBAsyncClient, principal: Principal, organisation: Organisation, because: str
) -> list[int]:
    pending = (
        await Retirement.filter(requested_by_id=organisation.id, status=RetirementStatus.REQUESTED)
        .using_db(connection)
        .order_by("id")
    )
    seqs = []
    for found in pending:
        retirement = await locked(connection, Retirement, found.id)
        block = await locked(connection, CreditBlock, retirement.block_id)
        retirement.status, retirement.decided_at = RetirementStatus.CANCELLED, datetime.now(UTC)
        retirement.status_reason = because
        await retirement.save(
            using_db=connection, update_fields=["status", "decided_at", "status_reason"]
        )
        block.status = BlockStatus.ACTIVE
        await block.save(using_db=connection, update_fields=["status", "updated_at"])
        entry = ledger.NewEntry(
            "credits.retirement_cancelled",
            {"retirement_id": str(retirement.id), "reason": because},
            actor=principal.actor,
            subject=f"issuance:{block.issuance_id}",
        )
        seqs.append(await ledger.append(connection, entry))
        await notifications.close_tasks(connection, about=f"retirement:{retirement.id}")
    return seqs


async def _cancel_financing(
    connection: BaseDBAsyncClient, principal: Principal, organisation: Organisation
) -> list[int]:
    pending = (
        await Financing.filter(requested_by_id=organisation.id, status=FinancingStatus.PENDING)
        .using_db(connection)
        .order_by("id")
    )
    seqs = []
    for found in pending:
        row = await locked(connection, Financing, found.id)
        row.status = FinancingStatus.CANCELLED
        row.status_reason = "organisation suspended"
        await row.save(using_db=connection, update_fields=["status", "status_reason", "updated_at"])
        entry = ledger.NewEntry(
            "financing.cancelled",
            financing.ledger_view(row),
            actor=principal.actor,
            subject=f"project:{row.project_id}",
        )
        seqs.append(await ledger.append(connection, entry))
        await notifications.close_tasks(connection, about=f"financing:{row.id}")
    return seqs
