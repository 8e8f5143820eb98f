"""The UI gaps of issues #10 and #11, in the browser: an organisation's admin approves a PENDING
user (made by the function a first OIDC sign-in calls) from the Users page and government
rejects another from the organisation's page, while a viewer sees no such button; the developer
withdraws its financing requests from the Financing page and from the project's page;
government grants an Article 6.2 authorisation with sectors, activity types and authorised
entities, and the server's BAD_USER_INPUT shows on the field it names.

Self-contained: tests/e2e/ui_gaps_seed.py builds its registry through the services, in a process
of its own on the server's database. The file's name sorts after the other e2e files, so the
rows it adds cannot change their counts."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import Person, Registry, labelled
from tests.e2e.test_flow import choose, row
from tests.s3server import S3Server

REPO = Path(__file__).resolve().parents[2]
USERS = "query($s: UserStatus) { users(status: $s, first: 100) { edges { node { id name role status } } } }"
FINANCINGS = "query { financings(first: 100) { edges { node { id status } } } }"


@pytest.fixture(scope="module")
def seed(registry: Registry, postgres_admin_url: str, s3_server: S3Server) -> dict[str, Any]:
    env = {
        **os.environ,
        # The database and bucket tests/e2e/conftest.py gave the server.
        "REGISTRY_DATABASE_URL": postgres_admin_url.rsplit("/", 1)[0]
        + f"/registry_e2e_{os.getpid()}",
        "REGISTRY_STORAGE_URL": s3_server.url("registry-e2e"),
        "REGISTRY_DATA_DIR": str(registry.outbox.parent),
        "REGISTRY_PUBLIC_URL": registry.base,
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.ui_gaps_seed"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def people(registry: Registry, browser: Any, seed: dict[str, Any]) -> Iterator[dict[str, Person]]:
    opened = {}
    for name in ("developer", "viewer", "government"):
        person = Person.open(registry, browser, f"ui-gaps-{name}")
        person.sign_in(seed[name], seed["password"])
        opened[name] = person
    yield opened
    for person in opened.values():
        person.close()


def users(registry: Registry, seed: dict[str, Any], status: str | None = None) -> dict[str, Any]:
    found = registry.gql(USERS, token=seed["developer_token"], s=status)
    assert "errors" not in found, found
    return {e["node"]["id"]: e["node"] for e in found["data"]["users"]["edges"]}


def body_rows(p: Person, table: str) -> Any:
    return p.page.get_by_role("table", name=table).locator("tbody tr")


def buttons(scope: Any) -> list[str]:
    """The workflow action buttons inside scope (a table row), by label."""
    return sorted(
        scope.locator("[data-action]").evaluate_all("els => els.map(e => e.dataset.action)")
    )


def entry_body(registry: Registry, seq: int) -> dict[str, Any]:
    """The ledger entry the confirmation named, as /ledger/entries publishes it."""
    line = httpx.get(f"{registry.base}/ledger/entries/{seq}", timeout=10).json()
    return dict(json.loads(base64.b64decode(line["body"])))


def test_the_admin_approves_a_pending_user_and_a_viewer_sees_no_button(
    registry: Registry, seed: dict[str, Any], people: dict[str, Person]
) -> None:
    kalo, stranger = str(seed["approved_user"]), str(seed["rejected_user"])
    assert set(users(registry, seed, "PENDING")) == {kalo, stranger}
    viewer = people["viewer"]
    viewer.goto("/users")
    choose(viewer, "Pending")
    expect(body_rows(viewer, "Users")).to_have_count(2)  # the server's filter, not the page's
    assert viewer.actions() == []  # the viewerMay of a VIEWER holds no APPROVE / REJECT

    admin = people["developer"]
    admin.goto("/users")
    choose(admin, "Pending")
    expect(body_rows(admin, "Users")).to_have_count(2)
    pending = row(admin, "Kalo Tari")
    assert buttons(pending) == ["Approve user", "Reject user"]
    assert buttons(row(admin, "Unknown Person")) == ["Approve user", "Reject user"]
    admin.shot("60-users-pending")
    seq = admin.act("Approve user", within=pending, select={"Role they get": "Manager"})
    assert seq > 0
    # The Pending filter asks the server again: Kalo has left it.
    expect(body_rows(admin, "Users")).to_have_count(1)
    expect(body_rows(admin, "Users")).to_contain_text("Unknown Person")
    approved = users(registry, seed)[kalo]
    assert (approved["status"], approved["role"]) == ("ACTIVE", "MANAGER")
    assert entry_body(registry, seq)["type"] == "user.approved"


def test_government_rejects_a_pending_user_on_the_organisation_page(
    registry: Registry, seed: dict[str, Any], people: dict[str, Person]
) -> None:
    gov = people["government"]
    gov.goto(f"/organisations/{seed['organisation_id']}")
    choose(gov, "Pending")
    expect(body_rows(gov, "Users of the organisation")).to_have_count(1)
    pending = row(gov, "Unknown Person")
    assert buttons(pending) == ["Approve user", "Reject user"]
    seq = gov.act("Reject user", within=pending, reason="Not one of Sunergy's staff.")
    assert entry_body(registry, seq)["type"] == "user.rejected"
    rejected = users(registry, seed)[str(seed["rejected_user"])]
    assert rejected["status"] == "REJECTED"
    assert users(registry, seed, "PENDING") == {}
    expect(body_rows(gov, "Users of the organisation")).not_to_contain_text("Unknown Person")
    gov.shot("61-organisation-users-rejected")


def test_the_developer_withdraws_its_financing_requests(
    registry: Registry, seed: dict[str, Any], people: dict[str, Person]
) -> None:
    first, second = (str(i) for i in seed["financings"])
    gov = people["government"]
    gov.goto("/financing")
    choose(gov, "Pending")
    row(gov, "Green Climate Fund").wait_for()
    assert "Withdraw request" not in gov.actions()  # government decides; it did not ask

    dev = people["developer"]
    dev.goto("/financing")
    choose(dev, "Pending")
    asked = row(dev, "Green Climate Fund")
    asked.wait_for()
    assert buttons(asked) == ["Withdraw request"]
    seq = dev.act("Withdraw request", within=asked)
    assert seq > 0
    dev.page.get_by_role("row").filter(has_text="Green Climate Fund").wait_for(state="detached")

    dev.goto(f"/projects/{seed['project_id']}")
    dev.page.get_by_role("tab", name="Financing (2)").click()
    on_project = row(dev, "Pacific Development Bank")
    on_project.wait_for()
    assert "cancelled" in row(dev, "Green Climate Fund").inner_text().lower()
    later = dev.act("Withdraw request", within=on_project)
    assert later > seq
    assert "cancelled" in row(dev, "Pacific Development Bank").inner_text().lower()
    dev.shot("62-project-financing-withdrawn")
    found = registry.gql(FINANCINGS, token=seed["developer_token"])
    statuses = {e["node"]["id"]: e["node"]["status"] for e in found["data"]["financings"]["edges"]}
    assert (statuses[first], statuses[second]) == ("CANCELLED", "CANCELLED")


AUTHORIZATIONS = """query($p: ID!) { authorizations(projectId: $p) {
  authorizationId sectors activityTypes authorizedEntities } }"""


def field_error(p: Person, field: Any) -> str:
    """The error text a form field announces (its aria-describedby), once it is invalid."""
    expect(field).to_have_attribute("aria-invalid", "true")
    ids = (field.get_attribute("aria-describedby") or "").split()
    return " ".join(p.page.locator(f'[id="{i}"]').inner_text() for i in ids)


def test_government_grants_article6_with_sectors_activity_types_and_entities(
    registry: Registry, seed: dict[str, Any], people: dict[str, Person]
) -> None:
    gov = people["government"]
    gov.goto(f"/projects/{seed['project_id']}")
    gov.page.locator('[data-action="Grant Article 6.2 authorisation"]').click()
    confirm = gov.page.get_by_role("button", name="Confirm: Grant Article 6.2 authorisation")
    dialog = gov.page.get_by_role("dialog").filter(has=confirm)
    labelled(dialog, "Cooperative approach").click()
    gov.page.get_by_role(
        "option", name=f"{seed['approach']} · Vanuatu-Japan JCM", exact=True
    ).click()
    labelled(dialog, "Authorisation ID").fill("VUT-A6-2026-777")
    labelled(dialog, "Authorised quantity (tCO2e)").fill("300")
    sectors = labelled(dialog, "Sectors")
    sectors.click(force=True)  # the project's sector (Energy) is already chosen
    gov.page.get_by_role("option", name="Transport", exact=True).click()
    activity = labelled(dialog, "Activity types")
    activity.fill("x" * 101)  # longer than the server takes
    activity.press("Enter")
    entities = labelled(dialog, "Authorised entities")
    for name in ("Japan Carbon Buyer K.K.", "Pacific Offsets Ltd"):
        entities.fill(name)
        entities.press("Enter")
    confirm.click()
    message = field_error(gov, activity)
    assert "activityTypes is longer than 100 characters" in message, message
    gov.shot("63-article6-grant-field-error")
    before = registry.gql(AUTHORIZATIONS, token=seed["government_token"], p=str(seed["project_id"]))
    assert "VUT-A6-2026-777" not in str(before)  # refused: nothing recorded

    activity.press("Backspace")  # removes the long one
    activity.fill("Solar mini-grids")
    activity.press("Enter")
    expect(activity).not_to_have_attribute("aria-invalid", "true")
    confirm.click()
    seq_text = gov.page.get_by_test_id("ledger-seq")
    seq = int(seq_text.inner_text().lstrip("#"))
    assert entry_body(registry, seq)["type"] == "article6.authorized"
    found = registry.gql(AUTHORIZATIONS, token=seed["government_token"], p=str(seed["project_id"]))
    granted = [
        a for a in found["data"]["authorizations"] if a["authorizationId"] == "VUT-A6-2026-777"
    ]
    assert granted == [
        {
            "authorizationId": "VUT-A6-2026-777",
            "sectors": ["Energy", "Transport"],
            "activityTypes": ["Solar mini-grids"],
            "authorizedEntities": ["Japan Carbon Buyer K.K.", "Pacific Offsets Ltd"],
        }
    ]


def test_the_article6_page_lists_what_the_server_filtered(
    registry: Registry, seed: dict[str, Any], people: dict[str, Person]
) -> None:
    query = (
        "query { creditBlocks(itmo: true, first: 100) { totalCount edges { node { serial } } } }"
    )
    found = registry.gql(query, token=seed["government_token"])["data"]["creditBlocks"]
    serials = sorted(e["node"]["serial"] for e in found["edges"])
    assert found["totalCount"] == len(serials) >= 1
    gov = people["government"]
    gov.goto("/article6")
    itmos = body_rows(gov, "ITMO blocks")
    expect(itmos).to_have_count(len(serials))
    shown = sorted(r.locator("td").first.inner_text().strip() for r in itmos.all())
    assert shown == serials
    firsts = body_rows(gov, "First transfers")
    expect(firsts).to_have_count(1)
    expect(firsts).to_contain_text("Japan Carbon Buyer K.K.")
    gov.shot("64-article6-server-filtered")
