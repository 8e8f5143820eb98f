"""Sign-in, sessions, password change and reset, and the installation's ROOT account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from backend.db import transaction
from backend.errors import BadUserInput, Conflict, Unauthenticated
from backend.ledger import entries
from backend.models.enums import OrganisationStatus, OrganisationType, Role, UserStatus
from backend.models.organisation import Organisation
from backend.models.user import PasswordResetToken, Session, User
from backend.policy import Principal
from backend.services import ledger, runtime, sessions, throttling, users, validation
from backend.services.organisations import ledger_view as organisation_view
from backend.services.passwords import (
    hash_password_async,
    needs_rehash,
    verify_password_async,
)
from backend.services.recorded import Recorded


@dataclass(frozen=True)
class SignIn:
    token: str
    expires_at: datetime
    user: User
    principal: Principal


async def login(*, email: str, password: str) -> SignIn:
    """Check the password and open a session. Raises Unauthenticated with the same message for
    a wrong e-mail or password, and TooManyRequests (before hashing anything) when this account
    or this address has failed too often lately: throttled, never locked (services/throttling)."""
    account, address = email.strip().lower()[:320], throttling.current_address()
    limits = throttling.sign_in_limits
    limits.check(account, address)
    user = await User.get_or_none(email=account).select_related("organisation")
    matches = await verify_password_async(user.password_hash if user else None, password)
    if not matches or user is None:
        limits.failed(account, address)
        raise Unauthenticated("Wrong e-mail or password.")
    limits.succeeded(account, address)
    sessions.check_may_act(user, user.organisation)
    rehashed = None
    if user.password_hash and needs_rehash(user.password_hash):
        rehashed = await hash_password_async(password)
    async with transaction() as connection:
        if rehashed is not None:
            user.password_hash = rehashed
            await user.save(using_db=connection, update_fields=["password_hash"])
        token, expires_at = await sessions.open_session(connection, user)
    return SignIn(token, expires_at, user, sessions.principal_of(user, user.organisation))


async def logout(token: str) -> None:
    """End the session of this token."""
    await sessions.close_session(token)


async def change_password(*, principal: Principal, current: str, new: str) -> Recorded[User]:
    """Change the signed-in user's password; other sessions end."""
    validation.password(new, "newPassword")
    user = await users.get_user(principal.person_id)
    if not await verify_password_async(user.password_hash, current):
        raise BadUserInput("The current password is wrong.", field="currentPassword")
    return await _set_password(user, new, actor=principal.actor)


async def _set_password(user: User, password: str, *, actor: str) -> Recorded[User]:
    password_hash = await hash_password_async(password)
    async with transaction() as connection:
        user.password_hash = password_hash
        await user.save(
            using_db=connection,
            update_fields=["password_hash", "updated_at"],
        )
        await Session.filter(user_id=user.id).using_db(connection).delete()
        seq = await ledger.append(
            connection, ledger.new_entry(entries.UserPasswordChanged(user_id=user.id), actor)
        )
    return Recorded(user, seq)


async def request_password_reset(*, email: str) -> None:
    """E-mail a single-use reset link if the address belongs to an active user. Says nothing
    either way, so the answer does not reveal who has an account."""
    user = await User.get_or_none(email=email.strip().lower(), status=UserStatus.ACTIVE)
    if user is None:
        return
    async with transaction() as connection:
        token = await users.issue_reset_token(connection, user, hours=users.RESET_TOKEN_HOURS)
    await users.send_reset(user, token)


async def reset_password(*, token: str, password: str) -> Recorded[User]:
    """Set a password with a single-use token. Raises BadUserInput for an unknown, used or
    expired token, or a weak password."""
    validation.password(password)
    async with transaction() as connection:
        row = (
            await PasswordResetToken.filter(token_hash=sessions.digest(token))
            .using_db(connection)
            .select_for_update()
            .first()
        )
        if row is None or row.used_at is not None or row.expires_at <= datetime.now(UTC):
            raise BadUserInput("This link is invalid, used or expired; ask for a new one.")
        row.used_at = datetime.now(UTC)
        await row.save(using_db=connection, update_fields=["used_at"])
    user = await users.get_user(row.user_id)
    if user.status is not UserStatus.ACTIVE:
        raise BadUserInput("This account is deactivated.")
    return await _set_password(user, password, actor=f"user:{user.id}")


async def create_root(
    *, email: str, password: str, organisation_name: str, tax_id: str, organisation_email: str
) -> Recorded[User]:
    """Create the installation's ROOT account and the first GOVERNMENT organisation (once)."""
    validation.password(password)
    async with transaction() as connection:
        if await User.filter(role=Role.ROOT).using_db(connection).exists():
            raise Conflict("this registry already has its ROOT account.")
        organisation = await Organisation.create(
            using_db=connection,
            name=validation.required_text(organisation_name, "organisation name", max_length=200),
            tax_id=validation.tax_id(tax_id),
            type=OrganisationType.GOVERNMENT,
            status=OrganisationStatus.ACTIVE,
            email=validation.email(organisation_email),
            country=runtime.current().country.iso2,
        )
        user = await users.insert_user(
            connection,
            organisation=organisation,
            email=email,
            name="Root",
            role=Role.ROOT,
            password=password,
            language=None,
        )
        await ledger.append(
            connection,
            ledger.new_entry(
                entries.OrganisationCreated(
                    **organisation_view(organisation), admin_user_id=user.id
                ),
                "system",
            ),
        )
        seq = await ledger.append(
            connection, ledger.new_entry(entries.UserCreated(**users.ledger_view(user)), "system")
        )
    return Recorded(user, seq)
