"""Article 6.2: cooperative approaches and authorizations (the AEF's table 2)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from backend.models.enums import AuthorizationPurpose, FirstTransferDefinition

if TYPE_CHECKING:
    from backend.models.project import Project


class CooperativeApproach(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=6, unique=True)  # CA + 4 digits
    name = fields.CharField(max_length=300)
    parties: fields.Field[list[str]] = fields.JSONField(default=list)  # ISO alpha-3

    class Meta:
        table = "cooperative_approach"


class Authorization(Model):
    id = fields.IntField(primary_key=True)
    authorization_id = fields.CharField(max_length=64, unique=True)
    cooperative_approach: fields.ForeignKeyRelation[CooperativeApproach] = fields.ForeignKeyField(
        "registry.CooperativeApproach", related_name="authorizations", on_delete=fields.RESTRICT
    )
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "registry.Project", related_name="authorizations", on_delete=fields.RESTRICT
    )
    authorized_on: date = fields.DateField()
    version = fields.IntField(default=1)
    quantity = fields.BigIntField()
    metric = fields.CharField(max_length=16, default="GHG")  # GHG (tCO2e) or NON_GHG
    sectors: fields.Field[list[str]] = fields.JSONField(default=list)
    activity_types: fields.Field[list[str]] = fields.JSONField(default=list)
    purpose = fields.CharEnumField(AuthorizationPurpose, max_length=16)
    authorized_parties: fields.Field[list[str]] = fields.JSONField(default=list)
    authorized_entities: fields.Field[list[str]] = fields.JSONField(default=list)
    # What the AEF's table 5 says of each authorized entity, by name: {"name", "country"
    # (alpha-3 of incorporation), "identification_number", "conditions"}, each but the name
    # possibly null.
    entity_details: fields.Field[list[dict[str, str | None]]] = fields.JSONField(
        default=list, db_default=[]
    )
    first_transfer_definition = fields.CharEnumField(
        FirstTransferDefinition, max_length=24, null=True
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    cooperative_approach_id: int
    project_id: int

    class Meta:
        table = "article6_authorization"
        indexes = (Index(fields=("project_id",), name="idx_article6_authorization_project_id"),)
