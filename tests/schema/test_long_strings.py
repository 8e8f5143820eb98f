"""Issue 14 item 9's rule for mutations: an overlong string in any input of any mutation is
BAD_USER_INPUT (never a masked internal error) and changes nothing. Schema-driven: every
mutation is called with every String of its input, required or not, set to an overlong text,
and every ID set to a real row of the kind its name says, so the call reaches the service."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)

from backend.models.enums import OrganisationType, ProjectStatus, Role
from backend.schema import schema
from tests.conftest import GraphQLClient, error_code
from tests.factories import ledger_size, make_member, make_project

LONG = "é" * 5_000
SCALARS: dict[str, Any] = {
    "String": LONG,
    "Int": 1,
    "SafeInt": 1,
    "Float": 1.0,
    "Boolean": True,
    "Date": "2025-06-30",
    "DateTime": "2025-06-30T00:00:00Z",
    "Decimal": "1.00",
    "JSON": {"note": LONG},
}


def _value(kind: GraphQLInputType, name: str, ids: dict[str, str]) -> Any:
    """A value of an input type: overlong strings, real ids, the first enum value."""
    if isinstance(kind, GraphQLNonNull):
        return _value(kind.of_type, name, ids)
    if isinstance(kind, GraphQLList):
        return [_value(kind.of_type, name, ids)]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        owner = kind.name.removesuffix("Input")
        return {
            field: _value(spec.type, owner if field == "id" else field, ids)
            for field, spec in kind.fields.items()
        }
    assert isinstance(kind, GraphQLScalarType)
    if kind.name == "ID":
        lowered = name.lower()
        return next((v for k, v in ids.items() if k in lowered), ids["organisation"])
    return SCALARS.get(kind.name, LONG)


def _mutations() -> list[str]:
    mutation = schema._schema.mutation_type
    assert mutation is not None
    return [
        name
        for name, field in mutation.fields.items()
        if not any("Upload" in str(arg.type) for arg in field.args.values())
        and any(_takes_text(arg.type, set()) for arg in field.args.values())
    ]


def _takes_text(kind: Any, seen: set[str]) -> bool:
    """Whether a String (or JSON) is somewhere inside an input type."""
    while isinstance(kind, GraphQLNonNull | GraphQLList):
        kind = kind.of_type
    if isinstance(kind, GraphQLInputObjectType):
        if kind.name in seen:
            return False
        seen.add(kind.name)
        return any(_takes_text(spec.type, seen) for spec in kind.fields.values())
    return isinstance(kind, GraphQLScalarType) and kind.name in ("String", "JSON")


@pytest.mark.parametrize("name", _mutations())
async def test_an_overlong_string_is_bad_user_input_and_changes_nothing(
    gql: GraphQLClient, name: str
) -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    project = await make_project(developer, ProjectStatus.AUTHORISED)
    ids = {
        "project": str(project.id),
        "user": str(developer.user.id),
        "organisation": str(developer.organisation.id),
        "owner": str(developer.organisation.id),
        "certifier": str(developer.organisation.id),
    }
    field = schema._schema.mutation_type.fields[name]  # type: ignore[union-attr]
    variables = {arg: _value(spec.type, arg, ids) for arg, spec in field.args.items()}
    declared = ", ".join(f"${arg}: {spec.type}" for arg, spec in field.args.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in field.args)
    selection = " { __typename }" if _is_object(field.type) else ""
    document = (
        f"mutation ({declared}) {{ {name}({passed}){selection} }}"
        if field.args
        else f"mutation {{ {name}{selection} }}"
    )
    before = await ledger_size()
    for caller in (government, developer):
        result = await gql.as_(caller.token)(document, **variables)
        assert result.get("errors"), (name, result)
        assert error_code(result) not in ("INTERNAL_SERVER_ERROR", None), (name, result)
        assert LONG not in str(result), "the overlong text is not echoed back"
    assert await ledger_size() == before


def _is_object(kind: Any) -> bool:
    while hasattr(kind, "of_type"):
        kind = kind.of_type
    return hasattr(kind, "fields")
