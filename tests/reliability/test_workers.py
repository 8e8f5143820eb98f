"""`serve --workers N`: N processes share the port; the checkpoint signer runs in exactly one,
and another worker takes it over when that one is killed."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import time
from pathlib import Path

import asyncpg
import pytest

from backend.singleton import FileLock, _lock_key, asyncpg_dsn
from tests.conftest import fresh_database_url
from tests.reliability.server import cli, registry_env, serving

pytestmark = pytest.mark.postgres_only
LEADER = re.compile(r"checkpoint-signer: this process \(pid (\d+)\) runs it")


def wait_for(predicate: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s: {what}")


async def advisory_holders(url: str) -> int:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        key = _lock_key("checkpoint-signer")
        high, low = (key >> 32) & 0xFFFFFFFF, key & 0xFFFFFFFF
        return int(
            await connection.fetchval(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND classid::bigint = $1 AND objid::bigint = $2",
                high,
                low,
            )
        )
    finally:
        await connection.close()


async def checkpointed_size(url: str) -> tuple[int, int]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        head = await connection.fetchval("SELECT size FROM ledger_head WHERE id = 1")
        signed = await connection.fetchval("SELECT max(size) FROM ledger_checkpoint")
        return int(head or 0), int(signed or 0)
    finally:
        await connection.close()


async def test_two_workers_one_signer_and_a_takeover_when_it_is_killed(
    template_url: str, tmp_path: Path
) -> None:
    url = await fresh_database_url(template_url)
    env = registry_env(tmp_path / "data", url)
    (tmp_path / "root-password").write_text("root password that is long\n")
    cli(
        env,
        "create-root",
        "--email",
        "root@example.gov",
        "--password-file",
        str(tmp_path / "root-password"),
    )
    log = tmp_path / "server.log"
    with serving(env, log, workers=2) as server:
        wait_for(lambda: LEADER.search(server.log()), 30, "a worker takes the signer")
        await asyncio.sleep(5)  # both workers have tried the lock at least twice by now
        leaders = LEADER.findall(server.log())
        assert len(leaders) == 1, server.log()
        assert await advisory_holders(url) == 1
        head, signed = await checkpointed_size(url)
        assert head > 0
        deadline = time.monotonic() + 30
        while signed < head and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            head, signed = await checkpointed_size(url)
        assert signed == head  # the one signer signs what create-root appended
        first = int(leaders[0])
        os.kill(first, signal.SIGKILL)
        wait_for(lambda: len(LEADER.findall(server.log())) == 2, 60, "another worker takes over")
        second = int(LEADER.findall(server.log())[1])
        assert second != first
        assert await advisory_holders(url) == 1
        assert server.graphql("{ __typename }")["data"] == {"__typename": "Query"}


async def test_the_sqlite_file_lock_admits_one_holder(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "x.lock"), FileLock(tmp_path / "x.lock")
    assert await first.acquire() is True
    assert await second.acquire() is False
    await first.release()
    assert await second.acquire() is True
    await second.release()
