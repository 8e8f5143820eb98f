"""The routes that start a sign-in are bounded: /oauth/token per address (every request) and
per client (issued tokens only, so wrong guesses naming a client do not use up its budget),
/auth/oidc/.../login per address (each stores a state row), expired states deleted. Over a
limit: 429 with Retry-After, and nothing is stored."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from joserfc.jwk import RSAKey

from backend.models.api_client import ApiAccessToken, ApiTokenIssuance
from backend.models.identity import OidcState
from backend.services import oidc, throttling
from backend.services.oidc import OidcProvider
from backend.web.oauth import TOKENS_PER_CLIENT_PER_MINUTE
from backend.web.rate_limits import SIGN_IN_LIMITS
from tests.identity.oidc_provider import free_port, running_provider
from tests.identity.partners import partner_client, token_response

LIMITS = dict(SIGN_IN_LIMITS)


@pytest.fixture(autouse=True)
def still_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Time stands still, so no bucket refills while a test counts requests (one per 0.6 s
    at 100 a minute would otherwise let a slow run through)."""
    now = time.monotonic()
    monkeypatch.setattr(throttling, "clock", lambda: now)


def refused(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert int(response.headers["retry-after"]) >= 1


async def test_the_token_endpoint_is_limited_per_client_and_per_address(
    http: httpx.AsyncClient,
) -> None:
    issued = await partner_client(["projects:read"])
    other = await partner_client(["projects:read"])
    assert issued.secret is not None and other.secret is not None
    client_id = issued.client.client_id
    guesses = 20
    for _ in range(guesses):  # someone without the secret, naming the client
        assert (await token_response(http, client_id, "a-guess")).status_code == 401
    for _ in range(TOKENS_PER_CLIENT_PER_MINUTE):
        assert (await token_response(http, client_id, issued.secret)).status_code == 200
    tokens = await ApiAccessToken.all().count()
    over = await token_response(http, client_id, issued.secret)
    refused(over)
    assert over.json()["error"] == "temporarily_unavailable"
    assert await ApiAccessToken.all().count() == tokens
    assert await ApiTokenIssuance.all().count() == TOKENS_PER_CLIENT_PER_MINUTE
    # Another client is not held back by the first one's count ...
    assert (await token_response(http, other.client.client_id, other.secret)).status_code == 200
    # ... but one address gets so many requests a minute, whatever they are.
    used = guesses + TOKENS_PER_CLIENT_PER_MINUTE + 2
    for _ in range(LIMITS["/oauth/token"] - used):
        assert (await token_response(http, "rc_nobody", "x")).status_code == 401
    refused(await token_response(http, other.client.client_id, other.secret))
    assert await ApiAccessToken.all().count() == tokens + 1


@pytest.fixture
def issuer() -> Iterator[str]:
    key = RSAKey.generate_key(2048, parameters={"kid": "registry-1"})
    signing = RSAKey.generate_key(2048, parameters={"kid": "provider-1"})
    with running_provider(free_port(), key, signing) as url:
        oidc.configure(
            [OidcProvider(name="test", issuer=url, client_id="registry", label="National ID")],
            key=key,
            public_url="http://testserver",
        )
        yield url


async def test_anonymous_logins_store_a_bounded_number_of_states(
    issuer: str, http: httpx.AsyncClient
) -> None:
    assert (await http.get("/auth/oidc/test/login")).status_code == 303
    stale = await OidcState.get()
    stale.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    await stale.save()
    for _ in range(LIMITS["/auth/oidc/"] - 1):
        assert (await http.get("/auth/oidc/test/login")).status_code == 303
    # The expired state went at the next login; one row per live login.
    assert not await OidcState.filter(id=stale.id).exists()
    assert await OidcState.all().count() == LIMITS["/auth/oidc/"] - 1
    refused(await http.get("/auth/oidc/test/login"))
    assert await OidcState.all().count() == LIMITS["/auth/oidc/"] - 1
