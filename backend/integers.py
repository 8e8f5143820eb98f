"""The one parser for whole numbers that arrive as text: ids, ledger seqs, tree sizes, units.

ASCII digits only (`str.isdigit()` accepts "²" and "①", which `int()` then refuses or reads), and
never beyond what the database column holds, so a bad number is the caller's error and never a
database exception."""

from __future__ import annotations

import re

from backend.errors import BadUserInput, RegistryError

MAX_INT = 2**31 - 1  # an IntField (every primary key but the ledger's)
MAX_BIGINT = 2**63 - 1  # a BigIntField (ledger seqs, serial numbers, quantities)
_DIGITS = re.compile(r"[0-9]+")


def bounded_int(
    value: object,
    name: str,
    *,
    maximum: int = MAX_BIGINT,
    error: type[RegistryError] = BadUserInput,
    message: str | None = None,
    field: str | None = "",
) -> int:
    """value (text of ASCII digits) as an int in 0..maximum; raises `error` (BadUserInput)
    naming `field` (default: name; None names none)."""
    text = value if isinstance(value, str) else None
    if text is None or len(text) > len(str(maximum)) or not _DIGITS.fullmatch(text):
        raise _refusal(error, message, name, maximum, field)
    number = int(text)
    if number > maximum:
        raise _refusal(error, message, name, maximum, field)
    return number


def _refusal(
    error: type[RegistryError], message: str | None, name: str, maximum: int, field: str | None
) -> RegistryError:
    text = message or f"{name} must be a whole number from 0 to {maximum}."
    if field is None:
        return error(text)
    return error(text, field=field or name)
