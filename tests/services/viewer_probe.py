"""Ask a service whether it would accept a call, and undo it: the call runs inside an outer
transaction (its own becomes a savepoint) that is always rolled back. The viewer-actions tests
compare the `viewerMay` lists with these answers, so the mutations stay the one source of truth."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from backend import policy
from backend.db import transaction
from backend.errors import Conflict, Forbidden, NotFound, Unauthenticated
from backend.models.enums import OrganisationType, Role
from tests.factories import Member, ledger_size, make_member, make_organisation

Call = Callable[[], Awaitable[Any]]


class _Undo(Exception):
    """Raised to roll the probe's transaction back."""

    def __init__(self, accepted: bool) -> None:
        self.accepted = accepted


async def accepted(call: Call, *, also_refused: tuple[type[Exception], ...] = ()) -> bool:
    """True if the service accepts call (it is undone either way); a refusal is FORBIDDEN,
    CONFLICT, NOT_FOUND or UNAUTHENTICATED (or also_refused). Any other error fails the test."""
    size = await ledger_size()
    try:
        async with transaction():
            try:
                await call()
            except (Forbidden, Conflict, NotFound, Unauthenticated, *also_refused):
                raise _Undo(False) from None
            raise _Undo(True)
    except _Undo as undo:
        assert await ledger_size() == size  # rolled back
        return undo.accepted
    raise AssertionError("unreachable")


async def cast() -> dict[str, Member]:
    """One member of every (organisation type, role), each in an organisation of its own, plus
    ROOT; the ministry's scope is 1 (the scope of the projects the tests make)."""
    members = {}
    for kind, role in sorted(policy.ALL_PAIRS):
        members[f"{kind.value}/{role.value}"] = await make_member(kind, role)
    return members


async def colleague(member: Member, role: Role) -> Member:
    """Another user of member's organisation."""
    return await make_member(member.organisation.type, role, organisation=member.organisation)


async def certifier_organisation() -> Any:
    return await make_organisation(OrganisationType.CERTIFIER)
