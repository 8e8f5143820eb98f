"""The ASGI application: /graphql, /healthz, /ledger/*, /reports/*, and the web UI."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from backend import db
from backend.config import Settings
from backend.context import Context, get_context
from backend.schema import build_schema, sdl
from backend.services import ledger, oidc, runtime
from backend.web import documents as document_routes
from backend.web import ledger as ledger_routes
from backend.web import oauth as oauth_routes
from backend.web import oidc as oidc_routes
from backend.web import reports as report_routes
from backend.web.authentication import RegistryAuthentication
from backend.web.limits import RequestLimits
from backend.web.rate_limits import RateLimits

log = logging.getLogger(__name__)
BUILT_UI = Path(__file__).resolve().parent.parent / "frontend" / "dist"
PLAIN_UI = Path(__file__).resolve().parent / "static"
CHECKPOINT_INTERVAL_SECONDS = 1.0


class SinglePageApp(StaticFiles):
    """Static files with a fallback to index.html for the client's own routes."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404:
                raise
            return FileResponse(Path(str(self.directory)) / "index.html")


class RegistryGraphQL(GraphQL[Context, None]):
    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request) and isinstance(response, Response)
        return await get_context(request, response)


async def healthz(request: Request) -> Response:
    try:
        await db.connection().execute_query("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means the database does not answer
        log.exception("health check: the database does not answer")
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


async def graphql_sdl(request: Request) -> Response:
    """The schema in SDL, for partners' code generators (the same as schema.graphql)."""
    return PlainTextResponse(sdl(), headers={"Cache-Control": "public, max-age=300"})


async def checkpoint_loop(origin: str) -> None:
    """Sign a checkpoint at most once a second whenever the ledger has grown."""
    while True:
        try:
            await ledger.sign_checkpoint(runtime.current().signer, origin)
        except Exception:  # noqa: BLE001 - keep signing after a transient failure
            log.exception("could not sign a ledger checkpoint")
        await asyncio.sleep(CHECKPOINT_INTERVAL_SECONDS)


def build_app(settings: Settings, *, apply_migrations: bool = True) -> Starlette:
    """The registry's ASGI app for these settings."""
    current = runtime.configure(settings)
    if settings.oidc_providers:
        oidc.configure(
            oidc.providers_from_json(settings.oidc_providers),
            key=oidc.load_or_create_key(settings.resolved_data_dir / "oidc_client_key.json"),
            public_url=settings.public_url,
        )
    schema = build_schema(
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_tokens=settings.max_tokens,
    )
    graphql = RegistryGraphQL(
        schema, graphql_ide="graphiql" if settings.debug else None, allow_queries_via_get=False
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if apply_migrations:
            await db.migrate(settings.resolved_database_url)
        await db.init_db(settings.resolved_database_url)
        signer = asyncio.create_task(checkpoint_loop(current.country.ledger_origin))
        try:
            yield
        finally:
            signer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await signer
            await db.close_db()

    ui = BUILT_UI if (BUILT_UI / "index.html").exists() else PLAIN_UI
    app = Starlette(
        debug=False,
        routes=[
            Route("/graphql/schema", graphql_sdl, methods=["GET"]),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            *oauth_routes.routes,
            *oidc_routes.routes,
            Route("/healthz", healthz),
            *ledger_routes.routes,
            *report_routes.routes,
            *document_routes.routes,
            Mount("/", SinglePageApp(directory=ui, html=True), name="ui"),
        ],
        lifespan=lifespan,
    )
    # Innermost first: rate limits read the caller that authentication found.
    app.add_middleware(RateLimits)
    app.add_middleware(AuthenticationMiddleware, backend=RegistryAuthentication())
    app.add_middleware(
        RequestLimits, max_bytes=settings.max_request_bytes, unbuffered_prefixes=("/documents",)
    )
    return app
