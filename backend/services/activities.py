"""Project activities (PPP-T-NNN): added by the owners of an APPROVED or AUTHORISED project,
approved by the government (or an in-scope ministry) once a monitoring report is verified, or
rejected while PENDING. An activity's tasks are about "activity:{id}"; its ledger entries are
about its project ("project:{id}"), so a project's history tells everything."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import policy
from backend.db import locked, transaction
from backend.errors import BadUserInput, Conflict, NotFound
from backend.ledger import entries
from backend.models.activity import Activity, MonitoringReport
from backend.models.enums import ActivityStatus, ActivityType, MonitoringReportStatus
from backend.models.project import Project
from backend.policy import Action, Principal, Target
from backend.services import counters, dashboard, ledger, notifications, validation
from backend.services import dashboard_figures as figures
from backend.services.project_queries import subject
from backend.services.project_validation import quantity
from backend.services.projects import ACTIVE, lock_project, require_status
from backend.services.recorded import Recorded

SDGS = range(1, 18)


def task_about(activity: Activity) -> str:
    """What the tasks and notices of an activity's decision are about."""
    return f"activity:{activity.id}"


def report_task_about(report_id: int) -> str:
    """What a certifier's task to verify a monitoring report is about."""
    return f"monitoring:{report_id}"


def ledger_view(activity: Activity) -> entries.ActivityFacts:
    """What the public ledger says of an activity."""
    return {
        "activity_id": activity.id,
        "code": activity.code,
        "project_id": activity.project_id,
        "type": activity.type.value,
        "title": activity.title,
        "methodology": activity.methodology,
        "mitigation_type": activity.mitigation_type,
        "estimated_credits": int(activity.estimated_credits),
        "verified_credits": int(activity.verified_credits),
        "co_benefits": list(activity.co_benefits),
        "status": activity.status.value,
    }


def code(project_number: int, type: ActivityType, number: int) -> str:
    """PPP-T-NNN: project number and registry-wide activity number, each 3+ digits."""
    return f"{project_number:03d}-{type.value}-{number:03d}"


async def get_activity(activity_id: int) -> Activity:
    """The activity; raises NotFound."""
    found = await Activity.get_or_none(id=activity_id)
    if found is None:
        raise NotFound(f"activity {activity_id} does not exist.")
    return found


async def lock_activity(
    connection: BaseDBAsyncClient, activity_id: int
) -> tuple[Activity, Project, Target]:
    """Lock the activity's project, then the activity (the fixed order); returns both and the
    project's policy target. Raises NotFound."""
    project_id = (await get_activity(activity_id)).project_id  # which project to lock first
    project, target = await lock_project(connection, project_id)
    activity = await locked(connection, Activity, activity_id)
    return activity, project, target


async def add_activity(
    *,
    principal: Principal,
    project_id: int,
    type: ActivityType,
    title: str,
    methodology: str,
    estimated_credits: int,
    mitigation_type: str | None = None,
    co_benefits: Sequence[int] = (),
) -> Recorded[Activity]:
    """Add a PENDING activity to an APPROVED or AUTHORISED project of the caller's organisation
    (a PENDING project is not yet accepted; a REJECTED one is closed). Raises NotFound,
    Forbidden, BadUserInput, Conflict (project status)."""
    async with transaction() as connection:
        project, target = await lock_project(connection, project_id)
        policy.require(principal, Action.ACTIVITY_ADD, target=target)
        benefits = sorted(set(co_benefits))
        if any(isinstance(b, bool) or b not in SDGS for b in benefits):
            raise BadUserInput("co-benefits are SDG numbers 1 to 17.", field="coBenefits")
        fields = {
            "type": ActivityType(type),
            "title": validation.required_text(title, "title", max_length=300),
            "methodology": validation.required_text(methodology, "methodology", max_length=200),
            "mitigation_type": validation.text(
                mitigation_type or "", "mitigationType", max_length=100, required=False
            ),
            "estimated_credits": quantity(estimated_credits, "estimatedCredits"),
            "co_benefits": benefits,
        }
        require_status(project, ACTIVE, "get activities")
        number = await counters.take(connection, "activity")
        activity = await Activity.create(
            using_db=connection,
            project=project,
            number=number,
            code=code(project.number, ActivityType(type), number),
            status=ActivityStatus.PENDING,
            **fields,
        )
        seq = await ledger.append(
            connection,
            ledger.new_entry(
                entries.ActivityAdded(**ledger_view(activity)), principal.actor, subject(project.id)
            ),
        )
    return Recorded(activity, seq)


async def _tell_owners(
    connection: BaseDBAsyncClient, target: Target, event: str, activity: Activity, **params: str
) -> list[notifications.Mail]:
    await notifications.close_tasks(connection, about=task_about(activity))
    return await notifications.record(
        connection,
        event=event,
        about=task_about(activity),
        users=await notifications.recipients(target.organisation_ids),
        params={"activity": activity.code, **params},
        is_task=False,
    )


async def approve_activity(*, principal: Principal, activity_id: int) -> Recorded[Activity]:
    """Approve an activity's VERIFIED monitoring reports (they become APPROVED: the periods that
    credits are issued for, once) and the activity; its verified credits grow by their verified
    quantities. Raises NotFound, Forbidden, Conflict (rejected, nothing verified)."""
    async with transaction() as connection:
        activity, project, target = await lock_activity(connection, activity_id)
        policy.require(principal, Action.ACTIVITY_APPROVE, target=target)
        require_status(project, ACTIVE, "have its activities approved")
        if activity.status is ActivityStatus.REJECTED:
            raise Conflict("a REJECTED activity cannot be approved.", status="REJECTED")
        reports = list(
            await MonitoringReport.filter(
                activity_id=activity.id, status=MonitoringReportStatus.VERIFIED
            )
            .using_db(connection)
            .select_for_update()
            .order_by("period_start")
        )
        if not reports:
            raise Conflict("the activity has no verified monitoring report to approve.")
        now, approved = datetime.now(UTC), sum(int(r.verified_quantity or 0) for r in reports)
        await (
            MonitoringReport.filter(id__in=[r.id for r in reports])
            .using_db(connection)
            .update(status=MonitoringReportStatus.APPROVED, approved_at=now)
        )
        activity.status, activity.status_reason = ActivityStatus.APPROVED, None
        activity.verified_credits = int(activity.verified_credits) + approved
        await activity.save(
            using_db=connection,
            update_fields=["status", "status_reason", "verified_credits", "updated_at"],
        )
        record = entries.ActivityApproved(
            **ledger_view(activity),
            approved_quantity=approved,
            reports=[
                entries.ApprovedReport(
                    report_id=r.id,
                    period_start=r.period_start.isoformat(),
                    period_end=r.period_end.isoformat(),
                    verified_quantity=int(r.verified_quantity or 0),
                )
                for r in reports
            ],
        )
        seq = await ledger.append(
            connection,
            ledger.new_entry(record, principal.actor, subject(project.id)),
        )
        await dashboard.record(
            connection, figures.reports(MonitoringReportStatus.VERIFIED.value for _ in reports)
        )
        mails = await _tell_owners(connection, target, "activity.approved", activity)
    await notifications.deliver(mails)
    return Recorded(activity, seq)


async def reject_activity(
    *, principal: Principal, activity_id: int, reason: str
) -> Recorded[Activity]:
    """PENDING -> REJECTED with a reason; its SUBMITTED and VERIFIED monitoring reports are
    rejected with it. Raises NotFound, Forbidden, BadUserInput (no reason), Conflict."""
    async with transaction() as connection:
        activity, project, target = await lock_activity(connection, activity_id)
        policy.require(principal, Action.ACTIVITY_REJECT, target=target)
        reason = validation.required_text(reason, "reason", max_length=1000)
        require_status(project, ACTIVE, "have its activities rejected")
        if activity.status is not ActivityStatus.PENDING:
            raise Conflict(
                f"a {activity.status.value} activity cannot be rejected.",
                status=activity.status.value,
            )
        open_reports = MonitoringReport.filter(
            activity_id=activity.id,
            status__in=[MonitoringReportStatus.SUBMITTED, MonitoringReportStatus.VERIFIED],
        ).using_db(connection)
        open_rows = await open_reports.select_for_update()
        report_ids = sorted(r.id for r in open_rows)
        await (
            MonitoringReport.filter(id__in=report_ids)
            .using_db(connection)
            .update(status=MonitoringReportStatus.REJECTED, status_reason=reason)
        )
        activity.status, activity.status_reason = ActivityStatus.REJECTED, reason
        await activity.save(
            using_db=connection, update_fields=["status", "status_reason", "updated_at"]
        )
        record = entries.ActivityRejected(
            **ledger_view(activity), reason=reason, rejected_reports=report_ids
        )
        seq = await ledger.append(
            connection,
            ledger.new_entry(record, principal.actor, subject(project.id)),
        )
        await dashboard.record(connection, figures.reports(r.status.value for r in open_rows))
        for report_id in report_ids:
            await notifications.close_tasks(connection, about=report_task_about(report_id))
        mails = await _tell_owners(connection, target, "activity.rejected", activity, reason=reason)
    await notifications.deliver(mails)
    return Recorded(activity, seq)


async def list_activities(
    *,
    principal: Principal,
    status: ActivityStatus | None = None,
    search: str | None = None,
    project_id: int | None = None,
    offset: int = 0,
    limit: int = 20,
) -> tuple[list[Activity], int]:
    """A page of activities, newest first (the seed's "Project Activities" list), searched by
    project title; any signed-in user may list them."""
    query = Activity.all()
    if status is not None:
        query = query.filter(status=status)
    if project_id is not None:
        query = query.filter(project_id=project_id)
    if search:
        term = validation.required_text(search, "search", max_length=100)
        query = query.filter(project__title__icontains=term)
    total = await query.count()
    return list(await query.order_by("-number").offset(offset).limit(limit)), total
