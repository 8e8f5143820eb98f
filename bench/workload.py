"""Entries that look like the registry's own and pass the offline auditor's replay.

Each Stream is one block of credits: first it is issued ("credits.issued"), then it moves back and
forth between two organisations ("credits.transferred" of the whole block). A stream's entries must
be appended in its own order, so every concurrent writer gets its own stream; the audit at the end
then replays all of them without a rule being broken.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable

from backend.db import transaction
from backend.services import ledger

UNITS_PER_BLOCK = 1_000
ACTOR = "user:7"
_stream_ids = itertools.count()


class Stream:
    """One block of credits issued once and then transferred back and forth."""

    def __init__(self) -> None:
        self.number = next(_stream_ids)
        self.block_id = f"VUT-BENCH-{self.number:06d}"
        self.start = self.number * UNITS_PER_BLOCK + 1
        self.end = self.start + UNITS_PER_BLOCK - 1
        self.holders = (f"org:{100 + 2 * self.number}", f"org:{101 + 2 * self.number}")
        self.moves = -1  # -1: not issued yet

    def next_entry(self) -> ledger.NewEntry:
        if self.moves < 0:
            self.moves = 0
            data: dict[str, object] = {
                "project_id": f"P-{self.number:06d}",
                "vintage": 2024,
                "blocks": [
                    {
                        "block_id": self.block_id,
                        "holder": self.holders[0],
                        "start": self.start,
                        "end": self.end,
                    }
                ],
            }
            return ledger.NewEntry("credits.issued", data, actor=ACTOR)
        sender, receiver = self.holders[self.moves % 2], self.holders[1 - self.moves % 2]
        self.moves += 1
        data = {
            "transfer_id": f"T-{self.number:06d}-{self.moves:08d}",
            "block_id": self.block_id,
            "from": sender,
            "to": receiver,
            "start": self.start,
            "end": self.end,
            "quantity": UNITS_PER_BLOCK,
        }
        return ledger.NewEntry("credits.transferred", data, actor=ACTOR)

    def batch(self, count: int) -> list[ledger.NewEntry]:
        return [self.next_entry() for _ in range(count)]


async def append_batch(stream: Stream, count: int) -> None:
    """One transaction appending count entries of stream (count 1: ledger.append)."""
    async with transaction() as connection:
        if count == 1:
            await ledger.append(connection, stream.next_entry())
        else:
            await ledger.append_many(connection, stream.batch(count))


async def concurrent_appends(writers: int, total: int, per_transaction: int = 1) -> float:
    """total entries appended by concurrent writers, per_transaction entries per commit;
    returns the elapsed seconds."""
    transactions = total // per_transaction
    shares = [transactions // writers + (i < transactions % writers) for i in range(writers)]

    async def writer(share: int) -> None:
        stream = Stream()
        for _ in range(share):
            await append_batch(stream, per_transaction)

    started = time.perf_counter()
    await asyncio.gather(*(writer(share) for share in shares))
    return time.perf_counter() - started


async def empty_transactions(writers: int, total: int) -> float:
    """total transactions from concurrent writers, each making the round trips of a one-entry
    append (BEGIN, two statements, COMMIT, and the pool's reset when the connection goes back)
    with none of its work: the most single-entry appends this client and server could reach.
    Returns the elapsed seconds."""
    shares = [total // writers + (i < total % writers) for i in range(writers)]

    async def writer(share: int) -> None:
        for _ in range(share):
            async with transaction() as connection:
                await connection.execute_query("SELECT 1")
                await connection.execute_query("SELECT 1")

    started = time.perf_counter()
    await asyncio.gather(*(writer(share) for share in shares))
    return time.perf_counter() - started


async def build(
    target: int, batch: int, progress: Callable[[int, float], Awaitable[None]], every: int
) -> float:
    """Append until the ledger holds target entries, batch entries per transaction; calls
    progress(size, elapsed) about every `every` entries; returns the elapsed seconds."""
    stream = Stream()
    size, _ = await ledger.tree_head()
    started, next_report = time.perf_counter(), size + every
    while size < target:
        count = min(batch, target - size)
        await append_batch(stream, count)
        size += count
        if size >= next_report or size == target:
            await progress(size, time.perf_counter() - started)
            next_report = size + every
    return time.perf_counter() - started
