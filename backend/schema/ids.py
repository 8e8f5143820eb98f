"""IDs: the API shows integer keys as ID strings; a malformed one is simply not found."""

from backend.errors import NotFound


def parse_id(value: str, kind: str) -> int:
    """The integer key of an ID; raises NotFound for anything that is not one."""
    if not value.isdigit() or len(value) > 12:
        raise NotFound(f"{kind} {value!r} does not exist.")
    return int(value)
