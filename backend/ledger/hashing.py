"""RFC 6962 / RFC 9162 Merkle tree hashing with domain separation.

A leaf is hashed as SHA-256(0x00 || data) and an interior node as SHA-256(0x01 || left || right), so
a leaf can never be mistaken for a node (the second-preimage attack RFC 6962 section 2.1 prevents).
"""

from __future__ import annotations

import hashlib

__all__ = ["EMPTY_ROOT", "HASH_SIZE", "leaf_hash", "node_hash"]

HASH_SIZE = 32
"""Length in bytes of every hash in the tree."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""Root of the empty tree: SHA-256 of the empty string."""

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    """Return SHA-256(0x00 || data), the hash of a leaf holding data; never raises."""
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return SHA-256(0x01 || left || right) for two child hashes; the caller checks their sizes."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()
