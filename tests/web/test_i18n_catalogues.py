"""Every UI message catalogue has the same keys in English, French and Spanish, none empty, with
the same placeholders; the checker itself catches each kind of mistake."""

from __future__ import annotations

import pytest

from tests.web.i18n_catalogues import (
    LANGUAGES,
    MESSAGES,
    CatalogueError,
    load_all,
    parse_source,
    problems,
)

GOOD = """
import { defineMessages } from "../types";
// a comment
export const sample = defineMessages({
  en: { "a.b": "Projects: {count}", plain: 'It\\'s {name}', "n": "one credit|{count} credits" },
  fr: { "a.b": "Projets : {count}", plain: "C'est {name}", "n": "un crédit|{count} crédits" },
  es: { "a.b": "Proyectos: {count}", plain: "Es {name}", "n": "un crédito|{count} créditos" },
});
"""


def test_every_catalogue_is_complete_in_every_language() -> None:
    catalogues = load_all()
    names = {c.file for c in catalogues}
    assert {"common.ts", "enums.ts"} <= names
    found = [problem for catalogue in catalogues for problem in problems(catalogue)]
    assert found == []
    assert sum(len(c.texts["en"]) for c in catalogues) > 100


def test_the_reader_parses_the_plain_shape() -> None:
    (sample,) = parse_source(GOOD, "sample.ts")
    assert sample.name == "sample"
    assert sample.texts["en"]["plain"] == "It's {name}"
    assert sample.texts["fr"]["a.b"] == "Projets : {count}"
    assert problems(sample) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('"a.b": "Projets : {count}", ', ""), "'a.b' missing in fr"),
        (("es: { ", 'es: { extra: "x", '), "'extra' in es but not in en"),
        (('"Es {name}"', '"  "'), "'plain' is empty in es"),
        (('"Proyectos: {count}"', '"Proyectos: {total}"'), "other placeholders"),
        (('"un crédito|{count} créditos"', '"{count} créditos"'), "other plural forms"),
    ],
)
def test_the_checker_finds_each_mistake(change: tuple[str, str], expected: str) -> None:
    before, after = change
    assert before in GOOD
    (sample,) = parse_source(GOOD.replace(before, after, 1), "sample.ts")
    found = problems(sample)
    assert len(found) == 1 and expected in found[0], found


def test_a_missing_language_or_a_computed_text_is_refused() -> None:
    without_es = GOOD.split("  es:")[0] + "});"
    (sample,) = parse_source(without_es, "sample.ts")
    assert "languages" in problems(sample)[0]
    with pytest.raises(CatalogueError, match="plain string"):
        parse_source(GOOD.replace('"Es {name}"', "`Es ${name}`"), "sample.ts")
    with pytest.raises(CatalogueError, match="twice"):
        parse_source(GOOD.replace('plain: "C', '"a.b": "x", plain: "C'), "sample.ts")


def test_the_catalogue_folder_is_the_ui_one() -> None:
    assert MESSAGES.is_dir() and LANGUAGES == ("en", "fr", "es")
