"""The per-field checks, installed once on the fields that need them instead of as schema
extensions with a `resolve` hook (which graphql-core runs around every field of every row):

- an API client's scopes (backend.schema.client_scopes): only on the fields that return an
  object (or are named in FIELD_ACTIONS) and on the mutations; scalar fields are decided by
  their parent's check, as before;
- argument strings (backend.schema.input_checks): only on the fields that take arguments.

The order is the one the extensions had: the client's scopes first, then the arguments, then the
resolver. Refusals raise the same errors at the same fields, so answers are unchanged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import (
    GraphQLField,
    GraphQLObjectType,
    GraphQLResolveInfo,
    default_field_resolver,
    get_named_type,
)

from backend.schema.client_scopes import client_guard
from backend.schema.input_checks import check_arguments


def _guarded(
    resolve: Callable[..., Any],
    scopes: Callable[[Any], None] | None,
    type_name: str,
    field_name: str,
    checks_arguments: bool,
) -> Callable[..., Any]:
    def guarded(root: Any, info: GraphQLResolveInfo[Any], **kwargs: Any) -> Any:
        if scopes is not None:
            scopes(getattr(info.context, "principal", None))
        if checks_arguments and kwargs:
            check_arguments(type_name, field_name, kwargs)
        return resolve(root, info, **kwargs)

    return guarded


def _install_on(type_name: str, name: str, field: GraphQLField) -> bool:
    scopes = client_guard(type_name, name, get_named_type(field.type))
    checks_arguments = bool(field.args)
    if scopes is None and not checks_arguments:
        return False
    field.resolve = _guarded(
        field.resolve or default_field_resolver, scopes, type_name, name, checks_arguments
    )
    return True


def install_field_guards(schema: strawberry.Schema) -> int:
    """Wrap the resolvers of the fields that need a check; returns how many were wrapped."""
    wrapped = 0
    for type_name, named in schema._schema.type_map.items():
        if not isinstance(named, GraphQLObjectType) or type_name.startswith("__"):
            continue
        for name, field in named.fields.items():
            wrapped += _install_on(type_name, name, field)
    return wrapped
