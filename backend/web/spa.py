"""The web UI's files, with index.html for the client's own routes and nothing else.

Only a page navigation falls back to index.html: GET or HEAD, asking for HTML, a last path
segment without a file extension, and not under a path the server itself owns. A missing
`/assets/x.js`, an unknown `/ledger/...` or `/reports/...` path stays a 404."""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

SERVER_PATHS = (
    "assets",
    "ledger",
    "reports",
    "documents",
    "exports",
    "graphql",
    "oauth",
    "healthz",
)


def is_page_navigation(scope: Scope) -> bool:
    """Whether a request that matched no file is a browser opening one of the UI's pages."""
    if scope.get("method") not in ("GET", "HEAD"):
        return False
    if "text/html" not in Headers(scope=scope).get("accept", ""):
        return False
    segments = [s for s in str(scope.get("path", "/")).split("/") if s]
    if segments and segments[0] in SERVER_PATHS:
        return False
    return not (segments and "." in segments[-1])


class SinglePageApp(StaticFiles):
    """Static files with a fallback to index.html for page navigations only."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or not is_page_navigation(scope):
                raise
            return FileResponse(Path(str(self.directory)) / "index.html")
