"""Open a document store from one configuration string.

- `/srv/registry/documents`, `./data/documents` or `file:///srv/registry/documents`: a LocalStore.
- `s3://ACCESS_KEY:SECRET_KEY@HOST:PORT/BUCKET`: an S3Store over plain HTTP;
  `s3s://…` or `s3://…?secure=true`: over HTTPS. Percent-encode reserved characters of the key
  and secret (`/` as `%2F`, `+` as `%2B`, `@` as `%40`); they are decoded here.

Error messages never repeat the URL, since it may hold the secret key.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from storage.local import LocalStore
from storage.s3 import S3Store
from storage.store import DocumentStore

__all__ = ["open_store"]

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})


def open_store(url: str) -> DocumentStore:
    """The store that a path or a file://, s3:// or s3s:// URL names; ValueError if invalid."""
    if not url.strip():
        raise ValueError("The document store URL is empty.")
    if "://" not in url:
        return LocalStore(Path(url))
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        return _local_store(parts.netloc, parts.path, parts.query)
    if scheme in ("s3", "s3s"):
        return _s3_store(parts.netloc, parts.path, parts.query, https=scheme == "s3s")
    raise ValueError(
        f"Unsupported document store URL scheme {scheme!r}: use a path, file://, s3:// or s3s://."
    )


def _local_store(host: str, path: str, query: str) -> LocalStore:
    if host not in ("", "localhost") or query:
        raise ValueError("A file:// document store URL is file:///absolute/path, with no host.")
    folder = Path(unquote(path))
    if not folder.is_absolute():
        raise ValueError("A file:// document store URL needs an absolute path.")
    return LocalStore(folder)


def _s3_store(netloc: str, path: str, query: str, *, https: bool) -> S3Store:
    credentials, at, endpoint = netloc.rpartition("@")
    access_key, colon, secret_key = credentials.partition(":")
    if not at or not colon or not access_key or not secret_key:
        raise ValueError(
            "An s3:// document store URL needs ACCESS_KEY:SECRET_KEY@ before the host."
        )
    if not endpoint:
        raise ValueError("An s3:// document store URL needs a host (and port).")
    bucket = path.strip("/")
    if not bucket or "/" in bucket:
        raise ValueError("An s3:// document store URL ends with /BUCKET and nothing more.")
    secure = https
    for name, value in parse_qsl(query, keep_blank_values=True):
        if name != "secure" or value.lower() not in _TRUE | _FALSE:
            raise ValueError("An s3:// document store URL accepts only ?secure=true or false.")
        secure = value.lower() in _TRUE
        if https and not secure:
            raise ValueError("An s3s:// document store URL is always secure.")
    return S3Store(
        endpoint=endpoint,
        access_key=unquote(access_key),
        secret_key=unquote(secret_key),
        bucket=bucket,
        secure=secure,
    )
