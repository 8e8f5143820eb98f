"""Idempotency keys for the calls that move, retire or issue units: a retry with the same key
by the same user returns the first call's result and records nothing new.

The key is stored with the seq of the ledger entry the first call appended, in the same
transaction, so a key exists exactly when its change was committed. Two concurrent calls with
one key meet on the table's unique index: the second waits for the first, fails, and is run
again by db.retried, when it finds the key and returns the first result."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.models import Model

from backend.db import Contention
from backend.errors import BadUserInput, Conflict
from backend.models.idempotency import IdempotencyKey
from backend.policy import Principal
from backend.services.recorded import Recorded

MAX_LENGTH = 200
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Once:
    """A call made under an idempotency key."""

    user_id: int
    key: str
    operation: str
    fingerprint: str


def once(principal: Principal, key: str | None, operation: str, **arguments: Any) -> Once | None:
    """The call's key checked (1-200 visible ASCII characters) and its fingerprint (the
    operation and its arguments), or None without a key. Raises BadUserInput."""
    if key is None:
        return None
    if not 1 <= len(key) <= MAX_LENGTH or not all("!" <= c <= "~" for c in key):
        raise BadUserInput(
            f"an idempotency key is 1 to {MAX_LENGTH} visible ASCII characters.",
            field="idempotencyKey",
        )
    text = json.dumps({"operation": operation, **arguments}, sort_keys=True, default=str)
    return Once(principal.person_id, key, operation, hashlib.sha256(text.encode()).hexdigest())


async def replayed(
    connection: BaseDBAsyncClient, call: Once | None, model: type[M]
) -> Recorded[M] | None:
    """The first result of a call already made under this key, or None. Raises Conflict when
    the key was used for another operation or other arguments."""
    if call is None:
        return None
    row = (
        await IdempotencyKey.filter(user_id=call.user_id, key=call.key).using_db(connection).first()
    )
    if row is None:
        return None
    if (row.operation, row.fingerprint) != (call.operation, call.fingerprint):
        raise Conflict(
            "this idempotency key was already used for another request.", field="idempotencyKey"
        )
    value = await model.filter(pk=row.result_id).using_db(connection).get()
    return Recorded(value, int(row.ledger_seq))


async def remember(
    connection: BaseDBAsyncClient, call: Once | None, result_id: int, ledger_seq: int
) -> None:
    """Keep the key with the call's result and ledger seq, inside the call's transaction.
    Raises Contention when a concurrent call took the key first (db.retried runs it again)."""
    if call is None:
        return
    try:
        await IdempotencyKey.create(
            using_db=connection,
            user_id=call.user_id,
            key=call.key,
            operation=call.operation,
            fingerprint=call.fingerprint,
            result_id=result_id,
            ledger_seq=ledger_seq,
        )
    except IntegrityError as exc:
        raise Contention("another call with this idempotency key committed first") from exc
