"""The ledger over plain HTTP, no sign-in: what an auditor's scripts fetch. Every hash on this
surface is lowercase hex (as the export's leaf_hash and the verifier's output); GraphQL and
the signed checkpoints use base64."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from backend.errors import RegistryError
from backend.integers import MAX_BIGINT, bounded_int
from backend.ledger import export as export_format
from backend.services import ledger, runtime


def _int(request: Request, name: str) -> int:
    value = request.query_params.get(name) or request.path_params.get(name)
    return bounded_int(value, name, maximum=MAX_BIGINT)


def _error(exc: RegistryError) -> JSONResponse:
    status = {"NOT_FOUND": 404, "BAD_USER_INPUT": 400}.get(exc.code, 409)
    return JSONResponse({"error": exc.message, "code": exc.code}, status_code=status)


async def checkpoint(request: Request) -> Response:
    row = await ledger.latest_checkpoint()
    if row is None:
        return PlainTextResponse("no checkpoint yet\n", status_code=404)
    return PlainTextResponse(row.note, media_type="text/plain; charset=utf-8")


async def public_key(request: Request) -> Response:
    return PlainTextResponse(runtime.current().signer.vkey() + "\n")


async def entry(request: Request) -> Response:
    try:
        row = await ledger.entry(_int(request, "seq"))
    except RegistryError as exc:
        return _error(exc)
    line = export_format.entry_line(row.seq, bytes(row.body), bytes(row.leaf_hash))
    return Response(line, media_type="application/json")


async def inclusion(request: Request) -> Response:
    try:
        seq, size = _int(request, "seq"), _int(request, "size")
        hashes = await ledger.inclusion_proof(seq, size)
        root = await ledger.root_at(size)
    except RegistryError as exc:
        return _error(exc)
    return JSONResponse(
        {
            "seq": seq,
            "tree_size": size,
            "root": root.hex(),
            "hashes": [h.hex() for h in hashes],
        }
    )


async def consistency(request: Request) -> Response:
    try:
        first, second = _int(request, "from"), _int(request, "to")
        hashes = await ledger.consistency_proof(first, second)
        roots = [
            (await ledger.root_at(first)).hex(),
            (await ledger.root_at(second)).hex(),
        ]
    except RegistryError as exc:
        return _error(exc)
    return JSONResponse(
        {
            "from": first,
            "to": second,
            "from_root": roots[0],
            "to_root": roots[1],
            "hashes": [h.hex() for h in hashes],
        }
    )


async def export(request: Request) -> Response:
    current = runtime.current()
    lines = ledger.export_lines(
        origin=current.country.ledger_origin, public_key=current.signer.vkey()
    )
    return StreamingResponse(lines, media_type="application/x-ndjson")


routes = [
    Route("/ledger/checkpoint", checkpoint),
    Route("/ledger/public-key", public_key),
    Route("/ledger/entries/{seq}", entry),
    Route("/ledger/proof/inclusion", inclusion),
    Route("/ledger/proof/consistency", consistency),
    Route("/ledger/export", export),
]

__all__ = ["routes"]
