"""Helpers for partner API client tests: a client made through the service, a token fetched
through the real token endpoint, and private_key_jwt assertions signed with joserfc."""

from __future__ import annotations

import secrets
import time
from typing import Any

import httpx
from joserfc import jwt
from joserfc.jwk import RSAKey

from backend.models.enums import OrganisationType, Role
from backend.models.organisation import Organisation
from backend.services import api_clients
from backend.services.api_clients import IssuedClient
from tests.factories import Member, make_member, make_organisation

TOKEN_URL = "http://testserver/oauth/token"


async def government_admin() -> Member:
    return await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)


async def partner_client(
    scopes: list[str],
    *,
    jwks: dict[str, Any] | None = None,
    rate_limit: int = 100,
    partner: Organisation | None = None,
) -> IssuedClient:
    """A client of a (new) ACTIVE PARTNER organisation, created by a government admin."""
    government = await government_admin()
    partner = partner or await make_organisation(OrganisationType.PARTNER)
    return await api_clients.create_client(
        principal=government.principal,
        organisation_id=partner.id,
        name="Transparency portal",
        scopes=scopes,
        jwks=jwks,
        rate_limit_per_minute=rate_limit,
    )


async def token_response(
    http: httpx.AsyncClient, client_id: str, secret: str, *, scope: str | None = None
) -> httpx.Response:
    data = {"grant_type": "client_credentials"}
    if scope is not None:
        data["scope"] = scope
    return await http.post("/oauth/token", data=data, auth=(client_id, secret))


async def access_token(http: httpx.AsyncClient, issued: IssuedClient) -> str:
    """A token for a secret client, by client_secret_basic."""
    assert issued.secret is not None
    response = await token_response(http, issued.client.client_id, issued.secret)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def rsa_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


def public_jwks(*keys: RSAKey) -> dict[str, Any]:
    return {"keys": [key.as_dict(private=False) for key in keys]}


def assertion(
    key: RSAKey, client_id: str, *, aud: str = TOKEN_URL, lifetime: int = 60, **claims: Any
) -> str:
    """A signed client assertion (RFC 7523) for client_id."""
    now = int(time.time())
    body = {
        "iss": client_id,
        "sub": client_id,
        "aud": aud,
        "iat": now,
        "exp": now + lifetime,
        "jti": secrets.token_hex(8),
        **claims,
    }
    return jwt.encode({"alg": "RS256", "kid": key.kid}, body, key)


async def graphql(http: httpx.AsyncClient, token: str | None, query: str, **variables: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    http.cookies.clear()
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()
