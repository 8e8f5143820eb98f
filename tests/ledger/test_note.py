"""C2SP signed-note checkpoints: signing, verifying, key ids and verifier keys."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from backend.ledger.hashing import EMPTY_ROOT
from backend.ledger.note import (
    Checkpoint,
    NoteError,
    NoteSigner,
    NoteVerifier,
    generate_key,
    key_id,
    load_private_key,
    parse_vkey,
    private_key_pem,
)

SEED = bytes(range(32))
KEY = Ed25519PrivateKey.from_private_bytes(SEED)
ROOT = hashlib.sha256(b"root").digest()
CHECKPOINT = Checkpoint("registry.example.vu/ledger", 42, ROOT)


def signer(name: str = "registry.example.vu/ledger", key: Ed25519PrivateKey = KEY) -> NoteSigner:
    return NoteSigner(name, key)


def test_checkpoint_body_format() -> None:
    assert CHECKPOINT.body() == (
        "registry.example.vu/ledger\n42\n" + base64.b64encode(ROOT).decode() + "\n"
    )
    assert Checkpoint.parse(CHECKPOINT.body()) == CHECKPOINT


@pytest.mark.parametrize(
    "text",
    [
        "origin\n42\n" + base64.b64encode(ROOT).decode(),  # no final newline
        "origin\n042\n" + base64.b64encode(ROOT).decode() + "\n",  # leading zero
        "origin\n-1\n" + base64.b64encode(ROOT).decode() + "\n",
        "origin\n42\n" + base64.b64encode(ROOT[:31]).decode() + "\n",  # short root
        "origin\n42\n" + base64.b64encode(ROOT).decode() + "\nextension\n",
        "\n42\n" + base64.b64encode(ROOT).decode() + "\n",  # empty origin
    ],
)
def test_bad_checkpoint_text_is_refused(text: str) -> None:
    with pytest.raises(NoteError):
        Checkpoint.parse(text)


def test_key_id_follows_c2sp() -> None:
    public = KEY.public_key().public_bytes_raw()
    expected = hashlib.sha256(b"name\n\x01" + public).digest()[:4]
    assert key_id("name", public) == expected


def test_note_format() -> None:
    note = signer().sign(CHECKPOINT)
    text, signature_line = note.split("\n\n")
    assert text + "\n" == CHECKPOINT.body()
    assert signature_line.startswith("\u2014 registry.example.vu/ledger ")
    assert signature_line.endswith("\n")
    raw = base64.b64decode(signature_line.split(" ")[2])
    assert raw[:4] == signer().key_id
    assert len(raw) == 4 + 64
    KEY.public_key().verify(raw[4:], CHECKPOINT.body().encode())


def test_vkey_format_and_roundtrip() -> None:
    vkey = signer().vkey()
    name, hex_id, encoded = vkey.split("+", 2)
    assert name == "registry.example.vu/ledger"
    assert hex_id == signer().key_id.hex()
    assert base64.b64decode(encoded) == b"\x01" + KEY.public_key().public_bytes_raw()
    assert parse_vkey(vkey) == (name, signer().key_id, KEY.public_key().public_bytes_raw())


def test_sign_then_verify() -> None:
    note = signer().sign(CHECKPOINT)
    assert NoteVerifier(signer().vkey()).verify(note) == CHECKPOINT


def test_empty_tree_checkpoint() -> None:
    empty = Checkpoint("o", 0, EMPTY_ROOT)
    assert NoteVerifier(signer("o").vkey()).verify(signer("o").sign(empty)) == empty


def test_forged_signature_is_refused() -> None:
    note = signer().sign(CHECKPOINT)
    text, line = note.split("\n\n")
    prefix, name, encoded = line.rstrip("\n").split(" ")
    raw = bytearray(base64.b64decode(encoded))
    raw[10] ^= 1
    forged = f"{text}\n\n{prefix} {name} {base64.b64encode(bytes(raw)).decode()}\n"
    with pytest.raises(NoteError, match="invalid signature"):
        NoteVerifier(signer().vkey()).verify(forged)


def test_tampered_body_is_refused() -> None:
    note = signer().sign(CHECKPOINT).replace("\n42\n", "\n43\n")
    with pytest.raises(NoteError, match="invalid signature"):
        NoteVerifier(signer().vkey()).verify(note)


def test_wrong_key_is_refused() -> None:
    note = signer().sign(CHECKPOINT)
    other = signer(key=generate_key())
    with pytest.raises(NoteError, match="no signature by the known key"):
        NoteVerifier(other.vkey()).verify(note)


def test_wrong_name_is_refused() -> None:
    note = signer("another.registry").sign(CHECKPOINT)
    with pytest.raises(NoteError, match="no signature by the known key"):
        NoteVerifier(signer().vkey()).verify(note)


def test_same_name_other_key_id_is_an_unknown_key() -> None:
    impostor = signer(key=generate_key())
    with pytest.raises(NoteError, match="no signature by the known key"):
        NoteVerifier(signer().vkey()).verify(impostor.sign(CHECKPOINT))


def test_other_signatures_are_ignored_when_ours_verifies() -> None:
    note = signer().sign(CHECKPOINT)
    witness = signer("witness.example", generate_key()).sign(CHECKPOINT)
    cosigned = note + witness.split("\n\n")[1]
    assert NoteVerifier(signer().vkey()).verify(cosigned) == CHECKPOINT


@pytest.mark.parametrize(
    "mangle",
    [
        lambda note: note.replace("\n\n", "\n"),  # no blank line
        lambda note: note.rstrip("\n"),  # signature line without newline
        lambda note: note.replace("\u2014", "-"),  # wrong dash
        lambda note: note[:-3] + "!!\n",  # signature not base64
        lambda note: note.replace("42", "4\x002"),  # control character in text
        lambda note: note.replace("42", "4\ud8002"),  # lone surrogate in text
    ],
)
def test_malformed_notes_are_refused(mangle: object) -> None:
    assert callable(mangle)
    with pytest.raises(NoteError):
        NoteVerifier(signer().vkey()).verify(mangle(signer().sign(CHECKPOINT)))


@pytest.mark.parametrize(
    "vkey",
    [
        "name+0000000+AQ==",
        "name+zzzzzzzz+" + base64.b64encode(b"\x01" + bytes(32)).decode(),
        "only+two",
        "name+"
        + key_id("name", bytes(32)).hex()
        + "+"
        + base64.b64encode(b"\x02" + bytes(32)).decode(),
        "name+"
        + key_id("other", bytes(32)).hex()
        + "+"
        + base64.b64encode(b"\x01" + bytes(32)).decode(),
    ],
)
def test_bad_vkeys_are_refused(vkey: str) -> None:
    with pytest.raises(NoteError):
        NoteVerifier(vkey)


@pytest.mark.parametrize("name", ["", "with space", "a+b"])
def test_bad_key_names_are_refused(name: str) -> None:
    with pytest.raises(NoteError):
        NoteSigner(name, KEY)


def test_private_key_pem_roundtrip() -> None:
    pem = private_key_pem(KEY)
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    loaded = load_private_key(pem)
    assert loaded.private_bytes_raw() == SEED
    with pytest.raises(NoteError):
        load_private_key(b"not a key")
