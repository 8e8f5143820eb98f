"""What the policy needs to know of a project: its owners, assigned certifiers and scope."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.errors import NotFound
from backend.models.enums import CertificationStatus
from backend.models.project import Project, ProjectCertifier, ProjectOwner
from backend.policy import Target


async def project_target(
    project: Project | int, connection: BaseDBAsyncClient | None = None
) -> Target:
    """The policy target of a project (by row or ID). Raises NotFound for an unknown ID."""
    if isinstance(project, int):
        query = Project.filter(id=project)
        found = await (query.using_db(connection) if connection else query).first()
        if found is None:
            raise NotFound(f"project {project} does not exist.")
        project = found
    owners = ProjectOwner.filter(project_id=project.id)
    certifiers = ProjectCertifier.filter(
        project_id=project.id,
        status__in=[CertificationStatus.ASSIGNED, CertificationStatus.CERTIFIED],
    )
    if connection is not None:
        owners, certifiers = owners.using_db(connection), certifiers.using_db(connection)
    return Target(
        organisation_ids=frozenset(row.organisation_id for row in await owners),
        certifier_ids=frozenset(row.organisation_id for row in await certifiers),
        sectoral_scope=project.sectoral_scope,
    )
