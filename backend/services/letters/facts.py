"""What each document the ministry issues says, read from the registry and its ledger after the
policy allows the caller to read the thing it is about (who may read the thing may download its
letter). Values stay typed here (an enum value as a Label); the renderer writes them in the
reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from backend import policy
from backend.errors import Conflict, NotFound, Unauthenticated
from backend.models.article6 import Authorization, CooperativeApproach
from backend.models.credit import Account, CreditBlock, Issuance, Retirement
from backend.models.enums import AccountKind, RetirementStatus
from backend.models.organisation import Organisation
from backend.models.project import Project, ProjectOwner
from backend.policy import Action, Principal
from backend.services import runtime
from backend.services.letters.citation import Citation, cite, find_entry


@dataclass(frozen=True)
class Label:
    """An enum value (or a country list's English name) that the renderer writes as the UI's
    label of group.value in the reader's language (backend.i18n.enum_labels), after prefix."""

    group: str
    value: str
    prefix: str = ""


Value = str | int | date | list[str] | Label | None


@dataclass(frozen=True)
class Letter:
    """A document's kind (its catalogue section), file name, facts and ledger citation."""

    kind: str
    filename: str
    citation: Citation
    body: dict[str, Value] = field(default_factory=dict)
    facts: list[tuple[str, Value]] = field(default_factory=list)


def _reader(principal: Principal | None) -> Principal:
    if principal is None:
        raise Unauthenticated("Sign in to download this document.")
    policy.require(principal, Action.READ_PROJECTS)
    return principal


async def _project(project_id: int) -> Project:
    project = await Project.get_or_none(id=project_id)
    if project is None:
        raise NotFound(f"project {project_id} does not exist.")
    return project


async def _owners(project: Project) -> list[str]:
    owners = await ProjectOwner.filter(project_id=project.id).order_by("-percentage", "id")
    names = {
        row.id: row.name
        for row in await Organisation.filter(id__in=[o.organisation_id for o in owners])
    }
    return [names[owner.organisation_id] for owner in owners]


def _scope(number: int) -> Value:
    name = runtime.current().country.sectoral_scopes.get(number)
    return Label("scope", name, prefix=f"{number}. ") if name else str(number)


async def _project_facts(project: Project) -> list[tuple[str, Value]]:
    return [
        ("project", project.title),
        ("project_number", project.number),
        ("external_id", project.external_id),
        ("owners", await _owners(project)),
        ("sector", Label("sector", project.sector)),
        ("sectoral_scope", _scope(project.sectoral_scope)),
        ("start_date", project.start_date),
        ("end_date", project.end_date),
        ("estimated_credits", int(project.estimated_credits)),
    ]


async def project_approval(*, principal: Principal | None, project_id: int) -> Letter:
    """The no-objection letter of an approved project (any signed-in reader of projects).
    Raises Unauthenticated, Forbidden, NotFound (no such project, or never approved)."""
    _reader(principal)
    project = await _project(project_id)
    try:
        entry = await find_entry(f"project:{project.id}", "project.approved", project_id=project.id)
    except NotFound:
        raise NotFound(f"project {project_id} has not been approved.") from None
    citation = await cite(entry)
    return Letter(
        "project_approval",
        f"project-approval-{project.number}.pdf",
        citation,
        {"date": citation.recorded_at.date()},
        await _project_facts(project),
    )


async def article6_authorisation(*, principal: Principal | None, authorization_pk: int) -> Letter:
    """The letter of an Article 6.2 authorization (any signed-in reader of projects).
    Raises Unauthenticated, Forbidden, NotFound."""
    _reader(principal)
    authorization = await Authorization.get_or_none(id=authorization_pk)
    if authorization is None:
        raise NotFound(f"authorization {authorization_pk} does not exist.")
    project = await _project(authorization.project_id)
    approach = await CooperativeApproach.get(id=authorization.cooperative_approach_id)
    entry = await find_entry(
        f"project:{project.id}", "article6.authorized", authorization_pk=authorization.id
    )
    definition = authorization.first_transfer_definition
    return Letter(
        "article6_authorisation",
        f"article6-authorisation-{authorization.id}.pdf",
        await cite(entry),
        {"date": authorization.authorized_on},
        [
            ("authorization_id", authorization.authorization_id),
            ("cooperative_approach", f"{approach.code} {approach.name}"),
            ("project", project.title),
            ("project_number", project.number),
            ("quantity", int(authorization.quantity)),
            ("metric", Label("authorizationMetric", authorization.metric)),
            ("purpose", Label("authorizationPurpose", authorization.purpose.value)),
            ("authorized_parties", list(authorization.authorized_parties)),
            ("authorized_entities", list(authorization.authorized_entities)),
            ("first_transfer", Label("firstTransfer", definition.value) if definition else None),
            ("authorized_on", authorization.authorized_on),
            ("version", authorization.version),
        ],
    )


def _account(account: Account) -> Value:
    """An organisation's account by its name, the registry's by its kind (as the screens)."""
    if account.kind is AccountKind.HOLDING:
        return account.name
    return Label("accountKind", account.kind.value)


async def _holding_of(principal: Principal | None, organisation_id: int | None, what: str) -> None:
    policy.require_own(
        principal, Action.READ_HOLDING, organisation_id=organisation_id, what=what, private=True
    )


async def issuance_statement(*, principal: Principal | None, block_id: int) -> Letter:
    """The statement of the issuance that made a credit block, for its holder and those who
    read every holding. Raises Unauthenticated, NotFound (no such block, or not yours)."""
    block = await CreditBlock.get_or_none(id=block_id)
    if principal is None:
        raise Unauthenticated("Sign in to download this document.")
    if block is None:
        raise NotFound(f"credit block {block_id} does not exist.")
    holder = await Account.get(id=block.holder_id)
    await _holding_of(principal, holder.organisation_id, f"credit block {block_id}")
    issuance = await Issuance.get(id=block.issuance_id)
    project = await _project(issuance.project_id)
    entry = await find_entry(f"issuance:{issuance.id}", "credits.issued", issuance_id=issuance.id)
    citation = await cite(entry)
    return Letter(
        "issuance_statement",
        f"issuance-statement-{block.id}.pdf",
        citation,
        {"date": citation.recorded_at.date()},
        [
            ("project", project.title),
            ("project_number", project.number),
            ("vintage", issuance.vintage),
            ("issuance_quantity", int(issuance.quantity)),
            ("issuance_serials", f"{int(issuance.serial_start)}-{int(issuance.serial_end)}"),
            ("block_serials", block.serial),
            ("block_quantity", int(block.quantity)),
            ("holder", _account(holder)),
        ],
    )


async def retirement_certificate(*, principal: Principal | None, retirement_id: int) -> Letter:
    """The certificate of a RECOGNISED retirement: public, as a retirement claim is meant to be
    shown. Raises NotFound (no such retirement; not recognised, to others than its requester
    and government), Conflict (to them: not recognised yet)."""
    retirement = await Retirement.get_or_none(id=retirement_id)
    if retirement is None:
        raise NotFound(f"retirement {retirement_id} does not exist.")
    if retirement.status is not RetirementStatus.RECOGNISED:
        if not policy.can(
            principal, Action.READ_HOLDING, organisation_id=retirement.requested_by_id
        ):
            raise NotFound(f"retirement {retirement_id} does not exist.")
        raise Conflict(
            f"retirement {retirement_id} is {retirement.status.value}: a certificate is issued "
            "once the government recognises it."
        )
    block = await CreditBlock.get(id=retirement.block_id)
    issuance = await Issuance.get(id=block.issuance_id)
    project = await _project(issuance.project_id)
    entry = await find_entry(
        f"issuance:{issuance.id}",
        "credits.retirement_recognised",
        retirement_id=retirement.id,
    )
    citation = await cite(entry)
    return Letter(
        "retirement_certificate",
        f"retirement-certificate-{retirement.id}.pdf",
        citation,
        {"date": citation.recorded_at.date(), "beneficiary": retirement.beneficiary},
        [
            ("beneficiary", retirement.beneficiary),
            ("block_quantity", int(retirement.quantity)),
            ("block_serials", block.serial),
            ("vintage", issuance.vintage),
            ("project", project.title),
            ("project_number", project.number),
            ("kind", Label("retirementKind", retirement.kind.value)),
            ("acquiring_country", retirement.acquiring_country),
        ],
    )
