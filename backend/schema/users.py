"""Users and sign-in: type, queries and mutations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from backend import policy
from backend.context import SESSION_COOKIE, Context
from backend.models import user as models
from backend.policy import Action
from backend.schema.enums import Role, UserStatus
from backend.schema.fields import field, mutation
from backend.schema.ids import parse_id
from backend.schema.list_arguments import checked
from backend.schema.organisations import Organisation
from backend.schema.pagination import After, Connection, First, make_connection, page_bounds
from backend.schema.permissions import SignedIn, may
from backend.schema.viewer_actions import UserAction
from backend.services import auth, runtime, users, viewer_actions
from backend.services.recorded import Recorded
from backend.services.users import UserChanges


@strawberry.type(description="A person who signs in for an organisation.")
class User:
    row: strawberry.Private[models.User]

    @field(description="What you may do with this user now (role, deactivation).")
    def viewer_may(self, info: Info[Context, Any]) -> list[UserAction]:
        return viewer_actions.user_actions(info.context.principal, self.row)

    @field(description="The user's ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="E-mail (sensitive: the user, their organisation, government).")
    def email(self, info: Info[Context, Any]) -> str | None:
        allowed = policy.can(
            info.context.principal,
            Action.READ_USER_EMAIL,
            organisation_id=self.row.organisation_id,
            user_id=self.row.id,
        )
        return self.row.email if allowed else None

    @field(description="Phone (sensitive).")
    def phone(self, info: Info[Context, Any]) -> str | None:
        allowed = policy.can(
            info.context.principal,
            Action.READ_USER_PHONE,
            organisation_id=self.row.organisation_id,
            user_id=self.row.id,
        )
        return self.row.phone if allowed else None

    @field(description="Full name.")
    def name(self) -> str:
        return self.row.name

    @field(description="Role in the organisation.")
    def role(self) -> Role:
        return self.row.role

    @field(description="PENDING (awaits approval), ACTIVE, REJECTED or DEACTIVATED.")
    def status(self) -> UserStatus:
        return self.row.status

    @field(description="Preferred language (e-mails and the web UI).")
    def language(self) -> str:
        return self.row.language

    @field(description="When the account was created (UTC).")
    def created_at(self) -> datetime:
        return self.row.created_at

    @field(description="The user's organisation.")
    async def organisation(self, info: Info[Context, Any]) -> Organisation:
        row = await info.context.loaders.organisation.load(self.row.organisation_id)
        assert row is not None
        return Organisation(row=row)


@strawberry.type(description="A new session.")
class LoginPayload:
    token: str = strawberry.field(description="Bearer token (also set as an httpOnly cookie).")
    expires_at: datetime = strawberry.field(description="When the session ends (UTC).")
    user: User = strawberry.field(description="Who signed in.")


@strawberry.type(description="The result of a user mutation.")
class UserPayload:
    user: User = strawberry.field(description="The user as it is now.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


@strawberry.type(description="The result of a password reset.")
class PasswordResetPayload:
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


@strawberry.input(description="A user to invite into an organisation.")
class CreateUserInput:
    organisation_id: strawberry.ID = strawberry.field(description="Their organisation.")
    email: str = strawberry.field(description="E-mail; the invitation goes there.")
    name: str = strawberry.field(description="Full name.")
    role: Role = strawberry.field(description="ADMIN, MANAGER or VIEWER.")
    phone: str | None = strawberry.field(default=None, description="Phone.")
    language: str | None = strawberry.field(default=None, description="Preferred language.")


@strawberry.input(description="Changes to a user; omitted fields stay as they are.")
class UpdateUserInput:
    id: strawberry.ID = strawberry.field(description="The user to change.")
    name: str | None = strawberry.field(default=None, description="Full name.")
    phone: str | None = strawberry.field(default=None, description="Phone.")
    language: str | None = strawberry.field(default=None, description="Preferred language.")
    role: Role | None = strawberry.field(default=None, description="New role (admins).")


@strawberry.input(description="An e-mail and password to sign in with.")
class LoginInput:
    email: str = strawberry.field(description="Your e-mail.")
    password: str = strawberry.field(description="Your password.")


@strawberry.input(description="Your current password and the new one.")
class ChangePasswordInput:
    current_password: str = strawberry.field(description="Your current password.")
    new_password: str = strawberry.field(description="The new password (12 characters or more).")


@strawberry.input(description="Where to send a password reset link.")
class RequestPasswordResetInput:
    email: str = strawberry.field(description="The account's e-mail.")


@strawberry.input(description="A reset link's token and the new password.")
class ResetPasswordInput:
    token: str = strawberry.field(description="The token from the reset link.")
    new_password: str = strawberry.field(description="The new password (12 characters or more).")


UserId = Annotated[strawberry.ID, strawberry.argument(description="The user's ID.")]


def _payload(recorded: Recorded[models.User]) -> UserPayload:
    return UserPayload(user=User(row=recorded.value), ledger_seq=recorded.ledger_seq)


@strawberry.type
class UserQuery:
    @field(description="The signed-in user, or null.")
    async def viewer(self, info: Info[Context, Any]) -> User | None:
        principal = info.context.principal
        return User(row=await users.get_user(principal.person_id)) if principal else None

    @field(
        description="Users: government sees all, others their organisation's.",
        permission_classes=[SignedIn],
        extensions=checked("users"),
    )
    async def users(
        self,
        info: Info[Context, Any],
        organisation_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only this organisation's users."),
        ] = None,
        first: First = 20,
        after: After = None,
        search: Annotated[
            str | None, strawberry.argument(description="Only names containing this text.")
        ] = None,
        status: Annotated[
            UserStatus | None,
            strawberry.argument(description="Only users in this status (PENDING: to approve)."),
        ] = None,
    ) -> Connection[User]:
        assert info.context.principal is not None
        offset, limit = page_bounds(first, after)
        rows, total = await users.list_users(
            principal=info.context.principal,
            organisation_id=parse_id(organisation_id, "organisation") if organisation_id else None,
            search=search,
            status=status,
            offset=offset,
            limit=limit,
        )
        return make_connection([User(row=r) for r in rows], offset=offset, total=total)


@strawberry.type
class UserMutation:
    @mutation(description="Sign in; returns a bearer token and sets a session cookie.")
    async def login(
        self,
        info: Info[Context, Any],
        input: Annotated[LoginInput, strawberry.argument(description="What to do.")],
    ) -> LoginPayload:
        signed_in = await auth.login(email=input.email, password=input.password)
        info.context.principal, info.context.token = signed_in.principal, signed_in.token
        info.context.response.set_cookie(
            SESSION_COOKIE,
            signed_in.token,
            expires=signed_in.expires_at,
            httponly=True,
            samesite="strict",
            secure=runtime.current().public_url.startswith("https://"),
        )
        return LoginPayload(
            token=signed_in.token, expires_at=signed_in.expires_at, user=User(row=signed_in.user)
        )

    @mutation(description="End this session.")
    async def logout(self, info: Info[Context, Any]) -> bool:
        if info.context.token:
            await auth.logout(info.context.token)
        info.context.response.delete_cookie(SESSION_COOKIE)
        return True

    @mutation(description="Invite a user into an organisation.", extensions=may(Action.USER_CREATE))
    async def create_user(
        self,
        info: Info[Context, Any],
        input: Annotated[CreateUserInput, strawberry.argument(description="What to do.")],
    ) -> UserPayload:
        assert info.context.principal is not None
        return _payload(
            await users.create_user(
                principal=info.context.principal,
                organisation_id=parse_id(input.organisation_id, "organisation"),
                email=input.email,
                name=input.name,
                role=input.role,
                phone=input.phone,
                language=input.language,
            )
        )

    @mutation(
        description="Change a user's profile or role.", extensions=may(Action.USER_UPDATE_PROFILE)
    )
    async def update_user(
        self,
        info: Info[Context, Any],
        input: Annotated[UpdateUserInput, strawberry.argument(description="What to do.")],
    ) -> UserPayload:
        assert info.context.principal is not None
        changes = UserChanges(
            name=input.name, phone=input.phone, language=input.language, role=input.role
        )
        return _payload(
            await users.update_user(
                principal=info.context.principal,
                user_id=parse_id(input.id, "user"),
                changes=changes,
            )
        )

    @mutation(
        description="Deactivate a user and end their sessions.",
        extensions=may(Action.USER_DEACTIVATE),
    )
    async def deactivate_user(self, info: Info[Context, Any], id: UserId) -> UserPayload:
        assert info.context.principal is not None
        return _payload(
            await users.deactivate_user(
                principal=info.context.principal, user_id=parse_id(id, "user")
            )
        )

    @mutation(
        description="Change your own password; other sessions end.", permission_classes=[SignedIn]
    )
    async def change_password(
        self,
        info: Info[Context, Any],
        input: Annotated[ChangePasswordInput, strawberry.argument(description="What to do.")],
    ) -> UserPayload:
        assert info.context.principal is not None
        return _payload(
            await auth.change_password(
                principal=info.context.principal,
                current=input.current_password,
                new=input.new_password,
            )
        )

    @mutation(description="E-mail a single-use reset link; answers true either way.")
    async def request_password_reset(
        self,
        input: Annotated[RequestPasswordResetInput, strawberry.argument(description="What to do.")],
    ) -> bool:
        await auth.request_password_reset(email=input.email)
        return True

    @mutation(description="Set a new password with a reset link's token.")
    async def reset_password(
        self, input: Annotated[ResetPasswordInput, strawberry.argument(description="What to do.")]
    ) -> PasswordResetPayload:
        recorded = await auth.reset_password(token=input.token, password=input.new_password)
        return PasswordResetPayload(ledger_seq=recorded.ledger_seq)
