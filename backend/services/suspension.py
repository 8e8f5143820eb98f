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
from backend.models.credit import Account, Retirement, Transfer
from backend.models.enums import (
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
from backend.services import certification, decisions, financing, notifications
from backend.services.credits import retirements, transfers


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
    seqs += await _cancel_financing(connection, principal, organisation, because)
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
        fact = "certification.revoked"
        seqs.append(
            await certification.record_change(connection, principal, fact, project, row, because)
        )
        await notifications.close_tasks(connection, about=certification.task_about(row))
    return seqs


async def _cancel_transfers(
    connection: BaseDBAsyncClient, principal: Principal, organisation: Organisation, because: str
) -> list[int]:
    accounts = await Account.filter(organisation_id=organisation.id).using_db(connection)
    ids = [account.id for account in accounts]
    if not ids:
        return []
    requested = Transfer.filter(status=TransferStatus.REQUESTED).using_db(connection)
    waiting = await requested.filter(from_account_id__in=ids)
    asked = await requested.filter(to_account_id__in=ids)
    seqs = []
    for transfer_id in sorted({row.id for row in [*waiting, *asked]}):
        transfer = await decisions.pending(
            connection, Transfer, transfer_id, status=TransferStatus.REQUESTED, noun="transfer"
        )
        seq, _ = await transfers.close_request(
            connection, principal, transfer, status=TransferStatus.CANCELLED, reason=because
        )
        seqs.append(seq)
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
        retirement, block = await retirements.requested(connection, found.id)
        seq, _ = await retirements.settle_retirement(
            connection,
            principal,
            retirement,
            block,
            status=RetirementStatus.CANCELLED,
            reason=because,
            tell_requester=False,  # a suspended organisation's users are not told in the app
        )
        seqs.append(seq)
    return seqs


async def _cancel_financing(
    connection: BaseDBAsyncClient, principal: Principal, organisation: Organisation, because: str
) -> list[int]:
    pending = (
        await Financing.filter(requested_by_id=organisation.id, status=FinancingStatus.PENDING)
        .using_db(connection)
        .order_by("id")
    )
    seqs = []
    for found in pending:
        row = await financing.pending_financing(connection, found.id)
        seqs.append(
            await financing.settle_financing(
                connection, principal, row, to=FinancingStatus.CANCELLED, reason=because
            )
        )
    return seqs
