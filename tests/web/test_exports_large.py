"""A large list (25,000 organisations, seeded by bulk insert) exports whole, with no cap: the CSV
streams page by page (its first bytes come before later pages are even read, and the memory it
holds stays a small part of the file), the XLSX holds every row."""

from __future__ import annotations

import io
import time
import tracemalloc
from datetime import date

import httpx
from openpyxl import load_workbook

from backend.models.enums import OrganisationStatus, OrganisationType
from backend.models.organisation import Organisation
from backend.services import exports
from tests.services.credit_helpers import government
from tests.web.exports_helpers import csv_rows, export

ROWS = 25_000
ADDRESS = "Rue de la Mer, Port-Vila, " * 40  # about 1 kB a row: 25 MB of CSV


async def _seed() -> None:
    batch = [
        Organisation(
            name=f"Bulk {number:05d}",
            tax_id=f"BULK-{number}",
            type=OrganisationType.CERTIFIER,
            status=OrganisationStatus.ACTIVE,
            email=f"bulk{number}@example.org",
            address=ADDRESS,
            country="VU",
        )
        for number in range(ROWS)
    ]
    await Organisation.bulk_create(batch, batch_size=2_000)


async def test_a_large_csv_streams_in_pages_with_bounded_memory(http: httpx.AsyncClient) -> None:
    gov = await government()
    await _seed()
    plan = await exports.prepare(
        principal=gov.principal,
        list_name="organisations",
        params={"type": "CERTIFIER"},
        columns=None,
        labels=None,
        format="csv",
        today=date(2026, 12, 3),
    )
    chunks = exports.csv_chunks(plan)
    first = [await anext(chunks), await anext(chunks)]  # the header and the first page
    # A row added now sorts last: it is in the file only if later pages are read after the
    # first bytes went out, i.e. the file was never built whole before sending.
    await Organisation.create(
        name="Zz added while streaming",
        tax_id="LATE-1",
        type=OrganisationType.CERTIFIER,
        status=OrganisationStatus.ACTIVE,
        email="late@example.org",
        country="VU",
    )
    tracemalloc.start()
    started = time.perf_counter()
    size, count, last = sum(map(len, first)), len(first), b""
    async for chunk in chunks:
        size, count, last = size + len(chunk), count + 1, chunk
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert first[1].count(b"\r\n") == exports.PAGE_SIZE
    assert count == 1 + (ROWS + 1 + exports.PAGE_SIZE - 1) // exports.PAGE_SIZE
    assert b"Zz added while streaming" in last
    assert size > 25_000_000
    assert peak < size / 5, (peak, size)
    print(
        f"\n25,001-row CSV: {size / 1e6:.1f} MB in {count} chunks, {seconds:.1f} s "
        f"after the first page, peak traced memory {peak / 1e6:.1f} MB"
    )


async def test_a_large_list_exports_whole_over_http_as_csv_and_xlsx(
    http: httpx.AsyncClient,
) -> None:
    gov = await government()
    await _seed()

    started = time.perf_counter()
    response = await export(
        http, gov, "/exports/organisations.csv", type="CERTIFIER", columns="name,taxId"
    )
    csv_seconds = time.perf_counter() - started
    started = time.perf_counter()
    workbook = await export(
        http, gov, "/exports/organisations.xlsx", type="CERTIFIER", columns="name,taxId"
    )
    xlsx_seconds = time.perf_counter() - started

    rows = csv_rows(response)
    assert len(rows) == ROWS + 1
    assert rows[1] == ["Bulk 00000", "BULK-0"] and rows[-1] == ["Bulk 24999", "BULK-24999"]
    sheet = load_workbook(io.BytesIO(workbook.content), read_only=True).active
    cells = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert len(cells) == ROWS + 1
    assert cells[0] == ("Name", "Tax ID") and cells[-1] == ("Bulk 24999", "BULK-24999")
    print(
        f"\n25,000 rows over HTTP: CSV {csv_seconds:.1f} s, XLSX {xlsx_seconds:.1f} s "
        f"({len(workbook.content) / 1e6:.1f} MB)"
    )
