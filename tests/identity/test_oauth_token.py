"""POST /oauth/token: client credentials by client_secret_basic, client_secret_post and
private_key_jwt (RFC 7523); every refusal is an RFC 6749 §5.2 error and issues no token."""

from __future__ import annotations

import json

import httpx
import pytest

from backend.models.api_client import ApiAccessToken, ApiTokenIssuance
from backend.models.ledger import LedgerEntry
from backend.services.oauth_tokens import ASSERTION_TYPE
from tests.factories import ledger_size
from tests.identity.partners import (
    assertion,
    graphql,
    partner_client,
    public_jwks,
    rsa_key,
    token_response,
)


async def test_client_secret_basic_issues_a_short_lived_token_logged_outside_the_ledger(
    http: httpx.AsyncClient,
) -> None:
    issued = await partner_client(["projects:read", "credits:read"])
    assert issued.secret is not None
    size = await ledger_size()
    response = await token_response(http, issued.client.client_id, issued.secret)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 600
    assert body["scope"] == "credits:read projects:read"
    # Issuing a token changes no holding and decides nothing: the audit log has it, the
    # ledger does not.
    assert await ledger_size() == size
    assert not await LedgerEntry.filter(type="api_client.token_issued").exists()
    logged = await ApiTokenIssuance.get(client_id=issued.client.id)
    assert logged.scopes == ["credits:read", "projects:read"] and logged.address == "127.0.0.1"
    assert body["access_token"] not in str(vars(logged))


async def test_client_secret_post_and_a_narrower_scope(http: httpx.AsyncClient) -> None:
    issued = await partner_client(["projects:read", "credits:read"])
    response = await http.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": issued.client.client_id,
            "client_secret": issued.secret,
            "scope": "projects:read",
        },
    )
    assert response.status_code == 200 and response.json()["scope"] == "projects:read"
    token = response.json()["access_token"]
    blocks = await graphql(http, token, "{ creditBlocks { totalCount } }")
    assert blocks["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(
    ("data", "auth", "status", "error"),
    [
        ({"grant_type": "client_credentials"}, ("known", "wrong-secret"), 401, "invalid_client"),
        ({"grant_type": "client_credentials"}, ("rc_nobody", "x"), 401, "invalid_client"),
        ({"grant_type": "client_credentials"}, None, 401, "invalid_client"),
        ({"grant_type": "password"}, ("known", "secret"), 400, "unsupported_grant_type"),
        (
            {"grant_type": "client_credentials", "scope": "ledger:read"},
            ("known", "secret"),
            400,
            "invalid_scope",
        ),
    ],
)
async def test_refusals_issue_no_token(
    http: httpx.AsyncClient,
    data: dict[str, str],
    auth: tuple[str, str] | None,
    status: int,
    error: str,
) -> None:
    issued = await partner_client(["projects:read"])
    assert issued.secret is not None
    if auth is not None:
        client_id = issued.client.client_id if auth[0] == "known" else auth[0]
        auth = (client_id, issued.secret if auth[1] == "secret" else auth[1])
    size = await ledger_size()
    response = await http.post("/oauth/token", data=data, auth=auth)
    assert response.status_code == status and response.json()["error"] == error
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Basic")
    assert await ApiAccessToken.all().count() == 0
    assert await ledger_size() == size


async def _assertion_call(http: httpx.AsyncClient, signed: str) -> httpx.Response:
    return await http.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": signed,
        },
    )


async def test_private_key_jwt_issues_a_token_once_per_assertion(http: httpx.AsyncClient) -> None:
    key = rsa_key("partner-1")
    issued = await partner_client(["ledger:read"], jwks=public_jwks(key))
    assert issued.secret is None and issued.client.auth_method == "private_key_jwt"
    signed = assertion(key, issued.client.client_id)
    first = await _assertion_call(http, signed)
    assert first.status_code == 200, first.text
    checkpoint = await graphql(http, first.json()["access_token"], "{ ledgerCheckpoint { size } }")
    assert "errors" not in checkpoint
    size = await ledger_size()
    replayed = await _assertion_call(http, signed)
    assert replayed.status_code == 401 and "already used" in replayed.json()["error_description"]
    assert await ApiAccessToken.all().count() == 1 and await ledger_size() == size


@pytest.mark.parametrize(
    "case", ["other audience", "expired", "unknown key", "wrong subject", "lives too long"]
)
async def test_bad_assertions_are_refused(http: httpx.AsyncClient, case: str) -> None:
    key, stranger = rsa_key("partner-1"), rsa_key("partner-1")  # same kid, other key
    issued = await partner_client(["ledger:read"], jwks=public_jwks(key))
    client_id = issued.client.client_id
    signed = {
        "other audience": lambda: assertion(key, client_id, aud="https://elsewhere.example"),
        "expired": lambda: assertion(key, client_id, lifetime=-120),
        "unknown key": lambda: assertion(stranger, client_id),
        "wrong subject": lambda: assertion(key, client_id, sub="rc_someone_else"),
        "lives too long": lambda: assertion(key, client_id, lifetime=3600),
    }[case]()
    size = await ledger_size()
    response = await _assertion_call(http, signed)
    assert response.status_code == 401, response.text
    assert response.json()["error"] == "invalid_client"
    assert await ApiAccessToken.all().count() == 0 and await ledger_size() == size


async def test_a_secret_client_cannot_use_an_assertion_and_metadata_is_published(
    http: httpx.AsyncClient,
) -> None:
    key = rsa_key("k")
    issued = await partner_client(["public"])
    response = await _assertion_call(http, assertion(key, issued.client.client_id))
    assert response.status_code == 401
    metadata = (await http.get("/.well-known/oauth-authorization-server")).json()
    assert metadata["token_endpoint"] == "http://testserver/oauth/token"
    assert "private_key_jwt" in metadata["token_endpoint_auth_methods_supported"]
    assert json.dumps(metadata).count("projects:read") == 1
