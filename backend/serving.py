"""`carbon-registry serve`: migrate once, then N uvicorn worker processes on one socket.

The parent process validates the settings, creates the installation's secrets (session secret,
ledger signing key) and applies the migrations, once; then uvicorn starts the workers, each
building the app from the same environment (app()) without migrating. Background work that must
run once per installation takes the installation lock (backend/singleton.py).
"""

from __future__ import annotations

import asyncio
import logging

from starlette.applications import Starlette

from backend import db
from backend.config import Settings
from backend.services import runtime

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def app() -> Starlette:
    """The app factory each worker calls (settings from the environment, as the parent's)."""
    from backend.app import build_app

    if not logging.getLogger().handlers:  # a spawned worker: log as the parent does
        logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    return build_app(Settings(), apply_migrations=False)


async def _migrate(url: str) -> None:
    await db.migrate(url)
    await db.close_db()


WORKER_HEALTHCHECK_SECONDS = 60


def serve(settings: Settings, *, host: str, port: int, workers: int, proxy_headers: bool) -> int:
    """Serve the registry with `workers` processes until interrupted."""
    import uvicorn

    if workers < 1:
        raise ValueError("--workers must be at least 1")
    runtime.configure(settings)  # creates missing secrets now, not in N racing workers
    asyncio.run(_migrate(settings.resolved_database_url))
    uvicorn.run(
        "backend.serving:app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=proxy_headers,
        # uvicorn kills a worker that does not answer its health ping within this many seconds
        # (default 5): on a loaded machine a starting worker (imports, schema) can take longer,
        # and the supervisor then killed and restarted workers forever (seen under test load).
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
    )
    return 0
