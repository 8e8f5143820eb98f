"""Sign-in through a real OpenID provider on loopback that requires PKCE and private_key_jwt:
a full browserless code flow opens a session; a replayed state, a wrong nonce, a missing or
wrong PKCE verifier, a callback in another browser and an unverified e-mail are each refused
and open no session; a key rotation at the provider is followed without a restart."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from joserfc.jwk import RSAKey

from backend.models.enums import OrganisationType, Role
from backend.models.identity import OidcState, UserIdentity
from backend.models.ledger import LedgerEntry
from backend.models.user import Session, User
from backend.services import oidc
from backend.services.oidc import OidcProvider
from tests.factories import ledger_size, make_member
from tests.identity.oidc_provider import free_port, running_provider, sign_in_at_provider

REGISTRY_KEY = RSAKey.generate_key(2048, parameters={"kid": "registry-1"})


@pytest.fixture
def provider_port() -> int:
    return free_port()


@pytest.fixture
def issuer(provider_port: int) -> Iterator[str]:
    signing = RSAKey.generate_key(2048, parameters={"kid": "provider-1"})
    with running_provider(provider_port, REGISTRY_KEY, signing) as url:
        oidc.configure(
            [OidcProvider(name="test", issuer=url, client_id="registry", label="National ID")],
            key=REGISTRY_KEY,
            public_url="http://testserver",
        )
        yield url


async def start(http: httpx.AsyncClient) -> str:
    response = await http.get("/auth/oidc/test/login")
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    assert "httponly" in cookie.lower()
    return response.headers["location"]


async def invited() -> User:
    member = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    member.user.email = "ana@example.gov"
    member.user.password_hash = None  # invited: no password set yet
    await member.user.save()
    await Session.filter(user_id=member.user.id).delete()
    return member.user


async def test_a_full_code_flow_signs_an_invited_person_in(
    issuer: str, http: httpx.AsyncClient
) -> None:
    user = await invited()
    authorize = await start(http)
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and "nonce" in query
    back = await sign_in_at_provider(authorize)
    response = await http.get(back)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/"
    assert await Session.filter(user_id=user.id).count() == 1
    viewer = await http.post(
        "/graphql",
        json={"query": "{ viewer { email } }"},
        headers={"X-Requested-With": "carbon-registry-ui"},  # CSRF (tests/web/test_csrf.py)
    )
    assert viewer.json()["data"]["viewer"]["email"] == "ana@example.gov"
    identity = await UserIdentity.get(user_id=user.id)
    assert identity.issuer == issuer and identity.subject == "ana"
    assert await LedgerEntry.filter(type="user.identity_linked").count() == 1

    # The same state again (a replayed callback) is refused and opens nothing.
    size, sessions = await ledger_size(), await Session.all().count()
    state = parse_qs(urlsplit(back).query)["state"][0]
    replayed = await http.get(back, headers={"Cookie": f"registry_oidc_state={state}"})
    assert replayed.status_code == 401 and "already used" in replayed.json()["error"]
    assert await Session.all().count() == sessions and await ledger_size() == size

    # The second sign-in finds the link and adds no second one.
    again = await http.get(await sign_in_at_provider(await start(http)))
    assert again.status_code == 303
    assert await UserIdentity.all().count() == 1


@pytest.mark.parametrize("tamper", ["nonce", "verifier", "no verifier"])
async def test_a_wrong_nonce_or_pkce_verifier_is_refused(
    issuer: str, http: httpx.AsyncClient, tamper: str
) -> None:
    user = await invited()
    back = await sign_in_at_provider(await start(http))
    row = await OidcState.get()
    if tamper == "nonce":
        row.nonce = "another-sign-ins-nonce"
    else:
        row.code_verifier = "x" * 43 if tamper == "verifier" else ""
    await row.save()
    size = await ledger_size()
    response = await http.get(back)
    assert response.status_code == 401, response.text
    expected = "nonce" if tamper == "nonce" else "refused the code"
    assert expected in response.json()["error"]
    assert await Session.filter(user_id=user.id).count() == 0
    assert await UserIdentity.all().count() == 0 and await ledger_size() == size


async def test_a_callback_in_another_browser_is_refused(
    issuer: str, http: httpx.AsyncClient
) -> None:
    user = await invited()
    back = await sign_in_at_provider(await start(http))
    http.cookies.clear()  # another browser: no state cookie
    response = await http.get(back)
    assert response.status_code == 401
    assert await Session.filter(user_id=user.id).count() == 0


async def test_an_unverified_email_links_nobody(issuer: str, http: httpx.AsyncClient) -> None:
    user = await invited()
    response = await http.get(await sign_in_at_provider(await start(http), "unverified"))
    assert response.status_code == 401 and "verified e-mail" in response.json()["error"]
    assert await Session.filter(user_id=user.id).count() == 0
    assert await UserIdentity.all().count() == 0


async def test_the_provider_requires_pkce(issuer: str, http: httpx.AsyncClient) -> None:
    authorize = await start(http)
    parts = urlsplit(authorize)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.pop("code_challenge"), query.pop("code_challenge_method")
    async with httpx.AsyncClient() as browser:
        response = await browser.get(f"{issuer}/auth", params=query)
    text = response.headers.get("location", "") + response.text
    assert "error=invalid_request" in text and "PKCE" in text
    assert "code=" not in response.headers.get("location", "")


async def test_a_key_rotation_at_the_provider_is_followed_without_a_restart(
    provider_port: int, http: httpx.AsyncClient
) -> None:
    user = await invited()
    first = RSAKey.generate_key(2048, parameters={"kid": "provider-1"})
    with running_provider(provider_port, REGISTRY_KEY, first) as url:
        oidc.configure(
            [
                OidcProvider(
                    name="test",
                    issuer=url,
                    client_id="registry",
                    label="National ID",
                    jwks_refetch_seconds=1.0,
                )
            ],
            key=REGISTRY_KEY,
            public_url="http://testserver",
        )
        assert (await http.get(await sign_in_at_provider(await start(http)))).status_code == 303
    await asyncio.sleep(1.1)  # the registry fetches keys again at most once a second here
    rotated = RSAKey.generate_key(2048, parameters={"kid": "provider-2"})
    with running_provider(provider_port, REGISTRY_KEY, rotated):
        response = await http.get(await sign_in_at_provider(await start(http)))
        assert response.status_code == 303, response.text
    assert await Session.filter(user_id=user.id).count() == 2


async def test_sign_out_ends_the_session_and_offers_the_providers_logout(
    issuer: str, http: httpx.AsyncClient
) -> None:
    user = await invited()
    await http.get(await sign_in_at_provider(await start(http)))
    assert await Session.filter(user_id=user.id).count() == 1
    # The CSRF header: the session cookie signs this POST in (tests/web/test_csrf.py).
    response = await http.post(
        "/auth/oidc/test/logout", headers={"X-Requested-With": "carbon-registry-ui"}
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith(issuer)
    assert await Session.filter(user_id=user.id).count() == 0
    jwks = (await http.get("/.well-known/jwks.json")).json()
    assert jwks["keys"][0]["kid"] == "registry-1" and "d" not in jwks["keys"][0]


async def test_an_account_with_a_password_is_not_taken_over_by_e_mail(
    issuer: str, http: httpx.AsyncClient
) -> None:
    """Only an invitation (no password yet) is linked by a verified e-mail claim."""
    user = await invited()
    user.password_hash = "argon2id-hash-of-a-password-in-use"
    await user.save()
    size, sessions = await ledger_size(), await Session.all().count()
    response = await http.get(await sign_in_at_provider(await start(http)))
    assert response.status_code == 401, response.text
    assert "password" in response.json()["error"]
    assert await UserIdentity.all().count() == 0
    assert await Session.all().count() == sessions and await ledger_size() == size
