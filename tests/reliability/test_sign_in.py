"""Sign-in that cannot stall the server: argon2id off the event loop, bounded, and throttled
per account and per address without locking anyone out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher

from backend.models.user import Session, User
from backend.services import passwords, throttling
from tests.factories import PASSWORD, ledger_size, make_member

LOGIN = """mutation($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { token } }"""


@pytest.fixture(autouse=True)
def fresh_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(throttling, "sign_in_limits", throttling.SignInLimits())


@pytest.fixture
async def second_address(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A client calling from another address than the `http` fixture's 127.0.0.1."""
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(
        "/graphql", json={"query": LOGIN, "variables": {"email": email, "password": password}}
    )


def test_hashes_use_the_stated_argon2id_parameters() -> None:
    hashed = passwords.hash_password("a long enough password")
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.verify_password(hashed, "a long enough password") is True
    assert passwords.verify_password(hashed, "another password") is False
    assert passwords.verify_password(None, "a long enough password") is False
    assert passwords.needs_rehash(hashed) is False
    assert passwords.needs_rehash(PasswordHasher().hash("x")) is True


async def test_hashing_runs_off_the_event_loop() -> None:
    hashed = passwords.hash_password("some password")
    ticks, done = 0, False

    async def ticker() -> None:
        nonlocal ticks
        while not done:
            ticks += 1
            await asyncio.sleep(0.001)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    before = ticks
    results = await asyncio.gather(
        *(passwords.verify_password_async(hashed, "some password") for _ in range(4))
    )
    during = ticks - before
    done = True
    await task
    assert results == [True, True, True, True]
    # Four hashes take tens of milliseconds at least; on the loop the ticker could not run.
    assert during >= 10


async def test_a_saturated_hashing_pool_refuses_instead_of_queueing_without_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(passwords, "MAX_WAITING", 0)
    hashed = passwords.hash_password("some password")
    outcomes = await asyncio.gather(
        *(passwords.verify_password_async(hashed, "some password") for _ in range(3)),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, throttling.TooManyRequests)]
    assert len(refused) == 3 - passwords.HASH_THREADS
    assert all(o is True for o in outcomes if o not in refused)
    assert refused[0].retry_after == 1


def test_buckets_throttle_the_pair_the_address_and_unknown_addresses_of_an_account() -> None:
    limits = throttling.SignInLimits()
    for _ in range(throttling.PER_ACCOUNT_ADDRESS.burst):
        limits.check("a@x", "10.0.0.1", now=0.0)
        limits.failed("a@x", "10.0.0.1", now=0.0)
    with pytest.raises(throttling.TooManyRequests) as refused:
        limits.check("a@x", "10.0.0.1", now=0.0)
    assert refused.value.retry_after == 60
    assert refused.value.extensions == {"code": "TOO_MANY_REQUESTS", "retryAfter": 60}
    limits.check("a@x", "10.0.0.1", now=60.0)  # one token back after a minute
    limits.check("a@x", "10.0.0.2", now=0.0)  # another address is not held back
    limits.succeeded("a@x", "10.0.0.9", now=0.0)
    # Spread over many addresses, the account's own bucket runs dry ...
    for n in range(throttling.PER_ACCOUNT.burst):
        limits.failed("a@x", f"192.0.2.{n}", now=1.0)
    with pytest.raises(throttling.TooManyRequests):
        limits.check("a@x", "198.51.100.1", now=1.0)
    # ... but the owner, from an address that signed in before, still gets in.
    limits.check("a@x", "10.0.0.9", now=1.0)
    # Spraying many accounts from one address empties that address's bucket.
    for n in range(throttling.PER_ADDRESS.burst):
        limits.failed(f"user{n}@x", "198.51.100.2", now=2.0)
    with pytest.raises(throttling.TooManyRequests) as sprayed:
        limits.check("someone-else@x", "198.51.100.2", now=2.0)
    assert sprayed.value.retry_after == 6


async def test_repeated_failures_answer_429_with_retry_after_but_lock_nobody_out(
    http: httpx.AsyncClient, second_address: httpx.AsyncClient
) -> None:
    member = await make_member()
    email = member.user.email
    for _ in range(throttling.PER_ACCOUNT_ADDRESS.burst):
        wrong = await login(http, email, "not the password at all")
        assert wrong.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    sessions, size = await Session.filter(user_id=member.user.id).count(), await ledger_size()
    throttled = await login(http, email, PASSWORD)
    assert throttled.status_code == 429
    assert throttled.headers["retry-after"] == "60"
    error = throttled.json()["errors"][0]
    assert error["extensions"] == {"code": "TOO_MANY_REQUESTS", "retryAfter": 60}
    assert error["message"] == "Too many failed sign-ins; try again in 60 seconds."
    assert throttled.json()["data"] is None
    assert "set-cookie" not in throttled.headers
    assert await Session.filter(user_id=member.user.id).count() == sessions
    assert await ledger_size() == size
    # The attacker's failures did not lock the owner out: from their own address they sign in.
    owner = await login(second_address, email, PASSWORD)
    assert owner.status_code == 200
    assert owner.json()["data"]["login"]["token"]
    assert await Session.filter(user_id=member.user.id).count() == sessions + 1


async def test_unknown_emails_are_throttled_like_known_ones(http: httpx.AsyncClient) -> None:
    for _ in range(throttling.PER_ACCOUNT_ADDRESS.burst):
        await login(http, "nobody@example.org", "not the password at all")
    throttled = await login(http, "nobody@example.org", "not the password at all")
    assert throttled.status_code == 429
    assert throttled.json()["errors"][0]["extensions"]["code"] == "TOO_MANY_REQUESTS"


async def test_an_old_parameter_hash_is_upgraded_at_sign_in(http: httpx.AsyncClient) -> None:
    member = await make_member()
    await User.filter(id=member.user.id).update(password_hash=PasswordHasher().hash(PASSWORD))
    signed_in = await login(http, member.user.email, PASSWORD)
    assert signed_in.json()["data"]["login"]["token"]
    stored = (await User.get(id=member.user.id)).password_hash
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.verify_password(stored, PASSWORD)
