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
