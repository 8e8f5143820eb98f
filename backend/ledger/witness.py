"""A witness: someone outside the registry (a partner registry, an auditor, a newspaper) who keeps
the last checkpoint they saw and, each time they look again, accepts the new one only if it is
signed by the registry's key and its log extends the kept one (RFC 9162 consistency proof).

A registry that rewrote its history, even with its own key and database superuser rights, cannot
give a witness a newer checkpoint consistent with the one the witness kept; one that shows a
smaller log, or another root at the same size, is caught at once. What a witness keeps is just
the last note it accepted, so anyone can run one with a cron job and compare notes with others.
"""

from __future__ import annotations

from collections.abc import Sequence

from .note import Checkpoint, NoteError, NoteVerifier
from .verify import ProofError, verify_consistency

__all__ = ["WitnessError", "advance"]


class WitnessError(ValueError):
    """The registry's new checkpoint cannot be accepted; the message says why."""


def advance(
    verifier: NoteVerifier, kept: str | None, latest: str, proof: Sequence[bytes] = ()
) -> Checkpoint:
    """Check the latest signed note against the kept one (None the first time) and the
    consistency proof from the kept size to the latest size; return the latest checkpoint, or
    raise WitnessError (bad signature, another origin, a smaller log, another root at the same
    size, or a proof that does not verify: the log was rewritten)."""
    try:
        new = verifier.verify(latest)
    except NoteError as exc:
        raise WitnessError(f"the registry's checkpoint does not verify: {exc}") from None
    if kept is None:
        return new
    try:
        old = verifier.verify(kept)
    except NoteError as exc:
        raise WitnessError(f"the kept checkpoint does not verify: {exc}") from None
    if new.origin != old.origin:
        raise WitnessError(f"the checkpoint is for {new.origin!r}, not {old.origin!r}")
    if new.size < old.size:
        raise WitnessError(
            f"the log shrank from {old.size} to {new.size} entries: it was rolled back"
        )
    if new.size == old.size:
        if new.root != old.root:
            raise WitnessError(
                f"two roots for the same {new.size} entries ({old.root.hex()} kept, "
                f"{new.root.hex()} now): the log was rewritten (a fork)"
            )
        return new
    try:
        verify_consistency(old.size, new.size, proof, old.root, new.root)
    except ProofError as exc:
        raise WitnessError(
            f"the log at {new.size} entries does not extend the kept one at {old.size} ({exc}): "
            "it was rewritten (a fork)"
        ) from None
    return new
