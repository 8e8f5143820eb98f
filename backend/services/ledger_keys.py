"""The checkpoint signing key: a PEM file outside the database, created on first start (0600)."""

from __future__ import annotations

import os
from pathlib import Path

from backend.config import write_private_file
from backend.ledger.note import NoteSigner, generate_key, load_private_key, private_key_pem


def load_or_create_signer(path: Path, name: str) -> NoteSigner:
    """The signer for key file path, generating an Ed25519 key there if it does not exist."""
    if not path.exists():
        write_private_file(path, private_key_pem(generate_key()))
    if os.stat(path).st_mode & 0o077:
        raise PermissionError(f"{path} must not be readable by group or others (chmod 600)")
    return NoteSigner(name, load_private_key(path.read_bytes()))
