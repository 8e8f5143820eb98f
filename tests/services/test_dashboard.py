"""The dashboard's figures after each kind of change, exactly; who sees which organisation's;
the period and sector filters; the backfill of an existing registry and the rebuild."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from backend.db import connection, transaction
from backend.errors import BadUserInput, Forbidden
from backend.models.dashboard import DashboardTotal
from backend.models.enums import (
    DocumentKind,
    OrganisationType,
    RetirementKind,
    Role,
)
from backend.models.organisation import Organisation
from backend.models.project import Project
from backend.services import (
    activities,
    article6,
    certification,
    dashboard_queries,
    dashboard_recount,
    monitoring,
    organisations,
    registration,
)
from backend.services.credits import retirements, transfers
from backend.services.dashboard_queries import Figures
from tests.factories import Member, make_document, make_member
from tests.project_inputs import make_activity
from tests.services.credit_helpers import deductions, government
from tests.services.dashboard_helpers import (
    assert_totals_match_a_recount,
    authorised,
    issue_on,
    submit,
)
from tests.services.test_article6 import approach, authorization_input, trading_project

TODAY = datetime.now(UTC).date()


async def figures_of(member: Member, **filters: object) -> Figures:
    return await dashboard_queries.dashboard(principal=member.principal, **filters)  # type: ignore[arg-type]


def credits(f: Figures) -> tuple[int, int, int, int, int]:
    c = f.credits
    return f.estimated, c.issued, c.transferred, c.retired, c.cancelled


async def _scenario() -> tuple[Member, Member, Member]:
    """A's project (Energy, Efate) authorised; 90 issued, 9 of them cancelled (OMGE 10 %);
    A transfers 30 to B; B asks A for 10, A refuses; A retires 20 for the NDC, recognised; A
    asks to retire 5 more (pending)."""
    gov, a, b = await government(), await make_member(), await make_member()
    project = await authorised(a, gov, estimated=120_000)
    with deductions("0", "10"):
        _, [block, *_] = await issue_on(project, gov)
    await transfers.transfer_credits(
        principal=a.principal, block_id=block.id, quantity=30, to_organisation_id=b.organisation.id
    )
    asked = await transfers.request_transfer(principal=b.principal, block_id=block.id, quantity=10)
    figures = await figures_of(gov)
    assert dict(figures.pending_work)["TRANSFER_REQUEST"] == 1
    await transfers.reject_transfer(principal=a.principal, transfer_id=asked.value.id, reason="no")
    retired = await retirements.retire_credits(
        principal=a.principal, block_id=block.id, quantity=20, kind=RetirementKind.NDC_USE,
        beneficiary="NDC",
    )  # fmt: skip
    await retirements.recognise_retirement(principal=gov.principal, retirement_id=retired.value.id)
    await retirements.retire_credits(
        principal=a.principal, block_id=block.id, quantity=5,
        kind=RetirementKind.VOLUNTARY_CANCELLATION, beneficiary="x",
    )  # fmt: skip
    return gov, a, b


async def test_each_change_moves_the_figures_and_the_kept_totals_equal_a_recount() -> None:
    gov, a, b = await _scenario()
    everything = await figures_of(gov)
    assert credits(everything) == (120_000, 90, 30, 20, 9)
    assert everything.projects_by_status == [("AUTHORISED", 1)]
    assert everything.projects_by_sector == [("Energy", 1)]
    assert everything.projects_by_scope == [("1", 1)]
    assert everything.projects_by_region == [("Efate", 1)]
    assert everything.retired_by_kind == [("NDC_USE", 20)]
    assert [(c.key, c.issued, c.transferred, c.retired) for c in everything.credits_by_vintage] == [
        ("2025", 90, 30, 20)
    ]
    assert [(c.key, c.issued) for c in everything.credits_by_sector] == [("Energy", 90)]
    assert everything.pending_work == [("RETIREMENT_RECOGNITION", 1)]
    assert [e.type for e in everything.recent_activity][:2] == [
        "credits.retirement_requested",
        "credits.retirement_recognised",
    ]
    assert len(everything.recent_activity) == 10
    # A developer sees its own organisation's figures: the project it owns and its units.
    assert credits(await figures_of(a)) == (120_000, 90, 30, 20, 9)
    mine = await figures_of(b)
    assert credits(mine) == (0, 0, 30, 0, 0) and mine.projects_by_status == []
    assert mine.pending_work == []
    await assert_totals_match_a_recount()


async def test_government_filters_by_organisation_and_others_only_by_their_own() -> None:
    gov, a, b = await _scenario()
    assert credits(await figures_of(gov, organisation_id=b.organisation.id)) == (0, 0, 30, 0, 0)
    ministry = await make_member(OrganisationType.MINISTRY, Role.VIEWER)
    assert credits(await figures_of(ministry)) == (120_000, 90, 30, 20, 9)
    assert credits(await figures_of(b, organisation_id=b.organisation.id)) == (0, 0, 30, 0, 0)
    rows = await DashboardTotal.all().count()
    with pytest.raises(Forbidden):
        await figures_of(b, organisation_id=a.organisation.id)
    certifier = await make_member(OrganisationType.CERTIFIER, Role.VIEWER)
    with pytest.raises(Forbidden):
        await figures_of(certifier, organisation_id=a.organisation.id)
    assert credits(await figures_of(certifier)) == (0, 0, 0, 0, 0)
    assert await DashboardTotal.all().count() == rows  # a refusal changes nothing


async def test_period_and_sector_filters() -> None:
    gov, _, _ = await _scenario()
    day = timedelta(days=1)
    assert credits(await figures_of(gov, from_date=TODAY, to_date=TODAY)) == (
        120_000, 90, 30, 20, 9,
    )  # fmt: skip
    later = await figures_of(gov, from_date=TODAY + day)
    assert credits(later) == (0, 0, 0, 0, 0) and later.projects_by_status == []
    assert later.pending_work == [("RETIREMENT_RECOGNITION", 1)]  # the present state
    assert credits(await figures_of(gov, to_date=TODAY - day)) == (0, 0, 0, 0, 0)
    assert credits(await figures_of(gov, sector="Forestry")) == (0, 0, 0, 0, 0)
    assert credits(await figures_of(gov, sector="Energy")) == (120_000, 90, 30, 20, 9)
    with pytest.raises(BadUserInput):
        await figures_of(gov, from_date=TODAY, to_date=TODAY - day)


async def test_pending_work_of_organisations_projects_and_monitoring() -> None:
    gov = await government()
    admin = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    certifier = await make_member(OrganisationType.CERTIFIER)
    await registration.submit_registration(
        principal=None,
        organisation=organisations.OrganisationInput(
            name="Applicant",
            tax_id="APP-1",
            type=OrganisationType.DEVELOPER,
            email="applicant@example.org",
        ),  # fmt: skip
        admin=organisations.AdminInput(
            email="boss@example.org", name="Boss", password="a long password ok!"
        ),
    )
    owner = await make_member()
    pending_project = await submit(owner, sector="Waste", regions=("Tanna", "Tanna", "Santo"))
    project = await authorised(owner, gov)
    await certification.assign_certifier(
        principal=owner.principal, project_id=project.id, certifier_id=certifier.organisation.id
    )
    activity = await make_activity(project)
    document = await make_document(owner, DocumentKind.MONITORING_REPORT)
    report = await monitoring.submit_monitoring_report(
        principal=owner.principal, activity_id=activity.id, period_start=TODAY.replace(day=1),
        period_end=TODAY.replace(day=1), document_id=document.id, claimed_reductions=50,
    )  # fmt: skip
    assert dict((await figures_of(gov)).pending_work) == {
        "ORGANISATION_APPROVAL": 1, "PROJECT_APPROVAL": 1, "MONITORING_VERIFICATION": 1,
    }  # fmt: skip
    everything = await figures_of(gov)
    assert everything.projects_by_region == [("Efate", 1), ("Santo", 1), ("Tanna", 1)]
    assert everything.projects_by_status == [("AUTHORISED", 1), ("PENDING", 1)]
    await monitoring.verify_monitoring_report(
        principal=certifier.principal, report_id=report.value.id, verified_quantity=40
    )
    assert dict((await figures_of(gov)).pending_work)["MONITORING_APPROVAL"] == 1
    await activities.approve_activity(principal=gov.principal, activity_id=activity.id)
    await organisations.approve_organisation(
        principal=admin.principal, organisation_id=(await Organisation.get(tax_id="APP-1")).id
    )
    assert (await figures_of(gov)).pending_work == [("PROJECT_APPROVAL", 1)]
    assert pending_project.id != project.id
    await assert_totals_match_a_recount()


async def test_article6_authorised_and_first_transferred_units_by_party() -> None:
    gov, owner = await government(), await make_member()
    project = await trading_project(owner)  # made directly: counted by the rebuild below
    ca = await approach(gov)
    await dashboard_recount.rebuild_totals()
    await article6.authorize(principal=gov.principal, **authorization_input(project, ca))
    _, [block, *_] = await issue_on(project, gov)
    retired = await retirements.retire_credits(
        principal=owner.principal, block_id=block.id, quantity=7,
        kind=RetirementKind.FIRST_TRANSFER, beneficiary="Buyer", acquiring_country="JPN",
    )  # fmt: skip
    await retirements.recognise_retirement(principal=gov.principal, retirement_id=retired.value.id)
    [party] = (await figures_of(gov)).article6
    assert (party.party, party.authorised, party.first_transferred) == ("JPN", 10_000, 7)
    assert (await figures_of(gov)).retired_by_kind == [("FIRST_TRANSFER", 7)]
    await assert_totals_match_a_recount()


async def test_the_migration_backfills_an_existing_registry_and_rebuild_repairs() -> None:
    await _scenario()
    kept = await dashboard_recount.kept(connection())
    await DashboardTotal.all().delete()  # a registry from before the totals existed
    migration = importlib.import_module("backend.migrations.0012_dashboard_totals")
    async with transaction() as client:  # as the migrations run it: in a transaction
        await migration.backfill(None, SimpleNamespace(client=client))
    assert await dashboard_recount.kept(connection()) == kept != {}
    row = await DashboardTotal.filter(kind="credits", key="issued").first()
    assert row is not None
    await DashboardTotal.filter(id=row.id).update(value=row.value + 1)
    [(found, was, recounted)] = await dashboard_recount.differences()
    assert (found[0], found[5], was - recounted) == ("credits", "issued", 1)
    assert await dashboard_recount.rebuild_totals() == len(kept)
    assert await dashboard_recount.differences() == []


async def test_a_certifier_sees_the_projects_it_certifies_while_it_acts_on_them() -> None:
    """Issue 12: a certifier's figures are those of the projects it is assigned to (their
    status, estimate, issued and cancelled units, Article 6.2 units), from its assignment
    (with what was issued before) through certification, gone once revoked; never the
    transfers or retirements of others. The kept totals equal a recount at every step."""
    gov, a, b = await _scenario()  # A's project: 90 issued, 9 cancelled, 30 sent to B
    certifier = await make_member(OrganisationType.CERTIFIER)
    other = await authorised(b, gov, estimated=5_000)  # not the certifier's
    [project] = [p for p in await Project.filter(status="AUTHORISED") if p.id != other.id]
    before = await figures_of(gov)
    assert credits(await figures_of(certifier)) == (0, 0, 0, 0, 0)

    await certification.assign_certifier(
        principal=a.principal, project_id=project.id, certifier_id=certifier.organisation.id
    )
    assigned = await figures_of(certifier)
    assert credits(assigned) == (120_000, 90, 0, 0, 9)
    assert assigned.projects_by_status == [("AUTHORISED", 1)]
    assert assigned.projects_by_region == [("Efate", 1)]
    assert assigned.pending_work == [] and assigned.retired_by_kind == []
    await assert_totals_match_a_recount()
    with deductions("0", "10"):
        await issue_on(await Project.get(id=project.id), gov, year=2024)  # counted as it comes
    await certification.certify_project(principal=certifier.principal, project_id=project.id)
    assert credits(await figures_of(certifier)) == (120_000, 180, 0, 0, 18)
    everything = await figures_of(gov)
    assert credits(everything)[1] == credits(before)[1] + 90  # the registry's count once
    await assert_totals_match_a_recount()

    await certification.revoke_certification(
        principal=gov.principal, project_id=project.id, certifier_id=certifier.organisation.id,
        reason="conflict of interest",
    )  # fmt: skip
    revoked = await figures_of(certifier)
    assert credits(revoked) == (0, 0, 0, 0, 0) and revoked.projects_by_status == []
    assert credits(await figures_of(a)) == (120_000, 180, 30, 20, 18)  # the owner's stay
    await assert_totals_match_a_recount()
    await certification.assign_certifier(
        principal=gov.principal, project_id=project.id, certifier_id=certifier.organisation.id
    )
    assert credits(await figures_of(certifier)) == (120_000, 180, 0, 0, 18)
    await assert_totals_match_a_recount()


async def test_suspending_a_certifier_takes_its_projects_figures_away() -> None:
    gov, a, _ = await _scenario()
    certifier = await make_member(OrganisationType.CERTIFIER)
    [project] = await Project.filter(status="AUTHORISED")
    await certification.assign_certifier(
        principal=a.principal, project_id=project.id, certifier_id=certifier.organisation.id
    )
    assert credits(await figures_of(gov, organisation_id=certifier.organisation.id))[1] == 90

    admin = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    await organisations.suspend_organisation(
        principal=admin.principal, organisation_id=certifier.organisation.id, reason="audit"
    )

    assert credits(await figures_of(gov, organisation_id=certifier.organisation.id)) == (
        0, 0, 0, 0, 0,
    )  # fmt: skip
    await assert_totals_match_a_recount()


async def test_a_certifier_of_an_article6_project_sees_its_authorised_units() -> None:
    gov, owner = await government(), await make_member()
    certifier = await make_member(OrganisationType.CERTIFIER)
    project = await trading_project(owner)
    await dashboard_recount.rebuild_totals()  # the project made directly, counted once
    ca = await approach(gov)
    await article6.authorize(
        principal=gov.principal, **authorization_input(project, ca, quantity=12_500)
    )
    await certification.assign_certifier(
        principal=owner.principal, project_id=project.id, certifier_id=certifier.organisation.id
    )

    seen = await figures_of(certifier)

    assert [(f.party, f.authorised) for f in seen.article6] == [("JPN", 12_500)]
    await assert_totals_match_a_recount()
