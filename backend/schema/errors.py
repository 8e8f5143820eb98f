"""How errors leave the API: RegistryErrors keep their message and code; GraphQL syntax and
validation errors and values a model field refuses (a text longer than its column) get
BAD_USER_INPUT; a database outage is SERVICE_UNAVAILABLE (one log line, the
view answers 503); anything else is logged here and masked.

Only Strawberry's public extension API is used (MaskErrors' constructor and anonymise_error,
SchemaExtension.on_operation), so no private method is overridden."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension

from backend.db import refused_value
from backend.errors import RegistryError
from backend.outage import MESSAGE, is_outage

log = logging.getLogger("backend.errors")


def is_unexpected(error: GraphQLError) -> bool:
    """An error raised while resolving (it has a path) that is not one of ours. Errors without
    a path come from parsing, validation or coercing the variables: the caller's input."""
    return (
        error.path is not None
        and error.original_error is not None
        and not isinstance(error.original_error, RegistryError)
        and refused_value(error.original_error) is None
    )


class RegistryErrors(MaskErrors):
    """Log and mask unexpected errors as INTERNAL_SERVER_ERROR."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message="Unexpected error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if is_outage(error.original_error):
            log.warning("database unavailable at %s: %r", error.path, error.original_error)
            masked = super().anonymise_error(error)
            masked.message = MESSAGE
            masked.extensions = {"code": "SERVICE_UNAVAILABLE"}
            return masked
        log.error("unexpected error at %s", error.path, exc_info=error.original_error)
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked


class DefaultErrorCode(SchemaExtension):
    """Give every error still without a code BAD_USER_INPUT: what is left is the caller's
    input (syntax, validation, variables). The order against RegistryErrors does not matter:
    a masked error is a new error whose code RegistryErrors sets."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in (getattr(result, "errors", None) or []) if result is not None else []:
            refused = refused_value(error.original_error) if error.original_error else None
            if refused is not None:  # a value a model field refused (e.g. too long)
                error.message, error.extensions = refused.message, refused.extensions
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": "BAD_USER_INPUT"}
