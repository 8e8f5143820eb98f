"""What the policy needs to know of a project: its owners, acting certifiers and scope. The one
place that says which certifications count (ASSIGNED or CERTIFIED, not REVOKED)."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.errors import NotFound
from backend.models.enums import CertificationStatus
from backend.models.project import Project, ProjectCertifier, ProjectOwner
from backend.policy import Target

ACTING_CERTIFICATIONS = (CertificationStatus.ASSIGNED, CertificationStatus.CERTIFIED)


def target_of(
    project: Project, owners: Sequence[ProjectOwner], certifiers: Sequence[ProjectCertifier]
) -> Target:
    """A project's policy target from rows already loaded (e.g. by the schema's DataLoaders)."""
    return Target(
        organisation_ids=frozenset(o.organisation_id for o in owners),
        certifier_ids=frozenset(
            c.organisation_id for c in certifiers if c.status in ACTING_CERTIFICATIONS
        ),
        sectoral_scope=project.sectoral_scope,
    )


async def project_targets(
    project_ids: Sequence[int], connection: BaseDBAsyncClient | None = None
) -> dict[int, Target]:
    """The policy targets of many projects in three statements (unknown IDs are left out)."""
    ids = list(project_ids)
    project_query = Project.filter(id__in=ids)
    owner_query = ProjectOwner.filter(project_id__in=ids)
    certifier_query = ProjectCertifier.filter(project_id__in=ids)
    if connection is not None:
        project_query = project_query.using_db(connection)
        owner_query = owner_query.using_db(connection)
        certifier_query = certifier_query.using_db(connection)
    projects, owners, certifiers = await project_query, await owner_query, await certifier_query
    return {
        p.id: target_of(
            p,
            [o for o in owners if o.project_id == p.id],
            [c for c in certifiers if c.project_id == p.id],
        )
        for p in projects
    }


async def project_target(
    project: Project | int, connection: BaseDBAsyncClient | None = None
) -> Target:
    """The policy target of one project (by row or ID). Raises NotFound for an unknown ID."""
    project_id = project if isinstance(project, int) else project.id
    targets = await project_targets([project_id], connection)
    if project_id not in targets:
        raise NotFound(f"project {project_id} does not exist.")
    return targets[project_id]
