"""Project submission and changes below GraphQL: the ledger entry, the deciders' tasks, who may
submit and change, and that a refusal changes nothing (field rules: test_project_validation)."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

import pytest

from backend.errors import BadUserInput, Conflict, Forbidden, NotFound
from backend.ledger.canonical import parse_body
from backend.models.document import Document
from backend.models.enums import DocumentKind, OrganisationType, ProjectStatus, Role
from backend.models.ledger import LedgerEntry
from backend.models.notification import Notification
from backend.models.project import ProjectOwner
from backend.services import projects
from backend.services.locations import Location
from backend.services.project_validation import OwnerShare, ProjectChanges
from tests.factories import make_document, make_member, make_organisation, make_project
from tests.project_inputs import project_input, state


async def body(seq: int) -> dict[str, Any]:
    entry = await LedgerEntry.get(seq=seq)
    return {"subject": entry.subject, **parse_body(bytes(entry.body))}


async def test_submission_is_recorded_and_the_deciders_get_a_task() -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    gov_manager = await make_member(
        OrganisationType.GOVERNMENT, Role.MANAGER, organisation=government.organisation
    )
    await make_member(
        OrganisationType.GOVERNMENT, Role.VIEWER, organisation=government.organisation
    )
    in_scope = await make_member(OrganisationType.MINISTRY, Role.MANAGER)  # scope 1
    out_of_scope = await make_organisation(OrganisationType.MINISTRY, scopes=(7,))
    await make_member(OrganisationType.MINISTRY, Role.ADMIN, organisation=out_of_scope)
    design = await make_document(developer)
    assessment = await make_document(developer, DocumentKind.ENVIRONMENTAL_IMPACT_ASSESSMENT)

    recorded = await projects.create_project(
        principal=developer.principal,
        input=project_input(developer, design, environmental_assessment_document_id=assessment.id),
    )

    project = recorded.value
    assert (project.status, project.number, project.serial_prefix) == (
        ProjectStatus.PENDING,
        1,
        None,
    )
    assert project.design_document_id == design.id
    assert await Document.filter(project_id=project.id).order_by("id").values_list(
        "id", flat=True
    ) == [design.id, assessment.id]
    owners = await ProjectOwner.filter(project_id=project.id).values_list(
        "organisation_id", "percentage"
    )
    assert owners == [(developer.organisation.id, Decimal("100.00"))]
    geometry_text = json.dumps(
        {"geometry": {"coordinates": [168.3273, -17.7334], "type": "Point"}, "regions": ["Efate"]},
        separators=(",", ":"),
    )
    entry = await body(recorded.ledger_seq)
    assert (entry["type"], entry["subject"], entry["actor"]) == (
        "project.submitted",
        f"project:{project.id}",
        f"user:{developer.user.id}",
    )
    assert entry["data"] == {
        "project_id": project.id,
        "number": 1,
        "title": "Solar Efate",
        "external_id": project.external_id,
        "sector": "Energy",
        "sectoral_scope": 1,
        "start_date": "2024-01-01",
        "end_date": "2034-12-31",
        "ghgs": ["CO2", "CH4"],
        "activity_scope": "UNCONDITIONAL",
        "location": {
            "regions": ["Efate"],
            "sha256": hashlib.sha256(geometry_text.encode()).hexdigest(),
        },
        "article6_trading": True,
        "buyer_countries": ["CH", "JP"],
        "estimated_credits": 120_000,
        "environmental_assessment_number": "EIA-2024-17",
        "status": "PENDING",
        "owners": [{"organisation_id": developer.organisation.id, "percentage": "100.00"}],
        "design_document": {"document_id": design.id, "kind": "DESIGN", "sha256": design.sha256},
        "environmental_assessment_document": {
            "document_id": assessment.id,
            "kind": "ENVIRONMENTAL_IMPACT_ASSESSMENT",
            "sha256": assessment.sha256,
        },
    }
    tasks = (
        await Notification.all()
        .order_by("user_id")
        .values_list("user_id", "event", "about", "is_task", "subject")
    )
    assert tasks == [
        (user.user.id, "project.submitted", f"project:{project.id}", True,
         "Project Solar Efate was submitted for approval")
        for user in (government, gov_manager, in_scope)
    ]  # fmt: skip


async def test_co_owners_with_two_decimal_shares() -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    partner = await make_organisation(OrganisationType.DEVELOPER)
    shares = (
        OwnerShare(developer.organisation.id, Decimal("60.5")),
        OwnerShare(partner.id, Decimal("39.50")),
    )
    recorded = await projects.create_project(
        principal=developer.principal,
        input=project_input(developer, await make_document(developer), owners=shares),
    )
    entry = await body(recorded.ledger_seq)
    assert entry["data"]["owners"] == [
        {"organisation_id": developer.organisation.id, "percentage": "60.50"},
        {"organisation_id": partner.id, "percentage": "39.50"},
    ]


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (OrganisationType.DEVELOPER, Role.VIEWER),
        (OrganisationType.GOVERNMENT, Role.ADMIN),
        (OrganisationType.CERTIFIER, Role.MANAGER),
    ],
)
async def test_only_developer_workers_submit(kind: OrganisationType, role: Role) -> None:
    member = await make_member(kind, role)
    before = await state()
    with pytest.raises(Forbidden):
        await projects.create_project(
            principal=member.principal, input=project_input(member, await make_document(member))
        )
    assert (await state())[0:2] == before[0:2]


async def test_update_changes_details_and_records_which() -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    project = await make_project(developer, ProjectStatus.APPROVED)
    recorded = await projects.update_project(
        principal=developer.principal,
        project_id=project.id,
        changes=ProjectChanges(
            title="Solar Efate II",
            location=Location(regions=("Efate", "Tanna")),
            minimum_carbon_price=Decimal("15"),
        ),
    )
    assert recorded.value.title == "Solar Efate II"
    assert recorded.value.minimum_carbon_price == Decimal("15.00")
    entry = await body(recorded.ledger_seq)
    assert entry["type"] == "project.updated" and entry["subject"] == f"project:{project.id}"
    assert entry["data"]["changed"] == ["location", "minimum_carbon_price", "title"]
    assert entry["data"]["location"]["regions"] == ["Efate", "Tanna"]


async def test_update_rules() -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    government = await make_member(OrganisationType.GOVERNMENT, Role.MANAGER)
    stranger = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    pending = await make_project(developer)
    trading = await projects.update_project(
        principal=government.principal,
        project_id=pending.id,
        changes=ProjectChanges(article6_trading=True, buyer_countries=("SG",)),
    )
    assert trading.value.buyer_countries == ["SG"]
    ended = await projects.update_project(
        principal=developer.principal,
        project_id=pending.id,
        changes=ProjectChanges(article6_trading=False),
    )
    assert (ended.value.article6_trading, ended.value.buyer_countries) == (False, [])
    unchanged = await state()
    change = ProjectChanges(title="Renamed")
    with pytest.raises(Forbidden):
        await projects.update_project(
            principal=stranger.principal, project_id=pending.id, changes=change
        )
    with pytest.raises(BadUserInput):
        await projects.update_project(
            principal=developer.principal, project_id=pending.id, changes=ProjectChanges()
        )
    with pytest.raises(BadUserInput):
        await projects.update_project(
            principal=developer.principal,
            project_id=pending.id,
            changes=ProjectChanges(end_date=pending.start_date),
        )
    with pytest.raises(NotFound):
        await projects.update_project(
            principal=developer.principal, project_id=999_999, changes=change
        )
    assert await state() == unchanged
    for status in (ProjectStatus.AUTHORISED, ProjectStatus.REJECTED):
        closed = await make_project(developer, status)
        before = await state()
        with pytest.raises(Conflict):
            await projects.update_project(
                principal=developer.principal, project_id=closed.id, changes=change
            )
        assert await state() == before
