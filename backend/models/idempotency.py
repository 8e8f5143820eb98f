"""Idempotency keys: a client's retry of a state-changing call returns the first result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from backend.models.user import User


class IdempotencyKey(Model):
    """One key a user sent with a call that changed the registry, kept with the ledger entry
    that call appended (ledger_seq) and the ID of what it returned (result_id)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "registry.User", related_name="idempotency_keys", on_delete=fields.RESTRICT
    )
    key = fields.CharField(max_length=200)
    operation = fields.CharField(max_length=64)  # e.g. credits.transfer
    fingerprint = fields.CharField(max_length=64)  # SHA-256 of the operation and its arguments
    result_id = fields.BigIntField()
    ledger_seq = fields.BigIntField(db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: int

    class Meta:
        table = "idempotency_key"
        unique_together = (("user", "key"),)
