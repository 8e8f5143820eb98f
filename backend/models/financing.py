"""Project financing sought or offered (the seed's "Project Financing" screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from backend.models.enums import FinancingInstrument, FinancingStatus

if TYPE_CHECKING:
    from backend.models.organisation import Organisation
    from backend.models.project import Project


class Financing(Model):
    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "registry.Project", related_name="financings", on_delete=fields.RESTRICT
    )
    from_organisation: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "registry.Organisation",
        related_name="financings_given",
        null=True,
        on_delete=fields.RESTRICT,
    )
    from_name = fields.CharField(max_length=200, null=True)  # a funder outside the registry
    amount = fields.DecimalField(max_digits=18, decimal_places=2)  # USD
    instrument = fields.CharEnumField(FinancingInstrument, max_length=24)
    is_public = fields.BooleanField()
    is_international = fields.BooleanField()
    terms: str | None = fields.TextField(null=True)
    # A random salt for the ledger's commitment to the amount, so a public entry cannot be
    # reversed by guessing round amounts; given to an auditor together with the amount.
    commitment_salt = fields.CharField(max_length=32, default="", db_default="")
    status = fields.CharEnumField(FinancingStatus, max_length=16, db_index=True)
    status_reason: str | None = fields.TextField(null=True)
    requested_by: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "registry.Organisation", related_name="financings_requested", on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    project_id: int
    from_organisation_id: int | None
    requested_by_id: int

    class Meta:
        table = "financing"
        indexes = (
            Index(fields=("project_id",), name="idx_financing_project_id"),
            Index(fields=("requested_by_id",), name="idx_financing_requested_by_id"),
        )
