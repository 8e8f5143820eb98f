"""Dates and whole numbers written as each language writes them (in the server's documents and
e-mails): 3 December 2026 / 3 décembre 2026 / 3 de diciembre de 2026; 12,500 / 12 500 / 12.500."""

from __future__ import annotations

from datetime import date

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
}
PATTERNS = {
    "en": "{day} {month} {year}",
    "fr": "{day} {month} {year}",
    "es": "{day} de {month} de {year}",
}
GROUPING = {"en": ",", "fr": " ", "es": "."}


def long_date(language: str, value: date) -> str:
    """value as the language writes a date in a letter (English for an unknown language)."""
    code = language if language in MONTHS else "en"
    month = MONTHS[code].split()[value.month - 1]
    return PATTERNS[code].format(day=value.day, month=month, year=value.year)


def whole_number(language: str, value: int) -> str:
    """value with the language's thousands separator (a plain space in French, as PDF's
    standard fonts have no narrow no-break space)."""
    grouped = f"{value:,}"
    return grouped.replace(",", GROUPING.get(language, ","))
