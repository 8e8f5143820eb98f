"""Partner API clients in GraphQL: government creates, rotates and revokes them; government
and the partner's own people list them. A secret appears once, in the payload that made it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from backend.context import Context
from backend.models import api_client as models
from backend.policy import Action
from backend.schema.fields import field, mutation
from backend.schema.ids import parse_id
from backend.schema.list_arguments import checked
from backend.schema.permissions import may, signed_in
from backend.services import api_clients as service
from backend.services.api_clients import IssuedClient

ClientId = Annotated[strawberry.ID, strawberry.argument(description="The API client's ID.")]


@strawberry.type(description="A partner system's OAuth 2 client (client credentials grant).")
class ApiClient:
    row: strawberry.Private[models.ApiClient]

    @field(description="The registry's key for this client (used by rotate and revoke).")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.id))

    @field(description="The OAuth client_id the partner sends to POST /oauth/token.")
    def client_id(self) -> str:
        return self.row.client_id

    @field(description="A name for people (e.g. 'Transparency portal').")
    def name(self) -> str:
        return self.row.name

    @field(description="The PARTNER organisation the client belongs to.")
    def organisation_id(self) -> strawberry.ID:
        return strawberry.ID(str(self.row.organisation_id))

    @field(description="The OAuth scopes the client may ask for.")
    def scopes(self) -> list[str]:
        return list(self.row.scopes)

    @field(description="client_secret_basic (basic or post) or private_key_jwt.")
    def auth_method(self) -> str:
        return self.row.auth_method

    @field(description="Requests per minute before 429 Too Many Requests.")
    def rate_limit_per_minute(self) -> int:
        return self.row.rate_limit_per_minute

    @field(description="When it was created (UTC).")
    def created_at(self) -> datetime:
        return self.row.created_at

    @field(description="When its secret was last rotated, if ever.")
    def secret_rotated_at(self) -> datetime | None:
        return self.row.secret_rotated_at

    @field(description="When it was revoked; a revoked client's tokens no longer work.")
    def revoked_at(self) -> datetime | None:
        return self.row.revoked_at

    @field(
        description="Persisted queries: the SHA-256 hashes of the only operations it may send "
        "(null: any operation its scopes allow)."
    )
    def allowed_operations(self) -> list[str] | None:
        return self.row.allowed_operations


@strawberry.input(description="A new API client for an ACTIVE PARTNER organisation.")
class CreateApiClientInput:
    organisation_id: strawberry.ID = strawberry.field(description="The PARTNER organisation.")
    name: str = strawberry.field(description="A name for people.")
    scopes: list[str] = strawberry.field(
        description="public, projects:read, credits:read, reports:read, ledger:read."
    )
    rate_limit_per_minute: int = strawberry.field(
        default=100, description="Requests per minute (1 to 10000)."
    )


@strawberry.input(description="A new private_key_jwt API client: it signs with its own keys.")
class CreateApiClientWithKeysInput(CreateApiClientInput):
    jwks: JSON = strawberry.field(
        description="Its public keys, {keys: [...]}, each with a kid (RSA, EC or OKP)."
    )


@strawberry.type(description="A client as created with a secret, or with a new secret.")
class ApiClientSecretPayload:
    client: ApiClient = strawberry.field(description="The client as it is now.")
    secret: str = strawberry.field(
        description="The client secret, shown this once and stored only as a hash."
    )
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


@strawberry.type(description="A client as created with keys, or as revoked.")
class ApiClientPayload:
    client: ApiClient = strawberry.field(description="The client as it is now.")
    ledger_seq: int = strawberry.field(description="The ledger entry recording the change.")


def _payload(issued: IssuedClient) -> ApiClientPayload:
    return ApiClientPayload(client=ApiClient(row=issued.client), ledger_seq=issued.ledger_seq)


def _secret_payload(issued: IssuedClient) -> ApiClientSecretPayload:
    assert issued.secret is not None
    return ApiClientSecretPayload(
        client=ApiClient(row=issued.client), secret=issued.secret, ledger_seq=issued.ledger_seq
    )


@strawberry.type
class ApiClientQuery:
    @field(
        description="API clients: every one for government, a partner's own for its people.",
        extensions=[*may(Action.API_CLIENT_LIST), *checked("apiClients")],
    )
    async def api_clients(
        self,
        info: Info[Context, Any],
        organisation_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this organisation's.")
        ] = None,
    ) -> list[ApiClient]:
        rows = await service.list_clients(
            principal=signed_in(info),
            organisation_id=None
            if organisation_id is None
            else parse_id(organisation_id, "organisation"),
        )
        return [ApiClient(row=row) for row in rows]


@strawberry.type
class ApiClientMutation:
    @mutation(
        description="Create an API client with a secret for a PARTNER organisation "
        "(GOVERNMENT ADMIN).",
        extensions=may(Action.API_CLIENT_MANAGE),
    )
    async def create_api_client(
        self,
        info: Info[Context, Any],
        input: Annotated[CreateApiClientInput, strawberry.argument(description="The client.")],
    ) -> ApiClientSecretPayload:
        issued = await service.create_client(
            principal=signed_in(info),
            organisation_id=parse_id(input.organisation_id, "organisation"),
            name=input.name,
            scopes=input.scopes,
            rate_limit_per_minute=input.rate_limit_per_minute,
        )
        return _secret_payload(issued)

    @mutation(
        description="Create a private_key_jwt API client for a PARTNER organisation "
        "(GOVERNMENT ADMIN); it has no secret.",
        extensions=may(Action.API_CLIENT_MANAGE),
    )
    async def create_api_client_with_keys(
        self,
        info: Info[Context, Any],
        input: Annotated[
            CreateApiClientWithKeysInput, strawberry.argument(description="The client.")
        ],
    ) -> ApiClientPayload:
        issued = await service.create_client(
            principal=signed_in(info),
            organisation_id=parse_id(input.organisation_id, "organisation"),
            name=input.name,
            scopes=input.scopes,
            jwks=cast(Any, input.jwks) or {},  # its shape is checked by the service
            rate_limit_per_minute=input.rate_limit_per_minute,
        )
        return _payload(issued)

    @mutation(
        description="Give a client a new secret; the old secret and its tokens stop at once.",
        extensions=may(Action.API_CLIENT_MANAGE),
    )
    async def rotate_api_client_secret(
        self, info: Info[Context, Any], id: ClientId
    ) -> ApiClientSecretPayload:
        issued = await service.rotate_secret(
            principal=signed_in(info), client_id=parse_id(id, "API client")
        )
        return _secret_payload(issued)

    @mutation(
        description="Revoke a client for good; its tokens stop working at once.",
        extensions=may(Action.API_CLIENT_MANAGE),
    )
    async def revoke_api_client(self, info: Info[Context, Any], id: ClientId) -> ApiClientPayload:
        issued = await service.revoke_client(
            principal=signed_in(info), client_id=parse_id(id, "API client")
        )
        return _payload(issued)
