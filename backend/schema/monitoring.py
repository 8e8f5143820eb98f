"""Monitoring reports: submission by the owners, verification by an assigned certifier. The
MonitoringReport type is in schema/project_types."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.models import activity as models
from backend.policy import Action
from backend.schema.fields import mutation
from backend.schema.ids import parse_id
from backend.schema.permissions import may, signed_in
from backend.schema.project_types import Activity, MonitoringReport
from backend.schema.scalars import SafeInt
from backend.services import activities, monitoring
from backend.services.recorded import Recorded


@strawberry.input(description="A monitoring report for one period of an activity.")
class SubmitMonitoringReportInput:
    activity_id: strawberry.ID = strawberry.field(description="The activity.")
    period_start: date = strawberry.field(description="First day of the period.")
    period_end: date = strawberry.field(description="Last day of the period (not in the future).")
    document_id: strawberry.ID = strawberry.field(
        description="Your uploaded MONITORING_REPORT document."
    )
    claimed_reductions: SafeInt = strawberry.field(description="Reductions claimed (tCO2e).")


@strawberry.input(description="A certifier's verification of a submitted report.")
class VerifyMonitoringReportInput:
    report_id: strawberry.ID = strawberry.field(description="The monitoring report.")
    verified_quantity: SafeInt = strawberry.field(
        description="Verified reductions (tCO2e): above 0, at most the claimed reductions."
    )


@strawberry.type(description="The result of a monitoring report mutation.")
class MonitoringReportPayload:
    report: MonitoringReport = strawberry.field(description="The report as it is now.")
    activity: Activity = strawberry.field(description="Its activity.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


async def _payload(recorded: Recorded[models.MonitoringReport]) -> MonitoringReportPayload:
    activity = await activities.get_activity(recorded.value.activity_id)
    return MonitoringReportPayload(
        report=MonitoringReport(row=recorded.value, project_id=activity.project_id),
        activity=Activity(row=activity),
        ledger_seq=recorded.ledger_seq,
    )


@strawberry.type
class MonitoringMutation:
    @mutation(
        description="Submit a monitoring report for a period of your activity.",
        extensions=may(Action.MONITORING_SUBMIT),
    )
    async def submit_monitoring_report(
        self,
        info: Info[Context, Any],
        input: Annotated[
            SubmitMonitoringReportInput, strawberry.argument(description="What to do.")
        ],
    ) -> MonitoringReportPayload:
        recorded = await monitoring.submit_monitoring_report(
            principal=signed_in(info),
            activity_id=parse_id(input.activity_id, "activity"),
            period_start=input.period_start,
            period_end=input.period_end,
            document_id=parse_id(input.document_id, "document"),
            claimed_reductions=input.claimed_reductions,
        )
        return await _payload(recorded)

    @mutation(
        description="Verify a SUBMITTED monitoring report of a project you are assigned to.",
        extensions=may(Action.MONITORING_VERIFY),
    )
    async def verify_monitoring_report(
        self,
        info: Info[Context, Any],
        input: Annotated[
            VerifyMonitoringReportInput, strawberry.argument(description="What to do.")
        ],
    ) -> MonitoringReportPayload:
        recorded = await monitoring.verify_monitoring_report(
            principal=signed_in(info),
            report_id=parse_id(input.report_id, "monitoringReport"),
            verified_quantity=input.verified_quantity,
        )
        return await _payload(recorded)
