"""Plain scalar fields completed in one step (backend/schema/leaf_fields.py) answer exactly as
graphql-core's general path: values, enums, a resolver taking the info, a resolver's error at
its path, a null for a non-null field, and the nullable parent that swallows it."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from backend.schema import RegistrySchema
from backend.schema import schema as registry_schema
from backend.schema.direct_fields import install_direct_resolvers
from backend.schema.leaf_fields import LeafExecutionContext, mark_leaves


@strawberry.enum
class Colour(Enum):
    RED = "red"


@strawberry.type
class Row:
    number: strawberry.Private[int]

    @strawberry.field
    def value(self) -> int:
        return self.number

    @strawberry.field
    def colour(self) -> Colour:
        return Colour.RED

    @strawberry.field
    def named(self, info: strawberry.Info) -> str:
        return f"{info.field_name} of row {self.number}"

    @strawberry.field
    def broken(self) -> str | None:
        raise ValueError(f"row {self.number} is broken")

    @strawberry.field
    def missing(self) -> str:
        return None  # type: ignore[return-value] - the error case under test


@strawberry.type
class Query:
    @strawberry.field
    def rows(self) -> list[Row | None]:
        return [Row(number=n) for n in range(3)]


def _schema(context_class: type[Any]) -> strawberry.Schema:
    built = RegistrySchema(query=Query, execution_context_class=context_class)  # logs nothing
    install_direct_resolvers(built)
    assert mark_leaves(built) == 5  # value, colour, named, broken, missing
    return built


@pytest.mark.parametrize(
    "query",
    [
        "{ rows { value colour } }",
        "{ rows { value broken } }",
        "{ rows { value missing } }",
        "{ rows { v: value, value } }",
        "{ rows { named n: named } }",
    ],
)
async def test_the_answers_are_graphql_cores(query: str) -> None:
    fast = await _schema(LeafExecutionContext).execute(query)
    general = await _schema(StrawberryGraphQLCoreExecutionContext).execute(query)
    assert fast.data == general.data
    assert [e.formatted for e in fast.errors or []] == [e.formatted for e in general.errors or []]
    if "broken" in query:
        assert fast.data == {"rows": [{"value": n, "broken": None} for n in range(3)]}
        assert [e.path for e in fast.errors or []] == [["rows", n, "broken"] for n in range(3)]
    if "missing" in query:
        assert fast.data == {"rows": [None, None, None]}
        assert "Cannot return null for non-nullable field Row.missing." in str(fast.errors)


def test_the_registry_marks_its_plain_scalar_fields() -> None:
    assert registry_schema.execution_context_class is LeafExecutionContext
    organisation = registry_schema._schema.type_map["Organisation"]
    marked = {n for n, f in organisation.fields.items() if hasattr(f, "_registry_leaf")}
    # taxId asks the policy with the caller's principal: completed in one step with its info
    assert {"id", "name", "type", "status", "country", "taxId"} <= marked
    assert "sectoralScopes" not in marked  # a list: graphql-core's path
