"""A DocumentStore on one S3 bucket (MinIO, AWS S3, Ceph, `rclone serve s3`…), through minio.

minio's client is synchronous, so every call runs in a worker thread. An upload's size is not
known while it streams, so it is spooled (in memory up to `spool_bytes`, then to a temporary file)
while being counted, hashed and sniffed, and sent with one `put_object` of known length only once
accepted: a refused upload never reaches the bucket (which is created on the first accepted
upload). minio itself switches to a multipart upload above 5 MiB parts; S3 makes an object visible
only when its upload completes, so readers never see half a document.

The object carries the sniffed media type as its Content-Type (so presigned downloads are served
with it) and no other metadata: uploader, version and checksum live in the database.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from functools import partial
from typing import BinaryIO, TypeVar, cast

import anyio.to_thread
from minio import Minio
from minio.error import InvalidResponseError, MinioException, S3Error
from minio.helpers import check_bucket_name
from urllib3 import BaseHTTPResponse

from storage import intake
from storage.store import DocumentNotFound, StoredObject, check_max_bytes, validate_key

__all__ = ["S3Store"]

_NOT_FOUND = frozenset({"NoSuchKey", "NoSuchBucket", "NoSuchObject", "ResourceNotFound"})
_MAX_PRESIGN_SECONDS = 7 * 24 * 3600  # SigV4's limit
_T = TypeVar("_T")


class S3Store:
    """Documents as objects named by their keys in `bucket`. The secret key is never shown."""

    def __init__(
        self,
        *,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        secure: bool = True,
        region: str = "us-east-1",
        spool_bytes: int = 8 << 20,
    ) -> None:
        check_bucket_name(bucket, strict=True)  # lower case, digits, . and -; 3-63 long
        self.endpoint = endpoint
        self.bucket = bucket
        self.secure = secure
        self._spool_bytes = spool_bytes
        self._bucket_ready = False
        # A fixed region spares minio a GetBucketLocation round trip and makes presigning local.
        self._client = Minio(
            endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region
        )

    def __repr__(self) -> str:
        return f"S3Store(endpoint={self.endpoint!r}, bucket={self.bucket!r}, secure={self.secure})"

    async def put(self, key: str, chunks: AsyncIterator[bytes], *, max_bytes: int) -> StoredObject:
        """See DocumentStore.put."""
        validate_key(key)
        check_max_bytes(max_bytes)
        with tempfile.SpooledTemporaryFile(max_size=self._spool_bytes) as spool:
            size, sha256 = await intake.receive(chunks, spool, max_bytes=max_bytes)
            media_type = await anyio.to_thread.run_sync(intake.judge, spool)
            await self._ensure_bucket()
            await self._call(
                partial(
                    self._client.put_object,
                    self.bucket,
                    key,
                    cast(BinaryIO, spool),  # minio reads it with .read(n) only
                    size,
                    content_type=media_type,
                )
            )
        return StoredObject(key=key, size=size, sha256=sha256, media_type=media_type)

    async def get(self, key: str) -> AsyncIterator[bytes]:
        """See DocumentStore.get."""
        response = await self._open(key)
        return _read_chunks(response)

    async def stat(self, key: str) -> StoredObject:
        """See DocumentStore.stat: downloads the object to hash and sniff it."""
        response = await self._open(key)
        try:
            size, sha256, media_type = await anyio.to_thread.run_sync(
                _inspect, response, self._spool_bytes
            )
        finally:
            _release(response)
        return StoredObject(key=key, size=size, sha256=sha256, media_type=media_type)

    async def delete(self, key: str) -> None:
        """See DocumentStore.delete."""
        validate_key(key)
        try:
            await self._call(partial(self._client.remove_object, self.bucket, key))
        except MinioException as error:
            if not _is_not_found(error):
                raise

    async def presigned_url(self, key: str, *, expires_seconds: int) -> str | None:
        """A presigned GET URL valid for `expires_seconds` (1 to 604800); computed locally."""
        validate_key(key)
        if not 1 <= expires_seconds <= _MAX_PRESIGN_SECONDS:
            raise ValueError(f"expires_seconds must be between 1 and {_MAX_PRESIGN_SECONDS}.")
        expires = timedelta(seconds=expires_seconds)
        return await self._call(
            partial(self._client.presigned_get_object, self.bucket, key, expires=expires)
        )

    async def _open(self, key: str) -> BaseHTTPResponse:
        validate_key(key)
        try:
            return await self._call(partial(self._client.get_object, self.bucket, key))
        except MinioException as error:
            if _is_not_found(error):
                raise DocumentNotFound(key) from None
            raise

    async def _ensure_bucket(self) -> None:
        if not self._bucket_ready:
            await self._call(self._create_bucket_if_missing)
            self._bucket_ready = True

    def _create_bucket_if_missing(self) -> None:
        if self._client.bucket_exists(self.bucket):
            return
        try:
            self._client.make_bucket(self.bucket)
        except MinioException:
            if not self._client.bucket_exists(self.bucket):  # else another process won the race
                raise

    @staticmethod
    async def _call(function: Callable[[], _T]) -> _T:
        return await anyio.to_thread.run_sync(function)


def _is_not_found(error: MinioException) -> bool:
    if isinstance(error, S3Error):
        return error.code in _NOT_FOUND
    # Some servers (rclone serve s3) send error bodies as text/xml, which minio does not parse:
    # it raises InvalidResponseError, keeping the HTTP status only in a private attribute.
    return isinstance(error, InvalidResponseError) and getattr(error, "_code", None) == 404


def _inspect(response: BaseHTTPResponse, spool_bytes: int) -> tuple[int, str, str]:
    with tempfile.SpooledTemporaryFile(max_size=spool_bytes) as spool:
        while chunk := response.read(intake.CHUNK_BYTES):
            spool.write(chunk)
        return intake.inspect(spool)


async def _read_chunks(response: BaseHTTPResponse) -> AsyncIterator[bytes]:
    try:
        while chunk := await anyio.to_thread.run_sync(response.read, intake.CHUNK_BYTES):
            yield chunk
    finally:
        _release(response)


def _release(response: BaseHTTPResponse) -> None:
    response.close()
    response.release_conn()
