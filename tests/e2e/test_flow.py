"""The issue's whole flow in the browser, each person in their own browser context: a developer
registers → the government approves it → the developer submits a project with a PDF through the
form → the government approves and authorises it → the certifier certifies → activity,
monitoring report, verification, approval, issuance → the developer transfers part of a block,
requests a transfer from another holder, retires some → the block's page shows its ledger proof
verified in the browser. Every step's confirmation shows the ledger seq it was recorded at.

The tests run in order and share the registry's state (one registry per session)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.helpers import (
    ARTEFACTS,
    PASSWORD,
    ROOT_EMAIL,
    ROOT_PASSWORD,
    Person,
    Registry,
    labelled,
)

DEV, GOV, CERT, BUYER = (
    "dev@greenearth.vu",
    "officer@gov.vu",
    "cert@reefcert.vu",
    "buyer@buyerco.vu",
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
REGISTER = """mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { message } }"""
state: dict[str, Any] = {}
seqs: list[int] = []
violations: dict[str, list[str]] = {}


@pytest.fixture(scope="module")
def people(registry: Registry, browser: Any) -> Iterator[dict[str, Person]]:
    opened: dict[str, Person] = {}

    def person(name: str) -> Person:
        if name not in opened:
            opened[name] = Person.open(registry, browser, name)
        return opened[name]

    yield person  # type: ignore[misc]
    for p in opened.values():
        p.close()


def screen(p: Person, name: str, *, axe: bool = True) -> None:
    """Screenshot a main screen and record axe-core's serious findings on it."""
    p.shot(name)
    if axe:
        violations[name] = p.serious_violations()


def row(p: Person, text: str) -> Any:
    return p.page.get_by_role("row").filter(has_text=text).first


def choose(p: Person, text: str) -> None:
    """Click a segmented control's or chip group's choice (its radio input is visually hidden)."""
    p.page.locator(".mantine-SegmentedControl-label, .mantine-Chip-label").filter(
        has_text=re.compile(f"^{text}$")
    ).first.click()


def pick(p: Person, field: str, option: str, scope: Any = None) -> None:
    labelled(scope or p.page, field).click()
    p.page.get_by_role("option", name=option, exact=True).click()


def test_public_pages_and_self_registration(registry: Registry, people: Any) -> None:
    dev = people("dev")
    dev.goto("/sign-in")
    screen(dev, "01-sign-in")
    dev.goto("/register")
    page = dev.page
    labelled(page, "Organisation name").fill("Green Earth Ltd")
    labelled(page, "Tax ID").fill("GE-2024-001")
    labelled(page, "Organisation e-mail").fill("info@greenearth.vu")
    labelled(page, "Your name").fill("Dana Developer")
    labelled(page, "Your e-mail").fill(DEV)
    labelled(page, "Password").fill("short")
    page.get_by_role("button", name="Register").click()
    assert page.get_by_text("The password must be at least 12 characters.").is_visible()
    labelled(page, "Password").fill(PASSWORD)
    screen(dev, "02-register")
    page.get_by_role("button", name="Register").click()
    # The receipt is the same whether or not the e-mail has an account (issue 14 item 4).
    page.get_by_text("Your registration was received").wait_for()
    for name, tax, kind, address in (
        ("Reef Certifiers", "RC-77", "CERTIFIER", CERT),
        ("Buyer Co", "BC-88", "DEVELOPER", BUYER),
    ):
        result = registry.gql(
            REGISTER,
            input={
                "organisation": {"name": name, "taxId": tax, "type": kind, "email": address},
                "adminEmail": address,
                "adminName": f"{name} admin",
                "adminPassword": PASSWORD,
            },
        )
        assert "errors" not in result, result


def test_root_invites_a_government_officer_who_sets_a_password(
    registry: Registry, people: Any
) -> None:
    root = people("root")
    root.sign_in(ROOT_EMAIL, ROOT_PASSWORD)
    root.goto("/users")
    seq = root.act(
        "Invite user", fill={"Name": "Olivia Officer", "E-mail": GOV}, select={"Role": "Admin"}
    )
    assert seq > 0
    row(root, "Olivia Officer").wait_for()
    screen(root, "03-users")
    token = registry.token_mailed_to(GOV)
    officer = people("gov")
    officer.goto(f"/invitation/{token}")
    labelled(officer.page, "New password").fill(PASSWORD)
    labelled(officer.page, "Repeat the password").fill(PASSWORD)
    screen(officer, "04-invitation")
    officer.page.get_by_role("button", name="Set password").click()
    officer.page.get_by_text("You can now sign in").wait_for()


def test_government_approves_the_organisations(people: Any) -> None:
    gov = people("gov")
    gov.sign_in(GOV)
    gov.goto("/organisations")
    choose(gov, "Pending")
    row(gov, "Green Earth Ltd").wait_for()
    screen(gov, "05-organisations-pending")
    for name in ("Green Earth Ltd", "Reef Certifiers", "Buyer Co"):
        seqs.append(gov.act("Approve", within=row(gov, name)))
    choose(gov, "All")
    row(gov, "Green Earth Ltd").get_by_text("Active", exact=True).wait_for()
    gov.page.get_by_role("link", name="Green Earth Ltd").click()
    gov.page.get_by_role("heading", name="Green Earth Ltd").wait_for()
    screen(gov, "06-organisation-detail")


def test_developer_submits_a_project_through_the_form(people: Any) -> None:
    dev = people("dev")
    dev.sign_in(DEV)
    dev.goto("/projects/new")
    page = dev.page
    page.get_by_role("button", name="Next").click()
    assert page.get_by_text("externalId is 1-100 letters, digits, spaces or . _ : / -").is_visible()
    labelled(page, "Title").fill("Efate Solar Farm")
    labelled(page, "External ID").fill("EFATE-SOLAR-01")
    pick(dev, "Sector", "Energy")
    pick(dev, "Sectoral Scope", "1. Energy industries (renewable/non-renewable sources)")
    labelled(page, "Project Start Date").fill("2024-01-01")
    labelled(page, "Project Start Date").press("Tab")
    labelled(page, "Project End Date").fill("2033-12-31")
    labelled(page, "Project End Date").press("Tab")
    co2 = page.get_by_role("option", name="CO2", exact=True)
    page.wait_for_timeout(300)  # the Tab above may have opened the picker already
    if not co2.is_visible():
        labelled(page, "GHGs Covered").click(force=True)
    co2.click()
    page.keyboard.press("Escape")
    screen(dev, "07-add-project-step1")
    page.get_by_role("button", name="Next").click()
    page.locator("input[type=file]").set_input_files(
        {"name": "design.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_test_id("upload-done").wait_for()
    labelled(page, "Regions (provinces)").click(force=True)
    page.get_by_role("option", name="Shefa", exact=True).click()
    page.keyboard.press("Escape")
    page.get_by_role("img", name="Map: click to place the project").click(
        position={"x": 100, "y": 120}
    )
    choose(dev, "Yes")
    labelled(page, "Buyer countries").fill("VU")
    screen(dev, "08-add-project-step2")
    page.get_by_role("button", name="Next").click()
    labelled(page, "Estimated credits (tCO2e)").fill("50000")
    labelled(page, "Estimated cost (USD)").fill("1250000")
    page.get_by_role("button", name="Next").click()
    screen(dev, "09-add-project-review")
    page.get_by_role("button", name="Submit project").click()
    # Only the server knows the host country is no buyer: its message shows on that field, in step 2.
    error = page.locator(".mantine-TextInput-error").first
    error.wait_for()
    assert error.inner_text() == "the host country is not a buyer country."
    screen(dev, "10-add-project-server-error", axe=False)
    choose(dev, "No")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Submit project").click()
    page.get_by_text("Project submitted").wait_for()
    state["project"] = page.url.split("/projects/")[1].split("?")[0]
    seqs.append(int(page.locator("strong").filter(has_text="#").first.inner_text().lstrip("#")))
    screen(dev, "11-project-submitted")


def test_government_approves_authorises_and_assigns_a_certifier(people: Any) -> None:
    gov = people("gov")
    gov.goto(f"/projects/{state['project']}")
    seqs.append(gov.act("Approve project"))
    seqs.append(gov.act("Authorise project"))
    seqs.append(gov.act("Assign certifier", select={"Certifier": "Reef Certifiers"}))
    gov.page.get_by_text("Authorised").first.wait_for()


def test_certifier_certifies(people: Any) -> None:
    cert = people("cert")
    cert.sign_in(CERT)
    cert.goto(f"/projects/{state['project']}")
    seqs.append(cert.act("Certify project"))
    cert.page.get_by_role("tab", name=re.compile("Certification")).click()
    cert.page.get_by_text("Certified").first.wait_for()
    screen(cert, "12-project-certification")


def test_activity_monitoring_verification_approval_issuance(people: Any) -> None:
    dev, cert, gov = people("dev"), people("cert"), people("gov")
    dev.goto(f"/projects/{state['project']}")
    dev.page.get_by_role("tab", name=re.compile("Activities")).click()
    seqs.append(
        dev.act(
            "Add activity",
            fill={
                "Title": "Solar generation",
                "Methodology": "AMS-I.D.",
                "Estimated credits": "5000",
            },
        )
    )

    def report(dialog: Any) -> None:
        labelled(dialog, "Period start").fill("2024-01-01")
        labelled(dialog, "Period start").press("Tab")
        labelled(dialog, "Period end").fill("2024-12-31")
        labelled(dialog, "Period end").press("Tab")
        labelled(dialog, "Claimed reductions (tCO2e)").fill("1000")
        dialog.locator("input[type=file]").set_input_files(
            {"name": "monitoring-2024.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        dialog.get_by_test_id("upload-done").wait_for()

    seqs.append(dev.act("Submit monitoring report", prepare=report))

    cert.goto(f"/projects/{state['project']}")
    cert.page.get_by_role("tab", name=re.compile("Activities")).click()
    seqs.append(cert.act("Verify"))

    gov.goto(f"/projects/{state['project']}")
    gov.page.get_by_role("tab", name=re.compile("Activities")).click()
    seqs.append(gov.act("Approve activity"))
    seqs.append(gov.act("Issue credits"))
    screen(gov, "13-project-activities")
    gov.page.get_by_role("tab", name=re.compile("Credits")).click()
    gov.page.get_by_role("row").filter(has_text="ACTIVE").or_(
        gov.page.get_by_role("row").filter(has_text="Active")
    ).first.wait_for()
    screen(gov, "14-project-credits")
    gov.page.get_by_role("tab", name="History").click()
    screen(gov, "15-project-history")


def test_developer_transfers_requests_and_retires(people: Any) -> None:
    dev, buyer, gov = people("dev"), people("buyer"), people("gov")
    dev.goto("/credits")
    block = row(dev, "Green Earth Ltd")
    block.wait_for()
    screen(dev, "16-credits")
    seqs.append(
        dev.act(
            "Transfer", fill={"Units": "100"}, select={"To organisation": "Buyer Co"}, within=block
        )
    )
    buyer.sign_in(BUYER)
    buyer.goto("/credits")
    held = row(buyer, "Buyer Co")
    held.wait_for()
    state["buyer_serial"] = held.locator("a").first.inner_text()
    dev.goto(f"/credits/{state['buyer_serial']}")
    seqs.append(dev.act("Request transfer", fill={"Units": "10"}))
    buyer.goto("/transfers")
    seqs.append(buyer.act("Approve", within=row(buyer, "Requested").or_(row(buyer, "REQUESTED"))))
    screen(buyer, "17-transfers")
    dev.goto("/credits")
    mine = row(dev, "Green Earth Ltd")
    state["dev_serial"] = mine.locator("a").first.inner_text()
    seqs.append(dev.act("Retire", fill={"Units": "50", "On behalf of": "Air Vanuatu"}, within=mine))
    gov.goto("/transfers")
    seqs.append(gov.act("Recognise"))
    screen(gov, "18-transfers-and-retirements")
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), seqs


def test_financing_requested_and_decided(people: Any) -> None:
    dev, gov = people("dev"), people("gov")
    dev.goto(f"/projects/{state['project']}")
    dev.page.get_by_role("tab", name=re.compile("Financing")).click()
    seqs.append(
        dev.act(
            "Request financing", fill={"Amount (USD)": "250000", "Funder": "Pacific Climate Fund"}
        )
    )
    gov.goto("/financing")
    seqs.append(gov.act("Approve", within=row(gov, "Pacific Climate Fund")))
    row(gov, "Pacific Climate Fund").get_by_text("Approved", exact=True).wait_for()
    screen(gov, "18b-financing-approved")


def test_block_page_shows_its_proof_verified(people: Any) -> None:
    dev = people("dev")
    dev.goto(f"/credits/{state['dev_serial']}")
    verdict = dev.page.get_by_test_id("proof-verdict")
    verdict.wait_for(timeout=30_000)
    assert verdict.inner_text().startswith("Verified"), verdict.inner_text()
    assert "Ed25519" in verdict.inner_text()
    screen(dev, "19-block-verified")


CREATE_USER = """mutation($input: CreateUserInput!) { createUser(input: $input) { ledgerSeq } }"""
RESET = """mutation($t: String!, $p: String!) { resetPassword(input: {token: $t, newPassword: $p}) { ledgerSeq } }"""
DEV_VIEWER, GOV_VIEWER = "viewer@greenearth.vu", "reader@gov.vu"
# The same project and the same block, as each role sees them: exactly these action buttons.
EXPECTED_ACTIONS: dict[str, tuple[list[str], list[str]]] = {
    "gov": (["Assign certifier", "Revoke Reef Certifiers"], ["Request transfer"]),  # ADMIN
    "gov-viewer": ([], []),
    "dev": (["Assign certifier"], ["Retire", "Transfer"]),  # the owner's ADMIN
    "dev-viewer": ([], []),  # the owner's VIEWER
    "cert": (["Revoke Reef Certifiers"], []),  # certifies it: may not hold its units
    "buyer": ([], ["Request transfer"]),  # another developer's ADMIN
}


def test_viewers_are_invited_and_set_their_passwords(registry: Registry, people: Any) -> None:
    """A VIEWER of the owner and of the government, invited by their admins (set-up by API)."""
    for inviter, address in ((DEV, DEV_VIEWER), (GOV, GOV_VIEWER)):
        token = registry.login(inviter)
        viewer = registry.gql("{ viewer { organisation { id } } }", token)
        organisation = viewer["data"]["viewer"]["organisation"]["id"]
        invite = {
            "organisationId": organisation,
            "email": address,
            "name": "Viewer",
            "role": "VIEWER",
        }
        assert "errors" not in registry.gql(CREATE_USER, token, input=invite)
        reset = registry.gql(RESET, t=registry.token_mailed_to(address), p=PASSWORD)
        assert "errors" not in reset, reset
    people("dev-viewer").sign_in(DEV_VIEWER)
    people("gov-viewer").sign_in(GOV_VIEWER)


@pytest.mark.parametrize("role", list(EXPECTED_ACTIONS))
def test_each_role_sees_only_its_own_actions(people: Any, role: str) -> None:
    """One role's action buttons on the same project and the same block (viewerMay)."""
    p = people(role)
    p.goto(f"/projects/{state['project']}")
    p.page.get_by_role("tab", name="Details").wait_for()
    project_actions = p.actions()
    p.goto(f"/credits/{state['dev_serial']}")
    p.page.get_by_test_id("proof-verdict").wait_for(timeout=30_000)
    assert (project_actions, p.actions()) == EXPECTED_ACTIONS[role]


def test_government_grants_an_article6_authorisation(registry: Registry, people: Any) -> None:
    """An AUTHORISED project open to Article 6 trading (set up by API): the government records
    a cooperative approach and grants an authorisation of its units, both through the UI, each
    confirmed with the ledger entry it was recorded at."""
    dev_token, gov_token = registry.login(DEV), registry.login(GOV)
    upload = httpx.post(
        f"{registry.base}/documents",
        params={"kind": "DESIGN", "filename": "a6-design.pdf"},
        content=PDF,
        headers={"Authorization": f"Bearer {dev_token}", "Content-Type": "application/pdf"},
        timeout=30,
    )
    assert upload.status_code == 201, upload.text
    viewer = registry.gql("{ viewer { organisation { id } } }", dev_token)
    owner = viewer["data"]["viewer"]["organisation"]["id"]
    project_input = {
        "title": "Efate Wind ITMO", "externalId": "VU-A6-001", "sector": "Energy",
        "sectoralScope": 1, "startDate": "2025-01-01", "endDate": "2034-12-31",
        "ghgs": ["CO2"], "activityScope": "UNCONDITIONAL",
        "designDocumentId": upload.json()["id"], "location": {"regions": ["Efate"]},
        "owners": [{"organisationId": owner, "percentage": "100"}],
        "estimatedCredits": 40000, "estimatedCost": "900000.00",
        "article6Trading": True, "buyerCountries": ["CH"],
    }  # fmt: skip
    created = registry.gql(
        "mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } } }",
        dev_token,
        i=project_input,
    )
    assert "errors" not in created, created
    project = created["data"]["createProject"]["project"]["id"]
    for decision in ("approveProject", "authoriseProject"):
        decided = registry.gql(
            f"mutation($id: ID!) {{ {decision}(id: $id) {{ ledgerSeq }} }}", gov_token, id=project
        )
        assert "errors" not in decided, decided
    gov = people("gov")
    gov.goto("/article6")
    gov.page.get_by_role("heading", name="Article 6.2 cooperation").wait_for()
    approach_seq = gov.act(
        "New cooperative approach",
        fill={
            "Approach ID (CA and 4 digits)": "CA0004",
            "Name": "Vanuatu–Switzerland",
            "Parties (ISO alpha-3, comma-separated, this country included)": "VUT, CHE",
        },
    )
    row(gov, "CA0004").wait_for()
    gov.goto(f"/projects/{project}")
    assert "Grant Article 6.2 authorisation" in gov.actions()
    grant_seq = gov.act(
        "Grant Article 6.2 authorisation",
        select={"Cooperative approach": "CA0004 · Vanuatu–Switzerland"},
        fill={"Authorisation ID": "VUT-A6-2026-001", "Authorised quantity (tCO2e)": "5000"},
    )
    assert grant_seq > approach_seq > 0
    gov.goto("/article6")
    granted = row(gov, "VUT-A6-2026-001")
    granted.get_by_text("5,000").wait_for()
    # The project by its title, linking to its page (not by "#id").
    granted.get_by_role("link", name="Efate Wind ITMO").wait_for()
    assert "#" not in granted.inner_text()
    screen(gov, "28-article6")
    for name in ("dev", "buyer"):  # only the government manages Article 6.2
        p = people(name)
        p.goto(f"/projects/{project}")
        assert "Grant Article 6.2 authorisation" not in p.actions()
        p.goto("/article6")
        p.page.get_by_role("heading", name="Article 6.2 cooperation").wait_for()
        assert "New cooperative approach" not in p.actions()


def test_main_screens_and_session_expiry(people: Any) -> None:
    dev = people("dev")
    for path, name in (
        ("/", "20-dashboard"),
        ("/projects", "21-projects"),
        ("/activities", "22-activities"),
        ("/financing", "23-financing"),
        ("/tasks", "24-tasks"),
        ("/profile", "25-profile"),
    ):
        dev.goto(path)
        dev.page.get_by_role("heading", level=2).first.wait_for()
        screen(dev, name)
    # The session ends (cookie gone): the next page sends the person to sign in, then back.
    dev.context.clear_cookies()
    dev.page.get_by_role("link", name="Project Activities").click()
    dev.page.wait_for_url(re.compile(r"/sign-in\?next=%2Factivities"))
    labelled(dev.page, "E-mail").fill(DEV)
    labelled(dev.page, "Password").fill(PASSWORD)
    dev.page.get_by_role("button", name="Sign in").click()
    dev.page.wait_for_url(re.compile(r"/activities$"))
    dev.page.get_by_role("heading", name="Project Activities").wait_for()


def test_tablet_width(registry: Registry, browser: Any) -> None:
    tablet = Person.open(registry, browser, "tablet", width=768, height=1024)
    try:
        tablet.sign_in(GOV)
        for path, name in (
            (f"/projects/{state['project']}", "26-tablet-project"),
            ("/organisations", "27-tablet-organisations"),
        ):
            tablet.goto(path)
            screen(tablet, name)
        width = tablet.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 768, f"the page scrolls sideways at tablet width ({width}px)"
        assert not tablet.foreign
    finally:
        tablet.close()


def test_no_serious_accessibility_violation() -> None:
    (ARTEFACTS / "axe.json").write_text(json.dumps(violations, indent=1))
    assert len(violations) >= 20, sorted(violations)
    found = {name: v for name, v in violations.items() if v}
    assert not found, found


def test_nothing_was_fetched_from_another_origin(people: Any) -> None:
    for name in ("root", "gov", "dev", "cert", "buyer"):
        assert people(name).foreign == [], (name, people(name).foreign)
