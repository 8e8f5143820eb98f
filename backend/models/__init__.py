"""Tortoise models, one module per aggregate. Tortoise discovers them through this package."""

from backend.models.activity import Activity, MonitoringReport
from backend.models.api_client import ApiAccessToken, ApiClient, ApiClientAssertion
from backend.models.article6 import Authorization, CooperativeApproach
from backend.models.counter import Counter
from backend.models.credit import (
    Account,
    CreditBlock,
    Issuance,
    RegistryState,
    Retirement,
    Transfer,
)
from backend.models.dashboard import DashboardTotal
from backend.models.document import Document
from backend.models.financing import Financing
from backend.models.idempotency import IdempotencyKey
from backend.models.identity import OidcState, UserIdentity
from backend.models.ledger import LedgerCheckpoint, LedgerEntry, LedgerHead, LedgerNode
from backend.models.notification import Notification
from backend.models.organisation import Organisation
from backend.models.project import Project, ProjectCertifier, ProjectOwner
from backend.models.user import PasswordResetToken, Session, User

__all__ = [
    "OidcState",
    "UserIdentity",
    "ApiAccessToken",
    "ApiClient",
    "ApiClientAssertion",
    "Account",
    "Authorization",
    "CooperativeApproach",
    "CreditBlock",
    "DashboardTotal",
    "Issuance",
    "RegistryState",
    "Retirement",
    "Transfer",
    "Activity",
    "Counter",
    "Document",
    "Financing",
    "IdempotencyKey",
    "MonitoringReport",
    "Notification",
    "Project",
    "ProjectCertifier",
    "ProjectOwner",
    "LedgerCheckpoint",
    "LedgerEntry",
    "LedgerHead",
    "LedgerNode",
    "Organisation",
    "PasswordResetToken",
    "Session",
    "User",
]
