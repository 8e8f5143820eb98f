"""Who is calling: the one lookup from a bearer credential to a principal, for every route."""

from __future__ import annotations

from dataclasses import dataclass

from backend.policy import Principal
from backend.services import oauth_tokens, sessions


@dataclass(frozen=True)
class Authenticated:
    """A credential's principal, and for an API client its requests allowed per minute."""

    principal: Principal
    rate_limit_per_minute: int | None = None


async def authenticate(credential: str) -> Authenticated | None:
    """Who holds a session token or a partner access token, else None (unknown, expired,
    revoked, or its user, client or organisation may not act)."""
    if credential.startswith(oauth_tokens.ACCESS_TOKEN_PREFIX):
        found = await oauth_tokens.access_token_caller(credential)
        return None if found is None else Authenticated(*found)
    principal = await sessions.session_principal(credential)
    return None if principal is None else Authenticated(principal)
