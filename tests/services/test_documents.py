"""Documents below the HTTP layer: uploads that are kept whole or leave nothing behind, who may
read a document, and the government's decisions."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

import pytest

from backend import policy
from backend.errors import BadUserInput, Conflict, Forbidden, NotFound, Unauthenticated
from backend.ledger.canonical import parse_body
from backend.models.document import Document
from backend.models.enums import DocumentKind, DocumentStatus, OrganisationType, Role
from backend.models.ledger import LedgerEntry
from backend.policy import Action
from backend.services import documents, ledger, runtime
from backend.services.access import project_target
from tests.factories import (
    Member,
    ledger_size,
    make_document,
    make_member,
    make_organisation,
    make_project,
)
from tests.storage import samples
from tests.storage.backends import store_contents

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


async def read_back(key: str) -> bytes:
    return b"".join([chunk async for chunk in await runtime.current().store.get(key)])


async def state() -> tuple[Any, ...]:
    """What an upload or a decision may change: stored objects, document rows, the ledger."""
    rows = await Document.all().order_by("id").values_list("id", "status", "decided_at")
    return (store_contents(runtime.current().store), tuple(rows), await ledger_size())


async def test_a_pdf_is_stored_whole_and_its_hash_is_in_the_ledger() -> None:
    member = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    content = samples.pdf(padding=200_000)

    recorded = await documents.upload(
        principal=member.principal,
        kind=DocumentKind.DESIGN,
        filename="design.pdf",
        chunks=samples.chunked(content, 7_000),
    )

    document = recorded.value
    assert document.status is DocumentStatus.PENDING
    assert document.storage_key.startswith(f"documents/{member.organisation.id}/")
    assert (document.size, document.media_type) == (len(content), "application/pdf")
    assert (document.organisation_id, document.uploaded_by_id) == (
        member.organisation.id,
        member.user.id,
    )
    stored = await read_back(document.storage_key)
    assert (
        hashlib.sha256(stored).hexdigest() == document.sha256 == hashlib.sha256(content).hexdigest()
    )
    entry = await LedgerEntry.get(seq=recorded.ledger_seq)
    body = parse_body(bytes(entry.body))
    assert body["type"] == "document.uploaded" and entry.subject == f"document:{document.id}"
    assert body["data"] == {
        "document_id": document.id,
        "kind": "DESIGN",
        "sha256": document.sha256,
        "size": len(content),
        "media_type": "application/pdf",
        "organisation_id": member.organisation.id,
    }
    assert b"design.pdf" not in bytes(entry.body)  # a file name may hold personal data


REFUSED = {
    "svg": (SVG, "image.svg", "type_not_allowed", "an SVG image"),
    "html renamed .pdf": (HTML, "report.pdf", "type_not_allowed", "an HTML page"),
    "empty": (b"", "empty.pdf", "empty", "The file is empty."),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
async def test_refused_files_leave_nothing_behind(case: str) -> None:
    content, filename, reason, words = REFUSED[case]
    member = await make_member()
    await make_document(member)  # the store and the tables are not empty to begin with
    before = await state()

    with pytest.raises(BadUserInput) as refused:
        await documents.upload(
            principal=member.principal,
            kind=DocumentKind.DESIGN,
            filename=filename,
            chunks=samples.once(content),
        )

    assert refused.value.details["reason"] == reason
    assert words in refused.value.message
    assert await state() == before


async def test_a_file_over_the_limit_is_refused_before_it_is_read_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    member = await make_member()
    limited = dataclasses.replace(runtime.current(), max_upload_bytes=50_000)
    monkeypatch.setattr(runtime, "_runtime", limited)
    before = await state()
    sent = [0]

    with pytest.raises(BadUserInput) as refused:
        await documents.upload(
            principal=member.principal,
            kind=DocumentKind.DESIGN,
            filename="big.pdf",
            chunks=samples.endless(samples.pdf(padding=10_000), sent),
        )

    assert refused.value.details["reason"] == "too_large"
    assert refused.value.message == "The file is larger than the limit of 48.8 KB."
    assert sent[0] < 10  # it stopped reading at the limit
    assert await state() == before


async def test_a_failed_transaction_deletes_the_stored_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    member = await make_member()
    before = await state()

    async def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ledger, "append", broken)
    with pytest.raises(RuntimeError):
        await documents.upload(
            principal=member.principal,
            kind=DocumentKind.DESIGN,
            filename="a.pdf",
            chunks=samples.once(samples.pdf()),
        )

    assert await state() == before


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (OrganisationType.PARTNER, Role.ADMIN),
        (OrganisationType.PARTNER, Role.MANAGER),
        (OrganisationType.DEVELOPER, Role.VIEWER),
        (OrganisationType.GOVERNMENT, Role.ROOT),
    ],
)
async def test_who_may_not_upload_changes_nothing(kind: OrganisationType, role: Role) -> None:
    member = await make_member(kind, role)
    before = await state()
    read = [0]

    with pytest.raises(Forbidden):
        await documents.upload(
            principal=member.principal,
            kind=DocumentKind.DESIGN,
            filename="a.pdf",
            chunks=samples.endless(samples.pdf(), read),
        )

    assert read == [0]  # the body was never read
    assert await state() == before


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("design.pdf", "design.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ana\\Plan de gestión.pdf", "Plan de gestión.pdf"),
        ("bad\x00name\r\n\u202e.pdf", "badname.pdf"),
        ("  spaced.pdf  ", "spaced.pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
        ("y" * 300, "y" * 200),
    ],
)
def test_file_names_are_made_safe(given: str, kept: str) -> None:
    assert documents.clean_filename(given) == kept


@pytest.mark.parametrize("given", ["", "   ", "dir/", "..", "\x00\x01"])
async def test_a_file_name_is_required(given: str) -> None:
    member = await make_member()
    before = await state()
    with pytest.raises(BadUserInput):
        await documents.upload(
            principal=member.principal,
            kind=DocumentKind.DESIGN,
            filename=given,
            chunks=samples.once(samples.pdf()),
        )
    assert await state() == before


async def test_download_streams_the_stored_bytes() -> None:
    member = await make_member()
    document = await make_document(member, content=samples.pdf(padding=100_000))

    row, chunks = await documents.download(principal=member.principal, document_id=document.id)

    data = b"".join([chunk async for chunk in chunks])
    assert row.id == document.id and hashlib.sha256(data).hexdigest() == document.sha256


async def everyone() -> dict[str, Member]:
    members = {}
    for kind, role in sorted(policy.ALL_PAIRS):
        members[f"{kind.value}/{role.value}"] = await make_member(kind, role)
    return members


async def _outcome(member: Member | None, document_id: int) -> str:
    try:
        await documents.get_document(
            principal=member.principal if member else None, document_id=document_id
        )
    except (Unauthenticated, Forbidden, NotFound) as error:
        return error.code
    return "OK"


async def test_who_may_read_a_project_document() -> None:
    uploader = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    co_owner = await make_member(OrganisationType.DEVELOPER, Role.VIEWER)
    certifier = await make_member(OrganisationType.CERTIFIER, Role.VIEWER)
    project = await make_project(
        uploader,
        scope=1,
        certifiers=(certifier.organisation,),
        co_owners=((co_owner.organisation, "40"),),
    )
    document = await Document.get(id=project.design_document_id)
    target = await project_target(project.id)
    named = {
        "uploader's colleague": await make_member(
            OrganisationType.DEVELOPER, Role.VIEWER, organisation=uploader.organisation
        ),
        "co-owner": co_owner,
        "assigned certifier": certifier,
        "other certifier": await make_member(OrganisationType.CERTIFIER, Role.ADMIN),
        "government viewer": await make_member(OrganisationType.GOVERNMENT, Role.VIEWER),
        "unrelated developer": await make_member(OrganisationType.DEVELOPER, Role.ADMIN),
        "ministry in scope": await make_member(OrganisationType.MINISTRY, Role.VIEWER),
        "ministry out of scope": await make_member(
            OrganisationType.MINISTRY,
            Role.ADMIN,
            organisation=await make_organisation(OrganisationType.MINISTRY, scopes=(2, 3)),
        ),
        "partner": await make_member(OrganisationType.PARTNER, Role.ADMIN),
    }
    outcomes = {who: await _outcome(member, document.id) for who, member in named.items()}
    assert outcomes == {
        "uploader's colleague": "OK",
        "co-owner": "OK",
        "assigned certifier": "OK",
        "other certifier": "FORBIDDEN",
        "government viewer": "OK",
        "unrelated developer": "FORBIDDEN",
        "ministry in scope": "OK",
        "ministry out of scope": "FORBIDDEN",
        "partner": "FORBIDDEN",
    }
    assert await _outcome(None, document.id) == "UNAUTHENTICATED"
    for who, member in (await everyone()).items():  # and the whole table, as the policy says
        allowed = policy.can(member.principal, Action.READ_PROJECT_DOCUMENTS, target=target)
        assert await _outcome(member, document.id) == ("OK" if allowed else "FORBIDDEN"), who


async def test_an_unattached_document_is_only_its_organisations() -> None:
    uploader = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    document = await make_document(uploader)
    colleague = await make_member(
        OrganisationType.DEVELOPER, Role.VIEWER, organisation=uploader.organisation
    )

    assert await _outcome(colleague, document.id) == "OK"
    for who, member in (await everyone()).items():  # government included: IDs reveal nothing
        assert await _outcome(member, document.id) == "NOT_FOUND", who
    assert await _outcome(uploader, 10**9) == "NOT_FOUND"


async def _project_document(
    scope: int = 1,
) -> tuple[Member, Document, int]:
    owner = await make_member()
    project = await make_project(owner, scope=scope)
    return owner, await Document.get(id=project.design_document_id), project.id


async def test_government_accepts_a_pending_project_document() -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.MANAGER)
    _, document, project_id = await _project_document()

    recorded = await documents.accept_document(
        principal=government.principal, document_id=document.id
    )

    assert recorded.value.status is DocumentStatus.ACCEPTED
    assert recorded.value.decided_at is not None
    entry = await LedgerEntry.get(seq=recorded.ledger_seq)
    body = parse_body(bytes(entry.body))
    assert (body["type"], entry.subject) == ("document.accepted", f"project:{project_id}")
    assert body["data"]["project_id"] == project_id and body["data"]["status"] == "ACCEPTED"
    assert body["data"]["sha256"] == document.sha256


async def test_a_ministry_rejects_a_document_in_its_scope_with_a_reason() -> None:
    ministry = await make_member(OrganisationType.MINISTRY, Role.ADMIN)
    _, document, _ = await _project_document(scope=1)

    recorded = await documents.reject_document(
        principal=ministry.principal, document_id=document.id, reason="  unsigned  "
    )

    assert recorded.value.status is DocumentStatus.REJECTED
    body = parse_body(bytes((await LedgerEntry.get(seq=recorded.ledger_seq)).body))
    assert body["type"] == "document.rejected" and body["data"]["reason"] == "unsigned"


@pytest.mark.parametrize("decided", [DocumentStatus.ACCEPTED, DocumentStatus.REJECTED])
@pytest.mark.parametrize("operation", ["accept", "reject"])
async def test_a_decided_document_is_not_decided_again(
    decided: DocumentStatus, operation: str
) -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    _, document, _ = await _project_document()
    await Document.filter(id=document.id).update(status=decided)
    before = await state()

    with pytest.raises(Conflict) as refused:
        if operation == "accept":
            await documents.accept_document(principal=government.principal, document_id=document.id)
        else:
            await documents.reject_document(
                principal=government.principal, document_id=document.id, reason="late"
            )

    assert refused.value.details == {"status": decided.value}
    assert await state() == before


async def test_decisions_need_a_project_a_reason_and_the_right_to_decide() -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    outsider = await make_member(OrganisationType.MINISTRY, Role.ADMIN)
    owner, document, _ = await _project_document(scope=5)  # outside the ministry's scope 1
    loose = await make_document(owner)
    before = await state()

    with pytest.raises(Conflict):
        await documents.accept_document(principal=government.principal, document_id=loose.id)
    with pytest.raises(Forbidden):
        await documents.accept_document(principal=outsider.principal, document_id=loose.id)
    with pytest.raises(Forbidden):
        await documents.accept_document(principal=outsider.principal, document_id=document.id)
    with pytest.raises(Forbidden):
        await documents.accept_document(principal=owner.principal, document_id=document.id)
    with pytest.raises(BadUserInput):
        await documents.reject_document(
            principal=government.principal, document_id=document.id, reason=" "
        )
    with pytest.raises(NotFound):
        await documents.accept_document(principal=government.principal, document_id=10**9)
    assert await state() == before


async def test_documents_of_projects_in_one_query() -> None:
    owner = await make_member()
    first, second = await make_project(owner), await make_project(owner)
    extra = await make_document(owner, DocumentKind.METHODOLOGY)
    await Document.filter(id=extra.id).update(project_id=first.id)

    grouped = await documents.documents_of_projects([second.id, first.id, 10**9])

    assert [d.id for d in grouped[first.id]] == [first.design_document_id, extra.id]
    assert [d.id for d in grouped[second.id]] == [second.design_document_id]
    assert grouped[10**9] == []
