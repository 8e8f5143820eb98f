"""The registry's side of the ledger: appending inside the caller's transaction, proofs from
stored nodes, checkpoints and the export. The only module that puts backend.ledger on the database.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from backend.errors import BadUserInput, NotFound
from backend.ledger import entries, proof
from backend.ledger import export as export_format
from backend.ledger.canonical import canonical_bytes
from backend.ledger.compact import CompactRange
from backend.ledger.hashing import leaf_hash
from backend.ledger.note import Checkpoint, NoteSigner
from backend.ledger.verify import ProofError, root_of, verify_consistency, verify_inclusion
from backend.models.ledger import LedgerCheckpoint, LedgerEntry, LedgerHead, LedgerNode
from backend.request_id import current_request_id

LEVEL_SHIFT = 56
EXPORT_PAGE = 2000


def node_key(level: int, index: int) -> int:
    """The storage key of the perfect-subtree node (level, index)."""
    return (level << LEVEL_SHIFT) | index


@dataclass(frozen=True)
class NewEntry:
    """An entry to append. Services make them with new_entry from a declared record; a bare
    NewEntry (any type, body version 1) is for tests and benchmarks of the log itself."""

    type: str  # a past-tense fact, e.g. "organisation.approved"
    data: Mapping[str, Any]
    actor: str | None = None
    subject: str | None = None  # e.g. "project:12": indexed, for an object's history
    version: int = 1  # the body's "v"


def new_entry(
    record: entries.Entry, actor: str | None = None, subject: str | None = None
) -> NewEntry:
    """The entry recording a declared record (backend.ledger.entries), at its body version."""
    return NewEntry(record.TYPE, record.data(), actor, subject, record.VERSION)


def timestamp(moment: datetime | None = None) -> str:
    """UTC ISO-8601 with microseconds and a Z, as entries carry it."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


async def append(connection: BaseDBAsyncClient, entry: NewEntry) -> int:
    """Append one entry inside the caller's open transaction; returns its seq."""
    return (await append_many(connection, [entry]))[0]


async def append_many(connection: BaseDBAsyncClient, entries: Sequence[NewEntry]) -> list[int]:
    """Append entries in order inside the caller's transaction, holding the head row's lock
    until it commits, so appenders never fork the log or leave a gap. Returns their seqs."""
    if connection.capabilities.dialect == "postgres":
        return await _append_postgres(connection, entries)
    return await _append_orm(connection, entries)


@dataclass
class _Batch:
    """The rows one append writes: entries, the tree nodes they complete, and the new head."""

    seqs: list[int]
    bodies: list[bytes]
    leaves: list[bytes]
    types: list[str]
    subjects: list[str | None]
    node_keys: list[int]
    node_hashes: list[bytes]
    tree: CompactRange


def _build(size: int, compact: bytes, entries: Sequence[NewEntry]) -> _Batch:
    # Bodies, leaf hashes and every node the new leaves complete, from the locked head.
    tree = CompactRange.from_bytes(size, compact)
    batch = _Batch([], [], [], [], [], [], [], tree)
    keys, hashes = batch.node_keys, batch.node_hashes

    def visit(level: int, index: int, value: bytes) -> None:
        keys.append(node_key(level, index))
        hashes.append(value)

    at, request_id = timestamp(), current_request_id.get()
    for entry in entries:
        seq = tree.size
        body = canonical_bytes(
            {
                "v": entry.version,
                "seq": seq,
                "type": entry.type,
                "at": at,
                "actor": entry.actor,
                "request_id": request_id,
                "data": dict(entry.data),
            }
        )
        leaf = leaf_hash(body)
        tree.append(leaf, visit)
        batch.seqs.append(seq)
        batch.bodies.append(body)
        batch.leaves.append(leaf)
        batch.types.append(entry.type)
        batch.subjects.append(entry.subject)
    return batch


# Two statements per append on PostgreSQL, both on the caller's connection: lock the head row
# (appenders queue here until the holder commits), then write the entries, the nodes and the new
# head in one data-modifying statement with the rows as arrays.
_LOCK_HEAD = "SELECT size, compact FROM ledger_head WHERE id = 1 FOR UPDATE"
_WRITE = """WITH new_entries AS (
    INSERT INTO ledger_entry (seq, body, leaf_hash, type, subject)
    SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::text[], $5::text[])
), new_nodes AS (
    INSERT INTO ledger_node (key, hash) SELECT * FROM unnest($6::bigint[], $7::bytea[])
)
UPDATE ledger_head SET size = $8, compact = $9, root = $10 WHERE id = 1"""


async def _append_postgres(connection: BaseDBAsyncClient, entries: Sequence[NewEntry]) -> list[int]:
    _, rows = await connection.execute_query(_LOCK_HEAD)
    batch = _build(int(rows[0]["size"]), bytes(rows[0]["compact"]), entries)
    tree = batch.tree
    await connection.execute_query(
        _WRITE,
        [
            batch.seqs,
            batch.bodies,
            batch.leaves,
            batch.types,
            batch.subjects,
            batch.node_keys,
            batch.node_hashes,
            tree.size,
            tree.to_bytes(),
            tree.root(),
        ],
    )
    return batch.seqs


async def _append_orm(connection: BaseDBAsyncClient, entries: Sequence[NewEntry]) -> list[int]:
    # SQLite: the same rows through the ORM, in four calls (SQLite has no row locks; Tortoise
    # runs its transactions on the one connection one at a time).
    head = await LedgerHead.filter(id=1).using_db(connection).select_for_update().get()
    batch = _build(head.size, bytes(head.compact), entries)
    tree = batch.tree
    rows = [
        LedgerEntry(seq=seq, body=body, leaf_hash=leaf, type=entry_type, subject=subject)
        for seq, body, leaf, entry_type, subject in zip(
            batch.seqs, batch.bodies, batch.leaves, batch.types, batch.subjects, strict=True
        )
    ]
    nodes = [
        LedgerNode(key=key, hash=value)
        for key, value in zip(batch.node_keys, batch.node_hashes, strict=True)
    ]
    await LedgerEntry.bulk_create(rows, using_db=connection)
    await LedgerNode.bulk_create(nodes, using_db=connection)
    await (
        LedgerHead.filter(id=1)
        .using_db(connection)
        .update(size=tree.size, compact=tree.to_bytes(), root=tree.root())
    )
    return batch.seqs


async def tree_head() -> tuple[int, bytes]:
    """The committed tree size and root."""
    head = await LedgerHead.get(id=1)
    return head.size, bytes(head.root)


async def _check_size(size: int) -> None:
    current, _ = await tree_head()
    if size < 0 or size > current:
        raise BadUserInput(f"tree size must be between 0 and {current}")


async def _node_hashes(ids: Sequence[proof.NodeID]) -> list[bytes]:
    keys = [node_key(node.level, node.index) for node in ids]
    rows = await LedgerNode.filter(key__in=keys)
    found = {row.key: bytes(row.hash) for row in rows}
    return [found[key] for key in keys]


async def inclusion_proof(seq: int, size: int) -> list[bytes]:
    """The audit path of entry seq in the tree of the given size (RFC 9162 §2.1.3)."""
    await _check_size(size)
    if not 0 <= seq < size:
        raise BadUserInput("seq must be below the tree size")
    nodes = proof.inclusion(seq, size)
    return nodes.rehash(await _node_hashes(nodes.ids))


async def consistency_proof(from_size: int, to_size: int) -> list[bytes]:
    """The consistency proof between two tree sizes (RFC 9162 §2.1.4)."""
    await _check_size(to_size)
    if not 0 <= from_size <= to_size:
        raise BadUserInput("fromSize must be between 0 and toSize")
    nodes = proof.consistency(from_size, to_size)
    return nodes.rehash(await _node_hashes(nodes.ids))


async def root_at(size: int) -> bytes:
    """The root of the tree of the given size, from stored nodes (O(log n) reads)."""
    await _check_size(size)
    ids: list[proof.NodeID] = []
    start = 0
    for level in reversed(range(size.bit_length())):
        if size >> level & 1:
            ids.append(proof.NodeID(level, start >> level))
            start += 1 << level
    return CompactRange(size, await _node_hashes(ids)).root()


async def history(subject: str) -> list[LedgerEntry]:
    """The entries about one object (e.g. "project:12"), in seq order."""
    return list(await LedgerEntry.filter(subject=subject).order_by("seq"))


async def entry(seq: int) -> LedgerEntry:
    """The stored entry seq; raises NotFound."""
    row = await LedgerEntry.get_or_none(seq=seq)
    if row is None:
        raise NotFound(f"there is no ledger entry {seq}")
    return row


class TreeMismatch(Exception):
    """The ledger head disagrees with the stored nodes or entries: the checkpoint is refused."""


async def sign_checkpoint(signer: NoteSigner, origin: str) -> LedgerCheckpoint | None:
    """Sign and keep a checkpoint of the committed tree if it grew since the last one, after
    checking the new root against the stored nodes; raises TreeMismatch (nothing signed) if not."""
    head = await LedgerHead.get(id=1)
    size, root = head.size, bytes(head.root)
    latest = await LedgerCheckpoint.all().order_by("-size").first()
    if size == 0 or (latest is not None and latest.size >= size):
        return latest
    try:
        await _check_tree(size, root, bytes(head.compact), latest)
    except (ProofError, ValueError, KeyError) as exc:
        raise TreeMismatch(f"refusing to sign tree size {size}: {exc}") from exc
    note = signer.sign(Checkpoint(origin=origin, size=size, root=root))
    try:
        return await LedgerCheckpoint.create(size=size, root=root, note=note)
    except IntegrityError:  # another process signed this size first
        return await LedgerCheckpoint.get(size=size)


async def _check_tree(
    size: int, root: bytes, compact: bytes, latest: LedgerCheckpoint | None
) -> None:
    # The head's own three fields agree, the stored nodes give the same root, the newest entry
    # is in that tree, and the tree extends the last signed one (or, for the first checkpoint,
    # is the tree of every stored leaf). A KeyError is a stored node that is missing.
    tree = CompactRange.from_bytes(size, compact)
    if tree.root() != root:
        raise ValueError("the head's compact range does not give the head's root")
    if await root_at(size) != root:
        raise ValueError("the stored nodes do not give the head's root")
    last = await entry(size - 1)
    leaf = leaf_hash(bytes(last.body))
    if leaf != bytes(last.leaf_hash):
        raise ValueError(f"entry {size - 1}'s leaf hash is not the hash of its body")
    verify_inclusion(leaf, size - 1, size, await inclusion_proof(size - 1, size), root)
    if latest is not None and latest.size > 0:
        old = bytes(latest.root)
        verify_consistency(latest.size, size, await consistency_proof(latest.size, size), old, root)
        return
    stored = (
        await LedgerEntry.filter(seq__lt=size).order_by("seq").values_list("leaf_hash", flat=True)
    )
    leaves = [bytes(value) for value in stored]
    if len(leaves) != size or root_of(leaves) != root:
        raise ValueError("the stored entries do not give the head's root")


async def latest_checkpoint() -> LedgerCheckpoint | None:
    return await LedgerCheckpoint.all().order_by("-size").first()


async def export_lines(*, origin: str, public_key: str) -> AsyncIterator[str]:
    """The whole ledger as JSON lines (header, entries, checkpoints), streamed page by page."""
    size, _ = await tree_head()
    yield export_format.header_line(origin=origin, public_key=public_key, size=size)
    for start in range(0, size, EXPORT_PAGE):
        page = await LedgerEntry.filter(seq__gte=start, seq__lt=min(size, start + EXPORT_PAGE))
        for row in sorted(page, key=lambda r: r.seq):
            yield export_format.entry_line(row.seq, bytes(row.body), bytes(row.leaf_hash))
    for checkpoint in await LedgerCheckpoint.filter(size__lte=size).order_by("size"):
        yield export_format.checkpoint_line(checkpoint.note)


def encode_hash(value: bytes) -> str:
    """A hash as the API shows it: base64, as in checkpoints."""
    return base64.b64encode(value).decode()
