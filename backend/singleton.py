"""Background work that runs once per installation, however many worker processes serve it.

`serve --workers N` starts N processes, and each runs the app's lifespan. Work that must not run
N times (the checkpoint signer) goes through once_per_installation: the process that holds the
installation's lock does it, the others retry every RETRY_SECONDS and take over within that time
when the holder dies. On PostgreSQL the lock is a session-level advisory lock on a dedicated
connection (not a pooled one, which goes back to the pool after each statement and serves
others); it goes when that connection or its process does. On SQLite it is an flock on a file
beside the database, which the kernel releases when the process dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import logging
import os
import urllib.parse
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, Protocol

import asyncpg

log = logging.getLogger(__name__)
RETRY_SECONDS = 2.0


class Lock(Protocol):
    async def acquire(self) -> bool: ...
    async def held(self) -> bool: ...
    async def release(self) -> None: ...


def _lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for name."""
    return int.from_bytes(
        hashlib.sha256(f"carbon-registry:{name}".encode()).digest()[:8], "big", signed=True
    )


def asyncpg_dsn(database_url: str) -> str:
    """The Tortoise URL without its pool options (asyncpg takes unknown ones as settings)."""
    parts = urllib.parse.urlsplit(database_url)
    scheme = "postgresql"
    return urllib.parse.urlunsplit((scheme, parts.netloc, parts.path, "", ""))


class AdvisoryLock:
    """pg_try_advisory_lock held on a connection of its own."""

    def __init__(self, database_url: str, name: str) -> None:
        self.dsn, self.key = asyncpg_dsn(database_url), _lock_key(name)
        self.connection: Any = None

    async def acquire(self) -> bool:
        if self.connection is None:
            self.connection = await asyncpg.connect(self.dsn, timeout=10)
        got = bool(await self.connection.fetchval("SELECT pg_try_advisory_lock($1)", self.key))
        return got

    async def held(self) -> bool:
        """The connection still answers (a session lock lives as long as its connection)."""
        try:
            return bool(await self.connection.fetchval("SELECT 1", timeout=10) == 1)
        except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            return False

    async def release(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close(timeout=5)


class FileLock:
    """flock on a file (SQLite installations)."""

    def __init__(self, path: Path) -> None:
        self.path, self.fd = path, -1

    async def acquire(self) -> bool:
        if self.fd < 0:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    async def held(self) -> bool:
        return self.fd >= 0

    async def release(self) -> None:
        fd, self.fd = self.fd, -1
        if fd >= 0:
            os.close(fd)  # closing the descriptor releases the flock


class ProcessLock:
    """Always held (an in-memory database is private to its process)."""

    async def acquire(self) -> bool:
        return True

    async def held(self) -> bool:
        return True

    async def release(self) -> None:
        return None


def installation_lock(database_url: str, name: str) -> Lock:
    """The lock named name for the installation whose database is database_url."""
    if database_url.startswith(("postgres://", "postgresql://")):
        return AdvisoryLock(database_url, name)
    path = database_url.removeprefix("sqlite://")
    if path in ("", ":memory:"):
        return ProcessLock()  # an in-memory database has one process: nobody to exclude
    return FileLock(Path(f"{path}.{name}.lock"))


async def once_per_installation(
    database_url: str, name: str, work: Callable[[], Coroutine[Any, Any, None]]
) -> None:
    """Run work (a loop that does not return) while this process holds the lock name; stop
    it when the lock is lost and wait to get it back. Runs until cancelled."""
    lock = installation_lock(database_url, name)
    try:
        while True:
            try:
                acquired = await lock.acquire()
            except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                log.warning("%s: cannot reach the lock (%s); retrying", name, error)
                await lock.release()
                acquired = False
            if not acquired:
                await asyncio.sleep(RETRY_SECONDS)
                continue
            log.info("%s: this process (pid %d) runs it for the installation", name, os.getpid())
            task = asyncio.create_task(work())
            try:
                while not task.done() and await lock.held():
                    await asyncio.wait({task}, timeout=RETRY_SECONDS)
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            log.warning("%s: lost the installation lock; stopped here", name)
            await lock.release()
    finally:
        await lock.release()
