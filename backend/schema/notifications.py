"""The signed-in user's notifications and pending tasks."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.models import notification as models
from backend.schema.fields import field
from backend.schema.list_arguments import checked
from backend.schema.pagination import After, Connection, First, make_connection, page_bounds
from backend.schema.permissions import SignedIn
from backend.services import notifications


@strawberry.type(description="Something the registry told you, in your language.")
class Notification:
    row: strawberry.Private[models.Notification]

    @field(description="Notification ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="The event, e.g. project.submitted.")
    def event(self) -> str:
        return self.row.event

    @field(description="What it is about, e.g. project:12.")
    def about(self) -> str:
        return self.row.about

    @field(description="The message, in your language.")
    def subject(self) -> str:
        return self.row.subject

    @field(description="True when you have something to do.")
    def is_task(self) -> bool:
        return self.row.is_task

    @field(description="When it was sent (UTC).")
    def created_at(self) -> datetime:
        return self.row.created_at

    @field(description="When the task was done (someone decided), if it was.")
    def done_at(self) -> datetime | None:
        return self.row.done_at


@strawberry.type
class NotificationQuery:
    @field(
        description="Your notifications, newest first; myTasksOnly for pending tasks.",
        permission_classes=[SignedIn],
        extensions=checked("notifications"),
    )
    async def notifications(
        self,
        info: Info[Context, Any],
        my_tasks_only: Annotated[
            bool, strawberry.argument(description="Only tasks not yet done.")
        ] = False,
        first: First = 20,
        after: After = None,
    ) -> Connection[Notification]:
        assert info.context.principal is not None
        offset, limit = page_bounds(first, after)
        rows, total = await notifications.list_for_user(
            info.context.principal.person_id,
            open_tasks_only=my_tasks_only,
            offset=offset,
            limit=limit,
        )
        return make_connection([Notification(row=r) for r in rows], offset=offset, total=total)
