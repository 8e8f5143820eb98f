"""Documents: streamed into the document store, described in the database and the ledger, read
by the parties of their project, and accepted or rejected by the government."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import anyio
from tortoise.backends.base.client import BaseDBAsyncClient

from backend import policy
from backend.db import locked, transaction
from backend.errors import BadUserInput, Conflict, NotFound, Unauthenticated
from backend.ledger import entries
from backend.models.document import Document
from backend.models.enums import DocumentKind, DocumentStatus
from backend.policy import Action, Principal, Target
from backend.services import ledger, runtime, validation
from backend.services.access import project_target
from backend.services.recorded import Recorded
from storage import DocumentRejected

MAX_FILENAME = 200


def clean_filename(filename: str) -> str:
    """The client's file name made safe to keep and show: its last path segment (either kind
    of slash), NFC, no control or format characters, at most 200 characters (keeping the
    extension). Raises BadUserInput if nothing is left."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf")).strip()
    if name in ("", ".", ".."):
        raise BadUserInput("filename is required.", field="filename")
    if len(name) > MAX_FILENAME:
        stem, dot, extension = name.rpartition(".")
        if not dot or not stem or len(extension) > 16:
            return name[:MAX_FILENAME]
        return stem[: MAX_FILENAME - len(extension) - 1] + "." + extension
    return name


def ledger_view(document: Document) -> entries.DocumentFacts:
    """What the public ledger says of a document: its facts, never its (personal) file name."""
    return {
        "document_id": document.id,
        "kind": document.kind.value,
        "sha256": document.sha256,
        "size": document.size,
        "media_type": document.media_type,
        "organisation_id": document.organisation_id,
    }


async def upload(
    *, principal: Principal, kind: DocumentKind, filename: str, chunks: AsyncIterator[bytes]
) -> Recorded[Document]:
    """Stream a document of the principal's organisation into the store (size limit, sniffed
    type, SHA-256) and record it PENDING. Raises Forbidden, or BadUserInput (with `reason`
    empty / too_large / type_not_allowed) leaving nothing behind."""
    policy.require(principal, Action.DOCUMENT_UPLOAD, organisation_id=principal.organisation_id)
    name = clean_filename(filename)
    current = runtime.current()
    key = f"documents/{principal.organisation_id}/{uuid.uuid4().hex}"
    try:
        stored = await current.store.put(key, chunks, max_bytes=current.max_upload_bytes)
    except DocumentRejected as error:
        raise BadUserInput(error.message, reason=error.reason, field="file") from None
    try:
        async with transaction() as connection:
            document = await Document.create(
                using_db=connection,
                kind=kind,
                status=DocumentStatus.PENDING,
                storage_key=key,
                sha256=stored.sha256,
                size=stored.size,
                media_type=stored.media_type,
                filename=name,
                organisation_id=principal.organisation_id,
                uploaded_by_id=principal.user_id,
            )
            seq = await ledger.append(
                connection,
                ledger.new_entry(
                    entries.DocumentUploaded(**ledger_view(document)),
                    principal.actor,
                    f"document:{document.id}",
                ),
            )
    except BaseException:
        with anyio.CancelScope(shield=True):  # also when the request is being cancelled
            await current.store.delete(key)
        raise
    return Recorded(document, seq)


async def get_document(*, principal: Principal | None, document_id: int) -> Document:
    """A document the principal may read: their organisation uploaded it, or it belongs to a
    project whose documents they may read. Raises Unauthenticated, NotFound (also for another
    organisation's unattached document, so IDs reveal nothing) or Forbidden."""
    if principal is None:
        raise Unauthenticated("Sign in to do this.")
    document = await Document.get_or_none(id=document_id)
    if document is not None and document.organisation_id == principal.organisation_id:
        return document
    if document is None or document.project_id is None:
        raise NotFound(f"document {document_id} does not exist.")
    target = await project_target(document.project_id)
    policy.require(principal, Action.READ_PROJECT_DOCUMENTS, target=target)
    return document


async def download(
    *, principal: Principal | None, document_id: int
) -> tuple[Document, AsyncIterator[bytes]]:
    """The document (see get_document for who may) and its bytes, streamed from the store;
    iterate them to the end or aclose() them."""
    document = await get_document(principal=principal, document_id=document_id)
    return document, await runtime.current().store.get(document.storage_key)


async def _decidable(principal: Principal, document_id: int) -> int:
    """The project of a document the principal may decide; raises NotFound, Forbidden, Conflict."""
    document = await Document.get_or_none(id=document_id)
    if document is None:
        raise NotFound(f"document {document_id} does not exist.")
    if document.project_id is None:
        policy.require(principal, Action.DOCUMENT_DECIDE, target=Target())
        raise Conflict("only a document attached to a project can be accepted or rejected.")
    target = await project_target(document.project_id)
    policy.require(principal, Action.DOCUMENT_DECIDE, target=target)
    return document.project_id


async def _locked_pending(
    connection: BaseDBAsyncClient, document_id: int, project_id: int
) -> Document:
    document = await locked(connection, Document, document_id)
    if document.project_id != project_id:
        raise Conflict("the document moved to another project; try again.")
    if document.status is not DocumentStatus.PENDING:
        raise Conflict(
            f"a {document.status.value} document cannot be decided again.",
            status=document.status.value,
        )
    return document


async def _decide(
    *, principal: Principal, document_id: int, to: DocumentStatus, fact: str, reason: str | None
) -> Recorded[Document]:
    project_id = await _decidable(principal, document_id)
    if reason is not None:
        reason = validation.required_text(reason, "reason", max_length=1000)
    async with transaction() as connection:
        document = await _locked_pending(connection, document_id, project_id)
        document.status, document.decided_at = to, datetime.now(UTC)
        await document.save(using_db=connection, update_fields=["status", "decided_at"])
        record: entries.Entry = (
            entries.DocumentAccepted(
                **ledger_view(document), project_id=project_id, status=to.value
            )
            if reason is None
            else entries.DocumentRejected(
                **ledger_view(document), project_id=project_id, status=to.value, reason=reason
            )
        )
        seq = await ledger.append(
            connection,
            ledger.new_entry(record, principal.actor, f"project:{project_id}"),
        )
    return Recorded(document, seq)


async def accept_document(*, principal: Principal, document_id: int) -> Recorded[Document]:
    """PENDING -> ACCEPTED for a document attached to a project. Raises NotFound, Forbidden,
    Conflict (not attached, or not PENDING)."""
    return await _decide(
        principal=principal,
        document_id=document_id,
        to=DocumentStatus.ACCEPTED,
        fact="document.accepted",
        reason=None,
    )


async def reject_document(
    *, principal: Principal, document_id: int, reason: str
) -> Recorded[Document]:
    """PENDING -> REJECTED with a reason (kept in the ledger entry). Raises BadUserInput,
    NotFound, Forbidden, Conflict."""
    return await _decide(
        principal=principal,
        document_id=document_id,
        to=DocumentStatus.REJECTED,
        fact="document.rejected",
        reason=reason,
    )


async def documents_of_projects(project_ids: list[int]) -> dict[int, list[Document]]:
    """The documents attached to each project (one query), oldest first."""
    rows = await Document.filter(project_id__in=project_ids).order_by("id")
    grouped: dict[int, list[Document]] = {project_id: [] for project_id in project_ids}
    for row in rows:
        assert row.project_id is not None
        grouped.setdefault(row.project_id, []).append(row)
    return grouped
