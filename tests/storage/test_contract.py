"""The DocumentStore contract, run over both backends (local folder and a real S3 server)."""

from __future__ import annotations

import asyncio
import hashlib
import urllib.request
from collections.abc import AsyncIterator, Callable

import anyio.to_thread
import pytest

from storage import DocumentNotFound, DocumentRejected, DocumentStore, StoredObject, sniff

from . import samples
from .backends import Backend

LIMIT = 1 << 20


async def read_all(store: DocumentStore, key: str) -> bytes:
    return b"".join([chunk async for chunk in await store.get(key)])


async def test_put_then_get_roundtrips_a_pdf(store: DocumentStore) -> None:
    document = samples.pdf()

    stored = await store.put("projects/15/design/v1.pdf", samples.once(document), max_bytes=LIMIT)
    read_back = await read_all(store, "projects/15/design/v1.pdf")

    assert read_back == document
    assert stored == StoredObject(
        key="projects/15/design/v1.pdf",
        size=len(read_back),
        sha256=hashlib.sha256(read_back).hexdigest(),
        media_type="application/pdf",
    )


async def test_many_small_chunks_give_the_same_hash_as_one(store: DocumentStore) -> None:
    document = samples.pdf(padding=300_000)  # several read chunks long

    whole = await store.put("whole", samples.once(document), max_bytes=LIMIT)
    streamed = await store.put("streamed", samples.chunked(document, 997), max_bytes=LIMIT)

    assert streamed.sha256 == whole.sha256 == hashlib.sha256(document).hexdigest()
    assert streamed.size == whole.size == len(document)
    assert await read_all(store, "streamed") == document


async def test_empty_chunks_are_skipped(store: DocumentStore) -> None:
    async def with_gaps() -> AsyncIterator[bytes]:
        for chunk in (b"", samples.pdf()[:10], b"", samples.pdf()[10:], b""):
            yield chunk

    stored = await store.put("gaps.pdf", with_gaps(), max_bytes=LIMIT)

    assert stored.sha256 == hashlib.sha256(samples.pdf()).hexdigest()


async def test_stat_describes_the_stored_bytes(store: DocumentStore) -> None:
    stored = await store.put("a/b/c/report.pdf", samples.once(samples.pdf()), max_bytes=LIMIT)

    assert await store.stat("a/b/c/report.pdf") == stored


async def test_put_replaces_the_document_under_the_same_key(store: DocumentStore) -> None:
    await store.put("doc", samples.once(samples.pdf()), max_bytes=LIMIT)

    replaced = await store.put("doc", samples.once(samples.png()), max_bytes=LIMIT)

    assert await read_all(store, "doc") == samples.png()
    assert await store.stat("doc") == replaced
    assert replaced.media_type == "image/png"


async def test_delete_removes_and_is_idempotent(backend: Backend) -> None:
    store = backend.store
    await store.put("keep/doc.pdf", samples.once(samples.pdf()), max_bytes=LIMIT)
    await store.put("drop/me.pdf", samples.once(samples.pdf()), max_bytes=LIMIT)

    await store.delete("drop/me.pdf")
    await store.delete("drop/me.pdf")
    await store.delete("never/existed.pdf")

    with pytest.raises(DocumentNotFound):
        await store.stat("drop/me.pdf")
    assert await read_all(store, "keep/doc.pdf") == samples.pdf()
    assert [entry for entry in backend.contents() if "me.pdf" in entry] == []


@pytest.mark.parametrize("operation", ["get", "stat"])
async def test_missing_documents_are_not_found(store: DocumentStore, operation: str) -> None:
    await store.put("present.pdf", samples.once(samples.pdf()), max_bytes=LIMIT)
    await store.put("folder/present.pdf", samples.once(samples.pdf()), max_bytes=LIMIT)
    call: Callable[[str], object] = getattr(store, operation)

    for key in ("absent.pdf", "present.pdf/child", "folder/absent.pdf", "folder", "fold"):
        with pytest.raises(DocumentNotFound) as raised:
            await call(key)  # type: ignore[misc]
        assert raised.value.key == key


async def test_get_can_be_closed_before_the_end(store: DocumentStore) -> None:
    document = samples.pdf(padding=200_000)
    await store.put("big.pdf", samples.once(document), max_bytes=LIMIT)

    chunks = await store.get("big.pdf")
    first = await anext(chunks)
    await chunks.aclose()  # type: ignore[attr-defined]

    assert document.startswith(first)
    await store.delete("big.pdf")
    with pytest.raises(DocumentNotFound):
        await store.stat("big.pdf")


REFUSED = [
    pytest.param(
        "drawing.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "type_not_allowed",
        id="svg",
    ),
    pytest.param(
        "design.pdf",
        b"<!doctype html><html><body><script>alert(1)</script></body></html>",
        "type_not_allowed",
        id="html-named-pdf",
    ),
    pytest.param("empty.pdf", b"", "empty", id="empty"),
    pytest.param("big.pdf", samples.pdf(padding=2_000), "too_large", id="over-limit"),
]


@pytest.mark.parametrize(("key", "content", "reason"), REFUSED)
async def test_refused_uploads_leave_the_store_as_it_was(
    backend: Backend, key: str, content: bytes, reason: str
) -> None:
    store = backend.store
    existing = await store.put("existing.pdf", samples.once(samples.pdf()), max_bytes=LIMIT)
    before = backend.contents()

    for target in (key, "existing.pdf"):  # a new key, and over an existing document
        with pytest.raises(DocumentRejected) as raised:
            await store.put(target, samples.chunked(content, 100), max_bytes=1_000)
        assert raised.value.reason == reason
        assert str(raised.value)  # a message for the uploader

    assert backend.contents() == before
    assert await store.stat("existing.pdf") == existing


async def test_a_refused_upload_to_a_fresh_store_creates_nothing(backend: Backend) -> None:
    with pytest.raises(DocumentRejected):
        await backend.store.put("x.pdf", samples.once(b"<svg/>"), max_bytes=LIMIT)

    assert backend.contents() == []


async def test_no_chunks_at_all_is_empty(backend: Backend) -> None:
    with pytest.raises(DocumentRejected) as raised:
        await backend.store.put("x.pdf", samples.chunked(b"", 10), max_bytes=LIMIT)

    assert raised.value.reason == "empty"
    assert backend.contents() == []


async def test_the_limit_stops_reading_the_stream(backend: Backend) -> None:
    taken = [0]
    first = samples.pdf()[:100]
    endless = samples.endless(first + bytes(900), taken)

    with pytest.raises(DocumentRejected) as raised:
        await backend.store.put("endless.pdf", endless, max_bytes=10_000)

    assert raised.value.reason == "too_large"
    assert "9.8 KB" in str(raised.value)
    assert taken[0] == 11  # 11 x 1000 bytes is the first total over 10 000
    assert backend.contents() == []


async def test_exactly_the_limit_is_accepted(store: DocumentStore) -> None:
    document = samples.pdf()

    stored = await store.put("exact.pdf", samples.once(document), max_bytes=len(document))

    assert stored.size == len(document)


ACCEPTED = [
    pytest.param("scan.png", samples.png(), sniff.PNG, id="png"),
    pytest.param("photo.jpg", samples.jpeg(), sniff.JPEG, id="jpeg"),
    pytest.param("credits.csv", samples.csv(), sniff.CSV, id="csv"),
    pytest.param("credits.xlsx", samples.ooxml("xlsx"), sniff.XLSX, id="xlsx"),
    pytest.param("export.xlsx", samples.openpyxl_workbook(), sniff.XLSX, id="xlsx-openpyxl"),
    pytest.param("letter.docx", samples.ooxml("docx"), sniff.DOCX, id="docx"),
    pytest.param("slides.pptx", samples.ooxml("pptx"), sniff.PPTX, id="pptx"),
    pytest.param("old.doc", samples.ole("WordDocument"), sniff.DOC, id="doc"),
    pytest.param("old.xls", samples.ole("Workbook"), sniff.XLS, id="xls"),
    # The name plays no part: a PNG called .pdf is stored as the PNG it is.
    pytest.param("misnamed.pdf", samples.png(), sniff.PNG, id="png-named-pdf"),
]


@pytest.mark.parametrize(("key", "content", "media_type"), ACCEPTED)
async def test_allowed_types_are_stored_with_their_sniffed_type(
    store: DocumentStore, key: str, content: bytes, media_type: str
) -> None:
    stored = await store.put(key, samples.chunked(content, 333), max_bytes=LIMIT)

    assert stored.media_type == media_type
    assert await store.stat(key) == stored
    assert await read_all(store, key) == content


BAD_KEYS = [
    "",
    "/absolute.pdf",
    "../escape.pdf",
    "a/../../escape.pdf",
    "a/..",
    "a//b",
    "a/",
    "./a",
    "a/./b",
    "..",
    "with space.pdf",
    "back\\slash.pdf",
    "tilde~.pdf",
    "é.pdf",
    "nul\x00.pdf",
    "x" * 1025,
]


@pytest.mark.parametrize("key", BAD_KEYS)
async def test_unsafe_keys_are_refused_by_every_operation(backend: Backend, key: str) -> None:
    store = backend.store

    with pytest.raises(ValueError):
        await store.put(key, samples.once(samples.pdf()), max_bytes=LIMIT)
    with pytest.raises(ValueError):
        await store.get(key)
    with pytest.raises(ValueError):
        await store.stat(key)
    with pytest.raises(ValueError):
        await store.delete(key)
    with pytest.raises(ValueError):
        await store.presigned_url(key, expires_seconds=60)
    assert backend.contents() == []


@pytest.mark.parametrize("max_bytes", [0, -1])
async def test_a_non_positive_limit_is_a_programming_error(
    store: DocumentStore, max_bytes: int
) -> None:
    with pytest.raises(ValueError):
        await store.put("x.pdf", samples.once(samples.pdf()), max_bytes=max_bytes)


async def test_presigned_url_downloads_the_document_on_s3_only(backend: Backend) -> None:
    document = samples.pdf()
    await backend.store.put("signed/doc.pdf", samples.once(document), max_bytes=LIMIT)

    url = await backend.store.presigned_url("signed/doc.pdf", expires_seconds=60)

    if backend.kind == "local":
        assert url is None
        return
    assert url is not None
    body, content_type = await anyio.to_thread.run_sync(_download, url)
    assert body == document
    assert content_type == "application/pdf"


def _download(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), response.headers["Content-Type"]


async def test_a_stream_that_fails_midway_leaves_the_store_as_it_was(backend: Backend) -> None:
    async def broken() -> AsyncIterator[bytes]:
        yield samples.pdf()[:100]
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        await backend.store.put("broken.pdf", broken(), max_bytes=LIMIT)

    assert backend.contents() == []


async def test_a_cancelled_upload_leaves_the_store_as_it_was(backend: Backend) -> None:
    started = asyncio.Event()

    async def stalled() -> AsyncIterator[bytes]:
        yield samples.pdf()[:100]
        started.set()
        await asyncio.Event().wait()  # the client stops sending
        yield b""  # pragma: no cover

    upload = asyncio.create_task(backend.store.put("stalled.pdf", stalled(), max_bytes=LIMIT))
    await started.wait()
    upload.cancel()

    with pytest.raises(asyncio.CancelledError):
        await upload
    assert backend.contents() == []
