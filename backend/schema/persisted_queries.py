"""Government restricts a partner API client to persisted queries: the operations' documents
are given, checked against the schema (queries only: clients only read) and stored by their
SHA-256; the client may then send just `extensions.persistedQuery.sha256Hash`."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse, validate
from strawberry.types import Info

from backend.context import Context
from backend.errors import BadUserInput
from backend.policy import Action
from backend.schema.api_clients import ApiClientPayload, _payload
from backend.schema.fields import mutation
from backend.schema.ids import parse_id
from backend.schema.permissions import may, signed_in
from backend.services import persisted_queries as service


@strawberry.input(description="The operations a client may send, or null for any.")
class SetApiClientOperationsInput:
    id: strawberry.ID = strawberry.field(description="The API client.")
    documents: list[str] | None = strawberry.field(
        description="GraphQL query documents, each exactly as the client sends it (its hash "
        "is the SHA-256 of this text); null lifts the restriction."
    )


def _check(info: Info[Context, Any], documents: list[str]) -> None:
    for number, document in enumerate(documents, start=1):
        try:
            tree = parse(document)
        except GraphQLError as exc:
            raise BadUserInput(f"operation {number}: {exc.message}", field="documents") from None
        errors = validate(info.schema._schema, tree)
        if errors:
            raise BadUserInput(f"operation {number}: {errors[0].message}", field="documents")
        kinds = {d.operation for d in tree.definitions if isinstance(d, OperationDefinitionNode)}
        if kinds != {OperationType.QUERY}:
            raise BadUserInput(f"operation {number}: clients may only query.", field="documents")


@strawberry.type
class PersistedQueryMutation:
    @mutation(
        description="Restrict an API client to persisted queries, or lift it (GOVERNMENT ADMIN).",
        extensions=may(Action.API_CLIENT_MANAGE),
    )
    async def set_api_client_operations(
        self,
        info: Info[Context, Any],
        input: Annotated[SetApiClientOperationsInput, strawberry.argument(description="What.")],
    ) -> ApiClientPayload:
        principal = signed_in(info)
        if input.documents is not None:
            _check(info, input.documents)
        issued = await service.set_allowed_operations(
            principal=principal,
            client_id=parse_id(input.id, "API client"),
            documents=input.documents,
        )
        return _payload(issued)
