"""A throwaway PostgreSQL cluster from the machine's own binaries (initdb, pg_ctl), for the
tests and the benchmarks. As root, the server runs as the postgres user via runuser."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from glob import glob
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pg_binary(name: str) -> str:
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name) or ""]
    if not found[-1]:
        raise RuntimeError(f"{name} not found: install PostgreSQL (make test does it)")
    return found[-1]


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Cluster:
    """A running throwaway cluster that a test may stop and start again (an outage)."""

    def __init__(self, base: Path, port: int, options: str) -> None:
        self.base, self.port, self.options = base, port, options
        self.url = f"postgres://registry@127.0.0.1:{port}/postgres"

    def _ctl(self, *args: str, check: bool = True) -> None:
        data = str(self.base / "data")
        subprocess.run(
            _as_postgres([pg_binary("pg_ctl"), "-D", data, *args]), check=check, capture_output=True
        )

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self._ctl("-o", self.options, "-l", str(self.base / "server.log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`immediate`: as if it crashed); its data stays."""
        self._ctl("-m", mode, "-w", "stop", check=False)


@contextmanager
def throwaway_server(*, max_connections: int = 300) -> Iterator[Cluster]:
    """Start a cluster on a free loopback port; yields it (url, stop(), start())."""
    base = Path(tempfile.mkdtemp(prefix="registry-pg-"))
    data, sockets = base / "data", base / "run"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    subprocess.run(
        _as_postgres(
            [
                pg_binary("initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "registry",
                "--no-sync",
                "-E",
                "UTF8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    port = free_port()
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
        f"-c synchronous_commit=off -c full_page_writes=off -c max_connections={max_connections}"
    )
    cluster = Cluster(base, port, options)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop("immediate")
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def throwaway_cluster(*, max_connections: int = 300) -> Iterator[str]:
    """Start a cluster on a free loopback port; yields an admin URL to its postgres database."""
    with throwaway_server(max_connections=max_connections) as cluster:
        yield cluster.url
