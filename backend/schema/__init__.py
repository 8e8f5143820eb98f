"""The GraphQL schema: root Query and Mutation composed from one module per domain."""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig

from backend.schema.activities import ActivityMutation, ActivityQuery
from backend.schema.article6 import Article6Mutation, Article6Query
from backend.schema.caching import cached_limits
from backend.schema.credits import CreditMutation, CreditQuery
from backend.schema.documents import DocumentMutation, DocumentQuery
from backend.schema.errors import RegistryErrors
from backend.schema.financing import FinancingMutation, FinancingQuery
from backend.schema.ledger import LedgerQuery
from backend.schema.monitoring import MonitoringMutation
from backend.schema.notifications import NotificationQuery
from backend.schema.organisations import OrganisationMutation, OrganisationQuery
from backend.schema.project_mutations import ProjectMutation
from backend.schema.projects import ProjectQuery
from backend.schema.scalars import SCALARS
from backend.schema.throttling import HttpThrottling
from backend.schema.users import UserMutation, UserQuery


@strawberry.type(description="Everything that can be read.")
class Query(
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
):
    pass


@strawberry.type(description="Everything that changes the registry; each change is in the ledger.")
class Mutation(
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
    def process_errors(self, errors, execution_context=None):  # type: ignore[no-untyped-def]
        """Errors are logged by RegistryErrors when unexpected; refusals are not log noise."""


def build_schema(*, max_depth: int, max_aliases: int, max_tokens: int) -> strawberry.Schema:
    return RegistrySchema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(disable_field_suggestions=True, scalar_map=SCALARS),
        extensions=[
            *cached_limits(max_depth=max_depth, max_aliases=max_aliases, max_tokens=max_tokens),
            HttpThrottling,
            RegistryErrors,
        ],
    )
