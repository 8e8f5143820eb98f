"""Attaching uploaded documents to a project: a design document, an environmental impact
assessment, a monitoring report. A document is attached once and never moves."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.db import locked
from backend.errors import BadUserInput, Conflict
from backend.models.document import Document
from backend.models.enums import DocumentKind, DocumentStatus


async def take(
    connection: BaseDBAsyncClient,
    *,
    document_id: int,
    kind: DocumentKind,
    organisation_id: int,
    field: str,
) -> Document:
    """Lock a not yet attached, not rejected document of `kind` that organisation_id uploaded.
    Raises NotFound, BadUserInput (another kind, another organisation's), Conflict."""
    found = await locked(connection, Document, document_id, field=field)
    if found.organisation_id != organisation_id:
        raise BadUserInput(
            f"document {document_id} was not uploaded by your organisation.", field=field
        )
    if found.kind is not kind:
        raise BadUserInput(
            f"document {document_id} is a {found.kind.value} document, not {kind.value}.",
            field=field,
        )
    if found.project_id is not None:
        raise Conflict(f"document {document_id} already belongs to a project.", field=field)
    if found.status is DocumentStatus.REJECTED:
        raise Conflict(f"document {document_id} was rejected.", field=field)
    return found


async def attach(
    connection: BaseDBAsyncClient, documents: Sequence[Document], project_id: int
) -> None:
    """Attach documents taken with `take` to a project, inside the caller's transaction."""
    ids = [document.id for document in documents]
    if ids:
        await Document.filter(id__in=ids).using_db(connection).update(project_id=project_id)
    for document in documents:
        document.project_id = project_id


def ledger_view(document: Document | None) -> dict[str, object] | None:
    """What the ledger says of a document: its ID, kind and the SHA-256 of its bytes."""
    if document is None:
        return None
    return {"document_id": document.id, "kind": document.kind.value, "sha256": document.sha256}
