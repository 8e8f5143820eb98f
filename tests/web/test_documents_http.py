"""The document endpoints over HTTP: POST /documents streams a file in, GET /documents/{id}
streams it out, signed in as for GraphQL; refusals are JSON and leave nothing behind."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from backend.context import SESSION_COOKIE
from backend.ledger.canonical import parse_body
from backend.models.document import Document
from backend.models.enums import OrganisationType, Role
from backend.models.ledger import LedgerEntry
from backend.services import runtime
from backend.web.documents import content_disposition
from tests.factories import Member, ledger_size, make_document, make_member, make_project
from tests.storage import samples
from tests.storage.backends import store_contents

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'
HTML = b"<html><head><title>x</title></head><body onload='alert(1)'></body></html>"


def bearer(member: Member | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {member.token}"} if member else {}


async def post(
    http: httpx.AsyncClient,
    member: Member | None,
    content: bytes | AsyncIterator[bytes],
    *,
    kind: str = "DESIGN",
    filename: str = "design.pdf",
) -> httpx.Response:
    http.cookies.clear()
    return await http.post(
        "/documents",
        params={"kind": kind, "filename": filename},
        content=content,
        headers={**bearer(member), "Content-Type": "application/octet-stream"},
    )


async def state() -> tuple[Any, ...]:
    return (
        store_contents(runtime.current().store),
        await Document.all().count(),
        await ledger_size(),
    )


async def test_a_pdf_uploaded_over_http_is_stored_with_its_hash_in_the_ledger(
    http: httpx.AsyncClient,
) -> None:
    member = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    # Larger than the 1 MiB request limit of /graphql: uploads are not buffered by it.
    content = samples.pdf(padding=1_500_000)

    response = await post(http, member, samples.chunked(content, 64 * 1024))

    assert response.status_code == 201, response.text
    answer = response.json()
    document = await Document.get(id=int(answer["id"]))
    assert response.headers["location"] == f"/documents/{document.id}"
    stored = b"".join([c async for c in await runtime.current().store.get(document.storage_key)])
    digest = hashlib.sha256(stored).hexdigest()
    assert stored == content and digest == document.sha256 == answer["sha256"]
    entry = parse_body(bytes((await LedgerEntry.get(seq=answer["ledgerSeq"])).body))
    assert entry["type"] == "document.uploaded" and entry["data"]["sha256"] == digest
    assert answer == {
        "id": str(document.id),
        "kind": "DESIGN",
        "sha256": digest,
        "size": len(content),
        "mediaType": "application/pdf",
        "ledgerSeq": answer["ledgerSeq"],
    }
    assert document.filename == "design.pdf" and document.uploaded_by_id == member.user.id


async def test_the_session_cookie_signs_an_upload_in(http: httpx.AsyncClient) -> None:
    member = await make_member()
    http.cookies.set(SESSION_COOKIE, member.token)
    response = await http.post(
        "/documents",
        params={"kind": "METHODOLOGY", "filename": "m.pdf"},
        content=samples.pdf(),
        headers={"X-Requested-With": "carbon-registry-ui"},  # the CSRF header (test_csrf.py)
    )
    http.cookies.clear()
    assert response.status_code == 201 and response.json()["kind"] == "METHODOLOGY"


REFUSED = {
    "svg": (SVG, "drawing.svg", 400, "type_not_allowed"),
    "html renamed .pdf": (HTML, "report.pdf", 400, "type_not_allowed"),
    "empty": (b"", "empty.pdf", 400, "empty"),
    "over the limit": (samples.pdf(padding=5_000), "big.pdf", 413, "too_large"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
async def test_refused_uploads_answer_a_clear_error_and_leave_nothing_behind(
    case: str, http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, filename, status, reason = REFUSED[case]
    monkeypatch.setattr(
        runtime, "_runtime", dataclasses.replace(runtime.current(), max_upload_bytes=4_000)
    )
    member = await make_member()
    await make_document(member)
    before = await state()

    response = await post(http, member, content, filename=filename)

    assert response.status_code == status
    answer = response.json()
    assert answer["code"] == "BAD_USER_INPUT" and answer["reason"] == reason
    expected = {
        "svg": "This file is an SVG image, which cannot be uploaded.",
        "html renamed .pdf": "This file is an HTML page, which cannot be uploaded.",
        "empty": "The file is empty.",
        "over the limit": "The file is larger than the limit of 3.9 KB.",
    }[case]
    assert answer["error"].startswith(expected)
    assert await state() == before


async def test_an_endless_upload_stops_being_read_at_the_limit(
    http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        runtime, "_runtime", dataclasses.replace(runtime.current(), max_upload_bytes=100_000)
    )
    member = await make_member()
    before, sent = await state(), [0]

    response = await post(http, member, samples.endless(b"%PDF-" + b"x" * 9_995, sent))

    assert response.status_code == 413 and response.json()["reason"] == "too_large"
    assert sent[0] <= 12
    assert await state() == before


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("anonymous", 401, "UNAUTHENTICATED"),
        ("expired token", 401, "UNAUTHENTICATED"),
        ("PARTNER/ADMIN", 403, "FORBIDDEN"),
        ("DEVELOPER/VIEWER", 403, "FORBIDDEN"),
    ],
)
async def test_who_may_not_upload_is_refused_unread(
    who: str, status: int, code: str, http: httpx.AsyncClient
) -> None:
    member: Member | None = None
    if who == "expired token":
        member = dataclasses.replace(await make_member(), token="not-a-session")
    elif who != "anonymous":
        kind, role = who.split("/")
        member = await make_member(OrganisationType(kind), Role(role))
    before, sent = await state(), [0]

    response = await post(http, member, samples.endless(samples.pdf(), sent))

    assert response.status_code == status
    assert response.json()["code"] == code
    assert sent == [0] and await state() == before


@pytest.mark.parametrize(
    ("params", "field"),
    [({"kind": "POEM", "filename": "a.pdf"}, "kind"), ({"kind": "DESIGN"}, "filename")],
)
async def test_bad_parameters_are_refused(
    params: dict[str, str], field: str, http: httpx.AsyncClient
) -> None:
    member = await make_member()
    before = await state()
    response = await http.post(
        "/documents", params=params, content=samples.pdf(), headers=bearer(member)
    )
    assert response.status_code == 400 and response.json()["code"] == "BAD_USER_INPUT"
    assert field in response.json()["error"]
    assert await state() == before


async def test_download_streams_the_document_as_a_safe_attachment(
    http: httpx.AsyncClient,
) -> None:
    member = await make_member()
    content = samples.pdf(padding=300_000)
    uploaded = await post(http, member, content, filename='Plan "final" – été.pdf')

    response = await http.get(f"/documents/{uploaded.json()['id']}", headers=bearer(member))

    assert response.status_code == 200 and response.content == content
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-length"] == str(len(content))
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "private, no-store"
    assert response.headers["content-disposition"] == (
        'attachment; filename="Plan _final_ _ _t_.pdf"; '
        "filename*=UTF-8''Plan%20%22final%22%20%E2%80%93%20%C3%A9t%C3%A9.pdf"
    )


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("a.pdf", "attachment; filename=\"a.pdf\"; filename*=UTF-8''a.pdf"),
        ("a;b%.pdf", "attachment; filename=\"a_b_.pdf\"; filename*=UTF-8''a%3Bb%25.pdf"),
        ("été", "attachment; filename=\"_t_\"; filename*=UTF-8''%C3%A9t%C3%A9"),
        ("\\", "attachment; filename=\"_\"; filename*=UTF-8''%5C"),
    ],
)
def test_content_disposition_is_rfc_6266_safe(name: str, header: str) -> None:
    assert content_disposition(name) == header


async def test_download_refusals(http: httpx.AsyncClient) -> None:
    owner = await make_member()
    project = await make_project(owner)
    loose = await make_document(owner)
    stranger = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    government = await make_member(OrganisationType.GOVERNMENT, Role.VIEWER)
    attached = f"/documents/{project.design_document_id}"

    cases = [
        (None, attached, 401, "UNAUTHENTICATED"),
        (stranger, attached, 403, "FORBIDDEN"),
        (stranger, f"/documents/{loose.id}", 404, "NOT_FOUND"),
        (government, f"/documents/{loose.id}", 404, "NOT_FOUND"),
        (owner, "/documents/999999999", 404, "NOT_FOUND"),
        (owner, "/documents/abc", 404, "NOT_FOUND"),
    ]
    for member, path, status, code in cases:
        http.cookies.clear()
        response = await http.get(path, headers=bearer(member))
        assert (response.status_code, response.json()["code"]) == (status, code), path
    assert (await http.get(attached, headers=bearer(government))).status_code == 200
    assert (await http.get(f"/documents/{loose.id}", headers=bearer(owner))).status_code == 200
