"""The registry's errors; each carries a stable code that the API returns in extensions.code."""

from __future__ import annotations

from typing import Any, ClassVar


class RegistryError(Exception):
    """A refusal the caller can act on. Its message is safe to show to the user."""

    code: ClassVar[str] = "BAD_USER_INPUT"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    @property
    def extensions(self) -> dict[str, Any]:
        # graphql-core copies an original error's `extensions` onto the GraphQL error.
        return {"code": self.code, **self.details}


class BadUserInput(RegistryError):
    code = "BAD_USER_INPUT"


class NotFound(RegistryError):
    code = "NOT_FOUND"


class Conflict(RegistryError):
    """The request is valid but the current state does not allow it."""

    code = "CONFLICT"


class Forbidden(RegistryError):
    code = "FORBIDDEN"


class Unauthenticated(RegistryError):
    code = "UNAUTHENTICATED"
