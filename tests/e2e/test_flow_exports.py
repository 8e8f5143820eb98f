"""Exports after the flow of test_flow.py: the CSV and the XLSX of a filtered, sorted list hold
exactly the rows on screen, in the screen's order, under the screen's column headers (the
Actions column is not exported), with enum cells as the screen's labels (not GraphQL codes). Files under tests/e2e/artefacts/."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest

from tests.e2e.helpers import ARTEFACTS, Person, Registry
from tests.e2e.test_flow import GOV, choose, state


@pytest.fixture(scope="module")
def gov(registry: Registry, browser: Any) -> Iterator[Person]:
    assert state.get("dev_serial"), "run after tests/e2e/test_flow.py (pytest tests/e2e)"
    person = Person.open(registry, browser, "gov-exports")
    person.sign_in(GOV)
    yield person
    person.close()


def on_screen(p: Person, table: str) -> tuple[list[str], list[list[str]]]:
    """The table's header texts and its rows' cell texts, as shown."""
    grid = p.page.get_by_role("table", name=table)
    headers = [h.strip() for h in grid.locator("thead th").all_inner_texts()]
    rows = [
        [c.strip() for c in row.locator("td").all_inner_texts()]
        for row in grid.locator("tbody tr").all()
    ]
    return headers, rows


def download(p: Person, list_name: str, fmt: str) -> tuple[str, bytes]:
    buttons = p.page.locator(f'[data-export="{list_name}"]')
    with p.page.expect_download() as info:
        buttons.get_by_role("button", name=re.compile(f"as {fmt.upper()}")).click()
    saved = ARTEFACTS / f"export-{list_name}.{fmt}"
    info.value.save_as(saved)
    return info.value.suggested_filename, saved.read_bytes()


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV without the UTF-8 BOM Excel needs"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(data: bytes) -> list[list[str]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def test_filtered_sorted_organisations_export_as_on_screen(gov: Person) -> None:
    gov.goto("/organisations")
    choose(gov, "Active")
    gov.page.get_by_role("combobox", name="Sort by").click()
    gov.page.get_by_role("option", name="Newest", exact=True).click()
    gov.page.wait_for_load_state("networkidle")
    gov.page.get_by_role("table", name="Organisations").locator("tbody tr").first.wait_for()
    headers, rows = on_screen(gov, "Organisations")
    assert headers[-1] == "Actions"
    names = [r[0] for r in rows]
    assert "Green Earth Ltd" in names and len(names) >= 4, (
        names
    )  # + Reef Certifiers, Buyer Co, the government
    gov.shot("32-organisations-filtered-for-export")
    for fmt, read in (("csv", read_csv), ("xlsx", read_xlsx)):
        filename, data = download(gov, "organisations", fmt)
        assert re.fullmatch(rf"organisations-\d{{4}}-\d{{2}}-\d{{2}}\.{fmt}", filename), filename
        table = read(data)
        assert table[0] == headers[:-1], (fmt, table[0])
        assert [r[0] for r in table[1:]] == names, (fmt, table)  # the same rows, the same order
        taxes = [r[1] for r in table[1:]]
        assert taxes == [r[1] if r[1] != "–" else "" for r in rows], (fmt, taxes)
        # the type and the status as the screen names them ("Developer", not DEVELOPER; the
        # status badge is upper-cased by CSS, so that one is compared without case)
        shown = [[r[2], r[4].casefold()] for r in rows]
        assert [[r[2], r[4].casefold()] for r in table[1:]] == shown, (fmt, table)


def test_filtered_credit_blocks_export_as_on_screen(gov: Person) -> None:
    gov.goto("/credits")
    choose(gov, "Retired")
    grid = gov.page.get_by_role("table", name="Credit blocks")
    grid.locator("tbody tr").filter(has_text=re.compile("retired", re.I)).first.wait_for()
    headers, rows = on_screen(gov, "Credit blocks")
    serials = [r[0] for r in rows]
    assert serials and all(r[4].lower() == "retired" for r in rows), rows
    for fmt, read in (("csv", read_csv), ("xlsx", read_xlsx)):
        table = read(download(gov, "creditBlocks", fmt)[1])
        assert table[0] == headers[:-1], (fmt, table[0])
        assert [r[0] for r in table[1:]] == serials, (fmt, table)
        assert [int(r[1]) for r in table[1:]] == [int(r[1].replace(",", "")) for r in rows]
        # the holder (the registry's account by its kind) and the status, as on screen
        shown = [[r[3], r[4].casefold()] for r in rows]
        assert [[r[3], r[4].casefold()] for r in table[1:]] == shown, (fmt, table)
