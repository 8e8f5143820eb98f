"""Registry-wide sequences: project numbers, activity numbers, serial units. Never reused."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.models.counter import Counter


async def take(connection: BaseDBAsyncClient, name: str, count: int = 1) -> int:
    """Reserve `count` consecutive values of sequence `name` inside the caller's transaction
    (the row stays locked until it commits); returns the first. A rollback gives them back."""
    if count < 1:
        raise ValueError("count must be at least 1")
    row = await Counter.filter(name=name).using_db(connection).select_for_update().get()
    first = int(row.value) + 1
    await Counter.filter(name=name).using_db(connection).update(value=row.value + count)
    return first
