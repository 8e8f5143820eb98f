"""The `backend`/`store` fixtures over both stores; the S3 server is the session's `s3_server`
(tests/conftest.py). Without the rclone binary the S3 tests fail rather than skip: the contract
must hold on both."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from storage import DocumentStore, LocalStore, open_store

from .backends import Backend, S3Server, walk


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """A fresh, empty store of each kind: a LocalStore on tmp_path, an S3Store on a new bucket."""
    if request.param == "local":
        root = tmp_path / "documents"
        return Backend("local", LocalStore(root), lambda: walk(root))
    server: S3Server = request.getfixturevalue("s3_server")
    bucket = f"test-{uuid.uuid4().hex[:20]}"
    client = server.client()

    def contents() -> list[str]:
        if not client.bucket_exists(bucket):
            return []
        objects = [f"object:{o.object_name}" for o in client.list_objects(bucket, recursive=True)]
        return sorted(objects) + [f"file:{path}" for path in walk(server.root / bucket)]

    return Backend("s3", open_store(server.url(bucket)), contents)


@pytest.fixture
def store(backend: Backend) -> DocumentStore:
    return backend.store
