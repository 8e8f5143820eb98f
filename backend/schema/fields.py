"""Typed forms of strawberry.field and strawberry.mutation for resolvers, with a description
required. Strawberry's decorator-with-arguments form is typed as returning Any, which
`mypy --strict` refuses on every resolver; these keep the resolver's own signature."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import strawberry
from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission

F = TypeVar("F", bound=Callable[..., Any])


def field(
    *,
    description: str,
    permission_classes: Sequence[type[BasePermission]] = (),
    extensions: Sequence[FieldExtension] = (),
) -> Callable[[F], F]:
    """A query or type field resolver."""
    return cast(
        Callable[[F], F],
        strawberry.field(
            description=description,
            permission_classes=list(permission_classes),
            extensions=list(extensions),
        ),
    )


def mutation(
    *,
    description: str,
    permission_classes: Sequence[type[BasePermission]] = (),
    extensions: Sequence[FieldExtension] = (),
) -> Callable[[F], F]:
    """A mutation resolver."""
    return cast(
        Callable[[F], F],
        strawberry.mutation(
            description=description,
            permission_classes=list(permission_classes),
            extensions=list(extensions),
        ),
    )
