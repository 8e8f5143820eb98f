"""The carbon-registry command, run as a real process on SQLite: migrate, create-root, ledger
export and the offline verifier (which needs neither database nor server), and the served app."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PASSWORD = "root password that is long"


def run(data: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REGISTRY_DATA_DIR": str(data)}
    env.pop("REGISTRY_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "backend.cli", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("cli-data")
    secret = data.parent / "root-password"
    secret.write_text(PASSWORD + "\n")
    created = run(
        data, "create-root", "--email", "root@example.gov", "--password-file", str(secret)
    )
    assert PASSWORD not in created.stdout + created.stderr
    return data


def test_first_start_generates_private_secrets(registry: Path) -> None:
    for name in ("secret_key", "ledger_signing_key.pem"):
        assert (registry / name).stat().st_mode & 0o777 == 0o600, name
    again = run(
        registry,
        "create-root",
        "--email",
        "x@example.gov",
        "--password-file",
        "/dev/null",
        check=False,
    )
    assert again.returncode == 2


def test_create_root_twice_is_refused_without_leaking_the_password(
    registry: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "pw"
    secret.write_text("another long root password")
    again = run(
        registry,
        "create-root",
        "--email",
        "root2@example.gov",
        "--password-file",
        str(secret),
        check=False,
    )
    assert again.returncode == 2 and "already has its ROOT" in again.stderr
    assert "another long root password" not in again.stdout + again.stderr


def test_export_then_offline_verify_and_tamper(registry: Path, tmp_path: Path) -> None:
    export = tmp_path / "ledger.jsonl"
    run(registry, "ledger", "export", str(export))
    key = tmp_path / "key.pub"
    key.write_text(run(registry, "ledger", "public-key").stdout)
    ok = run(registry, "ledger", "verify", str(export), "--public-key", str(key))
    assert "ok" in ok.stdout.lower()
    lines = export.read_text().splitlines(keepends=True)
    entry = json.loads(lines[1])
    body = bytearray(base64.b64decode(entry["body"]))
    body[-3] ^= 0x01
    entry["body"] = base64.b64encode(bytes(body)).decode()
    lines[1] = json.dumps(entry) + "\n"
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("".join(lines))
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "backend.cli",
            "ledger",
            "verify",
            str(tampered),
            "--public-key",
            str(key),
        ],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"]},
        timeout=60,
    )
    assert bad.returncode == 1
    assert "seq 0" in bad.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_health_graphql_ui_and_logs_no_secret(registry: Path) -> None:
    port = _free_port()
    env = {**os.environ, "REGISTRY_DATA_DIR": str(registry)}
    server = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                    assert json.load(response) == {"status": "ok"}
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        query = json.dumps(
            {
                "query": 'mutation($p: String!) { login(email: "root@example.gov", '
                "password: $p) { token user { role } } }",
                "variables": {"p": PASSWORD},
            }
        ).encode()
        request = urllib.request.Request(
            f"{base}/graphql", data=query, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            token = json.load(response)["data"]["login"]["token"]
        with urllib.request.urlopen(f"{base}/projects/some/client/route", timeout=5) as response:
            assert b"National Carbon Registry" in response.read()
        with pytest.raises(urllib.error.HTTPError) as no_ide:  # GraphiQL only with REGISTRY_DEBUG
            urllib.request.urlopen(f"{base}/graphql", timeout=5)
        assert no_ide.value.code in (400, 404, 405)
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert PASSWORD not in output and token not in output
    secret = (registry / "secret_key").read_text().strip()
    assert secret not in output


def test_committed_migrations_match_the_models() -> None:
    script = (
        "import asyncio\n"
        "from tortoise.cli.cli import tortoise_cli_context\n"
        "from tortoise.migrations.autodetector import MigrationAutodetector\n"
        "from backend.db import TORTOISE_ORM\n"
        "async def main():\n"
        "    async with tortoise_cli_context(TORTOISE_ORM) as ctx:\n"
        "        writers = await MigrationAutodetector(ctx.apps, TORTOISE_ORM['apps']).changes()\n"
        "    print([w.name for w in writers])\n"
        "asyncio.run(main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", (
        "run: tortoise --config backend.db.TORTOISE_ORM makemigrations"
    )
