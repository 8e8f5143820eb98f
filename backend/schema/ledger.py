"""The ledger for auditors: checkpoints, entries and proofs (no sign-in needed)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from backend.schema.fields import field
from backend.services import ledger


@strawberry.type(description="A signed tree head: a C2SP signed note over the ledger's root.")
class LedgerCheckpoint:
    size: int = strawberry.field(description="Number of entries the checkpoint covers.")
    root_hash: str = strawberry.field(description="RFC 6962 root, base64.")
    note: str = strawberry.field(description="The signed note, verbatim.")
    created_at: datetime = strawberry.field(description="When it was signed (UTC).")


@strawberry.type(description="One ledger entry, exactly as hashed.")
class LedgerEntry:
    seq: int = strawberry.field(description="Position in the log, from 0, without gaps.")
    type: str = strawberry.field(description="The fact recorded, e.g. organisation.approved.")
    body: str = strawberry.field(description="The RFC 8785 canonical JSON bytes, base64.")
    leaf_hash: str = strawberry.field(description="SHA-256(0x00 || body), base64.")


@strawberry.type(description="An RFC 9162 inclusion proof.")
class LedgerInclusionProof:
    seq: int = strawberry.field(description="The entry proven.")
    tree_size: int = strawberry.field(description="The tree it is proven in.")
    leaf_hash: str = strawberry.field(description="The entry's leaf hash, base64.")
    root_hash: str = strawberry.field(description="The root of that tree, base64.")
    hashes: list[str] = strawberry.field(description="The audit path, base64, leaf to root.")


@strawberry.type(description="An RFC 9162 consistency proof.")
class LedgerConsistencyProof:
    from_size: int = strawberry.field(description="The older tree size.")
    to_size: int = strawberry.field(description="The newer tree size.")
    from_root: str = strawberry.field(description="Root of the older tree, base64.")
    to_root: str = strawberry.field(description="Root of the newer tree, base64.")
    hashes: list[str] = strawberry.field(description="The proof, base64.")


Seq = Annotated[int, strawberry.argument(description="The entry's seq (from 0).")]


@strawberry.type
class LedgerQuery:
    @field(description="The latest signed checkpoint, or null before the first.")
    async def ledger_checkpoint(self) -> LedgerCheckpoint | None:
        row = await ledger.latest_checkpoint()
        if row is None:
            return None
        return LedgerCheckpoint(
            size=row.size,
            root_hash=ledger.encode_hash(bytes(row.root)),
            note=row.note,
            created_at=row.created_at,
        )

    @field(description="One ledger entry by seq.")
    async def ledger_entry(self, seq: Seq) -> LedgerEntry:
        row = await ledger.entry(seq)
        return LedgerEntry(
            seq=row.seq,
            type=row.type,
            body=ledger.encode_hash(bytes(row.body)),
            leaf_hash=ledger.encode_hash(bytes(row.leaf_hash)),
        )

    @field(description="Proof that entry seq is in the tree of size treeSize.")
    async def ledger_inclusion_proof(
        self,
        seq: Seq,
        tree_size: Annotated[
            int, strawberry.argument(description="The size of the tree to prove it in.")
        ],
    ) -> LedgerInclusionProof:
        hashes = await ledger.inclusion_proof(seq, tree_size)
        row = await ledger.entry(seq)
        return LedgerInclusionProof(
            seq=seq,
            tree_size=tree_size,
            leaf_hash=ledger.encode_hash(bytes(row.leaf_hash)),
            root_hash=ledger.encode_hash(await ledger.root_at(tree_size)),
            hashes=[ledger.encode_hash(h) for h in hashes],
        )

    @field(description="Proof that the tree of toSize extends the tree of fromSize.")
    async def ledger_consistency_proof(
        self,
        from_size: Annotated[int, strawberry.argument(description="The older tree size.")],
        to_size: Annotated[int, strawberry.argument(description="The newer tree size.")],
    ) -> LedgerConsistencyProof:
        hashes = await ledger.consistency_proof(from_size, to_size)
        return LedgerConsistencyProof(
            from_size=from_size,
            to_size=to_size,
            from_root=ledger.encode_hash(await ledger.root_at(from_size)),
            to_root=ledger.encode_hash(await ledger.root_at(to_size)),
            hashes=[ledger.encode_hash(h) for h in hashes],
        )
