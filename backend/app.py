"""The ASGI application: /graphql, /healthz, /ledger/*, /reports/*, and the web UI."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route

from backend import db, singleton
from backend.config import Settings
from backend.outage import is_outage
from backend.schema import build_schema, sdl
from backend.services import ledger, oidc, runtime
from backend.services.self_audit import HEALTH, SelfAudit
from backend.web import documents as document_routes
from backend.web import exports as export_routes
from backend.web import ledger as ledger_routes
from backend.web import letters as letter_routes
from backend.web import oauth as oauth_routes
from backend.web import oidc as oidc_routes
from backend.web import reports as report_routes
from backend.web.authentication import RegistryAuthentication, csrf_refused
from backend.web.graphql_view import RegistryGraphQL
from backend.web.limits import RequestLimits
from backend.web.outage import OutageAnswers
from backend.web.rate_limits import RateLimits
from backend.web.spa import SinglePageApp

log = logging.getLogger(__name__)
BUILT_UI = Path(__file__).resolve().parent.parent / "frontend" / "dist"
PLAIN_UI = Path(__file__).resolve().parent / "static"
CHECKPOINT_INTERVAL_SECONDS = 1.0
# The cyclic garbage collector's first threshold: container allocations between collections.
# Python's 700 ran 13 collections during one 50-project page (a quarter of its CPU, each
# scanning the modules and the schema again); at 50,000 it is under one a page, and what a
# request leaves behind is mostly freed by reference counting anyway (bench/profile_reads.py
# prints the collector's share).
COLLECTOR_THRESHOLD = 50_000
_settled = False


def settle_memory() -> None:
    """Once per process, when start-up is done: move what start-up made (modules, the schema,
    the ORM's models) out of the collector's sight with gc.freeze(), so collections only scan
    what requests made, and collect less often. Only once: a second freeze would also keep
    the garbage made since (a test process builds many apps) from ever being collected."""
    global _settled  # noqa: PLW0603 - one process-wide switch
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(COLLECTOR_THRESHOLD, middle, oldest)


async def healthz(request: Request) -> Response:
    """ok; degraded (200, with the problems) when the signer refused or the self-audit found a
    difference; unavailable (503) when the database does not answer."""
    try:
        await db.connection().execute_query("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means the database does not answer
        log.warning("health check: the database does not answer: %r", exc)
        return JSONResponse({"status": "unavailable"}, status_code=503)
    problems = [f"{source}: {p}" for source, found in HEALTH.problems.items() for p in found]
    if problems:
        return JSONResponse({"status": "degraded", "problems": problems})
    return JSONResponse({"status": "ok"})


async def graphql_sdl(request: Request) -> Response:
    """The schema in SDL, for partners' code generators (the same as schema.graphql)."""
    return PlainTextResponse(sdl(), headers={"Cache-Control": "public, max-age=300"})


async def checkpoint_loop(origin: str) -> None:
    """Sign a checkpoint at most once a second whenever the ledger has grown; a head that the
    stored nodes contradict is refused, logged as an error and reported by /healthz."""
    while True:
        try:
            await ledger.sign_checkpoint(runtime.current().signer, origin)
            HEALTH.report("signer", [])
        except ledger.TreeMismatch as exc:
            if not HEALTH.problems.get("signer"):
                log.error("the ledger signer refuses to sign: %s", exc)
            HEALTH.report("signer", [str(exc)])
        except Exception as exc:  # noqa: BLE001 - keep signing after a transient failure
            if is_outage(exc):
                log.warning("could not sign a ledger checkpoint: database unavailable: %r", exc)
            else:
                log.exception("could not sign a ledger checkpoint")
        await asyncio.sleep(CHECKPOINT_INTERVAL_SECONDS)


async def self_audit_loop(interval: float) -> None:
    """Replay new ledger entries and compare with the rows every interval seconds."""
    audit = SelfAudit()
    while True:
        await asyncio.sleep(interval)
        try:
            problems = await audit.run()
        except Exception as exc:  # noqa: BLE001 - keep auditing after a transient failure
            log.warning("the self-audit could not run: %r", exc)
            continue
        if problems and problems != HEALTH.problems.get("audit"):
            log.error("the self-audit found %d differences: %s", len(problems), "; ".join(problems))
        HEALTH.report("audit", problems)


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
        settle_memory()
        origin = current.country.ledger_origin
        tasks = [
            asyncio.create_task(
                singleton.once_per_installation(
                    settings.resolved_database_url,
                    "checkpoint-signer",
                    lambda: checkpoint_loop(origin),
                )
            )
        ]
        if settings.self_audit_seconds:
            seconds = settings.self_audit_seconds
            tasks.append(
                asyncio.create_task(
                    singleton.once_per_installation(
                        settings.resolved_database_url,
                        "self-audit",
                        lambda: self_audit_loop(seconds),
                    )
                )
            )
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
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
            *letter_routes.routes,
            *document_routes.routes,
            *export_routes.routes,
            Mount("/", SinglePageApp(directory=ui, html=True), name="ui"),
        ],
        lifespan=lifespan,
    )
    # Innermost first: rate limits read the caller that authentication found.
    app.add_middleware(RateLimits, anonymous_per_minute=settings.anonymous_requests_per_minute)
    app.add_middleware(
        AuthenticationMiddleware, backend=RegistryAuthentication(), on_error=csrf_refused
    )
    app.add_middleware(OutageAnswers)
    app.add_middleware(
        RequestLimits, max_bytes=settings.max_request_bytes, unbuffered_prefixes=("/documents",)
    )
    return app
