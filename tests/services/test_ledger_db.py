"""The ledger on the database: proofs from stored nodes, atomicity with the state change,
append-only triggers, concurrent appenders, checkpoints, and the export's offline audit."""

from __future__ import annotations

import asyncio
import base64
import json

import pytest
from tortoise.exceptions import OperationalError, TransactionManagementError

from backend.db import connection, transaction
from backend.ledger.audit import audit
from backend.ledger.export import read_export
from backend.ledger.hashing import leaf_hash
from backend.ledger.note import NoteVerifier
from backend.ledger.verify import root_of, verify_consistency, verify_inclusion
from backend.models.enums import OrganisationStatus, OrganisationType
from backend.models.ledger import LedgerCheckpoint, LedgerEntry
from backend.models.organisation import Organisation
from backend.services import ledger, runtime
from tests.factories import ledger_size


async def append_n(count: int, *, batch: int = 1) -> None:
    for start in range(0, count, batch):
        async with transaction() as conn:
            await ledger.append_many(
                conn,
                [
                    ledger.NewEntry("test.appended", {"n": n})
                    for n in range(start, min(count, start + batch))
                ],
            )


async def leaves() -> list[bytes]:
    return [bytes(row.leaf_hash) for row in await LedgerEntry.all().order_by("seq")]


async def test_every_proof_from_stored_nodes_verifies_up_to_40_entries() -> None:
    await append_n(40, batch=7)
    hashes = await leaves()
    assert [leaf_hash(bytes(r.body)) for r in await LedgerEntry.all().order_by("seq")] == hashes
    for size in range(1, 41):
        root = await ledger.root_at(size)
        assert root == root_of(hashes[:size])
        for seq in range(size):
            verify_inclusion(hashes[seq], seq, size, await ledger.inclusion_proof(seq, size), root)
        for older in range(0, size + 1):
            proof = await ledger.consistency_proof(older, size)
            if older:
                verify_consistency(older, size, proof, await ledger.root_at(older), root)


async def test_bodies_are_canonical_and_carry_seq_type_time_and_request() -> None:
    await append_n(3)
    rows = await LedgerEntry.all().order_by("seq")
    bodies = [json.loads(bytes(r.body)) for r in rows]
    assert [b["seq"] for b in bodies] == [0, 1, 2]
    assert set(bodies[0]) == {"v", "seq", "type", "at", "actor", "request_id", "data"}
    assert bodies[2]["data"] == {"n": 2} and bodies[0]["at"].endswith("Z")


async def test_bad_proof_arguments_are_refused() -> None:
    from backend.errors import BadUserInput

    await append_n(4)
    for seq, size in ((4, 4), (0, 5), (-1, 3)):
        with pytest.raises(BadUserInput):
            await ledger.inclusion_proof(seq, size)
    with pytest.raises(BadUserInput):
        await ledger.consistency_proof(3, 2)


async def test_a_rolled_back_change_leaves_no_entry_and_no_row() -> None:
    await append_n(2)
    before = (await ledger.tree_head(), await ledger_size())
    with pytest.raises(RuntimeError):
        async with transaction() as conn:
            await Organisation.create(
                using_db=conn,
                name="Ghost",
                tax_id="GHOST",
                email="g@example.org",
                type=OrganisationType.DEVELOPER,
                status=OrganisationStatus.PENDING,
                country="VU",
            )
            await ledger.append(conn, ledger.NewEntry("organisation.registered", {"name": "Ghost"}))
            raise RuntimeError("the change fails after its entry was appended")
    assert await Organisation.filter(tax_id="GHOST").count() == 0
    assert await LedgerEntry.all().count() == 2
    assert (await ledger.tree_head(), await ledger_size()) == before
    await append_n(1)
    assert [r.seq for r in await LedgerEntry.all().order_by("seq")] == [0, 1, 2]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_entry SET type = 'forged' WHERE seq = 0",
        "DELETE FROM ledger_entry WHERE seq = 0",
        "UPDATE ledger_node SET hash = hash",
        "DELETE FROM ledger_checkpoint",
    ],
)
async def test_triggers_refuse_updates_and_deletes(statement: str) -> None:
    await append_n(2)
    await ledger.sign_checkpoint(runtime.current().signer, "test/origin")
    with pytest.raises((OperationalError, TransactionManagementError, Exception)) as raised:
        await connection().execute_script(statement)
    assert "append-only" in str(raised.value)
    assert await LedgerEntry.all().count() == 2
    assert (await LedgerEntry.get(seq=0)).type == "test.appended"


@pytest.mark.postgres_only
async def test_64_concurrent_writers_never_fork_or_gap() -> None:
    async def writer(number: int) -> None:
        for n in range(100):
            async with transaction() as conn:
                await ledger.append(
                    conn, ledger.NewEntry("test.concurrent", {"writer": number, "n": n})
                )

    await asyncio.gather(*(writer(w) for w in range(64)))
    seqs = [r.seq for r in await LedgerEntry.all().order_by("seq")]
    assert seqs == list(range(6400))
    size, root = await ledger.tree_head()
    assert size == 6400 and root == root_of(await leaves())
    data = [json.loads(bytes(r.body))["data"] for r in await LedgerEntry.all()]
    assert sorted((d["writer"], d["n"]) for d in data) == [
        (w, n) for w in range(64) for n in range(100)
    ]
    await ledger.sign_checkpoint(runtime.current().signer, "test/origin")
    report = await _audit_export()
    assert report.ok and report.entries == 6400, report.lines()


async def _audit_export(**kwargs: str) -> object:
    signer = runtime.current().signer
    lines = [
        line async for line in ledger.export_lines(origin="test/origin", public_key=signer.vkey())
    ]
    return audit(read_export(lines), public_key=signer.vkey(), **kwargs)


async def test_checkpoints_are_signed_kept_and_verify() -> None:
    signer = runtime.current().signer
    assert await ledger.sign_checkpoint(signer, "test/origin") is None  # nothing to sign yet
    await append_n(5)
    first = await ledger.sign_checkpoint(signer, "test/origin")
    assert first is not None and first.size == 5
    assert await ledger.sign_checkpoint(signer, "test/origin") == first  # no growth, no new one
    await append_n(3)
    second = await ledger.sign_checkpoint(signer, "test/origin")
    assert second is not None and second.size == 8
    assert [c.size for c in await LedgerCheckpoint.all().order_by("size")] == [5, 8]
    checkpoint = NoteVerifier(signer.vkey()).verify(second.note)
    assert (checkpoint.size, checkpoint.root) == (8, await ledger.root_at(8))
    report = await _audit_export(kept_checkpoint=first.note)
    assert report.ok and report.checkpoints == 2, report.lines()


async def test_http_ledger_endpoints(http: object) -> None:
    import httpx

    assert isinstance(http, httpx.AsyncClient)
    await append_n(6)
    signer = runtime.current().signer
    await ledger.sign_checkpoint(signer, runtime.current().country.ledger_origin)
    note = (await http.get("/ledger/checkpoint")).text
    checkpoint = NoteVerifier((await http.get("/ledger/public-key")).text.strip()).verify(note)
    assert checkpoint.size == 6
    entry = (await http.get("/ledger/entries/4")).json()
    body = base64.b64decode(entry["body"])
    assert entry["seq"] == 4 and bytes.fromhex(entry["leaf_hash"]) == leaf_hash(body)
    proof = (await http.get("/ledger/proof/inclusion", params={"seq": 4, "size": 6})).json()
    verify_inclusion(
        leaf_hash(body), 4, 6, [bytes.fromhex(h) for h in proof["hashes"]], checkpoint.root
    )
    consistency = (await http.get("/ledger/proof/consistency", params={"from": 3, "to": 6})).json()
    verify_consistency(
        3,
        6,
        [bytes.fromhex(h) for h in consistency["hashes"]],
        bytes.fromhex(consistency["from_root"]),
        checkpoint.root,
    )
    assert (await http.get("/ledger/entries/99")).status_code == 404
    assert (
        await http.get("/ledger/proof/inclusion", params={"seq": 7, "size": 6})
    ).status_code == 400
    assert (
        await http.get("/ledger/proof/inclusion", params={"seq": "x", "size": 6})
    ).status_code == 400
    exported = (await http.get("/ledger/export")).text.splitlines(keepends=True)
    report = audit(read_export(exported), public_key=signer.vkey())
    assert report.ok and report.entries == 6 and report.checkpoints == 1, report.lines()


async def test_subjects_are_stored_for_an_objects_history() -> None:
    async with transaction() as conn:
        seqs = await ledger.append_many(
            conn,
            [
                ledger.NewEntry(
                    "project.submitted", {"n": 1}, actor="user:1", subject="project:12"
                ),
                ledger.NewEntry("test.appended", {"n": 2}),
                ledger.NewEntry("project.approved", {"n": 3}, subject="project:12"),
            ],
        )
    assert seqs == [0, 1, 2]
    history = await ledger.history("project:12")
    assert [(r.seq, r.type, r.subject) for r in history] == [
        (0, "project.submitted", "project:12"),
        (2, "project.approved", "project:12"),
    ]
    assert (await LedgerEntry.get(seq=1)).subject is None
    assert json.loads(bytes(history[0].body))["actor"] == "user:1"


async def test_an_empty_append_changes_nothing() -> None:
    await append_n(3)
    before = await ledger.tree_head()
    async with transaction() as conn:
        assert await ledger.append_many(conn, []) == []
    assert await ledger.tree_head() == before


@pytest.mark.postgres_only
async def test_the_orm_path_and_the_sql_path_write_the_same_ledger() -> None:
    # SQLite appends through the ORM, PostgreSQL with two statements: interleaved on one ledger,
    # every row, node and head they write must fit together.
    for n in range(12):
        batch = [
            ledger.NewEntry("test.appended", {"n": n, "i": i}, subject=f"s:{i % 2}")
            for i in range(n % 4 + 1)
        ]
        async with transaction() as conn:
            append = ledger._append_orm if n % 2 else ledger.append_many
            await append(conn, batch)
    rows = await LedgerEntry.all().order_by("seq")
    hashes = [bytes(row.leaf_hash) for row in rows]
    assert [row.seq for row in rows] == list(range(len(rows))) == list(range(30))
    assert all(leaf_hash(bytes(row.body)) == bytes(row.leaf_hash) for row in rows)
    assert {row.subject for row in rows} == {"s:0", "s:1"} and {row.type for row in rows} == {
        "test.appended"
    }
    size, root = await ledger.tree_head()
    assert size == 30 and root == root_of(hashes)
    for size in range(1, 31):
        assert await ledger.root_at(size) == root_of(hashes[:size])
        for seq in range(0, size, 7):
            verify_inclusion(
                hashes[seq],
                seq,
                size,
                await ledger.inclusion_proof(seq, size),
                root_of(hashes[:size]),
            )
    await ledger.sign_checkpoint(runtime.current().signer, "test/origin")
    report = await _audit_export()
    assert report.ok and report.entries == 30, report.lines()
