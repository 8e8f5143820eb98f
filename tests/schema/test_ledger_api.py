"""The ledger through GraphQL, for anyone: checkpoint, entry, and proofs that verify."""

from __future__ import annotations

import base64

from backend.ledger.verify import verify_consistency, verify_inclusion
from backend.services import ledger, runtime
from tests.conftest import GraphQLClient, error_code
from tests.factories import make_member
from tests.services.test_ledger_db import append_n


async def test_ledger_queries_need_no_sign_in_and_their_proofs_verify(gql: GraphQLClient) -> None:
    await make_member()
    await append_n(5)
    await ledger.sign_checkpoint(runtime.current().signer, "test/origin")
    result = await gql(
        """{ ledgerCheckpoint { size rootHash note }
             ledgerEntry(seq: 3) { seq type leafHash }
             ledgerInclusionProof(seq: 3, treeSize: 5) { leafHash rootHash hashes }
             ledgerConsistencyProof(fromSize: 2, toSize: 5) { fromRoot toRoot hashes } }"""
    )
    data = result["data"]
    root = base64.b64decode(data["ledgerCheckpoint"]["rootHash"])
    assert data["ledgerCheckpoint"]["size"] == 5 and data["ledgerEntry"]["seq"] == 3
    proof = data["ledgerInclusionProof"]
    assert base64.b64decode(proof["rootHash"]) == root
    verify_inclusion(
        base64.b64decode(proof["leafHash"]),
        3,
        5,
        [base64.b64decode(h) for h in proof["hashes"]],
        root,
    )
    consistency = data["ledgerConsistencyProof"]
    verify_consistency(
        2,
        5,
        [base64.b64decode(h) for h in consistency["hashes"]],
        base64.b64decode(consistency["fromRoot"]),
        root,
    )
    assert error_code(await gql("{ ledgerEntry(seq: 99) { seq } }")) == "NOT_FOUND"
    assert (
        error_code(await gql("{ ledgerInclusionProof(seq: 5, treeSize: 5) { rootHash } }"))
        == "BAD_USER_INPUT"
    )
