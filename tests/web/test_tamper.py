"""A database edited behind the API's back (issue 14 item 13): the signer refuses a head its
stored nodes contradict (error logged, /healthz degraded), and the audit, by command and in the
background, names every row that differs from the replayed ledger."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend import app as app_module
from backend.config import Settings
from backend.models.credit import CreditBlock
from backend.models.enums import BlockStatus, OrganisationType, RetirementKind, Role
from backend.models.ledger import LedgerCheckpoint, LedgerHead
from backend.services import ledger, runtime
from backend.services.credits import retirements, transfers
from backend.services.self_audit import HEALTH, SelfAudit, audit_database
from tests.factories import make_member
from tests.services.credit_helpers import deductions, issue


@pytest.fixture(autouse=True)
def _clean_health(database: str) -> Iterator[None]:
    HEALTH.problems.clear()
    yield
    HEALTH.problems.clear()


async def sign() -> LedgerCheckpoint | None:
    current = runtime.current()
    return await ledger.sign_checkpoint(current.signer, current.country.ledger_origin)


async def a_registry_with_history() -> dict[str, Any]:
    """Issued with an OMGE cancellation, part transferred, part retired, checkpoint signed."""
    owner = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    buyer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    with deductions(omge="2"):
        _, blocks = await issue(owner, 1000)
    cancelled = next(b for b in blocks if b.status is BlockStatus.CANCELLED)
    active = next(b for b in blocks if b.status is BlockStatus.ACTIVE)
    await transfers.transfer_credits(
        principal=owner.principal,
        block_id=active.id,
        quantity=100,
        to_organisation_id=buyer.organisation.id,
    )
    await retirements.retire_credits(
        principal=owner.principal,
        block_id=active.id,
        quantity=10,
        kind=RetirementKind.VOLUNTARY_CANCELLATION,
        beneficiary="A beneficiary",
    )
    assert await sign() is not None
    return {"owner": owner, "buyer": buyer, "cancelled": cancelled, "active": active}


async def test_an_untouched_registry_audits_clean_incrementally() -> None:
    made = await a_registry_with_history()
    audit = SelfAudit()
    assert await audit.run() == []
    size = audit.tree.size
    await transfers.transfer_credits(
        principal=made["owner"].principal,
        block_id=made["active"].id,
        quantity=5,
        to_organisation_id=made["buyer"].organisation.id,
    )
    assert await audit.run() == []
    assert audit.tree.size == size + 1  # only the new entry was read
    assert await audit_database() == []


async def test_a_cancelled_block_set_active_is_caught() -> None:
    made = await a_registry_with_history()
    block = made["cancelled"]
    await CreditBlock.filter(id=block.id).update(status=BlockStatus.ACTIVE)
    assert await audit_database() == [
        f"block {block.id}: status is ACTIVE, the ledger says CANCELLED"
    ]


async def test_a_raised_serial_end_is_caught() -> None:
    made = await a_registry_with_history()
    block = await CreditBlock.get(id=made["active"].id)
    await CreditBlock.filter(id=block.id).update(serial_end=block.serial_end + 50)
    problems = await audit_database()
    assert problems == [
        f"block {block.id}: serial end is {block.serial_end + 50}, the ledger says "
        f"{block.serial_end}"
    ]


async def corrupt_the_compact_range_then_append(made: dict[str, Any]) -> int:
    head = await LedgerHead.get(id=1)
    compact = bytearray(bytes(head.compact))
    compact[0] ^= 0xFF
    await LedgerHead.filter(id=1).update(compact=bytes(compact))
    await transfers.transfer_credits(  # the next append builds on the corrupted range
        principal=made["owner"].principal,
        block_id=made["active"].id,
        quantity=1,
        to_organisation_id=made["buyer"].organisation.id,
    )
    return await LedgerCheckpoint.all().count()


async def test_the_signer_refuses_a_corrupted_compact_range() -> None:
    made = await a_registry_with_history()
    checkpoints = await corrupt_the_compact_range_then_append(made)
    with pytest.raises(ledger.TreeMismatch, match="refusing to sign"):
        await sign()
    assert await LedgerCheckpoint.all().count() == checkpoints
    problems = await audit_database()
    assert problems == ["the stored entries' tree root differs from the ledger head's root"]


async def test_the_server_says_so_loudly(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    made = await a_registry_with_history()
    http_app = app_module.build_app(settings, apply_migrations=False)
    await CreditBlock.filter(id=made["cancelled"].id).update(status=BlockStatus.ACTIVE)
    await corrupt_the_compact_range_then_append(made)
    origin = runtime.current().country.ledger_origin
    tasks = [
        asyncio.create_task(app_module.checkpoint_loop(origin)),
        asyncio.create_task(app_module.self_audit_loop(0.05)),
    ]
    try:
        for _ in range(100):
            if {"signer", "audit"} <= set(HEALTH.problems):
                break
            await asyncio.sleep(0.05)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    transport = httpx.ASGITransport(app=http_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        health = (await http.get("/healthz")).json()
    assert health["status"] == "degraded"
    assert any(p.startswith("signer: refusing to sign") for p in health["problems"])
    assert f"audit: block {made['cancelled'].id}: status is ACTIVE" in " ".join(health["problems"])
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("refuses to sign" in m for m in errors)
    assert any("self-audit found" in m for m in errors)


@pytest.mark.postgres_only
async def test_the_audit_command_exits_1_naming_each_difference(
    database: str, tmp_path: Path
) -> None:
    made = await a_registry_with_history()
    block = await CreditBlock.get(id=made["active"].id)
    await CreditBlock.filter(id=made["cancelled"].id).update(status=BlockStatus.ACTIVE)
    await CreditBlock.filter(id=block.id).update(serial_end=block.serial_end + 1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}
    env |= {"REGISTRY_DATA_DIR": str(tmp_path), "REGISTRY_DATABASE_URL": database}
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "backend.cli", "audit"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"block {made['cancelled'].id}: status is ACTIVE" in result.stdout
    assert f"block {block.id}: serial end is {block.serial_end + 1}" in result.stdout
    assert "2 differences" in result.stdout
