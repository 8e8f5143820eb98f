"""Documents: bytes in the document store, facts (hash, type, size, decision) here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from backend.models.enums import DocumentKind, DocumentStatus

if TYPE_CHECKING:
    from backend.models.organisation import Organisation
    from backend.models.project import Project
    from backend.models.user import User


class Document(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(DocumentKind, max_length=40)
    status = fields.CharEnumField(DocumentStatus, max_length=16, default=DocumentStatus.PENDING)
    storage_key = fields.CharField(max_length=200, unique=True)
    sha256 = fields.CharField(max_length=64)
    size = fields.BigIntField()
    media_type = fields.CharField(max_length=120)
    filename = fields.CharField(max_length=200)
    version = fields.IntField(default=1)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "registry.Organisation", related_name="documents", on_delete=fields.RESTRICT
    )
    uploaded_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "registry.User", related_name="documents", on_delete=fields.RESTRICT
    )
    # Set when a project (or its monitoring report) takes the document.
    project: fields.ForeignKeyNullableRelation[Project] = fields.ForeignKeyField(
        "registry.Project", related_name="documents", null=True, on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    decided_at = fields.DatetimeField(null=True)

    organisation_id: int
    uploaded_by_id: int
    project_id: int | None

    class Meta:
        table = "document"
        indexes = (
            Index(fields=("project_id",), name="idx_document_project_id"),
            Index(fields=("organisation_id",), name="idx_document_organisation_id"),
        )
