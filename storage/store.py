"""The DocumentStore protocol, what it returns, and the errors it raises.

A store keeps opaque bytes under a key. It computes a document's size and SHA-256 while the bytes
stream in and sniffs the media type from the bytes themselves; everything else about a document
(uploader, version, decision status, the client's file name) belongs in the database, which is the
caller's job.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Literal, Protocol

__all__ = [
    "DocumentNotFound",
    "DocumentRejected",
    "DocumentStore",
    "RejectionReason",
    "StorageError",
    "StoredObject",
    "validate_key",
]

RejectionReason = Literal["empty", "too_large", "type_not_allowed"]

_KEY_CHARACTERS = re.compile(r"[A-Za-z0-9._/-]+")
MAX_KEY_LENGTH = 1024  # S3's limit, in bytes; keys are ASCII so characters = bytes


@dataclass(frozen=True, slots=True)
class StoredObject:
    """A document as the store holds it: size in bytes, SHA-256 in lower-case hex, media type."""

    key: str
    size: int
    sha256: str
    media_type: str


class StorageError(Exception):
    """Base class of the errors a DocumentStore raises on purpose."""


class DocumentNotFound(StorageError):
    """No document is stored under the key."""

    def __init__(self, key: str) -> None:
        super().__init__(f"No document is stored under {key!r}.")
        self.key = key


class DocumentRejected(StorageError):
    """An upload was refused; `str(error)` is a message fit to show the uploader.

    `reason` is a stable code ("empty", "too_large", "type_not_allowed"); for "type_not_allowed",
    `media_type` is what the bytes were sniffed as.
    """

    def __init__(
        self, reason: RejectionReason, message: str, *, media_type: str | None = None
    ) -> None:
        super().__init__(message)
        self.reason: RejectionReason = reason
        self.message = message
        self.media_type = media_type


def validate_key(key: str) -> str:
    """Return `key` unchanged if it is a safe relative path; raise ValueError otherwise.

    Allowed: `[A-Za-z0-9._/-]`, at most 1024 characters, `/`-separated segments that are neither
    empty nor `.` nor `..`. So no leading or trailing `/`, no `//`, and a key can never name
    anything outside a local store's folder.
    """
    if not isinstance(key, str) or not key:
        raise ValueError("A document key must be a non-empty string.")
    if len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"A document key is at most {MAX_KEY_LENGTH} characters long.")
    if _KEY_CHARACTERS.fullmatch(key) is None:
        raise ValueError("A document key may contain only letters, digits and . _ / -")
    if any(segment in ("", ".", "..") for segment in key.split("/")):
        raise ValueError(
            "A document key is a relative path: no leading, trailing or double '/', "
            "and no '.' or '..' segment."
        )
    return key


def check_max_bytes(max_bytes: int) -> None:
    """Raise ValueError unless `max_bytes` is a positive int (a caller's bug, not a refusal)."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ValueError("max_bytes must be a positive integer.")


class DocumentStore(Protocol):
    """Where documents' bytes live. Every method validates `key` first (ValueError if unsafe)."""

    async def put(self, key: str, chunks: AsyncIterator[bytes], *, max_bytes: int) -> StoredObject:
        """Store the streamed bytes under `key`, replacing any document there, and describe them.

        Size and SHA-256 are computed while streaming; the media type is sniffed from the bytes.
        Raises DocumentRejected ("empty", "too_large" as soon as more than `max_bytes` arrive,
        "type_not_allowed") and then leaves the store exactly as it was.
        """
        ...

    async def get(self, key: str) -> AsyncIterator[bytes]:
        """Open the document for streaming; raises DocumentNotFound before any byte is read.

        Iterate the result to the end, or `aclose()` it, to release the file or connection.
        """
        ...

    async def stat(self, key: str) -> StoredObject:
        """Read the stored bytes back and describe them; raises DocumentNotFound.

        Size, SHA-256 and media type are recomputed from what is stored (reading the whole
        document), so comparing the result with the database row is an integrity check.
        """
        ...

    async def delete(self, key: str) -> None:
        """Remove the document; deleting a missing document is not an error."""
        ...

    async def presigned_url(self, key: str, *, expires_seconds: int) -> str | None:
        """A URL that downloads the document without credentials, or None if the store has none."""
        ...
