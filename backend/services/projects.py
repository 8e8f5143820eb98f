"""Projects: submission with a design document, changes, and the government's decisions
(PENDING -> APPROVED -> AUTHORISED; PENDING/APPROVED -> REJECTED).

Locks are always taken in this order: project, certification, activity, monitoring reports,
documents, counters, then the ledger head (ledger.append)."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from backend import policy
from backend.db import locked, transaction
from backend.errors import BadUserInput, Conflict, NotFound
from backend.ledger import entries
from backend.models.document import Document
from backend.models.enums import DocumentKind, OrganisationStatus, OrganisationType, ProjectStatus
from backend.models.organisation import Organisation
from backend.models.project import Project, ProjectOwner
from backend.policy import Action, Principal, Target
from backend.services import (
    access,
    attachments,
    counters,
    dashboard,
    dashboard_rows,
    ledger,
    locations,
    notifications,
    project_validation,
)
from backend.services.project_queries import deciders, subject
from backend.services.project_validation import (
    OwnerShare,
    ProjectChanges,
    ProjectDetails,
    ProjectInput,
)
from backend.services.recorded import Recorded

ACTIVE = (ProjectStatus.APPROVED, ProjectStatus.AUTHORISED)  # where activities happen


def ledger_view(project: Project) -> entries.ProjectFacts:
    """What the public ledger says of a project. The location is its regions and the SHA-256 of
    its GeoJSON (floats stay out of the ledger); commercial figures (cost, minimum price) stay
    out, and an update names them in `changed`."""
    return {
        "project_id": project.id,
        "number": project.number,
        "title": project.title,
        "external_id": project.external_id,
        "sector": project.sector,
        "sectoral_scope": project.sectoral_scope,
        "start_date": project.start_date.isoformat(),
        "end_date": project.end_date.isoformat(),
        "ghgs": list(project.ghgs),
        "activity_scope": project.activity_scope.value,
        "location": locations.ledger_view(project.location),
        "article6_trading": project.article6_trading,
        "buyer_countries": list(project.buyer_countries),
        "estimated_credits": int(project.estimated_credits),
        "environmental_assessment_number": project.environmental_assessment_number,
        "status": project.status.value,
    }


def owners_view(owners: Sequence[OwnerShare]) -> list[entries.OwnerShareFacts]:
    return [{"organisation_id": o.organisation_id, "percentage": str(o.percentage)} for o in owners]


async def lock_project(connection: BaseDBAsyncClient, project_id: int) -> tuple[Project, Target]:
    """Lock the project row and read its policy target. Raises NotFound."""
    found = await locked(connection, Project, project_id)
    return found, await access.project_target(found, connection)


def require_status(project: Project, allowed: Sequence[ProjectStatus], doing: str) -> None:
    """Raise Conflict unless the project is in one of the allowed statuses."""
    if project.status not in allowed:
        raise Conflict(
            f"a {project.status.value} project cannot {doing}.", status=project.status.value
        )


async def _check_owners(connection: BaseDBAsyncClient, owners: Sequence[OwnerShare]) -> None:
    ids = [owner.organisation_id for owner in owners]
    found = {o.id: o for o in await Organisation.filter(id__in=ids).using_db(connection)}
    for owner_id in ids:
        row = found.get(owner_id)
        if row is None:
            raise NotFound(f"organisation {owner_id} does not exist.", field="owners")
        if (
            row.type is not OrganisationType.DEVELOPER
            or row.status is not OrganisationStatus.ACTIVE
        ):
            raise BadUserInput(f"owner {row.name} is not an active developer.", field="owners")


async def _assessment(
    connection: BaseDBAsyncClient, document_id: int | None, principal: Principal
) -> Document | None:
    if document_id is None:
        return None
    return await attachments.take(
        connection,
        document_id=document_id,
        kind=DocumentKind.ENVIRONMENTAL_IMPACT_ASSESSMENT,
        principal=principal,
        field="environmentalAssessmentDocumentId",
    )


async def create_project(*, principal: Principal, input: ProjectInput) -> Recorded[Project]:
    """Submit a project (PENDING) with its design document, owned by the caller's organisation
    and co-owners; the government and in-scope ministries get a task. Raises Forbidden,
    BadUserInput, NotFound (document, owner), Conflict (external ID taken, document attached)."""
    policy.require(principal, Action.PROJECT_CREATE, organisation_id=principal.organisation_id)
    fields = {**project_validation.identity(input), **project_validation.details(input.details)}
    owners = project_validation.owner_shares(input.owners, principal.organisation_id)
    async with transaction() as connection:
        await _check_owners(connection, owners)
        design = await attachments.take(
            connection,
            document_id=input.design_document_id,
            kind=DocumentKind.DESIGN,
            principal=principal,
            field="designDocumentId",
        )
        assessment = await _assessment(
            connection, input.environmental_assessment_document_id, principal
        )
        if await Project.filter(external_id=fields["external_id"]).using_db(connection).exists():
            raise Conflict("a project with this external ID exists.", field="externalId")
        number = await counters.take(connection, "project")
        try:
            project = await Project.create(
                using_db=connection,
                number=number,
                status=ProjectStatus.PENDING,
                design_document=design,
                environmental_assessment_document=assessment,
                created_by_id=principal.organisation_id,
                **fields,
            )
        except IntegrityError as exc:  # a concurrent submission took the external ID
            raise Conflict("a project with this external ID exists.", field="externalId") from exc
        rows = [
            ProjectOwner(
                project=project, organisation_id=o.organisation_id, percentage=o.percentage
            )
            for o in owners
        ]
        await ProjectOwner.bulk_create(rows, using_db=connection)
        await attachments.attach(connection, [d for d in (design, assessment) if d], project.id)
        record = entries.ProjectSubmitted(
            **ledger_view(project),
            owners=owners_view(owners),
            design_document=attachments.ledger_view(design),
            environmental_assessment_document=attachments.ledger_view(assessment),
        )
        seq = await ledger.append(
            connection,
            ledger.new_entry(record, principal.actor, subject(project.id)),
        )
        await dashboard.record(
            connection,
            after=await dashboard_rows.project(
                connection, project, [o.organisation_id for o in owners]
            ),
        )
        mails = await notifications.record(
            connection,
            event="project.submitted",
            about=subject(project.id),
            users=await deciders(connection, project.sectoral_scope),
            params={"title": project.title},
            is_task=True,
        )
    await notifications.deliver(mails)
    return Recorded(project, seq)


def _details_of(project: Project) -> ProjectDetails:
    return ProjectDetails(
        title=project.title,
        start_date=project.start_date,
        end_date=project.end_date,
        ghgs=tuple(project.ghgs),
        activity_scope=project.activity_scope,
        location=locations.of_stored(project.location),
        estimated_credits=int(project.estimated_credits),
        estimated_cost=project.estimated_cost,
        article6_trading=project.article6_trading,
        buyer_countries=tuple(project.buyer_countries),
        minimum_carbon_price=project.minimum_carbon_price,
        environmental_assessment_number=project.environmental_assessment_number,
    )


async def update_project(
    *, principal: Principal, project_id: int, changes: ProjectChanges
) -> Recorded[Project]:
    """Change a PENDING or APPROVED project's details (its owners' workers or the government).
    Raises NotFound, Forbidden, Conflict (other status), BadUserInput (invalid, no change)."""
    async with transaction() as connection:
        project, target = await lock_project(connection, project_id)
        policy.require(principal, Action.PROJECT_UPDATE, target=target)
        require_status(project, (ProjectStatus.PENDING, ProjectStatus.APPROVED), "be changed")
        before = await dashboard_rows.project(
            connection, project, dashboard_rows.attributed(target)
        )
        fields = project_validation.details(changes.applied_to(_details_of(project)))
        changed = sorted(k for k, v in fields.items() if getattr(project, k) != v)
        for key in changed:
            setattr(project, key, fields[key])
        assessment = None
        new_assessment = changes.environmental_assessment_document_id
        if new_assessment not in (None, project.environmental_assessment_document_id):
            assessment = await _assessment(connection, new_assessment, principal)
            project.environmental_assessment_document_id = new_assessment
            changed.append("environmental_assessment_document_id")
        if not changed:
            raise BadUserInput("nothing to change.")
        await project.save(using_db=connection, update_fields=[*changed, "updated_at"])
        await attachments.attach(connection, [assessment] if assessment else [], project.id)
        record = entries.ProjectUpdated(
            **ledger_view(project),
            changed=changed,
            environmental_assessment_document=attachments.ledger_view(assessment),
        )
        seq = await ledger.append(
            connection,
            ledger.new_entry(record, principal.actor, subject(project.id)),
        )
        after = await dashboard_rows.project(connection, project, dashboard_rows.attributed(target))
        await dashboard.record(connection, before, after)
    return Recorded(project, seq)
