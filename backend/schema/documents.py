"""Documents: type, query and the government's decisions. Bytes go up and down over plain HTTP
(backend/web/documents.py); GraphQL carries what is known of them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.models.document import Document as DocumentRow
from backend.policy import Action, Target
from backend.schema.enums import DocumentKind, DocumentStatus
from backend.schema.fields import field, mutation
from backend.schema.ids import parse_id
from backend.schema.organisations import Organisation
from backend.schema.permissions import SignedIn, may
from backend.schema.viewer_actions import DocumentAction
from backend.services import access, viewer_registry_actions
from backend.services import documents as service
from backend.services.recorded import Recorded


async def load_documents_by_project(project_ids: list[int]) -> list[list[DocumentRow]]:
    """Batch function: the documents attached to each project, oldest first (one query)."""
    grouped = await service.documents_of_projects(project_ids)
    return [grouped[project_id] for project_id in project_ids]


async def load_document_targets(project_ids: list[int]) -> list[Target | None]:
    """Batch function: the policy targets of the documents' projects."""
    targets = await access.project_targets(project_ids)
    return [targets.get(i) for i in project_ids]


@strawberry.type(
    description="A document in the document store: its facts; the bytes are at downloadPath."
)
class Document:
    row: strawberry.Private[DocumentRow]

    @field(description="What you may do with this document now (accept or reject it).")
    async def viewer_may(self, info: Info[Context, Any]) -> list[DocumentAction]:
        if self.row.project_id is None:
            return []
        target = await info.context.loaders.get(load_document_targets).load(self.row.project_id)
        principal = info.context.principal
        return viewer_registry_actions.document_actions(principal, self.row, target)

    @field(description="The document's ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="What the document is for.")
    def kind(self) -> DocumentKind:
        return self.row.kind

    @field(description="PENDING until the government accepts or rejects it.")
    def status(self) -> DocumentStatus:
        return self.row.status

    @field(description="The uploader's file name (made safe).")
    def filename(self) -> str:
        return self.row.filename

    @field(description="SHA-256 of the bytes, lower-case hex (also in the ledger).")
    def sha256(self) -> str:
        return self.row.sha256

    @field(description="Size in bytes.")
    def size(self) -> int:
        return int(self.row.size)

    @field(description="Media type, sniffed from the bytes (never the client's).")
    def media_type(self) -> str:
        return self.row.media_type

    @field(description="Version of the document, from 1.")
    def version(self) -> int:
        return self.row.version

    @field(description="When it was uploaded (UTC).")
    def uploaded_at(self) -> datetime:
        return self.row.created_at

    @field(description="When it was accepted or rejected (UTC), if it was.")
    def decided_at(self) -> datetime | None:
        return self.row.decided_at

    @field(description="The project it belongs to, once attached.")
    def project_id(self) -> strawberry.ID | None:
        project_id = self.row.project_id
        return None if project_id is None else strawberry.ID(str(project_id))

    @field(description="Where to GET the bytes (signed in, same rules as this type).")
    def download_path(self) -> str:
        return f"/documents/{self.row.id}"

    @field(description="The organisation that uploaded it.")
    async def organisation(self, info: Info[Context, Any]) -> Organisation:
        row = await info.context.loaders.organisation.load(self.row.organisation_id)
        assert row is not None
        return Organisation(row=row)


@strawberry.type(description="The result of a document decision.")
class DocumentPayload:
    document: Document = strawberry.field(description="The document as it is now.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording the decision.")


@strawberry.input(description="A PENDING document to refuse.")
class RejectDocumentInput:
    id: strawberry.ID = strawberry.field(description="The PENDING document's ID.")
    reason: str = strawberry.field(description="Why (shown to the uploader).")


DocumentId = Annotated[strawberry.ID, strawberry.argument(description="The document's ID.")]


def _payload(recorded: Recorded[DocumentRow]) -> DocumentPayload:
    return DocumentPayload(document=Document(row=recorded.value), ledger_seq=recorded.ledger_seq)


@strawberry.type
class DocumentQuery:
    @field(
        description="One document: for its organisation, and for those who may read its "
        "project's documents.",
        permission_classes=[SignedIn],
    )
    async def document(self, info: Info[Context, Any], id: DocumentId) -> Document:
        row = await service.get_document(
            principal=info.context.principal, document_id=parse_id(id, "document")
        )
        return Document(row=row)


@strawberry.type
class DocumentMutation:
    @mutation(
        description="Accept a PENDING document of a project.",
        extensions=may(Action.DOCUMENT_DECIDE),
    )
    async def accept_document(self, info: Info[Context, Any], id: DocumentId) -> DocumentPayload:
        assert info.context.principal is not None
        return _payload(
            await service.accept_document(
                principal=info.context.principal, document_id=parse_id(id, "document")
            )
        )

    @mutation(
        description="Reject a PENDING document of a project, with a reason.",
        extensions=may(Action.DOCUMENT_DECIDE),
    )
    async def reject_document(
        self,
        info: Info[Context, Any],
        input: Annotated[RejectDocumentInput, strawberry.argument(description="What to do.")],
    ) -> DocumentPayload:
        assert info.context.principal is not None
        return _payload(
            await service.reject_document(
                principal=info.context.principal,
                document_id=parse_id(input.id, "document"),
                reason=input.reason,
            )
        )
