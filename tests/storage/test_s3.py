"""What only the S3 store promises: lazy bucket creation, spooling, presigning, a hidden secret."""

from __future__ import annotations

import hashlib
import uuid
from urllib.parse import quote

import pytest

from storage import DocumentNotFound, DocumentRejected, S3Store, open_store

from . import samples
from .backends import ACCESS_KEY, SECRET_KEY, S3Server

LIMIT = 1 << 20


def fresh_bucket() -> str:
    return f"test-{uuid.uuid4().hex[:20]}"


def s3_store(server: S3Server, bucket: str, *, spool_bytes: int = 8 << 20) -> S3Store:
    return S3Store(
        endpoint=server.endpoint,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        bucket=bucket,
        secure=False,
        spool_bytes=spool_bytes,
    )


async def test_the_bucket_is_created_by_the_first_accepted_upload(s3_server: S3Server) -> None:
    bucket = fresh_bucket()
    store = s3_store(s3_server, bucket)
    client = s3_server.client()

    with pytest.raises(DocumentRejected):
        await store.put("x.pdf", samples.once(b"<svg/>"), max_bytes=LIMIT)
    with pytest.raises(DocumentNotFound):
        await store.stat("x.pdf")
    await store.delete("x.pdf")
    assert not client.bucket_exists(bucket)

    await store.put("x.pdf", samples.once(samples.pdf()), max_bytes=LIMIT)
    assert client.bucket_exists(bucket)


async def test_an_existing_bucket_is_used_as_it_is(s3_server: S3Server) -> None:
    bucket = fresh_bucket()
    s3_server.client().make_bucket(bucket)
    first, second = s3_store(s3_server, bucket), s3_store(s3_server, bucket)

    stored = await first.put("shared.pdf", samples.once(samples.pdf()), max_bytes=LIMIT)

    assert await second.stat("shared.pdf") == stored


async def test_uploads_larger_than_the_memory_spool_go_through_disk(s3_server: S3Server) -> None:
    store = s3_store(s3_server, fresh_bucket(), spool_bytes=4096)
    document = samples.pdf(padding=300_000)

    stored = await store.put("big.pdf", samples.chunked(document, 10_000), max_bytes=LIMIT)

    assert stored.sha256 == hashlib.sha256(document).hexdigest()
    assert await store.stat("big.pdf") == stored


@pytest.mark.parametrize("expires_seconds", [0, -5, 7 * 24 * 3600 + 1])
async def test_presigned_urls_expire_within_sigv4_limits(
    s3_server: S3Server, expires_seconds: int
) -> None:
    store = s3_store(s3_server, fresh_bucket())

    with pytest.raises(ValueError):
        await store.presigned_url("doc.pdf", expires_seconds=expires_seconds)


def test_the_secret_never_shows(s3_server: S3Server) -> None:
    store = open_store(s3_server.url("documents"))

    for text in (repr(store), str(store)):
        assert SECRET_KEY not in text
        assert quote(SECRET_KEY, safe="") not in text
    assert (
        repr(store) == f"S3Store(endpoint={s3_server.endpoint!r}, bucket='documents', secure=False)"
    )


async def test_wrong_credentials_fail_without_showing_the_secret(s3_server: S3Server) -> None:
    store = open_store(f"s3://{ACCESS_KEY}:not-the-secret-at-all@{s3_server.endpoint}/documents")

    with pytest.raises(Exception) as raised:
        await store.put("x.pdf", samples.once(samples.pdf()), max_bytes=LIMIT)

    assert not isinstance(raised.value, DocumentRejected)
    assert "not-the-secret-at-all" not in str(raised.value)
