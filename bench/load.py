"""Drive the served registry with wrk (Debian's package) on loopback, from a file of requests."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.cpu import cluster_cpu_seconds

SCRIPT = Path(__file__).with_name("graphql.lua")


@dataclass(frozen=True)
class Load:
    """One wrk run: clients (connections), seconds, and what came back."""

    name: str
    clients: int
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    failed: int
    socket_errors: int
    app_cpu_ms: float = float("nan")  # CPU of the registry's processes, per request
    pg_cpu_ms: float = float("nan")  # CPU of the PostgreSQL cluster, per request

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk is not installed: `apt-get install wrk` (make bench does it)")
    return found


def write_requests(path: Path, lines: list[tuple[str, dict[str, object]]]) -> Path:
    """Write (token, GraphQL body) pairs as the Lua script reads them."""
    path.write_text("".join(f"{token}\t{json.dumps(body)}\n" for token, body in lines))
    return path


def start(base: str, requests: Path, clients: int, seconds: float) -> subprocess.Popen[str]:
    """Start wrk (to be finished with finish()), so two loads can run at once."""
    threads = min(clients, 2)
    return subprocess.Popen(
        [wrk_path(), "-t", str(threads), "-c", str(clients), "-d", f"{seconds:g}s"]
        + ["--timeout", "30s", "--latency", "-s", str(SCRIPT), base, "--", str(requests)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(name: str, clients: int, process: subprocess.Popen[str]) -> Load:
    output, _ = process.communicate(timeout=600)
    line = next((x for x in output.splitlines() if x.startswith("BENCH ")), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{output}")
    found = json.loads(line.removeprefix("BENCH "))
    return Load(
        name=name,
        clients=clients,
        requests=int(found["requests"]),
        seconds=found["duration_us"] / 1e6,
        p50_ms=found["p50_us"] / 1e3,
        p95_ms=found["p95_us"] / 1e3,
        p99_ms=found["p99_us"] / 1e3,
        failed=int(found["failed"]),
        socket_errors=int(found["socket_errors"]),
    )


def settle(pids: tuple[int, ...], *, busy: float = 0.1, longest: float = 180.0) -> float:
    """Wait until the processes (and their children) use under `busy` of a core over half a
    second: wrk stops sending when its run ends, but the server still works through the
    requests it had already read, which would otherwise slow the next run. Returns seconds."""
    started = time.monotonic()
    while time.monotonic() - started < longest:
        before = sum(cluster_cpu_seconds(pid) for pid in pids)
        time.sleep(0.5)
        if sum(cluster_cpu_seconds(pid) for pid in pids) - before < busy * 0.5:
            break
    return time.monotonic() - started


def run(
    name: str, base: str, requests: Path, clients: int, seconds: float, pids: tuple[int, int]
) -> Load:
    """wrk with `clients` connections for `seconds` against base (POST /graphql); pids: the
    server's parent process and the postmaster, whose CPU (with their children's) is measured."""
    settle(pids)
    app0, pg0 = (cluster_cpu_seconds(pid) for pid in pids)
    result = finish(name, clients, start(base, requests, clients, seconds))
    app1, pg1 = (cluster_cpu_seconds(pid) for pid in pids)
    per = 1000 / max(1, result.requests)
    return dataclasses.replace(result, app_cpu_ms=(app1 - app0) * per, pg_cpu_ms=(pg1 - pg0) * per)
