"""One rule for every list's sort and filter arguments: a field extension that asks the policy
(policy.require_list_arguments) before the list is resolved. A list may be sorted or filtered
by a field only by those who may read that field on every row."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any

from strawberry.extensions.field_extension import FieldExtension
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from backend import policy

PAGING = frozenset({"first", "after"})


def used_arguments(list_name: str, kwargs: dict[str, Any]) -> list[str]:
    """The policy's names of the sort and filter arguments given (an enum as NAME:VALUE when
    the policy declares its values one by one, as it does orderBy's)."""
    declared = policy.LIST_ARGUMENTS.get(list_name, {})
    used = []
    for name, value in kwargs.items():
        if name in PAGING or value is None:
            continue
        argument = to_camel_case(name)
        if isinstance(value, Enum) and f"{argument}:{value.name}" in declared:
            argument = f"{argument}:{value.name}"
        used.append(argument)
    return used


class CheckedListArguments(FieldExtension):
    """Refuse a list's sort or filter argument the caller may not use (FORBIDDEN)."""

    def __init__(self, list_name: str) -> None:
        super().__init__()
        self.list_name = list_name

    def _check(self, info: Info[Any, Any], kwargs: dict[str, Any]) -> None:
        policy.require_list_arguments(
            info.context.principal, self.list_name, used_arguments(self.list_name, kwargs)
        )

    def resolve(
        self, next_: Callable[..., Any], source: Any, info: Info[Any, Any], **kwargs: Any
    ) -> Any:
        self._check(info, kwargs)
        return next_(source, info, **kwargs)

    async def resolve_async(
        self,
        next_: Callable[..., Awaitable[Any]],
        source: Any,
        info: Info[Any, Any],
        **kwargs: Any,
    ) -> Any:
        self._check(info, kwargs)
        return await next_(source, info, **kwargs)


def checked(list_name: str) -> list[FieldExtension]:
    """The field extensions of the list named list_name (its GraphQL field name)."""
    return [CheckedListArguments(list_name)]
