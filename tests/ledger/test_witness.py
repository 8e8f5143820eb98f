"""A witness accepts a new checkpoint only if it extends the one it kept."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from backend.ledger.hashing import leaf_hash
from backend.ledger.note import Checkpoint, NoteSigner, NoteVerifier
from backend.ledger.witness import WitnessError, advance
from tests.ledger.test_proofs_property import mth, naive_consistency

ORIGIN = "registry.example.vu/ledger"
SIGNER = NoteSigner(ORIGIN, Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
VERIFIER = NoteVerifier(SIGNER.vkey())
INTRUDER = NoteSigner(ORIGIN, Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33))))


def note(size: int, root: bytes | None = None, signer: NoteSigner = SIGNER) -> str:
    return signer.sign(Checkpoint(ORIGIN, size, mth(0, size) if root is None else root))


def test_the_first_checkpoint_is_taken_on_its_signature() -> None:
    assert advance(VERIFIER, None, note(5)) == Checkpoint(ORIGIN, 5, mth(0, 5))
    with pytest.raises(WitnessError, match="does not verify"):
        advance(VERIFIER, None, note(5, signer=INTRUDER))


@pytest.mark.parametrize(("old", "new"), [(1, 2), (3, 4), (5, 8), (7, 33), (32, 64), (6, 6)])
def test_a_log_that_grew_is_accepted_with_its_proof(old: int, new: int) -> None:
    accepted = advance(VERIFIER, note(old), note(new), naive_consistency(old, new))
    assert (accepted.size, accepted.root) == (new, mth(0, new))


def test_a_rewritten_log_is_caught() -> None:
    forged_root = leaf_hash(b"another history")
    with pytest.raises(WitnessError, match="fork"):  # same size, other root
        advance(VERIFIER, note(6), note(6, forged_root))
    with pytest.raises(WitnessError, match="fork"):  # grew, but not from what was kept
        advance(VERIFIER, note(6, forged_root), note(9), naive_consistency(6, 9))
    with pytest.raises(WitnessError, match="fork"):  # a proof of something else
        advance(VERIFIER, note(6), note(9), naive_consistency(5, 9))
    with pytest.raises(WitnessError, match="fork"):  # no proof at all
        advance(VERIFIER, note(6), note(9))


def test_a_rolled_back_log_is_caught() -> None:
    with pytest.raises(WitnessError, match="rolled back"):
        advance(VERIFIER, note(9), note(6))


def test_signatures_and_origins_are_checked() -> None:
    with pytest.raises(WitnessError, match="registry's checkpoint does not verify"):
        advance(VERIFIER, note(3), note(4, signer=INTRUDER), naive_consistency(3, 4))
    with pytest.raises(WitnessError, match="kept checkpoint does not verify"):
        advance(VERIFIER, note(3, signer=INTRUDER), note(4), naive_consistency(3, 4))
    elsewhere = NoteSigner("other.example/ledger", Ed25519PrivateKey.from_private_bytes(bytes(32)))
    other = NoteVerifier(elsewhere.vkey())
    kept = elsewhere.sign(Checkpoint("other.example/ledger", 3, mth(0, 3)))
    moved = elsewhere.sign(Checkpoint("moved.example/ledger", 4, mth(0, 4)))
    with pytest.raises(WitnessError, match="not 'other.example/ledger'"):
        advance(other, kept, moved, naive_consistency(3, 4))
