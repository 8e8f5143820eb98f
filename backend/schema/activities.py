"""Project activities (PPP-T-NNN): the "Project Activities" list, and the mutations that add,
approve and reject them. The Activity type is in schema/project_types."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.models import activity as models
from backend.policy import Action
from backend.schema.enums import ActivityStatus, ActivityType
from backend.schema.fields import field, mutation
from backend.schema.ids import parse_id
from backend.schema.pagination import After, Connection, First, make_connection, page_bounds
from backend.schema.permissions import SignedIn, may, signed_in
from backend.schema.project_types import Activity
from backend.schema.scalars import SafeInt
from backend.services import activities as service
from backend.services.recorded import Recorded


@strawberry.input(description="A new activity of an APPROVED or AUTHORISED project.")
class AddActivityInput:
    project_id: strawberry.ID = strawberry.field(description="Your project.")
    type: ActivityType = strawberry.field(description="M, A, E or C.")
    title: str = strawberry.field(description="Title.")
    methodology: str = strawberry.field(description="Methodology.")
    estimated_credits: SafeInt = strawberry.field(description="Estimated credits (tCO2e).")
    mitigation_type: str | None = strawberry.field(default=None, description="Mitigation type.")
    co_benefits: list[int] = strawberry.field(default_factory=list, description="SDG numbers 1-17.")


@strawberry.type(description="The result of an activity mutation.")
class ActivityPayload:
    activity: Activity = strawberry.field(description="The activity as it is now.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


@strawberry.input(description="A PENDING activity to refuse.")
class RejectActivityInput:
    id: strawberry.ID = strawberry.field(description="The PENDING activity's ID.")
    reason: str = strawberry.field(description="Why (shown to the project's owners).")


ActivityId = Annotated[strawberry.ID, strawberry.argument(description="The activity's ID.")]


def _payload(recorded: Recorded[models.Activity]) -> ActivityPayload:
    return ActivityPayload(activity=Activity(row=recorded.value), ledger_seq=recorded.ledger_seq)


@strawberry.type
class ActivityQuery:
    @field(
        description="Activities, newest first; search by project title.",
        permission_classes=[SignedIn],
    )
    async def activities(
        self,
        info: Info[Context, Any],
        status: Annotated[
            ActivityStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(description="Only activities whose project title contains this."),
        ] = None,
        project_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this project's.")
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> Connection[Activity]:
        offset, limit = page_bounds(first, after)
        rows, total = await service.list_activities(
            principal=signed_in(info),
            status=status,
            search=search,
            project_id=parse_id(project_id, "project") if project_id else None,
            offset=offset,
            limit=limit,
        )
        return make_connection([Activity(row=r) for r in rows], offset=offset, total=total)

    @field(description="One activity by ID.", permission_classes=[SignedIn])
    async def activity(self, id: ActivityId) -> Activity:
        return Activity(row=await service.get_activity(parse_id(id, "activity")))


@strawberry.type
class ActivityMutation:
    @mutation(
        description="Add an activity (PENDING) to your APPROVED or AUTHORISED project.",
        extensions=may(Action.ACTIVITY_ADD),
    )
    async def add_activity(
        self,
        info: Info[Context, Any],
        input: Annotated[AddActivityInput, strawberry.argument(description="What to do.")],
    ) -> ActivityPayload:
        return _payload(
            await service.add_activity(
                principal=signed_in(info),
                project_id=parse_id(input.project_id, "project"),
                type=input.type,
                title=input.title,
                methodology=input.methodology,
                estimated_credits=input.estimated_credits,
                mitigation_type=input.mitigation_type,
                co_benefits=tuple(input.co_benefits),
            )
        )

    @mutation(
        description="Approve an activity and its verified monitoring reports.",
        extensions=may(Action.ACTIVITY_APPROVE),
    )
    async def approve_activity(self, info: Info[Context, Any], id: ActivityId) -> ActivityPayload:
        return _payload(
            await service.approve_activity(
                principal=signed_in(info), activity_id=parse_id(id, "activity")
            )
        )

    @mutation(
        description="Reject a PENDING activity, with a reason.",
        extensions=may(Action.ACTIVITY_REJECT),
    )
    async def reject_activity(
        self,
        info: Info[Context, Any],
        input: Annotated[RejectActivityInput, strawberry.argument(description="What to do.")],
    ) -> ActivityPayload:
        return _payload(
            await service.reject_activity(
                principal=signed_in(info),
                activity_id=parse_id(input.id, "activity"),
                reason=input.reason,
            )
        )
