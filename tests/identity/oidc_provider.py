"""A real OpenID provider (npm oidc-provider, tests/identity/provider) started on loopback,
requiring PKCE S256 and private_key_jwt, and a browserless user agent that signs in there."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest
from joserfc.jwk import RSAKey

PROVIDER_DIR = Path(__file__).parent / "provider"
CALLBACK = "http://testserver/auth/oidc/test/callback"
ACCOUNTS = {
    "ana": {"email": "ana@example.gov", "email_verified": True, "name": "Ana"},
    "unverified": {"email": "ana@example.gov", "email_verified": False, "name": "Ana?"},
    # Nobody invited these: their organisation (by tax ID) and, for the second, roles.
    "newcomer": {
        "email": "newcomer@example.gov",
        "email_verified": True,
        "name": "Noa Newcomer",
        "organisation_tax_id": "SSO-ORG-1",
    },
    "mapped": {
        "email": "mapped@example.gov",
        "email_verified": True,
        "name": "Mo Mapped",
        "organisation_tax_id": "SSO-ORG-1",
        "registry_roles": ["registry-viewer", "registry-admin", "registry-root"],
    },
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def install() -> None:
    """npm ci of the committed lock file, once (make test does it too)."""
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is needed for the OpenID provider tests", pytrace=False)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True)


@contextmanager
def running_provider(port: int, registry_key: RSAKey, signing_key: RSAKey) -> Iterator[str]:
    """The provider, listening until the block ends; yields its issuer URL."""
    install()
    config = {
        "port": port,
        "client_id": "registry",
        "redirect_uri": CALLBACK,
        "post_logout_redirect_uri": "http://testserver/",
        "client_jwks": {"keys": [registry_key.as_dict(private=False)]},
        "signing_jwks": {"keys": [signing_key.as_dict(private=True)]},
        "signed_userinfo": True,
        "accounts": ACCOUNTS,
    }
    node = shutil.which("node")
    assert node is not None
    process = subprocess.Popen(
        [node, "provider.mjs", json.dumps(config)],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        seen = []
        for line in process.stdout:  # warnings first (a development adapter), then "ready"
            seen.append(line)
            if line.startswith("ready ") or len(seen) > 50:
                break
        if not seen or not seen[-1].startswith("ready "):
            pytest.fail(f"the OpenID provider did not start: {''.join(seen)}", pytrace=False)
        yield seen[-1].split(" ", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


async def sign_in_at_provider(authorize_url: str, account: str = "ana") -> str:
    """Play the browser at the provider: log in as account, consent; returns the redirect
    back to the registry (its callback URL with code and state)."""
    async with httpx.AsyncClient(timeout=10) as browser:
        url, method, form = authorize_url, "GET", None
        for _ in range(12):
            response = await browser.request(method, url, data=form)
            location = response.headers.get("location")
            if location is not None:
                target = urljoin(url, location)
                if target.startswith("http://testserver"):
                    return target
                url, method, form = target, "GET", None
                continue
            if response.status_code != 200 or "/interaction/" not in url:
                raise AssertionError(
                    f"the provider answered {response.status_code}: {response.text[:500]}"
                )
            prompt = "login" if 'name="login"' in response.text else "consent"
            form = {"prompt": prompt, "login": account, "password": "any"}
            method = "POST"
        raise AssertionError("the provider never redirected back")


async def misbehave_once(issuer: str, mode: str) -> None:
    """Make the provider's next token or userinfo answer misbehave (see provider.mjs)."""
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(f"{issuer}/__test/tamper", params={"mode": mode})
    assert response.status_code == 204, response.text


def account(name: str) -> dict[str, Any]:
    return ACCOUNTS[name]
