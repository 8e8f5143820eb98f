"""What a partner API client may reach in the graph: every field that returns an object is
checked against the action its type stands for, and the policy's CLIENT_GRANTS decides from
the client's OAuth scopes. Unknown types are refused (fail closed); so is every mutation.
Sensitive scalar fields (tax IDs, contact data) are refused by their own policy actions, which
no scope grants. People's reads are unchanged: their rules are applied object by object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLNamedType, GraphQLResolveInfo, OperationType, get_named_type
from strawberry.extensions import SchemaExtension

from backend import policy
from backend.errors import Forbidden
from backend.policy import Action

# The action each object type of the schema stands for; None: never for an API client.
TYPE_ACTIONS: dict[str, Action | None] = {
    "PageInfo": Action.READ_PUBLIC,
    "SerialLookupResult": Action.READ_PUBLIC,
    "CountrySettings": Action.READ_PUBLIC,
    "SectoralScope": Action.READ_PUBLIC,
    "RegistrationReceipt": None,  # a mutation's answer: clients change nothing
    "Organisation": Action.READ_ORGANISATIONS,
    "Project": Action.READ_PROJECTS,
    "ProjectCertifier": Action.READ_PROJECTS,
    "ProjectLocation": Action.READ_PROJECTS,
    "ProjectOwner": Action.READ_PROJECTS,
    "Activity": Action.READ_PROJECTS,
    "MonitoringReport": Action.READ_PROJECTS,
    "CooperativeApproach": Action.READ_PROJECTS,
    "Authorization": Action.READ_PROJECTS,
    "AuthorizedEntity": Action.READ_PROJECTS,
    "ProjectHistoryEntry": Action.READ_PROJECT_HISTORY,
    "Account": Action.READ_CREDITS,
    "Balance": Action.READ_CREDITS,
    "CreditBlock": Action.READ_CREDITS,
    "Transfer": Action.READ_CREDITS,
    "Retirement": Action.READ_CREDITS,
    "Issuance": Action.READ_CREDITS,
    "HistoryEntry": Action.READ_CREDITS,
    "LedgerCheckpoint": Action.READ_LEDGER,
    "LedgerEntry": Action.READ_LEDGER,
    "LedgerInclusionProof": Action.READ_LEDGER,
    "LedgerConsistencyProof": Action.READ_LEDGER,
    "Financing": Action.READ_FINANCING,
    "Document": Action.READ_PROJECT_DOCUMENTS,
    "User": Action.USER_LIST,
    "Notification": None,
    "ApiClient": None,
    # The dashboard: people's figures only (a client has no organisation's figures to see);
    # its parts are plain figures, also under the public totals.
    "Dashboard": None,
    "DashboardCredits": None,
    "DashboardCreditsBy": None,
    "DashboardArticle6": None,
    "DashboardActivity": None,
    "DashboardCount": Action.READ_PUBLIC,
    "PublicProject": Action.READ_PUBLIC,
    "PublicTotals": Action.READ_PUBLIC,
}
# Fields whose type alone would say too much: the public serial lookup shows the block and
# its history to anyone, so a client with `public` sees them there too.
FIELD_ACTIONS: dict[tuple[str, str], Action] = {
    ("SerialLookupResult", "block"): Action.READ_PUBLIC,
    ("SerialLookupResult", "history"): Action.READ_PUBLIC,
}
_WRAPPERS = ("Connection", "Edge")


def base_type(name: str) -> str:
    """The node type of a connection or edge type; any other name as it is."""
    for suffix in _WRAPPERS:
        if name.endswith(suffix) and name[: -len(suffix)] in TYPE_ACTIONS:
            return name[: -len(suffix)]
    return name


def action_of_type(name: str) -> Action | None:
    """The action an object type stands for (a connection or edge: its node's)."""
    for suffix in _WRAPPERS:
        if name.endswith(suffix) and name != suffix and name[: -len(suffix)] in TYPE_ACTIONS:
            return TYPE_ACTIONS[name[: -len(suffix)]]
    return TYPE_ACTIONS.get(name)


def action_of_field(parent: str, field: str, returns: GraphQLNamedType) -> Action | None:
    """The action reading parent.field needs from a client; None for a scalar or enum
    (decided by its parent's check, or by its own policy action in the resolver)."""
    if (parent, field) in FIELD_ACTIONS:
        return FIELD_ACTIONS[(parent, field)]
    if not hasattr(returns, "fields"):
        return None
    return action_of_type(returns.name) or Action.API_CLIENT_MANAGE  # unknown: never granted


class ClientScopes(SchemaExtension):
    def resolve(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        principal = getattr(info.context, "principal", None)
        if principal is None or not principal.is_client:
            return _next(root, info, *args, **kwargs)
        if info.operation.operation is not OperationType.QUERY:
            raise Forbidden("API clients only read.", action="mutation")
        returns = get_named_type(info.return_type)
        parent = info.parent_type.name
        if parent.startswith("__") or info.field_name.startswith("__"):  # introspection
            return _next(root, info, *args, **kwargs)
        action = action_of_field(parent, info.field_name, returns)
        if action is not None and not policy.client_may(principal, action):
            raise Forbidden(
                f"This client's scopes do not grant {parent}.{info.field_name}.",
                action=action.value,
            )
        return _next(root, info, *args, **kwargs)
