"""Monitoring reports: type, submission by the owners, verification by an assigned certifier."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.types import Info

from backend import policy
from backend.context import Context
from backend.models import activity as models
from backend.models.enums import MonitoringReportStatus
from backend.policy import Action
from backend.schema import project_loaders as loaders
from backend.schema.activities import Activity
from backend.schema.documents import Document, load_documents_by_project
from backend.schema.ids import parse_id
from backend.schema.organisations import Organisation
from backend.schema.permissions import may, signed_in
from backend.schema.scalars import SafeInt
from backend.services import activities, monitoring
from backend.services.recorded import Recorded

MonitoringReportStatusEnum = strawberry.enum(
    MonitoringReportStatus,
    name="MonitoringReportStatus",
    description="SUBMITTED -> VERIFIED (certifier) -> APPROVED (government); or REJECTED.",
)


@strawberry.type(description="A monitoring report: the reductions claimed for one period.")
class MonitoringReport:
    row: strawberry.Private[models.MonitoringReport]
    project_id: strawberry.Private[int]

    @strawberry.field(description="The report's ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @strawberry.field(description="First day of the monitoring period.")
    def period_start(self) -> date:
        return self.row.period_start

    @strawberry.field(description="Last day of the monitoring period.")
    def period_end(self) -> date:
        return self.row.period_end

    @strawberry.field(description="Reductions claimed by the owners (tCO2e).")
    def claimed_reductions(self) -> SafeInt:
        return SafeInt(self.row.claimed_reductions)

    @strawberry.field(description="Quantity the certifier verified (tCO2e), once verified.")
    def verified_quantity(self) -> SafeInt | None:
        quantity = self.row.verified_quantity
        return None if quantity is None else SafeInt(quantity)

    @strawberry.field(description="Status.")
    def status(self) -> MonitoringReportStatusEnum:  # type: ignore[valid-type]
        return self.row.status

    @strawberry.field(description="Why it was rejected, if it was.")
    def status_reason(self) -> str | None:
        return self.row.status_reason

    @strawberry.field(description="When it was submitted (UTC).")
    def submitted_at(self) -> datetime:
        return self.row.submitted_at

    @strawberry.field(description="When it was verified (UTC).")
    def verified_at(self) -> datetime | None:
        return self.row.verified_at

    @strawberry.field(description="When the government approved it (UTC).")
    def approved_at(self) -> datetime | None:
        return self.row.approved_at

    @strawberry.field(description="The certifier that verified it.")
    async def verified_by(self, info: Info[Context, Any]) -> Organisation | None:
        if self.row.verified_by_id is None:
            return None
        row = await info.context.loaders.organisation.load(self.row.verified_by_id)
        return None if row is None else Organisation(row=row)

    @strawberry.field(
        description="The report document: null unless you may read the project's documents."
    )
    async def document(self, info: Info[Context, Any]) -> Document | None:
        project = await info.context.loaders.get(loaders.load_projects).load(self.project_id)
        assert project is not None
        target = await loaders.target(info.context.loaders, project)
        if not policy.can(info.context.principal, Action.READ_PROJECT_DOCUMENTS, target=target):
            return None
        rows = await info.context.loaders.get(load_documents_by_project).load(self.project_id)
        found = [r for r in rows if r.id == self.row.document_id]
        return Document(row=found[0]) if found else None


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
    @strawberry.mutation(
        description="Submit a monitoring report for a period of your activity.",
        extensions=may(Action.MONITORING_SUBMIT),
    )
    async def submit_monitoring_report(
        self, info: Info[Context, Any], input: SubmitMonitoringReportInput
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

    @strawberry.mutation(
        description="Verify a SUBMITTED monitoring report of a project you are assigned to.",
        extensions=may(Action.MONITORING_VERIFY),
    )
    async def verify_monitoring_report(
        self, info: Info[Context, Any], input: VerifyMonitoringReportInput
    ) -> MonitoringReportPayload:
        recorded = await monitoring.verify_monitoring_report(
            principal=signed_in(info),
            report_id=parse_id(input.report_id, "monitoringReport"),
            verified_quantity=input.verified_quantity,
        )
        return await _payload(recorded)
