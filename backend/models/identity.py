"""Sign-in through OpenID Connect: a person's link (issuer, subject) to their user, and the
short-lived, single-use state of a sign-in under way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

if TYPE_CHECKING:
    from backend.models.user import User


class UserIdentity(Model):
    """A person at an identity provider: the pair (issuer, subject), linked to one user."""

    id = fields.IntField(primary_key=True)
    issuer = fields.CharField(max_length=300)
    subject = fields.CharField(max_length=255)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "registry.User", related_name="identities", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: int

    class Meta:
        table = "user_identity"
        unique_together = (("issuer", "subject"),)
        indexes = (Index(fields=("user_id",), name="idx_user_identity_user_id"),)


class OidcState(Model):
    """A sign-in under way: its state (only the HMAC), nonce and PKCE verifier, used once."""

    id = fields.IntField(primary_key=True)
    state_hash = fields.CharField(max_length=64, unique=True)
    provider = fields.CharField(max_length=64)
    nonce = fields.CharField(max_length=64)
    code_verifier = fields.CharField(max_length=128)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "oidc_state"
