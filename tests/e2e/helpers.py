"""What the browser tests share: the running registry, a person's browser session (with the
same-origin guard, screenshots and axe-core), and a plain GraphQL client for set-up checks."""

from __future__ import annotations

import email
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

ROOT_EMAIL = "root@registry.gov.vu"
ROOT_PASSWORD = "root-password-for-e2e"
PASSWORD = "a-long-password-123"
ARTEFACTS = Path(__file__).parent / "artefacts"
AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


def label(text: str) -> re.Pattern[str]:
    """A field's accessible name: its label, with the required mark if it has one."""
    return re.compile(rf"^{re.escape(text)}( \*)?$")


def labelled(scope: Any, name: str) -> Any:
    """The input (or textarea) a label names inside scope, not the listbox it may also label."""
    return scope.get_by_label(label(name)).and_(scope.locator("input, textarea"))


@dataclass
class Registry:
    base: str
    outbox: Path

    def gql(self, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
        """One GraphQL call as the UI makes it (with its CSRF header)."""
        headers = {"X-Requested-With": "carbon-registry-ui"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = httpx.post(
            f"{self.base}/graphql",
            json={"query": query, "variables": variables},
            headers=headers,
            timeout=30,
        )
        return dict(response.json())

    def login(self, address: str, password: str = PASSWORD) -> str:
        result = self.gql(
            "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }",
            e=address,
            p=password,
        )
        assert "errors" not in result, result
        return str(result["data"]["login"]["token"])

    def token_mailed_to(self, address: str) -> str:
        """The token of the newest password link e-mailed to address (the outbox's files)."""
        for path in sorted(self.outbox.glob("*.eml"), reverse=True):
            message = email.message_from_bytes(path.read_bytes())
            if message["To"] == address:
                body = message.get_payload(decode=True)
                assert isinstance(body, bytes)
                found = re.search(
                    r"(?:token=|/invitation/|/reset-password/)([A-Za-z0-9_\-]+)", body.decode()
                )
                assert found, body
                return found.group(1)
        raise AssertionError(f"no e-mail to {address}")


@dataclass
class Person:
    """One person's browser: their own context (cookies), one page, and every request it made."""

    registry: Registry
    context: Any
    page: Any
    name: str
    foreign: list[str] = field(default_factory=list)

    @classmethod
    def open(
        cls, registry: Registry, browser: Any, name: str, width: int = 1366, height: int = 900
    ) -> Person:
        # bypass_csp only lets axe-core be injected; the page keeps its own policy otherwise.
        context = browser.new_context(
            viewport={"width": width, "height": height}, base_url=registry.base, bypass_csp=True
        )
        person = cls(registry, context, context.new_page(), name)
        origin = urlsplit(registry.base).netloc

        def guard(route: Any) -> None:
            url = route.request.url
            if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).netloc == origin:
                route.continue_()
            else:
                person.foreign.append(url)
                route.abort()

        context.route("**/*", guard)
        person.page.set_default_timeout(15_000)
        return person

    def goto(self, path: str) -> None:
        self.page.goto(path)
        self.page.wait_for_load_state("networkidle")

    def sign_in(self, address: str, password: str = PASSWORD) -> None:
        self.goto("/sign-in")
        labelled(self.page, "E-mail").fill(address)
        labelled(self.page, "Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.get_by_role("link", name=re.compile("My pending tasks")).wait_for()

    def shot(self, name: str) -> Path:
        """A full-page screenshot under tests/e2e/artefacts/ (git-ignored)."""
        ARTEFACTS.mkdir(exist_ok=True)
        self.page.wait_for_load_state("networkidle")
        # Charts are drawn when they come near the viewport (EChart's IntersectionObserver), and a
        # full-page screenshot does not scroll: pass over the page once so the picture shows them.
        self.page.evaluate(
            """async () => {
                const step = window.innerHeight;
                for (let y = 0; y < document.body.scrollHeight; y += step) {
                    window.scrollTo(0, y);
                    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
                }
                window.scrollTo(0, 0);
            }"""
        )
        self.page.wait_for_load_state("networkidle")
        path = ARTEFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def serious_violations(self) -> list[str]:
        """axe-core's serious and critical findings on the current page (WCAG 2 A/AA)."""
        self.page.mouse.move(0, 0)  # no hover highlight under the pointer
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate(
            "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']})).violations"
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result
            if v["impact"] in ("serious", "critical")
        ]

    def actions(self) -> list[str]:
        """The workflow action buttons on the page, by label."""
        self.page.wait_for_load_state("networkidle")
        return sorted(
            set(
                self.page.locator("[data-action]").evaluate_all(
                    "els => els.map(e => e.dataset.action)"
                )
            )
        )

    def act(
        self,
        action: str,
        *,
        reason: str | None = None,
        fill: dict[str, str] | None = None,
        select: dict[str, str] | None = None,
        within: Any = None,
        prepare: Any = None,
    ) -> int:
        """Click an action, fill its confirmation, confirm, and return the ledger seq it shows."""
        scope = within if within is not None else self.page
        scope.locator(f'[data-action="{action}"]').first.click()
        dialog = self.page.get_by_role("dialog").filter(
            has=self.page.get_by_role("button", name=f"Confirm: {action}")
        )
        for name, value in (select or {}).items():
            labelled(dialog, name).click()
            self.page.get_by_role("option", name=value, exact=True).click()
        for name, value in (fill or {}).items():
            labelled(dialog, name).fill(value)
        if reason is not None:
            labelled(dialog, "Reason").fill(reason)
        if prepare is not None:
            prepare(dialog)
        dialog.get_by_role("button", name=f"Confirm: {action}").click()
        seq = self.page.get_by_test_id("ledger-seq").or_(dialog.get_by_role("alert"))
        seq.first.wait_for()
        if dialog.get_by_role("alert").count():
            raise AssertionError(f"{action} refused: {dialog.get_by_role('alert').inner_text()}")
        seq_text = self.page.get_by_test_id("ledger-seq").inner_text()
        result = self.page.get_by_role("dialog").filter(has=self.page.get_by_test_id("ledger-seq"))
        result.get_by_role("button", name="Close").click()
        self.page.get_by_role("dialog").first.wait_for(state="detached")
        self.page.wait_for_load_state("networkidle")
        return int(seq_text.lstrip("#"))

    def close(self) -> None:
        self.context.close()
