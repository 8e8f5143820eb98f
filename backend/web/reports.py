"""Reports over plain HTTP for government and partner systems: the AEF and the CAD Trust
export as files. Signed in by bearer token or session cookie; READ_REPORTS decides."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backend.errors import BadUserInput, RegistryError
from backend.policy import Principal
from backend.services import reports
from backend.web.authentication import principal_of

STATUS = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403, "BAD_USER_INPUT": 400, "NOT_FOUND": 404}


def _error(exc: RegistryError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.code == "UNAUTHENTICATED" else None
    return JSONResponse(
        {"error": exc.message, "code": exc.code},
        status_code=STATUS.get(exc.code, 409),
        headers=headers,
    )


def _file(report: reports.ReportFile) -> Response:
    return Response(
        report.content,
        media_type=report.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{report.filename}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _year(request: Request) -> int:
    value = request.query_params.get("year", "")
    if len(value) != 4 or not all("0" <= ch <= "9" for ch in value):
        raise BadUserInput("year must be a four-digit year, e.g. ?year=2025.", field="year")
    return int(value)


async def _principal(request: Request) -> Principal | None:
    return principal_of(request)


async def aef(request: Request) -> Response:
    try:
        principal = await _principal(request)
        reports.require_reader(principal)  # before the query is checked: 401/403 first
        report = await reports.aef_report(
            principal=principal, year=_year(request), format=request.query_params.get("format")
        )
    except RegistryError as exc:
        return _error(exc)
    return _file(report)


async def cadt(request: Request) -> Response:
    try:
        principal = await _principal(request)
        report = await reports.cadt_report(
            principal=principal, format=request.query_params.get("format")
        )
    except RegistryError as exc:
        return _error(exc)
    return _file(report)


routes = [
    Route("/reports/aef", aef, methods=["GET"]),
    Route("/reports/cadt", cadt, methods=["GET"]),
]

__all__ = ["routes"]
