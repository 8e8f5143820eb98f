"""What every store does with an upload before keeping it: count, hash, spool, sniff, then judge.

The blocking parts (file writes, hashing, sniffing) run in worker threads so the event loop never
waits on them.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import IO

import anyio.to_thread

from storage import sniff
from storage.store import DocumentRejected

__all__ = ["CHUNK_BYTES", "inspect", "judge", "receive"]

CHUNK_BYTES = 1 << 16

_ACCEPTED = (
    "Accepted files are PDF documents, PNG and JPEG images, CSV files, "
    "and Word, Excel and PowerPoint documents."
)


async def receive(
    chunks: AsyncIterator[bytes], sink: IO[bytes], *, max_bytes: int
) -> tuple[int, str]:
    """Write the chunks to `sink` and return (size, SHA-256 hex).

    Raises DocumentRejected "too_large" as soon as more than `max_bytes` have arrived (the rest is
    not read) and "empty" if nothing arrived; the caller discards `sink`.
    """
    digest = hashlib.sha256()
    size = 0

    def absorb(chunk: bytes) -> None:
        digest.update(chunk)
        sink.write(chunk)

    async for chunk in chunks:
        if not chunk:
            continue
        size += len(chunk)
        if size > max_bytes:
            raise DocumentRejected(
                "too_large", f"The file is larger than the limit of {_format_size(max_bytes)}."
            )
        await anyio.to_thread.run_sync(absorb, chunk)
    if size == 0:
        raise DocumentRejected("empty", "The file is empty.")
    return size, digest.hexdigest()


def judge(file: IO[bytes]) -> str:
    """Sniff the (complete, seekable) upload; return its media type if allowed.

    Raises DocumentRejected "type_not_allowed". Blocking: run it in a worker thread.
    """
    file.flush()
    media_type = sniff.sniff(file)
    if not sniff.is_allowed(media_type):
        raise DocumentRejected(
            "type_not_allowed",
            f"This file is {sniff.describe(media_type)}, which cannot be uploaded. {_ACCEPTED}",
            media_type=media_type,
        )
    return media_type


def inspect(file: IO[bytes]) -> tuple[int, str, str]:
    """(size, SHA-256 hex, sniffed media type) of a whole seekable file. Blocking."""
    file.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := file.read(CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest(), sniff.sniff(file)


def _format_size(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"
