"""Approving or rejecting a PENDING user (a person nobody invited who signed in with an
identity provider): their organisation's ADMIN, or government."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.policy import Action
from backend.schema.enums import Role
from backend.schema.fields import mutation
from backend.schema.ids import parse_id
from backend.schema.permissions import may
from backend.schema.users import UserPayload, _payload
from backend.services import user_approval


@strawberry.input(description="A PENDING user to approve, and the role they get.")
class ApproveUserInput:
    id: strawberry.ID = strawberry.field(description="The PENDING user.")
    role: Role = strawberry.field(
        default=Role.VIEWER, description="ADMIN, MANAGER or VIEWER (never ROOT)."
    )


@strawberry.input(description="A PENDING user to reject, and why.")
class RejectUserInput:
    id: strawberry.ID = strawberry.field(description="The PENDING user.")
    reason: str = strawberry.field(description="Why (sent to the person).")


@strawberry.type
class UserApprovalMutation:
    @mutation(
        description="Approve a PENDING user with a role: they may sign in.",
        extensions=may(Action.USER_APPROVE),
    )
    async def approve_user(
        self,
        info: Info[Context, Any],
        input: Annotated[ApproveUserInput, strawberry.argument(description="What to do.")],
    ) -> UserPayload:
        assert info.context.principal is not None
        return _payload(
            await user_approval.approve_user(
                principal=info.context.principal,
                user_id=parse_id(input.id, "user"),
                role=input.role,
            )
        )

    @mutation(
        description="Reject a PENDING user: they stay unable to sign in.",
        extensions=may(Action.USER_APPROVE),
    )
    async def reject_user(
        self,
        info: Info[Context, Any],
        input: Annotated[RejectUserInput, strawberry.argument(description="What to do.")],
    ) -> UserPayload:
        assert info.context.principal is not None
        return _payload(
            await user_approval.reject_user(
                principal=info.context.principal,
                user_id=parse_id(input.id, "user"),
                reason=input.reason,
            )
        )
