"""PostgreSQL restarted under load: while 8 clients read (signed in and anonymous) from the served
registry (`carbon-registry serve --workers 2`), the database is stopped for a few seconds and
started again. Every request is answered within seconds (no hang): 200, or 503
SERVICE_UNAVAILABLE with Retry-After, never a 500 or a dropped connection; and once PostgreSQL
is back, the same server processes answer again without a restart."""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest

from backend import db
from backend.config import Settings
from backend.models.enums import OrganisationType
from tests.factories import make_member
from tests.pgserver import Cluster, throwaway_server
from tests.reliability.server import registry_env, serving
from tests.services.credit_helpers import deductions, issue

pytestmark = pytest.mark.postgres_only
CLIENTS, DOWN_SECONDS = 8, 6.0
ANSWER_WITHIN = 10.0  # seconds: an answer, whatever it is, must come back this fast
SIGNED_IN = "{ organisations(first: 20) { totalCount edges { node { id name } } } }"
ANONYMOUS = "query($s: String!) { serialLookup(serial: $s) { unit block { id } } }"


@dataclass(frozen=True)
class Answer:
    started: float
    seconds: float
    status: int  # 0: no HTTP answer (refused, reset, timed out)
    code: str | None
    retry_after: str | None


@pytest.fixture
async def own_cluster(settings: Settings) -> AsyncIterator[tuple[Cluster, str]]:
    """A cluster of this test's own, so stopping it disturbs no other test."""
    with throwaway_server(max_connections=60) as cluster:
        connection = await asyncpg.connect(cluster.url)
        try:
            await connection.execute('CREATE DATABASE "restart"')
        finally:
            await connection.close()
        url = cluster.url.rsplit("/", 1)[0] + "/restart"
        await db.migrate(url)
        await db.close_db()
        await db.init_db(url)
        try:
            yield cluster, url
        finally:
            await db.close_db()


def ask(http: httpx.Client, query: str, token: str | None, serial: str = "") -> Answer:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = {"query": query, "variables": {"s": serial} if serial else {}}
    started = time.monotonic()
    try:
        reply = http.post("/graphql", json=body, headers=headers)
    except httpx.HTTPError:
        return Answer(started, time.monotonic() - started, 0, None, None)
    try:
        body = reply.json()
    except ValueError:  # not JSON: a bare "Internal Server Error" page
        return Answer(started, time.monotonic() - started, reply.status_code, "NOT JSON", None)
    errors = body.get("errors") or [{}]
    code = (
        None
        if reply.status_code == 200 and "errors" not in body
        else ((errors[0].get("extensions") or {}).get("code"))
    )
    return Answer(
        started,
        time.monotonic() - started,
        reply.status_code,
        code,
        reply.headers.get("Retry-After"),
    )


@dataclass
class Run:
    answers: list[Answer]
    before: int
    down_at: float
    up_at: float
    recovered_at: float | None
    log: str


def restart_under_load(
    env: dict[str, str], cluster: Cluster, token: str, serial: str, log_path: Path
) -> Run:
    """Serve, load with CLIENTS readers, stop PostgreSQL for DOWN_SECONDS, start it again, and
    wait until a signed-in and an anonymous read succeed again."""
    answers: list[Answer] = []
    stop = threading.Event()

    def client(n: int, base: str) -> None:
        query, bearer, variable = (SIGNED_IN, token, "") if n % 2 else (ANONYMOUS, None, serial)
        with httpx.Client(base_url=base, timeout=60) as http:
            while not stop.is_set():
                answers.append(ask(http, query, bearer, variable))

    with serving(env, log_path, workers=2) as server:
        threads = [threading.Thread(target=client, args=(n, server.base)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(3)
        before = len(answers)
        down_at = time.monotonic()
        cluster.stop("fast")
        time.sleep(DOWN_SECONDS)
        cluster.start()
        up_at = time.monotonic()
        # Recovered: a signed-in read and an anonymous one answer 200 again, within 30 s.
        deadline, recovered_at = up_at + 30, None
        with httpx.Client(base_url=server.base, timeout=60) as http:
            while time.monotonic() < deadline and recovered_at is None:
                signed, anonymous = ask(http, SIGNED_IN, token), ask(http, ANONYMOUS, None, serial)
                if (signed.status, signed.code, anonymous.status, anonymous.code) == (
                    200,
                    None,
                    200,
                    None,
                ):
                    recovered_at = time.monotonic()
                time.sleep(0.2)
        time.sleep(2)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        assert server.process.poll() is None, "the server exited"
        log = server.log()

    return Run(answers, before, down_at, up_at, recovered_at, log)


async def test_requests_fail_cleanly_while_postgresql_restarts_and_the_server_recovers(
    own_cluster: tuple[Cluster, str], settings: Settings, tmp_path: Path
) -> None:
    cluster, url = own_cluster
    member = await make_member(OrganisationType.GOVERNMENT)
    owner = await make_member(OrganisationType.DEVELOPER)
    with deductions():
        _, blocks = await issue(owner, 1_000)
    env = registry_env(settings.resolved_data_dir, url)
    env["REGISTRY_ANONYMOUS_REQUESTS_PER_MINUTE"] = str(10**9)  # one address, many requests
    run = restart_under_load(env, cluster, member.token, blocks[0].serial, tmp_path / "server.log")
    answers, log, recovered_at = run.answers, run.log, run.recovered_at
    down_at, up_at = run.down_at, run.up_at
    before = run.before

    longest = max(a.seconds for a in answers)
    print(
        f"{len(answers)} answers: {sum(a.status == 200 for a in answers)} 200,"
        f" {sum(a.status == 503 for a in answers)} 503; longest {longest:.2f} s;"
        f" recovered {recovered_at - up_at if recovered_at else float('nan'):.2f} s after start"
    )
    assert before > 0, "no request was answered before the restart"
    assert recovered_at is not None, f"the server did not recover after PostgreSQL did:\n{log}"
    during = [a for a in answers if down_at <= a.started < up_at]
    assert during, "no request was made while PostgreSQL was down"
    # Every answer came back fast and clean: 200, or 503 SERVICE_UNAVAILABLE with Retry-After.
    slow = [a for a in answers if a.seconds > ANSWER_WITHIN]
    assert slow == [], f"{len(slow)} requests hung (longest {max(a.seconds for a in slow):.1f} s)"
    unclean = [a for a in answers if a.status not in (200, 503)]
    assert unclean == [], unclean[:5]
    unavailable = [a for a in answers if a.status == 503]
    assert unavailable, "the outage was never reported as 503"
    assert all(a.code == "SERVICE_UNAVAILABLE" and a.retry_after for a in unavailable)
    assert all(a.code is None for a in answers if a.status == 200)
    # Requests made after the recovery all succeed.
    late = [a for a in answers if recovered_at is not None and a.started > recovered_at + 0.5]
    assert late and all(a.status == 200 for a in late), late[:5]
    # No request escaped as an unexpected error (asyncpg's own pool warnings may carry a
    # traceback while the server is down; those are not answers).
    assert "Exception in ASGI application" not in log
    assert " 500 Internal Server Error" not in log
