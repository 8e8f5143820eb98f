"""Every carbon-registry command, run as a real process on SQLite and on PostgreSQL, exits
with its documented code (0 done, 1 a check found a problem, 2 could not run) within 30 s.
A command that leaves a database connection open never exits: the timeout catches it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from tests.pgserver import free_port

TIMEOUT = 30
PASSWORD = "root password that is long"


class Registry:
    """A data folder and, for PostgreSQL, a database of its own."""

    def __init__(self, data: Path, database_url: str | None) -> None:
        self.data, self.database_url = data, database_url

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}
        env["REGISTRY_DATA_DIR"] = str(self.data)
        if self.database_url:
            env["REGISTRY_DATABASE_URL"] = self.database_url
        return env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "backend.cli", *args],
            env=self.env(),
            text=True,
            capture_output=True,
            timeout=TIMEOUT,  # raises TimeoutExpired: the command did not exit
        )
        assert time.monotonic() - started < TIMEOUT
        return result


async def _new_database(admin_url: str, name: str) -> str:
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return admin_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgres"], scope="module")
async def registry(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Registry:
    data = tmp_path_factory.mktemp(f"exits-{request.param}")
    url = None
    if request.param == "postgres":
        admin = request.getfixturevalue("postgres_admin_url")
        url = await _new_database(admin, f"cli_exits_{os.getpid()}")
    return Registry(data, url)


@pytest.fixture(scope="module")
def password_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "root-password"
    path.write_text(PASSWORD + "\n")
    return path


@pytest.fixture(scope="module")
def exported(registry: Registry, password_file: Path) -> Iterator[tuple[Path, Path]]:
    """The registry migrated, with its ROOT, exported, and its key: the commands in order."""
    migrate = registry.run("migrate")
    assert (migrate.returncode, migrate.stdout.strip()) == (0, "database is up to date")
    again = registry.run("migrate")  # on a database that is already up to date
    assert again.returncode == 0
    root = registry.run(
        "create-root", "--email", "root@example.gov", "--password-file", str(password_file)
    )
    assert root.returncode == 0, root.stderr
    checkpoint = registry.run("ledger", "checkpoint")
    assert checkpoint.returncode == 0 and checkpoint.stdout.count("\n") >= 3, checkpoint.stderr
    export = registry.data / "export.jsonl"
    done = registry.run("ledger", "export", str(export))
    assert done.returncode == 0 and done.stdout.startswith("wrote "), done.stderr
    key = registry.data / "registry.vkey"
    public = registry.run("ledger", "public-key")
    assert public.returncode == 0
    key.write_text(public.stdout)
    yield export, key


def test_create_root_twice_exits_2(
    registry: Registry, exported: object, password_file: Path
) -> None:
    again = registry.run(
        "create-root", "--email", "other@example.gov", "--password-file", str(password_file)
    )
    assert again.returncode == 2 and "already has its ROOT" in again.stderr


def test_verify_exits_0_on_the_export_and_1_on_a_broken_one(
    registry: Registry, exported: tuple[Path, Path]
) -> None:
    export, key = exported
    ok = registry.run("ledger", "verify", str(export), "--public-key", str(key), "--workers", "1")
    assert ok.returncode == 0, ok.stdout
    broken = export.with_name("broken.jsonl")
    lines = export.read_text().splitlines(keepends=True)
    broken.write_text("".join(lines[:1] + lines[2:]))  # an entry missing
    bad = registry.run("ledger", "verify", str(broken), "--public-key", str(key), "--workers", "1")
    assert bad.returncode == 1, bad.stdout


def test_audit_exits_0_on_an_untouched_registry(registry: Registry, exported: object) -> None:
    audited = registry.run("audit")
    assert audited.returncode == 0, audited.stdout + audited.stderr
    assert "no difference" in audited.stdout


def test_witness_of_an_unreachable_registry_exits_2(
    registry: Registry, exported: tuple[Path, Path]
) -> None:
    _, key = exported
    state = registry.data / "witness.txt"
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    result = registry.run("ledger", "witness", url, "--public-key", str(key), "--state", str(state))
    assert result.returncode == 2 and result.stderr.startswith("error: ")
    assert not state.exists()


def test_bad_arguments_and_configuration_exit_2(registry: Registry, exported: object) -> None:
    assert registry.run("no-such-command").returncode == 2
    assert registry.run("ledger").returncode == 2
    assert registry.run("ledger", "export").returncode == 2  # FILE missing
    env = registry.env()
    env["REGISTRY_COUNTRY"] = "ZZ"  # no bundled country file
    result = subprocess.run(
        [sys.executable, "-m", "backend.cli", "migrate"],
        env=env,
        text=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 2 and "ZZ" in result.stderr


def test_serve_stops_cleanly_on_sigterm(registry: Registry, exported: object) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "serve", "--port", str(port)],
        env=registry.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its workers go with it if it has to be killed
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    assert r.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not start")
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=TIMEOUT)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)  # the server and its worker processes
            server.communicate(timeout=TIMEOUT)
    # uvicorn shuts down gracefully, then re-raises the signal: the process ends by SIGTERM,
    # which service managers count as a clean stop.
    assert server.returncode in (0, -signal.SIGTERM), output
    assert "Application shutdown complete." in output
