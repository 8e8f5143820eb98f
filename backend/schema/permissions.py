"""Coarse field checks (signed in; organisation type and role) that ask the policy module."""

from __future__ import annotations

from typing import Any

from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types import Info

from backend import policy
from backend.context import Context
from backend.errors import Forbidden, Unauthenticated
from backend.policy import Action, Principal


class SignedIn(BasePermission):
    message = "Sign in to do this."

    def has_permission(self, source: Any, info: Info[Context, Any], **kwargs: Any) -> bool:
        if info.context.principal is None:
            raise Unauthenticated(self.message)
        return True


class MayAttempt(BasePermission):
    """Refuse early when the caller's organisation type and role can never do `action`."""

    def __init__(self, action: Action) -> None:
        self.action = action

    def has_permission(self, source: Any, info: Info[Context, Any], **kwargs: Any) -> bool:
        principal = info.context.principal
        if policy.may_attempt(principal, self.action):
            return True
        if principal is None:
            raise Unauthenticated("Sign in to do this.")
        raise Forbidden(
            f"Your role may not do this ({self.action.value}).", action=self.action.value
        )


def may(action: Action) -> list[FieldExtension]:
    """A mutation's field extensions: refuse early who can never do `action`."""
    return [PermissionExtension(permissions=[MayAttempt(action)], use_directives=False)]


def signed_in(info: Info[Context, Any]) -> Principal:
    """The caller, in a resolver behind MayAttempt or SignedIn (which refused anonymous ones)."""
    assert info.context.principal is not None
    return info.context.principal
