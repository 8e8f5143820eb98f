"""Batch functions for the per-request DataLoaders of projects and activities
(`info.context.loaders.get(fn)`): each turns N lookups into one statement, so a list of
projects with their owners, certifiers, activities and reports costs the same for 10 or 50."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

from tortoise.models import Model

from backend.context import Loaders
from backend.models.activity import Activity, MonitoringReport
from backend.models.credit import Issuance
from backend.models.project import Project, ProjectCertifier, ProjectOwner
from backend.policy import Target
from backend.services import access, project_queries
from backend.services.project_queries import HistoryEntry

M = TypeVar("M", bound=Model)


def _grouped(rows: Sequence[M], key: str, ids: list[int]) -> list[list[M]]:
    groups: dict[int, list[M]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return [groups[i] for i in ids]


async def load_projects(ids: list[int]) -> list[Project | None]:
    found = {row.id: row for row in await Project.filter(id__in=ids)}
    return [found.get(i) for i in ids]


async def load_owners_by_project(ids: list[int]) -> list[list[ProjectOwner]]:
    """Each project's owners, largest share first."""
    rows = await ProjectOwner.filter(project_id__in=ids).order_by("-percentage", "organisation_id")
    return _grouped(rows, "project_id", ids)


async def load_certifiers_by_project(ids: list[int]) -> list[list[ProjectCertifier]]:
    rows = await ProjectCertifier.filter(project_id__in=ids).order_by("assigned_at", "id")
    return _grouped(rows, "project_id", ids)


async def load_activities_by_project(ids: list[int]) -> list[list[Activity]]:
    rows = await Activity.filter(project_id__in=ids).order_by("number")
    return _grouped(rows, "project_id", ids)


async def load_reports_by_activity(ids: list[int]) -> list[list[MonitoringReport]]:
    rows = await MonitoringReport.filter(activity_id__in=ids).order_by("period_start", "id")
    return _grouped(rows, "activity_id", ids)


async def load_activities(ids: list[int]) -> list[Activity | None]:
    found = {a.id: a for a in await Activity.filter(id__in=ids)}
    return [found.get(i) for i in ids]


async def load_issued_reports(ids: list[int]) -> list[bool]:
    """Whether each monitoring report's period has been issued."""
    rows = await Issuance.filter(monitoring_report_id__in=ids)
    issued = {row.monitoring_report_id for row in rows}
    return [i in issued for i in ids]


async def target(loaders: Loaders, project: Project) -> Target:
    """The project's policy target, from the owners and certifiers loaders (no extra query)."""
    owners = await loaders.get(load_owners_by_project).load(project.id)
    certifiers = await loaders.get(load_certifiers_by_project).load(project.id)
    return access.target_of(project, owners, certifiers)


async def load_histories(ids: list[int]) -> list[list[HistoryEntry]]:
    return await project_queries.histories(ids)
