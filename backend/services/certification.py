"""Certifiers on a project: assignment (by the owners or the government), certification (by the
assigned certifier, ASSIGNED -> CERTIFIED) and revocation (by that certifier or the government,
CERTIFIED -> REVOKED). A certification's task is about "certification:{id}", so that deciding
the project does not close it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import policy
from backend.db import locked_or_none, transaction
from backend.errors import BadUserInput, Conflict, NotFound
from backend.ledger import entries
from backend.models.enums import (
    CertificationStatus,
    OrganisationStatus,
    OrganisationType,
    ProjectStatus,
)
from backend.models.organisation import Organisation
from backend.models.project import Project, ProjectCertifier
from backend.policy import Action, Principal
from backend.services import dashboard, dashboard_rows, ledger, notifications, validation
from backend.services.credits import holders
from backend.services.project_queries import subject
from backend.services.projects import ACTIVE, lock_project, require_status
from backend.services.recorded import Recorded

ASSIGNABLE = (ProjectStatus.PENDING, *ACTIVE)  # a project that may get a certifier
# Whether the certifier acts on the project before and after each change of its standing:
# assigning (from none or REVOKED) gives it the project's dashboard figures, revoking takes
# them away, certifying (ASSIGNED -> CERTIFIED) leaves them.
ACTS = {
    "certifier.assigned": (False, True),
    "project.certified": (True, True),
    "certification.revoked": (True, False),
}


def task_about(certification: ProjectCertifier) -> str:
    return f"certification:{certification.id}"


async def _locked(
    connection: BaseDBAsyncClient, project_id: int, certifier_id: int
) -> ProjectCertifier | None:
    return await locked_or_none(
        connection, ProjectCertifier, project_id=project_id, organisation_id=certifier_id
    )


async def record_change(
    connection: BaseDBAsyncClient,
    principal: Principal,
    fact: str,
    project: Project,
    row: ProjectCertifier,
    reason: str | None = None,
) -> int:
    """Record a change of a certifier's standing on a project (its ledger entry, then the
    dashboard figures it gains or loses); returns the seq."""
    record = entries.declared(fact, entries.CertificationChanged)(
        project_id=project.id,
        number=project.number,
        certifier_id=row.organisation_id,
        status=row.status.value,
        reason=reason,
    )
    seq = await ledger.append(
        connection, ledger.new_entry(record, principal.actor, subject(project.id))
    )
    acted, acts = ACTS[fact]
    if acted != acts:
        gained = await dashboard_rows.certifier_figures(connection, project, row.organisation_id)
        if acts:
            await dashboard.record(connection, after=gained)
        else:
            await dashboard.record(connection, before=gained)
    return seq


async def assign_certifier(
    *, principal: Principal, project_id: int, certifier_id: int
) -> Recorded[ProjectCertifier]:
    """Assign an ACTIVE CERTIFIER organisation to a PENDING, APPROVED or AUTHORISED project (a
    revoked one may be assigned again); it gets a task. Raises NotFound, Forbidden,
    BadUserInput (not an active certifier), Conflict (already assigned, rejected project)."""
    async with transaction() as connection:
        project, target = await lock_project(connection, project_id)
        policy.require(principal, Action.PROJECT_ASSIGN_CERTIFIER, target=target)
        require_status(project, ASSIGNABLE, "get a certifier")
        certifier = await Organisation.filter(id=certifier_id).using_db(connection).first()
        if certifier is None:
            raise NotFound(f"organisation {certifier_id} does not exist.", field="certifierId")
        if (
            certifier.type is not OrganisationType.CERTIFIER
            or certifier.status is not OrganisationStatus.ACTIVE
        ):
            raise BadUserInput(f"{certifier.name} is not an active certifier.", field="certifierId")
        if await holders.holds_units_of(connection, certifier_id, project.id):
            raise BadUserInput(
                f"{certifier.name} holds units of this project and may not certify it.",
                field="certifierId",
            )
        row = await _locked(connection, project.id, certifier_id)
        if row is not None and row.status is not CertificationStatus.REVOKED:
            raise Conflict(f"{certifier.name} is already assigned to this project.")
        if row is None:
            row = await ProjectCertifier.create(
                using_db=connection,
                project=project,
                organisation=certifier,
                status=CertificationStatus.ASSIGNED,
            )
        else:
            row.status, row.assigned_at = CertificationStatus.ASSIGNED, datetime.now(UTC)
            row.certified_at = row.revoked_at = row.revocation_reason = None
            await row.save(using_db=connection)
        seq = await record_change(connection, principal, "certifier.assigned", project, row)
        mails = await notifications.record(
            connection,
            event="certifier.assigned",
            about=task_about(row),
            users=await notifications.recipients([certifier_id]),
            params={"title": project.title},
            is_task=True,
        )
    await notifications.deliver(mails)
    return Recorded(row, seq)


async def certify_project(*, principal: Principal, project_id: int) -> Recorded[ProjectCertifier]:
    """The caller's certifier organisation, assigned to an APPROVED or AUTHORISED project,
    certifies it: ASSIGNED -> CERTIFIED. Raises NotFound, Forbidden, Conflict."""
    async with transaction() as connection:
        project, target = await lock_project(connection, project_id)
        policy.require(principal, Action.PROJECT_CERTIFY, target=target)
        require_status(project, ACTIVE, "be certified")
        row = await _locked(connection, project.id, principal.organisation_id)
        if row is None or row.status is not CertificationStatus.ASSIGNED:
            raise Conflict("your organisation has already certified this project.")
        row.status, row.certified_at = CertificationStatus.CERTIFIED, datetime.now(UTC)
        await row.save(using_db=connection, update_fields=["status", "certified_at"])
        seq = await record_change(connection, principal, "project.certified", project, row)
        await notifications.close_tasks(connection, about=task_about(row))
    return Recorded(row, seq)


async def revoke_certification(
    *, principal: Principal, project_id: int, certifier_id: int, reason: str
) -> Recorded[ProjectCertifier]:
    """Revoke a certifier's certification of a project (that certifier itself, or the
    government): CERTIFIED -> REVOKED, with a reason. Raises NotFound, Forbidden,
    BadUserInput (no reason), Conflict (not certified)."""
    async with transaction() as connection:
        project, target = await lock_project(connection, project_id)
        # An assigned certifier acts on its own certification only, not on another's.
        own = dataclasses.replace(target, certifier_ids=target.certifier_ids & {certifier_id})
        policy.require(principal, Action.PROJECT_REVOKE_CERTIFICATION, target=own)
        reason = validation.required_text(reason, "reason", max_length=1000)
        row = await _locked(connection, project.id, certifier_id)
        if row is None:
            raise NotFound(f"organisation {certifier_id} is not a certifier of this project.")
        if row.status is not CertificationStatus.CERTIFIED:
            raise Conflict(f"a {row.status.value} certification cannot be revoked.")
        row.status, row.revoked_at = CertificationStatus.REVOKED, datetime.now(UTC)
        row.revocation_reason = reason
        await row.save(
            using_db=connection, update_fields=["status", "revoked_at", "revocation_reason"]
        )
        seq = await record_change(
            connection, principal, "certification.revoked", project, row, reason
        )
        await notifications.close_tasks(connection, about=task_about(row))
    return Recorded(row, seq)
