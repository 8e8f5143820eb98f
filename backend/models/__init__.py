"""Tortoise models, one module per aggregate. Tortoise discovers them through this package."""

from backend.models.ledger import LedgerCheckpoint, LedgerEntry, LedgerHead, LedgerNode
from backend.models.organisation import Organisation
from backend.models.user import PasswordResetToken, Session, User

__all__ = [
    "LedgerCheckpoint",
    "LedgerEntry",
    "LedgerHead",
    "LedgerNode",
    "Organisation",
    "PasswordResetToken",
    "Session",
    "User",
]
