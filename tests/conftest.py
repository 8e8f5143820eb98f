"""Shared fixtures: a throwaway PostgreSQL cluster (or SQLite), a fresh database per test,
the registry's runtime, and GraphQL clients signed in as each kind of user.

REGISTRY_TEST_DB=sqlite runs the suite on SQLite (Tortoise holds one database kind per
process, so that is a separate pytest run). REGISTRY_TEST_DATABASE_URL points the PostgreSQL
run at an existing server (a role allowed to CREATE DATABASE) instead of starting one."""

from __future__ import annotations

import itertools
import logging
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from backend import db
from backend.config import Settings
from backend.services import runtime
from tests.pgserver import throwaway_cluster
from tests.s3server import RcloneNotFound, S3Server, find_rclone, running_s3_server
from tests.tracebacks import TracebackRecords

DB_KIND = os.environ.get("REGISTRY_TEST_DB", "postgres")
_counter = itertools.count()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if DB_KIND == "sqlite":
        skip = pytest.mark.skip(reason="PostgreSQL only (this is the SQLite run)")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A test that skips itself is a failure: only the SQLite run's postgres_only skips are
    allowed, so a missing tool or file can never make a run pass by shrinking it."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    allowed = DB_KIND == "sqlite" and "postgres_only" in item.keywords
    if report.skipped and not allowed and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, which this suite does not allow: {report.longrepr}"


@pytest.fixture(autouse=True)
def no_traceback_logged(request: pytest.FixtureRequest) -> Iterator[None]:
    """Issue 14: a request never leaves a traceback in the log; a test that provokes one on
    purpose is marked expected_traceback."""
    handler = TracebackRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    if handler.records and "expected_traceback" not in request.keywords:
        pytest.fail(f"{len(handler.records)} traceback(s) logged:\n{handler.describe()}")


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A PostgreSQL server for this session: REGISTRY_TEST_DATABASE_URL, else a throwaway one."""
    given = os.environ.get("REGISTRY_TEST_DATABASE_URL")
    if given:
        yield given
        return
    with throwaway_cluster() as url:
        yield url


def _with_database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """A real S3 server (`rclone serve s3`) for the session; fails (not skips) without rclone."""
    try:
        rclone = find_rclone()
    except RcloneNotFound as error:
        pytest.fail(str(error), pytrace=False)
    with running_s3_server(rclone, tmp_path_factory.mktemp("s3-server")) as server:
        yield server


@pytest.fixture(scope="session")
def settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The registry's settings: documents on the S3 server in the PostgreSQL run (as in
    production), in a local folder in the SQLite run (the embedded default)."""
    data = tmp_path_factory.mktemp("registry-data")
    storage_url = None
    if DB_KIND == "postgres":
        storage_url = request.getfixturevalue("s3_server").url("registry-test")
    made = Settings(
        data_dir=data, public_url="http://testserver", secret_key=None, storage_url=storage_url
    )
    runtime.configure(made)
    return made


@pytest.fixture(scope="session")
async def template_url(
    request: pytest.FixtureRequest, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """A migrated database that each test's database is copied from."""
    if DB_KIND == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
        url = f"sqlite://{path}"
    else:
        admin = request.getfixturevalue("postgres_admin_url")
        name = f"registry_template_{os.getpid()}"
        connection = await asyncpg.connect(admin)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        url = _with_database(admin, name)
    await db.migrate(url)
    await db.close_db()
    return url


async def fresh_database_url(template: str) -> str:
    """A new database copied from the migrated template."""
    number = next(_counter)
    if DB_KIND == "sqlite":
        source = Path(template.removeprefix("sqlite://"))
        target = source.with_name(f"test_{number}.sqlite3")
        shutil.copyfile(source, target)
        return f"sqlite://{target}"
    name = f"test_{os.getpid()}_{number}"
    template_name = template.rsplit("/", 1)[1]
    connection = await asyncpg.connect(_with_database(template, "postgres"))
    try:
        await connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
    finally:
        await connection.close()
    return _with_database(template, name)


@pytest.fixture
async def database(template_url: str, settings: Settings) -> AsyncIterator[str]:
    """A fresh, migrated database for one test, connected through Tortoise."""
    url = await fresh_database_url(template_url)
    await db.init_db(url)
    try:
        yield url
    finally:
        await db.close_db()


@pytest.fixture
def app(settings: Settings, database: str) -> Any:
    from backend.app import build_app

    return build_app(settings, apply_migrations=False)


class GraphQLClient:
    """Posts GraphQL to the app in-process, optionally with a bearer token."""

    def __init__(self, http: httpx.AsyncClient, token: str | None = None) -> None:
        self.http, self.token = http, token

    async def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        self.http.cookies.clear()  # a login's cookie must not sign in later "anonymous" calls
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code in (200, 400, 413), response.text
        return dict(response.json())

    def as_(self, token: str | None) -> GraphQLClient:
        return GraphQLClient(self.http, token)


@pytest.fixture
async def http(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def gql(http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(http)


def error_code(result: dict[str, Any]) -> str | None:
    """The first error's extensions.code, or None if the result has no errors."""
    errors = result.get("errors") or []
    return errors[0].get("extensions", {}).get("code") if errors else None
