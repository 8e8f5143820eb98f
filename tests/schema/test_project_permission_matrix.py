"""Every organisation type x role (plus ROOT and anonymous) against every project, activity and
monitoring mutation, on the targets that matter (the caller's own project, a project it is the
assigned certifier of, a ministry's project in and out of its scopes). The expected outcome is
policy.can with the real target; observed through the API. A refusal changes nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from backend import policy
from backend.models.activity import MonitoringReport as MonitoringReportRow
from backend.models.enums import (
    ActivityStatus,
    CertificationStatus,
    DocumentKind,
    MonitoringReportStatus,
    OrganisationType,
    ProjectStatus,
    Role,
)
from backend.models.project import Project, ProjectCertifier
from backend.policy import Action, Target
from backend.services.access import project_target
from tests.conftest import GraphQLClient, error_code
from tests.factories import (
    Member,
    ledger_size,
    make_document,
    make_member,
    make_organisation,
    make_project,
)
from tests.project_inputs import graphql_input, make_activity, state

Built = tuple[dict[str, Any], Target]
Builder = Callable[[Member | None], Awaitable[Built]]


async def everyone() -> dict[str, Member | None]:
    members: dict[str, Member | None] = {"anonymous": None}
    for kind, role in sorted(policy.ALL_PAIRS):
        members[f"{kind.value}/{role.value}"] = await make_member(kind, role)
    return members


async def stranger() -> Member:
    return await make_member(OrganisationType.DEVELOPER, Role.MANAGER)


async def project(
    owner: Member, status: ProjectStatus, scope: int = 1, certifiers: tuple[Any, ...] = ()
) -> tuple[Project, Target]:
    row = await make_project(owner, status, scope=scope, certifiers=certifiers)
    return row, await project_target(row.id)


def owned(status: ProjectStatus, *, own: bool, scope: int = 1) -> Builder:
    async def build(member: Member | None) -> Built:
        owner = member if own and member else await stranger()
        row, target = await project(owner, status, scope)
        return {"id": str(row.id)}, target

    return build


async def create(member: Member | None) -> Built:
    uploader = member or await stranger()
    design = await make_document(uploader)
    organisations = frozenset({member.organisation.id}) if member else frozenset()
    return {"input": graphql_input(uploader, design.id)}, Target(organisation_ids=organisations)


def assign(*, own: bool, scope: int = 1) -> Builder:
    async def build(member: Member | None) -> Built:
        owner = member if own and member else await stranger()
        row, target = await project(owner, ProjectStatus.PENDING, scope)
        certifier = await make_organisation(OrganisationType.CERTIFIER)
        return {"project": str(row.id), "certifier": str(certifier.id)}, target

    return build


def certify(*, assigned: bool) -> Builder:
    async def build(member: Member | None) -> Built:
        mine = (member.organisation,) if assigned and member else ()
        other = await make_organisation(OrganisationType.CERTIFIER)
        row, target = await project(await stranger(), ProjectStatus.APPROVED, 1, (*mine, other))
        return {"id": str(row.id)}, target

    return build


def revoke(*, own: bool) -> Builder:
    """The caller's organisation is assigned; it (own) or another certifier has certified."""

    async def build(member: Member | None) -> Built:
        other = await make_organisation(OrganisationType.CERTIFIER)
        mine = (member.organisation,) if member else ()
        row, _ = await project(await stranger(), ProjectStatus.APPROVED, 1, (*mine, other))
        revoked = member.organisation if own and member else other
        await ProjectCertifier.filter(project_id=row.id, organisation_id=revoked.id).update(
            status=CertificationStatus.CERTIFIED
        )
        target = await project_target(row.id)
        # Anyone assigned may revoke only its own certification (the service narrows it so).
        narrowed = dataclasses.replace(target, certifier_ids=target.certifier_ids & {revoked.id})
        return {"project": str(row.id), "certifier": str(revoked.id)}, narrowed

    return build


def add_activity(*, own: bool) -> Builder:
    async def build(member: Member | None) -> Built:
        owner = member if own and member else await stranger()
        row, target = await project(owner, ProjectStatus.APPROVED)
        return {"project": str(row.id)}, target

    return build


def submit(*, own: bool) -> Builder:
    async def build(member: Member | None) -> Built:
        owner = member if own and member else await stranger()
        row, target = await project(owner, ProjectStatus.APPROVED)
        activity = await make_activity(row)
        document = await make_document(member or owner, DocumentKind.MONITORING_REPORT)
        return {"activity": str(activity.id), "document": str(document.id)}, target

    return build


def verify(*, assigned: bool) -> Builder:
    async def build(member: Member | None) -> Built:
        mine = (member.organisation,) if assigned and member else ()
        row, target = await project(await stranger(), ProjectStatus.APPROVED, 1, mine)
        activity = await make_activity(row, reports=1)
        report = await MonitoringReportRow.get(activity_id=activity.id)
        return {"report": str(report.id)}, target

    return build


def decide_activity(status: MonitoringReportStatus, *, scope: int) -> Builder:
    async def build(member: Member | None) -> Built:
        row, target = await project(await stranger(), ProjectStatus.AUTHORISED, scope)
        activity = await make_activity(row, ActivityStatus.PENDING, reports=1, report_status=status)
        return {"id": str(activity.id)}, target

    return build


ID = "mutation($id: ID!)"


def _arguments(extra: str) -> str:
    """A mutation's arguments: the ID alone, or an input with the ID and the extra fields."""
    return f"input: {{id: $id{extra}}}" if extra else "id: $id"

CASES: dict[str, tuple[Action, str, Builder]] = {
    "createProject": (
        Action.PROJECT_CREATE,
        "mutation($input: CreateProjectInput!) { createProject(input: $input) { ledgerSeq } }",
        create,
    ),
    **{
        f"updateProject:{name}": (
            Action.PROJECT_UPDATE,
            f'{ID} {{ updateProject(input: {{id: $id, title: "Renamed"}}) {{ ledgerSeq }} }}',
            owned(ProjectStatus.PENDING, own=own),
        )
        for name, own in (("own", True), ("other", False))
    },
    **{
        f"{call}:{name}": (action, f"{ID} {{ {call}({_arguments(extra)}) {{ ledgerSeq }} }}", owned(status, own=False, scope=scope))
        for call, action, status, extra in (
            ("approveProject", Action.PROJECT_APPROVE, ProjectStatus.PENDING, ""),
            ("rejectProject", Action.PROJECT_REJECT, ProjectStatus.PENDING, ', reason: "no"'),
            ("authoriseProject", Action.PROJECT_AUTHORISE, ProjectStatus.APPROVED, ""),
        )
        for name, scope in (("in_scope", 1), ("out_of_scope", 7))
    },
    **{
        f"assignCertifier:{name}": (
            Action.PROJECT_ASSIGN_CERTIFIER,
            "mutation($project: ID!, $certifier: ID!) { assignCertifier(input: {projectId: $project, "
            "certifierId: $certifier}) { ledgerSeq } }",
            assign(own=own, scope=scope),
        )
        for name, own, scope in (("own", True, 7), ("in_scope", False, 1), ("out_of_scope", False, 7))
    },
    **{
        f"certifyProject:{name}": (
            Action.PROJECT_CERTIFY,
            f"{ID} {{ certifyProject(id: $id) {{ ledgerSeq }} }}",
            certify(assigned=assigned),
        )
        for name, assigned in (("assigned", True), ("other", False))
    },
    **{
        f"revokeCertification:{name}": (
            Action.PROJECT_REVOKE_CERTIFICATION,
            "mutation($project: ID!, $certifier: ID!) { revokeCertification(input: {projectId: $project, "
            'certifierId: $certifier, reason: "bias"}) { ledgerSeq } }',
            revoke(own=own),
        )
        for name, own in (("own", True), ("another", False))
    },
    **{
        f"addActivity:{name}": (
            Action.ACTIVITY_ADD,
            'mutation($project: ID!) { addActivity(input: {projectId: $project, type: M, title: "t", '
            'methodology: "m", estimatedCredits: 10}) { ledgerSeq } }',
            add_activity(own=own),
        )
        for name, own in (("own", True), ("other", False))
    },
    **{
        f"submitMonitoringReport:{name}": (
            Action.MONITORING_SUBMIT,
            "mutation($activity: ID!, $document: ID!) { submitMonitoringReport(input: {activityId: "
            '$activity, periodStart: "2025-01-01", periodEnd: "2025-03-31", documentId: $document, '
            "claimedReductions: 100}) { ledgerSeq } }",
            submit(own=own),
        )
        for name, own in (("own", True), ("other", False))
    },
    **{
        f"verifyMonitoringReport:{name}": (
            Action.MONITORING_VERIFY,
            "mutation($report: ID!) { verifyMonitoringReport(input: {reportId: $report, "
            "verifiedQuantity: 90}) { ledgerSeq } }",
            verify(assigned=assigned),
        )
        for name, assigned in (("assigned", True), ("other", False))
    },
    **{
        f"{call}:{name}": (action, f"{ID} {{ {call}({_arguments(extra)}) {{ ledgerSeq }} }}", decide_activity(status, scope=scope))
        for call, action, status, extra in (
            ("approveActivity", Action.ACTIVITY_APPROVE, MonitoringReportStatus.VERIFIED, ""),
            ("rejectActivity", Action.ACTIVITY_REJECT, MonitoringReportStatus.SUBMITTED, ', reason: "no"'),
        )
        for name, scope in (("in_scope", 1), ("out_of_scope", 7))
    },
}  # fmt: skip

GOVERNMENT = {"GOVERNMENT/ADMIN", "GOVERNMENT/MANAGER"}
MINISTRY = {"MINISTRY/ADMIN", "MINISTRY/MANAGER"}
DEVELOPER = {"DEVELOPER/ADMIN", "DEVELOPER/MANAGER"}
CERTIFIER = {"CERTIFIER/ADMIN", "CERTIFIER/MANAGER"}
# The table itself, spelled out by hand for the cells that matter most.
EXPECTED = {
    "createProject": DEVELOPER,
    "updateProject:own": GOVERNMENT | DEVELOPER,
    "updateProject:other": GOVERNMENT,
    "approveProject:in_scope": GOVERNMENT | MINISTRY,
    "approveProject:out_of_scope": GOVERNMENT,
    "authoriseProject:out_of_scope": GOVERNMENT,
    "assignCertifier:own": GOVERNMENT | DEVELOPER,
    "assignCertifier:in_scope": GOVERNMENT | MINISTRY,
    "certifyProject:assigned": CERTIFIER,
    "certifyProject:other": set(),
    "revokeCertification:own": GOVERNMENT | CERTIFIER,
    "revokeCertification:another": GOVERNMENT,
    "addActivity:own": DEVELOPER,
    "addActivity:other": set(),
    "submitMonitoringReport:own": DEVELOPER,
    "verifyMonitoringReport:assigned": CERTIFIER,
    "verifyMonitoringReport:other": set(),
    "approveActivity:in_scope": GOVERNMENT | MINISTRY,
    "rejectActivity:out_of_scope": GOVERNMENT,
}


@pytest.mark.parametrize("name", sorted(CASES))
async def test_mutation_matrix(name: str, gql: GraphQLClient) -> None:
    action, query, build = CASES[name]
    allowed: set[str] = set()
    for who, member in (await everyone()).items():
        variables, target = await build(member)
        expected = policy.can(member.principal if member else None, action, target=target)
        before = await state()
        result = await gql.as_(member.token if member else None)(query, **variables)
        if expected:
            assert "errors" not in result, (who, result)
            assert await ledger_size() == before[0] + 1, who
            allowed.add(who)
        else:
            want = "UNAUTHENTICATED" if member is None else "FORBIDDEN"
            assert error_code(result) == want, (who, result)
            assert await state() == before, who
    if name in EXPECTED:
        assert allowed == EXPECTED[name]
