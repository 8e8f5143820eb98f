"""The result of an audit, and its short human-readable form."""

from __future__ import annotations

from dataclasses import dataclass, field

from .replay import ReplaySummary

__all__ = ["AuditReport"]


@dataclass
class AuditReport:
    """What the audit found; ok is False exactly when problem is set.

    entries and checkpoints count what the export holds; root is recomputed from all its bodies;
    replay_summary covers the entries replayed before the first problem.
    """

    ok: bool
    first_bad_seq: int | None
    problem: str | None
    entries: int
    checkpoints: int
    root: bytes
    replay_summary: ReplaySummary
    origin: str = ""
    key_source: str = ""
    checkpoints_verified: int = 0
    kept_size: int | None = None
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return a short human report, one sentence per line."""
        s = self.replay_summary
        out = [
            f"Ledger {self.origin!r}: {self.entries} entries, {self.checkpoints} checkpoints.",
            f"Trusted key: {self.key_source}.",
            f"Recomputed root at size {self.entries}: {self.root.hex()}.",
            f"Checkpoints verified: {self.checkpoints_verified} of {self.checkpoints}.",
            f"Replay of {s.entries} entries: {s.issued} units issued in {s.blocks} blocks; "
            f"{s.active} active, {s.reserved} reserved for retirement, {s.retired} retired, "
            f"{s.cancelled} cancelled.",
        ]
        if self.kept_size is not None:
            out.append(f"Kept checkpoint at size {self.kept_size}: checked against the entries.")
        out += [f"Warning: {warning}" for warning in self.warnings]
        if self.ok:
            out.append("OK: every entry, signature, checkpoint root and rule verifies.")
        elif self.first_bad_seq is None:
            out.append(f"FAILED: {self.problem}")
        else:
            out.append(f"FAILED at seq {self.first_bad_seq}: {self.problem}")
        return out
