"""The documents the ministry issues, as PDFs in the reader's language (?lang=en|fr|es, else
the person's own language, else the country's default):

    GET /documents/letters/project-approval/{projectId}.pdf
    GET /documents/letters/article6-authorisation/{authorizationId}.pdf
    GET /documents/statements/issuance/{blockId}.pdf
    GET /documents/certificates/retirement/{retirementId}.pdf   public once recognised

Signed in as for GraphQL; errors are JSON `{error, code}` (400, 401, 403, 404, 409)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backend import i18n
from backend.errors import BadUserInput, NotFound, RegistryError
from backend.integers import MAX_INT, bounded_int
from backend.policy import Principal
from backend.services import letters
from backend.services.languages import language_of
from backend.services.letters import paths
from backend.web.authentication import principal_of
from backend.web.documents import content_disposition

STATUS = {
    "BAD_USER_INPUT": 400,
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "CONFLICT": 409,
}
Find = Callable[[Principal | None, int], Awaitable[letters.Letter]]


async def _language(request: Request, principal: Principal | None) -> str:
    asked = request.query_params.get("lang")
    if asked is None:
        return await language_of(principal)
    if asked not in i18n.LANGUAGES:
        raise BadUserInput(f"lang must be one of {', '.join(i18n.LANGUAGES)}.", field="lang")
    return asked


def pdf_route(path: str, what: str, find: Find) -> Route:
    """A GET route answering the PDF that find builds for the ID in the path."""

    async def endpoint(request: Request) -> Response:
        value = str(request.path_params["id"])
        principal = principal_of(request)
        try:
            number = bounded_int(
                value,
                "id",
                maximum=MAX_INT,
                error=NotFound,
                message=f"{what} {value[:40]!r} does not exist.",
                field=None,
            )
            language = await _language(request, principal)
            letter = await find(principal, number)
            content = await letters.render(letter, language, datetime.now(UTC).date())
        except RegistryError as exc:
            return JSONResponse(
                {"error": exc.message, "code": exc.code}, status_code=STATUS.get(exc.code, 400)
            )
        return Response(
            content,
            media_type="application/pdf",
            headers={
                "Content-Disposition": content_disposition(letter.filename),
                "Content-Language": language,
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return Route(path, endpoint, methods=["GET"])


routes = [
    pdf_route(
        paths.PROJECT_APPROVAL,
        "project",
        lambda p, i: letters.project_approval(principal=p, project_id=i),
    ),
    pdf_route(
        paths.ARTICLE6_AUTHORISATION,
        "authorization",
        lambda p, i: letters.article6_authorisation(principal=p, authorization_pk=i),
    ),
    pdf_route(
        paths.ISSUANCE_STATEMENT,
        "credit block",
        lambda p, i: letters.issuance_statement(principal=p, block_id=i),
    ),
    pdf_route(
        paths.RETIREMENT_CERTIFICATE,
        "retirement",
        lambda p, i: letters.retirement_certificate(principal=p, retirement_id=i),
    ),
]

__all__ = ["routes"]
