"""Every enum the API shows, with a description of the enum and of each of its values.

The Python enums live in backend.models.enums (services and policy use them); this module
registers each with Strawberry once, so the schema's modules annotate with the plain class."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

import strawberry
from strawberry.types.enum import has_enum_definition

from backend.models.enums import (
    AccountKind,
    ActivityScope,
    ActivityStatus,
    ActivityType,
    AuthorizationPurpose,
    BlockStatus,
    CertificationStatus,
    DocumentKind,
    DocumentStatus,
    FinancingInstrument,
    FinancingStatus,
    FirstTransferDefinition,
    MonitoringReportStatus,
    OrganisationStatus,
    OrganisationType,
    ProjectStatus,
    RetirementKind,
    RetirementStatus,
    Role,
    TransferStatus,
    UserStatus,
)

E = TypeVar("E", bound=Enum)


def described(cls: type[E], description: str, values: Mapping[str, str]) -> type[E]:
    """Register cls as a GraphQL enum; every member needs a description in values (by name)."""
    missing = {member.name for member in cls} ^ set(values)
    if missing:
        raise ValueError(f"{cls.__name__}: describe exactly its members, not {sorted(missing)}")
    registered: object = strawberry.enum(cls, name=cls.__name__, description=description)
    assert has_enum_definition(registered)
    # The definition's values are plain dataclasses; the SDL test catches a Strawberry that
    # stops reading their descriptions.
    for value in registered.__strawberry_definition__.values:
        value.description = values[value.name]
    return cls


described(
    OrganisationType,
    "What an organisation does in the registry.",
    {
        "GOVERNMENT": "The national authority that runs the registry and decides.",
        "MINISTRY": "A line ministry: decides for projects of its sectoral scopes.",
        "DEVELOPER": "A project developer: submits projects and holds credits.",
        "CERTIFIER": "A validation/verification body: certifies projects, verifies reports.",
        "PARTNER": "A system or observer that reads (reports, exports); holds no credits.",
    },
)
described(
    OrganisationStatus,
    "Where an organisation is in its lifecycle.",
    {
        "PENDING": "Registered, awaiting the government's decision.",
        "ACTIVE": "Approved: its users may act.",
        "REJECTED": "Refused by the government (see statusReason).",
        "SUSPENDED": "Stopped by the government (see statusReason); may be reactivated.",
    },
)
described(
    Role,
    "A user's role in their organisation.",
    {
        "ROOT": "The installation's system account: set-up and security only.",
        "ADMIN": "Manages the organisation's users and profile, and does its work.",
        "MANAGER": "Does the organisation's work.",
        "VIEWER": "Reads only.",
    },
)
described(
    UserStatus,
    "Whether a user may act.",
    {
        "PENDING": "Signed in with an identity provider; awaits approval, may not act.",
        "ACTIVE": "May sign in and act.",
        "REJECTED": "Was not approved; may not sign in.",
        "DEACTIVATED": "May no longer sign in.",
    },
)
described(
    ProjectStatus,
    "Where a project is in its lifecycle.",
    {
        "PENDING": "Submitted, awaiting approval.",
        "APPROVED": "Approved by the government (or its ministry).",
        "AUTHORISED": "Authorised: has a serial prefix; credits may be issued.",
        "REJECTED": "Refused (see statusReason).",
    },
)
described(
    ActivityScope,
    "Whether the mitigation is conditional.",
    {
        "CONDITIONAL": "Conditional on international support.",
        "UNCONDITIONAL": "Done whatever the international support.",
    },
)
described(
    CertificationStatus,
    "A certifier's standing on a project.",
    {
        "ASSIGNED": "Assigned, has not certified yet.",
        "CERTIFIED": "Has certified the project.",
        "REVOKED": "Its certification was revoked (see revocationReason).",
    },
)
described(
    ActivityType,
    "The letter in an activity ID.",
    {"M": "Mitigation.", "A": "Adaptation.", "E": "Enablement.", "C": "Cross-cutting."},
)
described(
    ActivityStatus,
    "PENDING until approved or rejected.",
    {
        "PENDING": "Added, awaiting the decision.",
        "APPROVED": "Approved.",
        "REJECTED": "Refused (see statusReason).",
    },
)
described(
    MonitoringReportStatus,
    "SUBMITTED -> VERIFIED (certifier) -> APPROVED (government); or REJECTED.",
    {
        "SUBMITTED": "Submitted by the owners, awaiting verification.",
        "VERIFIED": "Verified by an assigned certifier, awaiting approval.",
        "APPROVED": "Approved: its verified quantity may be issued.",
        "REJECTED": "Refused (see statusReason).",
    },
)
described(
    DocumentKind,
    "What a document is for.",
    {
        "DESIGN": "Project design document.",
        "METHODOLOGY": "Methodology document.",
        "MONITORING_REPORT": "Monitoring report of a period.",
        "VERIFICATION_REPORT": "A certifier's verification report.",
        "NO_OBJECTION_LETTER": "The government's no-objection letter.",
        "AUTHORISATION_LETTER": "The government's authorisation letter.",
        "ENVIRONMENTAL_IMPACT_ASSESSMENT": "Environmental impact assessment (permit).",
    },
)
described(
    DocumentStatus,
    "The government's decision on a document.",
    {
        "PENDING": "Awaiting the decision.",
        "ACCEPTED": "Accepted.",
        "REJECTED": "Rejected.",
    },
)
described(
    FinancingInstrument,
    "How a project is financed.",
    {
        "LOAN": "A loan.",
        "RESULT_BASED": "Result-based payments.",
        "GRANT": "A grant.",
        "EQUITY": "Equity.",
        "GUARANTEE": "A guarantee.",
        "IN_KIND": "In kind.",
        "CONCESSIONAL_LOAN": "A concessional loan.",
        "NON_CONCESSIONAL_LOAN": "A non-concessional loan.",
        "INSURANCE": "Insurance.",
        "OTHER": "Another instrument.",
    },
)
described(
    FinancingStatus,
    "Where a financing request stands.",
    {
        "PENDING": "Asked for, awaiting the decision.",
        "APPROVED": "Approved.",
        "REJECTED": "Refused (see statusReason).",
        "CANCELLED": "Withdrawn by the organisation that asked.",
    },
)
described(
    AccountKind,
    "Whose account.",
    {
        "HOLDING": "An organisation's own account.",
        "RETIREMENT": "The registry's: retired and cancelled units.",
        "SHARE_OF_PROCEEDS": "The registry's: the adaptation share of proceeds.",
        "OMGE": "The registry's: overall mitigation in global emissions (cancelled).",
    },
)
described(
    BlockStatus,
    "Where units are.",
    {
        "ACTIVE": "May be transferred or retired.",
        "RESERVED": "Held back for a pending retirement.",
        "RETIRED": "Retired for good.",
        "CANCELLED": "Cancelled (e.g. OMGE).",
    },
)
described(
    TransferStatus,
    "Transfer state.",
    {
        "REQUESTED": "Asked for by the receiver, awaiting the holder's decision.",
        "COMPLETED": "The units moved.",
        "REJECTED": "Refused by the holder (see statusReason).",
        "CANCELLED": "Withdrawn by the receiver, or cancelled by the registry.",
    },
)
described(
    RetirementKind,
    "Why units retire.",
    {
        "VOLUNTARY_CANCELLATION": "Voluntary cancellation.",
        "NDC_USE": "Use towards this country's NDC.",
        "FIRST_TRANSFER": "Cross-border first transfer, to the acquiring country.",
        "LEGAL_OTHER": "Another legal reason.",
    },
)
described(
    RetirementStatus,
    "Retirement state.",
    {
        "REQUESTED": "Units reserved, awaiting the government's decision.",
        "RECOGNISED": "Recognised: the units are retired for good.",
        "REJECTED": "Refused (see statusReason): the units are active again.",
        "CANCELLED": "Withdrawn before the decision: the units are active again.",
    },
)
described(
    AuthorizationPurpose,
    "What authorised units may be used for: NDC, other international mitigation "
    "purposes (OIMP), or both.",
    {
        "NDC": "Use towards an NDC.",
        "OIMP": "Other international mitigation purposes.",
        "NDC_AND_OIMP": "Both.",
    },
)
described(
    FirstTransferDefinition,
    "For OIMP: when a unit counts as first transferred (decision 2/CMA.3).",
    {
        "AUTHORIZATION": "At authorization.",
        "ISSUANCE": "At issuance.",
        "USE_OR_CANCELLATION": "At use or cancellation.",
    },
)

__all__ = [
    "AccountKind",
    "ActivityScope",
    "ActivityStatus",
    "ActivityType",
    "AuthorizationPurpose",
    "BlockStatus",
    "CertificationStatus",
    "DocumentKind",
    "DocumentStatus",
    "FinancingInstrument",
    "FinancingStatus",
    "FirstTransferDefinition",
    "MonitoringReportStatus",
    "OrganisationStatus",
    "OrganisationType",
    "ProjectStatus",
    "RetirementKind",
    "RetirementStatus",
    "Role",
    "TransferStatus",
    "UserStatus",
]
