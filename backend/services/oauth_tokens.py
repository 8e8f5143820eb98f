"""The OAuth 2 token endpoint's rules (client credentials, RFC 6749 §4.4) and the lookup of an
access token's principal. Clients authenticate by secret (client_secret_basic or _post) or by a
signed assertion (private_key_jwt, RFC 7523). Tokens are opaque, short-lived, stored as HMACs,
and checked against their client on every request, so revoking a client stops them at once."""

from __future__ import annotations

import hmac
import json
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import extract_compact
from tortoise.exceptions import IntegrityError

from backend.db import transaction
from backend.models.api_client import (
    ApiAccessToken,
    ApiClient,
    ApiClientAssertion,
    ApiTokenIssuance,
)
from backend.models.enums import OrganisationStatus, OrganisationType
from backend.models.organisation import Organisation
from backend.policy import OAuthScope, Principal
from backend.services.api_clients import PRIVATE_KEY_JWT
from backend.services.sessions import digest

ACCESS_TOKEN_PREFIX = "rat_"  # noqa: S105 - a prefix, not a secret
ACCESS_TOKEN_SECONDS = 600
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_MAX_SECONDS = 300
LEEWAY_SECONDS = 30
SIGNING_ALGORITHMS = ("RS256", "PS256", "ES256", "EdDSA")


class OAuthError(Exception):
    """A token-endpoint refusal in RFC 6749 §5.2 terms (`error` is the standard code)."""

    def __init__(
        self, error: str, description: str, status: int = 400, retry_after: int | None = None
    ) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status
        self.retry_after = retry_after


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    scopes: list[str]


@dataclass(frozen=True)
class ClientCredentials:
    """How the client authenticated at the token endpoint, as the HTTP layer parsed it."""

    client_id: str | None = None
    secret: str | None = None
    assertion_type: str | None = None
    assertion: str | None = None


def _invalid_client(description: str) -> OAuthError:
    return OAuthError("invalid_client", description, status=401)


async def _client_by_secret(client_id: str, secret: str) -> ApiClient:
    client = await ApiClient.get_or_none(client_id=client_id)
    stored = client.secret_hash if client else None
    # Compare even for an unknown client, so timing says nothing about which IDs exist.
    matches = hmac.compare_digest(stored or digest("unknown client"), digest(secret))
    if client is None or stored is None or not matches or client.revoked_at is not None:
        raise _invalid_client("unknown client or wrong secret.")
    return client


async def _client_by_assertion(assertion: str, audiences: tuple[str, ...]) -> ApiClient:
    try:
        unverified = json.loads(extract_compact(assertion.encode()).payload)
        sub = unverified["sub"]
    except (JoseError, ValueError, KeyError, TypeError):
        raise _invalid_client("the client assertion is not a signed JWT with sub.") from None
    client = await ApiClient.get_or_none(client_id=str(sub))
    if client is None or client.auth_method != PRIVATE_KEY_JWT or client.revoked_at is not None:
        raise _invalid_client("unknown client for this assertion.")
    try:
        keys = KeySet.import_key_set(cast(Any, client.jwks))
        token = jwt.decode(assertion, keys, SIGNING_ALGORITHMS)
        jwt.JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": client.client_id},
            sub={"essential": True, "value": client.client_id},
            aud={"essential": True, "values": list(audiences)},
            exp={"essential": True},
            jti={"essential": True},
        ).validate(token.claims)
    except (JoseError, ValueError) as exc:
        raise _invalid_client(f"the client assertion is refused: {exc}") from None
    exp, jti = int(token.claims["exp"]), str(token.claims["jti"])
    if exp - time.time() > ASSERTION_MAX_SECONDS or len(jti) > 200:
        raise _invalid_client("the client assertion lives too long or its jti is too long.")
    try:
        await ApiClientAssertion.create(
            client=client, jti=jti, expires_at=datetime.fromtimestamp(exp, UTC)
        )
    except IntegrityError:
        raise _invalid_client("this client assertion was already used.") from None
    return client


async def authenticate_client(
    credentials: ClientCredentials, audiences: tuple[str, ...]
) -> ApiClient:
    """The client these credentials prove; an assertion must name one of audiences (the token
    endpoint or the issuer). Raises OAuthError invalid_client otherwise."""
    if credentials.assertion is not None:
        if credentials.assertion_type != ASSERTION_TYPE:
            raise OAuthError("invalid_request", f"client_assertion_type must be {ASSERTION_TYPE}.")
        client = await _client_by_assertion(credentials.assertion, audiences)
        if credentials.client_id not in (None, client.client_id):
            raise _invalid_client("client_id does not match the assertion.")
        return client
    if credentials.client_id and credentials.secret:
        return await _client_by_secret(credentials.client_id, credentials.secret)
    raise _invalid_client("authenticate the client (basic, post or private_key_jwt).")


def _granted(client: ApiClient, scope: str | None) -> list[str]:
    if scope is None or not scope.strip():
        return sorted(client.scopes)
    wanted = set(scope.split())
    if not wanted <= set(client.scopes):
        raise OAuthError("invalid_scope", f"this client may have only: {' '.join(client.scopes)}.")
    return sorted(wanted)


async def issue_token(
    *,
    grant_type: str | None,
    credentials: ClientCredentials,
    scope: str | None,
    audiences: tuple[str, ...],
    address: str | None = None,
    admit: Callable[[str], float] | None = None,
) -> IssuedToken:
    """Issue a client-credentials access token, logged in api_token_issuance (not the ledger:
    it changes no holding and decides nothing). admit(client_id) says how many seconds the
    authenticated client must wait for another token (0: now). Raises OAuthError."""
    if grant_type != "client_credentials":
        raise OAuthError("unsupported_grant_type", "only client_credentials is supported.")
    client = await authenticate_client(credentials, audiences)
    wait = admit(client.client_id) if admit else 0.0
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise OAuthError(
            "temporarily_unavailable", "too many tokens for this client; wait.", 429, seconds
        )
    organisation = await Organisation.get(id=client.organisation_id)
    if organisation.status is not OrganisationStatus.ACTIVE:
        raise OAuthError("unauthorized_client", "the client's organisation is not ACTIVE.")
    scopes, token = _granted(client, scope), ACCESS_TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    expires_at = now + timedelta(seconds=ACCESS_TOKEN_SECONDS)
    async with transaction() as connection:
        await (
            ApiAccessToken.filter(client_id=client.id, expires_at__lte=now)
            .using_db(connection)
            .delete()
        )
        await (
            ApiClientAssertion.filter(client_id=client.id, expires_at__lte=now)
            .using_db(connection)
            .delete()
        )
        await ApiAccessToken.create(
            using_db=connection,
            client=client,
            token_hash=digest(token),
            scopes=scopes,
            expires_at=expires_at,
        )
        await ApiTokenIssuance.create(
            using_db=connection,
            client=client,
            scopes=scopes,
            address=address[:64] if address else None,
            expires_at=expires_at,
        )
    return IssuedToken(token, ACCESS_TOKEN_SECONDS, scopes)


async def access_token_caller(token: str) -> tuple[Principal, int] | None:
    """The principal of a live access token of an unrevoked client of an ACTIVE PARTNER
    organisation, with the token's scopes that the client still has, and the client's rate
    limit per minute; else None."""
    row = (
        await ApiAccessToken.filter(token_hash=digest(token), expires_at__gt=datetime.now(UTC))
        .select_related("client__organisation")
        .first()
    )
    if row is None:
        return None
    client: ApiClient = row.client
    organisation: Organisation = client.organisation
    if client.revoked_at is not None or organisation.status is not OrganisationStatus.ACTIVE:
        return None
    if organisation.type is not OrganisationType.PARTNER:
        return None
    scopes = frozenset(OAuthScope(s) for s in set(row.scopes) & set(client.scopes))
    principal = Principal.client(
        client_id=client.id, organisation_id=organisation.id, oauth_scopes=scopes
    )
    return principal, client.rate_limit_per_minute
