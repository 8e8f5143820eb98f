"""Every list screen as a file, exactly as the GraphQL list gives it:

    GET /exports/<list>.<csv|xlsx>?<the list's GraphQL arguments>&columns=a,b&labels=["A","B"]
    GET /exports                     the lists, their arguments and column keys (JSON)

Signed in as for GraphQL (bearer token or session cookie). Every check happens before the first
byte (errors are JSON `{error, code}` with 400/401/403/404); then the file streams page by page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from backend.errors import BadUserInput, RegistryError
from backend.services import exports
from backend.web.authentication import principal_of
from backend.web.documents import content_disposition

STATUS = {"BAD_USER_INPUT": 400, "UNAUTHENTICATED": 401, "FORBIDDEN": 403, "NOT_FOUND": 404}
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OWN_PARAMETERS = ("columns", "labels")


def _error(exc: RegistryError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.code == "UNAUTHENTICATED" else None
    body: dict[str, object] = {"error": exc.message, "code": exc.code}
    if "field" in exc.details:
        body["field"] = exc.details["field"]
    return JSONResponse(body, status_code=STATUS.get(exc.code, 409), headers=headers)


async def export(request: Request) -> Response:
    list_name, _, format = str(request.path_params["file"]).rpartition(".")
    params = request.query_params
    repeated = [key for key in params if len(params.getlist(key)) > 1]
    try:
        if repeated:
            raise BadUserInput(f"{repeated[0][:40]} is given more than once.")
        export = await exports.prepare(
            principal=principal_of(request),
            list_name=list_name,
            params={k: v for k, v in params.items() if k not in OWN_PARAMETERS},
            columns=params.get("columns"),
            labels=params.get("labels"),
            format=format,
            today=datetime.now(UTC).date(),
        )
    except RegistryError as exc:
        return _error(exc)
    chunks: AsyncIterator[bytes] = (
        exports.csv_chunks(export) if format == "csv" else exports.xlsx_chunks(export)
    )
    return StreamingResponse(
        chunks,
        media_type=MEDIA_TYPES[format],
        headers={
            "Content-Disposition": content_disposition(export.filename),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


async def catalogue(request: Request) -> Response:
    """The exportable lists: for each, the arguments it takes and its column keys in order."""
    return JSONResponse(
        {
            name: {"arguments": list(source.arguments), "columns": list(source.columns)}
            for name, source in exports.LISTS.items()
        }
    )


routes = [
    Route("/exports", catalogue, methods=["GET"]),
    Route("/exports/{file}", export, methods=["GET"]),
]

__all__ = ["routes"]
