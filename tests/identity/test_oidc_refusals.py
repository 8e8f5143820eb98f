"""Each way an OpenID sign-in can be forged or stale, refused through the real code flow
against the real provider on loopback (tests/identity/provider): the provider is asked to
misbehave once on its token or userinfo answer (an ID token for another audience, expired,
with another nonce, signed by a key it does not publish; a signed userinfo changed after
signing), or the registry's side of the flow is broken (a replayed state, no PKCE verifier).
None of them opens a session: no session row, no session cookie, no link, no ledger entry."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from joserfc.jwk import RSAKey

from backend.models.enums import OrganisationType, Role
from backend.models.identity import OidcState, UserIdentity
from backend.models.user import Session, User
from backend.services import oidc
from backend.services.oidc import OidcProvider
from backend.web.authentication import SESSION_COOKIE
from tests.factories import ledger_size, make_member
from tests.identity.oidc_provider import (
    free_port,
    misbehave_once,
    running_provider,
    sign_in_at_provider,
)

REGISTRY_KEY = RSAKey.generate_key(2048, parameters={"kid": "registry-1"})


@pytest.fixture
def issuer() -> Iterator[str]:
    signing = RSAKey.generate_key(2048, parameters={"kid": "provider-1"})
    with running_provider(free_port(), REGISTRY_KEY, signing) as url:
        oidc.configure(
            [OidcProvider(name="test", issuer=url, client_id="registry", label="National ID")],
            key=REGISTRY_KEY,
            public_url="http://testserver",
        )
        yield url


async def invited() -> User:
    member = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    member.user.email = "ana@example.gov"
    member.user.password_hash = None
    await member.user.save()
    await Session.filter(user_id=member.user.id).delete()
    return member.user


async def start(http: httpx.AsyncClient) -> str:
    response = await http.get("/auth/oidc/test/login")
    assert response.status_code == 303
    return str(response.headers["location"])


def opened_no_session(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    cookies = response.headers.get_list("set-cookie")
    assert not any(c.startswith(f"{SESSION_COOKIE}=") for c in cookies), cookies


async def assert_nothing_opened(before: tuple[int, int, int]) -> None:
    after = (await Session.all().count(), await UserIdentity.all().count(), await ledger_size())
    assert after == before


async def counts() -> tuple[int, int, int]:
    return await Session.all().count(), await UserIdentity.all().count(), await ledger_size()


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("audience", "another audience"),
        ("expired", "expired"),
        ("nonce", "nonce"),
        ("unknown-key", "a key the provider does not publish"),
        ("userinfo", "signed userinfo is refused"),
    ],
)
async def test_a_forged_or_stale_answer_from_the_provider_opens_no_session(
    issuer: str, http: httpx.AsyncClient, mode: str, reason: str
) -> None:
    await invited()
    back = await sign_in_at_provider(await start(http))
    await misbehave_once(issuer, mode)
    before = await counts()
    response = await http.get(back)
    opened_no_session(response)
    assert reason in response.json()["error"], response.json()
    await assert_nothing_opened(before)
    # The same person signs in at once afterwards: what was refused was that answer only.
    again = await http.get(await sign_in_at_provider(await start(http)))
    assert again.status_code == 303, again.text
    assert await Session.all().count() == before[0] + 1


async def test_a_replayed_state_opens_no_session(issuer: str, http: httpx.AsyncClient) -> None:
    await invited()
    authorize = await start(http)
    back = await sign_in_at_provider(authorize)
    assert (await http.get(back)).status_code == 303
    state = parse_qs(urlsplit(back).query)["state"][0]
    before = await counts()
    # The attacker replays the whole callback, with the state cookie too.
    replayed = await http.get(back, headers={"Cookie": f"registry_oidc_state={state}"})
    opened_no_session(replayed)
    assert "already used" in replayed.json()["error"]
    await assert_nothing_opened(before)


async def test_a_missing_pkce_verifier_is_refused_by_the_provider(
    issuer: str, http: httpx.AsyncClient
) -> None:
    await invited()
    back = await sign_in_at_provider(await start(http))
    row = await OidcState.get()
    row.code_verifier = ""  # the registry then sends the code without its verifier
    await row.save()
    before = await counts()
    response = await http.get(back)
    opened_no_session(response)
    assert "refused the code" in response.json()["error"]
    await assert_nothing_opened(before)
