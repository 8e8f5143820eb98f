"""POST /graphql: Strawberry's ASGI view, answering every refusal as GraphQL-shaped JSON.

- A body that is not UTF-8, not JSON, or not a JSON object (`null`, a list): 400 BAD_USER_INPUT.
- GET without a query: a short page (or JSON) telling how to POST, or GraphiQL when debugging.
- A database outage while resolving: 503 SERVICE_UNAVAILABLE with Retry-After (the outage
  middleware answers the same for one while the context is built).
- Persisted queries (services.persisted_queries): the document of an
  extensions.persistedQuery.sha256Hash is looked up; a restricted API client's operation off
  its allow-list is 403 FORBIDDEN; an unknown hash is PERSISTED_QUERY_NOT_FOUND (HTTP 200, as
  Apollo's and urql's clients expect).
- Anonymous public reads (publicTotals, publicProjects, serialLookup) are answered from a cache
  kept until the ledger grows (backend/web/public_cache.py)."""

from __future__ import annotations

import json
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from backend.context import Context, get_context
from backend.errors import RegistryError
from backend.outage import RETRY_AFTER_SECONDS
from backend.services import persisted_queries
from backend.web import public_cache

HOW_TO = (
    'POST a JSON object {"query": ..., "variables": {...}} to /graphql with '
    "Content-Type: application/json. The schema is in schema.graphql in the repository, "
    "and introspection answers here."
)
HOW_TO_PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphQL API</title></head>
<body><h1>The registry's GraphQL API</h1><p>{HOW_TO.replace('"', "&quot;")}</p>
<pre>curl -X POST -H 'Content-Type: application/json' \\
  -d '{{"query": "{{ __typename }}"}}' http://this-host/graphql</pre></body></html>
"""


REFUSAL_STATUS = {"FORBIDDEN": 403, "PERSISTED_QUERY_NOT_FOUND": 200}


def graphql_error(message: str, code: str, status: int, **headers: str) -> JSONResponse:
    """A GraphQL-shaped error answer outside execution."""
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status, headers=headers or None)


def how_to_post(request: Request) -> Response:
    """What GET /graphql answers when GraphiQL is off: not a bare 404."""
    headers = {"Allow": "POST"}
    if "text/html" in request.headers.get("accept", ""):
        return HTMLResponse(HOW_TO_PAGE, status_code=405, headers=headers)
    return graphql_error(HOW_TO, "BAD_USER_INPUT", 405, **headers)


class RegistryGraphQL(GraphQL[Context, None]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per app: a test process builds one app per database.
        self.public_answers = public_cache.PublicAnswers()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request) and isinstance(response, Response)
        return await get_context(request, response)

    def encode_json(self, data: object) -> bytes:
        """The answer's JSON with orjson (several times faster than json.dumps on list pages);
        the standard encoder for anything orjson refuses (an integer beyond 64 bits)."""
        try:
            encoded: bytes = orjson.dumps(data)
            return encoded
        except TypeError:
            return json.dumps(data, separators=(",", ":")).encode()

    def decode_json(self, data: str | bytes) -> object:
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise HTTPException(400, f"The body is not UTF-8 (byte {exc.start}).") from None
        value = json.loads(data)
        if not isinstance(value, dict):
            raise HTTPException(400, 'The body must be a JSON object: {"query": "..."}.')
        return value

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        if request.method == "GET" and not self.graphql_ide:
            await how_to_post(request)(scope, receive, send)
            return
        try:
            response = await self.run(request)
        except HTTPException as exc:
            code = "BAD_USER_INPUT" if exc.status_code < 500 else "INTERNAL_SERVER_ERROR"
            response = graphql_error(exc.reason, code, exc.status_code)
        except RegistryError as exc:  # a persisted-query refusal, before execution
            response = graphql_error(exc.message, exc.code, REFUSAL_STATUS.get(exc.code, 400))
        await response(scope, receive, send)

    async def execute_single(  # noqa: PLR0917 - strawberry's signature
        self,
        request: Request,
        request_adapter: Any,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        request_data.query = await persisted_queries.operation_text(
            context.principal, request_data.query, request_data.extensions
        )

        def compute() -> Any:
            return super(RegistryGraphQL, self).execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )

        query, name = request_data.query, request_data.operation_name
        if (
            context.principal is None
            and isinstance(query, str)
            and public_cache.cacheable(query, name)
        ):
            language = request.headers.get("accept-language", "")
            key = public_cache.key_of(query, request_data.variables, name, language)
            if key is not None:
                return await self.public_answers.answer(key, compute)
        result: ExecutionResult = await compute()
        return result

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if _unavailable(response_data):
            response.status_code = 503
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def _unavailable(data: Any) -> bool:
    results = data if isinstance(data, list) else [data]
    return any(
        (error.get("extensions") or {}).get("code") == "SERVICE_UNAVAILABLE"
        for result in results
        for error in (result.get("errors") or [])
    )
