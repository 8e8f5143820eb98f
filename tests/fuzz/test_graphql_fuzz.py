"""Schema-driven fuzzing of the GraphQL API (hypothesis-graphql), for a bounded number of
examples, as an anonymous caller and as a signed-in user of each organisation type: no 5xx, no
unmasked or masked internal error, and no state change when the answer is an error. Then
injection strings in every search and filter argument of the lists."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from backend.models.credit import CreditBlock
from backend.models.enums import OrganisationType, Role
from backend.schema import build_schema
from tests.factories import ledger_size, make_member

EXAMPLES = 40  # per role and operation kind: bounded, so make test stays quick
SCALARS = {
    "Date": st.sampled_from(["2024-02-29", "2023-02-29", "0000-01-01", "yesterday"]).map(
        nodes.String
    ),
    "DateTime": st.sampled_from(["2024-01-01T00:00:00Z", "2024-13-01T00:00:00", "now"]).map(
        nodes.String
    ),
    "Decimal": st.sampled_from(["1.50", "-0", "NaN", "Infinity", "1e999", "abc"]).map(nodes.String),
    "JSON": st.sampled_from(["{}", "[]", "null", "{"]).map(nodes.String),
    "SafeInt": st.integers(-(2**53), 2**53).map(nodes.Int),
}
INJECTIONS = [
    "' OR '1'='1",
    "'; DROP TABLE organisation; --",
    '" OR ""="',
    "%",
    "_%_",
    "\\",
    "$where: '1 == 1'",
    "${jndi:ldap://example.invalid/a}",
    "<script>alert(1)</script>",
    "../../../../etc/passwd",
    "x" * 10_000,
]
LISTS = [
    ("organisations", ["search"]),
    ("projects", ["search"]),
    ("projects", ["sector"]),  # issue 14 item 7: longer than its column is BAD_USER_INPUT
    ("users", ["search"]),
]


def documents(kind: str, count: int) -> list[str]:
    """count query or mutation documents drawn from the schema by hypothesis-graphql."""
    schema = build_schema(max_depth=12, max_aliases=30, max_tokens=5000).as_str()
    make = mutations if kind == "mutation" else queries
    drawn: list[str] = []

    @settings(
        max_examples=count,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(make(schema, custom_scalars=SCALARS))
    def collect(document: str) -> None:
        drawn.append(document)

    collect()
    return drawn


async def state() -> tuple[int, list[tuple[int, int, int, str]]]:
    blocks = (
        await CreditBlock.all()
        .order_by("id")
        .values_list("id", "holder_id", "serial_end", "status")
    )
    return await ledger_size(), [tuple(b) for b in blocks]  # type: ignore[misc]


def problems(response: httpx.Response) -> list[str]:
    found = []
    if response.status_code >= 500:
        found.append(f"HTTP {response.status_code}")
    try:
        body: Any = response.json()
    except ValueError:
        return [*found, f"not JSON: {response.text[:200]}"]
    for error in (body or {}).get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        if code == "INTERNAL_SERVER_ERROR" or error.get("message") == "Unexpected error.":
            found.append(f"internal error at {error.get('path')}")
        if not code:
            found.append(f"error without a code: {error.get('message')}")
    return found


async def tokens() -> dict[str, str | None]:
    made: dict[str, str | None] = {"anonymous": None}
    for kind in (
        OrganisationType.DEVELOPER,
        OrganisationType.CERTIFIER,
        OrganisationType.MINISTRY,
        OrganisationType.GOVERNMENT,
    ):
        made[kind.value] = (await make_member(kind, Role.ADMIN)).token
    return made


@pytest.mark.parametrize("kind", ["query", "mutation"])
async def test_schema_driven_fuzzing_finds_no_crash_and_no_change_on_error(
    http: httpx.AsyncClient, kind: str
) -> None:
    drawn = documents(kind, EXAMPLES)
    assert len(drawn) == EXAMPLES
    failures = []
    for role, token in (await tokens()).items():
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        for document in drawn:
            before = await state()
            http.cookies.clear()
            response = await http.post("/graphql", json={"query": document}, headers=headers)
            found = problems(response)
            body = response.json() if not found else {}
            answered = any(v is not None for v in ((body or {}).get("data") or {}).values())
            if (body or {}).get("errors") and not answered and await state() != before:
                found.append("state changed on an error")
            if found:
                failures.append((role, found, document[:300]))
    assert failures == []


@pytest.mark.parametrize(("field", "arguments"), LISTS)
async def test_injection_strings_in_search_and_filters_are_plain_text(
    http: httpx.AsyncClient, field: str, arguments: list[str]
) -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    headers = {"Authorization": f"Bearer {government.token}"}
    before = await state()
    for argument in arguments:
        for text in INJECTIONS:
            query = f"query($v: String) {{ {field}({argument}: $v) {{ totalCount }} }}"
            response = await http.post(
                "/graphql", json={"query": query, "variables": {"v": text}}, headers=headers
            )
            assert problems(response) == [], (argument, text[:40], response.text[:300])
            body = response.json()
            if body.get("data") and body["data"].get(field) is not None:
                assert body["data"][field]["totalCount"] == 0, (argument, text[:40])
            else:
                assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert await state() == before
