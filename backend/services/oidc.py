"""Sign-in with OpenID Connect providers from configuration (a national ID platform such as
MOSIP eSignet, a government Keycloak): the authorization code flow with PKCE (S256), the
registry authenticating to the provider with private_key_jwt (its own key, public JWKS served)
or client_secret_basic, the ID token validated in full (services.oidc_tokens), userinfo as a
signed JWT or JSON. A person is the pair (issuer, subject); the first sign-in links it to the
invited user with the same verified e-mail. State and nonce are single-use and short-lived."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from joserfc import jwt
from joserfc.jwk import RSAKey

from backend.db import transaction
from backend.errors import NotFound, Unauthenticated
from backend.models.enums import Role
from backend.models.identity import OidcState
from backend.services import oidc_accounts, runtime, sessions
from backend.services.auth import SignIn
from backend.services.oidc_accounts import AwaitsApproval, OidcProvider
from backend.services.oidc_tokens import (
    Expected,
    ProviderKeys,
    loads_json,
    validate_id_token,
    validate_signed_userinfo,
)

STATE_SECONDS = 10 * 60
MAPPABLE_ROLES = tuple(r.value for r in Role if r is not Role.ROOT)
HTTP_SECONDS = 10.0


@dataclass
class _Configured:
    providers: dict[str, OidcProvider]
    key: RSAKey
    public_url: str | None  # None: the runtime's (REGISTRY_PUBLIC_URL or the served address)
    metadata: dict[str, dict[str, Any]] = field(default_factory=dict)
    keys: dict[str, ProviderKeys] = field(default_factory=dict)


_current: _Configured | None = None


def load_or_create_key(path: Path) -> RSAKey:
    """The registry's own client-authentication key (RS256), made on first use: created 0600
    and atomically (O_EXCL), so workers starting together all end up with the same key."""
    if not path.exists():
        key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8), "use": "sig"})
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another worker made it first: use theirs
        else:
            with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                out.write(json.dumps(key.as_dict(private=True)))
    for _ in range(50):  # another worker may be writing it right now
        text = path.read_text(encoding="utf-8")
        if text:
            return RSAKey.import_key(json.loads(text))
        time.sleep(0.1)
    raise ValueError(f"{path} is empty")


def providers_from_json(text: str) -> list[OidcProvider]:
    """Providers from REGISTRY_OIDC_PROVIDERS: a JSON list of objects with OidcProvider's
    fields. Raises ValueError naming what is wrong."""
    try:
        items = json.loads(text)
        assert isinstance(items, list)
        made = [
            OidcProvider(
                **{
                    **item,
                    "scopes": tuple(item.get("scopes", ("openid", "email"))),
                    "role_map": tuple(dict(item.get("role_map", {})).items()),
                }
            )
            for item in items
        ]
    except (ValueError, TypeError, AssertionError, AttributeError) as exc:
        raise ValueError(f"invalid REGISTRY_OIDC_PROVIDERS: {exc}") from exc
    for provider in made:
        if provider.auth_method not in ("private_key_jwt", "client_secret_basic"):
            raise ValueError(f"provider {provider.name}: unknown auth_method.")
        if "openid" not in provider.scopes:
            raise ValueError(f"provider {provider.name}: scopes must include openid.")
        for value, role in provider.role_map:
            if role not in MAPPABLE_ROLES:
                raise ValueError(
                    f"provider {provider.name}: role_map {value!r} must give ADMIN, MANAGER"
                    " or VIEWER (never ROOT)."
                )
    return made


def configure(providers: list[OidcProvider], *, key: RSAKey, public_url: str | None = None) -> None:
    """Set the providers and the registry's key (at start; tests call it too)."""
    global _current
    _current = _Configured(
        {p.name: p for p in providers}, key, public_url.rstrip("/") if public_url else None
    )


def _config() -> _Configured:
    if _current is None:
        raise NotFound("sign-in with an identity provider is not configured.")
    return _current


def providers() -> list[OidcProvider]:
    """The configured providers, for the sign-in page's buttons."""
    return [] if _current is None else list(_current.providers.values())


def public_jwks() -> dict[str, Any]:
    """The registry's public key set, which providers use to check its private_key_jwt."""
    if _current is None:
        return {"keys": []}
    public = _current.key.as_dict(private=False)
    return {"keys": [{**public, "alg": "RS256", "use": "sig"}]}


def redirect_uri(name: str) -> str:
    base = _config().public_url or runtime.current().public_url
    return f"{base}/auth/oidc/{name}/callback"


async def _get_json(url: str) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=HTTP_SECONDS) as client:
        response = await client.get(url, headers={"Accept": "application/json"})
    if response.status_code != 200:
        raise Unauthenticated(f"the identity provider answered {response.status_code}.")
    return loads_json(response.content)


async def _provider(name: str) -> tuple[OidcProvider, dict[str, Any], ProviderKeys]:
    config = _config()
    provider = config.providers.get(name)
    if provider is None:
        raise NotFound(f"no identity provider {name!r}.")
    if name not in config.metadata:
        metadata = await _get_json(
            provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
        )
        if metadata.get("issuer") != provider.issuer:
            raise Unauthenticated("the provider's metadata names another issuer.")
        config.metadata[name] = metadata
        config.keys[name] = ProviderKeys(
            str(metadata["jwks_uri"]), _get_json, refetch_seconds=provider.jwks_refetch_seconds
        )
    return provider, config.metadata[name], config.keys[name]


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def begin(name: str) -> tuple[str, str]:
    """Start a sign-in: (the provider's authorization URL, the state for the cookie)."""
    provider, metadata, _ = await _provider(name)
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    await OidcState.filter(expires_at__lte=datetime.now(UTC)).delete()
    await OidcState.create(
        state_hash=sessions.digest(state),
        provider=name,
        nonce=nonce,
        code_verifier=verifier,
        expires_at=datetime.now(UTC) + timedelta(seconds=STATE_SECONDS),
    )
    query = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri(name),
        "scope": " ".join(provider.scopes),
        "state": state,
        "nonce": nonce,
        "code_challenge": _challenge(verifier),
        "code_challenge_method": "S256",
    }
    return f"{metadata['authorization_endpoint']}?{urlencode(query)}", state


def _client_auth(provider: OidcProvider, token_endpoint: str) -> tuple[dict[str, str], Any]:
    if provider.auth_method == "client_secret_basic":
        return {}, (provider.client_id, provider.client_secret or "")
    config, now = _config(), int(time.time())
    claims = {
        "iss": provider.client_id,
        "sub": provider.client_id,
        "aud": token_endpoint,
        "iat": now,
        "exp": now + 60,
        "jti": secrets.token_urlsafe(16),
    }
    assertion = jwt.encode({"alg": "RS256", "kid": config.key.kid}, claims, config.key)
    return {
        "client_id": provider.client_id,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
    }, None


async def _consume_state(name: str, state: str, cookie_state: str | None) -> OidcState:
    if not cookie_state or not hmac.compare_digest(cookie_state, state):
        raise Unauthenticated("this sign-in was not started in this browser.")
    async with transaction() as connection:
        row = (
            await OidcState.filter(state_hash=sessions.digest(state), provider=name)
            .using_db(connection)
            .select_for_update()
            .first()
        )
        if row is None:
            raise Unauthenticated("this sign-in is unknown or was already used; start again.")
        await OidcState.filter(id=row.id).using_db(connection).delete()
    if row.expires_at <= datetime.now(UTC):
        raise Unauthenticated("this sign-in took too long; start again.")
    return row


async def _tokens(
    provider: OidcProvider, metadata: dict[str, Any], code: str, row: OidcState
) -> dict[str, Any]:
    endpoint = str(metadata["token_endpoint"])
    form, basic = _client_auth(provider, endpoint)
    form.update(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri(row.provider),
            "code_verifier": row.code_verifier,
        }
    )
    async with httpx.AsyncClient(timeout=HTTP_SECONDS) as client:
        response = await client.post(endpoint, data=form, auth=basic)
    answer = loads_json(response.content)
    if response.status_code != 200 or not isinstance(answer.get("id_token"), str):
        raise Unauthenticated(
            f"the provider refused the code: {answer.get('error', 'no id_token')}."
        )
    return answer


async def _userinfo(
    metadata: dict[str, Any], keys: ProviderKeys, expected: Expected, access: str, subject: str
) -> dict[str, Any]:
    if "userinfo_endpoint" not in metadata:
        return {}
    async with httpx.AsyncClient(timeout=HTTP_SECONDS) as client:
        response = await client.get(
            str(metadata["userinfo_endpoint"]), headers={"Authorization": f"Bearer {access}"}
        )
    if response.status_code != 200:
        raise Unauthenticated("the provider's userinfo refused the access token.")
    if response.headers.get("content-type", "").startswith("application/jwt"):
        return await validate_signed_userinfo(response.text.strip(), keys, expected, subject)
    claims = loads_json(response.content)
    if claims.get("sub") != subject:
        raise Unauthenticated("the userinfo is about someone else.")
    return claims


async def finish(
    name: str, *, code: str, state: str, cookie_state: str | None
) -> SignIn | AwaitsApproval:
    """Finish a sign-in from the provider's redirect and open a session (or, for a person
    nobody invited, record them PENDING). Raises Unauthenticated for anything amiss (nothing
    is opened then), NotFound for no provider."""
    provider, metadata, keys = await _provider(name)
    row = await _consume_state(name, state, cookie_state)
    answer = await _tokens(provider, metadata, code, row)
    access = answer.get("access_token")
    expected = Expected(
        provider.issuer, provider.client_id, row.nonce, access if isinstance(access, str) else None
    )
    claims = await validate_id_token(answer["id_token"], keys, expected)
    if isinstance(access, str):
        claims = {**claims, **await _userinfo(metadata, keys, expected, access, claims["sub"])}
    return await oidc_accounts.link_and_open(provider, str(claims["sub"]), claims)


async def logout_url(name: str, post_logout: str) -> str | None:
    """The provider's RP-initiated logout URL when it offers one, else None."""
    provider, metadata, _ = await _provider(name)
    endpoint = metadata.get("end_session_endpoint")
    if not isinstance(endpoint, str):
        return None
    query = {"client_id": provider.client_id, "post_logout_redirect_uri": post_logout}
    return f"{endpoint}?{urlencode(query)}"
