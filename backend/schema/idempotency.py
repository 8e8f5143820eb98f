"""The idempotencyKey input field of the mutations that issue, move or retire units.

The field is in the schema now so that clients are generated once; the services do not take a
key yet, so a key is refused rather than silently ignored (a client that relied on an ignored
key would move units twice on a retry)."""

from __future__ import annotations

from backend.errors import BadUserInput

DESCRIPTION = (
    "Reserved for safe retries: a retry with the same key will return the first result and "
    "record nothing new. Not accepted yet: leave it out (a value is refused with BAD_USER_INPUT)."
)


def refuse_unsupported(key: str | None) -> None:
    """Raise BadUserInput for a key: the services cannot honour one yet."""
    if key is not None:
        raise BadUserInput(
            "idempotencyKey is not supported yet; leave it out.", field="idempotencyKey"
        )
