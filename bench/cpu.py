"""CPU seconds used by this process and by a local PostgreSQL cluster (Linux /proc).

Wall-clock rates on a shared machine move with whatever else runs; CPU seconds per entry do not,
and they say where the time goes: in the Python client (ORM, asyncpg, hashing) or in the server.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from backend import db

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int | str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # fields from the 3rd on: state, ppid, ...


def _ticks(fields: list[str], children: bool) -> int:
    # utime, stime (and cutime, cstime: children already waited for) are fields 14 to 17.
    return sum(int(value) for value in fields[11 : 15 if children else 13])


def cluster_cpu_seconds(postmaster: int) -> float:
    """CPU seconds of the postmaster, its live children and the children it has reaped."""
    own = _stat(postmaster)
    if own is None:
        return float("nan")
    total = _ticks(own, children=True)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(entry.name)
            if fields is not None and fields[1] == str(postmaster):
                total += _ticks(fields, children=True)
    return total / _TICK


async def postmaster_pid() -> int | None:
    """The pid of the server process behind Tortoise's connection, if it runs on this host."""
    _, rows = await db.connection().execute_query("SELECT pg_backend_pid() AS pid")
    fields = _stat(int(rows[0]["pid"]))
    return int(fields[1]) if fields is not None else None


class CpuProbe:
    """Client and server CPU seconds between start() and stop()."""

    def __init__(self, postmaster: int | None) -> None:
        self.postmaster = postmaster
        self.client = self.server = 0.0

    def _server_now(self) -> float:
        return float("nan") if self.postmaster is None else cluster_cpu_seconds(self.postmaster)

    def start(self) -> None:
        self._client0, self._server0 = time.process_time(), self._server_now()

    def stop(self) -> None:
        self.client = time.process_time() - self._client0
        self.server = self._server_now() - self._server0
