"""Monitoring reports below GraphQL: submission per period, verification by an assigned
certifier, their ledger entries and tasks, and every refusal changing nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backend.errors import BadUserInput, Conflict, Forbidden, NotFound
from backend.ledger.canonical import parse_body
from backend.models.document import Document
from backend.models.enums import (
    ActivityStatus,
    CertificationStatus,
    DocumentKind,
    MonitoringReportStatus,
    OrganisationType,
    Role,
)
from backend.models.ledger import LedgerEntry
from backend.models.notification import Notification
from backend.models.project import ProjectCertifier
from backend.services import monitoring
from tests.factories import make_document, make_member, make_project
from tests.project_inputs import state
from tests.services.test_activities import World, add, report, world

JAN, JUN = date(2025, 1, 1), date(2025, 6, 30)


async def test_submission_attaches_the_document_and_asks_the_acting_certifiers() -> None:
    w = await world()
    revoked = await make_member(OrganisationType.CERTIFIER, Role.ADMIN)
    await ProjectCertifier.create(
        project=w.project, organisation=revoked.organisation, status=CertificationStatus.REVOKED
    )
    activity = await add(w)
    document = await make_document(w.developer, DocumentKind.MONITORING_REPORT)
    recorded = await monitoring.submit_monitoring_report(
        principal=w.developer.principal, activity_id=activity.id, period_start=JAN,
        period_end=JUN, document_id=document.id, claimed_reductions=12_000,
    )  # fmt: skip
    submitted = recorded.value
    assert (submitted.status, submitted.claimed_reductions) == (
        MonitoringReportStatus.SUBMITTED,
        12_000,
    )
    assert (await Document.get(id=document.id)).project_id == w.project.id
    row = await LedgerEntry.get(seq=recorded.ledger_seq)
    assert (row.type, row.subject) == ("monitoring.submitted", f"project:{w.project.id}")
    assert parse_body(bytes(row.body))["data"] == {
        "report_id": submitted.id,
        "activity_id": activity.id,
        "code": activity.code,
        "project_id": w.project.id,
        "period_start": "2025-01-01",
        "period_end": "2025-06-30",
        "claimed_reductions": 12_000,
        "verified_quantity": None,
        "verified_by": None,
        "status": "SUBMITTED",
        "document": {
            "document_id": document.id,
            "kind": "MONITORING_REPORT",
            "sha256": document.sha256,
        },
    }
    tasks = await Notification.all().values_list("user_id", "event", "about", "is_task")
    assert tasks == [
        (w.certifier.user.id, "monitoring.submitted", f"monitoring:{submitted.id}", True)
    ]


async def test_periods_of_one_activity_never_overlap() -> None:
    w = await world()
    activity, other = await add(w), await add(w)
    await report(w, activity, JAN, JUN, 100)
    await report(w, activity, date(2025, 7, 1), date(2025, 7, 31), 100)  # adjacent is fine
    await report(w, other, JAN, JUN, 100)  # another activity's period is its own
    for start, end in [(JUN, JUN), (JAN, JAN), (date(2025, 3, 1), date(2025, 9, 1))]:
        before = await state()
        with pytest.raises(Conflict):
            await report(w, activity, start, end, 100)
        assert (await state())[:6] == before[:6]


async def test_submission_refusals() -> None:
    w = await world()
    activity = await add(w)
    mine = await make_document(w.developer, DocumentKind.MONITORING_REPORT)
    design = await make_document(w.developer)
    stranger = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    theirs = await make_document(stranger, DocumentKind.MONITORING_REPORT)
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    cases = [
        (w.developer, JUN, JAN, mine.id, 10, BadUserInput),  # ends before it starts
        (w.developer, date(2024, 12, 1), JUN, mine.id, 10, BadUserInput),  # before the project
        (w.developer, JAN, tomorrow, mine.id, 10, BadUserInput),  # in the future
        (w.developer, JAN, JUN, mine.id, 0, BadUserInput),
        (w.developer, JAN, JUN, design.id, 10, BadUserInput),  # a design document
        (w.developer, JAN, JUN, theirs.id, 10, NotFound),  # not yours, and private
        (w.developer, JAN, JUN, 999_999, 10, NotFound),
        (stranger, JAN, JUN, theirs.id, 10, Forbidden),
        (w.certifier, JAN, JUN, mine.id, 10, Forbidden),
    ]
    before = await state()
    for member, start, end, document_id, claimed, error in cases:
        with pytest.raises(error):
            await monitoring.submit_monitoring_report(
                principal=member.principal, activity_id=activity.id, period_start=start,
                period_end=end, document_id=document_id, claimed_reductions=claimed,
            )  # fmt: skip
    with pytest.raises(NotFound):
        await monitoring.submit_monitoring_report(
            principal=w.developer.principal, activity_id=999_999, period_start=JAN,
            period_end=JUN, document_id=mine.id, claimed_reductions=10,
        )  # fmt: skip
    assert await state() == before


async def test_a_rejected_activity_gets_no_report() -> None:
    w = await world()
    activity = await add(w)
    await activity.filter(id=activity.id).update(status=ActivityStatus.REJECTED)
    before = await state()
    with pytest.raises(Conflict):
        await report(w, activity, JAN, JUN, 10)
    assert (await state())[:6] == before[:6]


async def test_verification_by_the_assigned_certifier() -> None:
    w = await world()
    activity = await add(w)
    submitted = await report(w, activity, JAN, JUN, 10_000)
    recorded = await monitoring.verify_monitoring_report(
        principal=w.certifier.principal, report_id=submitted.id, verified_quantity=10_000
    )
    verified = recorded.value
    assert (verified.status, verified.verified_quantity, verified.verified_by_id) == (
        MonitoringReportStatus.VERIFIED,
        10_000,
        w.certifier.organisation.id,
    )
    data = parse_body(bytes((await LedgerEntry.get(seq=recorded.ledger_seq)).body))["data"]
    assert (data["verified_quantity"], data["verified_by"], data["status"]) == (
        10_000,
        w.certifier.organisation.id,
        "VERIFIED",
    )
    notices = (
        await Notification.all()
        .order_by("id")
        .values_list("user_id", "event", "about", "is_task", "done_at")
    )
    certifier_task, *rest = notices
    assert certifier_task[:4] == (
        w.certifier.user.id,
        "monitoring.submitted",
        f"monitoring:{submitted.id}",
        True,
    )
    assert certifier_task[4] is not None
    assert sorted(r[:4] for r in rest) == sorted([
        (w.government.user.id, "monitoring.verified", f"activity:{activity.id}", True),
        (w.developer.user.id, "monitoring.verified", f"activity:{activity.id}", False),
    ])  # fmt: skip


async def test_verification_refusals() -> None:
    w = await world()
    activity = await add(w)
    submitted = await report(w, activity, JAN, JUN, 10_000)
    done = await report(w, activity, date(2025, 7, 1), date(2025, 7, 31), 10, 10)
    unassigned = await make_member(OrganisationType.CERTIFIER, Role.MANAGER)
    viewer = await make_member(
        OrganisationType.CERTIFIER, Role.VIEWER, organisation=w.certifier.organisation
    )
    before = await state()
    for member, report_id, quantity, error in [
        (w.certifier, submitted.id, 10_001, BadUserInput),
        (w.certifier, submitted.id, 0, BadUserInput),
        (w.certifier, done.id, 10, Conflict),
        (w.certifier, 999_999, 10, NotFound),
        (unassigned, submitted.id, 10, Forbidden),
        (viewer, submitted.id, 10, Forbidden),
        (w.government, submitted.id, 10, Forbidden),
        (w.developer, submitted.id, 10, Forbidden),
    ]:
        with pytest.raises(error):
            await monitoring.verify_monitoring_report(
                principal=member.principal, report_id=report_id, verified_quantity=quantity
            )
    assert await state() == before
    await ProjectCertifier.filter(project_id=w.project.id).update(
        status=CertificationStatus.REVOKED
    )
    with pytest.raises(Forbidden):  # a revoked certifier verifies nothing
        await monitoring.verify_monitoring_report(
            principal=w.certifier.principal, report_id=submitted.id, verified_quantity=10
        )


async def test_reports_of_an_authorised_project_too() -> None:
    w = await world()
    project = await make_project(
        w.developer, w.project.status, certifiers=(w.certifier.organisation,)
    )
    w2 = World(w.developer, w.government, w.certifier, project)
    activity = await add(w2)
    verified = await report(w2, activity, JAN, JUN, 50, 49)
    assert verified.status is MonitoringReportStatus.VERIFIED
