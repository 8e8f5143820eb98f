"""The one way a pending request (a transfer, a retirement, a financing) is taken up and
closed: locked and checked still pending, then given its new status, reason and decision time.
Each domain's own closing function (transfers.close_request, retirements.settle_retirement,
financing.settle_financing) adds its ledger entry and notices on top, and is what both its
services and a suspension's effects (services.suspension) call."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from backend.db import locked
from backend.errors import Conflict

M = TypeVar("M", bound=Model)


async def pending(
    connection: BaseDBAsyncClient, model: type[M], row_id: int, *, status: Enum, noun: str
) -> M:
    """The row, locked, if it is still in the pending status. Raises NotFound, Conflict."""
    row = await locked(connection, model, row_id, name=noun)
    current: Enum = getattr(row, "status")  # noqa: B009 (every decidable model has one)
    if current is not status:
        raise Conflict(
            f"this {noun} is {current.value}, no longer {status.value}.", status=current.value
        )
    return row


async def settle(
    connection: BaseDBAsyncClient, row: Model, *, to: Enum, reason: str | None
) -> None:
    """Give a locked pending row its decided status and reason (and decision time)."""
    values: dict[str, object] = {"status": to, "status_reason": reason}
    names = row._meta.fields_map
    if "decided_at" in names:
        values["decided_at"] = datetime.now(UTC)
    for name, value in values.items():
        setattr(row, name, value)
    fields = [*values, *(["updated_at"] if "updated_at" in names else [])]
    await row.save(using_db=connection, update_fields=fields)
