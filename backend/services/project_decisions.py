"""The government's (or an in-scope ministry's) decisions on a project: approve the concept,
authorise it (serial prefix assigned; credits may be issued), or reject it with a reason. Each
closes the decided task and tells the owners."""

from __future__ import annotations

from backend import policy
from backend.db import transaction
from backend.ledger import entries
from backend.models.enums import ProjectStatus
from backend.models.project import Project
from backend.policy import Action, Principal
from backend.services import dashboard, dashboard_rows, ledger, notifications, runtime, validation
from backend.services.project_queries import subject
from backend.services.projects import lock_project, require_status
from backend.services.recorded import Recorded

# The statuses each decision starts from (the viewer's actions read the same table).
DECIDABLE_FROM: dict[Action, tuple[ProjectStatus, ...]] = {
    Action.PROJECT_APPROVE: (ProjectStatus.PENDING,),
    Action.PROJECT_REJECT: (ProjectStatus.PENDING, ProjectStatus.APPROVED),
    Action.PROJECT_AUTHORISE: (ProjectStatus.APPROVED,),
}


def serial_prefix(project: Project) -> str:
    """The first four serial elements (INTEROP.md): country ISO alpha-2, unit type, CDM
    sectoral scope, project number, e.g. VU-NVU-1-356. The unit type is the national one; a
    block of units that carry an Article 6.2 authorization names the authorized unit type
    instead (credits.issuance.block_serial_prefix)."""
    country = runtime.current().country
    return f"{country.iso2}-{country.unit_type}-{project.sectoral_scope}-{project.number}"


async def _decide(
    *,
    principal: Principal,
    project_id: int,
    action: Action,
    allowed_from: tuple[ProjectStatus, ...],
    to: ProjectStatus,
    reason: str | None = None,
) -> Recorded[Project]:
    fact = {
        ProjectStatus.APPROVED: "project.approved",
        ProjectStatus.AUTHORISED: "project.authorised",
        ProjectStatus.REJECTED: "project.rejected",
    }[to]
    async with transaction() as connection:
        project, target = await lock_project(connection, project_id)
        policy.require(principal, action, target=target)
        if reason is not None:
            reason = validation.required_text(reason, "reason", max_length=1000)
        require_status(project, allowed_from, f"be {fact.split('.')[1]}")
        before = await dashboard_rows.project(
            connection, project, dashboard_rows.attributed(target)
        )
        project.status, project.status_reason = to, reason
        changed = ["status", "status_reason", "updated_at"]
        if to is ProjectStatus.AUTHORISED:
            project.serial_prefix = serial_prefix(project)
            changed.append("serial_prefix")
        await project.save(using_db=connection, update_fields=changed)
        record = entries.declared(fact, entries.ProjectDecided)(
            project_id=project.id,
            number=project.number,
            status=to.value,
            reason=reason,
            serial_prefix=project.serial_prefix,
        )
        seq = await ledger.append(
            connection, ledger.new_entry(record, principal.actor, subject(project.id))
        )
        after = await dashboard_rows.project(connection, project, dashboard_rows.attributed(target))
        await dashboard.record(connection, before, after)
        await notifications.close_tasks(connection, about=subject(project.id))
        params = {"title": project.title} | ({"reason": reason} if reason else {})
        mails = await notifications.record(
            connection,
            event=fact,
            about=subject(project.id),
            users=await notifications.recipients(target.organisation_ids),
            params=params,
            is_task=False,
        )
    await notifications.deliver(mails)
    return Recorded(project, seq)


async def approve_project(*, principal: Principal, project_id: int) -> Recorded[Project]:
    """PENDING -> APPROVED (government, or a ministry of the project's scope).
    Raises NotFound, Forbidden, Conflict (other status)."""
    return await _decide(
        principal=principal,
        project_id=project_id,
        action=Action.PROJECT_APPROVE,
        allowed_from=DECIDABLE_FROM[Action.PROJECT_APPROVE],
        to=ProjectStatus.APPROVED,
    )


async def reject_project(
    *, principal: Principal, project_id: int, reason: str
) -> Recorded[Project]:
    """PENDING or APPROVED -> REJECTED, with a reason. Raises NotFound, Forbidden,
    BadUserInput (no reason), Conflict (other status)."""
    return await _decide(
        principal=principal,
        project_id=project_id,
        action=Action.PROJECT_REJECT,
        allowed_from=DECIDABLE_FROM[Action.PROJECT_REJECT],
        to=ProjectStatus.REJECTED,
        reason=reason,
    )


async def authorise_project(*, principal: Principal, project_id: int) -> Recorded[Project]:
    """APPROVED -> AUTHORISED: the letter of authorisation; the serial prefix is assigned and
    credits may be issued. Raises NotFound, Forbidden, Conflict (other status)."""
    return await _decide(
        principal=principal,
        project_id=project_id,
        action=Action.PROJECT_AUTHORISE,
        allowed_from=DECIDABLE_FROM[Action.PROJECT_AUTHORISE],
        to=ProjectStatus.AUTHORISED,
    )
