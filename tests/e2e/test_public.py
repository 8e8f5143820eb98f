"""The public transparency page after the flow of test_flow.py, seen without signing in: reached
from the sign-in page; the totals issued and retired; the authorised project; a retired serial
number found and shown as retired with its history; the latest checkpoint and how to verify the
ledger offline. Nothing fetched from another origin; no serious axe-core finding."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.helpers import Person, Registry, labelled
from tests.e2e.test_flow import GOV, state

RETIRED_BLOCKS = "query { creditBlocks(status: RETIRED) { edges { node { serial quantity } } } }"


@pytest.fixture(scope="module")
def visitor(registry: Registry, browser: Any) -> Iterator[Person]:
    assert state.get("dev_serial"), "run after tests/e2e/test_flow.py (pytest tests/e2e)"
    person = Person.open(registry, browser, "public-visitor")
    yield person
    person.close()


def test_the_public_page_is_linked_from_sign_in_and_shows_the_totals(visitor: Person) -> None:
    visitor.goto("/sign-in")
    visitor.page.get_by_role(
        "link", name="Public registry: projects, totals, serial-number lookup"
    ).click()
    visitor.page.wait_for_url("**/public")
    visitor.page.get_by_test_id("public-issued").wait_for()
    assert visitor.page.get_by_test_id("public-issued").get_attribute("data-value") == "1000"
    assert visitor.page.get_by_test_id("public-retired").get_attribute("data-value") == "50"
    assert (
        visitor.page.get_by_test_id("public-authorised").get_attribute("data-value") == "2"
    )  # the flow's project and the Article 6.2 one
    projects = visitor.page.get_by_role("table", name="Authorised projects")
    projects.get_by_role("row").filter(has_text="Efate Solar Farm").wait_for()
    assert "Green Earth Ltd" in projects.inner_text()
    visitor.page.get_by_test_id("region-map").locator("svg path").first.wait_for()
    assert "Shefa: 1" in visitor.page.get_by_test_id("region-counts").inner_text()


def test_a_retired_serial_number_is_found_and_shown_as_retired(
    registry: Registry, visitor: Person
) -> None:
    blocks = registry.gql(RETIRED_BLOCKS, token=registry.login(GOV))["data"]["creditBlocks"]
    serial = blocks["edges"][0]["node"]["serial"]
    visitor.goto("/public")
    labelled(visitor.page, "Unit or block serial number").fill(serial)
    visitor.page.get_by_role("button", name="Look up", exact=True).click()
    result = visitor.page.get_by_test_id("lookup-result")
    result.wait_for()
    # text_content: the badge is drawn in capitals by CSS, its text is the word itself.
    assert visitor.page.get_by_test_id("lookup-status").text_content() == "Retired"
    assert serial in result.inner_text()
    history = result.get_by_role("table", name="The unit's history")
    assert history.locator("tbody tr").count() >= 2, history.inner_text()  # issuance ... retirement
    visitor.shot("33-public-serial-retired")


def test_the_checkpoint_and_offline_verification_are_explained(visitor: Person) -> None:
    visitor.goto("/public")
    how = visitor.page.get_by_test_id("ledger-howto")
    how.get_by_test_id("checkpoint-size").wait_for()
    assert (
        int(
            "".join(ch for ch in how.get_by_test_id("checkpoint-size").inner_text() if ch.isdigit())
        )
        > 0
    )
    commands = how.get_by_test_id("verify-commands").inner_text()
    assert "carbon-registry ledger verify ledger.jsonl --public-key registry.vkey" in commands
    assert "/ledger/export" in commands and "/ledger/public-key" in commands
    for name, href in (
        ("Ledger export (JSON lines)", "/ledger/export"),
        ("Public key", "/ledger/public-key"),
    ):
        assert how.get_by_role("link", name=name).get_attribute("href") == href
    visitor.shot("34-public")
    assert visitor.serious_violations() == []
    assert visitor.foreign == []
