"""Organisations: registration, creation, approval, rejection, suspension, profile updates."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.functions import Count

from backend import policy
from backend.db import locked, retried, transaction
from backend.errors import BadUserInput, Conflict, NotFound
from backend.ledger import entries
from backend.models.enums import OrganisationStatus, OrganisationType, Role
from backend.models.organisation import Organisation
from backend.models.project import ProjectOwner
from backend.models.user import User
from backend.policy import Action, Principal
from backend.services import (
    dashboard,
    ledger,
    notifications,
    runtime,
    suspension,
    users,
    validation,
)
from backend.services import dashboard_figures as figures
from backend.services.recorded import Recorded


@dataclass(frozen=True)
class OrganisationInput:
    name: str
    tax_id: str
    type: OrganisationType
    email: str
    phone: str | None = None
    website: str | None = None
    address: str | None = None
    sectoral_scopes: tuple[int, ...] = ()


@dataclass(frozen=True)
class AdminInput:
    email: str
    name: str
    password: str | None = None
    language: str | None = None


def ledger_view(organisation: Organisation) -> entries.OrganisationFacts:
    """What the public ledger says of an organisation: no tax ID, e-mail or phone."""
    return {
        "organisation_id": organisation.id,
        "name": organisation.name,
        "type": organisation.type.value,
        "status": organisation.status.value,
        "sectoral_scopes": list(organisation.sectoral_scopes),
    }


async def check_new(data: OrganisationInput) -> None:
    """Raise what inserting the organisation would for its own fields: BadUserInput, or
    Conflict for a tax ID already registered."""
    fields = _clean(data)
    if await Organisation.exists(tax_id=fields["tax_id"]):
        raise Conflict("an organisation with this tax ID is already registered.", field="taxId")


def _clean(data: OrganisationInput) -> dict[str, object]:
    country = runtime.current().country
    if data.type.value not in country.organisation_types:
        raise BadUserInput(f"organisation type {data.type.value} is not used in this country.")
    scopes = sorted(set(data.sectoral_scopes))
    if data.type is not OrganisationType.MINISTRY and scopes:
        raise BadUserInput("only a MINISTRY has sectoral scopes.", field="sectoralScopes")
    if data.type is OrganisationType.MINISTRY and not scopes:
        raise BadUserInput("a MINISTRY needs at least one sectoral scope.", field="sectoralScopes")
    if any(scope not in country.sectoral_scopes for scope in scopes):
        raise BadUserInput("unknown sectoral scope.", field="sectoralScopes")
    return {
        "name": validation.required_text(data.name, "name", max_length=200),
        "tax_id": validation.tax_id(data.tax_id),
        "type": data.type,
        "email": validation.email(data.email),
        "phone": validation.phone(data.phone),
        "website": validation.website(data.website),
        "address": validation.text(data.address or "", "address", max_length=1000, required=False),
        "sectoral_scopes": scopes,
        "country": country.iso2,
    }


@dataclass(frozen=True)
class Inserted:
    organisation: Organisation
    admin: User
    ledger_seq: int
    invitation: str | None  # the admin's password token, when it has no password yet
    mails: list[notifications.Mail]  # the tasks' e-mails, to send after commit


async def insert_organisation(
    *,
    principal: Principal | None,
    organisation: OrganisationInput,
    admin: AdminInput,
    status: OrganisationStatus,
) -> Inserted:
    """The one way an organisation comes in: checked fields, the row, its first ADMIN and the
    ledger entry, in one transaction; a PENDING one is a task for the government's admins.
    Raises BadUserInput, Conflict (tax ID, e-mail)."""
    fields = _clean(organisation)
    record = (
        entries.OrganisationRegistered
        if status is OrganisationStatus.PENDING
        else entries.OrganisationCreated
    )
    async with transaction() as connection:
        if await Organisation.filter(tax_id=fields["tax_id"]).using_db(connection).exists():
            raise Conflict("an organisation with this tax ID is already registered.", field="taxId")
        created = await Organisation.create(using_db=connection, status=status, **fields)
        user = await users.insert_user(
            connection,
            organisation=created,
            email=admin.email,
            name=admin.name,
            role=Role.ADMIN,
            password=admin.password,
            language=admin.language,
        )
        seq = await ledger.append(
            connection,
            ledger.new_entry(
                record(**ledger_view(created), admin_user_id=user.id),
                principal.actor if principal else None,
            ),
        )
        await dashboard.record(connection, after=figures.organisation(status.value))
        invitation = None
        if admin.password is None:
            invitation = await users.issue_reset_token(connection, user)
        mails = []
        if status is OrganisationStatus.PENDING:
            mails = await notifications.record(
                connection,
                event="organisation.registered",
                about=task_about(created.id),
                users=await notifications.government_users(roles=(Role.ADMIN,)),
                params={"name": created.name},
                is_task=True,
            )
    return Inserted(created, user, seq, invitation, mails)


def task_about(organisation_id: int) -> str:
    """What the government's task of deciding a registration is about."""
    return f"organisation:{organisation_id}"


async def register_organisation(
    *, principal: Principal | None, organisation: OrganisationInput, admin: AdminInput
) -> Recorded[tuple[Organisation, User]]:
    """Public self-registration: the organisation and its first ADMIN start PENDING.
    Raises BadUserInput (invalid fields, GOVERNMENT type) or Conflict (tax ID, e-mail taken)."""
    policy.require(principal, Action.ORGANISATION_REGISTER)
    if organisation.type is OrganisationType.GOVERNMENT:
        raise BadUserInput("government organisations are created by the registry's government.")
    if admin.password is None:
        raise BadUserInput("password is required.", field="password")
    inserted = await insert_organisation(
        principal=principal,
        organisation=organisation,
        admin=admin,
        status=OrganisationStatus.PENDING,
    )
    await notifications.deliver(inserted.mails)
    return Recorded((inserted.organisation, inserted.admin), inserted.ledger_seq)


async def create_organisation(
    *, principal: Principal, organisation: OrganisationInput, admin: AdminInput
) -> Recorded[tuple[Organisation, User]]:
    """Government creates an ACTIVE organisation and invites its first ADMIN by e-mail."""
    policy.require(principal, Action.ORGANISATION_CREATE)
    inserted = await insert_organisation(
        principal=principal,
        organisation=organisation,
        admin=dataclasses.replace(admin, password=None),
        status=OrganisationStatus.ACTIVE,
    )
    if inserted.invitation is not None:
        await users.send_invitation(inserted.admin, inserted.invitation)
    return Recorded((inserted.organisation, inserted.admin), inserted.ledger_seq)


async def get_organisation(organisation_id: int) -> Organisation:
    """The organisation; raises NotFound."""
    found = await Organisation.get_or_none(id=organisation_id)
    if found is None:
        raise NotFound(f"organisation {organisation_id} does not exist.")
    return found


@retried
async def _transition(
    *,
    principal: Principal,
    action: Action,
    organisation_id: int,
    allowed_from: tuple[OrganisationStatus, ...],
    to: OrganisationStatus,
    fact: str,
    reason: str | None = None,
) -> Recorded[Organisation]:
    policy.require(principal, action, organisation_id=organisation_id)
    if reason is not None:
        reason = validation.required_text(reason, "reason", max_length=1000)
    async with transaction() as connection:
        found = await locked(connection, Organisation, organisation_id)
        if found.status not in allowed_from:
            raise Conflict(
                f"a {found.status.value} organisation cannot be {fact.split('.')[1]}.",
                status=found.status.value,
            )
        if found.id == principal.organisation_id and to is not OrganisationStatus.ACTIVE:
            raise Conflict("you cannot change the status of your own organisation.")
        before = figures.organisation(found.status.value)
        found.status, found.status_reason = to, reason
        await found.save(
            using_db=connection, update_fields=["status", "status_reason", "updated_at"]
        )
        record = entries.declared(fact, entries.OrganisationDecided)(
            **ledger_view(found), reason=reason
        )
        seq = await ledger.append(connection, ledger.new_entry(record, principal.actor))
        await dashboard.record(connection, before, figures.organisation(to.value))
        if to is OrganisationStatus.SUSPENDED:
            await suspension.apply(connection, principal, found, reason or "")
        await notifications.close_tasks(connection, about=task_about(found.id))
    return Recorded(found, seq)


async def approve_organisation(
    *, principal: Principal, organisation_id: int
) -> Recorded[Organisation]:
    """PENDING -> ACTIVE. Raises NotFound, Conflict (other status), Forbidden."""
    return await _transition(
        principal=principal,
        action=Action.ORGANISATION_APPROVE,
        organisation_id=organisation_id,
        allowed_from=(OrganisationStatus.PENDING,),
        to=OrganisationStatus.ACTIVE,
        fact="organisation.approved",
    )


async def reject_organisation(
    *, principal: Principal, organisation_id: int, reason: str
) -> Recorded[Organisation]:
    """PENDING -> REJECTED with a reason. Raises BadUserInput, NotFound, Conflict, Forbidden."""
    return await _transition(
        principal=principal,
        action=Action.ORGANISATION_REJECT,
        organisation_id=organisation_id,
        allowed_from=(OrganisationStatus.PENDING,),
        to=OrganisationStatus.REJECTED,
        fact="organisation.rejected",
        reason=reason,
    )


async def suspend_organisation(
    *, principal: Principal, organisation_id: int, reason: str
) -> Recorded[Organisation]:
    """ACTIVE -> SUSPENDED with a reason; its users can no longer act, its credits are frozen,
    a certifier's certifications are revoked and its pending requests cancelled (each in the
    ledger: services.suspension). Reactivation restores none of them."""
    return await _transition(
        principal=principal,
        action=Action.ORGANISATION_SUSPEND,
        organisation_id=organisation_id,
        allowed_from=(OrganisationStatus.ACTIVE,),
        to=OrganisationStatus.SUSPENDED,
        fact="organisation.suspended",
        reason=reason,
    )


async def reactivate_organisation(
    *, principal: Principal, organisation_id: int
) -> Recorded[Organisation]:
    """SUSPENDED -> ACTIVE."""
    return await _transition(
        principal=principal,
        action=Action.ORGANISATION_REACTIVATE,
        organisation_id=organisation_id,
        allowed_from=(OrganisationStatus.SUSPENDED,),
        to=OrganisationStatus.ACTIVE,
        fact="organisation.reactivated",
    )


@dataclass(frozen=True)
class OrganisationChanges:
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    address: str | None = None
    logo_url: str | None = None
    sectoral_scopes: tuple[int, ...] | None = None


async def update_organisation(
    *, principal: Principal, organisation_id: int, changes: OrganisationChanges
) -> Recorded[Organisation]:
    """Change an organisation's profile (not its tax ID, type or status)."""
    policy.require(principal, Action.ORGANISATION_UPDATE, organisation_id=organisation_id)
    async with transaction() as connection:
        found = await locked(connection, Organisation, organisation_id)
        merged = OrganisationInput(
            name=changes.name if changes.name is not None else found.name,
            tax_id=found.tax_id,
            type=found.type,
            email=changes.email if changes.email is not None else found.email,
            phone=changes.phone if changes.phone is not None else found.phone,
            website=changes.website if changes.website is not None else found.website,
            address=changes.address if changes.address is not None else found.address,
            sectoral_scopes=tuple(
                changes.sectoral_scopes
                if changes.sectoral_scopes is not None
                else found.sectoral_scopes
            ),
        )
        fields = _clean(merged)
        if changes.logo_url is not None:
            fields["logo_url"] = validation.website(changes.logo_url)
        changed = sorted(k for k, v in fields.items() if getattr(found, k) != v)
        if not changed:
            raise BadUserInput("nothing to change.")
        if (
            "sectoral_scopes" in changed
            and principal.organisation_type is not OrganisationType.GOVERNMENT
        ):
            raise BadUserInput("only the government changes a ministry's sectoral scopes.")
        for key in changed:
            setattr(found, key, fields[key])
        await found.save(using_db=connection, update_fields=[*changed, "updated_at"])
        seq = await ledger.append(
            connection,
            ledger.new_entry(
                entries.OrganisationUpdated(**ledger_view(found), changed=[k for k in changed]),
                principal.actor,
            ),
        )
    return Recorded(found, seq)


ORDERABLE = ("name", "tax_id", "type", "status", "created_at")


async def list_organisations(
    *,
    principal: Principal,
    search: str | None = None,
    type: OrganisationType | None = None,
    status: OrganisationStatus | None = None,
    order_by: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 20,
) -> tuple[list[Organisation], int]:
    """A page of organisations and the total matching; any signed-in user may list them
    (sensitive fields are the schema's business, through the policy)."""
    if order_by not in ORDERABLE:
        raise BadUserInput(f"cannot order by {order_by}.")
    query = Organisation.all()
    if not policy.can(principal, Action.READ_UNLISTED_ORGANISATIONS):  # applicants: issue 14.19
        unlisted = list(policy.UNLISTED_ORGANISATION_STATUSES)
        query = query.filter(Q(status__not_in=unlisted) | Q(id=principal.organisation_id))
    if search:
        term = validation.required_text(search, "search", max_length=100)
        query = query.filter(name__icontains=term)
    if type is not None:
        query = query.filter(type=type)
    if status is not None:
        query = query.filter(status=status)
    total = await query.count()
    ordering = f"-{order_by}" if descending else order_by
    rows = await query.order_by(ordering, "id").offset(offset).limit(limit)
    return list(rows), total


async def project_counts(organisation_ids: list[int]) -> dict[int, int]:
    """How many projects each organisation (co-)owns, in one grouped statement."""
    rows = (
        await ProjectOwner.filter(organisation_id__in=organisation_ids)
        .annotate(projects=Count("id"))
        .group_by("organisation_id")
        .values("organisation_id", "projects")
    )
    return {int(row["organisation_id"]): int(row["projects"]) for row in rows}
