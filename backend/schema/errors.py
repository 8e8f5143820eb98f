"""How errors leave the API: RegistryErrors keep their message and code; GraphQL syntax and
validation errors get BAD_USER_INPUT; a database outage is SERVICE_UNAVAILABLE (one log line, the
view answers 503); anything else is logged here and masked."""

from __future__ import annotations

import logging

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

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
    )


class RegistryErrors(MaskErrors):
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

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = super()._process_errors(errors)
        for error in processed:
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": "BAD_USER_INPUT"}
        return processed
