"""While the database is down or restarting, every route answers 503 with Retry-After, in the
route's own error shape, instead of a bare 500 page. GraphQL errors raised while resolving are
coded SERVICE_UNAVAILABLE by the schema's error handling; this catches the rest (the context's
authentication, the HTTP routes, /healthz). A value a model field refuses to store or compare
(a text longer than its column) is the caller's input: 400 BAD_USER_INPUT, not a 500."""

from __future__ import annotations

import logging

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.db import refused_value
from backend.outage import MESSAGE, RETRY_AFTER_SECONDS, is_outage

log = logging.getLogger(__name__)


def unavailable(path: str) -> JSONResponse:
    """The 503 answer for a request to path."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if path.rstrip("/") == "/graphql":
        body: object = {
            "errors": [{"message": MESSAGE, "extensions": {"code": "SERVICE_UNAVAILABLE"}}]
        }
    else:
        body = {"error": MESSAGE, "code": "SERVICE_UNAVAILABLE"}
    return JSONResponse(body, status_code=503, headers=headers)


class OutageAnswers:
    """ASGI middleware: an outage exception before the response started becomes a 503."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            refused = None if started else refused_value(exc)
            if refused is not None:  # e.g. a text longer than its column: the caller's input
                body = {"error": refused.message, "code": refused.code}
                await JSONResponse(body, status_code=400)(scope, receive, send)
                return
            if started or not is_outage(exc):
                raise
            log.warning("database unavailable: %s %s: %r", scope.get("method"), scope["path"], exc)
            await unavailable(scope["path"])(scope, receive, send)
