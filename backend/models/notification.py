"""In-app notifications: each decision's parties see it in their list of pending tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

if TYPE_CHECKING:
    from backend.models.user import User


class Notification(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "registry.User", related_name="notifications", on_delete=fields.CASCADE
    )
    event = fields.CharField(max_length=64)  # e.g. project.submitted
    about = fields.CharField(max_length=64, db_index=True)  # e.g. project:12
    subject = fields.CharField(max_length=300)  # already in the recipient's language
    params: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    # Whether the recipient has something to do (a task) or is only told (information).
    is_task = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    done_at = fields.DatetimeField(null=True)

    user_id: int

    class Meta:
        table = "notification"
        indexes = (Index(fields=("user_id",), name="idx_notification_user_id"),)
