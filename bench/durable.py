"""A throwaway PostgreSQL cluster with durable commits (fsync=on, synchronous_commit=on), to
compare with tests.pgserver's fast, non-durable one."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.pgserver import free_port, pg_binary


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def durable_cluster(*, max_connections: int = 100) -> Iterator[str]:
    """Start a cluster with PostgreSQL's durability defaults; yields an admin URL."""
    base = Path(tempfile.mkdtemp(prefix="registry-pg-durable-"))
    data, sockets = base / "data", base / "run"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    initdb = [pg_binary("initdb"), "-D", str(data), "-A", "trust", "-U", "registry", "-E", "UTF8"]
    subprocess.run(_as_postgres(initdb), check=True, capture_output=True)  # noqa: S603
    port = free_port()
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=on "
        f"-c synchronous_commit=on -c max_connections={max_connections}"
    )
    start = [pg_binary("pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"), "-w"]
    subprocess.run(_as_postgres([*start, "start"]), check=True, capture_output=True)  # noqa: S603
    try:
        yield f"postgres://registry@127.0.0.1:{port}/postgres"
    finally:
        stop = [pg_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
        subprocess.run(_as_postgres(stop), capture_output=True)  # noqa: S603
        shutil.rmtree(base, ignore_errors=True)


def fdatasync_seconds(directory: Path, rounds: int = 200) -> float:
    """Mean seconds of an 8 kB write + fdatasync in directory (what a durable commit waits for)."""
    path = directory / "fdatasync-probe"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        page = b"\0" * 8192
        started = time.perf_counter()
        for _ in range(rounds):
            os.pwrite(fd, page, 0)
            os.fdatasync(fd)
        return (time.perf_counter() - started) / rounds
    finally:
        os.close(fd)
        path.unlink()
