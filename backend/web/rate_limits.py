"""Per-caller request rates: each partner API client at its own limit per minute, anonymous
callers (the public transparency queries) per address, and the routes that start a sign-in
(the OAuth token endpoint, the OpenID login and callback, which store a state row) per address
whoever calls. Over the limit a request gets 429 with Retry-After and is not served.
Counted in this process (a sliding one-minute window); with several workers each counts its
own share."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from backend.web.authentication import Caller

WINDOW_SECONDS = 60.0
ANONYMOUS_PER_MINUTE = 300
# Per address, whoever calls: (path prefix, requests per minute).
# An office behind one address signs many people in at 9 a.m.: a sign-in is two requests.
SIGN_IN_LIMITS: tuple[tuple[str, int], ...] = (("/oauth/token", 60), ("/auth/oidc/", 120))
MAX_TRACKED = 100_000


class SlidingWindow:
    """Request times per key within the last window; says how long to wait when full."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.seen: dict[str, deque[float]] = {}

    def hit(self, key: str, limit: int) -> float:
        """Count a request for key; 0 if allowed, else the seconds until one would be."""
        now = self.clock()
        times = self.seen.setdefault(key, deque())
        while times and times[0] <= now - WINDOW_SECONDS:
            times.popleft()
        if len(times) >= limit:
            return times[0] + WINDOW_SECONDS - now
        if len(self.seen) > MAX_TRACKED:  # forget idle keys rather than grow without bound
            self.seen = {k: v for k, v in self.seen.items() if v and v[-1] > now - WINDOW_SECONDS}
            times = self.seen.setdefault(key, times)
        times.append(now)
        return 0.0


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
        self.app, self.window = app, SlidingWindow()
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
            wait = self.window.hit(*key)
            if wait > 0:
                seconds = max(1, math.ceil(wait))
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
