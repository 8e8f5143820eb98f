"""Who is calling: the one lookup from a bearer credential to a principal, for every route."""

from __future__ import annotations

from backend.policy import Principal
from backend.services import oauth_tokens, sessions


async def authenticate(credential: str) -> Principal | None:
    """The principal of a session token or a partner access token, else None (unknown,
    expired, revoked, or its user, client or organisation may not act)."""
    if credential.startswith(oauth_tokens.ACCESS_TOKEN_PREFIX):
        return await oauth_tokens.access_token_principal(credential)
    return await sessions.session_principal(credential)
