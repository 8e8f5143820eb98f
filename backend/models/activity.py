"""Project activities (PPP-T-NNN) and their monitoring reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from backend.models.enums import ActivityStatus, ActivityType, MonitoringReportStatus

if TYPE_CHECKING:
    from backend.models.document import Document
    from backend.models.organisation import Organisation
    from backend.models.project import Project


class Activity(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)  # e.g. 015-M-010
    number = fields.IntField(unique=True)  # the registry-wide running counter NNN
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "registry.Project", related_name="activities", on_delete=fields.RESTRICT
    )
    type = fields.CharEnumField(ActivityType, max_length=1)
    title = fields.CharField(max_length=300)
    methodology = fields.CharField(max_length=200)
    mitigation_type = fields.CharField(max_length=100, null=True)
    estimated_credits = fields.BigIntField()
    verified_credits = fields.BigIntField(default=0)
    co_benefits: fields.Field[list[int]] = fields.JSONField(default=list)  # SDG 1-17
    status = fields.CharEnumField(ActivityStatus, max_length=16, db_index=True)
    status_reason: str | None = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    project_id: int

    class Meta:
        table = "activity"
        indexes = (Index(fields=("project_id",), name="idx_activity_project_id"),)


class MonitoringReport(Model):
    id = fields.IntField(primary_key=True)
    activity: fields.ForeignKeyRelation[Activity] = fields.ForeignKeyField(
        "registry.Activity", related_name="monitoring_reports", on_delete=fields.RESTRICT
    )
    period_start = fields.DateField()
    period_end = fields.DateField()
    document: fields.ForeignKeyRelation[Document] = fields.ForeignKeyField(
        "registry.Document", related_name="monitoring_reports", on_delete=fields.RESTRICT
    )
    claimed_reductions = fields.BigIntField()
    verified_quantity = fields.BigIntField(null=True)
    status = fields.CharEnumField(MonitoringReportStatus, max_length=16, db_index=True)
    status_reason: str | None = fields.TextField(null=True)
    verified_by: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "registry.Organisation",
        related_name="verified_reports",
        null=True,
        on_delete=fields.RESTRICT,
    )
    submitted_at = fields.DatetimeField(auto_now_add=True)
    verified_at = fields.DatetimeField(null=True)
    approved_at = fields.DatetimeField(null=True)

    activity_id: int
    document_id: int
    verified_by_id: int | None

    class Meta:
        table = "monitoring_report"
        unique_together = (("activity", "period_start", "period_end"),)
        indexes = (Index(fields=("verified_by_id",), name="idx_monitoring_report_verified_by_id"),)
