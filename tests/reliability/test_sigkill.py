"""The server killed with SIGKILL in the middle of a stream of transfers from 8 clients: after a
restart every acknowledged transfer is there, no transfer is half done, the holdings sum to the
issuance, and the exported ledger verifies offline."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import urllib.error
from pathlib import Path

import pytest

from backend.config import Settings
from backend.models.credit import CreditBlock, Transfer
from backend.models.enums import OrganisationType, TransferStatus
from backend.models.ledger import LedgerEntry
from tests.factories import make_member
from tests.reliability.server import cli, registry_env, serving
from tests.services.credit_helpers import deductions, issue

pytestmark = pytest.mark.postgres_only
UNITS, CLIENTS = 100_000, 8
TRANSFER = """mutation($b: ID!, $to: ID!) { transferCredits(input: {blockId: $b, quantity: 1,
  toOrganisationId: $to}) { ledgerSeq transfer { id } } }"""


async def test_sigkill_mid_stream_loses_no_acknowledged_transfer(
    database: str, settings: Settings, tmp_path: Path
) -> None:
    owner = await make_member(OrganisationType.DEVELOPER)
    receivers = [await make_member(OrganisationType.DEVELOPER) for _ in range(4)]
    with deductions():
        issued, blocks = await issue(owner, UNITS)
    env = registry_env(settings.resolved_data_dir, database)
    acknowledged: list[int] = []
    stop, enough = threading.Event(), threading.Event()

    def client(n: int, base: str, graphql: object) -> None:
        while not stop.is_set():
            try:
                reply = graphql(  # type: ignore[operator]
                    TRANSFER,
                    owner.token,
                    b=str(blocks[0].id),
                    to=str(receivers[n % 4].organisation.id),
                )
            except (OSError, urllib.error.URLError, ValueError):
                return  # the server is gone: what it acknowledged so far is what counts
            data = reply.get("data") or {}
            if data.get("transferCredits"):
                acknowledged.append(int(data["transferCredits"]["transfer"]["id"]))
                if len(acknowledged) >= 40:
                    enough.set()

    log = tmp_path / "server.log"
    with serving(env, log, workers=2) as server:
        threads = [
            threading.Thread(target=client, args=(n, server.base, server.graphql))
            for n in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        await asyncio.to_thread(enough.wait, 60)
        os.killpg(server.process.pid, signal.SIGKILL)  # the parent and every worker, at once
        server.process.wait(timeout=10)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert len(acknowledged) >= 40, log.read_text()[-3000:]

    with serving(env, log, workers=2) as server:
        assert server.graphql("{ __typename }")["data"] == {"__typename": "Query"}
    completed = await Transfer.filter(status=TransferStatus.COMPLETED).values_list("id", flat=True)
    assert set(acknowledged) <= set(completed)  # every acknowledged transfer is there
    assert await Transfer.filter(status=TransferStatus.REQUESTED).count() == 0  # none half done
    recorded = await LedgerEntry.filter(type="credits.transferred").count()
    assert recorded == len(completed)  # each completed transfer has its ledger entry
    rows = await CreditBlock.filter(issuance_id=issued.id)
    assert sum(r.quantity for r in rows) == UNITS
    moved = sum(r.quantity for r in rows if r.holder_id != blocks[0].holder_id)
    assert moved == len(completed)
    export, key = tmp_path / "ledger.jsonl", tmp_path / "registry.vkey"
    cli(env, "ledger", "checkpoint")
    cli(env, "ledger", "export", str(export))
    key.write_text(cli(env, "ledger", "public-key").stdout)
    verified = cli(env, "ledger", "verify", str(export), "--public-key", str(key))
    assert "OK" in verified.stdout
