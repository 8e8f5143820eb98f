"""Attaching uploaded documents to a project: a design document, an environmental impact
assessment, a monitoring report. A document is attached once and never moves."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import policy
from backend.db import locked
from backend.errors import BadUserInput, Conflict
from backend.ledger import entries
from backend.models.document import Document
from backend.models.enums import DocumentKind, DocumentStatus
from backend.policy import Action, Principal


async def take(
    connection: BaseDBAsyncClient,
    *,
    document_id: int,
    kind: DocumentKind,
    principal: Principal,
    field: str,
) -> Document:
    """Lock a not yet attached, not rejected document of `kind` that principal's organisation
    uploaded.
    Raises NotFound (also for another organisation's document: policy.require_own),
    BadUserInput (another kind), Conflict."""
    found = await locked(connection, Document, document_id, field=field)
    policy.require_own(
        principal,
        Action.DOCUMENT_UPLOAD,
        organisation_id=found.organisation_id,
        what=f"document {document_id}",
        private=True,
        field=field,
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


def ledger_view(document: Document | None) -> entries.AttachmentFacts | None:
    """What the ledger says of a document: its ID, kind and the SHA-256 of its bytes."""
    if document is None:
        return None
    return {"document_id": document.id, "kind": document.kind.value, "sha256": document.sha256}
