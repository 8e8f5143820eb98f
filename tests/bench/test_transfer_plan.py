"""The bench's transfer plan: every block it sends from is held by its sender when seeded (the
seed's own rule: a project's issuance-first blocks stay with the project's owner), and the
in-process and GraphQL runs never share a block, so neither can empty one the other needs."""

from __future__ import annotations

import pytest

from bench import seed
from bench.registry import api_blocks, senders, service_blocks


def _seeded_holder_org(scale: seed.Scale, block: int) -> int:
    """Mirror of bench/seed.py's credit_block holder (as an organisation id)."""
    dev0, developers = scale.first_developer, scale.organisations - scale.first_developer + 1
    project = 1 + (block - 1) // (seed.BLOCKS_PER_ISSUANCE * 10)
    if block % 10 == 1:
        return dev0 + project % developers
    if block % 10 == 5:
        return -1  # retired, held by the registry
    return dev0 + (block * 7919) % developers


@pytest.mark.parametrize("factor", [0.002, 0.1, 1.0])
def test_every_planned_block_is_its_senders_and_the_runs_share_none(factor: float) -> None:
    scale = seed.Scale.of(factor)
    plan = senders(scale)
    assert plan
    owners = [owner for owner, _, _ in plan]
    receivers = {receiver for _, _, receiver in plan}
    assert len(set(owners)) == len(owners) and not receivers & set(owners)
    for owner, blocks, _ in plan:
        assert all(_seeded_holder_org(scale, b) == owner for b in blocks)
        assert all(1 <= b <= scale.blocks for b in blocks)
        service, api = set(service_blocks(blocks)), set(api_blocks(blocks))
        assert service and api and not service & api
