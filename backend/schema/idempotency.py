"""The idempotencyKey input field of the mutations that issue, move or retire units."""

from __future__ import annotations

DESCRIPTION = (
    "A key you choose (1-200 visible ASCII characters) that makes a retry safe: repeating the "
    "call with the same key returns the first call's result and records nothing new; the same "
    "key with different arguments is refused with CONFLICT. Keys are kept per user."
)
