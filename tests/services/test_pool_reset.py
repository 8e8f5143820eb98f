"""The PostgreSQL pool hands connections back without asyncpg's reset query (backend.db
_after_release): asyncpg still rolls back what a released connection left open, and nothing in
the registry leaves session state (an advisory lock, LISTEN, a WITH HOLD cursor, a session SET)
on a pooled connection that the skipped `pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
RESET ALL` would have undone."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from backend import db
from backend.db import transaction

pytestmark = pytest.mark.postgres_only
BACKEND = Path(db.__file__).resolve().parent


async def _pool() -> Any:
    await db.connection().execute_query("SELECT 1")  # the pool is made at the first statement
    return db.connection()._pool  # type: ignore[attr-defined]


async def test_the_pool_releases_without_the_reset_query(database: str) -> None:
    pool = await _pool()
    assert pool._reset is db._after_release
    async with pool.acquire() as connection:
        await connection.execute("SELECT 1")
    # What the pool runs on release: asyncpg's rollback step and then ours, no query.
    statements: list[str] = []
    async with pool.acquire() as connection:
        connection.add_query_logger(lambda record: statements.append(record.query))
        await connection.execute("SELECT 2")
    assert statements == ["SELECT 2"]


async def test_a_connection_released_inside_a_transaction_comes_back_rolled_back(
    database: str,
) -> None:
    pool = await _pool()
    async with pool.acquire() as connection:
        await connection.execute("BEGIN")
        await connection.execute("CREATE TEMPORARY TABLE left_open (x int) ON COMMIT DROP")
    # A task cancelled in the middle of a transaction gives its connection back too.
    started = asyncio.Event()

    async def stuck() -> None:
        async with transaction() as connection:
            await connection.execute_query("SELECT 1")
            started.set()
            await asyncio.sleep(60)

    task = asyncio.create_task(stuck())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    held = [await pool.acquire() for _ in range(pool.get_max_size())]
    try:
        for connection in held:
            assert not connection.is_in_transaction()
            assert await connection.fetchval("SELECT to_regclass('left_open')") is None
            assert (
                await connection.fetchval(
                    "SELECT count(*) FROM pg_locks WHERE "
                    "locktype = 'advisory' AND pid = pg_backend_pid()"
                )
                == 0
            )
    finally:
        for connection in held:
            await pool.release(connection)


# SQL is written in capitals here; a string that starts with SET is a statement.
SESSION_STATE = re.compile(
    r"pg_advisory_(?!xact)|\bLISTEN\b|WITH\s+HOLD|set_config\(|[\"']\s*SET\s+(?!TRANSACTION|LOCAL)"
)


def test_nothing_leaves_session_state_on_a_pooled_connection() -> None:
    found = [
        f"{path.relative_to(BACKEND)}:{number}: {line.strip()}"
        for path in sorted(BACKEND.rglob("*.py"))
        if path.name != "singleton.py"  # its advisory lock has a connection of its own
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if SESSION_STATE.search(line)
    ]
    # db.py names the skipped reset query in _after_release's docstring.
    assert [f for f in found if "`SELECT pg_advisory_unlock_all()" not in f] == []
