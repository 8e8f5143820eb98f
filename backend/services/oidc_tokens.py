"""OpenID Connect ID-token validation for sign-in with a national identity provider (OpenID
Connect Core §3.1.3.7): the signature by the provider's JWKS, fetched once and fetched again
only when a token names a key ID it does not know (key rotation, at most once per
REFETCH_SECONDS), then iss, aud, azp, exp and iat with a small leeway, nonce and at_hash.
Every failure raises Unauthenticated with the reason; nothing is opened before this passes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import extract_compact

from backend.errors import Unauthenticated

LEEWAY_SECONDS = 60
MAX_AGE_SECONDS = 10 * 60
REFETCH_SECONDS = 30.0
ALGORITHMS = ("RS256", "PS256", "ES256", "RS384", "PS384", "ES384", "RS512", "PS512", "EdDSA")
_HASHES = {"256": hashlib.sha256, "384": hashlib.sha384, "512": hashlib.sha512}

FetchJson = Callable[[str], Awaitable[dict[str, Any]]]


@dataclass
class ProviderKeys:
    """A provider's signing keys, cached; refetched on an unknown `kid`, rate-limited."""

    jwks_uri: str
    fetch: FetchJson
    refetch_seconds: float = REFETCH_SECONDS
    clock: Callable[[], float] = time.monotonic
    keys: KeySet | None = None
    fetched_at: float = field(default=-1e18)
    fetches: int = 0

    async def _refresh(self) -> None:
        document = await self.fetch(self.jwks_uri)
        self.keys = KeySet.import_key_set(cast(Any, document))
        self.fetched_at, self.fetches = self.clock(), self.fetches + 1

    def _has(self, kid: str | None) -> bool:
        return self.keys is not None and any(k.kid == kid for k in self.keys.keys)

    async def key_set_for(self, kid: str | None) -> KeySet:
        """The key set holding kid. Raises Unauthenticated when even a fresh fetch lacks it."""
        if not self._has(kid) and self.clock() - self.fetched_at >= self.refetch_seconds:
            try:
                await self._refresh()
            except Exception as exc:  # noqa: BLE001 - any fetch failure refuses the sign-in
                raise Unauthenticated(f"the provider's keys could not be fetched: {exc}") from None
        if not self._has(kid):
            raise Unauthenticated("the ID token is signed by a key the provider does not publish.")
        assert self.keys is not None
        return self.keys


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token_hash(value: str, algorithm: str) -> str:
    """at_hash / c_hash: the left half of the hash the signing algorithm names (Core §3.1.3.6)."""
    digest = _HASHES.get(algorithm[-3:], hashlib.sha256)(value.encode()).digest()
    return _b64(digest[: len(digest) // 2])


@dataclass(frozen=True)
class Expected:
    """What an ID token must say for this sign-in."""

    issuer: str
    client_id: str
    nonce: str
    access_token: str | None = None


def _header(token: str) -> dict[str, Any]:
    try:
        return dict(extract_compact(token.encode()).protected)
    except (JoseError, ValueError, TypeError):
        raise Unauthenticated("the ID token is not a signed JWT.") from None


async def validate_id_token(
    token: str, keys: ProviderKeys, expected: Expected, *, now: float | None = None
) -> dict[str, Any]:
    """The ID token's claims once everything checks out. Raises Unauthenticated."""
    header = _header(token)
    algorithm = str(header.get("alg", ""))
    if algorithm not in ALGORITHMS:
        raise Unauthenticated(f"the ID token's algorithm {algorithm!r} is not accepted.")
    key_set = await keys.key_set_for(header.get("kid"))
    try:
        claims = jwt.decode(token, key_set, algorithms=[algorithm]).claims
    except (JoseError, ValueError) as exc:
        raise Unauthenticated(f"the ID token's signature is refused: {exc}") from None
    _check_claims(claims, expected, algorithm, time.time() if now is None else now)
    return dict(claims)


def _check_claims(claims: dict[str, Any], expected: Expected, algorithm: str, now: float) -> None:
    if claims.get("iss") != expected.issuer:
        raise Unauthenticated("the ID token is from another issuer.")
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if expected.client_id not in audiences:
        raise Unauthenticated("the ID token is for another audience.")
    if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != expected.client_id:
        raise Unauthenticated("the ID token's authorized party is another client.")
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, int | float) or not isinstance(iat, int | float):
        raise Unauthenticated("the ID token lacks exp or iat.")
    if exp + LEEWAY_SECONDS < now:
        raise Unauthenticated("the ID token has expired.")
    if iat - LEEWAY_SECONDS > now or iat + MAX_AGE_SECONDS < now:
        raise Unauthenticated("the ID token was not issued just now.")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise Unauthenticated("the ID token has no subject.")
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not hmac.compare_digest(nonce, expected.nonce):
        raise Unauthenticated("the ID token's nonce is not this sign-in's.")
    if "at_hash" in claims and expected.access_token is not None:
        if claims["at_hash"] != token_hash(expected.access_token, algorithm):
            raise Unauthenticated("the ID token's at_hash does not match the access token.")


async def validate_signed_userinfo(
    token: str, keys: ProviderKeys, expected: Expected, subject: str
) -> dict[str, Any]:
    """Claims of a userinfo answer sent as a signed JWT (as eSignet does): the provider's
    signature, and the ID token's subject. Raises Unauthenticated."""
    header = _header(token)
    algorithm = str(header.get("alg", ""))
    if algorithm not in ALGORITHMS:
        raise Unauthenticated(f"the userinfo algorithm {algorithm!r} is not accepted.")
    key_set = await keys.key_set_for(header.get("kid"))
    try:
        claims = dict(jwt.decode(token, key_set, algorithms=[algorithm]).claims)
    except (JoseError, ValueError) as exc:
        raise Unauthenticated(f"the signed userinfo is refused: {exc}") from None
    if claims.get("sub") != subject:
        raise Unauthenticated("the userinfo is about someone else.")
    if "iss" in claims and claims["iss"] != expected.issuer:
        raise Unauthenticated("the userinfo is from another issuer.")
    if "aud" in claims:
        audience = claims["aud"]
        if expected.client_id not in (audience if isinstance(audience, list) else [audience]):
            raise Unauthenticated("the userinfo is for another client.")
    return claims


def loads_json(content: bytes) -> dict[str, Any]:
    """A JSON object from a provider's answer. Raises Unauthenticated for anything else."""
    try:
        value = json.loads(content)
    except ValueError:
        raise Unauthenticated("the provider answered something that is not JSON.") from None
    if not isinstance(value, dict):
        raise Unauthenticated("the provider answered JSON that is not an object.")
    return value
