"""Reads the UI's message catalogues (frontend/src/i18n/messages/*.ts) without TypeScript.

Each file declares one or more `defineMessages({ en: {...}, fr: {...}, es: {...} })` whose texts
are plain string literals; this module parses exactly that shape and reports what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MESSAGES = Path(__file__).resolve().parents[2] / "frontend" / "src" / "i18n" / "messages"
LANGUAGES = ("en", "fr", "es")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
_TOKEN = re.compile(
    r"""\s+|//[^\n]*|/\*.*?\*/"""
    r"""|(?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\$]|\\.)*`)"""
    r"""|(?P<name>[A-Za-z_$][\w$]*)|(?P<punct>[{}():,])""",
    re.S,
)


class CatalogueError(ValueError):
    """A catalogue file not of the plain shape this reader takes."""


@dataclass(frozen=True)
class Catalogue:
    file: str
    name: str
    texts: dict[str, dict[str, str]]  # language -> key -> text


def _unquote(token: str) -> str:
    body = token[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


def _tokens(source: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(source):
        kind = m.lastgroup
        if kind:
            out.append((kind, m[kind]))
    return out


def _object(tokens: list[tuple[str, str]], i: int, where: str) -> tuple[dict[str, object], int]:
    if tokens[i] != ("punct", "{"):
        raise CatalogueError(f"{where}: expected an object literal")
    i += 1
    out: dict[str, object] = {}
    while tokens[i] != ("punct", "}"):
        kind, value = tokens[i]
        if kind not in ("str", "name"):
            raise CatalogueError(f"{where}: expected a key, found {value!r}")
        key = _unquote(value) if kind == "str" else value
        if key in out:
            raise CatalogueError(f"{where}: key {key!r} appears twice")
        if tokens[i + 1] != ("punct", ":"):
            raise CatalogueError(f"{where}: expected ':' after {key!r}")
        i += 2
        kind, value = tokens[i]
        if kind == "str":
            out[key] = _unquote(value)
            i += 1
        elif (kind, value) == ("punct", "{"):
            out[key], i = _object(tokens, i, f"{where} {key}")
        else:
            raise CatalogueError(f"{where}: {key!r} must be a plain string, found {value!r}")
        if tokens[i] == ("punct", ","):
            i += 1
        elif tokens[i] != ("punct", "}"):
            raise CatalogueError(f"{where}: expected ',' or '}}' after {key!r}")
    return out, i + 1


def parse_source(source: str, file: str = "<source>") -> list[Catalogue]:
    """Every defineMessages({...}) of a catalogue file, with the constant it is assigned to."""
    tokens = _tokens(source)
    found: list[Catalogue] = []
    for i, token in enumerate(tokens):
        if token != ("name", "defineMessages") or tokens[i + 1] != ("punct", "("):
            continue
        if i == 0 or tokens[i - 1][1] == "function":
            continue  # the declaration of defineMessages itself, not a catalogue
        name = tokens[i - 1][1]
        body, _ = _object(tokens, i + 2, f"{file} {name}")
        texts: dict[str, dict[str, str]] = {}
        for lang, value in body.items():
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise CatalogueError(f"{file} {name}.{lang}: must map keys to plain strings")
            texts[lang] = {str(k): str(v) for k, v in value.items()}
        found.append(Catalogue(file, name, texts))
    return found


def problems(catalogue: Catalogue) -> list[str]:
    """What is wrong: a language missing or extra, a key missing or extra, an empty text, or
    placeholders / plural forms that differ from the English text."""
    where = f"{catalogue.file} {catalogue.name}"
    found = sorted(catalogue.texts)
    if found != sorted(LANGUAGES):
        return [f"{where}: languages {found}, expected {sorted(LANGUAGES)}"]
    english = catalogue.texts["en"]
    out: list[str] = []
    for lang in LANGUAGES:
        texts = catalogue.texts[lang]
        for key in sorted(english.keys() - texts.keys()):
            out.append(f"{where}: {key!r} missing in {lang}")
        for key in sorted(texts.keys() - english.keys()):
            out.append(f"{where}: {key!r} in {lang} but not in en")
        for key, text in sorted(texts.items()):
            if not text.strip():
                out.append(f"{where}: {key!r} is empty in {lang}")
            elif key in english and lang != "en":
                source = english[key]
                if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(source)):
                    out.append(f"{where}: {key!r} in {lang} has other placeholders than en")
                if text.count("|") != source.count("|"):
                    out.append(f"{where}: {key!r} in {lang} has other plural forms than en")
    return out


def load_all(directory: Path = MESSAGES) -> list[Catalogue]:
    """The catalogues of every file in frontend/src/i18n/messages."""
    catalogues: list[Catalogue] = []
    for path in sorted(directory.glob("*.ts")):
        parsed = parse_source(path.read_text(encoding="utf-8"), path.name)
        if not parsed:
            raise CatalogueError(f"{path.name}: no defineMessages(...) catalogue")
        catalogues.extend(parsed)
    return catalogues
