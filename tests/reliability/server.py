"""The registry served as real processes (`carbon-registry serve`) for the reliability tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.tracebacks import log_tracebacks


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def registry_env(data: Path, database_url: str | None, **extra: str) -> dict[str, str]:
    env = {**os.environ, "REGISTRY_DATA_DIR": str(data), **extra}
    env.pop("REGISTRY_DATABASE_URL", None)
    if database_url:
        env["REGISTRY_DATABASE_URL"] = database_url
    return env


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run carbon-registry with args; fail on a non-zero exit."""
    result = subprocess.run(
        [sys.executable, "-m", "backend.cli", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def graphql(self, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(
            f"{self.base}/graphql",
            data=json.dumps({"query": query, "variables": variables}).encode(),
            headers=headers,
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            reply: dict[str, Any] = json.load(response)
        return reply


def wait_healthy(base: str, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if json.load(response) == {"status": "ok"}:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"the server at {base} did not become healthy in {seconds} s")


@contextmanager
def serving(
    env: dict[str, str], log_path: Path, *, workers: int, port: int = 0
) -> Iterator[Server]:
    """`carbon-registry serve --workers N` on a free port until the block ends (SIGTERM)."""
    port = port or free_port()
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "backend.cli", "serve", "--port", str(port)]
            + ["--workers", str(workers)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    before = len(log_tracebacks(log_path))
    try:
        wait_healthy(server.base)
        yield server
        found = log_tracebacks(log_path)[before:]
        assert not found, f"{len(found)} traceback(s) in the server log:\n" + "\n".join(found)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
