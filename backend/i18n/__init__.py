"""The server's words in each language it writes (e-mails, PDF documents, export headers):
one catalogue per language, the same keys in each (a test fails on a missing or empty one).
Texts are str.format templates, e.g. text("fr", "mail.password_reset.subject")."""

from __future__ import annotations

from collections.abc import Mapping

from backend.i18n.en import TEXTS as ENGLISH
from backend.i18n.es import TEXTS as SPANISH
from backend.i18n.fr import TEXTS as FRENCH

LANGUAGES = ("en", "fr", "es")
DEFAULT = "en"
CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": ENGLISH, "fr": FRENCH, "es": SPANISH}


def supported(language: str | None) -> str:
    """language if the registry writes it (its first two letters, e.g. fr-CA), else English."""
    code = (language or "").strip().lower()[:2]
    return code if code in CATALOGUES else DEFAULT


def text(language: str | None, key: str, **values: object) -> str:
    """The text of key in language (English where the language lacks it), filled with values.
    Raises KeyError for a key no catalogue has: a programming error, not the caller's."""
    catalogue = CATALOGUES[supported(language)]
    template = catalogue.get(key) or CATALOGUES[DEFAULT][key]
    return template.format(**values) if values else template


__all__ = ["CATALOGUES", "DEFAULT", "LANGUAGES", "supported", "text"]
