"""Entry types about organisations, users and documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from .base import Entry


class OrganisationFacts(TypedDict):
    """What the public ledger says of an organisation: no tax ID, e-mail or phone."""

    organisation_id: int
    name: str
    type: str
    status: str
    sectoral_scopes: Sequence[int]


class UserFacts(TypedDict):
    """What the public ledger says of a user: no e-mail, name or phone."""

    user_id: int
    organisation_id: int
    role: str
    status: str


class DocumentFacts(TypedDict):
    """What the public ledger says of a document: its facts, never its file name."""

    document_id: int
    kind: str
    sha256: str
    size: int
    media_type: str
    organisation_id: int


@dataclass(frozen=True, kw_only=True)
class _Organisation(Entry):
    organisation_id: int
    name: str
    type: str
    status: str
    sectoral_scopes: Sequence[int]


@dataclass(frozen=True, kw_only=True)
class OrganisationRegistered(_Organisation):
    """Self-registration: a PENDING organisation and its first ADMIN."""

    TYPE = "organisation.registered"
    admin_user_id: int


@dataclass(frozen=True, kw_only=True)
class OrganisationCreated(_Organisation):
    """The government created an ACTIVE organisation (or the registry its own, at set-up)."""

    TYPE = "organisation.created"
    admin_user_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class OrganisationDecided(_Organisation):
    """A change of an organisation's status, with the reason given."""

    reason: str | None


@dataclass(frozen=True, kw_only=True)
class OrganisationApproved(OrganisationDecided):
    """PENDING -> ACTIVE."""

    TYPE = "organisation.approved"


@dataclass(frozen=True, kw_only=True)
class OrganisationRejected(OrganisationDecided):
    """PENDING -> REJECTED."""

    TYPE = "organisation.rejected"


@dataclass(frozen=True, kw_only=True)
class OrganisationSuspended(OrganisationDecided):
    """ACTIVE -> SUSPENDED."""

    TYPE = "organisation.suspended"


@dataclass(frozen=True, kw_only=True)
class OrganisationReactivated(OrganisationDecided):
    """SUSPENDED -> ACTIVE."""

    TYPE = "organisation.reactivated"


@dataclass(frozen=True, kw_only=True)
class OrganisationUpdated(_Organisation):
    """An organisation's profile changed; `changed` names the fields."""

    TYPE = "organisation.updated"
    changed: Sequence[str]


@dataclass(frozen=True, kw_only=True)
class _User(Entry):
    user_id: int
    organisation_id: int
    role: str
    status: str


@dataclass(frozen=True, kw_only=True)
class UserCreated(_User):
    """A user was invited (or the ROOT account made at set-up)."""

    TYPE = "user.created"


@dataclass(frozen=True, kw_only=True)
class UserUpdated(_User):
    """A user's profile or role changed; `changed` names the fields."""

    TYPE = "user.updated"
    changed: Sequence[str]


@dataclass(frozen=True, kw_only=True)
class UserDeactivated(_User):
    """A user was deactivated and their sessions ended."""

    TYPE = "user.deactivated"


@dataclass(frozen=True, kw_only=True)
class UserPasswordChanged(Entry):
    """A user set a new password."""

    TYPE = "user.password_changed"
    user_id: int


@dataclass(frozen=True, kw_only=True)
class _Document(Entry):
    document_id: int
    kind: str
    sha256: str
    size: int
    media_type: str
    organisation_id: int


@dataclass(frozen=True, kw_only=True)
class DocumentUploaded(_Document):
    """A document was stored, by its SHA-256."""

    TYPE = "document.uploaded"


@dataclass(frozen=True, kw_only=True)
class DocumentAccepted(_Document):
    """A project's document was accepted."""

    TYPE = "document.accepted"
    project_id: int
    status: str


@dataclass(frozen=True, kw_only=True)
class DocumentRejected(_Document):
    """A project's document was rejected, with a reason."""

    TYPE = "document.rejected"
    project_id: int
    status: str
    reason: str
