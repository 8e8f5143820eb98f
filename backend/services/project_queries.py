"""Reading projects: one, a filtered page, their policy targets and ledger histories in batches,
and who decides on them (government and the ministries of their sectoral scope)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.errors import BadUserInput, NotFound
from backend.ledger.canonical import parse_json
from backend.models.enums import (
    OrganisationStatus,
    OrganisationType,
    ProjectStatus,
)
from backend.models.ledger import LedgerEntry
from backend.models.organisation import Organisation
from backend.models.project import Project
from backend.models.user import User
from backend.policy import Principal
from backend.services import notifications, validation

# The certifications that make a certifier "assigned" in the policy's sense (as access.py reads).


def subject(project_id: int) -> str:
    """The ledger subject of a project and everything that happens in it."""
    return f"project:{project_id}"


async def get_project(project_id: int) -> Project:
    """The project; raises NotFound."""
    found = await Project.get_or_none(id=project_id)
    if found is None:
        raise NotFound(f"project {project_id} does not exist.")
    return found


async def list_projects(
    *,
    principal: Principal,
    status: ProjectStatus | None = None,
    sector: str | None = None,
    sectoral_scope: int | None = None,
    owner_id: int | None = None,
    search: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> tuple[list[Project], int]:
    """A page of projects, newest number first, and the total matching. Any signed-in user may
    list them: their public fields are public; the schema asks the policy for the rest."""
    query = Project.all()
    if status is not None:
        query = query.filter(status=status)
    if sector is not None:
        query = query.filter(sector=sector)
    if sectoral_scope is not None:
        query = query.filter(sectoral_scope=sectoral_scope)
    if owner_id is not None:
        query = query.filter(owners__organisation_id=owner_id)  # one row per owner: no duplicates
    if search:
        term = validation.required_text(search, "search", max_length=100)
        query = query.filter(title__icontains=term)
    if limit < 0 or offset < 0:
        raise BadUserInput("offset and limit must not be negative.")
    total = await query.count()
    return list(await query.order_by("-number").offset(offset).limit(limit)), total


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    type: str
    at: datetime


async def histories(project_ids: Sequence[int]) -> list[list[HistoryEntry]]:
    """The ledger entries about each project, in seq order, in one statement."""
    by_subject: dict[str, list[HistoryEntry]] = defaultdict(list)
    rows = await LedgerEntry.filter(subject__in=[subject(i) for i in project_ids]).order_by("seq")
    for row in rows:
        body = parse_json(bytes(row.body))
        assert isinstance(body, dict) and isinstance(body["at"], str)
        at = datetime.fromisoformat(body["at"].replace("Z", "+00:00"))
        by_subject[str(row.subject)].append(HistoryEntry(seq=row.seq, type=row.type, at=at))
    return [by_subject[subject(i)] for i in project_ids]


async def deciders(connection: BaseDBAsyncClient, sectoral_scope: int) -> list[User]:
    """The working users of the government and of the ministries responsible for the scope:
    those who approve, reject and authorise projects and activities in it."""
    organisations = await Organisation.filter(
        type__in=[OrganisationType.GOVERNMENT, OrganisationType.MINISTRY],
        status=OrganisationStatus.ACTIVE,
    ).using_db(connection)
    ids = [
        o.id
        for o in organisations
        if o.type is OrganisationType.GOVERNMENT or sectoral_scope in o.sectoral_scopes
    ]
    return await notifications.recipients(ids)
