"""Whether an exception means the database (or the document store) is unreachable for now:
a stopped, restarting or unreachable server, a connection it closed. Such a request is
answered 503 with Retry-After, never as an unexpected error."""

from __future__ import annotations

import asyncpg
from tortoise.exceptions import DBConnectionError

RETRY_AFTER_SECONDS = 5
MESSAGE = "The registry's database is unavailable for a moment; retry shortly."

_OUTAGES: tuple[type[BaseException], ...] = (
    ConnectionError,  # refused, reset, broken pipe
    TimeoutError,
    DBConnectionError,
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.CannotConnectNowError,  # 57P03: starting up or shutting down
    asyncpg.AdminShutdownError,  # 57P01: terminating connection due to administrator command
    asyncpg.CrashShutdownError,  # 57P02
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.InterfaceError,  # "connection is closed", pool closing
    # "cannot switch to state N; another operation is in progress": a pooled connection the
    # server closed in the middle of an operation, handed out again before the pool noticed
    # (seen in tests/reliability/test_database_restart.py as a 500).
    asyncpg.InternalClientError,
)


def is_outage(error: BaseException | None) -> bool:
    """True when error, or an exception it was raised from, is the database going away."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, _OUTAGES):
            return True
        error = error.__cause__ or error.__context__
    return False
