"""The scope matrix, derived from the schema and the policy module: every root field (query and
mutation) asked by a client holding each single OAuth scope, and FORBIDDEN exactly where the
policy's CLIENT_GRANTS do not grant the field's action. Every object type of the schema has an
action (no field is reachable that the policy does not decide), and refusals change nothing."""

from __future__ import annotations

from typing import Any

import httpx
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    get_named_type,
)

from backend import policy
from backend.policy import OAuthScope, Principal
from backend.schema import schema
from backend.schema.client_scopes import TYPE_ACTIONS, action_of_field, base_type
from tests.factories import ledger_size
from tests.identity.partners import access_token, graphql, partner_client

GRAPH = schema._schema
SCALARS: dict[str, Any] = {
    "ID": "1",
    "String": "x",
    "Int": 1,
    "SafeInt": 1,
    "Boolean": False,
    "Decimal": "1.00",
    "Date": "2025-01-01",
    "DateTime": "2025-01-01T00:00:00Z",
    "JSON": {},
}


def dummy(kind: GraphQLInputType) -> Any:
    """A value of this input type, as small as the type allows (its content does not matter:
    a refused field is refused before the value is looked at)."""
    if isinstance(kind, GraphQLNonNull):
        return dummy(kind.of_type)
    if isinstance(kind, GraphQLList):
        return []
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        return {
            name: dummy(f.type)
            for name, f in kind.fields.items()
            if isinstance(f.type, GraphQLNonNull)
            and f.default_value is not None
            or isinstance(f.type, GraphQLNonNull)
        }
    return SCALARS[kind.name]


def operation(kind: str, name: str, field: GraphQLField) -> tuple[str, dict[str, Any]]:
    required = {a: arg for a, arg in field.args.items() if isinstance(arg.type, GraphQLNonNull)}
    declared = ", ".join(f"${a}: {arg.type}" for a, arg in required.items())
    passed = ", ".join(f"{a}: ${a}" for a in required)
    selection = " { __typename }" if hasattr(get_named_type(field.type), "fields") else ""
    text = f"{kind}{f'({declared})' if declared else ''} {{ {name}{f'({passed})' if passed else ''}{selection} }}"
    return text, {a: dummy(arg.type) for a, arg in required.items()}


def expected_granted(scope: OAuthScope, parent: str, name: str, field: GraphQLField) -> bool:
    if parent == "Mutation":
        return False
    action = action_of_field(parent, name, get_named_type(field.type))
    principal = Principal.client(client_id=1, organisation_id=1, oauth_scopes=frozenset({scope}))
    return action is None or policy.client_may(principal, action)


def test_every_object_type_has_an_action() -> None:
    unmapped = []
    for name, kind in GRAPH.type_map.items():
        if not isinstance(kind, GraphQLObjectType) or name.startswith("__"):
            continue
        if name in ("Query", "Mutation") or name.endswith("Payload"):
            continue  # roots; payloads are reached only through mutations, all refused
        if base_type(name) not in TYPE_ACTIONS:
            unmapped.append(name)
    assert unmapped == []


async def test_each_scope_reaches_exactly_the_root_fields_the_policy_grants(
    http: httpx.AsyncClient,
) -> None:
    tokens = {
        scope: await access_token(http, await partner_client([scope.value], rate_limit=1000))
        for scope in OAuthScope
    }
    size = await ledger_size()
    mismatches: list[str] = []
    asked = 0
    for scope, token in tokens.items():
        for parent, root in (("Query", GRAPH.query_type), ("Mutation", GRAPH.mutation_type)):
            assert root is not None
            for name, field in root.fields.items():
                text, variables = operation(parent.lower(), name, field)
                result = await graphql(http, token, text, **variables)
                asked += 1
                refused = [
                    e
                    for e in result.get("errors", [])
                    if e.get("path") == [name] and e["extensions"]["code"] == "FORBIDDEN"
                ]
                granted = expected_granted(scope, parent, name, field)
                if bool(refused) == granted:
                    mismatches.append(f"{scope.value} {parent}.{name}: {result}")
    assert mismatches == []
    assert asked == len(OAuthScope) * (
        len(GRAPH.query_type.fields) + len(GRAPH.mutation_type.fields)
    )
    assert await ledger_size() == size  # no refused mutation recorded anything


def test_the_derived_expectations_are_not_trivial() -> None:
    query = GRAPH.query_type
    assert query is not None
    grants = {
        (scope, name)
        for scope in OAuthScope
        for name, field in query.fields.items()
        if expected_granted(scope, "Query", name, field)
    }
    assert (OAuthScope.PROJECTS_READ, "projects") in grants
    assert (OAuthScope.PROJECTS_READ, "creditBlocks") not in grants
    assert (OAuthScope.CREDITS_READ, "creditBlocks") in grants
    assert (OAuthScope.LEDGER_READ, "ledgerEntry") in grants
    assert (OAuthScope.PUBLIC, "serialLookup") in grants
    assert not any(name in ("viewer", "users", "financings", "document") for _, name in grants)
