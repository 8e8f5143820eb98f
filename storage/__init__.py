"""Document storage: one async DocumentStore protocol, on a local folder or an S3 bucket.

    store = open_store(settings.documents_url)
    stored = await store.put("projects/42/design/v1", request.stream(), max_bytes=20 << 20)
    # stored.sha256, stored.size, stored.media_type go into the database row.

This package imports nothing from `backend`.
"""

from storage.local import LocalStore
from storage.s3 import S3Store
from storage.sniff import ALLOWED_MEDIA_TYPES
from storage.store import (
    DocumentNotFound,
    DocumentRejected,
    DocumentStore,
    RejectionReason,
    StorageError,
    StoredObject,
    validate_key,
)
from storage.url import open_store

__all__ = [
    "ALLOWED_MEDIA_TYPES",
    "DocumentNotFound",
    "DocumentRejected",
    "DocumentStore",
    "LocalStore",
    "RejectionReason",
    "S3Store",
    "StorageError",
    "StoredObject",
    "open_store",
    "validate_key",
]
