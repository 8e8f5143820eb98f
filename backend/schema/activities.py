"""Project activities (PPP-T-NNN): type, the "Project Activities" list, and the mutations that
add, approve and reject them. Monitoring reports are in schema/monitoring."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.models import activity as models
from backend.models.enums import ActivityStatus, ActivityType
from backend.policy import Action
from backend.schema import project_loaders as loaders
from backend.schema.ids import parse_id
from backend.schema.pagination import Connection, make_connection, page_bounds
from backend.schema.permissions import SignedIn, may, signed_in
from backend.schema.projects import Project
from backend.schema.scalars import SafeInt
from backend.services import activities as service
from backend.services.recorded import Recorded

if TYPE_CHECKING:
    from backend.schema.monitoring import MonitoringReport

ActivityTypeEnum = strawberry.enum(
    ActivityType,
    name="ActivityType",
    description="The letter in an activity ID: M mitigation, A adaptation, E enablement, "
    "C cross-cutting.",
)
ActivityStatusEnum = strawberry.enum(
    ActivityStatus, name="ActivityStatus", description="PENDING until approved or rejected."
)


@strawberry.type(description="A project activity, e.g. 015-M-010 (project 15, 10th activity).")
class Activity:
    row: strawberry.Private[models.Activity]

    @strawberry.field(description="The activity's ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @strawberry.field(description="Activity ID PPP-T-NNN (the list's first column).")
    def code(self) -> str:
        return self.row.code

    @strawberry.field(description="Mitigation, adaptation, enablement or cross-cutting.")
    def type(self) -> ActivityTypeEnum:  # type: ignore[valid-type]
        return self.row.type

    @strawberry.field(description="Title.")
    def title(self) -> str:
        return self.row.title

    @strawberry.field(description="Methodology (e.g. a CDM methodology reference).")
    def methodology(self) -> str:
        return self.row.methodology

    @strawberry.field(description="Mitigation type (e.g. emission reductions, removals).")
    def mitigation_type(self) -> str | None:
        return self.row.mitigation_type

    @strawberry.field(description="Estimated credits (tCO2e).")
    def estimated_credits(self) -> SafeInt:
        return SafeInt(self.row.estimated_credits)

    @strawberry.field(description="Credits verified and approved so far (tCO2e).")
    def verified_credits(self) -> SafeInt:
        return SafeInt(self.row.verified_credits)

    @strawberry.field(description="Sustainable Development Goals it contributes to (1-17).")
    def co_benefits(self) -> list[int]:
        return list(self.row.co_benefits)

    @strawberry.field(description="PENDING, APPROVED or REJECTED.")
    def status(self) -> ActivityStatusEnum:  # type: ignore[valid-type]
        return self.row.status

    @strawberry.field(description="Why it was rejected, if it was.")
    def status_reason(self) -> str | None:
        return self.row.status_reason

    @strawberry.field(description="When it was added (UTC): the list's date.")
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field(description="Its project (name, sector and owners in the list).")
    async def project(self, info: Info[Context, Any]) -> Project:
        row = await info.context.loaders.get(loaders.load_projects).load(self.row.project_id)
        assert row is not None
        return Project(row=row)

    @strawberry.field(description="Its monitoring reports, by period.")
    async def monitoring_reports(
        self, info: Info[Context, Any]
    ) -> list[Annotated[MonitoringReport, strawberry.lazy("backend.schema.monitoring")]]:
        from backend.schema.monitoring import MonitoringReport

        rows = await info.context.loaders.get(loaders.load_reports_by_activity).load(self.row.id)
        return [MonitoringReport(row=r, project_id=self.row.project_id) for r in rows]


@strawberry.input(description="A new activity of an APPROVED or AUTHORISED project.")
class AddActivityInput:
    project_id: strawberry.ID = strawberry.field(description="Your project.")
    type: ActivityTypeEnum = strawberry.field(description="M, A, E or C.")  # type: ignore[valid-type]
    title: str = strawberry.field(description="Title.")
    methodology: str = strawberry.field(description="Methodology.")
    estimated_credits: SafeInt = strawberry.field(description="Estimated credits (tCO2e).")
    mitigation_type: str | None = strawberry.field(default=None, description="Mitigation type.")
    co_benefits: list[int] = strawberry.field(default_factory=list, description="SDG numbers 1-17.")


@strawberry.type(description="The result of an activity mutation.")
class ActivityPayload:
    activity: Activity = strawberry.field(description="The activity as it is now.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


def _payload(recorded: Recorded[models.Activity]) -> ActivityPayload:
    return ActivityPayload(activity=Activity(row=recorded.value), ledger_seq=recorded.ledger_seq)


@strawberry.type
class ActivityQuery:
    @strawberry.field(
        description="Activities, newest first; search by project title.",
        permission_classes=[SignedIn],
    )
    async def activities(
        self,
        info: Info[Context, Any],
        status: ActivityStatusEnum | None = None,  # type: ignore[valid-type]
        search: str | None = None,
        project_id: strawberry.ID | None = None,
        first: int | None = 20,
        after: str | None = None,
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

    @strawberry.field(description="One activity by ID.", permission_classes=[SignedIn])
    async def activity(self, id: strawberry.ID) -> Activity:
        return Activity(row=await service.get_activity(parse_id(id, "activity")))


@strawberry.type
class ActivityMutation:
    @strawberry.mutation(
        description="Add an activity (PENDING) to your APPROVED or AUTHORISED project.",
        extensions=may(Action.ACTIVITY_ADD),
    )
    async def add_activity(
        self, info: Info[Context, Any], input: AddActivityInput
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

    @strawberry.mutation(
        description="Approve an activity and its verified monitoring reports.",
        extensions=may(Action.ACTIVITY_APPROVE),
    )
    async def approve_activity(
        self, info: Info[Context, Any], id: strawberry.ID
    ) -> ActivityPayload:
        return _payload(
            await service.approve_activity(
                principal=signed_in(info), activity_id=parse_id(id, "activity")
            )
        )

    @strawberry.mutation(
        description="Reject a PENDING activity, with a reason.",
        extensions=may(Action.ACTIVITY_REJECT),
    )
    async def reject_activity(
        self, info: Info[Context, Any], id: strawberry.ID, reason: str
    ) -> ActivityPayload:
        return _payload(
            await service.reject_activity(
                principal=signed_in(info), activity_id=parse_id(id, "activity"), reason=reason
            )
        )
