"""A DocumentStore on a local folder: one file per document, at the key's relative path.

An upload is written to a temporary file in the store's top folder (the same file system as every
document, so `os.replace` is atomic), fsynced, and only once accepted is its folder created and
the file renamed into place. A refused or failed upload therefore leaves no file and no empty
folder behind, and a reader never sees half a document. Temporary names contain "~", which no key
may, so they can never collide with a document. Files are created 0600, folders 0700.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO

import anyio.to_thread

from storage import intake
from storage.store import DocumentNotFound, StoredObject, check_max_bytes, validate_key

__all__ = ["LocalStore"]

TEMP_PREFIX = ".~upload-"
_MISSING = (FileNotFoundError, IsADirectoryError, NotADirectoryError)


class LocalStore:
    """Documents as files under `root` (created, 0700, on the first upload)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"LocalStore({str(self.root)!r})"

    def path(self, key: str) -> Path:
        """The file that holds (or would hold) the document `key`; ValueError for an unsafe key."""
        return self.root.joinpath(*validate_key(key).split("/"))

    async def put(self, key: str, chunks: AsyncIterator[bytes], *, max_bytes: int) -> StoredObject:
        """See DocumentStore.put."""
        path = self.path(key)
        check_max_bytes(max_bytes)
        file, temp = await anyio.to_thread.run_sync(self._open_temp)
        try:
            size, sha256 = await intake.receive(chunks, file, max_bytes=max_bytes)
            media_type = await anyio.to_thread.run_sync(intake.judge, file)
            await anyio.to_thread.run_sync(_commit, file, temp, path)
        except BaseException:
            # Synchronous on purpose: this must also run when the task is being cancelled.
            file.close()
            temp.unlink(missing_ok=True)
            raise
        return StoredObject(key=key, size=size, sha256=sha256, media_type=media_type)

    async def get(self, key: str) -> AsyncIterator[bytes]:
        """See DocumentStore.get."""
        path = self.path(key)
        try:
            file = await anyio.to_thread.run_sync(_open, path)
        except _MISSING:
            raise DocumentNotFound(key) from None
        return _read_chunks(file)

    async def stat(self, key: str) -> StoredObject:
        """See DocumentStore.stat; reads and hashes the whole file."""
        path = self.path(key)
        try:
            size, sha256, media_type = await anyio.to_thread.run_sync(_inspect, path)
        except _MISSING:
            raise DocumentNotFound(key) from None
        return StoredObject(key=key, size=size, sha256=sha256, media_type=media_type)

    async def delete(self, key: str) -> None:
        """See DocumentStore.delete. Emptied folders are kept: removing them would race a put."""
        path = self.path(key)
        try:
            await anyio.to_thread.run_sync(path.unlink)
        except _MISSING:
            pass

    async def presigned_url(self, key: str, *, expires_seconds: int) -> str | None:
        """Always None: a local folder has no URL; the app streams the document itself."""
        validate_key(key)
        return None

    def _open_temp(self) -> tuple[IO[bytes], Path]:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.root)  # mode 0600
        return os.fdopen(descriptor, "w+b"), Path(name)


def _commit(file: IO[bytes], temp: Path, path: Path) -> None:
    file.flush()
    os.fsync(file.fileno())
    file.close()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.replace(temp, path)
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable, not only the file's bytes.
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _open(path: Path) -> IO[bytes]:
    return path.open("rb")


def _inspect(path: Path) -> tuple[int, str, str]:
    with path.open("rb") as file:
        return intake.inspect(file)


async def _read_chunks(file: IO[bytes]) -> AsyncIterator[bytes]:
    try:
        while chunk := await anyio.to_thread.run_sync(file.read, intake.CHUNK_BYTES):
            yield chunk
    finally:
        file.close()
