"""The built main bundle stays under 300 KB gzipped, and the built UI is what the app serves."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import httpx
import pytest

from tests.e2e.helpers import Registry

DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
LIMIT = 300 * 1024


def test_main_bundle_is_under_300_kb_gzipped() -> None:
    html = (DIST / "index.html").read_text()
    entry = re.search(r'<script type="module"[^>]*src="/assets/([^"]+)"', html)
    assert entry, html
    size = len(gzip.compress((DIST / "assets" / entry.group(1)).read_bytes(), compresslevel=9))
    print(f"main bundle {entry.group(1)}: {size / 1024:.1f} KB gzipped")
    assert 10 * 1024 < size < LIMIT


@pytest.mark.parametrize("path", ["/", "/projects", "/credits/VU-ITMO-1-1-2024-0-1"])
def test_page_navigations_get_the_app(registry: Registry, path: str) -> None:
    response = httpx.get(registry.base + path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert '<div id="root">' in response.text
