"""While PostgreSQL is down, every answer is a 503 with Retry-After in the route's own JSON shape,
SERVICE_UNAVAILABLE for GraphQL (also with a bearer token, authenticated while the context is
built), with no traceback in the log; once the server is back, the registry answers again
(issue 14 item 11). The test stops its own throwaway cluster and starts it again."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import httpx
import pytest

from backend import db
from backend.config import Settings
from backend.models.enums import OrganisationType, Role
from tests.factories import make_member
from tests.pgserver import Cluster, throwaway_server

pytestmark = pytest.mark.postgres_only
SERIAL = "VU-VCU-1-1-2025-1-5"
ANONYMOUS = "{ serialLookup(serial: " + f'"{SERIAL}"' + ") { unit } }"
SIGNED_IN = "{ viewer { id } }"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    with throwaway_server(max_connections=40) as server:
        yield server


@pytest.fixture
async def outage_app(cluster: Cluster, settings: Settings) -> AsyncIterator[Any]:
    from backend.app import build_app

    connection = await asyncpg.connect(cluster.url)
    try:
        await connection.execute(f'CREATE DATABASE "outage_{os.getpid()}"')
    finally:
        await connection.close()
    url = cluster.url.rsplit("/", 1)[0] + f"/outage_{os.getpid()}"
    await db.migrate(url)
    await db.close_db()
    await db.init_db(url)
    try:
        yield build_app(settings, apply_migrations=False)
    finally:
        await db.close_db()


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


async def post(http: httpx.AsyncClient, query: str, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await http.post("/graphql", json={"query": query}, headers=headers)


def assert_graphql_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/json"
    assert int(response.headers["retry-after"]) > 0
    assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


async def test_an_outage_answers_503_and_the_registry_recovers(
    outage_app: Any, cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    member = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    transport = httpx.ASGITransport(app=outage_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        assert (await post(http, SIGNED_IN, member.token)).json()["data"]["viewer"]["id"]
        assert (await http.get("/healthz")).status_code == 200

        # fast: sessions are cut off (immediate would lose commits: the test cluster runs with
        # synchronous_commit=off)
        await asyncio.to_thread(cluster.stop, "fast")
        caplog.clear()
        assert_graphql_unavailable(await post(http, SIGNED_IN, member.token))
        assert_graphql_unavailable(await post(http, ANONYMOUS))
        for path in ("/ledger/checkpoint", "/ledger/entries/0", "/documents/1", "/reports/cadt"):
            headers = {"Authorization": f"Bearer {member.token}"}
            response = await http.get(path, headers=headers)
            assert response.status_code == 503, (path, response.text)
            assert response.json()["code"] == "SERVICE_UNAVAILABLE"
            assert "retry-after" in response.headers
        health = await http.get("/healthz")
        assert health.status_code == 503 and health.json()["status"] == "unavailable"
        assert tracebacks(caplog) == []

        await asyncio.to_thread(cluster.start)
        for _ in range(50):  # the pool reconnects on its own
            answer = await post(http, SIGNED_IN, member.token)
            if answer.status_code == 200:
                break
            await asyncio.sleep(0.1)
        assert answer.status_code == 200, answer.text
        assert answer.json()["data"]["viewer"]["id"], answer.text
        assert (await http.get("/healthz")).status_code == 200
    assert tracebacks(caplog) == []
