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
    PENDING = "PENDING"  # signed in with an identity provider, awaits approval
    ACTIVE = "ACTIVE"
    REJECTED = "REJECTED"
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


class AccountKind(StrEnum):
    HOLDING = "HOLDING"  # an organisation's own account
    RETIREMENT = "RETIREMENT"  # the registry's: retired and cancelled units
    SHARE_OF_PROCEEDS = "SHARE_OF_PROCEEDS"  # the registry's: adaptation share of proceeds
    OMGE = "OMGE"  # the registry's: overall mitigation in global emissions (cancelled)


class BlockStatus(StrEnum):
    ACTIVE = "ACTIVE"
    RESERVED = "RESERVED"  # held back for a pending retirement
    RETIRED = "RETIRED"
    CANCELLED = "CANCELLED"


class TransferStatus(StrEnum):
    REQUESTED = "REQUESTED"
    COMPLETED = "COMPLETED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"


class RetirementKind(StrEnum):
    VOLUNTARY_CANCELLATION = "VOLUNTARY_CANCELLATION"
    NDC_USE = "NDC_USE"
    FIRST_TRANSFER = "FIRST_TRANSFER"  # cross-border, with the acquiring country
    LEGAL_OTHER = "LEGAL_OTHER"


class RetirementStatus(StrEnum):
    REQUESTED = "REQUESTED"
    RECOGNISED = "RECOGNISED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"


class AuthorizationPurpose(StrEnum):
    NDC = "NDC"
    OIMP = "OIMP"
    NDC_AND_OIMP = "NDC_AND_OIMP"


class FirstTransferDefinition(StrEnum):
    """For OIMP, when a unit counts as first transferred (decision 2/CMA.3, annex, para 2(b))."""

    AUTHORIZATION = "AUTHORIZATION"
    ISSUANCE = "ISSUANCE"
    USE_OR_CANCELLATION = "USE_OR_CANCELLATION"
