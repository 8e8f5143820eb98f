"""Users, their sign-in sessions and password-reset tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from backend.models.enums import Role, UserStatus

if TYPE_CHECKING:
    from backend.models.organisation import Organisation


class User(Model):
    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "registry.Organisation", related_name="users", on_delete=fields.RESTRICT
    )
    email = fields.CharField(max_length=254, unique=True)
    name = fields.CharField(max_length=200)
    phone = fields.CharField(max_length=32, null=True)
    language = fields.CharField(max_length=8, default="en")
    role = fields.CharEnumField(Role, max_length=8)
    status = fields.CharEnumField(UserStatus, max_length=16, default=UserStatus.ACTIVE)
    # argon2id; null until the user sets a password through a reset link.
    password_hash = fields.CharField(max_length=200, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    organisation_id: int

    class Meta:
        table = "registry_user"
        indexes = (Index(fields=("organisation_id",), name="idx_registry_user_organisation_id"),)


class Session(Model):
    """A sign-in, of which only the HMAC of the bearer token is stored."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "registry.User", related_name="sessions", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()

    user_id: int

    class Meta:
        table = "user_session"
        indexes = (Index(fields=("user_id",), name="idx_user_session_user_id"),)


class PasswordResetToken(Model):
    """A single-use token sent by e-mail, of which only the HMAC is stored."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "registry.User", related_name="reset_tokens", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    user_id: int

    class Meta:
        table = "password_reset_token"
