"""What a backend fixture gives, and what a store holds. The S3 server itself is tests/s3server.py,
shared with the registry's tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from minio import Minio

from storage import DocumentStore, LocalStore, S3Store
from tests.s3server import (
    ACCESS_KEY,
    SECRET_KEY,
    RcloneNotFound,
    S3Server,
    find_rclone,
    running_s3_server,
)

__all__ = [
    "ACCESS_KEY",
    "SECRET_KEY",
    "Backend",
    "RcloneNotFound",
    "S3Server",
    "find_rclone",
    "running_s3_server",
    "store_contents",
    "walk",
]


@dataclass(frozen=True)
class Backend:
    kind: str  # "local" or "s3"
    store: DocumentStore
    contents: Callable[[], list[str]]  # everything the backend holds, temporary files included


def walk(root: Path) -> list[str]:
    """Every file and folder under `root`, hidden ones included, as sorted relative paths."""
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*"))


def store_contents(store: DocumentStore) -> list[str]:
    """The documents a store holds (a local store's temporary files included; its emptied
    folders, which it keeps on purpose, not): for "nothing was left behind" checks."""
    if isinstance(store, LocalStore):
        return [name for name in walk(store.root) if (store.root / name).is_file()]
    assert isinstance(store, S3Store), store
    client = Minio(store.endpoint, ACCESS_KEY, SECRET_KEY, secure=store.secure, region="us-east-1")
    if not client.bucket_exists(store.bucket):
        return []
    return sorted(str(o.object_name) for o in client.list_objects(store.bucket, recursive=True))
