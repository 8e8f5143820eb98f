"""A real S3 server for the session, and the `backend`/`store` fixtures over both stores.

Without the rclone binary the S3 tests fail rather than skip: the contract must hold on both.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import DocumentStore, LocalStore, open_store

from .backends import Backend, RcloneNotFound, S3Server, find_rclone, running_s3_server, walk


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    try:
        rclone = find_rclone()
    except RcloneNotFound as error:
        pytest.fail(str(error), pytrace=False)
    with running_s3_server(rclone, tmp_path_factory.mktemp("s3-server")) as server:
        yield server


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
