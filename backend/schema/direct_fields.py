"""Plain fields resolved directly: a field whose resolver is a synchronous method taking no
GraphQL arguments (only `self`, and perhaps `info`), with no field extension or permission class,
is called straight from graphql-core instead of through Strawberry's general path (argument
conversion, a chain of partials, two wrappers a call), which every field of every row of a list
paid. What the resolver receives and returns is the same, so are the answers; fields with
arguments, extensions, permissions or async resolvers keep Strawberry's own path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLField, GraphQLObjectType, GraphQLResolveInfo
from strawberry.types.field import StrawberryField

_BACKREF = "strawberry-definition"
# On a resolver that takes no info: the method it calls with the source alone; on one that
# does, True (leaf_fields.py completes both in one step).
PLAIN_METHOD = "registry_plain_method"
DIRECT = "registry_direct"


def _direct(field: StrawberryField, info_class: type[Any]) -> Callable[..., Any] | None:
    resolver = field.base_resolver
    if (
        resolver is None
        or field.is_async
        or field.arguments
        or field.extensions
        or field.permission_classes
        or resolver.self_parameter is None
        or resolver.parent_parameter is not None
        or resolver.root_parameter is not None
    ):
        return None
    method = resolver.wrapped_func
    info_name = resolver.info_parameter.name if resolver.info_parameter else None
    if not callable(method):
        return None
    if info_name is None:

        def plain(source: Any, info: GraphQLResolveInfo[Any]) -> Any:
            return method(source)

        setattr(plain, PLAIN_METHOD, method)
        return plain

    def with_info(source: Any, info: GraphQLResolveInfo[Any]) -> Any:
        return method(source, **{info_name: info_class(_raw_info=info, _field=field)})

    setattr(with_info, DIRECT, True)
    return with_info


def install_direct_resolvers(schema: strawberry.Schema) -> int:
    """Resolve the plain method fields directly; returns how many fields were changed."""
    info_class = schema.config.info_class
    changed = 0
    for type_name, named in schema._schema.type_map.items():
        if not isinstance(named, GraphQLObjectType) or type_name.startswith("__"):
            continue
        for graphql_field in named.fields.values():
            changed += _install(graphql_field, info_class)
    return changed


def _install(graphql_field: GraphQLField, info_class: type[Any]) -> bool:
    field = (graphql_field.extensions or {}).get(_BACKREF)
    if not isinstance(field, StrawberryField):
        return False
    direct = _direct(field, info_class)
    if direct is None:
        return False
    graphql_field.resolve = direct
    return True
