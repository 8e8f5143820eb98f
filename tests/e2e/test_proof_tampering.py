"""The browser's proof check can fail: one byte changed in what /ledger/* answers makes the block
page say "Not verified" and why. Runs after test_flow.py, on the block its flow created."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e.helpers import Person, Registry
from tests.e2e.test_flow import DEV, state


@pytest.mark.parametrize(
    ("tampered", "why"),
    [
        ("/ledger/proof/inclusion", "the inclusion proof does not lead to the signed root"),
        ("/ledger/checkpoint", "signature does not verify"),
        ("/ledger/entries/", "does not hash to its leaf hash"),
    ],
)
def test_a_tampered_answer_is_not_verified(
    registry: Registry, browser: Any, tampered: str, why: str
) -> None:
    """The browser's check can fail: one byte changed in what /ledger/* answers says "Not verified"."""
    assert state.get("dev_serial"), "run with test_flow.py, which issues the block"
    p = Person.open(registry, browser, "auditor")
    try:

        def flip(route: Any) -> None:
            response = route.fetch()
            body = response.text()
            if tampered == "/ledger/proof/inclusion":
                data = json.loads(body)
                first = data["hashes"][0]
                data["hashes"][0] = ("0" if first[0] != "0" else "1") + first[1:]  # hex
                body = json.dumps(data)
            elif tampered == "/ledger/checkpoint":
                lines = body.split("\n")
                root = lines[2]
                lines[2] = ("A" if root[0] != "A" else "B") + root[1:]
                body = "\n".join(lines)
            else:
                data = json.loads(body)
                data["leaf_hash"] = ("0" if data["leaf_hash"][0] != "0" else "1") + data[
                    "leaf_hash"
                ][1:]
                body = json.dumps(data)
            route.fulfill(response=response, body=body)

        p.context.route(f"**{tampered}*", flip)
        p.sign_in(DEV)
        p.goto(f"/credits/{state['dev_serial']}")
        verdict = p.page.get_by_test_id("proof-verdict")
        verdict.wait_for(timeout=30_000)
        text = verdict.inner_text()
        assert text.startswith("Not verified") and why in text, text
        assert not p.foreign
    finally:
        p.close()
