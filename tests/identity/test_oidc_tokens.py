"""ID-token and signed-userinfo validation against keys served over real loopback HTTP by a
tiny JWKS server (not yet a full OpenID provider: see the report on issue 10). Each bad token
is refused; a key rotation at the server is followed without a restart, fetching again only
for an unknown key ID."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from backend.errors import Unauthenticated
from backend.services.oidc_tokens import (
    Expected,
    ProviderKeys,
    token_hash,
    validate_id_token,
    validate_signed_userinfo,
)

ISSUER, CLIENT = "https://id.example.gov", "registry"


@pytest.fixture(autouse=True)
def _fresh_database() -> None:
    """No database here (overrides the package's fixture)."""


class JwksServer:
    def __init__(self) -> None:
        self.keys: list[RSAKey] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                body = json.dumps({"keys": [k.as_dict(private=False) for k in owner.keys]})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/jwks"


@pytest.fixture
def provider() -> Iterator[JwksServer]:
    server = JwksServer()
    server.keys.append(RSAKey.generate_key(2048, parameters={"kid": "key-1"}))
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()


async def fetch(url: str) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.get(url)
        response.raise_for_status()
        return dict(response.json())


def id_token(key: RSAKey, **overrides: Any) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "person-42",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
        **overrides,
    }
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)


EXPECTED = Expected(issuer=ISSUER, client_id=CLIENT, nonce="n-1", access_token="at-1")


async def test_a_good_token_passes_with_its_at_hash(provider: JwksServer) -> None:
    keys = ProviderKeys(provider.url, fetch)
    token = id_token(provider.keys[0], at_hash=token_hash("at-1", "RS256"))
    claims = await validate_id_token(token, keys, EXPECTED)
    assert claims["sub"] == "person-42" and keys.fetches == 1
    await validate_id_token(token, keys, EXPECTED)
    assert keys.fetches == 1  # not fetched on every sign-in


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"nonce": "n-other"}, "nonce"),
        ({"aud": "another-client"}, "audience"),
        ({"aud": [CLIENT, "another"], "azp": "another"}, "authorized party"),
        ({"aud": [CLIENT, "another"]}, "authorized party"),
        ({"iss": "https://elsewhere.example"}, "issuer"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 3900}, "expired"),
        ({"iat": int(time.time()) + 3600}, "issued"),
        ({"at_hash": "AAAAAAAAAAAAAAAAAAAAAA"}, "at_hash"),
        ({"sub": None}, "subject"),
    ],
)
async def test_bad_claims_are_refused(
    provider: JwksServer, overrides: dict[str, Any], reason: str
) -> None:
    keys = ProviderKeys(provider.url, fetch)
    with pytest.raises(Unauthenticated, match=reason):
        await validate_id_token(id_token(provider.keys[0], **overrides), keys, EXPECTED)


async def test_a_token_signed_by_an_unknown_key_is_refused(provider: JwksServer) -> None:
    keys = ProviderKeys(provider.url, fetch)
    stranger = RSAKey.generate_key(2048, parameters={"kid": "key-1"})  # same kid, other key
    with pytest.raises(Unauthenticated, match="signature"):
        await validate_id_token(id_token(stranger), keys, EXPECTED)
    unknown = RSAKey.generate_key(2048, parameters={"kid": "not-published"})
    with pytest.raises(Unauthenticated, match="does not publish"):
        await validate_id_token(id_token(unknown), keys, EXPECTED)


async def test_an_unsigned_token_is_refused(provider: JwksServer) -> None:
    keys = ProviderKeys(provider.url, fetch)
    token = id_token(provider.keys[0])
    header, payload, _ = token.split(".")
    with pytest.raises(Unauthenticated):
        await validate_id_token(f"{header}.{payload}.", keys, EXPECTED)
    with pytest.raises(Unauthenticated, match="algorithm"):
        await validate_id_token("eyJhbGciOiJub25lIn0." + payload + ".", keys, EXPECTED)


async def test_a_key_rotation_is_followed_without_a_restart(provider: JwksServer) -> None:
    keys = ProviderKeys(provider.url, fetch, refetch_seconds=0.0)
    await validate_id_token(id_token(provider.keys[0]), keys, EXPECTED)
    rotated = RSAKey.generate_key(2048, parameters={"kid": "key-2"})
    provider.keys[:] = [rotated]  # the provider rotates: the old key is gone
    claims = await validate_id_token(id_token(rotated), keys, EXPECTED)
    assert claims["sub"] == "person-42" and keys.fetches == 2


async def test_unknown_key_ids_do_not_make_it_fetch_on_every_request(
    provider: JwksServer,
) -> None:
    keys = ProviderKeys(provider.url, fetch, refetch_seconds=3600)
    await validate_id_token(id_token(provider.keys[0]), keys, EXPECTED)
    for _ in range(5):
        bogus = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(4)})
        with pytest.raises(Unauthenticated):
            await validate_id_token(id_token(bogus), keys, EXPECTED)
    assert keys.fetches == 1


async def test_signed_userinfo_is_checked_and_a_tampered_one_refused(
    provider: JwksServer,
) -> None:
    keys = ProviderKeys(provider.url, fetch)
    key = provider.keys[0]
    signed = jwt.encode(
        {"alg": "RS256", "kid": key.kid},
        {"sub": "person-42", "email": "ana@example.gov", "email_verified": True, "aud": CLIENT},
        key,
    )
    claims = await validate_signed_userinfo(signed, keys, EXPECTED, "person-42")
    assert claims["email"] == "ana@example.gov"
    header, payload, signature = signed.split(".")
    forged = json.dumps({"sub": "person-42", "email": "root@example.gov"}).encode()
    tampered = ".".join([header, base64.urlsafe_b64encode(forged).rstrip(b"=").decode(), signature])
    with pytest.raises(Unauthenticated, match="signed userinfo"):
        await validate_signed_userinfo(tampered, keys, EXPECTED, "person-42")
    with pytest.raises(Unauthenticated, match="someone else"):
        await validate_signed_userinfo(signed, keys, EXPECTED, "person-7")
