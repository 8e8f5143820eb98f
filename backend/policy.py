"""Who may do what: one table of rules, plain Python, used by the API, the CLI and the tests.

A rule names the (organisation type, role) pairs that may perform an action on any target
("everywhere"), those that may perform it only on their own organisation's objects ("own"), and
whether a user may do it to themself ("self_"). ROOT is the installation's system account; it
belongs to the first GOVERNMENT organisation and takes part in set-up and security only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from itertools import product

from backend.errors import Forbidden, Unauthenticated
from backend.models.enums import OrganisationType, Role

Pair = tuple[OrganisationType, Role]

WORKING_ROLES = (Role.ADMIN, Role.MANAGER, Role.VIEWER)
ALL_PAIRS: frozenset[Pair] = frozenset(product(OrganisationType, WORKING_ROLES)) | {
    (OrganisationType.GOVERNMENT, Role.ROOT)
}
ROOT: frozenset[Pair] = frozenset({(OrganisationType.GOVERNMENT, Role.ROOT)})
GOVERNMENT_ADMIN: frozenset[Pair] = frozenset({(OrganisationType.GOVERNMENT, Role.ADMIN)}) | ROOT
GOVERNMENT_ANY: frozenset[Pair] = (
    frozenset((OrganisationType.GOVERNMENT, role) for role in WORKING_ROLES) | ROOT
)
ANY_ADMIN: frozenset[Pair] = frozenset((kind, Role.ADMIN) for kind in OrganisationType)


class Action(StrEnum):
    """Everything the policy decides: mutations, and reads of sensitive fields."""

    ORGANISATION_REGISTER = "organisation.register"
    ORGANISATION_CREATE = "organisation.create"
    ORGANISATION_APPROVE = "organisation.approve"
    ORGANISATION_REJECT = "organisation.reject"
    ORGANISATION_SUSPEND = "organisation.suspend"
    ORGANISATION_REACTIVATE = "organisation.reactivate"
    ORGANISATION_UPDATE = "organisation.update"
    USER_CREATE = "user.create"
    USER_UPDATE_PROFILE = "user.update_profile"
    USER_CHANGE_ROLE = "user.change_role"
    USER_DEACTIVATE = "user.deactivate"
    USER_LIST = "user.list"
    READ_ORGANISATION_TAX_ID = "read:organisation.taxId"
    READ_ORGANISATION_EMAIL = "read:organisation.email"
    READ_ORGANISATION_PHONE = "read:organisation.phone"
    READ_USER_EMAIL = "read:user.email"
    READ_USER_PHONE = "read:user.phone"


@dataclass(frozen=True)
class Rule:
    everywhere: frozenset[Pair] = frozenset()
    own: frozenset[Pair] = frozenset()
    self_: bool = False
    anonymous: bool = False
    note: str = ""


SENSITIVE = Rule(everywhere=GOVERNMENT_ANY, own=ALL_PAIRS, note="government and the owner")

RULES: dict[Action, Rule] = {
    Action.ORGANISATION_REGISTER: Rule(everywhere=ALL_PAIRS, anonymous=True),
    Action.ORGANISATION_CREATE: Rule(everywhere=GOVERNMENT_ADMIN),
    Action.ORGANISATION_APPROVE: Rule(everywhere=GOVERNMENT_ADMIN),
    Action.ORGANISATION_REJECT: Rule(everywhere=GOVERNMENT_ADMIN),
    Action.ORGANISATION_SUSPEND: Rule(everywhere=GOVERNMENT_ADMIN),
    Action.ORGANISATION_REACTIVATE: Rule(everywhere=GOVERNMENT_ADMIN),
    Action.ORGANISATION_UPDATE: Rule(everywhere=GOVERNMENT_ADMIN, own=ANY_ADMIN),
    Action.USER_CREATE: Rule(everywhere=GOVERNMENT_ADMIN, own=ANY_ADMIN),
    Action.USER_UPDATE_PROFILE: Rule(everywhere=GOVERNMENT_ADMIN, own=ANY_ADMIN, self_=True),
    Action.USER_CHANGE_ROLE: Rule(everywhere=GOVERNMENT_ADMIN, own=ANY_ADMIN),
    Action.USER_DEACTIVATE: Rule(everywhere=GOVERNMENT_ADMIN, own=ANY_ADMIN),
    Action.USER_LIST: Rule(everywhere=GOVERNMENT_ANY, own=ALL_PAIRS),
    Action.READ_ORGANISATION_TAX_ID: SENSITIVE,
    Action.READ_ORGANISATION_EMAIL: SENSITIVE,
    Action.READ_ORGANISATION_PHONE: SENSITIVE,
    Action.READ_USER_EMAIL: Rule(everywhere=GOVERNMENT_ANY, own=ALL_PAIRS, self_=True),
    Action.READ_USER_PHONE: Rule(everywhere=GOVERNMENT_ANY, own=ALL_PAIRS, self_=True),
}


@dataclass(frozen=True)
class Principal:
    """A signed-in user who may act: an active user of an ACTIVE organisation."""

    user_id: int
    organisation_id: int
    organisation_type: OrganisationType
    role: Role
    scopes: frozenset[int] = field(default_factory=frozenset)

    @property
    def pair(self) -> Pair:
        return (self.organisation_type, self.role)

    @property
    def is_root(self) -> bool:
        return self.role is Role.ROOT

    @property
    def actor(self) -> str:
        """How the ledger names this principal (no personal data)."""
        return f"user:{self.user_id}"


def may_attempt(principal: Principal | None, action: Action) -> bool:
    """True if some target exists on which principal may perform action (the coarse check)."""
    rule = RULES[action]
    if principal is None:
        return rule.anonymous
    return principal.pair in rule.everywhere or principal.pair in rule.own or rule.self_


def can(
    principal: Principal | None,
    action: Action,
    *,
    organisation_id: int | None = None,
    user_id: int | None = None,
) -> bool:
    """True if principal may perform action on a target of organisation_id (and user user_id)."""
    rule = RULES[action]
    if principal is None:
        return rule.anonymous
    if principal.pair in rule.everywhere:
        return True
    if rule.self_ and user_id is not None and user_id == principal.user_id:
        return True
    return (
        principal.pair in rule.own
        and organisation_id is not None
        and organisation_id == principal.organisation_id
    )


def require(
    principal: Principal | None,
    action: Action,
    *,
    organisation_id: int | None = None,
    user_id: int | None = None,
) -> None:
    """Raise Unauthenticated (no principal) or Forbidden unless can(...) holds."""
    if can(principal, action, organisation_id=organisation_id, user_id=user_id):
        return
    if principal is None:
        raise Unauthenticated("Sign in to do this.")
    raise Forbidden(f"Your role may not do this ({action.value}).", action=action.value)
