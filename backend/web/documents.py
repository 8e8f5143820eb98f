"""Document bytes over plain HTTP, signed in as for GraphQL (bearer token or session cookie).

    POST /documents?kind=DESIGN&filename=design.pdf   body: the file itself, streamed
    GET  /documents/{id}                              the file, as an attachment

The upload's body is never read whole: it streams into the document store, which counts,
hashes and sniffs it and stops at the size limit. Errors are JSON `{error, code, reason?}`.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from backend.errors import BadUserInput, NotFound, RegistryError, Unauthenticated
from backend.integers import MAX_INT, bounded_int
from backend.models.enums import DocumentKind
from backend.policy import Principal
from backend.services import documents
from backend.web.authentication import principal_of

STATUS = {
    "BAD_USER_INPUT": 400,
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "CONFLICT": 409,
}
_UNSAFE_IN_QUOTES = frozenset('"\\%;')


def _error(exc: RegistryError) -> JSONResponse:
    body: dict[str, object] = {"error": exc.message, "code": exc.code}
    reason = exc.details.get("reason")
    if reason is not None:
        body["reason"] = reason
    status = 413 if reason == "too_large" else STATUS.get(exc.code, 400)
    return JSONResponse(body, status_code=status)


async def _principal(request: Request) -> Principal | None:
    return principal_of(request)


def _kind(value: str | None) -> DocumentKind:
    try:
        return DocumentKind(value or "")
    except ValueError:
        kinds = ", ".join(kind.value for kind in DocumentKind)
        raise BadUserInput(f"kind must be one of {kinds}.", field="kind") from None


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266, 8187)."""
    fallback = "".join(
        ch if " " <= ch <= "~" and ch not in _UNSAFE_IN_QUOTES else "_" for ch in filename
    )
    exact = quote(filename, safe="")
    return f"attachment; filename=\"{fallback or 'document'}\"; filename*=UTF-8''{exact}"


async def upload(request: Request) -> Response:
    principal = await _principal(request)
    try:
        if principal is None:
            raise Unauthenticated("Sign in to upload documents.")
        recorded = await documents.upload(
            principal=principal,
            kind=_kind(request.query_params.get("kind")),
            filename=request.query_params.get("filename", ""),
            chunks=request.stream(),
        )
    except RegistryError as exc:
        return _error(exc)
    document = recorded.value
    return JSONResponse(
        {
            "id": str(document.id),
            "kind": document.kind.value,
            "sha256": document.sha256,
            "size": document.size,
            "mediaType": document.media_type,
            "ledgerSeq": recorded.ledger_seq,
        },
        status_code=201,
        headers={"Location": f"/documents/{document.id}"},
    )


async def download(request: Request) -> Response:
    value = str(request.path_params["id"])
    try:
        document_id = bounded_int(
            value,
            "id",
            maximum=MAX_INT,
            error=NotFound,
            message=f"document {value[:40]!r} does not exist.",
            field=None,
        )
        document, chunks = await documents.download(
            principal=await _principal(request), document_id=document_id
        )
    except RegistryError as exc:
        return _error(exc)
    return StreamingResponse(
        chunks,
        media_type=document.media_type,
        headers={
            "Content-Length": str(document.size),
            "Content-Disposition": content_disposition(document.filename),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


routes = [
    Route("/documents", upload, methods=["POST"]),
    Route("/documents/{id}", download, methods=["GET"]),
]

__all__ = ["content_disposition", "routes"]
