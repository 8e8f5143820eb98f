"""Project.viewerMay and ProjectCertifier.viewerMay equal what the mutations accept, for every
organisation type x role (plus the owner's and the assigned certifier's colleagues) and every
project status. Each mutation is really called, then rolled back (viewer_probe)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backend.models.enums import (
    ActivityType,
    AuthorizationPurpose,
    CertificationStatus,
    FinancingInstrument,
    ProjectStatus,
    Role,
)
from backend.models.project import Project, ProjectCertifier
from backend.policy import Principal
from backend.services import (
    access,
    activities,
    article6,
    certification,
    financing,
    project_decisions,
    viewer_actions,
)
from backend.services.viewer_actions import CertificationAction, ProjectAction
from tests.factories import Member, make_project
from tests.services.viewer_probe import (
    Call,
    accepted,
    cast,
    certifier_organisation,
    colleague,
)


def probes(
    principal: Principal, project_id: int, spare_certifier: int, approach: int
) -> dict[ProjectAction, Call]:
    """The mutation behind each project action, with valid input."""
    ids = {"principal": principal, "project_id": project_id}
    return {
        ProjectAction.APPROVE: lambda: project_decisions.approve_project(**ids),
        ProjectAction.REJECT: lambda: project_decisions.reject_project(**ids, reason="No."),
        ProjectAction.AUTHORISE: lambda: project_decisions.authorise_project(**ids),
        ProjectAction.ASSIGN_CERTIFIER: lambda: certification.assign_certifier(
            **ids, certifier_id=spare_certifier
        ),
        ProjectAction.CERTIFY: lambda: certification.certify_project(**ids),
        ProjectAction.ADD_ACTIVITY: lambda: activities.add_activity(
            **ids, type=ActivityType.M, title="Solar", methodology="AMS-I.D", estimated_credits=10
        ),
        ProjectAction.REQUEST_FINANCING: lambda: financing.request_financing(
            **ids,
            amount=Decimal("1000.00"),
            instrument=FinancingInstrument.GRANT,
            is_public=False,
            is_international=False,
            from_name="A fund",
        ),
        ProjectAction.GRANT_ARTICLE6_AUTHORISATION: lambda: article6.authorize(
            principal=principal,
            project_id=project_id,
            cooperative_approach_id=approach,
            authorization_id=f"VUT-{project_id}-{principal.user_id}",
            authorized_on=date(2026, 1, 15),
            quantity=1000,
            purpose=AuthorizationPurpose.NDC,
        ),
    }


async def people() -> tuple[dict[str, Member], Member, Member]:
    members = await cast()
    owner, certifier = members["DEVELOPER/ADMIN"], members["CERTIFIER/MANAGER"]
    members["owner's VIEWER"] = await colleague(owner, Role.VIEWER)
    members["owner's MANAGER"] = await colleague(owner, Role.MANAGER)
    members["assigned certifier's VIEWER"] = await colleague(certifier, Role.VIEWER)
    return members, owner, certifier


async def shown(principal: Principal, project: Project) -> set[ProjectAction]:
    project = await Project.get(id=project.id)
    target = await access.project_target(project)
    certifications = await ProjectCertifier.filter(project_id=project.id)
    return set(viewer_actions.project_actions(principal, project, target, certifications))


@pytest.mark.parametrize("status", list(ProjectStatus))
async def test_project_viewer_may_is_what_the_mutations_accept(status: ProjectStatus) -> None:
    members, owner, certifier = await people()
    project = await make_project(owner, status, certifiers=(certifier.organisation,))
    await Project.filter(id=project.id).update(article6_trading=True)
    spare = (await certifier_organisation()).id
    approach = await article6.create_cooperative_approach(
        principal=members["GOVERNMENT/ADMIN"].principal,
        code="CA0004",
        name="VU-CH",
        parties=["VUT", "CHE"],
    )
    seen: dict[str, set[ProjectAction]] = {}
    for name, member in members.items():
        calls = probes(member.principal, project.id, spare, approach.value.id)
        allowed = {action for action, call in calls.items() if await accepted(call)}
        assert await shown(member.principal, project) == allowed, name
        seen[name] = allowed
    # Exact sets for the roles the UI tests look at, so the comparison above is not vacuous.
    government = {
        ProjectStatus.PENDING: {ProjectAction.APPROVE, ProjectAction.REJECT},
        ProjectStatus.APPROVED: {ProjectAction.AUTHORISE, ProjectAction.REJECT},
        ProjectStatus.AUTHORISED: set(),
        ProjectStatus.REJECTED: set(),
    }[status]
    if status is not ProjectStatus.REJECTED:
        government.add(ProjectAction.ASSIGN_CERTIFIER)
    if status is ProjectStatus.AUTHORISED:
        government.add(ProjectAction.GRANT_ARTICLE6_AUTHORISATION)
    assert seen["GOVERNMENT/ADMIN"] == government
    assert seen["GOVERNMENT/VIEWER"] == set()
    assert seen["owner's VIEWER"] == set()
    assert seen["DEVELOPER/MANAGER"] == set()  # another developer's project
    active = status in (ProjectStatus.APPROVED, ProjectStatus.AUTHORISED)
    assert (ProjectAction.CERTIFY in seen["CERTIFIER/MANAGER"]) is active
    assert (ProjectAction.ADD_ACTIVITY in seen["owner's MANAGER"]) is active
    assert (ProjectAction.REQUEST_FINANCING in seen["DEVELOPER/ADMIN"]) is (
        status is not ProjectStatus.REJECTED
    )


async def test_anonymous_and_clients_may_do_nothing_with_a_project() -> None:
    members, owner, certifier = await people()
    project = await make_project(owner, ProjectStatus.PENDING, certifiers=(certifier.organisation,))
    target = await access.project_target(project)
    assert viewer_actions.project_actions(None, project, target, []) == []
    client = Principal.client(
        client_id=1,
        organisation_id=members["PARTNER/ADMIN"].organisation.id,
        oauth_scopes=frozenset(),
    )
    assert viewer_actions.project_actions(client, project, target, []) == []


@pytest.mark.parametrize("certified", [True, False])
async def test_certification_viewer_may_is_what_revocation_accepts(certified: bool) -> None:
    members, owner, certifier = await people()
    other = await certifier_organisation()
    project = await make_project(
        owner, ProjectStatus.APPROVED, certifiers=(certifier.organisation, other)
    )
    status = CertificationStatus.CERTIFIED if certified else CertificationStatus.ASSIGNED
    await ProjectCertifier.filter(project_id=project.id).update(status=status)
    target = await access.project_target(project)
    rows = {r.organisation_id: r for r in await ProjectCertifier.filter(project_id=project.id)}
    revokers = set()
    for name, member in members.items():
        for organisation_id, row in rows.items():
            allowed = await accepted(
                lambda m=member, o=organisation_id: certification.revoke_certification(
                    principal=m.principal, project_id=project.id, certifier_id=o, reason="Bias."
                )
            )
            mine = viewer_actions.certification_actions(member.principal, row, target)
            assert (mine == [CertificationAction.REVOKE]) is allowed, (name, organisation_id)
            if allowed and organisation_id == certifier.organisation.id:
                revokers.add(name)
    if certified:  # government's workers, and the certifier's own workers
        assert revokers == {"GOVERNMENT/ADMIN", "GOVERNMENT/MANAGER", "CERTIFIER/MANAGER"}
    else:
        assert revokers == set()
