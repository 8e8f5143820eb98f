"""Entry types about projects, their certifiers, activities, monitoring, financing and their
Article 6.2 authorizations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypedDict

from .base import Entry


class LocationFacts(TypedDict):
    """A location as the ledger holds it: its regions and the SHA-256 of its GeoJSON."""

    regions: Sequence[str]
    sha256: str


class AttachmentFacts(TypedDict):
    """A document attached to a project: its ID, kind and the SHA-256 of its bytes."""

    document_id: int
    kind: str
    sha256: str


class OwnerShareFacts(TypedDict):
    """One owner of a project and its share (a decimal percentage as text)."""

    organisation_id: int
    percentage: str


class ProjectFacts(TypedDict):
    """What the public ledger says of a project (no cost, no minimum price)."""

    project_id: int
    number: int
    title: str
    external_id: str
    sector: str
    sectoral_scope: int
    start_date: str
    end_date: str
    ghgs: Sequence[str]
    activity_scope: str
    location: LocationFacts
    article6_trading: bool
    buyer_countries: Sequence[str]
    estimated_credits: int
    environmental_assessment_number: str | None
    status: str


class ActivityFacts(TypedDict):
    """What the public ledger says of an activity."""

    activity_id: int
    code: str
    project_id: int
    type: str
    title: str
    methodology: str
    mitigation_type: str | None
    estimated_credits: int
    verified_credits: int
    co_benefits: Sequence[int]
    status: str


class ApprovedReport(TypedDict):
    """A monitoring period approved with its activity."""

    report_id: int
    period_start: str
    period_end: str
    verified_quantity: int


class MonitoringFacts(TypedDict):
    """What the public ledger says of a monitoring report."""

    report_id: int
    activity_id: int
    code: str
    project_id: int
    period_start: str
    period_end: str
    claimed_reductions: int
    verified_quantity: int | None
    verified_by: int | None
    status: str


class FinancingFacts(TypedDict):
    """What the public ledger says of a financing: no amount, terms or outside funder."""

    financing_id: int
    project_id: int
    instrument: str
    is_public: bool
    is_international: bool
    status: str


@dataclass(frozen=True, kw_only=True)
class _Project(Entry):
    project_id: int
    number: int
    title: str
    external_id: str
    sector: str
    sectoral_scope: int
    start_date: str
    end_date: str
    ghgs: Sequence[str]
    activity_scope: str
    location: LocationFacts
    article6_trading: bool
    buyer_countries: Sequence[str]
    estimated_credits: int
    environmental_assessment_number: str | None
    status: str
    environmental_assessment_document: AttachmentFacts | None


@dataclass(frozen=True, kw_only=True)
class ProjectSubmitted(_Project):
    """A project was submitted with its owners and design document."""

    TYPE = "project.submitted"
    owners: Sequence[OwnerShareFacts]
    design_document: AttachmentFacts | None


@dataclass(frozen=True, kw_only=True)
class ProjectUpdated(_Project):
    """A project's details changed; `changed` names the fields."""

    TYPE = "project.updated"
    changed: Sequence[str]


@dataclass(frozen=True, kw_only=True)
class ProjectDecided(Entry):
    """The national decision on a project."""

    project_id: int
    number: int
    status: str
    reason: str | None
    serial_prefix: str | None


@dataclass(frozen=True, kw_only=True)
class ProjectApproved(ProjectDecided):
    """PENDING -> APPROVED."""

    TYPE = "project.approved"


@dataclass(frozen=True, kw_only=True)
class ProjectAuthorised(ProjectDecided):
    """APPROVED -> AUTHORISED (nationally, with its serial prefix)."""

    TYPE = "project.authorised"


@dataclass(frozen=True, kw_only=True)
class ProjectRejected(ProjectDecided):
    """PENDING -> REJECTED."""

    TYPE = "project.rejected"


@dataclass(frozen=True, kw_only=True)
class CertificationChanged(Entry):
    """A certifier's standing on a project."""

    project_id: int
    number: int
    certifier_id: int
    status: str
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class CertifierAssigned(CertificationChanged):
    """A certifier was assigned to a project."""

    TYPE = "certifier.assigned"


@dataclass(frozen=True, kw_only=True)
class ProjectCertified(CertificationChanged):
    """The assigned certifier certified the project."""

    TYPE = "project.certified"


@dataclass(frozen=True, kw_only=True)
class CertificationRevoked(CertificationChanged):
    """A certification was revoked, with a reason."""

    TYPE = "certification.revoked"


@dataclass(frozen=True, kw_only=True)
class _Activity(Entry):
    activity_id: int
    code: str
    project_id: int
    type: str
    title: str
    methodology: str
    mitigation_type: str | None
    estimated_credits: int
    verified_credits: int
    co_benefits: Sequence[int]
    status: str


@dataclass(frozen=True, kw_only=True)
class ActivityAdded(_Activity):
    """A PENDING activity was added to a project."""

    TYPE = "activity.added"


@dataclass(frozen=True, kw_only=True)
class ActivityApproved(_Activity):
    """An activity was approved with its verified monitoring periods."""

    TYPE = "activity.approved"
    approved_quantity: int
    reports: Sequence[ApprovedReport]


@dataclass(frozen=True, kw_only=True)
class ActivityRejected(_Activity):
    """An activity was rejected with its open monitoring reports."""

    TYPE = "activity.rejected"
    reason: str
    rejected_reports: Sequence[int]


@dataclass(frozen=True, kw_only=True)
class _Monitoring(Entry):
    report_id: int
    activity_id: int
    code: str
    project_id: int
    period_start: str
    period_end: str
    claimed_reductions: int
    verified_quantity: int | None
    verified_by: int | None
    status: str


@dataclass(frozen=True, kw_only=True)
class MonitoringSubmitted(_Monitoring):
    """A monitoring report was submitted with its document."""

    TYPE = "monitoring.submitted"
    document: AttachmentFacts | None


@dataclass(frozen=True, kw_only=True)
class MonitoringVerified(_Monitoring):
    """An assigned certifier verified a monitoring report."""

    TYPE = "monitoring.verified"


@dataclass(frozen=True, kw_only=True)
class _Financing(Entry):
    financing_id: int
    project_id: int
    instrument: str
    is_public: bool
    is_international: bool
    status: str


@dataclass(frozen=True, kw_only=True)
class FinancingRequested(_Financing):
    """Financing was requested; the amount is committed to by its salted SHA-256 only."""

    TYPE = "financing.requested"
    amount_sha256: str


@dataclass(frozen=True, kw_only=True)
class FinancingDecided(_Financing):
    """A decision on a financing."""


@dataclass(frozen=True, kw_only=True)
class FinancingApproved(FinancingDecided):
    """PENDING -> APPROVED."""

    TYPE = "financing.approved"


@dataclass(frozen=True, kw_only=True)
class FinancingRejected(FinancingDecided):
    """PENDING -> REJECTED."""

    TYPE = "financing.rejected"


@dataclass(frozen=True, kw_only=True)
class FinancingCancelled(FinancingDecided):
    """The requester withdrew a financing."""

    TYPE = "financing.cancelled"


@dataclass(frozen=True, kw_only=True)
class ApproachCreated(Entry):
    """An Article 6.2 cooperative approach was recorded."""

    TYPE = "article6.approach_created"
    cooperative_approach_id: int
    code: str
    name: str
    parties: Sequence[str]


@dataclass(frozen=True, kw_only=True)
class Authorized(Entry):
    """A project's units were authorized under Article 6.2 (AEF table 2). authorization_id is
    the Party's identifier of the authorization (text); authorization_pk is its registry ID."""

    TYPE = "article6.authorized"
    authorization_pk: int
    authorization_id: str
    project_id: int
    cooperative_approach: str
    authorized_on: str
    version: int
    quantity: int
    metric: str
    purpose: str
    sectors: Sequence[str]
    activity_types: Sequence[str]
    authorized_parties: Sequence[str]
    authorized_entities: Sequence[str]
    entity_details: Sequence[Mapping[str, object]]
    first_transfer_definition: str | None
