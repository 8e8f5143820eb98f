"""Checkpoints as C2SP signed notes (signed-note.md and tlog-checkpoint.md), signed with Ed25519.

A checkpoint's text is "{origin}\\n{size}\\n{base64 root}\\n"; the note appends a blank line and one
line per signature: "\u2014 {key name} {base64(4-byte key id || signature)}\\n". The key id is the
first 4 bytes of SHA-256(name || "\\n" || 0x01 || public key), 0x01 naming Ed25519.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .hashing import HASH_SIZE

__all__ = [
    "Checkpoint",
    "NoteError",
    "NoteSigner",
    "NoteVerifier",
    "generate_key",
    "key_id",
    "load_private_key",
    "parse_vkey",
    "private_key_pem",
]

ALG_ED25519 = 0x01
_SIG_PREFIX = "\u2014 "
_MAX_SIGNATURES = 100


class NoteError(ValueError):
    """A note or checkpoint is malformed, signed by an unknown key, or its signature is bad."""


def _b64decode(text: str, what: str) -> bytes:
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise NoteError(f"{what} is not base64") from exc
    if base64.b64encode(data).decode("ascii") != text:
        raise NoteError(f"{what} is not canonical base64")
    return data


def _check_name(name: str) -> None:
    if not name or any(c.isspace() or c == "+" for c in name):
        raise NoteError(f"key name {name!r} must be non-empty, without spaces or '+'")


MAX_SIZE_DIGITS = 20
"""A tree size is below 2**64 (a C2SP checkpoint holds a uint64), so it has at most 20 digits."""


@dataclass(frozen=True)
class Checkpoint:
    """A signed tree head: the log's origin line, its size and its RFC 6962 root."""

    origin: str
    size: int
    root: bytes

    def __post_init__(self) -> None:
        if not self.origin or any(c < " " for c in self.origin):
            raise NoteError("origin must be a non-empty line without control characters")
        if not isinstance(self.size, int) or isinstance(self.size, bool) or self.size < 0:
            raise NoteError("size must be a non-negative integer")
        if len(self.root) != HASH_SIZE:
            raise NoteError(f"root must be {HASH_SIZE} bytes")

    def body(self) -> str:
        """Return the checkpoint text that is signed."""
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode('ascii')}\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """Parse a checkpoint text of exactly three lines; raise NoteError on any other form."""
        if not text.endswith("\n"):
            raise NoteError("checkpoint text must end with a newline")
        lines = text[:-1].split("\n")
        if len(lines) != 3:
            raise NoteError("checkpoint text must have exactly three lines")
        origin, size, root = lines
        if not size.isascii() or not size.isdigit() or (size != "0" and size.startswith("0")):
            raise NoteError(f"tree size {size!r} is not a canonical decimal number")
        if len(size) > MAX_SIZE_DIGITS:
            raise NoteError(f"tree size of {len(size)} digits is beyond any log")
        return cls(origin, int(size), _b64decode(root, "root hash"))


def key_id(name: str, public_key: bytes) -> bytes:
    """Return the 4-byte C2SP key id of an Ed25519 public key under a name; never raises."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([ALG_ED25519]) + public_key).digest()[:4]


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


class NoteSigner:
    """Signs checkpoints as C2SP notes with an Ed25519 key under a key name."""

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        """Raise NoteError if name is empty or holds spaces or '+'."""
        _check_name(name)
        self.name = name
        self._key = private_key
        self.public_key = _raw_public(private_key.public_key())
        self.key_id = key_id(name, self.public_key)

    def sign(self, checkpoint: Checkpoint) -> str:
        """Return the full signed note for checkpoint; never raises."""
        text = checkpoint.body()
        signature = self._key.sign(text.encode("utf-8"))
        encoded = base64.b64encode(self.key_id + signature).decode("ascii")
        return f"{text}\n{_SIG_PREFIX}{self.name} {encoded}\n"

    def vkey(self) -> str:
        """Return the C2SP verifier key string name+hex(key id)+base64(0x01 || public key)."""
        encoded = base64.b64encode(bytes([ALG_ED25519]) + self.public_key).decode("ascii")
        return f"{self.name}+{self.key_id.hex()}+{encoded}"


def parse_vkey(vkey: str) -> tuple[str, bytes, bytes]:
    """Split a verifier key into (name, key id, raw public key); raise NoteError if malformed."""
    parts = vkey.strip().split("+", 2)
    if len(parts) != 3:
        raise NoteError("a verifier key has the form name+keyid+base64key")
    name, hex_id, encoded = parts
    _check_name(name)
    if len(hex_id) != 8 or hex_id != hex_id.lower():
        raise NoteError("the key id must be 8 lower-case hex digits")
    try:
        wanted_id = bytes.fromhex(hex_id)
    except ValueError as exc:
        raise NoteError("the key id must be 8 lower-case hex digits") from exc
    key = _b64decode(encoded, "verifier key")
    if len(key) != 33 or key[0] != ALG_ED25519:
        raise NoteError("only Ed25519 verifier keys (0x01 || 32 bytes) are supported")
    if key_id(name, key[1:]) != wanted_id:
        raise NoteError("the key id does not match the key name and public key")
    return name, wanted_id, key[1:]


class NoteVerifier:
    """Verifies notes signed by one known key, given as a C2SP verifier key string."""

    def __init__(self, vkey: str) -> None:
        """Raise NoteError if vkey is malformed."""
        self.name, self.key_id, self.public_key = parse_vkey(vkey)
        self._key = Ed25519PublicKey.from_public_bytes(self.public_key)

    def verify(self, note: str) -> Checkpoint:
        """Return the checkpoint in note; NoteError on bad format, unknown key or bad signature."""
        split = note.rfind("\n\n")
        if split < 0:
            raise NoteError("a note needs a blank line before its signatures")
        text, signatures = note[: split + 1], note[split + 2 :]
        if any(c < " " and c != "\n" for c in text):
            raise NoteError("note text must not contain control characters other than newline")
        try:
            message = text.encode("utf-8")
        except UnicodeEncodeError:
            raise NoteError("note text is not valid Unicode") from None
        if not signatures.endswith("\n"):
            raise NoteError("signature lines must end with a newline")
        lines = signatures[:-1].split("\n")
        if len(lines) > _MAX_SIGNATURES:
            raise NoteError("too many signatures")
        verified = False
        for line in lines:
            if not line.startswith(_SIG_PREFIX) or line.count(" ") != 2:
                raise NoteError(f"malformed signature line {line!r}")
            name, encoded = line[len(_SIG_PREFIX) :].split(" ")
            _check_name(name)
            raw = _b64decode(encoded, "signature")
            if len(raw) < 5:
                raise NoteError("signature too short")
            if name != self.name or raw[:4] != self.key_id:
                continue  # someone else's signature (a witness, say): not ours to judge
            try:
                self._key.verify(raw[4:], message)
            except InvalidSignature as exc:
                raise NoteError(f"invalid signature by {name}") from exc
            verified = True
        if not verified:
            raise NoteError(f"no signature by the known key {self.name}")
        return Checkpoint.parse(text)


def generate_key() -> Ed25519PrivateKey:
    """Return a new random Ed25519 private key."""
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    """Return key as unencrypted PKCS#8 PEM; protecting the file it goes to is the caller's job."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    """Load an unencrypted PKCS#8 PEM Ed25519 private key; raise NoteError on anything else."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise NoteError(f"cannot load the private key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise NoteError("the private key is not an Ed25519 key")
    return key
