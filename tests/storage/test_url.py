"""open_store: which store a configuration string names, and which strings it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import LocalStore, S3Store, open_store


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("/srv/registry/documents", Path("/srv/registry/documents")),
        ("data/documents", Path("data/documents")),
        ("file:///srv/registry/documents", Path("/srv/registry/documents")),
        ("file://localhost/srv/docs", Path("/srv/docs")),
        ("file:///srv/my%20documents", Path("/srv/my documents")),
    ],
)
def test_paths_and_file_urls_open_a_local_store(url: str, root: Path) -> None:
    store = open_store(url)

    assert isinstance(store, LocalStore)
    assert store.root == root


@pytest.mark.parametrize(
    ("url", "secure"),
    [
        ("s3://key:secret@minio:9000/documents", False),
        ("s3://key:secret@minio:9000/documents/", False),
        ("s3://key:secret@minio:9000/documents?secure=false", False),
        ("s3://key:secret@minio:9000/documents?secure=true", True),
        ("s3s://key:secret@minio:9000/documents", True),
        ("S3S://key:secret@minio:9000/documents?secure=1", True),
    ],
)
def test_s3_urls_open_an_s3_store(url: str, secure: bool) -> None:
    store = open_store(url)

    assert isinstance(store, S3Store)
    assert (store.endpoint, store.bucket, store.secure) == ("minio:9000", "documents", secure)


def test_percent_encoded_credentials_are_decoded() -> None:
    # The live S3 tests connect with an encoded secret ("registry%2Ftest%2Bsecret%3D"); this only
    # checks that what reaches the endpoint is the host and not part of the credentials.
    store = open_store("s3://my%40key:p%40ss%2Fw%3Ard@s3.example.org/documents")

    assert isinstance(store, S3Store)
    assert store.endpoint == "s3.example.org"


SECRET = "Sup3rS3cret"
INVALID = [
    "",
    "   ",
    "ftp://host/folder",
    "file://otherhost/srv/docs",
    "file:///srv/docs?x=1",
    f"s3://key:{SECRET}@minio:9000",
    f"s3://key:{SECRET}@minio:9000/",
    f"s3://key:{SECRET}@minio:9000/documents/nested",
    f"s3://key:{SECRET}@minio:9000/Bad_Bucket",
    f"s3://key:{SECRET}@/documents",
    "s3://key@minio:9000/documents",
    f"s3://:{SECRET}@minio:9000/documents",
    "s3://minio:9000/documents",
    f"s3://key:{SECRET}@minio:9000/documents?secure=maybe",
    f"s3://key:{SECRET}@minio:9000/documents?region=eu-west-1",
    f"s3s://key:{SECRET}@minio:9000/documents?secure=false",
]


@pytest.mark.parametrize("url", INVALID)
def test_invalid_urls_are_refused_without_echoing_the_secret(url: str) -> None:
    with pytest.raises(ValueError) as raised:
        open_store(url)

    assert SECRET not in str(raised.value)
