"""Project financing: a project's owner asks for it, the government approves or rejects it, the
owner may cancel it while it is pending. Amounts and terms are sensitive: they stay out of the
public ledger, which holds a SHA-256 commitment to the amount instead."""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import policy
from backend.db import locked, retried, transaction
from backend.errors import BadUserInput, Conflict, NotFound
from backend.ledger import entries
from backend.models.enums import (
    FinancingInstrument,
    FinancingStatus,
    OrganisationStatus,
    OrganisationType,
    ProjectStatus,
)
from backend.models.financing import Financing
from backend.models.organisation import Organisation
from backend.models.project import Project
from backend.policy import Action, Principal, Target
from backend.services import access, decisions, ledger, notifications, validation
from backend.services.access import project_target
from backend.services.recorded import Recorded

CENT = Decimal("0.01")
AMOUNT_LIMIT = Decimal(10) ** 16  # the column holds 16 digits before the point


def canonical_amount(amount: Decimal) -> str:
    """The amount as the registry writes it: plain digits, exactly two decimals ("1500.00")."""
    return format(amount.quantize(CENT), "f")


def amount_sha256(financing_id: int, amount: Decimal, salt: str) -> str:
    """The ledger's commitment to an amount: SHA-256 of "financing:<id>:<amount>:<salt>", so an
    auditor told the amount and the salt can check it against the public entry, and nobody can
    recover the amount from the entry by guessing."""
    text = f"financing:{financing_id}:{canonical_amount(amount)}:{salt}"
    return hashlib.sha256(text.encode()).hexdigest()


def clean_amount(amount: Decimal) -> Decimal:
    """A positive USD amount below 10^16 with at most two decimals, quantised to cents.
    Raises BadUserInput."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise BadUserInput("amount must be a decimal number.", field="amount")
    if amount <= 0:
        raise BadUserInput("amount must be greater than zero.", field="amount")
    if amount >= AMOUNT_LIMIT:
        raise BadUserInput("amount must be below 10^16 USD.", field="amount")
    if amount != amount.quantize(CENT):
        raise BadUserInput("amount has at most two decimal places.", field="amount")
    return amount.quantize(CENT)


def ledger_view(financing: Financing) -> entries.FinancingFacts:
    """What the public ledger says of a financing: no amount, terms or outside funder's name."""
    return {
        "financing_id": financing.id,
        "project_id": financing.project_id,
        "instrument": financing.instrument.value,
        "is_public": financing.is_public,
        "is_international": financing.is_international,
        "status": financing.status.value,
    }


async def _funder(from_organisation_id: int | None, from_name: str | None) -> str | None:
    """Check the funder (an organisation in the registry, or a name); returns the clean name."""
    if (from_organisation_id is None) == (from_name is None):
        raise BadUserInput("give either fromOrganisationId or fromName, not both.", field="from")
    if from_name is not None:
        return validation.required_text(from_name, "fromName", max_length=200)
    if not await Organisation.exists(id=from_organisation_id):
        raise BadUserInput("the funding organisation does not exist.", field="fromOrganisationId")
    return None


async def _deciders(project: Project) -> list[int]:
    """The organisations that may decide a project's financing: government, in-scope ministries."""
    organisations = await Organisation.filter(
        type__in=[OrganisationType.GOVERNMENT, OrganisationType.MINISTRY],
        status=OrganisationStatus.ACTIVE,
    )
    return [
        o.id
        for o in organisations
        if o.type is OrganisationType.GOVERNMENT or project.sectoral_scope in o.sectoral_scopes
    ]


async def request_financing(
    *,
    principal: Principal,
    project_id: int,
    amount: Decimal,
    instrument: FinancingInstrument,
    is_public: bool,
    is_international: bool,
    from_organisation_id: int | None = None,
    from_name: str | None = None,
    terms: str | None = None,
) -> Recorded[Financing]:
    """An owner of the project asks for financing (PENDING); government and in-scope ministries
    get a task. Raises NotFound, Forbidden, BadUserInput, Conflict (project REJECTED)."""
    policy.require(principal, Action.FINANCING_REQUEST, target=await project_target(project_id))
    fields = {
        "amount": clean_amount(amount),
        "instrument": FinancingInstrument(instrument),
        "is_public": is_public,
        "is_international": is_international,
        "from_organisation_id": from_organisation_id,
        "from_name": await _funder(from_organisation_id, from_name),
        "terms": validation.text(terms or "", "terms", max_length=5000, required=False),
    }
    project = await Project.get(id=project_id)
    users = await notifications.recipients(await _deciders(project))
    async with transaction() as connection:
        project = await locked(connection, Project, project_id)
        if project.status is ProjectStatus.REJECTED:
            raise Conflict("a REJECTED project cannot seek financing.", status=project.status.value)
        financing = await Financing.create(
            using_db=connection,
            project_id=project_id,
            status=FinancingStatus.PENDING,
            requested_by_id=principal.organisation_id,
            commitment_salt=secrets.token_hex(16),
            **fields,
        )
        record = entries.FinancingRequested(
            **ledger_view(financing),
            amount_sha256=amount_sha256(financing.id, financing.amount, financing.commitment_salt),
        )
        seq = await ledger.append(
            connection,
            ledger.new_entry(record, principal.actor, f"project:{project_id}"),
        )
        mails = await notifications.record(
            connection,
            event="financing.requested",
            about=f"financing:{financing.id}",
            users=users,
            params={"title": project.title},
            is_task=True,
        )
    await notifications.deliver(mails)
    return Recorded(financing, seq)


async def get_financing(financing_id: int) -> Financing:
    """The financing; raises NotFound."""
    found = await Financing.get_or_none(id=financing_id)
    if found is None:
        raise NotFound(f"financing {financing_id} does not exist.")
    return found


FACTS = {
    FinancingStatus.APPROVED: "financing.approved",
    FinancingStatus.REJECTED: "financing.rejected",
    FinancingStatus.CANCELLED: "financing.cancelled",
}


async def pending_financing(connection: BaseDBAsyncClient, financing_id: int) -> Financing:
    """A PENDING financing, locked. Raises NotFound, Conflict."""
    return await decisions.pending(
        connection, Financing, financing_id, status=FinancingStatus.PENDING, noun="financing"
    )


async def settle_financing(
    connection: BaseDBAsyncClient,
    principal: Principal,
    financing: Financing,
    *,
    to: FinancingStatus,
    reason: str | None,
) -> int:
    """Decide a locked PENDING financing inside the caller's transaction: its status, its
    ledger entry (without the reason, which may discuss the terms), its tasks closed."""
    await decisions.settle(connection, financing, to=to, reason=reason)
    seq = await ledger.append(
        connection,
        ledger.new_entry(
            entries.declared(FACTS[to], entries.FinancingDecided)(**ledger_view(financing)),
            principal.actor,
            f"project:{financing.project_id}",
        ),
    )
    await notifications.close_tasks(connection, about=f"financing:{financing.id}")
    return seq


@retried
async def _decide(
    *,
    principal: Principal,
    action: Action,
    financing_id: int,
    to: FinancingStatus,
    reason: str | None = None,
) -> Recorded[Financing]:
    current = await get_financing(financing_id)
    target = await project_target(current.project_id)
    policy.require(principal, action, target=target)
    if action is Action.FINANCING_CANCEL:  # only the organisation that asked for it
        policy.require_own(
            principal,
            action,
            organisation_id=current.requested_by_id,
            what=f"financing {financing_id}",
        )
    if reason is not None:
        reason = validation.required_text(reason, "reason", max_length=1000)
    project = await Project.get(id=current.project_id)
    notify = action is not Action.FINANCING_CANCEL
    users = await notifications.recipients(target.organisation_ids) if notify else []
    async with transaction() as connection:
        financing = await pending_financing(connection, financing_id)
        seq = await settle_financing(connection, principal, financing, to=to, reason=reason)
        mails = await notifications.record(
            connection,
            event=FACTS[to],
            about=f"financing:{financing.id}",
            users=users,
            params={"title": project.title, "reason": reason or ""},
            is_task=False,
        )
    await notifications.deliver(mails)
    return Recorded(financing, seq)


async def approve_financing(*, principal: Principal, financing_id: int) -> Recorded[Financing]:
    """PENDING -> APPROVED; the owners are told. Raises NotFound, Forbidden, Conflict."""
    return await _decide(
        principal=principal,
        action=Action.FINANCING_APPROVE,
        financing_id=financing_id,
        to=FinancingStatus.APPROVED,
    )


async def reject_financing(
    *, principal: Principal, financing_id: int, reason: str
) -> Recorded[Financing]:
    """PENDING -> REJECTED with a reason (kept off the public ledger, which may not hold the
    terms it discusses); the owners are told. Raises NotFound, Forbidden, BadUserInput,
    Conflict."""
    return await _decide(
        principal=principal,
        action=Action.FINANCING_REJECT,
        financing_id=financing_id,
        to=FinancingStatus.REJECTED,
        reason=reason,
    )


async def cancel_financing(*, principal: Principal, financing_id: int) -> Recorded[Financing]:
    """PENDING -> CANCELLED by the organisation that asked for it. Raises NotFound, Forbidden,
    Conflict."""
    return await _decide(
        principal=principal,
        action=Action.FINANCING_CANCEL,
        financing_id=financing_id,
        to=FinancingStatus.CANCELLED,
    )


async def list_financings(
    *,
    principal: Principal,
    project_id: int | None = None,
    status: FinancingStatus | None = None,
    offset: int = 0,
    limit: int = 20,
) -> tuple[list[Financing], int]:
    """A page of financings, newest first, and the total matching. Any signed-in user may list
    them; amounts and terms are the schema's business, through the policy (READ_FINANCING)."""
    query = Financing.all()
    if project_id is not None:
        query = query.filter(project_id=project_id)
    if status is not None:
        query = query.filter(status=status)
    total = await query.count()
    return list(await query.order_by("-id").offset(offset).limit(limit)), total


async def financings_of_projects(project_ids: list[int]) -> dict[int, list[Financing]]:
    """The financings of each project (one query), newest first."""
    grouped: dict[int, list[Financing]] = {project_id: [] for project_id in project_ids}
    for row in await Financing.filter(project_id__in=project_ids).order_by("-id"):
        grouped.setdefault(row.project_id, []).append(row)
    return grouped


async def project_targets(project_ids: list[int]) -> dict[int, Target]:
    """The policy targets of many projects (see access.project_targets)."""
    return await access.project_targets(project_ids)
