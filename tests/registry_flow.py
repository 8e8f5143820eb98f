"""A realistic registry built through the services (no mocks): three organisations approved
after self-registration, a project taken through approval, authorisation, certification, an
Article 6.2 authorization, an activity, a verified monitoring report and an issuance, then
transfers (direct, requested and approved, rejected, withdrawn), retirements (recognised,
rejected, cancelled, a first transfer) and a freeze. The ledger fixture builder and the nested
permission matrices use it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from backend.models.credit import CreditBlock
from backend.models.enums import (
    ActivityType,
    AuthorizationPurpose,
    DocumentKind,
    OrganisationType,
    RetirementKind,
    Role,
)
from backend.models.organisation import Organisation
from backend.services import (
    activities,
    article6,
    certification,
    documents,
    monitoring,
    organisations,
    project_decisions,
    projects,
    registration,
    users,
)
from backend.services.credits import issuance, retirements, transfers
from backend.services.organisations import AdminInput, OrganisationChanges, OrganisationInput
from tests.factories import MINIMAL_PDF, Member, make_member
from tests.project_inputs import project_input
from tests.services.credit_helpers import deductions


@dataclass(frozen=True)
class Flow:
    """Who took part, and the ids of what they made."""

    government: Member
    developer: Member
    buyer: Member
    certifier: Member
    project_id: int
    issuance_id: int


async def _chunks(content: bytes):  # type: ignore[no-untyped-def]
    yield content


async def _upload(member: Member, kind: DocumentKind) -> int:
    recorded = await documents.upload(
        principal=member.principal, kind=kind, filename="doc.pdf", chunks=_chunks(MINIMAL_PDF)
    )
    return recorded.value.id


async def _organisation(gov: Member, kind: OrganisationType, name: str) -> Member:
    """Self-registration, approved by the government, then a signed-in admin of it."""
    await registration.submit_registration(
        principal=None,
        organisation=OrganisationInput(
            name=name, tax_id=f"TAX-{name}", type=kind, email=f"{name.lower()}@example.org"
        ),
        admin=AdminInput(
            email=f"admin@{name.lower()}.example.org",
            name=f"{name} admin",
            password="correct horse battery staple",
        ),
    )
    created = await Organisation.get(tax_id=f"TAX-{name}")
    await organisations.approve_organisation(principal=gov.principal, organisation_id=created.id)
    return await make_member(organisation=await organisations.get_organisation(created.id))


async def _block(issuance_id: int, holder_org: int | None = None, index: int = 0) -> CreditBlock:
    query = CreditBlock.filter(issuance_id=issuance_id)
    if holder_org is not None:
        query = query.filter(holder__organisation_id=holder_org)
    return list(await query.order_by("serial_start"))[index]


async def populate(approach_code: str = "CA0004") -> Flow:
    """Build the registry described above; returns its members and ids. `approach_code` names
    its cooperative approach, for a database that already holds a CA0004 (the browser tests'
    shared server)."""
    gov = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    developer = await _organisation(gov, OrganisationType.DEVELOPER, "Sunergy")
    buyer = await _organisation(gov, OrganisationType.DEVELOPER, "Buyer")
    certifier = await _organisation(gov, OrganisationType.CERTIFIER, "Verifiers")
    await organisations.update_organisation(
        principal=developer.principal,
        organisation_id=developer.organisation.id,
        changes=OrganisationChanges(website="https://sunergy.example.org"),
    )
    invited = await users.create_user(
        principal=developer.principal,
        organisation_id=developer.organisation.id,
        email="viewer@sunergy.example.org",
        name="Viewer",
        role=Role.VIEWER,
    )
    await users.update_user(
        principal=developer.principal,
        user_id=invited.value.id,
        changes=users.UserChanges(role=Role.MANAGER),
    )
    # The project, its national approval and authorisation, certification and one activity.
    design = await _upload(developer, DocumentKind.DESIGN)
    created = await projects.create_project(
        principal=developer.principal,
        input=project_input(developer, await documents.get_document(
            principal=developer.principal, document_id=design)),
    )  # fmt: skip
    project_id = created.value.id
    await project_decisions.approve_project(principal=gov.principal, project_id=project_id)
    await project_decisions.authorise_project(principal=gov.principal, project_id=project_id)
    await certification.assign_certifier(
        principal=developer.principal,
        project_id=project_id,
        certifier_id=certifier.organisation.id,
    )
    await certification.certify_project(principal=certifier.principal, project_id=project_id)
    approach = await article6.create_cooperative_approach(
        principal=gov.principal,
        code=approach_code,
        name="Vanuatu-Japan JCM",
        parties=["VUT", "JPN"],
    )
    await article6.authorize(
        principal=gov.principal,
        project_id=project_id,
        cooperative_approach_id=approach.value.id,
        authorization_id="VUT-A6-2025-001",
        authorized_on=datetime.now(UTC).date(),
        quantity=600,
        purpose=AuthorizationPurpose.NDC,
        sectors=["Energy"],
        activity_types=["Solar mini-grids"],
        authorized_parties=["JPN"],
    )
    activity = await activities.add_activity(
        principal=developer.principal,
        project_id=project_id,
        type=ActivityType.M,
        title="Rooftop solar",
        methodology="AMS-I.D.",
        estimated_credits=5000,
    )
    report_document = await _upload(developer, DocumentKind.MONITORING_REPORT)
    report = await monitoring.submit_monitoring_report(
        principal=developer.principal,
        activity_id=activity.value.id,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        document_id=report_document,
        claimed_reductions=1100,
    )
    await monitoring.verify_monitoring_report(
        principal=certifier.principal, report_id=report.value.id, verified_quantity=1000
    )
    await activities.approve_activity(principal=gov.principal, activity_id=activity.value.id)
    # Issuance with a share of proceeds (active) and an OMGE block (cancelled at issuance).
    with deductions("5", "2"):
        issued = await issuance.issue_credits(
            principal=gov.principal, monitoring_report_id=report.value.id
        )
    issuance_id = issued.value.id
    owner_block = await _block(issuance_id, developer.organisation.id)
    # A direct transfer of the tail, a request approved, one rejected, one cancelled.
    await transfers.transfer_credits(
        principal=developer.principal,
        block_id=owner_block.id,
        quantity=100,
        to_organisation_id=buyer.organisation.id,
    )
    requested = await transfers.request_transfer(
        principal=buyer.principal, block_id=owner_block.id, quantity=50
    )
    await transfers.approve_transfer(principal=developer.principal, transfer_id=requested.value.id)
    refused = await transfers.request_transfer(
        principal=buyer.principal, block_id=owner_block.id, quantity=10
    )
    await transfers.reject_transfer(
        principal=developer.principal, transfer_id=refused.value.id, reason="not for sale"
    )
    withdrawn = await transfers.request_transfer(
        principal=buyer.principal, block_id=owner_block.id, quantity=10
    )
    await transfers.cancel_transfer(principal=buyer.principal, transfer_id=withdrawn.value.id)
    # Retirements: recognised, rejected, cancelled; and an Article 6.2 first transfer.
    bought = await _block(issuance_id, buyer.organisation.id)
    for outcome in ("recognised", "rejected", "cancelled"):
        retirement = await retirements.retire_credits(
            principal=buyer.principal,
            block_id=bought.id,
            quantity=5,
            kind=RetirementKind.VOLUNTARY_CANCELLATION,
            beneficiary="Air Vanuatu passengers",
        )
        if outcome == "recognised":
            await retirements.recognise_retirement(
                principal=gov.principal, retirement_id=retirement.value.id
            )
        elif outcome == "rejected":
            await retirements.reject_retirement(
                principal=gov.principal, retirement_id=retirement.value.id, reason="no proof"
            )
        else:
            await retirements.cancel_retirement(
                principal=buyer.principal, retirement_id=retirement.value.id
            )
    owner_block = await CreditBlock.get(id=owner_block.id)
    first = await retirements.retire_credits(
        principal=developer.principal,
        block_id=owner_block.id,
        quantity=20,
        kind=RetirementKind.FIRST_TRANSFER,
        beneficiary="Japan Carbon Buyer K.K.",
        acquiring_country="JPN",
    )
    await retirements.recognise_retirement(principal=gov.principal, retirement_id=first.value.id)
    await transfers.set_transfers_frozen(principal=gov.principal, frozen=True, reason="audit")
    await transfers.set_transfers_frozen(principal=gov.principal, frozen=False, reason=None)
    return Flow(gov, developer, buyer, certifier, project_id, issuance_id)
