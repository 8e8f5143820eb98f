"""Monitoring reports: an activity's owners submit one per period (a MONITORING_REPORT document
and the reductions claimed); an assigned certifier verifies it (verified <= claimed); the
government then approves the activity (see activities.approve_activity)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tortoise.exceptions import IntegrityError

from backend import policy
from backend.db import locked, transaction
from backend.errors import BadUserInput, Conflict, NotFound
from backend.ledger import entries
from backend.models.activity import Activity, MonitoringReport
from backend.models.enums import ActivityStatus, DocumentKind, MonitoringReportStatus
from backend.models.project import Project
from backend.policy import Action, Principal
from backend.services import attachments, dashboard, ledger, notifications
from backend.services import dashboard_figures as figures
from backend.services.activities import lock_activity, report_task_about, task_about
from backend.services.project_queries import deciders, subject
from backend.services.project_validation import quantity
from backend.services.projects import ACTIVE, require_status
from backend.services.recorded import Recorded


def ledger_view(report: MonitoringReport, activity: Activity) -> entries.MonitoringFacts:
    """What the public ledger says of a monitoring report."""
    return {
        "report_id": report.id,
        "activity_id": activity.id,
        "code": activity.code,
        "project_id": activity.project_id,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "claimed_reductions": int(report.claimed_reductions),
        "verified_quantity": None
        if report.verified_quantity is None
        else int(report.verified_quantity),
        "verified_by": report.verified_by_id,
        "status": report.status.value,
    }


def _check_period(project: Project, start: date, end: date) -> None:
    if not start <= end:
        raise BadUserInput("the period must end on or after its start.", field="periodEnd")
    if start < project.start_date or end > project.end_date:
        raise BadUserInput("the period must lie within the project's dates.", field="periodStart")
    if end > datetime.now(UTC).date():
        raise BadUserInput("a monitoring period cannot end in the future.", field="periodEnd")


async def get_report(report_id: int) -> MonitoringReport:
    """The monitoring report; raises NotFound."""
    found = await MonitoringReport.get_or_none(id=report_id)
    if found is None:
        raise NotFound(f"monitoring report {report_id} does not exist.")
    return found


async def submit_monitoring_report(
    *,
    principal: Principal,
    activity_id: int,
    period_start: date,
    period_end: date,
    document_id: int,
    claimed_reductions: int,
) -> Recorded[MonitoringReport]:
    """Submit a monitoring report for a period of a PENDING or APPROVED activity, with a
    MONITORING_REPORT document of the caller's organisation (attached to the project); the
    assigned certifiers get a task. Raises NotFound, Forbidden, BadUserInput, Conflict (activity
    rejected, project not active, period overlapping another report that is not rejected)."""
    async with transaction() as connection:
        activity, project, target = await lock_activity(connection, activity_id)
        policy.require(principal, Action.MONITORING_SUBMIT, target=target)
        claimed = quantity(claimed_reductions, "claimedReductions")
        _check_period(project, period_start, period_end)
        require_status(project, ACTIVE, "get monitoring reports")
        if activity.status is ActivityStatus.REJECTED:
            raise Conflict("a REJECTED activity gets no monitoring reports.", status="REJECTED")
        overlapping = MonitoringReport.filter(
            activity_id=activity.id, period_start__lte=period_end, period_end__gte=period_start
        ).exclude(status=MonitoringReportStatus.REJECTED)
        if await overlapping.using_db(connection).exists():
            raise Conflict("the period overlaps another monitoring report of this activity.")
        document = await attachments.take(
            connection,
            document_id=document_id,
            kind=DocumentKind.MONITORING_REPORT,
            principal=principal,
            field="documentId",
        )
        try:
            report = await MonitoringReport.create(
                using_db=connection,
                activity=activity,
                period_start=period_start,
                period_end=period_end,
                document=document,
                claimed_reductions=claimed,
                status=MonitoringReportStatus.SUBMITTED,
            )
        except IntegrityError as exc:  # the same period, submitted concurrently
            raise Conflict("a monitoring report for this period exists.") from exc
        await attachments.attach(connection, [document], project.id)
        record = entries.MonitoringSubmitted(
            **ledger_view(report, activity), document=attachments.ledger_view(document)
        )
        seq = await ledger.append(
            connection,
            ledger.new_entry(record, principal.actor, subject(project.id)),
        )
        await dashboard.record(connection, after=figures.report(report.status.value))
        mails = await notifications.record(
            connection,
            event="monitoring.submitted",
            about=report_task_about(report.id),
            users=await notifications.recipients(target.certifier_ids),
            params={"activity": activity.code},
            is_task=True,
        )
    await notifications.deliver(mails)
    return Recorded(report, seq)


async def verify_monitoring_report(
    *, principal: Principal, report_id: int, verified_quantity: int
) -> Recorded[MonitoringReport]:
    """An assigned certifier verifies a SUBMITTED report: 0 < verified <= claimed. The
    government and in-scope ministries get a task to approve the activity; the owners are told.
    Raises NotFound, Forbidden, BadUserInput (quantity), Conflict (status)."""
    activity_id = (await get_report(report_id)).activity_id
    async with transaction() as connection:
        activity, project, target = await lock_activity(connection, activity_id)
        policy.require(principal, Action.MONITORING_VERIFY, target=target)
        verified = quantity(verified_quantity, "verifiedQuantity")
        require_status(project, ACTIVE, "have its monitoring reports verified")
        report = await locked(connection, MonitoringReport, report_id)
        if report.status is not MonitoringReportStatus.SUBMITTED:
            raise Conflict(
                f"a {report.status.value} monitoring report cannot be verified.",
                status=report.status.value,
            )
        if verified > report.claimed_reductions:
            raise BadUserInput(
                "the verified quantity cannot exceed the claimed reductions.",
                field="verifiedQuantity",
            )
        report.status, report.verified_quantity = MonitoringReportStatus.VERIFIED, verified
        report.verified_by_id, report.verified_at = principal.organisation_id, datetime.now(UTC)
        await report.save(
            using_db=connection,
            update_fields=["status", "verified_quantity", "verified_by_id", "verified_at"],
        )
        seq = await ledger.append(
            connection,
            ledger.new_entry(
                entries.MonitoringVerified(**ledger_view(report, activity)),
                principal.actor,
                subject(project.id),
            ),
        )
        await dashboard.record(
            connection,
            figures.report(MonitoringReportStatus.SUBMITTED.value),
            figures.report(report.status.value),
        )
        await notifications.close_tasks(connection, about=report_task_about(report.id))
        deciding = await deciders(connection, project.sectoral_scope)
        owners = await notifications.recipients(target.organisation_ids)
        mails = []
        for users, is_task in ((deciding, True), (owners, False)):
            mails += await notifications.record(
                connection,
                event="monitoring.verified",
                about=task_about(activity),
                users=users,
                params={"activity": activity.code},
                is_task=is_task,
            )
    await notifications.deliver(mails)
    return Recorded(report, seq)
