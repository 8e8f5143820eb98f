"""The GraphQL schema: root Query and Mutation composed from one module per domain."""

from __future__ import annotations

import strawberry
from graphql.error import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from backend.schema.activities import ActivityMutation, ActivityQuery
from backend.schema.api_clients import ApiClientMutation, ApiClientQuery
from backend.schema.article6 import Article6Mutation, Article6Query
from backend.schema.caching import cached_limits
from backend.schema.country import CountryQuery
from backend.schema.credit_mutations import CreditMutation
from backend.schema.credit_queries import CreditQuery
from backend.schema.direct_fields import install_direct_resolvers
from backend.schema.documents import DocumentMutation, DocumentQuery
from backend.schema.errors import DefaultErrorCode, RegistryErrors
from backend.schema.field_guards import install_field_guards
from backend.schema.financing import FinancingMutation, FinancingQuery
from backend.schema.identity_providers import IdentityProviderQuery
from backend.schema.leaf_fields import LeafExecutionContext, mark_leaves
from backend.schema.ledger import LedgerQuery
from backend.schema.monitoring import MonitoringMutation
from backend.schema.notifications import NotificationQuery
from backend.schema.organisation_mutations import OrganisationMutation
from backend.schema.organisations import OrganisationQuery
from backend.schema.persisted_queries import PersistedQueryMutation
from backend.schema.project_mutations import ProjectMutation
from backend.schema.projects import ProjectQuery
from backend.schema.public_registry import DashboardQuery
from backend.schema.scalars import SCALARS
from backend.schema.throttling import HttpThrottling
from backend.schema.user_approval import UserApprovalMutation
from backend.schema.users import UserMutation, UserQuery
from backend.schema.viewer_actions import ViewerActionsQuery


@strawberry.type(description="Everything that can be read.")
class Query(
    CountryQuery,
    IdentityProviderQuery,
    ApiClientQuery,
    CreditQuery,
    NotificationQuery,
    OrganisationQuery,
    UserQuery,
    LedgerQuery,
    DocumentQuery,
    FinancingQuery,
    ProjectQuery,
    ActivityQuery,
    Article6Query,
    DashboardQuery,
    ViewerActionsQuery,
):
    pass


@strawberry.type(description="Everything that changes the registry; each change is in the ledger.")
class Mutation(
    ApiClientMutation,
    PersistedQueryMutation,
    CreditMutation,
    OrganisationMutation,
    UserMutation,
    UserApprovalMutation,
    DocumentMutation,
    FinancingMutation,
    ProjectMutation,
    ActivityMutation,
    MonitoringMutation,
    Article6Mutation,
):
    pass


class RegistrySchema(strawberry.Schema):
    """The schema, without Strawberry's logging of every error."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Errors are logged by RegistryErrors when unexpected; refusals are not log noise."""


def build_schema(*, max_depth: int, max_aliases: int, max_tokens: int) -> strawberry.Schema:
    """The schema with these request limits (the app passes its settings')."""
    built = RegistrySchema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(disable_field_suggestions=True, scalar_map=SCALARS),
        execution_context_class=LeafExecutionContext,
        extensions=[
            *cached_limits(max_depth=max_depth, max_aliases=max_aliases, max_tokens=max_tokens),
            HttpThrottling,
            DefaultErrorCode,
            RegistryErrors,
        ],
    )
    # An API client's scopes and the argument strings (lone surrogates, NUL, lengths) are
    # checked on the fields that need it, not around every field of every row.
    install_direct_resolvers(built)
    install_field_guards(built)
    mark_leaves(built)  # last: only the plain fields no check has wrapped
    return built


# The schema with the default limits of backend.config.Settings, for tools: the SDL, clients'
# code generators, tests. The limits do not change the SDL.
schema = build_schema(max_depth=12, max_aliases=30, max_tokens=5000)


def sdl() -> str:
    """The schema in SDL, as committed in schema.graphql (`carbon-registry schema`)."""
    return schema.as_str() + "\n"
