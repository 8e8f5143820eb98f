"""Telling the parties of a decision: an in-app notification (in the same transaction as the
decision) and an e-mail (after commit), both in the recipient's language."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import i18n
from backend.models.enums import OrganisationStatus, OrganisationType, Role, UserStatus
from backend.models.notification import Notification
from backend.models.organisation import Organisation
from backend.models.user import User
from backend.services import runtime

# Each event's subject and body in every language are the server catalogue's
# mail.<event>.subject and mail.<event>.body (backend/i18n); params fill the {placeholders}.
EVENTS = (
    "project.submitted",
    "project.approved",
    "project.authorised",
    "project.rejected",
    "certifier.assigned",
    "monitoring.submitted",
    "monitoring.verified",
    "activity.approved",
    "activity.rejected",
    "financing.requested",
    "financing.approved",
    "financing.rejected",
    "organisation.registered",
    "credits.transfer_requested",
    "credits.transfer_rejected",
    "credits.transferred",
    "credits.retirement_requested",
    "credits.retirement_recognised",
    "credits.retirement_rejected",
)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str


def subject(event: str, language: str, params: dict[str, str]) -> str:
    """The subject of event in language (English when the registry does not write it)."""
    return i18n.text(language, f"mail.{event}.subject", **params)


def signed(language: str, body: str) -> str:
    """An e-mail's text: body, then the registry's footer, in language."""
    current = runtime.current()
    footer = i18n.text(
        language, "mail.footer", country=current.country.name, url=current.public_url
    )
    return f"{body}\n\n--\n{footer}\n"


def body(event: str, language: str, params: dict[str, str]) -> str:
    """The whole text of event's e-mail in language, with the registry's address."""
    url = runtime.current().public_url
    return signed(language, i18n.text(language, f"mail.{event}.body", url=url, **params))


async def recipients(
    organisation_ids: Iterable[int], *, roles: Sequence[Role] = (Role.ADMIN, Role.MANAGER)
) -> list[User]:
    """The active working users of the given (active) organisations."""
    return list(
        await User.filter(
            organisation_id__in=list(organisation_ids),
            role__in=list(roles),
            status=UserStatus.ACTIVE,
            organisation__status=OrganisationStatus.ACTIVE,
        ).order_by("id")
    )


async def government_users(*, roles: Sequence[Role] = (Role.ADMIN, Role.MANAGER)) -> list[User]:
    """The active users in these roles of the active GOVERNMENT organisations."""
    governments = await Organisation.filter(
        type=OrganisationType.GOVERNMENT, status=OrganisationStatus.ACTIVE
    )
    return await recipients([o.id for o in governments], roles=roles)


async def record(
    connection: BaseDBAsyncClient,
    *,
    event: str,
    about: str,
    users: Sequence[User],
    params: dict[str, str],
    is_task: bool,
) -> list[Mail]:
    """Store one notification per user inside the caller's transaction; returns the e-mails
    to send once it has committed (see deliver)."""
    mails: list[Mail] = []
    rows = []
    for user in users:
        text = subject(event, user.language, params)
        rows.append(
            Notification(
                user=user, event=event, about=about, subject=text, params=params, is_task=is_task
            )
        )
        mails.append(Mail(user.email, text, body(event, user.language, params)))
    if rows:
        await Notification.bulk_create(rows, using_db=connection)
    return mails


async def deliver(mails: Sequence[Mail]) -> None:
    """Send the e-mails of committed notifications (failures are logged by the mailer)."""
    current = runtime.current()
    for mail in mails:
        await current.mailer.send(to=mail.to, subject=mail.subject, text=mail.text)


async def close_tasks(connection: BaseDBAsyncClient, *, about: str) -> None:
    """Mark done the open tasks about an object (e.g. "project:12") once it was decided."""
    await (
        Notification.filter(about=about, is_task=True, done_at=None)
        .using_db(connection)
        .update(done_at=datetime.now(UTC))
    )


async def list_for_user(
    user_id: int, *, open_tasks_only: bool, offset: int = 0, limit: int = 20
) -> tuple[list[Notification], int]:
    """A user's notifications, newest first; with open_tasks_only, their pending tasks."""
    query = Notification.filter(user_id=user_id)
    if open_tasks_only:
        query = query.filter(is_task=True, done_at=None)
    total = await query.count()
    return list(await query.order_by("-id").offset(offset).limit(limit)), total
