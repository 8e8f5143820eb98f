"""Custom scalars, registered in the schema's StrawberryConfig.scalar_map.

GraphQL's Int is 32-bit; unit quantities (tCO2e) and estimates can exceed it. SafeInt carries
any whole number that JSON (an IEEE double) holds exactly, the ledger's own integer range."""

from __future__ import annotations

from typing import NewType

import strawberry
from graphql import GraphQLError
from strawberry.types.scalar import ScalarDefinition

from backend.ledger.canonical import MAX_SAFE_INTEGER

SafeInt = NewType("SafeInt", int)


def _parse_safe_int(value: object) -> SafeInt:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_SAFE_INTEGER:
        # A GraphQLError (not a ValueError) so the API answers BAD_USER_INPUT, not a masked 500.
        raise GraphQLError(f"SafeInt is a whole number of magnitude at most {MAX_SAFE_INTEGER}.")
    return SafeInt(value)


SCALARS: dict[object, ScalarDefinition] = {
    SafeInt: strawberry.scalar(
        name="SafeInt",
        description="A whole number of magnitude at most 2^53 - 1, exact in JSON "
        "(e.g. units of tCO2e).",
        serialize=int,
        parse_value=_parse_safe_int,
    ),
}
