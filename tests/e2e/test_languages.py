"""The UI in French and in Spanish: the language menu switches it (remembered in the browser when
anonymous, in the account once signed in, where the account's language wins), <html lang>
follows, and no English string is left on the main screens (a scan against the English
catalogue's words), with a screenshot of each screen in each language. Runs after test_flow.py,
on the registry its flow filled."""

from __future__ import annotations

from typing import Any

from tests.e2e.helpers import Person, Registry, labelled
from tests.e2e.language_scan import english_left, visible_text
from tests.e2e.test_flow import GOV, state

NAMES = {"fr": "Français", "es": "Español", "en": "English"}
SCREENS = [
    ("/", "dashboard"),
    ("/projects", "projects"),
    ("/projects/{project}", "project-detail"),
    ("/activities", "activities"),
    ("/financing", "financing"),
    ("/credits", "credits"),
    ("/credits/{serial}", "credit-block"),
    ("/transfers", "transfers"),
    ("/organisations", "organisations"),
    ("/users", "users"),
    ("/tasks", "tasks"),
    ("/profile", "profile"),
]
DATA = """{
  organisations(first: 100) { edges { node { name address website taxId } } }
  users(first: 100) { edges { node { name } } }
  projects(first: 100) { edges { node { title externalId } } }
  activities(first: 100) { edges { node { title code } } }
  retirements(first: 100) { edges { node { beneficiary } } }
  notifications(first: 100) { edges { node { subject } } }
  countrySettings { name }
}"""
VIEWER = "{ viewer { id language } }"
SET_LANGUAGE = """mutation($id: ID!, $l: String!) {
  updateUser(input: {id: $id, language: $l}) { user { language } } }"""


def data_values(registry: Registry, token: str) -> list[str]:
    """The data the flow's people typed or the server stored, as the page shows them."""
    result = registry.gql(DATA, token)
    assert "errors" not in result, result
    values: list[str] = [
        result["data"]["countrySettings"]["name"],
        "Pacific Climate Fund",
        "Air Vanuatu",
    ]
    for field in (
        "organisations",
        "users",
        "projects",
        "activities",
        "retirements",
        "notifications",
    ):
        for edge in result["data"][field]["edges"]:
            values.extend(str(v) for v in edge["node"].values() if v)
    return values


def scan(p: Person, lang: str, name: str, data: list[str], left: dict[str, list[str]]) -> None:
    """Record the English words left on the page, and screenshot it."""
    p.page.wait_for_load_state("networkidle")
    found = english_left(visible_text(p.page), lang, data)
    if found:
        left[f"{lang} {name}"] = found
    p.shot(f"lang-{lang}-{name}")


def choose_language(p: Person, lang: str) -> None:
    p.page.get_by_test_id("language-menu").click()
    p.page.get_by_role("menuitem", name=NAMES[lang]).click()
    p.page.wait_for_function(f"document.documentElement.lang === '{lang}'")
    p.page.wait_for_load_state("networkidle")


def test_anonymous_choice_is_remembered_and_the_sign_in_page_is_translated(
    registry: Registry, browser: Any
) -> None:
    p = Person.open(registry, browser, "visitor")
    try:
        p.goto("/sign-in")
        assert p.page.evaluate("document.documentElement.lang") == "en"
        choose_language(p, "fr")
        p.page.get_by_role("button", name="Se connecter").wait_for()
        assert english_left(visible_text(p.page), "fr", []) == []
        p.shot("lang-fr-sign-in")
        p.goto("/register")  # a new page load: the choice comes back from localStorage
        assert p.page.evaluate("document.documentElement.lang") == "fr"
        p.page.get_by_role("heading", name="Inscrire votre organisation").wait_for()
        choose_language(p, "es")
        p.goto("/sign-in")
        p.page.get_by_role("button", name="Iniciar sesión").wait_for()
        assert english_left(visible_text(p.page), "es", []) == []
        p.shot("lang-es-sign-in")
    finally:
        p.close()


def test_main_screens_have_no_english_left_in_french_and_spanish(
    registry: Registry, browser: Any
) -> None:
    assert state.get("project") and state.get("dev_serial"), "run with test_flow.py"
    token = registry.login(GOV)
    me = registry.gql(VIEWER, token)["data"]["viewer"]
    assert me["language"] == "en"
    data = data_values(registry, token)
    p = Person.open(registry, browser, "officer-languages")
    left: dict[str, list[str]] = {}
    try:
        # An anonymous choice of Spanish, then sign-in: the account's language (English) wins.
        p.goto("/sign-in")
        choose_language(p, "es")
        labelled(p.page, "Correo electrónico").fill(GOV)
        labelled(p.page, "Contraseña").fill("a-long-password-123")
        p.page.get_by_role("button", name="Iniciar sesión").click()
        p.page.get_by_role("link", name="My pending tasks").wait_for()
        assert p.page.evaluate("document.documentElement.lang") == "en"
        for lang in ("fr", "es"):
            choose_language(p, lang)
            # Remembered in the account: the server has it, and a new page load keeps it.
            assert registry.gql(VIEWER, token)["data"]["viewer"]["language"] == lang
            for path, name in SCREENS:
                p.goto(path.format(project=state["project"], serial=state["dev_serial"]))
                p.page.get_by_role("heading", level=2).first.wait_for()
                if name == "credit-block":
                    p.page.get_by_test_id("proof-verdict").wait_for(timeout=30_000)
                assert p.page.evaluate("document.documentElement.lang") == lang
                scan(p, lang, name, data, left)
                if name == "project-detail":  # every tab: documents, history, ...
                    for i in range(1, p.page.get_by_role("tab").count()):
                        p.page.get_by_role("tab").nth(i).click()
                        scan(p, lang, f"{name}-tab{i}", data, left)
        assert left == {}, "\n".join(f"{k}: {', '.join(v)}" for k, v in left.items())
    finally:
        registry.gql(SET_LANGUAGE, token, id=me["id"], l="en")
        p.close()
