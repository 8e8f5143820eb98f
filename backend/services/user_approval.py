"""People nobody invited: their first sign-in with an identity provider makes a PENDING user
(no working role, no session) in the organisation the provider names, and its ADMINs (or
government's) get a task and an e-mail to approve or reject them. A role comes from the
provider only through the provider's configured claim-to-role mapping, and never ROOT."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import policy
from backend.db import locked, transaction
from backend.errors import BadUserInput, Conflict
from backend.ledger import entries
from backend.models.enums import Role, UserStatus
from backend.models.organisation import Organisation
from backend.models.user import User
from backend.policy import Action, Principal
from backend.services import ledger, notifications, validation
from backend.services.notifications import Mail
from backend.services.recorded import Recorded
from backend.services.users import get_user, language_or_default, ledger_view

# While PENDING a user must still have a role in the table (the column is not nullable); it is
# the least one and is never used: a PENDING user opens no session (sessions.check_may_act).
PLACEHOLDER_ROLE = Role.VIEWER
APPROVABLE_ROLES = (Role.ADMIN, Role.MANAGER, Role.VIEWER)


def task_about(user_id: int) -> str:
    """What the approvers' task of deciding a PENDING user is about."""
    return f"user:{user_id}"


@dataclass(frozen=True)
class Registered:
    user: User
    mails: list[Mail]


async def register_from_provider(
    connection: BaseDBAsyncClient,
    *,
    organisation: Organisation,
    email: str,
    name: str,
    issuer: str,
    provider_label: str,
    mapped_role: Role | None,
) -> Registered:
    """Insert the user of a first sign-in inside the caller's transaction: ACTIVE with
    mapped_role when the provider's mapping gave one, else PENDING with a task and e-mail to
    the approvers (sent by the caller after commit). Raises Conflict if the e-mail is taken."""
    assert mapped_role is not Role.ROOT, "the role mapping never gives ROOT"
    address = validation.email(email)
    if await User.filter(email=address).using_db(connection).exists():
        raise Conflict("an account already has this e-mail.")
    status = UserStatus.PENDING if mapped_role is None else UserStatus.ACTIVE
    user = await User.create(
        using_db=connection,
        organisation=organisation,
        email=address,
        name=validation.required_text(name or address, "name", max_length=200),
        role=mapped_role or PLACEHOLDER_ROLE,
        status=status,
        language=language_or_default(None),
        password_hash=None,
    )
    await ledger.append(
        connection,
        ledger.new_entry(
            entries.UserRegistered(**ledger_view(user), issuer=issuer),
            actor=f"user:{user.id}",
            subject=f"user:{user.id}",
        ),
    )
    if status is UserStatus.ACTIVE:
        return Registered(user, [])
    approvers = await notifications.recipients([organisation.id], roles=(Role.ADMIN,))
    approvers += await notifications.government_users(roles=(Role.ADMIN,))
    mails = await notifications.record(
        connection,
        event="user.registered",
        about=task_about(user.id),
        users=list({a.id: a for a in approvers}.values()),
        params={"name": user.name, "provider": provider_label},
        is_task=True,
    )
    return Registered(user, mails)


async def _decide(
    principal: Principal, user_id: int, to: UserStatus, role: Role | None, reason: str | None
) -> Recorded[User]:
    target = await get_user(user_id)
    policy.require(principal, Action.USER_APPROVE, organisation_id=target.organisation_id)
    if role is not None and role not in APPROVABLE_ROLES:
        raise BadUserInput("a user is approved as ADMIN, MANAGER or VIEWER.", field="role")
    async with transaction() as connection:
        user = await locked(connection, User, user_id)
        if user.status is not UserStatus.PENDING:
            raise Conflict(f"this user is {user.status.value}, not PENDING.")
        user.status = to
        if role is not None:
            user.role = role
        await user.save(using_db=connection, update_fields=["status", "role", "updated_at"])
        record: entries.Entry = (
            entries.UserApproved(**ledger_view(user))
            if reason is None
            else entries.UserRejected(**ledger_view(user), reason=reason)
        )
        seq = await ledger.append(
            connection, ledger.new_entry(record, principal.actor, subject=f"user:{user.id}")
        )
        await notifications.close_tasks(connection, about=task_about(user.id))
        mails = await notifications.record(
            connection,
            event="user.approved" if reason is None else "user.rejected",
            about=task_about(user.id),
            users=[user],
            params={} if reason is None else {"reason": reason},
            is_task=False,
        )
    await notifications.deliver(mails)
    return Recorded(user, seq)


async def approve_user(*, principal: Principal, user_id: int, role: Role) -> Recorded[User]:
    """Approve a PENDING user with a role (not ROOT): they may sign in. Raises Forbidden,
    NotFound, BadUserInput, Conflict (not PENDING)."""
    return await _decide(principal, user_id, UserStatus.ACTIVE, role, None)


async def reject_user(*, principal: Principal, user_id: int, reason: str) -> Recorded[User]:
    """Reject a PENDING user with a reason: they stay unable to sign in. Raises Forbidden,
    NotFound, BadUserInput, Conflict (not PENDING)."""
    checked = validation.required_text(reason, "reason", max_length=1000)
    return await _decide(principal, user_id, UserStatus.REJECTED, None, checked)
