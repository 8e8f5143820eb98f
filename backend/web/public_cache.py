"""Answers to anonymous public reads kept in memory, per app (so per worker process).

An anonymous query whose root fields are all public registry reads (PUBLIC_FIELDS) is answered
from this cache when the same text, variables, operation name and Accept-Language were answered
without errors since the ledger last grew. Every change to what those fields show is recorded
in the ledger in the transaction that makes it (authorising a project, an issuance, a transfer,
a retirement and its decision, an organisation's or a project's update, the dashboard totals
kept with them), so the ledger's size, one cheap read, tells whether something was recorded
since the answer was made. The size is read before the answer is computed, so an answer is
never newer than its size says it is older.

What the ledger cannot tell: a change made outside the services (an operator's SQL, a restored
backup of the same size). For those an answer is also dropped after TTL_SECONDS. Answers with
errors (NOT_FOUND, refusals, an outage) are never kept."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

import orjson
from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse
from strawberry.types import ExecutionResult

from backend.services import public_registry

# The root fields whose anonymous answers may be kept: they read only public, recorded rows.
PUBLIC_FIELDS = frozenset({"publicTotals", "publicProjects", "serialLookup", "__typename"})
TTL_SECONDS = 30.0
KEPT_ANSWERS = 2048  # distinct keys; an anonymous caller cycling keys only pushes others out
_LONGEST_QUERY = 10_000  # characters; longer texts are not public reads worth keeping

Key = tuple[str, bytes, str | None, str]


@lru_cache(maxsize=1024)
def cacheable(query: str, operation_name: str | None) -> bool:
    """Whether this text's operation is a query of public root fields only (no fragments at the
    root: they could name any field)."""
    if len(query) > _LONGEST_QUERY:
        return False
    try:
        document = parse(query)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return False
    selections = operations[0].selection_set.selections
    return all(isinstance(s, FieldNode) and s.name.value in PUBLIC_FIELDS for s in selections)


def key_of(
    query: str, variables: dict[str, Any] | None, operation_name: str | None, language: str
) -> Key | None:
    """The cache key, or None when the variables cannot be encoded canonically."""
    try:
        encoded = orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return None
    return (query, encoded, operation_name, language)


class PublicAnswers:
    """The kept answers: key -> (ledger size when made, when made, the result)."""

    def __init__(self, ttl_seconds: float = TTL_SECONDS, size: int = KEPT_ANSWERS) -> None:
        self.ttl_seconds, self.size = ttl_seconds, size
        self._kept: OrderedDict[Key, tuple[int, float, ExecutionResult]] = OrderedDict()
        self.hits = self.misses = 0

    async def answer(
        self, key: Key, compute: Callable[[], Awaitable[ExecutionResult]]
    ) -> ExecutionResult:
        """The kept answer if the ledger has not grown since and it is fresh, else compute's
        (kept when it has no errors)."""
        try:
            size = await public_registry.recorded_size()
        except Exception:  # noqa: BLE001 - an outage: the uncached path answers it as usual
            return await compute()
        now = time.monotonic()
        kept = self._kept.get(key)
        if kept is not None and kept[0] == size and now - kept[1] < self.ttl_seconds:
            self._kept.move_to_end(key)
            self.hits += 1
            return kept[2]
        self.misses += 1
        result = await compute()
        if not result.errors:
            self._kept[key] = (size, now, result)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return result
