"""Entry types about partner API clients and people's identity-provider links. No secret, token
or provider subject is ever in them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .base import Entry
from .parties import _User

__all__ = [
    "ApiClientCreated",
    "ApiClientOperationsSet",
    "ApiClientRevoked",
    "ApiClientSecretRotated",
    "ApiClientTokenIssued",
    "UserApproved",
    "UserIdentityLinked",
    "UserRegistered",
    "UserRejected",
]


@dataclass(frozen=True, kw_only=True)
class _ApiClient(Entry):
    id: int
    oauth_client: str
    name: str
    organisation_id: int
    scopes: Sequence[str]
    auth_method: str
    key_ids: Sequence[str]
    rate_limit_per_minute: int


@dataclass(frozen=True, kw_only=True)
class ApiClientCreated(_ApiClient):
    """Government created a partner API client (its secret is not recorded)."""

    TYPE = "api_client.created"


@dataclass(frozen=True, kw_only=True)
class ApiClientSecretRotated(_ApiClient):
    """A client was given a new secret; its earlier tokens ended."""

    TYPE = "api_client.secret_rotated"


@dataclass(frozen=True, kw_only=True)
class ApiClientRevoked(_ApiClient):
    """A client was revoked for good; its tokens ended."""

    TYPE = "api_client.revoked"


@dataclass(frozen=True, kw_only=True)
class ApiClientTokenIssued(Entry):
    """A client was issued an access token (actor: the client itself). No longer written:
    issuance changes no holding and decides nothing, so it goes to the token log table
    (api_token_issuance); declared still so that ledgers that hold it read and verify."""

    TYPE = "api_client.token_issued"
    oauth_client: str
    scopes: Sequence[str]
    expires_at: str


@dataclass(frozen=True, kw_only=True)
class UserIdentityLinked(Entry):
    """A user's first sign-in with an identity provider linked it to their account."""

    TYPE = "user.identity_linked"
    user_id: int
    issuer: str


@dataclass(frozen=True, kw_only=True)
class UserRegistered(_User):
    """A person nobody invited signed in with an identity provider: a user PENDING approval
    (status ACTIVE when the provider's configured role mapping gave the role)."""

    TYPE = "user.registered"
    issuer: str


@dataclass(frozen=True, kw_only=True)
class UserApproved(_User):
    """An ADMIN of the user's organisation, or government, approved a PENDING user."""

    TYPE = "user.approved"


@dataclass(frozen=True, kw_only=True)
class UserRejected(_User):
    """An ADMIN of the user's organisation, or government, rejected a PENDING user."""

    TYPE = "user.rejected"
    reason: str


@dataclass(frozen=True, kw_only=True)
class ApiClientOperationsSet(Entry):
    """Government restricted a client to these persisted operations (SHA-256 hashes of their
    documents), or lifted the restriction (null)."""

    TYPE = "api_client.operations_set"
    id: int
    oauth_client: str
    allowed_operations: Sequence[str] | None
