"""The GraphQL schema: root Query and Mutation composed from one module per domain."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig

from backend.schema.errors import RegistryErrors
from backend.schema.ledger import LedgerQuery
from backend.schema.organisations import OrganisationMutation, OrganisationQuery
from backend.schema.users import UserMutation, UserQuery


@strawberry.type(description="Everything that can be read.")
class Query(OrganisationQuery, UserQuery, LedgerQuery):
    pass


@strawberry.type(description="Everything that changes the registry; each change is in the ledger.")
class Mutation(OrganisationMutation, UserMutation):
    pass


class RegistrySchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None):  # type: ignore[no-untyped-def]
        """Errors are logged by RegistryErrors when unexpected; refusals are not log noise."""


def build_schema(*, max_depth: int, max_aliases: int, max_tokens: int) -> strawberry.Schema:
    return RegistrySchema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(disable_field_suggestions=True),
        extensions=[
            lambda: MaxTokensLimiter(max_token_count=max_tokens),
            lambda: QueryDepthLimiter(max_depth=max_depth),
            lambda: MaxAliasesLimiter(max_alias_count=max_aliases),
            RegistryErrors,
        ],
    )
