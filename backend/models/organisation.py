"""Organisations: the registry's account holders (government, ministries, developers, ...)."""

from tortoise import fields
from tortoise.models import Model

from backend.models.enums import OrganisationStatus, OrganisationType


class Organisation(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, db_index=True)
    tax_id = fields.CharField(max_length=64, unique=True)
    type = fields.CharEnumField(OrganisationType, max_length=16, db_index=True)
    status = fields.CharEnumField(OrganisationStatus, max_length=16, db_index=True)
    status_reason: str | None = fields.TextField(null=True)
    email = fields.CharField(max_length=254)
    phone = fields.CharField(max_length=32, null=True)
    website = fields.CharField(max_length=300, null=True)
    address = fields.TextField(null=True)
    country = fields.CharField(max_length=2)
    logo_url = fields.CharField(max_length=500, null=True)
    # CDM sectoral scope numbers a MINISTRY is responsible for (empty for other types).
    sectoral_scopes: fields.Field[list[int]] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "organisation"
