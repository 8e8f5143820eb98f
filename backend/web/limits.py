"""Request-size limit and request IDs, as plain ASGI middleware."""

from __future__ import annotations

import json
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.request_id import current_request_id
from backend.served_url import current_base_url
from backend.web.served_address import served_base_url


class RequestLimits:
    """Refuse bodies over max_bytes with 413 and a GraphQL-shaped error; tag each request
    with an ID (the ledger's request_id and the X-Request-ID header) and note the address it
    was served at (backend.served_url, for links when no public URL is configured).

    Requests under `unbuffered_prefixes` (document uploads) pass through unbuffered and
    unlimited here: their route streams the body and enforces its own limit while it does."""

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, unbuffered_prefixes: tuple[str, ...] = ()
    ) -> None:
        self.app, self.max_bytes = app, max_bytes
        self.unbuffered_prefixes = tuple(p.rstrip("/") for p in unbuffered_prefixes)

    def _unbuffered(self, path: str) -> bool:
        return any(path == p or path.startswith(p + "/") for p in self.unbuffered_prefixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        token = current_request_id.set(request_id)
        served = current_base_url.set(served_base_url(scope))
        try:
            await self._limited(scope, receive, send, request_id)
        finally:
            current_base_url.reset(served)
            current_request_id.reset(token)

    async def _limited(self, scope: Scope, receive: Receive, send: Send, request_id: str) -> None:
        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        if self._unbuffered(scope.get("path", "")):
            await self.app(scope, receive, tagged)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(send)
            return
        body, more = [], True
        size = 0
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(send)
                return
            body.append(chunk)
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, tagged)

    async def _too_large(self, send: Send) -> None:
        payload = json.dumps(
            {
                "errors": [
                    {
                        "message": f"The request is larger than {self.max_bytes} bytes.",
                        "extensions": {"code": "BAD_USER_INPUT"},
                    }
                ]
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
