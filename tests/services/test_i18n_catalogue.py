"""The server catalogue (backend/i18n): every key in every language, none empty, each with the
same placeholders as English; every e-mail event, export column and PDF kind has its texts."""

from __future__ import annotations

import string

from backend import i18n
from backend.services import notifications
from backend.services.exports import LISTS

SAME_IN_FRENCH = {"export.financings.isInternational"}  # "International" is French too
KINDS = (
    "project_approval",
    "article6_authorisation",
    "issuance_statement",
    "retirement_certificate",
)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_every_key_and_none_is_empty() -> None:
    english = i18n.CATALOGUES["en"]
    for language in i18n.LANGUAGES:
        catalogue = i18n.CATALOGUES[language]
        assert set(catalogue) == set(english), (language, set(catalogue) ^ set(english))
        empty = [key for key, text in catalogue.items() if not text.strip()]
        assert empty == [], (language, empty)
        differing = [
            key for key in english if placeholders(catalogue[key]) != placeholders(english[key])
        ]
        assert differing == [], (language, differing)


def test_french_and_spanish_are_not_english_copies() -> None:
    english = i18n.CATALOGUES["en"]
    for language in ("fr", "es"):
        same = [
            key
            for key, text in i18n.CATALOGUES[language].items()
            if text == english[key] and len(text) > 12 and key not in SAME_IN_FRENCH
        ]
        assert same == [], (language, same)


def test_every_event_mail_and_account_mail_has_a_subject_and_body() -> None:
    for event in notifications.EVENTS:
        subject = i18n.text("en", f"mail.{event}.subject")
        body = i18n.text("en", f"mail.{event}.body")
        assert placeholders(body) <= placeholders(subject) | {"url"}, event
    for kind in ("invitation", "password_reset", "registration_received", "registration_duplicate"):
        for part in ("subject", "body"):
            assert f"mail.{kind}.{part}" in i18n.CATALOGUES["en"]


def test_every_export_column_and_pdf_kind_has_its_words() -> None:
    english = i18n.CATALOGUES["en"]
    needed = [f"export.{name}.{key}" for name, source in LISTS.items() for key in source.columns]
    needed += [f"pdf.{kind}.{part}" for kind in KINDS for part in ("title", "body")]
    assert len(needed) == 116  # issue 12: certifiers, an activity's sector and owners
    assert [key for key in needed if key not in english] == []


def test_an_unknown_language_falls_back_to_english_and_a_regional_one_to_its_own() -> None:
    assert i18n.supported("de") == "en"
    assert i18n.supported("fr-CA") == "fr"
    assert i18n.text("es-MX", "mail.footer", country="Vanuatu", url="u").startswith("Este")
