"""Tortoise set-up, migrations, the transaction helper and the row-lock helpers.

Locks are taken in one global order, so that two transactions never wait on each other in a
cycle: the object decided (a transfer, retirement, financing, monitoring report), organisations
(ascending id, FOR NO KEY UPDATE so that rows referencing them can still be inserted), the
project and what hangs off it (certification, activity, monitoring reports, documents), credit
blocks, counters, and last the ledger head (ledger.append). What still fails for contention
(a deadlock or serialization failure) is run again by retried()."""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, ParamSpec, TypeVar

import asyncpg
from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.connection import connections, get_connections
from tortoise.exceptions import ValidationError
from tortoise.migrations.api import migrate as run_migrations
from tortoise.models import Model
from tortoise.transactions import in_transaction

from backend.errors import BadUserInput, Conflict, NotFound

APP_LABEL = "registry"
CONNECTION = "default"
ATTEMPTS = 5  # a transaction refused for contention is tried this many times in all
# PostgreSQL's serialization_failure and deadlock_detected: the transaction was rolled back
# and may simply be run again.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})

M = TypeVar("M", bound=Model)
P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger(__name__)


async def _after_release(connection: asyncpg.Connection) -> None:
    """What the pool runs when a connection comes back, after asyncpg's own step (which rolls
    back a transaction left open and drops listeners): nothing more.

    asyncpg's default adds `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`,
    a round trip after every statement run outside a transaction (Tortoise takes a pooled
    connection per statement). It undoes session state that the registry never leaves on a
    pooled connection: its only advisory lock is held on a connection of its own
    (backend.singleton), it never subscribes to notifications, declares no holdable cursor and
    sets nothing beyond the transaction (SET TRANSACTION / SET LOCAL).
    tests/services/test_pool_reset.py holds the code to that."""


def _connection_config(database_url: str) -> str | dict[str, Any]:
    """Tortoise's connection entry: the URL, and on PostgreSQL the pool's release step."""
    if not database_url.startswith("postgres://"):
        return database_url
    expanded: dict[str, Any] = expand_db_url(database_url)
    expanded["credentials"]["reset"] = _after_release
    return expanded


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The Tortoise configuration for a sqlite://PATH or postgres://... URL."""
    if not database_url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ValueError("REGISTRY_DATABASE_URL must start with sqlite:// or postgres://")
    if database_url.startswith("postgresql://"):
        database_url = "postgres://" + database_url.removeprefix("postgresql://")
    return {
        "connections": {CONNECTION: _connection_config(database_url)},
        "apps": {
            APP_LABEL: {
                "models": ["backend.models"],
                "migrations": "backend.migrations",
                "default_connection": CONNECTION,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# For Tortoise's own developer CLI: `tortoise --config backend.db.TORTOISE_ORM makemigrations`.
TORTOISE_ORM = tortoise_config("sqlite://:memory:")


async def init_db(database_url: str) -> None:
    """Connect the ORM (lazily) for this process."""
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close_db() -> None:
    await Tortoise.close_connections()


async def migrate(database_url: str) -> None:
    """Apply every committed migration that the database does not have yet."""
    await run_migrations(config=tortoise_config(database_url))


_OVERLONG = re.compile(r"^(\w+): Length of .* (\d+) > (\d+)$", re.DOTALL)


def refused_value(exc: BaseException) -> BadUserInput | None:
    """The caller's error for a value a model field refused to store or compare (Tortoise's
    ValidationError, e.g. a text longer than its column), without echoing the value back;
    None for any other exception."""
    if not isinstance(exc, ValidationError):
        return None
    text = str(exc)
    overlong = _OVERLONG.match(text)
    if overlong:
        field, longest = overlong.group(1), overlong.group(3)
        return BadUserInput(f"{field} is longer than {longest} characters.", field=field)
    field = text.split(":", 1)[0] if ":" in text else "value"
    return BadUserInput(f"{field} is not a value the registry can store.", field=field)


@asynccontextmanager
async def transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """One database transaction: `async with transaction() as connection: ...`. Once COMMIT
    has succeeded, an error while handing the connection back to the pool (a dying
    connection's reset) is logged, never raised: the change is made and must not look failed."""
    context = in_transaction(CONNECTION)
    client = await context.__aenter__()
    try:
        yield client
    except BaseException as exc:
        await context.__aexit__(type(exc), exc, exc.__traceback__)
        refused = refused_value(exc)
        if refused is not None:
            raise refused from None
        raise
    try:
        await context.__aexit__(None, None, None)
    except Exception:
        if not getattr(client, "_finalized", False):
            raise  # COMMIT itself failed: the change is not made (or unknown: see retried)
        log.warning("an error after COMMIT was ignored: the change is made", exc_info=True)
        # The pool's release failed before Tortoise gave the task back its previous
        # connection: do it here, or the next statement would run on the released one.
        token = getattr(context, "token", None)
        if token is not None and connections.get(CONNECTION) is client:
            get_connections().reset(token)


class Contention(Exception):
    """Raised inside a transaction to have retried() run it again (e.g. a unique key that a
    concurrent transaction took first, which the next attempt will see)."""


def is_contention(exc: BaseException) -> bool:
    """True for a deadlock or serialization failure anywhere in exc's chain of causes."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, Contention) or getattr(seen, "sqlstate", None) in RETRYABLE_SQLSTATES:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _inside_transaction() -> bool:
    return isinstance(connections.get(CONNECTION), TransactionalDBClient)


def retried(service: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Run a service function (one transaction, nothing sent before it commits) again when
    the database refused its transaction for contention, up to ATTEMPTS times with a short
    random pause; then raise Conflict. Inside a caller's transaction it runs once: the caller
    decides."""

    @functools.wraps(service)
    async def attempt(*args: P.args, **kwargs: P.kwargs) -> T:
        if _inside_transaction():
            return await service(*args, **kwargs)
        for number in range(1, ATTEMPTS + 1):
            try:
                return await service(*args, **kwargs)
            except Exception as exc:
                if not is_contention(exc):
                    raise
                if number == ATTEMPTS:
                    raise Conflict(
                        "the registry is busy with the same records; nothing was changed, "
                        "try again."
                    ) from exc
                log.info("transaction contention (attempt %d): %s", number, exc)
                await asyncio.sleep(random.uniform(0, 0.02 * 2**number))  # noqa: S311 (jitter)
        raise AssertionError("unreachable")

    return attempt


def connection() -> BaseDBAsyncClient:
    return Tortoise.get_connection(CONNECTION)


def dialect() -> str:
    """'postgres' or 'sqlite'."""
    return str(connection().capabilities.dialect)


def _noun(model: type[Model]) -> str:
    """How an error names a model: CreditBlock -> "credit block"."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()


async def locked_or_none(
    connection: BaseDBAsyncClient, model: type[M], *, no_key: bool = False, **filters: Any
) -> M | None:
    """The first row of model matching filters, locked until the transaction ends, or None.
    no_key takes PostgreSQL's FOR NO KEY UPDATE: enough to change the row, and it does not
    block other transactions inserting rows that reference it."""
    query = model.filter(**filters).using_db(connection).select_for_update(no_key=no_key)
    return await query.first()


async def locked(
    connection: BaseDBAsyncClient,
    model: type[M],
    row_id: int,
    *,
    name: str | None = None,
    field: str | None = None,
    no_key: bool = False,
) -> M:
    """The row of model with primary key row_id, locked until the transaction ends.
    Raises NotFound ("<name> <id> does not exist.", naming the input field if given)."""
    found = await locked_or_none(connection, model, no_key=no_key, pk=row_id)
    if found is None:
        details = {} if field is None else {"field": field}
        raise NotFound(f"{name or _noun(model)} {row_id} does not exist.", **details)
    return found
