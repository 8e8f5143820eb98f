"""The session lookup every signed-in request makes: the principal of a live session, None for
an unknown, expired or blocked one (PostgreSQL and SQLite)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backend.models.enums import OrganisationStatus, OrganisationType, Role, UserStatus
from backend.models.organisation import Organisation
from backend.models.user import Session, User
from backend.services import sessions
from tests.factories import make_member, make_organisation


async def test_a_live_session_gives_its_users_principal(database: str) -> None:
    ministry = await make_organisation(OrganisationType.MINISTRY, scopes=(3, 7))
    member = await make_member(role=Role.MANAGER, organisation=ministry)
    found = await sessions.session_principal(member.token)
    assert found == member.principal
    assert found is not None and found.sectoral_scopes == frozenset({3, 7})
    assert found.role is Role.MANAGER and found.organisation_type is OrganisationType.MINISTRY


async def test_unknown_and_expired_sessions_give_nobody(database: str) -> None:
    member = await make_member()
    assert await sessions.session_principal("not-a-token") is None
    await Session.filter(user_id=member.user.id).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    assert await sessions.session_principal(member.token) is None


async def test_a_blocked_user_or_organisation_gives_nobody(database: str) -> None:
    member = await make_member()
    await User.filter(id=member.user.id).update(status=UserStatus.DEACTIVATED)
    assert await sessions.session_principal(member.token) is None
    other = await make_member()
    await Organisation.filter(id=other.organisation.id).update(
        status=OrganisationStatus.SUSPENDED
    )
    assert await sessions.session_principal(other.token) is None
