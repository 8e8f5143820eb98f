"""Plain scalar fields completed in one step.

graphql-core executes every field of every row the same way: it builds a resolve info (with the
path, the nodes, the schema...), calls the resolver, then walks complete_value through NonNull
to the scalar's coercion, checking for awaitables on the way. A 50-project page with its
activities is about 3,500 such fields, and most of them are plain fields (direct_fields.py)
returning a column of the row. For those (a resolver installed by direct_fields, no arguments,
a scalar or enum type, no middleware) this execution context calls the resolver (with the
resolve info only if it takes one: the sensitive columns that ask the policy) and coerces the
value directly. Everything else takes graphql-core's own path.

Answers are the same, errors too: an exception from the resolver or the coercion goes through
graphql-core's handle_field_error at the same path, and a null for a non-null field raises the
same "Cannot return null for non-nullable field" error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from backend.schema.direct_fields import DIRECT, PLAIN_METHOD

_MARK = "_registry_leaf"


@dataclass(frozen=True, slots=True)
class Leaf:
    """A plain scalar field: its resolver, the method it calls with the source alone (None when
    it needs the resolve info) and its scalar or enum type."""

    resolve: Callable[..., Any]
    plain: Callable[[Any], Any] | None
    type: GraphQLLeafType
    non_null: bool


def mark_leaves(schema: strawberry.Schema) -> int:
    """Mark the fields whose resolver is one of direct_fields' plain ones (source -> value)
    and whose type is a scalar or an enum; returns how many were marked. Run after every
    resolver is installed: a field whose resolver was wrapped since (a check) is not marked."""
    marked = 0
    for type_name, named in schema._schema.type_map.items():
        if not isinstance(named, GraphQLObjectType) or type_name.startswith("__"):
            continue
        for field in named.fields.values():
            method = getattr(field.resolve, PLAIN_METHOD, None)
            direct = method is not None or getattr(field.resolve, DIRECT, False)
            if not direct or field.args:
                continue
            non_null = isinstance(field.type, GraphQLNonNull)
            inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            if not is_leaf_type(inner):
                continue
            assert field.resolve is not None
            setattr(field, _MARK, Leaf(field.resolve, method, inner, non_null))
            marked += 1
    return marked


class LeafExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with the one-step path for marked fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Strawberry always passes a manager; it wraps resolvers only when an extension of
        # the request has a resolve hook (then every field takes the general path).
        manager = self.middleware_manager
        self.leaves_direct = manager is None or manager._middleware_resolvers is None

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        node = field_details_list[0].node
        field: GraphQLField | None = self.schema.get_field(parent_type, node.name.value)
        leaf: Leaf | None = getattr(field, _MARK, None)
        if (
            leaf is None
            or field is None
            or field.resolve is not leaf.resolve  # wrapped after marking: the general path
            or not self.leaves_direct
            or node.arguments
        ):
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )
        try:
            if leaf.plain is not None:
                info = None
                result = leaf.plain(source)
            else:
                info = self.build_resolve_info(
                    field, to_nodes(field_details_list), parent_type, path
                )
                result = leaf.resolve(source, info)
            if self.is_awaitable(result):  # not from a plain method; completed as before
                if info is None:
                    info = self.build_resolve_info(
                        field, to_nodes(field_details_list), parent_type, path
                    )
                return self.complete_awaitable_value(
                    field.type, field_details_list, info, path, result, position_context
                )
            if isinstance(result, Exception):
                raise result
            if result is None or result is Undefined:
                if leaf.non_null:
                    msg = (
                        "Cannot return null for non-nullable field"
                        f" {parent_type.name}.{node.name.value}."
                    )
                    raise TypeError(msg)
                return None
            return self.complete_leaf_value(leaf.type, result)
        except Exception as raw_error:  # noqa: BLE001 - graphql-core's own handling, as before
            self.handle_field_error(raw_error, field.type, field_details_list, path)
            return None
