"""What is left in English on a page shown in French or Spanish.

The English words are those of the UI's English catalogue (frontend/src/i18n/messages) that no
text of the other language's catalogue uses too ("Organisations", "Date", "Transport" are the
same word in French and stay allowed). Data values (names, e-mails, serials, titles the people
typed, the server's stored notification subjects) are taken out of the page text first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tests.web.i18n_catalogues import PLACEHOLDER, load_all

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Tokens that are data whatever the language: e-mails, URLs and paths, serial numbers and IDs.
DATA_TOKENS = re.compile(
    r"\S+@\S+|https?://\S+|\b[\w.-]+/[\w./-]+|\b[A-Z0-9]+(?:-[A-Z0-9]+){2,}\b|#\d+"
    r"|\b[\w-]+\.(?:pdf|png|jpe?g|csv|xlsx)\b"  # file names people uploaded
)


def words(texts: Iterable[str]) -> set[str]:
    """The lower-cased words (3+ letters) of texts, placeholders and plural bars left out."""
    found: set[str] = set()
    for text in texts:
        found.update(w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", text).replace("|", " ")))
    return found


def english_only_words(lang: str) -> set[str]:
    """The English catalogue's words that the catalogue of lang never uses."""
    catalogues = load_all()
    english = words(t for c in catalogues for t in c.texts["en"].values())
    other = words(t for c in catalogues for t in c.texts[lang].values())
    return english - other


def visible_text(page: Any) -> str:
    """The page's rendered text, with the placeholders and values of its inputs."""
    return str(
        page.evaluate(
            """() => [document.body.innerText,
                ...[...document.querySelectorAll(
                    'input:not([type=radio]):not([type=checkbox]):not([type=hidden]), textarea')]
                   .filter(e => e.offsetParent !== null)
                   .map(e => (e.placeholder || '') + ' ' + (e.value || ''))].join('\\n')"""
        )
    )


def english_left(text: str, lang: str, data: Iterable[str]) -> list[str]:
    """The English-only words in text once the data values are taken out (sorted, unique)."""
    for value in sorted({d for d in data if d}, key=len, reverse=True):
        text = text.replace(value, " ")
    text = DATA_TOKENS.sub(" ", text)
    return sorted(words([text]) & english_only_words(lang))
