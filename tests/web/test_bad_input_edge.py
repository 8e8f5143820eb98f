"""Hostile input at the edge (issue 14 items 5-9): every id, seq and size is ASCII digits within
the database's range; every string argument is storable; the body is a UTF-8 JSON object.
Each refusal is BAD_USER_INPUT / NOT_FOUND or 400/404 JSON, changes nothing, logs no traceback."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
)

from backend.models.enums import OrganisationType, Role
from backend.models.organisation import Organisation
from backend.schema import build_schema
from tests.conftest import GraphQLClient, error_code
from tests.factories import ledger_size, make_member

BAD_IDS = ["²", "①", "9" * 25, str(2**31), "1e3", ""]
REFUSED = {"NOT_FOUND", "BAD_USER_INPUT", "FORBIDDEN", "UNAUTHENTICATED", "CONFLICT"}


def no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    noisy = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert noisy == [], [r.getMessage() for r in noisy]


async def state() -> tuple[int, int]:
    return await Organisation.all().count(), await ledger_size()


def _dummy(type_: Any) -> str | None:
    """A literal for a required argument that is not the id under test, or None if unbuildable."""
    named = get_named_type(type_)
    if named is GraphQLID:
        return '"1"'
    if isinstance(named, GraphQLEnumType):
        return next(iter(named.values))
    if isinstance(named, GraphQLScalarType):
        return {"Int": "1", "SafeInt": "1", "Boolean": "true", "Decimal": '"1"'}.get(
            named.name, '"x"'
        )
    if isinstance(named, GraphQLInputObjectType):
        fields = []
        for name, field in named.fields.items():
            if isinstance(field.type, GraphQLNonNull):
                value = _dummy(field.type)
                if value is None:
                    return None
                fields.append(f"{name}: {value}")
        return "{" + ", ".join(fields) + "}"
    return None


def _selection(field: GraphQLField) -> str:
    return " { __typename }" if isinstance(get_named_type(field.type), GraphQLObjectType) else ""


def id_argument_operations() -> list[tuple[str, str, str]]:
    """(name, operation with $id in every ID argument's place) for every root field."""
    schema = build_schema(max_depth=12, max_aliases=30, max_tokens=5000)._schema
    found = []
    for kind, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root is not None
        for name, field in root.fields.items():
            ids = [a for a, arg in field.args.items() if get_named_type(arg.type) is GraphQLID]
            if not ids:
                continue
            others = []
            for arg_name, arg in field.args.items():
                if arg_name in ids:
                    continue
                if isinstance(arg.type, GraphQLNonNull):
                    value = _dummy(arg.type)
                    if value is None:
                        break
                    others.append(f"{arg_name}: {value}")
            else:
                for target in ids:
                    args = [f"{target}: $id", *others]
                    args += [f'{a}: "1"' for a in ids if a != target]
                    op = f"{kind}($id: ID!) {{ {name}({', '.join(args)}){_selection(field)} }}"
                    found.append((f"{name}.{target}", op, kind))
    return found


OPERATIONS = id_argument_operations()


def test_the_walk_finds_the_id_arguments() -> None:
    names = {name for name, _, _ in OPERATIONS}
    assert {"project.id", "organisation.id", "approveProject.id"} <= names
    assert len(OPERATIONS) >= 40


async def test_every_id_argument_refuses_bad_numbers(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    member = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    before = await state()
    for name, operation, _ in OPERATIONS:
        for bad in BAD_IDS:
            result = await gql.as_(member.token)(operation, id=bad)
            code = error_code(result)
            # An empty optional filter (`holderId: ""`) is read as no filter: not an error.
            assert code in REFUSED or (bad == "" and code is None), (name, bad, result)
    assert await state() == before
    no_traceback(caplog)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/documents/%C2%B2", 404),
        ("/documents/99999999999", 404),
        ("/ledger/entries/%C2%B2", 400),
        ("/ledger/entries/99999999999999999999999", 400),
        ("/ledger/entries/" + "9" * 5000, 400),
        ("/ledger/proof/inclusion?seq=%C2%B2&size=1", 400),
        ("/ledger/proof/inclusion?seq=0&size=99999999999999999999", 400),
        ("/ledger/proof/consistency?from=1&to=%E2%91%A0", 400),
        ("/ledger/proof/consistency?from=-1&to=1", 400),
        ("/reports/aef?year=%D9%A2%D9%A0%D9%A2%D9%A5", 401),  # Arabic-Indic digits, signed out
    ],
)
async def test_http_routes_refuse_bad_numbers(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, path: str, status: int
) -> None:
    response = await http.get(path)
    assert response.status_code == status, response.text
    assert response.json()["code"] in REFUSED
    no_traceback(caplog)


async def test_a_25_digit_unit_number_is_bad_input(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    serial = "VU-VCU-1-1-2025-1-" + "1" * 25
    result = await gql("query($s: String!) { serialLookup(serial: $s) { unit } }", s=serial)
    assert error_code(result) == "BAD_USER_INPUT"
    assert result["errors"][0]["extensions"]["field"] == "serial"
    no_traceback(caplog)


async def test_a_filter_longer_than_its_column_is_bad_input(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    member = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    query = "query($s: String) { projects(sector: $s) { totalCount } }"
    fits = await gql.as_(member.token)(query, s="x" * 60)
    assert fits["data"]["projects"]["totalCount"] == 0
    result = await gql.as_(member.token)(query, s="x" * 61)
    assert error_code(result) == "BAD_USER_INPUT"
    assert result["errors"][0]["extensions"]["field"] == "sector"
    literal = await gql.as_(member.token)('{ projects(sector: "%s") { totalCount } }' % ("y" * 61))
    assert error_code(literal) == "BAD_USER_INPUT"
    long_search = await gql.as_(member.token)(
        "query($s: String) { projects(search: $s) { totalCount } }", s="z" * 1001
    )
    assert error_code(long_search) == "BAD_USER_INPUT"
    no_traceback(caplog)


UPDATE = (
    "mutation($id: ID!, $name: String) { updateOrganisation(id: $id, input: {name: $name}) "
    "{ __typename } }"
)


@pytest.mark.parametrize("raw", [r"lone \ud800 surrogate", r"low \udfff", r"nul \u0000 byte"])
async def test_an_unstorable_string_variable_is_bad_input(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, raw: str
) -> None:
    member = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    before, name = await state(), member.organisation.name
    query = json.dumps(UPDATE)
    body = (
        f'{{"query": {query}, "variables": {{"id": "{member.organisation.id}", "name": "{raw}"}}}}'
    )
    body_bytes = body.encode()
    response = await http.post(
        "/graphql",
        content=body_bytes,
        headers={"content-type": "application/json", "authorization": f"Bearer {member.token}"},
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert error_code(result) == "BAD_USER_INPUT"
    assert result["errors"][0]["extensions"]["field"] == "input.name"
    assert await state() == before
    assert (await Organisation.get(id=member.organisation.id)).name == name
    no_traceback(caplog)


async def test_a_paired_surrogate_is_an_ordinary_character(gql: GraphQLClient) -> None:
    member = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    result = await gql.as_(member.token)(UPDATE, id=str(member.organisation.id), name="Reef 🐠 Co")
    assert "errors" not in result, result
    assert (await Organisation.get(id=member.organisation.id)).name == "Reef 🐠 Co"


@pytest.mark.parametrize(
    "body",
    [b"null", b"[]", b'"query"', b"42", b'{"query": "{ __typename \xff }"}', b"\xfe\xff", b"{"],
)
async def test_a_body_that_is_not_a_utf8_json_object_is_400(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, body: bytes
) -> None:
    response = await http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    no_traceback(caplog)


async def test_get_graphql_tells_how_to_post(http: httpx.AsyncClient) -> None:
    page = await http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 405 and page.headers["allow"] == "POST"
    assert "POST" in page.text and page.headers["content-type"].startswith("text/html")
    api = await http.get("/graphql", headers={"accept": "application/json"})
    assert api.status_code == 405
    assert "POST" in api.json()["errors"][0]["message"]
