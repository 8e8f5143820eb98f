"""Random sequences of the registry's changes (projects, organisations, monitoring, issuance,
transfers, retirements, suspension) keep the dashboard's totals equal to a full recount, and
the dashboard's figures equal to what the rows say, on PostgreSQL and SQLite."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.db import connection
from backend.errors import RegistryError
from backend.models.activity import MonitoringReport
from backend.models.credit import CreditBlock, Issuance, Retirement, Transfer
from backend.models.enums import (
    BlockStatus,
    CertificationStatus,
    DocumentKind,
    MonitoringReportStatus,
    OrganisationStatus,
    OrganisationType,
    ProjectStatus,
    RetirementKind,
    RetirementStatus,
    Role,
    TransferStatus,
)
from backend.models.organisation import Organisation
from backend.models.project import Project, ProjectCertifier, ProjectOwner
from backend.services import (
    certification,
    dashboard_queries,
    dashboard_recount,
    monitoring,
    organisations,
    project_decisions,
    projects,
    registration,
)
from backend.services.credits import retirements, transfers
from backend.services.locations import Location
from backend.services.project_validation import ProjectChanges
from tests.factories import Member, make_document, make_member
from tests.project_inputs import make_activity
from tests.services.credit_helpers import deductions, government
from tests.services.dashboard_helpers import assert_totals_match_a_recount, issue_on, submit

OPERATIONS = (
    "submit", "approve_project", "authorise", "reject_project", "update_project", "issue",
    "transfer", "request", "approve", "reject", "cancel", "retire", "recognise",
    "refuse_retirement", "withdraw_retirement", "register", "approve_org", "reject_org",
    "suspend", "submit_report", "verify_report", "assign_certifier", "certify",
    "revoke_certification",
)  # fmt: skip
SECTORS, REGIONS = ("Energy", "Forestry", "Waste"), ("Efate", "Tafea", "Sanma")
KINDS = (RetirementKind.VOLUNTARY_CANCELLATION, RetirementKind.NDC_USE, RetirementKind.LEGAL_OTHER)
step = st.tuples(
    st.sampled_from(OPERATIONS), st.integers(0, 2), st.integers(0, 2), st.integers(1, 120),
    st.integers(0, 10_000),
)  # fmt: skip


def _nth(rows: list[object], pick: int) -> object | None:
    return rows[pick % len(rows)] if rows else None


async def _project(name: str, a: Member, gov: Member, pick: int) -> None:
    wanted = {
        "approve_project": [ProjectStatus.PENDING],
        "authorise": [ProjectStatus.APPROVED],
        "reject_project": [ProjectStatus.PENDING, ProjectStatus.APPROVED],
        "update_project": [ProjectStatus.PENDING, ProjectStatus.APPROVED],
        "issue": [ProjectStatus.AUTHORISED],
    }[name]
    project = _nth(list(await Project.filter(status__in=wanted).order_by("id")), pick)
    if not isinstance(project, Project):
        return
    if name == "approve_project":
        await project_decisions.approve_project(principal=gov.principal, project_id=project.id)
    elif name == "authorise":
        await project_decisions.authorise_project(principal=gov.principal, project_id=project.id)
    elif name == "reject_project":
        await project_decisions.reject_project(
            principal=gov.principal, project_id=project.id, reason="no"
        )
    elif name == "update_project":
        changes = ProjectChanges(
            estimated_credits=1_000 + pick, location=Location(regions=(REGIONS[pick % 3],))
        )
        await projects.update_project(
            principal=gov.principal, project_id=project.id, changes=changes
        )
    else:
        await issue_on(project, gov, year=2024 + pick % 2)


async def _organisation(name: str, gov: Member, pick: int) -> None:
    if name == "register":
        n = await Organisation.all().count()
        await registration.submit_registration(
            principal=None,
            organisation=organisations.OrganisationInput(
                name=f"Applicant {n}-{pick}",
                tax_id=f"APP-{n}-{pick}",
                type=OrganisationType.DEVELOPER,
                email=f"app{n}x{pick}@example.org",
            ),  # fmt: skip
            admin=organisations.AdminInput(
                email=f"admin{n}x{pick}@example.org", name="Admin", password="a long password ok!"
            ),
        )
        return
    status = OrganisationStatus.ACTIVE if name == "suspend" else OrganisationStatus.PENDING
    kind = OrganisationType.DEVELOPER
    rows = list(await Organisation.filter(status=status, type=kind).order_by("id"))
    found = _nth(rows, pick)
    if not isinstance(found, Organisation):
        return
    if name == "approve_org":
        await organisations.approve_organisation(principal=gov.principal, organisation_id=found.id)
    elif name == "reject_org":
        await organisations.reject_organisation(
            principal=gov.principal, organisation_id=found.id, reason="no"
        )
    else:
        await organisations.suspend_organisation(
            principal=gov.principal, organisation_id=found.id, reason="audit"
        )


async def _report(name: str, a: Member, certifier: Member, pick: int) -> None:
    if name == "verify_report":
        rows = list(
            await MonitoringReport.filter(status=MonitoringReportStatus.SUBMITTED).order_by("id")
        )
        found = _nth(rows, pick)
        if isinstance(found, MonitoringReport):
            await monitoring.verify_monitoring_report(
                principal=certifier.principal, report_id=found.id, verified_quantity=10
            )
        return
    project = await Project.filter(created_by_id=a.organisation.id).order_by("id").first()
    if project is None:
        return
    activity = await make_activity(project)
    acting = (CertificationStatus.ASSIGNED, CertificationStatus.CERTIFIED)
    mine = ProjectCertifier.filter(project_id=project.id, organisation_id=certifier.organisation.id)
    if not await mine.filter(status__in=acting).exists():
        await certification.assign_certifier(
            principal=a.principal, project_id=project.id, certifier_id=certifier.organisation.id
        )
    document = await make_document(a, DocumentKind.MONITORING_REPORT)
    await monitoring.submit_monitoring_report(
        principal=a.principal, activity_id=activity.id, period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30), document_id=document.id, claimed_reductions=50,
    )  # fmt: skip


async def _certifier(name: str, gov: Member, certifier: Member, pick: int) -> None:
    """Assign the certifier to a project, certify one it is assigned to, or revoke one."""
    organisation_id = certifier.organisation.id
    if name == "assign_certifier":
        rows = list(await Project.filter(status__not=ProjectStatus.REJECTED).order_by("id"))
        found = _nth(rows, pick)
        if isinstance(found, Project):
            await certification.assign_certifier(
                principal=gov.principal, project_id=found.id, certifier_id=organisation_id
            )
        return
    wanted = CertificationStatus.ASSIGNED if name == "certify" else CertificationStatus.CERTIFIED
    rows = list(
        await ProjectCertifier.filter(organisation_id=organisation_id, status=wanted).order_by("id")
    )
    standing = _nth(rows, pick)
    if not isinstance(standing, ProjectCertifier):
        return
    if name == "certify":
        await certification.certify_project(
            principal=certifier.principal, project_id=standing.project_id
        )
    else:
        await certification.revoke_certification(
            principal=gov.principal, project_id=standing.project_id,
            certifier_id=organisation_id, reason="audit",
        )  # fmt: skip


async def _credits(name: str, a: Member, b: Member, gov: Member, quantity: int, pick: int) -> None:
    held = CreditBlock.filter(status=BlockStatus.ACTIVE, holder__organisation_id=a.organisation.id)
    block = _nth(list(await held.order_by("id")), pick)
    if isinstance(block, CreditBlock):
        quantity = 1 + quantity % block.quantity if pick % 5 else quantity
    if name == "transfer" and isinstance(block, CreditBlock):
        await transfers.transfer_credits(
            principal=a.principal, block_id=block.id, quantity=quantity,
            to_organisation_id=b.organisation.id,
        )  # fmt: skip
    elif name == "request" and isinstance(block, CreditBlock):
        await transfers.request_transfer(
            principal=b.principal, block_id=block.id, quantity=quantity
        )
    elif name == "retire" and isinstance(block, CreditBlock):
        await retirements.retire_credits(
            principal=a.principal, block_id=block.id, quantity=quantity,
            kind=KINDS[pick % len(KINDS)], beneficiary="x",
        )  # fmt: skip
    elif name in ("approve", "reject", "cancel"):
        asked = _nth(
            list(await Transfer.filter(status=TransferStatus.REQUESTED).order_by("id")), pick
        )
        if not isinstance(asked, Transfer):
            return
        if name == "approve":
            await transfers.approve_transfer(principal=a.principal, transfer_id=asked.id)
        elif name == "reject":
            await transfers.reject_transfer(
                principal=a.principal, transfer_id=asked.id, reason="no"
            )
        else:
            await transfers.cancel_transfer(principal=b.principal, transfer_id=asked.id)
    elif name in ("recognise", "refuse_retirement", "withdraw_retirement"):
        rows = list(await Retirement.filter(status=RetirementStatus.REQUESTED).order_by("id"))
        asked_to_retire = _nth(rows, pick)
        if not isinstance(asked_to_retire, Retirement):
            return
        rid = asked_to_retire.id
        if name == "recognise":
            await retirements.recognise_retirement(principal=gov.principal, retirement_id=rid)
        elif name == "refuse_retirement":
            await retirements.reject_retirement(
                principal=gov.principal, retirement_id=rid, reason="no"
            )
        else:
            await retirements.cancel_retirement(principal=a.principal, retirement_id=rid)


async def _apply(
    name: str, members: list[Member], x: int, y: int, staff: tuple[Member, Member, Member],
    quantity: int, pick: int,
) -> None:  # fmt: skip
    (a, b), (gov, admin, certifier) = (members[x], members[y]), staff
    if name == "submit":
        await submit(
            a, sector=SECTORS[pick % 3], scope=1 + pick % 3, regions=(REGIONS[pick % 3],),
            estimated=1_000 * quantity,
        )  # fmt: skip
    elif name in ("approve_project", "authorise", "reject_project", "update_project", "issue"):
        await _project(name, a, gov, pick)
    elif name in ("register", "approve_org", "reject_org", "suspend"):
        await _organisation(name, admin, pick)
    elif name in ("submit_report", "verify_report"):
        await _report(name, a, certifier, pick)
    elif name in ("assign_certifier", "certify", "revoke_certification"):
        await _certifier(name, gov, certifier, pick)
    else:
        await _credits(name, a, b, gov, quantity, pick)


async def _assert_figures_are_the_rows() -> None:
    """The whole registry's figures, each checked against the rows it counts."""
    gov = await government()
    figures = await dashboard_queries.dashboard(principal=gov.principal)
    issued = sum(int(i.quantity) for i in await Issuance.all())
    completed = await Transfer.filter(status=TransferStatus.COMPLETED)
    recognised = await Retirement.filter(status=RetirementStatus.RECOGNISED)
    cancelled = await CreditBlock.filter(status=BlockStatus.CANCELLED)
    assert figures.credits.issued == issued
    assert figures.credits.transferred == sum(int(t.quantity) for t in completed)
    assert figures.credits.retired == sum(int(r.quantity) for r in recognised)
    assert figures.credits.cancelled == sum(b.quantity for b in cancelled)
    assert figures.estimated == sum(int(p.estimated_credits) for p in await Project.all())
    by_status = dict(figures.projects_by_status)
    for status in ProjectStatus:
        assert by_status.get(status.value, 0) == await Project.filter(status=status).count()
    pending = dict(figures.pending_work)
    assert (
        pending.get("TRANSFER_REQUEST", 0)
        == await Transfer.filter(status=TransferStatus.REQUESTED).count()
    )
    assert (
        pending.get("RETIREMENT_RECOGNITION", 0)
        == await Retirement.filter(status=RetirementStatus.REQUESTED).count()
    )
    assert (
        pending.get("ORGANISATION_APPROVAL", 0)
        == await Organisation.filter(status=OrganisationStatus.PENDING).count()
    )
    assert (
        pending.get("MONITORING_VERIFICATION", 0)
        == await MonitoringReport.filter(status=MonitoringReportStatus.SUBMITTED).count()
    )


async def _assert_organisation_figures_are_the_rows(organisation_id: int) -> None:
    """One organisation's figures (government's organisation filter), each checked against the
    rows it counts for that organisation: its projects (owned, or certified while it acts on
    them), their issuances, the transfers it sent or received, the retirements it requested
    and the transfers asked of it."""
    gov = await government()
    figures = await dashboard_queries.dashboard(
        principal=gov.principal, organisation_id=organisation_id
    )
    owned = set(
        await ProjectOwner.filter(organisation_id=organisation_id).values_list(
            "project_id", flat=True
        )
    ) | set(
        await ProjectCertifier.filter(
            organisation_id=organisation_id,
            status__in=(CertificationStatus.ASSIGNED, CertificationStatus.CERTIFIED),
        ).values_list("project_id", flat=True)
    )
    projects_owned = [p for p in await Project.all() if p.id in owned]
    issuances = [i for i in await Issuance.all() if i.project_id in owned]
    completed = await Transfer.filter(status=TransferStatus.COMPLETED).prefetch_related(
        "from_account", "to_account"
    )
    moved = [
        t for t in completed
        if organisation_id in (t.from_account.organisation_id, t.to_account.organisation_id)
    ]  # fmt: skip
    recognised = await Retirement.filter(
        status=RetirementStatus.RECOGNISED, requested_by_id=organisation_id
    )
    cancelled = await CreditBlock.filter(
        status=BlockStatus.CANCELLED, issuance_id__in=[i.id for i in issuances]
    )
    asked = await Transfer.filter(
        status=TransferStatus.REQUESTED, from_account__organisation_id=organisation_id
    )
    assert figures.credits.issued == sum(int(i.quantity) for i in issuances)
    assert figures.credits.transferred == sum(int(t.quantity) for t in moved)
    assert figures.credits.retired == sum(int(r.quantity) for r in recognised)
    assert figures.credits.cancelled == sum(b.quantity for b in cancelled)
    assert figures.estimated == sum(int(p.estimated_credits) for p in projects_owned)
    by_status = dict(figures.projects_by_status)
    for status in ProjectStatus:
        assert by_status.get(status.value, 0) == sum(p.status is status for p in projects_owned)
    by_region = dict(figures.projects_by_region)
    for region in REGIONS:
        located = [p for p in projects_owned if region in (p.location or {}).get("regions", [])]
        assert by_region.get(region, 0) == len(located)
    assert dict(figures.pending_work).get("TRANSFER_REQUEST", 0) == len(asked)
    by_area = dict(figures.projects_by_first_level_region)
    for area in ("Tafea", "Sanma", "Shefa"):  # "Efate" names an island, not a province
        named = [p for p in projects_owned if area in (p.location or {}).get("regions", [])]
        assert by_area[area] == len(named)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=st.lists(step, min_size=4, max_size=24))
async def test_random_changes_keep_the_totals_equal_to_a_full_recount(
    steps: list[tuple[str, int, int, int, int]],
) -> None:
    members = [await make_member() for _ in range(3)]
    gov = await government()
    admin = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    certifier = await make_member(OrganisationType.CERTIFIER)
    await dashboard_recount.rebuild_totals()  # the members made directly, counted once
    with deductions("5", "2"):
        for i, member in enumerate(members):
            project = await submit(member, sector=SECTORS[i], regions=(REGIONS[i],))
            await project_decisions.approve_project(principal=gov.principal, project_id=project.id)
            await project_decisions.authorise_project(
                principal=gov.principal, project_id=project.id
            )
            await issue_on(project, gov)
        for name, x, y, quantity, pick in steps:
            try:
                await _apply(name, members, x, y, (gov, admin, certifier), quantity, pick)
            except RegistryError:
                pass  # a refused change changes nothing: the recount below says so
        await assert_totals_match_a_recount()
        await _assert_figures_are_the_rows()
        for member in (*members, certifier):
            await _assert_organisation_figures_are_the_rows(member.organisation.id)
        assert await dashboard_recount.kept(connection()) != {}
