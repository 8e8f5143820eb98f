"""Only a page navigation falls back to index.html (issue 11): the UI's client routes open the
app, while a missing file or an unknown server path stays a 404."""

from __future__ import annotations

import httpx
import pytest

HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.mark.parametrize("path", ["/", "/projects", "/projects/12/credits", "/invitation/abc"])
async def test_a_page_navigation_opens_the_app(http: httpx.AsyncClient, path: str) -> None:
    response = await http.get(path, headers=HTML)
    assert response.status_code == 200
    assert "National Carbon Registry" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/assets/x.js",
        "/assets/deep/app.css",
        "/ledger/nope",
        "/ledger/entries",
        "/reports/nope",
        "/documents",
        "/oauth/callback",
        "/graphql/extra",
        "/favicon.ico",
        "/projects/12/report.pdf",
    ],
)
async def test_files_and_server_paths_stay_404(http: httpx.AsyncClient, path: str) -> None:
    response = await http.get(path, headers=HTML)
    assert response.status_code == 404, path
    assert "National Carbon Registry" not in response.text


async def test_only_html_get_navigations_fall_back(http: httpx.AsyncClient) -> None:
    assert (
        await http.get("/projects/12", headers={"accept": "application/json"})
    ).status_code == 404
    assert (await http.get("/projects/12")).status_code == 404  # httpx sends Accept: */*
    assert (await http.post("/projects/12", headers=HTML)).status_code in (404, 405)
    assert (await http.head("/projects/12", headers=HTML)).status_code == 200
