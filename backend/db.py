"""Tortoise set-up, migrations, and the transaction helper."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.migrations.api import migrate as run_migrations
from tortoise.transactions import in_transaction

APP_LABEL = "registry"
CONNECTION = "default"


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The Tortoise configuration for a sqlite://PATH or postgres://... URL."""
    if not database_url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ValueError("REGISTRY_DATABASE_URL must start with sqlite:// or postgres://")
    if database_url.startswith("postgresql://"):
        database_url = "postgres://" + database_url.removeprefix("postgresql://")
    return {
        "connections": {CONNECTION: database_url},
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


def transaction() -> Any:
    """One database transaction: `async with transaction() as connection: ...`."""
    return in_transaction(CONNECTION)


def connection() -> BaseDBAsyncClient:
    return Tortoise.get_connection(CONNECTION)


def dialect() -> str:
    """'postgres' or 'sqlite'."""
    return str(connection().capabilities.dialect)
