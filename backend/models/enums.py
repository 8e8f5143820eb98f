"""Enumerations shared by models, policy and schema."""

from enum import StrEnum


class OrganisationType(StrEnum):
    GOVERNMENT = "GOVERNMENT"
    MINISTRY = "MINISTRY"
    DEVELOPER = "DEVELOPER"
    CERTIFIER = "CERTIFIER"
    PARTNER = "PARTNER"


class OrganisationStatus(StrEnum):
    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    REJECTED = "REJECTED"
    SUSPENDED = "SUSPENDED"


class Role(StrEnum):
    ROOT = "ROOT"
    ADMIN = "ADMIN"
    MANAGER = "MANAGER"
    VIEWER = "VIEWER"


class UserStatus(StrEnum):
    ACTIVE = "ACTIVE"
    DEACTIVATED = "DEACTIVATED"


class ProjectStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    AUTHORISED = "AUTHORISED"
    REJECTED = "REJECTED"


class ActivityScope(StrEnum):
    CONDITIONAL = "CONDITIONAL"
    UNCONDITIONAL = "UNCONDITIONAL"


class CertificationStatus(StrEnum):
    ASSIGNED = "ASSIGNED"
    CERTIFIED = "CERTIFIED"
    REVOKED = "REVOKED"


class ActivityType(StrEnum):
    """The letter in an activity ID: M mitigation, A adaptation, E enablement, C cross-cutting."""

    M = "M"
    A = "A"
    E = "E"
    C = "C"


class ActivityStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class MonitoringReportStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    VERIFIED = "VERIFIED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class DocumentKind(StrEnum):
    DESIGN = "DESIGN"
    METHODOLOGY = "METHODOLOGY"
    MONITORING_REPORT = "MONITORING_REPORT"
    VERIFICATION_REPORT = "VERIFICATION_REPORT"
    NO_OBJECTION_LETTER = "NO_OBJECTION_LETTER"
    AUTHORISATION_LETTER = "AUTHORISATION_LETTER"
    ENVIRONMENTAL_IMPACT_ASSESSMENT = "ENVIRONMENTAL_IMPACT_ASSESSMENT"


class DocumentStatus(StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"


class FinancingInstrument(StrEnum):
    LOAN = "LOAN"
    RESULT_BASED = "RESULT_BASED"
    GRANT = "GRANT"
    EQUITY = "EQUITY"
    GUARANTEE = "GUARANTEE"
    IN_KIND = "IN_KIND"
    CONCESSIONAL_LOAN = "CONCESSIONAL_LOAN"
    NON_CONCESSIONAL_LOAN = "NON_CONCESSIONAL_LOAN"
    INSURANCE = "INSURANCE"
    OTHER = "OTHER"


class FinancingStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"
