"""Partner API clients (OAuth 2 client credentials), their access tokens and used assertions."""

from __future__ import annotations

import functools
from json import dumps, loads
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

if TYPE_CHECKING:
    from backend.models.organisation import Organisation

_compact = functools.partial(dumps, separators=(",", ":"))


class ApiClient(Model):
    """A partner system OAuth 2 client (client credentials), its secret only as an HMAC.

    A client that registered a JWKS signs its assertions (private_key_jwt) and has no secret."""

    id = fields.IntField(primary_key=True)
    client_id = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=200)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "registry.Organisation", related_name="api_clients", on_delete=fields.RESTRICT
    )
    scopes: list[str] = fields.JSONField(default=list, encoder=_compact, decoder=loads)
    auth_method = fields.CharField(max_length=32)
    secret_hash = fields.CharField(max_length=64, null=True)
    jwks: dict[str, Any] | None = fields.JSONField(null=True, encoder=_compact, decoder=loads)
    rate_limit_per_minute = fields.IntField(default=100)
    created_by_user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    secret_rotated_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    # Persisted queries: None lets the client send any operation; a list restricts it to the
    # operations of these SHA-256 hashes (their documents in PersistedQuery).
    allowed_operations: list[str] | None = fields.JSONField(
        null=True, encoder=_compact, decoder=loads
    )

    organisation_id: int

    class Meta:
        table = "api_client"
        indexes = (Index(fields=("organisation_id",), name="idx_api_client_organisation_id"),)


class ApiAccessToken(Model):
    """A short-lived bearer token issued to a client, of which only the HMAC is stored."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    client: fields.ForeignKeyRelation[ApiClient] = fields.ForeignKeyField(
        "registry.ApiClient", related_name="tokens", on_delete=fields.CASCADE
    )
    scopes: list[str] = fields.JSONField(default=list, encoder=_compact, decoder=loads)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)

    client_id: int

    class Meta:
        table = "api_access_token"
        indexes = (Index(fields=("client_id",), name="idx_api_access_token_client_id"),)


class ApiClientAssertion(Model):
    """A used private_key_jwt assertion jti, kept until it expires so it is used only once."""

    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ApiClient] = fields.ForeignKeyField(
        "registry.ApiClient", related_name="assertions", on_delete=fields.CASCADE
    )
    jti = fields.CharField(max_length=200)
    expires_at = fields.DatetimeField()

    client_id: int

    class Meta:
        table = "api_client_assertion"
        unique_together = (("client", "jti"),)


class PersistedQuery(Model):
    """A GraphQL document government registered for clients' allow-lists, by its SHA-256
    (hex, of the exact text, as Apollo and urql send it in extensions.persistedQuery)."""

    id = fields.IntField(primary_key=True)
    sha256 = fields.CharField(max_length=64, unique=True)
    document = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "persisted_query"


class ApiTokenIssuance(Model):
    """The audit log of access tokens issued at /oauth/token (not the ledger: issuing a token
    changes no holding and decides nothing). Kept when the token itself expires."""

    id = fields.IntField(primary_key=True)
    client: fields.ForeignKeyRelation[ApiClient] = fields.ForeignKeyField(
        "registry.ApiClient", related_name="issuances", on_delete=fields.CASCADE
    )
    scopes: list[str] = fields.JSONField(default=list, encoder=_compact, decoder=loads)
    address = fields.CharField(max_length=64, null=True)
    issued_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    expires_at = fields.DatetimeField()

    client_id: int

    class Meta:
        table = "api_token_issuance"
