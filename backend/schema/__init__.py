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
from backend.schema.client_scopes import ClientScopes
from backend.schema.country import CountryQuery
from backend.schema.credit_mutations import CreditMutation
from backend.schema.credit_queries import CreditQuery
from backend.schema.documents import DocumentMutation, DocumentQuery
from backend.schema.errors import DefaultErrorCode, RegistryErrors
from backend.schema.financing import FinancingMutation, FinancingQuery
from backend.schema.input_checks import InputChecks
from backend.schema.ledger import LedgerQuery
from backend.schema.monitoring import MonitoringMutation
from backend.schema.notifications import NotificationQuery
from backend.schema.organisation_mutations import OrganisationMutation
from backend.schema.organisations import OrganisationQuery
from backend.schema.project_mutations import ProjectMutation
from backend.schema.projects import ProjectQuery
from backend.schema.public_registry import DashboardQuery
from backend.schema.scalars import SCALARS
from backend.schema.throttling import HttpThrottling
from backend.schema.users import UserMutation, UserQuery


@strawberry.type(description="Everything that can be read.")
class Query(
    CountryQuery,
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
):
    pass


@strawberry.type(description="Everything that changes the registry; each change is in the ledger.")
class Mutation(
    ApiClientMutation,
    CreditMutation,
    OrganisationMutation,
    UserMutation,
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
    return RegistrySchema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(disable_field_suggestions=True, scalar_map=SCALARS),
        extensions=[
            *cached_limits(max_depth=max_depth, max_aliases=max_aliases, max_tokens=max_tokens),
            HttpThrottling,
            # Strings are checked at the edge for every field's arguments (lone surrogates,
            # NUL, lengths).
            InputChecks,
            DefaultErrorCode,
            RegistryErrors,
            ClientScopes,
        ],
    )


# The schema with the default limits of backend.config.Settings, for tools: the SDL, clients'
# code generators, tests. The limits do not change the SDL.
schema = build_schema(max_depth=12, max_aliases=30, max_tokens=5000)


def sdl() -> str:
    """The schema in SDL, as committed in schema.graphql (`carbon-registry schema`)."""
    return schema.as_str() + "\n"
