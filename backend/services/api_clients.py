"""Partner API clients: government creates them for a PARTNER organisation with OAuth scopes,
lists, rotates and revokes them. A secret is shown once and stored only as an HMAC; a client
that registers a JWKS authenticates with private_key_jwt and has no secret at all."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from tortoise.backends.base.client import BaseDBAsyncClient

from backend.db import locked, transaction
from backend.errors import BadUserInput, Conflict
from backend.ledger import entries
from backend.models.api_client import ApiAccessToken, ApiClient
from backend.models.enums import OrganisationStatus, OrganisationType
from backend.models.organisation import Organisation
from backend.policy import Action, OAuthScope, Principal, require
from backend.services import ledger, validation
from backend.services.sessions import digest

SECRET_METHODS = ("client_secret_basic", "client_secret_post")
PRIVATE_KEY_JWT = "private_key_jwt"
MAX_RATE_LIMIT = 10_000
_PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "k"})


@dataclass(frozen=True)
class IssuedClient:
    """A client as just created or rotated; `secret` is its only appearance in clear."""

    client: ApiClient
    secret: str | None
    ledger_seq: int


def ledger_view(client: ApiClient) -> dict[str, Any]:
    """What the ledger records of a client: never its secret or its hash."""
    return {
        "id": client.id,
        "oauth_client": client.client_id,
        "name": client.name,
        "organisation_id": client.organisation_id,
        "scopes": sorted(client.scopes),
        "auth_method": client.auth_method,
        "key_ids": sorted(str(key.get("kid", "")) for key in (client.jwks or {}).get("keys", [])),
        "rate_limit_per_minute": client.rate_limit_per_minute,
    }


def parse_scopes(values: list[str], field: str = "scopes") -> list[str]:
    """The OAuth scopes given, checked and sorted. Raises BadUserInput for none or unknown ones."""
    known = {scope.value for scope in OAuthScope}
    unknown = sorted(set(values) - known)
    if unknown:
        raise BadUserInput(f"unknown scopes {unknown}; known: {sorted(known)}.", field=field)
    if not values:
        raise BadUserInput("give at least one scope.", field=field)
    return sorted(set(values))


def public_jwks(jwks: dict[str, Any]) -> dict[str, Any]:
    """A client's JWKS checked: public asymmetric keys with a unique `kid` each."""
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    if not isinstance(keys, list) or not keys or len(keys) > 10:
        raise BadUserInput('jwks must be {"keys": [...]} with 1 to 10 keys.', field="jwks")
    kids = [key.get("kid") for key in keys if isinstance(key, dict)]
    if len(kids) != len(keys) or not all(isinstance(k, str) and k for k in kids):
        raise BadUserInput("every key in jwks needs a kid.", field="jwks")
    if len(set(kids)) != len(kids):
        raise BadUserInput("the keys' kids must differ.", field="jwks")
    if any(_PRIVATE_MEMBERS & set(key) for key in keys):
        raise BadUserInput("jwks must hold public keys only (no private members).", field="jwks")
    if any(key.get("kty") not in ("RSA", "EC", "OKP") for key in keys):
        raise BadUserInput("jwks keys must be RSA, EC or OKP.", field="jwks")
    try:
        KeySet.import_key_set({"keys": keys})
    except (JoseError, ValueError, TypeError) as exc:
        raise BadUserInput(f"jwks is not a valid key set: {exc}", field="jwks") from None
    return {"keys": keys}


async def create_client(
    *,
    principal: Principal,
    organisation_id: int,
    name: str,
    scopes: list[str],
    jwks: dict[str, Any] | None = None,
    rate_limit_per_minute: int = 100,
) -> IssuedClient:
    """Create a client for an ACTIVE PARTNER organisation (GOVERNMENT ADMIN). Without a JWKS
    it gets a secret, returned here only. Raises Forbidden, NotFound or BadUserInput."""
    require(principal, Action.API_CLIENT_MANAGE)
    name = validation.required_text(name, "name", max_length=200)
    granted = parse_scopes(scopes)
    keys = public_jwks(jwks) if jwks is not None else None
    if not 1 <= rate_limit_per_minute <= MAX_RATE_LIMIT:
        raise BadUserInput(
            f"rateLimitPerMinute must be 1 to {MAX_RATE_LIMIT}.", field="rateLimitPerMinute"
        )
    secret = None if keys else "rcs_" + secrets.token_urlsafe(32)
    async with transaction() as connection:
        organisation = await locked(
            connection, Organisation, organisation_id, field="organisationId"
        )
        if organisation.type is not OrganisationType.PARTNER:
            raise BadUserInput("API clients are for PARTNER organisations.", field="organisationId")
        if organisation.status is not OrganisationStatus.ACTIVE:
            raise BadUserInput("the organisation is not ACTIVE.", field="organisationId")
        client = await ApiClient.create(
            using_db=connection,
            client_id="rc_" + secrets.token_urlsafe(18),
            name=name,
            organisation=organisation,
            scopes=granted,
            auth_method=PRIVATE_KEY_JWT if keys else SECRET_METHODS[0],
            secret_hash=digest(secret) if secret else None,
            jwks=keys,
            rate_limit_per_minute=rate_limit_per_minute,
            created_by_user_id=principal.user_id,
        )
        seq = await _record(connection, entries.ApiClientCreated, client, principal)
    return IssuedClient(client, secret, seq)


async def rotate_secret(*, principal: Principal, client_id: int) -> IssuedClient:
    """Give a secret client a new secret; the old one and every token issued stop at once.
    Raises Forbidden, NotFound, or Conflict for a revoked or private_key_jwt client."""
    require(principal, Action.API_CLIENT_MANAGE)
    secret = "rcs_" + secrets.token_urlsafe(32)
    async with transaction() as connection:
        client = await locked(connection, ApiClient, client_id, name="API client", field="id")
        if client.revoked_at is not None:
            raise Conflict("this client is revoked.")
        if client.auth_method == PRIVATE_KEY_JWT:
            raise Conflict("this client signs with its own keys and has no secret.")
        client.secret_hash, client.secret_rotated_at = digest(secret), datetime.now(UTC)
        await client.save(using_db=connection, update_fields=["secret_hash", "secret_rotated_at"])
        await ApiAccessToken.filter(client_id=client.id).using_db(connection).delete()
        seq = await _record(connection, entries.ApiClientSecretRotated, client, principal)
    return IssuedClient(client, secret, seq)


async def revoke_client(*, principal: Principal, client_id: int) -> IssuedClient:
    """Revoke a client for good: its tokens stop at once. Raises Forbidden, NotFound, Conflict."""
    require(principal, Action.API_CLIENT_MANAGE)
    async with transaction() as connection:
        client = await locked(connection, ApiClient, client_id, name="API client", field="id")
        if client.revoked_at is not None:
            raise Conflict("this client is already revoked.")
        client.revoked_at, client.secret_hash = datetime.now(UTC), None
        await client.save(using_db=connection, update_fields=["revoked_at", "secret_hash"])
        await ApiAccessToken.filter(client_id=client.id).using_db(connection).delete()
        seq = await _record(connection, entries.ApiClientRevoked, client, principal)
    return IssuedClient(client, None, seq)


async def list_clients(
    *, principal: Principal, organisation_id: int | None = None
) -> list[ApiClient]:
    """Clients, oldest first: all for government, a partner's own for its people."""
    if organisation_id is None and principal.organisation_type is not OrganisationType.GOVERNMENT:
        organisation_id = principal.organisation_id  # a partner's people: their own clients
    require(principal, Action.API_CLIENT_LIST, organisation_id=organisation_id)
    query = (
        ApiClient.all()
        if organisation_id is None
        else ApiClient.filter(organisation_id=organisation_id)
    )
    return list(await query.order_by("id"))


async def _record(
    connection: BaseDBAsyncClient,
    kind: type[
        entries.ApiClientCreated | entries.ApiClientSecretRotated | entries.ApiClientRevoked
    ],
    client: ApiClient,
    principal: Principal,
) -> int:
    record = kind(**ledger_view(client))
    return await ledger.append(
        connection,
        ledger.new_entry(record, actor=principal.actor, subject=f"api_client:{client.id}"),
    )
