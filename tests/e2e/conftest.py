"""The real registry for browser tests: `carbon-registry serve` as a subprocess on a throwaway
PostgreSQL database with documents on the S3 test server, serving the built frontend/dist;
Debian's chromium driven by Playwright for Python (never a downloaded browser)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from tests.e2e.helpers import ROOT_EMAIL, ROOT_PASSWORD, Registry
from tests.pgserver import free_port
from tests.s3server import S3Server
from tests.tracebacks import log_tracebacks

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "frontend" / "dist"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTEFACTS = Path(__file__).parent / "artefacts"


def _cli() -> str:
    return str(Path(sys.executable).with_name("carbon-registry"))


async def _create_database(admin_url: str, name: str) -> None:
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def registry(
    postgres_admin_url: str, s3_server: S3Server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Registry]:
    """The registry serving the built UI on a free loopback port, with its ROOT account."""
    if not (DIST / "index.html").exists():
        pytest.fail("frontend/dist is not built: run `make ui` (make test does)", pytrace=False)
    name = f"registry_e2e_{os.getpid()}"
    asyncio.run(_create_database(postgres_admin_url, name))
    data = tmp_path_factory.mktemp("e2e-data")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "REGISTRY_DATABASE_URL": postgres_admin_url.rsplit("/", 1)[0] + "/" + name,
        "REGISTRY_STORAGE_URL": s3_server.url("registry-e2e"),
        "REGISTRY_DATA_DIR": str(data),
        "REGISTRY_PUBLIC_URL": base,
    }
    password_file = data / "root-password"
    password_file.write_text(ROOT_PASSWORD)
    for command in (
        ["migrate"],
        ["create-root", "--email", ROOT_EMAIL, "--password-file", str(password_file)],
    ):
        subprocess.run([_cli(), *command], env=env, check=True, timeout=120, capture_output=True)
    log = (data / "server.log").open("wb")
    server = subprocess.Popen(
        [_cli(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"the registry did not start: {(data / 'server.log').read_text()[-2000:]}"
                )
            time.sleep(0.3)
        yield Registry(base=base, outbox=data / "outbox")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    found = log_tracebacks(data / "server.log")
    assert not found, f"{len(found)} traceback(s) in the server log:\n" + "\n".join(found)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless, with the network flags this machine needs."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            "chromium is missing: `apt-get install -y chromium` (make test does)", pytrace=False
        )
    ARTEFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()
