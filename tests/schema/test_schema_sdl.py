"""The committed schema.graphql is the code's schema, and every part of it is described."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
)

from backend.schema import schema, sdl

COMMITTED = Path(__file__).resolve().parents[2] / "schema.graphql"


@pytest.fixture(autouse=True)
def _fresh_database() -> None:
    """These tests read the schema only: no database (overrides the package's fixture)."""


def undescribed(parsed: GraphQLSchema) -> list[str]:
    """Every type, field, argument and enum value of the schema that has no description."""
    missing: list[str] = []
    for name, kind in parsed.type_map.items():
        if name.startswith("__"):
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in kind.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [
                    f"{name}.{field_name}({arg})"
                    for arg, value in field.args.items()
                    if not value.description
                ]
        if isinstance(kind, GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, value in kind.fields.items() if not value.description]
        if isinstance(kind, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in kind.values.items() if not value.description]
    return missing


def test_the_committed_sdl_is_the_codes() -> None:
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    assert committed == sdl(), (
        "schema.graphql differs from the code's schema; regenerate it with "
        "`.venv/bin/carbon-registry schema > schema.graphql` and commit it."
    )


def test_every_type_field_argument_and_enum_value_is_described() -> None:
    assert undescribed(build_schema(sdl())) == []


def test_the_walk_finds_what_lacks_a_description() -> None:
    parsed = build_schema(
        '"""Q."""\ntype Query {\n  a(x: Int): E\n  """B."""\n  b: Int\n}\n'
        'enum E {\n  """One."""\n  ONE\n  TWO\n}\n'
    )
    assert undescribed(parsed) == ["Query.a", "Query.a(x)", "E", "E.TWO"]


def test_no_two_mutations_differ_only_in_spelling() -> None:
    names = list(build_schema(sdl()).type_map["Mutation"].fields)  # type: ignore[attr-defined]
    folded = [n.lower().replace("z", "s") for n in names]
    assert sorted(n for n in names if folded.count(n.lower().replace("z", "s")) > 1) == []
    assert schema.as_str() + "\n" == sdl()


def test_every_mutation_that_takes_more_than_an_id_takes_one_input() -> None:
    mutation = build_schema(sdl()).type_map["Mutation"]
    assert isinstance(mutation, GraphQLObjectType)
    wrong = {
        name: sorted(field.args)
        for name, field in mutation.fields.items()
        if sorted(field.args) not in ([], ["id"], ["input"])
    }
    assert wrong == {}


def test_every_payload_of_a_ledger_change_has_a_non_null_ledger_seq() -> None:
    parsed = build_schema(sdl())
    mutation = parsed.type_map["Mutation"]
    assert isinstance(mutation, GraphQLObjectType)
    unrecorded = {"login", "logout", "requestPasswordReset"}  # sessions and mail, not the ledger
    lacking = []
    for name, field in mutation.fields.items():
        if name in unrecorded:
            continue
        payload = getattr(field.type, "of_type", None)
        fields = payload.fields if isinstance(payload, GraphQLObjectType) else {}
        if "ledgerSeq" not in fields or str(fields["ledgerSeq"].type) != "Int!":
            lacking.append(name)
        else:
            lacking += [f"{name}.{f}" for f, v in fields.items() if not str(v.type).endswith("!")]
    assert lacking == []
