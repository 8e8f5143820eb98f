"""Projects, their owners and certifiers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from backend.models.enums import ActivityScope, CertificationStatus, ProjectStatus

if TYPE_CHECKING:
    from backend.models.document import Document
    from backend.models.organisation import Organisation


class Project(Model):
    id = fields.IntField(primary_key=True)
    number = fields.IntField(unique=True)  # registry-wide, never reused
    title = fields.CharField(max_length=300)
    external_id = fields.CharField(max_length=100, unique=True)
    sector = fields.CharField(max_length=60, db_index=True)
    sectoral_scope = fields.IntField(db_index=True)
    start_date = fields.DateField()
    end_date = fields.DateField()
    ghgs: fields.Field[list[str]] = fields.JSONField(default=list)
    activity_scope = fields.CharEnumField(ActivityScope, max_length=16)
    # {"regions": [...], "geometry": GeoJSON Point/Polygon/MultiPolygon/GeometryCollection}
    location: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    article6_trading = fields.BooleanField(default=False)
    buyer_countries: fields.Field[list[str]] = fields.JSONField(default=list)  # ISO alpha-2
    estimated_credits = fields.BigIntField()
    estimated_cost = fields.DecimalField(max_digits=18, decimal_places=2)
    minimum_carbon_price = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    environmental_assessment_number = fields.CharField(max_length=100, null=True)
    design_document: fields.ForeignKeyRelation[Document] = fields.ForeignKeyField(
        "registry.Document", related_name="designed_projects", on_delete=fields.RESTRICT
    )
    environmental_assessment_document: fields.ForeignKeyNullableRelation[Document] = (
        fields.ForeignKeyField(
            "registry.Document",
            related_name="assessed_projects",
            null=True,
            on_delete=fields.RESTRICT,
        )
    )
    status = fields.CharEnumField(ProjectStatus, max_length=16, db_index=True)
    status_reason: str | None = fields.TextField(null=True)
    serial_prefix = fields.CharField(max_length=60, null=True)
    created_by: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "registry.Organisation", related_name="created_projects", on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    design_document_id: int
    environmental_assessment_document_id: int | None
    created_by_id: int

    class Meta:
        table = "project"
        indexes = (Index(fields=("created_by_id",), name="idx_project_created_by_id"),)


class ProjectOwner(Model):
    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "registry.Project", related_name="owners", on_delete=fields.CASCADE
    )
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "registry.Organisation", related_name="owned_projects", on_delete=fields.RESTRICT
    )
    percentage = fields.DecimalField(max_digits=5, decimal_places=2)

    project_id: int
    organisation_id: int

    class Meta:
        table = "project_owner"
        unique_together = (("project", "organisation"),)
        indexes = (Index(fields=("organisation_id",), name="idx_project_owner_organisation_id"),)


class ProjectCertifier(Model):
    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "registry.Project", related_name="certifiers", on_delete=fields.CASCADE
    )
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "registry.Organisation", related_name="certified_projects", on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(CertificationStatus, max_length=16)
    assigned_at = fields.DatetimeField(auto_now_add=True)
    certified_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    revocation_reason: str | None = fields.TextField(null=True)

    project_id: int
    organisation_id: int

    class Meta:
        table = "project_certifier"
        unique_together = (("project", "organisation"),)
        indexes = (
            Index(fields=("organisation_id",), name="idx_project_certifier_organisation_id"),
        )
