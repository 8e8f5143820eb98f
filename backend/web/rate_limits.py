"""Per-caller request rates: each partner API client at its own limit per minute, anonymous
callers (the public transparency queries) per address, and the routes that start a sign-in
(the OAuth token endpoint, the OpenID login and callback, which store a state row) per address
whoever calls. Over the limit a request gets 429 with Retry-After and is not served.
Counted in this process with the registry's token buckets (services.throttling: N a minute is
a burst of N, then one every 60/N seconds); with several workers each counts its own share."""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from backend.services.throttling import Buckets, Rate
from backend.web.authentication import Caller

ANONYMOUS_PER_MINUTE = 300
# Per address, whoever calls: (path prefix, requests per minute).
# An office behind one address signs many people in at 9 a.m.: a sign-in is two requests.
SIGN_IN_LIMITS: tuple[tuple[str, int], ...] = (("/oauth/token", 60), ("/auth/oidc/", 120))


class PerMinute:
    """Buckets for limits of N a minute, one set per N (each partner client has its own)."""

    def __init__(self) -> None:
        self.by_limit: dict[int, Buckets] = {}

    def take(self, key: str, limit: int) -> int:
        """Count a request for key; 0 if allowed, else the seconds until one would be."""
        buckets = self.by_limit.get(limit)
        if buckets is None:
            buckets = self.by_limit[limit] = Buckets(Rate.per_minute(limit))
        return buckets.take(key)


class RateLimits:
    """ASGI middleware, inside the authentication middleware (it reads scope["user"])."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        anonymous_per_minute: int = ANONYMOUS_PER_MINUTE,
        anonymous_prefixes: tuple[str, ...] = ("/graphql",),
        address_limits: tuple[tuple[str, int], ...] = SIGN_IN_LIMITS,
    ) -> None:
        self.app, self.limits = app, PerMinute()
        self.address_limits = address_limits
        self.anonymous_per_minute, self.anonymous_prefixes = (
            anonymous_per_minute,
            anonymous_prefixes,
        )

    def _keys(self, scope: Scope) -> list[tuple[str, int]]:
        path, address = str(scope.get("path", "")), (scope.get("client") or ("unknown", 0))[0]
        keys = [
            (f"{prefix}|address:{address}", limit)
            for prefix, limit in self.address_limits
            if path.startswith(prefix)
        ]
        caller = self._key(scope)
        return keys + ([caller] if caller else [])

    def _key(self, scope: Scope) -> tuple[str, int] | None:
        user = scope.get("user")
        if isinstance(user, Caller):
            if user.rate_limit is None:  # people: their sign-in is throttled elsewhere
                return None
            return f"client:{user.principal.client_id}", user.rate_limit
        if not str(scope.get("path", "")).startswith(self.anonymous_prefixes):
            return None
        address = (scope.get("client") or ("unknown", 0))[0]
        return f"address:{address}", self.anonymous_per_minute

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        for key in self._keys(scope) if scope["type"] == "http" else []:
            seconds = self.limits.take(*key)
            if seconds:
                response = JSONResponse(
                    {
                        "error": "Too many requests; try again later.",
                        "code": "TOO_MANY_REQUESTS",
                        "retryAfter": seconds,
                    },
                    status_code=429,
                    headers={"Retry-After": str(seconds)},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
