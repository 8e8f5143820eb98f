"""IDs: the API shows integer keys as ID strings; a malformed one is simply not found."""

from backend.errors import NotFound
from backend.integers import MAX_INT, bounded_int


def parse_id(value: str, kind: str) -> int:
    """The integer key of an ID (ASCII digits, within the key column); raises NotFound."""
    shown = value if len(value) <= 40 else value[:40] + "…"
    return bounded_int(
        value,
        "id",
        maximum=MAX_INT,
        error=NotFound,
        message=f"{kind} {shown!r} does not exist.",
        field=None,
    )
