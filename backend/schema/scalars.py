"""Custom scalars, registered in the schema's StrawberryConfig.scalar_map.

GraphQL's Int is 32-bit; unit quantities (tCO2e) and estimates can exceed it. SafeInt carries
any whole number that JSON (an IEEE double) holds exactly, the ledger's own integer range."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
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


def _parse_decimal(value: object) -> Decimal:
    # Only strings: a JSON number has already been through a float and may have lost digits.
    if not isinstance(value, str):
        raise GraphQLError('Decimal values are strings, e.g. "1500.00", never JSON numbers.')
    try:
        parsed = Decimal(value)
    except InvalidOperation as exc:
        raise GraphQLError(f"{value!r} is not a decimal number.") from exc
    if not parsed.is_finite():
        raise GraphQLError("Decimal values must be finite.")
    return parsed


SCALARS: dict[object, ScalarDefinition] = {
    Decimal: strawberry.scalar(
        name="Decimal",
        description='An exact decimal number, written as a string (e.g. "1500.00").',
        serialize=str,
        parse_value=_parse_decimal,
    ),
    SafeInt: strawberry.scalar(
        name="SafeInt",
        description="A whole number of magnitude at most 2^53 - 1, exact in JSON "
        "(e.g. units of tCO2e).",
        serialize=int,
        parse_value=_parse_safe_int,
    ),
}
