"""The server's enum labels (backend/i18n/enum_labels.py, for export cells and PDF texts) are the
UI's (frontend/src/i18n/messages/enums.ts), for each language: the server's module is generated
from the UI's catalogue, and this test fails when they differ.

    .venv/bin/python -m tests.web.test_enum_labels   # rewrites backend/i18n/enum_labels.py
    .venv/bin/ruff format backend/i18n/enum_labels.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from backend.i18n import LANGUAGES, enum_labels

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "frontend/src/i18n/messages/enums.ts"
SERVER = ROOT / "backend/i18n/enum_labels.py"
_LANGUAGE = re.compile(r"^  (en|fr|es): \{$")
_ENTRY = re.compile(r'^    ("(?:[^"\\]|\\.)*"): ("(?:[^"\\]|\\.)*"),?$')


def ui_labels() -> dict[str, dict[str, str]]:
    """Each language's "<group>.<VALUE>" -> label, read from the UI's catalogue."""
    found: dict[str, dict[str, str]] = {}
    language = None
    for line in UI.read_text(encoding="utf-8").splitlines():
        opened = _LANGUAGE.match(line)
        if opened:
            language = opened.group(1)
            found[language] = {}
        elif line.startswith("  }"):
            language = None
        elif language is not None:
            entry = _ENTRY.match(line)
            assert entry, f"enums.ts: a line this reader does not know: {line!r}"
            found[language][json.loads(entry.group(1))] = json.loads(entry.group(2))
    return found


def module_text(labels: dict[str, dict[str, str]]) -> str:
    lines = [
        "# ruff: noqa: E501",
        '"""Enum labels in each language: GENERATED from frontend/src/i18n/messages/enums.ts by',
        "`python -m tests.web.test_enum_labels` (tests/web/test_enum_labels.py fails when they",
        'differ). Keys are "<group>.<VALUE>", as the UI\'s useEnumLabel()."""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping",
        "",
        "LABELS: Mapping[str, Mapping[str, str]] = {",
    ]
    for language, entries in labels.items():
        lines.append(f"    {json.dumps(language)}: {{")
        lines += [f"        {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)},"
                  for k, v in entries.items()]  # fmt: skip
        lines.append("    },")
    lines += [
        "}",
        "",
        "",
        "def label(language: str, group: str, value: str) -> str:",
        '    """The label of an enum value in language (English where it lacks one; the value',
        '    itself where no catalogue has it)."""',
        '    key = f"{group}.{value}"',
        '    return LABELS.get(language, {}).get(key) or LABELS["en"].get(key) or value',
        "",
    ]
    return "\n".join(lines)


def test_the_servers_enum_labels_are_the_uis_in_each_language() -> None:
    labels = ui_labels()
    assert tuple(labels) == LANGUAGES
    assert len(labels["en"]) > 100
    for language in LANGUAGES:
        assert dict(enum_labels.LABELS[language]) == labels[language], (
            f"{language}: run `.venv/bin/python -m tests.web.test_enum_labels`"
        )


def test_a_label_falls_back_to_english_then_to_the_value() -> None:
    assert enum_labels.label("fr", "sector", "Energy") == ui_labels()["fr"]["sector.Energy"]
    assert enum_labels.label("fr", "nothing", "ODD") == "ODD"


if __name__ == "__main__":
    SERVER.write_text(module_text(ui_labels()), encoding="utf-8")
    print(
        f"wrote {SERVER.relative_to(ROOT)} (then: .venv/bin/ruff format {SERVER.relative_to(ROOT)})"
    )
