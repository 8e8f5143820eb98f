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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from backend.ledger.note import Checkpoint, NoteSigner, load_private_key

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


@contextmanager
def serving(registry: Path) -> Iterator[tuple[str, list[str]]]:
    """The registry served on a free port: its address, and (once stopped) its output."""
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
    output: list[str] = []
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
        yield base, output
    finally:
        server.terminate()
        output.append(server.communicate(timeout=10)[0])


def graphql(base: str, query: str, **variables: object) -> dict[str, object]:
    request = urllib.request.Request(
        f"{base}/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        reply: dict[str, object] = json.load(response)
    return reply


def test_serve_answers_health_graphql_ui_and_logs_no_secret(registry: Path) -> None:
    with serving(registry) as (base, output):
        reply = graphql(
            base,
            'mutation($p: String!) { login(input: {email: "root@example.gov", password: $p}) '
            "{ token user { role } } }",
            p=PASSWORD,
        )
        token = reply["data"]["login"]["token"]  # type: ignore[index]
        page = urllib.request.Request(
            f"{base}/projects/some/client/route", headers={"Accept": "text/html"}
        )  # a browser's navigation: the UI's own route falls back to index.html
        with urllib.request.urlopen(page, timeout=5) as response:
            assert b"National Carbon Registry" in response.read()
        with pytest.raises(urllib.error.HTTPError) as no_ide:  # GraphiQL only with REGISTRY_DEBUG
            urllib.request.urlopen(f"{base}/graphql", timeout=5)
        assert no_ide.value.code == 405  # a short answer telling how to POST, not a bare 404
    assert PASSWORD not in output[0] and token not in output[0]
    secret = (registry / "secret_key").read_text().strip()
    assert secret not in output[0]


REGISTER = """mutation($n: String!) { registerOrganisation(input: {organisation: {name: "New Co",
  taxId: $n, type: DEVELOPER, email: "new@example.org"}, adminEmail: "admin@example.org",
  adminName: "Ada", adminPassword: "a long enough password"}) { ledgerSeq } }"""


def checkpoint_size(base: str) -> int:
    with urllib.request.urlopen(f"{base}/ledger/checkpoint", timeout=5) as response:
        return int(response.read().decode().split("\n")[1])


def test_a_witness_keeps_the_checkpoint_and_catches_a_rewritten_log(
    registry: Path, tmp_path: Path
) -> None:
    key, state = tmp_path / "registry.vkey", tmp_path / "witness" / "checkpoint.txt"
    key.write_text(run(registry, "ledger", "public-key").stdout)
    state.parent.mkdir()
    with serving(registry) as (base, _):
        witness = ("ledger", "witness", base, "--public-key", str(key), "--state", str(state))
        first = run(registry, *witness)
        assert "OK" in first.stdout and "first checkpoint" in first.stdout
        kept = state.read_text()
        size = checkpoint_size(base)
        assert f"\n{size}\n" in kept
        again = run(registry, *witness)  # nothing new: the same checkpoint
        assert "OK" in again.stdout and state.read_text() == kept
        reply = graphql(base, REGISTER, n="WITNESSED-1")
        assert isinstance(reply["data"], dict)
        for _ in range(50):  # the registry signs a checkpoint within about a second
            if checkpoint_size(base) > size:
                break
            time.sleep(0.1)
        grown = run(registry, *witness)
        assert "extends the kept checkpoint" in grown.stdout
        assert state.read_text() != kept
        # Someone with the registry's own key signs another history of the same entries.
        signer = NoteSigner(
            kept.split("\n")[0],
            load_private_key((registry / "ledger_signing_key.pem").read_bytes()),
        )
        now = checkpoint_size(base)
        forged = signer.sign(Checkpoint(kept.split("\n")[0], now, b"\x07" * 32))
        state.write_text(forged)
        caught = run(registry, *witness, check=False)
        assert caught.returncode == 1 and "fork" in caught.stdout
        assert state.read_text() == forged  # the evidence is kept
        # A witness that kept a bigger log than the registry now shows: rolled back.
        state.write_text(signer.sign(Checkpoint(kept.split("\n")[0], now + 5, b"\x07" * 32)))
        rolled = run(registry, *witness, check=False)
        assert rolled.returncode == 1 and "rolled back" in rolled.stdout


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
