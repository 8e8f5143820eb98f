"""Links in e-mails (issue 14 item 21): they point at the UI's pages /invitation/<token> and
/reset-password/<token>, at REGISTRY_PUBLIC_URL when it is configured, else at the address the
request was served at, believing a Host header only when it names this machine."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.config import Settings
from backend.models.enums import OrganisationType, Role
from backend.services import runtime
from backend.web.served_address import served_base_url
from tests.factories import make_member

CREATE_USER = """mutation($org: ID!, $email: String!) { createUser(input: {organisationId: $org,
  email: $email, name: "New User", role: MANAGER}) { ledgerSeq } }"""
RESET = "mutation($e: String!) { requestPasswordReset(email: $e) }"


def latest_mail(outbox: Path) -> str:
    newest = sorted(outbox.iterdir())[-1]
    message = email.message_from_bytes(newest.read_bytes(), policy=email.policy.default)
    return str(message.get_body().get_content())  # type: ignore[union-attr]


@pytest.fixture
def unconfigured() -> Iterator[None]:
    """REGISTRY_PUBLIC_URL not set, for one test."""
    current = runtime.current()
    runtime._runtime = dataclasses.replace(current, configured_public_url=None)
    try:
        yield
    finally:
        runtime._runtime = current


async def post(app: Any, base: str, query: str, token: str | None = None, **variables: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=base) as client:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
    return response.json()


async def test_links_follow_the_served_address_and_name_the_ui_pages(
    app: Any, settings: Settings, unconfigured: None
) -> None:
    admin = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    org = str(admin.organisation.id)
    result = await post(app, "http://localhost:8123", CREATE_USER, admin.token, org=org,
                        email="invited@example.org")  # fmt: skip
    assert "errors" not in result, result
    text = latest_mail(settings.outbox_dir)
    assert re.search(r"http://localhost:8123/invitation/[A-Za-z0-9_\-]{20,}\s", text), text
    assert "8000" not in text and "token=" not in text
    assert "errors" not in await post(app, "http://127.0.0.1:9444", RESET, e=admin.user.email)
    text = latest_mail(settings.outbox_dir)
    assert re.search(r"http://127\.0\.0\.1:9444/reset-password/[A-Za-z0-9_\-]{20,}\s", text)


async def test_a_configured_public_url_wins(app: Any, settings: Settings) -> None:
    admin = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    assert "errors" not in await post(app, "http://localhost:8123", RESET, e=admin.user.email)
    text = latest_mail(settings.outbox_dir)
    assert "http://testserver/reset-password/" in text and "8123" not in text


def scope(host: str | None, server: tuple[str, int], scheme: str = "http") -> dict[str, Any]:
    headers = [(b"host", host.encode())] if host is not None else []
    return {"type": "http", "scheme": scheme, "server": server, "headers": headers}


@pytest.mark.parametrize(
    ("host", "server", "expected"),
    [
        ("localhost:8123", ("127.0.0.1", 8123), "http://localhost:8123"),
        ("127.0.0.1:8123", ("127.0.0.1", 8123), "http://127.0.0.1:8123"),
        ("[::1]:8123", ("::1", 8123), "http://[::1]:8123"),
        ("10.0.0.5:8000", ("10.0.0.5", 8000), "http://10.0.0.5:8000"),
        # A Host header naming another machine is not believed: a reset link must not carry
        # its token to whoever the requester names.
        ("evil.example", ("10.0.0.5", 8000), "http://10.0.0.5:8000"),
        ("evil.example:8000", ("127.0.0.1", 8000), "http://127.0.0.1:8000"),
        ("localhost:99999", ("127.0.0.1", 8000), "http://127.0.0.1:8000"),
        (None, ("127.0.0.1", 8000), "http://127.0.0.1:8000"),
        (None, ("192.0.2.1", 443), "https://192.0.2.1"),
    ],
)
def test_which_host_is_believed(host: str | None, server: tuple[str, int], expected: str) -> None:
    scheme = "https" if server[1] == 443 else "http"
    assert served_base_url(scope(host, server, scheme)) == expected
