"""The documents the ministry issues, as PDFs in the reader's language, each citing the ledger
entry it rests on and the signed checkpoint that covers it: the project approval (no-objection)
letter, the Article 6.2 authorisation letter, the issuance statement, the retirement
certificate."""

from backend.services.letters.citation import Citation
from backend.services.letters.facts import (
    Letter,
    article6_authorisation,
    issuance_statement,
    project_approval,
    retirement_certificate,
)
from backend.services.letters.render import render

__all__ = [
    "Citation",
    "Letter",
    "article6_authorisation",
    "issuance_statement",
    "project_approval",
    "render",
    "retirement_certificate",
]
