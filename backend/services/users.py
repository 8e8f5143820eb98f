"""Users of an organisation: invitation, profile and role changes, deactivation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import i18n, policy
from backend.db import locked, transaction
from backend.errors import BadUserInput, Conflict, NotFound
from backend.ledger import entries
from backend.models.enums import OrganisationStatus, Role, UserStatus
from backend.models.organisation import Organisation
from backend.models.user import PasswordResetToken, Session, User
from backend.policy import Action, Principal
from backend.services import ledger, notifications, runtime, validation
from backend.services.passwords import hash_password_async, new_token, token_digest
from backend.services.recorded import Recorded

RESET_TOKEN_HOURS = 24
INVITATION_HOURS = 72


def ledger_view(user: User) -> entries.UserFacts:
    """What the public ledger says of a user: no e-mail, name or phone."""
    return {
        "user_id": user.id,
        "organisation_id": user.organisation_id,
        "role": user.role.value,
        "status": user.status.value,
    }


def language_or_default(value: str | None) -> str:
    """A language of the country (its default for None). Raises BadUserInput."""
    country = runtime.current().country
    if value is None:
        return country.default_language
    if value not in country.languages:
        raise BadUserInput(f"language must be one of {', '.join(country.languages)}.")
    return value


async def insert_user(
    connection: BaseDBAsyncClient,
    *,
    organisation: Organisation,
    email: str,
    name: str,
    role: Role,
    password: str | None,
    language: str | None,
    phone: str | None = None,
) -> User:
    """Insert a user inside the caller's transaction. Raises BadUserInput, Conflict."""
    address = validation.email(email)
    fields = {
        "name": validation.required_text(name, "name", max_length=200),
        "phone": validation.phone(phone),
        "language": language_or_default(language),
        # argon2 in the bounded hashing pool, never on the event loop
        "password_hash": (
            await hash_password_async(validation.password(password)) if password else None
        ),
    }
    if await User.filter(email=address).using_db(connection).exists():
        raise Conflict("a user with this e-mail already exists.", field="email")
    return await User.create(
        using_db=connection, organisation=organisation, email=address, role=role, **fields
    )


async def issue_reset_token(
    connection: BaseDBAsyncClient, user: User, hours: int = INVITATION_HOURS
) -> str:
    """Create a single-use password token for user; returns the token (only its HMAC is kept)."""
    token = new_token()
    await PasswordResetToken.create(
        using_db=connection,
        user=user,
        token_hash=token_digest(runtime.current().secret_key, token),
        expires_at=datetime.now(UTC) + timedelta(hours=hours),
    )
    return token


async def _send_account_mail(user: User, kind: str, **values: object) -> None:
    current = runtime.current()
    language = user.language
    text = i18n.text(language, f"mail.{kind}.body", country=current.country.name, **values)
    await current.mailer.send(
        to=user.email,
        subject=i18n.text(language, f"mail.{kind}.subject"),
        text=notifications.signed(language, text),
    )


async def send_invitation(user: User, token: str) -> None:
    """E-mail user, in their language, the link to choose their first password."""
    link = f"{runtime.current().public_url}/invitation/{token}"
    await _send_account_mail(user, "invitation", link=link, hours=INVITATION_HOURS)


async def send_reset(user: User, token: str) -> None:
    """E-mail user, in their language, the link to choose a new password."""
    link = f"{runtime.current().public_url}/reset-password/{token}"
    await _send_account_mail(user, "password_reset", link=link, hours=RESET_TOKEN_HOURS)


async def get_user(user_id: int) -> User:
    found = await User.get_or_none(id=user_id)
    if found is None:
        raise NotFound(f"user {user_id} does not exist.")
    return found


async def create_user(
    *,
    principal: Principal,
    organisation_id: int,
    email: str,
    name: str,
    role: Role,
    phone: str | None = None,
    language: str | None = None,
) -> Recorded[User]:
    """Invite a user (ADMIN, MANAGER or VIEWER) into an organisation; they set a password by
    the e-mailed link. Raises Forbidden, NotFound, BadUserInput, Conflict."""
    policy.require(principal, Action.USER_CREATE, organisation_id=organisation_id)
    if role is Role.ROOT:
        raise BadUserInput("there is only one ROOT account.", field="role")
    async with transaction() as connection:
        organisation = await Organisation.filter(id=organisation_id).using_db(connection).first()
        if organisation is None:
            raise NotFound(f"organisation {organisation_id} does not exist.")
        if organisation.status is OrganisationStatus.REJECTED:
            raise Conflict("a rejected organisation cannot get new users.")
        user = await insert_user(
            connection,
            organisation=organisation,
            email=email,
            name=name,
            role=role,
            password=None,
            language=language,
            phone=phone,
        )
        seq = await ledger.append(
            connection, ledger.new_entry(entries.UserCreated(**ledger_view(user)), principal.actor)
        )
        token = await issue_reset_token(connection, user)
    await send_invitation(user, token)
    return Recorded(user, seq)


@dataclass(frozen=True)
class UserChanges:
    name: str | None = None
    phone: str | None = None
    language: str | None = None
    role: Role | None = None


async def update_user(
    *, principal: Principal, user_id: int, changes: UserChanges
) -> Recorded[User]:
    """Change a user's profile (the user, their ADMIN, government) or role (not their own)."""
    target = await get_user(user_id)
    policy.require(
        principal,
        Action.USER_UPDATE_PROFILE,
        organisation_id=target.organisation_id,
        user_id=target.id,
    )
    if changes.role is not None:
        policy.require(principal, Action.USER_CHANGE_ROLE, organisation_id=target.organisation_id)
        if Role.ROOT in (changes.role, target.role):
            raise BadUserInput("the ROOT account's role cannot be given or changed.", field="role")
        if target.id == principal.user_id:
            raise Conflict("you cannot change your own role.")
    async with transaction() as connection:
        user = await locked(connection, User, user_id)
        fields: dict[str, object] = {}
        if changes.name is not None:
            fields["name"] = validation.required_text(changes.name, "name", max_length=200)
        if changes.phone is not None:
            fields["phone"] = validation.phone(changes.phone)
        if changes.language is not None:
            fields["language"] = language_or_default(changes.language)
        if changes.role is not None:
            fields["role"] = changes.role
        changed = sorted(k for k, v in fields.items() if getattr(user, k) != v)
        if not changed:
            raise BadUserInput("nothing to change.")
        for key in changed:
            setattr(user, key, fields[key])
        await user.save(using_db=connection, update_fields=[*changed, "updated_at"])
        seq = await ledger.append(
            connection,
            ledger.new_entry(
                entries.UserUpdated(**ledger_view(user), changed=changed), principal.actor
            ),
        )
    return Recorded(user, seq)


async def deactivate_user(*, principal: Principal, user_id: int) -> Recorded[User]:
    """Deactivate a user and end their sessions. Raises Forbidden, NotFound, Conflict."""
    target = await get_user(user_id)
    policy.require(principal, Action.USER_DEACTIVATE, organisation_id=target.organisation_id)
    if target.id == principal.user_id:
        raise Conflict("you cannot deactivate yourself.")
    if target.role is Role.ROOT:
        raise Conflict("the ROOT account cannot be deactivated.")
    async with transaction() as connection:
        user = await locked(connection, User, user_id)
        if user.status is UserStatus.DEACTIVATED:
            raise Conflict("this user is already deactivated.")
        if user.status is not UserStatus.ACTIVE:  # PENDING users are approved or rejected
            raise Conflict(f"this user is {user.status.value}, not ACTIVE.")
        user.status = UserStatus.DEACTIVATED
        await user.save(using_db=connection, update_fields=["status", "updated_at"])
        await Session.filter(user_id=user.id).using_db(connection).delete()
        seq = await ledger.append(
            connection,
            ledger.new_entry(entries.UserDeactivated(**ledger_view(user)), principal.actor),
        )
    return Recorded(user, seq)


async def list_users(
    *,
    principal: Principal,
    organisation_id: int | None,
    search: str | None = None,
    status: UserStatus | None = None,
    offset: int = 0,
    limit: int = 20,
) -> tuple[list[User], int]:
    """A page of users (only those in status, when given): government sees all, others only
    their own organisation's."""
    if organisation_id is None and not policy.can(principal, Action.USER_LIST):
        organisation_id = principal.organisation_id
    if organisation_id is not None:
        policy.require(principal, Action.USER_LIST, organisation_id=organisation_id)
    query = User.all()
    if organisation_id is not None:
        query = query.filter(organisation_id=organisation_id)
    if status is not None:
        query = query.filter(status=status)
    if search:
        query = query.filter(
            name__icontains=validation.required_text(search, "search", max_length=100)
        )
    total = await query.count()
    return list(await query.order_by("name", "id").offset(offset).limit(limit)), total
