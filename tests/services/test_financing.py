"""Project financing below GraphQL: the lifecycle, exact amounts, what the public ledger may say,
who is told, and that refusals change nothing."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest

from backend.config import Settings
from backend.errors import BadUserInput, Conflict, Forbidden, NotFound
from backend.ledger.canonical import parse_body
from backend.models.enums import (
    FinancingInstrument,
    FinancingStatus,
    OrganisationType,
    ProjectStatus,
    Role,
)
from backend.models.financing import Financing
from backend.models.ledger import LedgerEntry
from backend.models.notification import Notification
from backend.models.project import Project
from backend.services import financing
from backend.services.access import project_target
from backend.services.recorded import Recorded
from tests.factories import Member, ledger_size, make_member, make_organisation, make_project

AMOUNT = Decimal("12345678901234.56")


async def ask(
    owner: Member, project: Project, amount: Decimal = AMOUNT, **changes: Any
) -> Recorded[Financing]:
    arguments: dict[str, Any] = {
        "instrument": FinancingInstrument.CONCESSIONAL_LOAN,
        "is_public": True,
        "is_international": False,
        "from_name": "Green Climate Fund",
        "terms": "2 % over 10 years",
    }
    arguments.update(changes)
    return await financing.request_financing(
        principal=owner.principal, project_id=project.id, amount=amount, **arguments
    )


async def snapshot() -> tuple[Any, ...]:
    rows = await Financing.all().order_by("id").values_list("id", "status", "status_reason")
    notes = await Notification.all().order_by("id").values_list("id", "done_at")
    return (await ledger_size(), tuple(rows), tuple(notes))


def mails_to(settings: Settings, address: str) -> list[str]:
    """The subjects of the e-mails written to the outbox for `address`."""
    outbox: Path = settings.outbox_dir
    subjects = []
    for path in sorted(outbox.iterdir()) if outbox.exists() else []:
        message = message_from_bytes(path.read_bytes())
        if message["To"] == address:
            subjects.append(str(message["Subject"]))
    return subjects


def entry_body(seq: int, entry: LedgerEntry) -> dict[str, Any]:
    body = parse_body(bytes(entry.body))
    assert body["seq"] == seq
    return body


async def test_the_lifecycle_keeps_the_amount_exact_and_out_of_the_ledger(
    settings: Settings,
) -> None:
    owner = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    ministry = await make_member(OrganisationType.MINISTRY, Role.MANAGER)  # scope 1
    elsewhere = await make_member(
        OrganisationType.MINISTRY,
        Role.ADMIN,
        organisation=await make_organisation(OrganisationType.MINISTRY, scopes=(9,)),
    )
    project = await make_project(owner, scope=1)

    requested = await ask(owner, project)

    row = await Financing.get(id=requested.value.id)
    assert row.amount == AMOUNT and str(row.amount) == "12345678901234.56"
    assert (row.status, row.requested_by_id) == (FinancingStatus.PENDING, owner.organisation.id)
    assert (row.from_name, row.terms) == ("Green Climate Fund", "2 % over 10 years")
    entry = await LedgerEntry.get(seq=requested.ledger_seq)
    body = entry_body(requested.ledger_seq, entry)
    assert len(row.commitment_salt) == 32
    expected_hash = hashlib.sha256(
        f"financing:{row.id}:12345678901234.56:{row.commitment_salt}".encode()
    ).hexdigest()
    assert (body["type"], entry.subject) == ("financing.requested", f"project:{project.id}")
    assert body["data"] == {
        "financing_id": row.id,
        "project_id": project.id,
        "instrument": "CONCESSIONAL_LOAN",
        "is_public": True,
        "is_international": False,
        "status": "PENDING",
        "amount_sha256": expected_hash,
    }
    raw = bytes(entry.body).decode()
    assert "12345678901234" not in raw and "10 years" not in raw and "Green" not in raw
    tasks = await Notification.filter(about=f"financing:{row.id}").order_by("user_id")
    assert {t.user_id for t in tasks} == {government.user.id, ministry.user.id}
    assert all(t.is_task and t.event == "financing.requested" for t in tasks)
    assert elsewhere.user.id not in {t.user_id for t in tasks}
    subject = f"Financing was requested for project {project.title}"
    assert mails_to(settings, government.user.email) == [subject]
    assert mails_to(settings, elsewhere.user.email) == []

    approved = await financing.approve_financing(principal=ministry.principal, financing_id=row.id)

    assert approved.value.status is FinancingStatus.APPROVED
    assert approved.ledger_seq == requested.ledger_seq + 1
    decided = entry_body(approved.ledger_seq, await LedgerEntry.get(seq=approved.ledger_seq))
    assert decided["type"] == "financing.approved" and decided["data"]["status"] == "APPROVED"
    assert all(
        t.done_at is not None
        for t in await Notification.filter(is_task=True, about=f"financing:{row.id}")
    )
    told = await Notification.filter(event="financing.approved", about=f"financing:{row.id}")
    assert [t.user_id for t in told] == [owner.user.id] and not told[0].is_task
    assert mails_to(settings, owner.user.email) == [
        f"Financing for project {project.title} was approved"
    ]


async def test_rejection_keeps_its_reason_off_the_ledger_and_tells_the_owners(
    settings: Settings,
) -> None:
    owner = await make_member()
    colleague = await make_member(
        OrganisationType.DEVELOPER, Role.VIEWER, organisation=owner.organisation
    )
    government = await make_member(OrganisationType.GOVERNMENT, Role.MANAGER)
    project = await make_project(owner)
    requested = await ask(owner, project, Decimal("500"))

    rejected = await financing.reject_financing(
        principal=government.principal, financing_id=requested.value.id, reason=" terms unclear "
    )

    assert (rejected.value.status, rejected.value.status_reason) == (
        FinancingStatus.REJECTED,
        "terms unclear",
    )
    entry = await LedgerEntry.get(seq=rejected.ledger_seq)
    assert b"unclear" not in bytes(entry.body)
    assert mails_to(settings, owner.user.email) == [
        f"Financing for project {project.title} was rejected: terms unclear"
    ]
    assert mails_to(settings, colleague.user.email) == []  # viewers have nothing to do


async def test_the_requester_cancels_a_pending_financing() -> None:
    owner = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    co_owner = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    project = await make_project(owner, co_owners=((co_owner.organisation, "30"),))
    requested = await ask(owner, project)
    before = await snapshot()

    with pytest.raises(Forbidden):
        await financing.cancel_financing(
            principal=co_owner.principal, financing_id=requested.value.id
        )
    assert await snapshot() == before
    cancelled = await financing.cancel_financing(
        principal=owner.principal, financing_id=requested.value.id
    )

    assert cancelled.value.status is FinancingStatus.CANCELLED
    body = entry_body(cancelled.ledger_seq, await LedgerEntry.get(seq=cancelled.ledger_seq))
    assert body["type"] == "financing.cancelled"
    open_tasks = await Notification.filter(about=f"financing:{requested.value.id}", done_at=None)
    assert open_tasks == []


@pytest.mark.parametrize(
    "status", [FinancingStatus.APPROVED, FinancingStatus.REJECTED, FinancingStatus.CANCELLED]
)
@pytest.mark.parametrize("operation", ["approve", "reject", "cancel"])
async def test_only_a_pending_financing_moves(status: FinancingStatus, operation: str) -> None:
    owner = await make_member()
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    requested = await ask(owner, await make_project(owner))
    await Financing.filter(id=requested.value.id).update(status=status)
    before = await snapshot()

    with pytest.raises(Conflict) as refused:
        if operation == "approve":
            await financing.approve_financing(
                principal=government.principal, financing_id=requested.value.id
            )
        elif operation == "reject":
            await financing.reject_financing(
                principal=government.principal, financing_id=requested.value.id, reason="no"
            )
        else:
            await financing.cancel_financing(
                principal=owner.principal, financing_id=requested.value.id
            )

    assert refused.value.details == {"status": status.value}
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("amount", "kept"),
    [
        ("0.01", "0.01"),
        ("1", "1.00"),
        ("1.5", "1.50"),
        ("1.500", "1.50"),
        ("9999999999999999.99", "9999999999999999.99"),
        ("12345678901234.56", "12345678901234.56"),
    ],
)
async def test_amounts_are_exact(amount: str, kept: str) -> None:
    owner = await make_member()
    requested = await ask(owner, await make_project(owner), Decimal(amount))
    row = await Financing.get(id=requested.value.id)
    assert format(row.amount, "f") == kept and row.amount == Decimal(amount)


@pytest.mark.parametrize(
    "amount", ["0", "-1", "0.001", "1.005", "10000000000000000", "1E+16", "NaN", "Infinity"]
)
async def test_bad_amounts_change_nothing(amount: str) -> None:
    owner = await make_member()
    project = await make_project(owner)
    before = await snapshot()
    with pytest.raises(BadUserInput) as refused:
        await ask(owner, project, Decimal(amount))
    assert refused.value.details == {"field": "amount"}
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"from_name": None}, "from"),
        ({"from_organisation_id": 1}, "from"),
        ({"from_name": None, "from_organisation_id": 10**9}, "fromOrganisationId"),
        ({"from_name": "  "}, "fromName"),
        ({"terms": "x" * 5001}, "terms"),
    ],
)
async def test_the_funder_and_terms_are_checked(changes: dict[str, Any], field: str) -> None:
    owner = await make_member()
    project = await make_project(owner)
    before = await snapshot()
    with pytest.raises(BadUserInput) as refused:
        await ask(owner, project, **changes)
    assert refused.value.details["field"] == field
    assert await snapshot() == before


async def test_a_funder_in_the_registry() -> None:
    owner = await make_member()
    bank = await make_organisation(OrganisationType.PARTNER)
    requested = await ask(
        owner, await make_project(owner), from_name=None, from_organisation_id=bank.id
    )
    assert (requested.value.from_organisation_id, requested.value.from_name) == (bank.id, None)


async def test_a_rejected_project_seeks_no_financing() -> None:
    owner = await make_member()
    project = await make_project(owner, ProjectStatus.REJECTED)
    before = await snapshot()
    with pytest.raises(Conflict):
        await ask(owner, project)
    assert await snapshot() == before


async def test_refusals_for_others_and_unknown_objects() -> None:
    owner = await make_member()
    stranger = await make_member()
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    project = await make_project(owner)
    requested = await ask(owner, project)
    before = await snapshot()

    with pytest.raises(Forbidden):
        await ask(stranger, project)
    with pytest.raises(Forbidden):
        await financing.cancel_financing(
            principal=stranger.principal, financing_id=requested.value.id
        )
    with pytest.raises(Forbidden):
        await financing.approve_financing(
            principal=owner.principal, financing_id=requested.value.id
        )
    with pytest.raises(NotFound):
        await financing.request_financing(
            principal=owner.principal,
            project_id=10**9,
            amount=AMOUNT,
            instrument=FinancingInstrument.GRANT,
            is_public=True,
            is_international=True,
            from_name="x",
        )
    with pytest.raises(NotFound):
        await financing.approve_financing(principal=government.principal, financing_id=10**9)
    assert await snapshot() == before


async def test_list_financings_filters_and_pages() -> None:
    owner = await make_member()
    government = await make_member(OrganisationType.GOVERNMENT, Role.VIEWER)
    first, second = await make_project(owner), await make_project(owner)
    ids = [(await ask(owner, first, Decimal(n))).value.id for n in (1, 2, 3)]
    other = (await ask(owner, second)).value.id
    await Financing.filter(id=ids[0]).update(status=FinancingStatus.APPROVED)

    rows, total = await financing.list_financings(
        principal=government.principal, project_id=first.id
    )
    assert ([r.id for r in rows], total) == (ids[::-1], 3)
    rows, total = await financing.list_financings(
        principal=government.principal, status=FinancingStatus.PENDING, offset=1, limit=1
    )
    assert ([r.id for r in rows], total) == ([ids[2]], 3)
    assert other in [
        r.id for r in (await financing.list_financings(principal=government.principal))[0]
    ]


async def test_project_targets_in_bulk_match_one_by_one() -> None:
    owner = await make_member()
    co_owner = await make_member()
    certifier = await make_organisation(OrganisationType.CERTIFIER)
    projects = [
        await make_project(owner, scope=3, certifiers=(certifier,)),
        await make_project(owner, co_owners=((co_owner.organisation, "50"),)),
    ]
    targets = await financing.project_targets([p.id for p in projects] + [10**9])
    assert targets == {p.id: await project_target(p.id) for p in projects}


async def test_financings_of_projects_in_one_query() -> None:
    owner = await make_member()
    first, second = await make_project(owner), await make_project(owner)
    older, newer = (await ask(owner, first)).value, (await ask(owner, first)).value

    grouped = await financing.financings_of_projects([second.id, first.id])

    assert grouped == {second.id: [], first.id: [newer, older]}
