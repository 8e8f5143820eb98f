"""Who may do what: one table of rules, plain Python, used by the API, the CLI and the tests.

A rule names the (organisation type, role) pairs that may perform an action on any target
("everywhere"), those that may perform it only on their own organisation's objects ("own": the
target's organisation, or one of a project's owners), those that may when their organisation is
a certifier assigned to the target ("assigned"), those that may when the target's sectoral scope
is one of their ministry's ("in_scope"), and whether a user may do it to themself ("self_").
ROOT is the installation's system account; it belongs to the first GOVERNMENT organisation and
takes part in set-up and security only, never in the registry's workflows.

"Not yours" means one thing everywhere (require_own): acting on another organisation's project,
credit block, transfer, retirement or financing is FORBIDDEN, since their existence is public
anyway (the transparency view, the serial lookup, the ledger). Only where the existence itself is
private (another organisation's unattached document) is the answer NOT_FOUND, word for word as
for an ID that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import product

from backend.errors import Forbidden, NotFound, Unauthenticated
from backend.models.enums import OrganisationStatus, OrganisationType, Role

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
ANY_WORKER: frozenset[Pair] = frozenset(
    (kind, role) for kind in OrganisationType for role in (Role.ADMIN, Role.MANAGER)
)


def workers(kind: OrganisationType) -> frozenset[Pair]:
    """The ADMIN and MANAGER of an organisation type: those who do its work."""
    return frozenset({(kind, Role.ADMIN), (kind, Role.MANAGER)})


def anyone_of(kind: OrganisationType) -> frozenset[Pair]:
    return frozenset((kind, role) for role in WORKING_ROLES)


GOVERNMENT_WORKERS = workers(OrganisationType.GOVERNMENT)
MINISTRY_WORKERS = workers(OrganisationType.MINISTRY)
DEVELOPER_WORKERS = workers(OrganisationType.DEVELOPER)
CERTIFIER_WORKERS = workers(OrganisationType.CERTIFIER)
# Who may hold credits: every organisation type except PARTNER (a system that only reads); the
# country file may narrow it (credit_holder_types), and a certifier never holds units of a
# project it certifies (services.credits.holders). Their workers hold and move them.
CREDIT_HOLDER_TYPES: frozenset[OrganisationType] = frozenset(OrganisationType) - {
    OrganisationType.PARTNER
}
HOLDER_WORKERS = frozenset(pair for kind in CREDIT_HOLDER_TYPES for pair in workers(kind))


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
    USER_APPROVE = "user.approve"  # approve or reject a PENDING user (first SSO sign-in)
    USER_LIST = "user.list"
    READ_ORGANISATION_TAX_ID = "read:organisation.taxId"
    READ_ORGANISATION_EMAIL = "read:organisation.email"
    READ_ORGANISATION_PHONE = "read:organisation.phone"
    READ_USER_EMAIL = "read:user.email"
    READ_USER_PHONE = "read:user.phone"
    DOCUMENT_UPLOAD = "document.upload"
    DOCUMENT_DECIDE = "document.decide"
    PROJECT_CREATE = "project.create"
    PROJECT_UPDATE = "project.update"
    PROJECT_APPROVE = "project.approve"
    PROJECT_REJECT = "project.reject"
    PROJECT_AUTHORISE = "project.authorise"
    PROJECT_ASSIGN_CERTIFIER = "project.assign_certifier"
    PROJECT_CERTIFY = "project.certify"
    PROJECT_REVOKE_CERTIFICATION = "project.revoke_certification"
    ACTIVITY_ADD = "activity.add"
    ACTIVITY_APPROVE = "activity.approve"
    ACTIVITY_REJECT = "activity.reject"
    MONITORING_SUBMIT = "monitoring.submit"
    MONITORING_VERIFY = "monitoring.verify"
    FINANCING_REQUEST = "financing.request"
    FINANCING_APPROVE = "financing.approve"
    FINANCING_REJECT = "financing.reject"
    FINANCING_CANCEL = "financing.cancel"
    READ_PROJECT_DOCUMENTS = "read:project.documents"
    READ_PROJECT_HISTORY = "read:project.history"
    READ_FINANCING = "read:financing.amount"
    CREDITS_ISSUE = "credits.issue"
    CREDITS_TRANSFER = "credits.transfer"
    TRANSFER_REQUEST = "transfer.request"
    TRANSFER_DECIDE = "transfer.decide"
    TRANSFER_CANCEL = "transfer.cancel"
    CREDITS_RETIRE = "credits.retire"
    RETIREMENT_DECIDE = "retirement.decide"
    RETIREMENT_CANCEL = "retirement.cancel"
    TRANSFERS_FREEZE = "transfers.freeze"
    ARTICLE6_MANAGE = "article6.manage"
    READ_REPORTS = "read:reports"
    READ_ALL_HOLDINGS = "read:holdings.all"
    # One credit block or retirement and its documents (issuance statement, certificate).
    READ_HOLDING = "read:holding"
    # Sorting, filtering and unlisted organisations (see the section at the end).
    READ_ORGANISATION_STATUS_REASON = "read:organisation.statusReason"
    READ_UNLISTED_ORGANISATIONS = "read:organisation.unlisted"
    # Reads of a whole domain. People's reads are narrowed object by object in the services;
    # for API clients these are what their OAuth scopes grant (CLIENT_GRANTS).
    API_CLIENT_MANAGE = "api_client.manage"
    API_CLIENT_LIST = "api_client.list"
    READ_PUBLIC = "read:public"
    READ_ORGANISATIONS = "read:organisations"
    READ_PROJECTS = "read:projects"
    READ_CREDITS = "read:credits"
    READ_LEDGER = "read:ledger"
    # The dashboard's figures: the whole registry's, or one organisation's (issue 12).
    READ_DASHBOARD = "read:dashboard"


@dataclass(frozen=True)
class Rule:
    everywhere: frozenset[Pair] = frozenset()
    own: frozenset[Pair] = frozenset()
    assigned: frozenset[Pair] = frozenset()
    in_scope: frozenset[Pair] = frozenset()
    self_: bool = False
    anonymous: bool = False


@dataclass(frozen=True)
class Target:
    """What the policy needs to know of the object acted on."""

    organisation_ids: frozenset[int] = frozenset()  # its organisation, or a project's owners
    certifier_ids: frozenset[int] = frozenset()  # certifiers assigned to it (not revoked)
    sectoral_scope: int | None = None
    user_id: int | None = None


GOVERNMENT_DECIDES = Rule(everywhere=GOVERNMENT_WORKERS, in_scope=MINISTRY_WORKERS)
PROJECT_READER = Rule(
    everywhere=GOVERNMENT_ANY,
    own=ALL_PAIRS,
    assigned=anyone_of(OrganisationType.CERTIFIER),
    in_scope=anyone_of(OrganisationType.MINISTRY),
)


SENSITIVE = Rule(everywhere=GOVERNMENT_ANY, own=ALL_PAIRS)  # government and the owner

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
    Action.USER_APPROVE: Rule(everywhere=GOVERNMENT_ADMIN, own=ANY_ADMIN),
    Action.USER_LIST: Rule(everywhere=GOVERNMENT_ANY, own=ALL_PAIRS),
    Action.READ_ORGANISATION_TAX_ID: SENSITIVE,
    Action.READ_ORGANISATION_EMAIL: SENSITIVE,
    Action.READ_ORGANISATION_PHONE: SENSITIVE,
    Action.READ_USER_EMAIL: Rule(everywhere=GOVERNMENT_ANY, own=ALL_PAIRS, self_=True),
    Action.READ_USER_PHONE: Rule(everywhere=GOVERNMENT_ANY, own=ALL_PAIRS, self_=True),
    Action.DOCUMENT_UPLOAD: Rule(
        own=ANY_WORKER
        - {(OrganisationType.PARTNER, Role.ADMIN), (OrganisationType.PARTNER, Role.MANAGER)}
    ),
    Action.DOCUMENT_DECIDE: GOVERNMENT_DECIDES,
    Action.PROJECT_CREATE: Rule(own=DEVELOPER_WORKERS),
    Action.PROJECT_UPDATE: Rule(everywhere=GOVERNMENT_WORKERS, own=DEVELOPER_WORKERS),
    Action.PROJECT_APPROVE: GOVERNMENT_DECIDES,
    Action.PROJECT_REJECT: GOVERNMENT_DECIDES,
    Action.PROJECT_AUTHORISE: GOVERNMENT_DECIDES,
    Action.PROJECT_ASSIGN_CERTIFIER: Rule(
        everywhere=GOVERNMENT_WORKERS, in_scope=MINISTRY_WORKERS, own=DEVELOPER_WORKERS
    ),
    Action.PROJECT_CERTIFY: Rule(assigned=CERTIFIER_WORKERS),
    Action.PROJECT_REVOKE_CERTIFICATION: Rule(
        everywhere=GOVERNMENT_WORKERS, assigned=CERTIFIER_WORKERS
    ),
    Action.ACTIVITY_ADD: Rule(own=DEVELOPER_WORKERS),
    Action.ACTIVITY_APPROVE: GOVERNMENT_DECIDES,
    Action.ACTIVITY_REJECT: GOVERNMENT_DECIDES,
    Action.MONITORING_SUBMIT: Rule(own=DEVELOPER_WORKERS),
    Action.MONITORING_VERIFY: Rule(assigned=CERTIFIER_WORKERS),
    Action.FINANCING_REQUEST: Rule(own=DEVELOPER_WORKERS),
    Action.FINANCING_APPROVE: GOVERNMENT_DECIDES,
    Action.FINANCING_REJECT: GOVERNMENT_DECIDES,
    Action.FINANCING_CANCEL: Rule(own=DEVELOPER_WORKERS),
    Action.CREDITS_ISSUE: Rule(everywhere=GOVERNMENT_WORKERS),
    Action.CREDITS_TRANSFER: Rule(own=HOLDER_WORKERS),
    Action.TRANSFER_REQUEST: Rule(own=HOLDER_WORKERS),
    Action.TRANSFER_DECIDE: Rule(own=HOLDER_WORKERS),
    Action.TRANSFER_CANCEL: Rule(own=HOLDER_WORKERS),
    Action.CREDITS_RETIRE: Rule(own=HOLDER_WORKERS),
    Action.RETIREMENT_DECIDE: Rule(everywhere=GOVERNMENT_WORKERS),
    Action.RETIREMENT_CANCEL: Rule(own=HOLDER_WORKERS),
    Action.TRANSFERS_FREEZE: Rule(everywhere=GOVERNMENT_ADMIN - ROOT),
    Action.ARTICLE6_MANAGE: Rule(everywhere=GOVERNMENT_WORKERS),
    Action.READ_REPORTS: Rule(everywhere=GOVERNMENT_ANY | anyone_of(OrganisationType.PARTNER)),
    Action.READ_ALL_HOLDINGS: Rule(
        everywhere=GOVERNMENT_ANY | anyone_of(OrganisationType.MINISTRY)
    ),
    # The holder's (or the requester's) people, and those who read every holding.
    Action.READ_HOLDING: Rule(
        everywhere=GOVERNMENT_ANY | anyone_of(OrganisationType.MINISTRY), own=ALL_PAIRS
    ),
    Action.READ_PROJECT_DOCUMENTS: PROJECT_READER,
    Action.READ_PROJECT_HISTORY: PROJECT_READER,
    Action.READ_FINANCING: Rule(
        everywhere=GOVERNMENT_ANY, own=ALL_PAIRS, in_scope=anyone_of(OrganisationType.MINISTRY)
    ),
    Action.API_CLIENT_MANAGE: Rule(everywhere=GOVERNMENT_ADMIN),
    Action.API_CLIENT_LIST: Rule(
        everywhere=GOVERNMENT_ANY, own=anyone_of(OrganisationType.PARTNER)
    ),
    Action.READ_PUBLIC: Rule(everywhere=ALL_PAIRS, anonymous=True),
    Action.READ_ORGANISATIONS: Rule(everywhere=ALL_PAIRS),
    Action.READ_PROJECTS: Rule(everywhere=ALL_PAIRS),
    Action.READ_CREDITS: Rule(everywhere=ALL_PAIRS),
    Action.READ_LEDGER: Rule(everywhere=ALL_PAIRS),
    # Government and ministries see the whole registry's figures (or any organisation's);
    # every other person only its own organisation's. The public totals are READ_PUBLIC.
    Action.READ_DASHBOARD: Rule(
        everywhere=GOVERNMENT_ANY | anyone_of(OrganisationType.MINISTRY), own=ALL_PAIRS
    ),
}


class OAuthScope(StrEnum):
    """What a partner API client may read; granted by government when it creates the client."""

    PUBLIC = "public"
    PROJECTS_READ = "projects:read"
    CREDITS_READ = "credits:read"
    REPORTS_READ = "reports:read"
    LEDGER_READ = "ledger:read"


class CallerKind(StrEnum):
    PERSON = "PERSON"
    CLIENT = "CLIENT"


ALL_OAUTH_SCOPES = frozenset(OAuthScope)

# What a partner API client's OAuth scopes grant: the only actions a client may ever perform
# (all reads). Everything not listed here, e.g. tax IDs, contact data, financing, documents,
# users and every mutation, is refused to every client whatever its scopes.
CLIENT_GRANTS: dict[Action, frozenset[OAuthScope]] = {
    Action.READ_PUBLIC: ALL_OAUTH_SCOPES,
    Action.READ_ORGANISATIONS: ALL_OAUTH_SCOPES,
    Action.READ_PROJECTS: frozenset({OAuthScope.PROJECTS_READ}),
    # No READ_PROJECT_HISTORY: partner people may not read a project's history either (the
    # entries themselves are public through the ledger, with ledger:read).
    Action.READ_CREDITS: frozenset({OAuthScope.CREDITS_READ}),
    Action.READ_REPORTS: frozenset({OAuthScope.REPORTS_READ}),
    Action.READ_LEDGER: frozenset({OAuthScope.LEDGER_READ}),
}


@dataclass(frozen=True)
class Principal:
    """Who is calling and may act: a person (an active user of an ACTIVE organisation, with a
    role) or a partner API client (of an ACTIVE PARTNER organisation, with OAuth scopes).
    `sectoral_scopes` are a ministry's CDM sectoral scopes, unrelated to `oauth_scopes`."""

    user_id: int | None
    organisation_id: int
    organisation_type: OrganisationType
    role: Role | None
    sectoral_scopes: frozenset[int] = field(default_factory=frozenset)
    client_id: int | None = None
    oauth_scopes: frozenset[OAuthScope] = field(default_factory=frozenset)

    @classmethod
    def client(
        cls, *, client_id: int, organisation_id: int, oauth_scopes: frozenset[OAuthScope]
    ) -> Principal:
        """A partner API client's principal."""
        return cls(
            None,
            organisation_id,
            OrganisationType.PARTNER,
            None,
            client_id=client_id,
            oauth_scopes=oauth_scopes,
        )

    @property
    def kind(self) -> CallerKind:
        return CallerKind.PERSON if self.client_id is None else CallerKind.CLIENT

    @property
    def is_client(self) -> bool:
        return self.client_id is not None

    @property
    def pair(self) -> Pair | None:
        """(organisation type, role) for a person; None for a client, which has no role."""
        return None if self.role is None else (self.organisation_type, self.role)

    @property
    def is_root(self) -> bool:
        return self.role is Role.ROOT

    @property
    def person_id(self) -> int:
        """The user's ID; raises Forbidden for an API client (only people do this)."""
        if self.user_id is None:
            raise Forbidden("Only a signed-in person may do this, not an API client.")
        return self.user_id

    @property
    def actor(self) -> str:
        """How the ledger names this principal (no personal data, no secret)."""
        if self.client_id is not None:
            return f"client:{self.client_id}"
        return f"user:{self.user_id}"


def client_may(principal: Principal, action: Action) -> bool:
    """True if an API client's OAuth scopes grant action (clients of PARTNER organisations only;
    a grant holds for every target, since partners read only what is public to them)."""
    if principal.organisation_type is not OrganisationType.PARTNER:
        return False
    return bool(CLIENT_GRANTS.get(action, frozenset()) & principal.oauth_scopes)


def may_attempt(principal: Principal | None, action: Action) -> bool:
    """True if some target exists on which principal may perform action (the coarse check)."""
    rule = RULES[action]
    if principal is None:
        return rule.anonymous
    if principal.is_client:
        return client_may(principal, action)
    pair = principal.pair
    return rule.self_ or any(
        pair in pairs for pairs in (rule.everywhere, rule.own, rule.assigned, rule.in_scope)
    )


def _target(target: Target | None, organisation_id: int | None, user_id: int | None) -> Target:
    if target is not None:
        return target
    ids = frozenset() if organisation_id is None else frozenset({organisation_id})
    return Target(organisation_ids=ids, user_id=user_id)


def can(
    principal: Principal | None,
    action: Action,
    *,
    organisation_id: int | None = None,
    user_id: int | None = None,
    target: Target | None = None,
) -> bool:
    """True if principal may perform action on the target (or on an object of organisation_id,
    and user user_id)."""
    rule = RULES[action]
    if principal is None:
        return rule.anonymous
    if principal.is_client:
        return client_may(principal, action)
    pair, of = principal.pair, _target(target, organisation_id, user_id)
    if pair in rule.everywhere:
        return True
    if rule.self_ and of.user_id is not None and of.user_id == principal.user_id:
        return True
    if pair in rule.own and principal.organisation_id in of.organisation_ids:
        return True
    if pair in rule.assigned and principal.organisation_id in of.certifier_ids:
        return True
    return pair in rule.in_scope and of.sectoral_scope in principal.sectoral_scopes


def require(
    principal: Principal | None,
    action: Action,
    *,
    organisation_id: int | None = None,
    user_id: int | None = None,
    target: Target | None = None,
) -> None:
    """Raise Unauthenticated (no principal) or Forbidden unless can(...) holds."""
    if can(principal, action, organisation_id=organisation_id, user_id=user_id, target=target):
        return
    if principal is None:
        raise Unauthenticated("Sign in to do this.")
    raise Forbidden(f"Your role may not do this ({action.value}).", action=action.value)


# ---- Lists: what sorting and filtering reveal; unlisted organisations (issue 14, 3 and 19) ----
#
# Sorting or filtering a list by a field tells that field's order or values, even where the
# field itself resolves to null. So a list may be sorted or filtered by a field only by those
# who may read that field on every row: the rule's `everywhere` pairs (an organisation that
# may read its own tax ID may still not sort everyone's by it). LIST_ARGUMENTS declares every
# sort value and filter argument of every list in the API, by GraphQL name (an `orderBy`
# value as `orderBy:VALUE`): None where anyone who may see the list may read the field, else
# the Action that guards the field. A test walks the schema and fails on an undeclared one.

RULES.update(
    {
        # Why an organisation was rejected or suspended: government and the organisation only.
        Action.READ_ORGANISATION_STATUS_REASON: SENSITIVE,
        # PENDING and REJECTED organisations (applicants): government and themselves only.
        Action.READ_UNLISTED_ORGANISATIONS: SENSITIVE,
    }
)

UNLISTED_ORGANISATION_STATUSES = frozenset(
    {OrganisationStatus.PENDING, OrganisationStatus.REJECTED}
)

PUBLIC_FIELD: Action | None = None
LIST_ARGUMENTS: dict[str, dict[str, Action | None]] = {
    "organisations": {
        "search": PUBLIC_FIELD,  # the name
        "type": PUBLIC_FIELD,
        "status": PUBLIC_FIELD,  # unlisted rows are left out for those who may not see them
        "orderBy:NAME": PUBLIC_FIELD,
        "orderBy:TAX_ID": Action.READ_ORGANISATION_TAX_ID,
        "orderBy:TYPE": PUBLIC_FIELD,
        "orderBy:STATUS": PUBLIC_FIELD,
        "orderBy:CREATED_AT": PUBLIC_FIELD,
        "descending": PUBLIC_FIELD,
    },
    # search: the name; status: of the users the caller may list anyway
    "users": {"organisationId": PUBLIC_FIELD, "search": PUBLIC_FIELD, "status": PUBLIC_FIELD},
    "projects": {
        "status": PUBLIC_FIELD,
        "sector": PUBLIC_FIELD,
        "sectoralScope": PUBLIC_FIELD,
        "ownerId": PUBLIC_FIELD,
        "search": PUBLIC_FIELD,  # the title
    },
    "activities": {"status": PUBLIC_FIELD, "search": PUBLIC_FIELD, "projectId": PUBLIC_FIELD},
    # Holdings, transfers and retirements lists hold only the caller's own rows (all for those
    # who may read every holding), so filtering them reveals nothing else.
    "creditBlocks": {
        "holderId": PUBLIC_FIELD,
        "projectId": PUBLIC_FIELD,
        "vintage": PUBLIC_FIELD,
        "status": PUBLIC_FIELD,
        "itmo": PUBLIC_FIELD,  # whether a block is an ITMO is public (its serial says so)
    },
    "transfers": {"status": PUBLIC_FIELD},
    "retirements": {"status": PUBLIC_FIELD, "kind": PUBLIC_FIELD},
    "financings": {"projectId": PUBLIC_FIELD, "status": PUBLIC_FIELD},
    "notifications": {"myTasksOnly": PUBLIC_FIELD},
    "authorizations": {"projectId": PUBLIC_FIELD},
    # Who may list clients at all is API_CLIENT_LIST; the filter names an organisation only.
    "apiClients": {"organisationId": PUBLIC_FIELD},
    "publicProjects": {"search": PUBLIC_FIELD},  # the title of an authorised project
}


def may_read_everywhere(principal: Principal | None, action: Action) -> bool:
    """True if principal may read the field action guards on every row, not only on its own."""
    rule = RULES[action]
    if principal is None:
        return rule.anonymous
    return principal.pair in rule.everywhere


def require_list_arguments(
    principal: Principal | None, list_name: str, arguments: Iterable[str]
) -> None:
    """Raise Forbidden (Unauthenticated when anonymous) if an argument sorts or filters
    list_name by a field principal may not read on every row, or is not declared at all."""
    declared = LIST_ARGUMENTS.get(list_name, {})
    for argument in arguments:
        if argument not in declared:
            raise Forbidden(f"{list_name} cannot be sorted or filtered by {argument}.")
        action = declared[argument]
        if action is None or may_read_everywhere(principal, action):
            continue
        if principal is None:
            raise Unauthenticated("Sign in to do this.")
        raise Forbidden(
            f"You may not sort or filter {list_name} by {argument}: you may not read it on "
            "every row.",
            action=action.value,
            argument=argument,
        )


def require_own(
    principal: Principal | None,
    action: Action,
    *,
    organisation_id: int | None,
    what: str,
    private: bool = False,
    field: str | None = None,
) -> None:
    """The one "not yours" rule: raise unless principal may do action on an object of
    organisation_id (what names it, e.g. "credit block 12"). Another organisation's object is
    Forbidden; with private (its existence is not public) NotFound, as if it did not exist."""
    if can(principal, action, organisation_id=organisation_id):
        return
    if principal is None:
        raise Unauthenticated("Sign in to do this.")
    details = {} if field is None else {"field": field}
    if private:
        raise NotFound(f"{what} does not exist.", **details)
    raise Forbidden(f"{what} is not your organisation's.", action=action.value, **details)


def may_hold_credits(kind: OrganisationType, country_holder_types: tuple[str, ...]) -> bool:
    """Whether an organisation of this type may hold credits in a country that lets
    country_holder_types hold them (the country file)."""
    return kind in CREDIT_HOLDER_TYPES and kind.value in country_holder_types
