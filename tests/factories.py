"""Test data built through the models and services (no mocks)."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from backend.db import transaction
from backend.models.activity import Activity, MonitoringReport
from backend.models.document import Document
from backend.models.enums import (
    ActivityScope,
    ActivityStatus,
    ActivityType,
    CertificationStatus,
    DocumentKind,
    MonitoringReportStatus,
    OrganisationStatus,
    OrganisationType,
    ProjectStatus,
    Role,
)
from backend.models.ledger import LedgerHead
from backend.models.organisation import Organisation
from backend.models.project import Project, ProjectCertifier, ProjectOwner
from backend.models.user import Session, User
from backend.policy import Principal
from backend.services import counters, runtime
from backend.services.passwords import hash_password, new_token, token_digest

PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = hash_password(PASSWORD)
_numbers = itertools.count(1)


@dataclass(frozen=True)
class Member:
    """A signed-in user: their rows, their principal and a bearer token."""

    user: User
    organisation: Organisation
    principal: Principal
    token: str


async def make_organisation(
    type: OrganisationType = OrganisationType.DEVELOPER,
    status: OrganisationStatus = OrganisationStatus.ACTIVE,
    *,
    scopes: tuple[int, ...] = (),
) -> Organisation:
    number = next(_numbers)
    return await Organisation.create(
        name=f"{type.value.title()} {number}",
        tax_id=f"TAX-{number}",
        type=type,
        status=status,
        email=f"org{number}@example.org",
        phone="+678 555 0100",
        country="VU",
        sectoral_scopes=list(scopes or ((1,) if type is OrganisationType.MINISTRY else ())),
    )


async def make_member(
    type: OrganisationType = OrganisationType.DEVELOPER,
    role: Role = Role.ADMIN,
    *,
    organisation: Organisation | None = None,
) -> Member:
    organisation = organisation or await make_organisation(type)
    number = next(_numbers)
    user = await User.create(
        organisation=organisation,
        email=f"user{number}@example.org",
        name=f"User {number}",
        role=role,
        password_hash=_PASSWORD_HASH,
        phone="+678 555 0199",
    )
    token = new_token()
    await Session.create(
        user=user,
        token_hash=token_digest(runtime.current().secret_key, token),
        expires_at=datetime.now(UTC) + timedelta(hours=1),
    )
    principal = Principal(
        user.id, organisation.id, organisation.type, role, frozenset(organisation.sectoral_scopes)
    )
    return Member(user, organisation, principal, token)


async def ledger_size() -> int:
    return (await LedgerHead.get(id=1)).size


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


async def make_document(
    member: Member, kind: DocumentKind = DocumentKind.DESIGN, content: bytes = MINIMAL_PDF
) -> Document:
    """A document really stored in the runtime's document store, uploaded by member."""
    key = f"test/{uuid.uuid4().hex}"

    async def chunks() -> AsyncIterator[bytes]:
        yield content

    stored = await runtime.current().store.put(key, chunks(), max_bytes=len(content) + 1)
    return await Document.create(
        kind=kind,
        storage_key=key,
        sha256=stored.sha256,
        size=stored.size,
        media_type=stored.media_type,
        filename="document.pdf",
        organisation=member.organisation,
        uploaded_by=member.user,
    )


async def make_project(
    owner: Member,
    status: ProjectStatus = ProjectStatus.PENDING,
    *,
    scope: int = 1,
    certifiers: tuple[Organisation, ...] = (),
    co_owners: tuple[tuple[Organisation, str], ...] = (),
) -> Project:
    """A project of owner's organisation (100 %, less any co-owners' shares) in a given status."""
    async with transaction() as connection:  # the registry's own project numbers, never reused
        number = await counters.take(connection, "project")
    document = await make_document(owner)
    project = await Project.create(
        number=number,
        title=f"Project {number}",
        external_id=f"EXT-{number}",
        sector="Energy",
        sectoral_scope=scope,
        start_date=date(2025, 1, 1),
        end_date=date(2034, 12, 31),
        ghgs=["CO2"],
        activity_scope=ActivityScope.UNCONDITIONAL,
        location={"regions": ["Efate"]},
        estimated_credits=100_000,
        estimated_cost=Decimal("250000.00"),
        design_document=document,
        status=status,
        created_by=owner.organisation,
        serial_prefix=f"VU-NVU-{scope}-{number}" if status is ProjectStatus.AUTHORISED else None,
    )
    await Document.filter(id=document.id).update(project_id=project.id)
    rest = Decimal(100) - sum((Decimal(share) for _, share in co_owners), Decimal(0))
    await ProjectOwner.create(project=project, organisation=owner.organisation, percentage=rest)
    for organisation, share in co_owners:
        await ProjectOwner.create(
            project=project, organisation=organisation, percentage=Decimal(share)
        )
    for certifier in certifiers:
        await ProjectCertifier.create(
            project=project, organisation=certifier, status=CertificationStatus.ASSIGNED
        )
    return project


async def make_approved_report(
    project: Project, quantity: int, *, year: int = 2025
) -> MonitoringReport:
    """An approved activity with one approved monitoring period of `quantity` verified units."""
    async with transaction() as connection:
        number = await counters.take(connection, "activity")
    activity = await Activity.create(
        code=f"{project.number:03d}-M-{number:03d}",
        number=number,
        project=project,
        type=ActivityType.M,
        title="Solar mini-grid",
        methodology="AMS-I.D.",
        estimated_credits=quantity,
        verified_credits=quantity,
        status=ActivityStatus.APPROVED,
    )
    owner = await ProjectOwner.filter(project_id=project.id).first()
    assert owner is not None
    member = await make_member(organisation=await Organisation.get(id=owner.organisation_id))
    document = await make_document(member, DocumentKind.MONITORING_REPORT)
    return await MonitoringReport.create(
        activity=activity,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        document=document,
        claimed_reductions=quantity,
        verified_quantity=quantity,
        status=MonitoringReportStatus.APPROVED,
    )
