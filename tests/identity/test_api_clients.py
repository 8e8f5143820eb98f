"""Government creates, lists, rotates and revokes partner API clients through GraphQL; the
secret is shown once, stored only as an HMAC and never in the ledger; refusals change nothing."""

from __future__ import annotations

import pytest

from backend.models.api_client import ApiClient
from backend.models.enums import OrganisationType, Role
from backend.models.ledger import LedgerEntry
from tests.conftest import GraphQLClient, error_code
from tests.factories import ledger_size, make_member, make_organisation
from tests.identity.partners import access_token, graphql, partner_client, token_response

CREATE = """
mutation($input: CreateApiClientInput!) {
  createApiClient(input: $input) {
    client { id clientId scopes authMethod organisationId revokedAt }
    secret
    ledgerSeq
  }
}"""
REVOKE = "mutation($id: ID!) { revokeApiClient(id: $id) { client { revokedAt } ledgerSeq } }"
ROTATE = "mutation($id: ID!) { rotateApiClientSecret(id: $id) { secret ledgerSeq } }"


async def test_government_admin_creates_a_client_whose_secret_is_shown_once(
    gql: GraphQLClient,
) -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    partner = await make_organisation(OrganisationType.PARTNER)
    result = await gql.as_(government.token)(
        CREATE,
        input={"organisationId": str(partner.id), "name": "Portal", "scopes": ["projects:read"]},
    )
    payload = result["data"]["createApiClient"]
    secret = payload["secret"]
    assert secret.startswith("rcs_") and len(secret) > 40
    assert payload["client"]["scopes"] == ["projects:read"]
    assert payload["client"]["authMethod"] == "client_secret_basic"
    row = await ApiClient.get(client_id=payload["client"]["clientId"])
    assert row.secret_hash is not None and secret not in row.secret_hash
    entry = await LedgerEntry.get(seq=payload["ledgerSeq"])
    body = bytes(entry.body).decode()
    assert entry.type == "api_client.created"
    assert secret not in body and row.secret_hash not in body
    assert f'"actor":"user:{government.user.id}"' in body
    listed = await gql.as_(government.token)("{ apiClients { clientId } }")
    assert listed["data"]["apiClients"] == [{"clientId": row.client_id}]
    assert "secret" not in str(listed)


@pytest.mark.parametrize(
    ("kind", "role", "code"),
    [
        (None, None, "UNAUTHENTICATED"),
        (OrganisationType.GOVERNMENT, Role.MANAGER, "FORBIDDEN"),
        (OrganisationType.PARTNER, Role.ADMIN, "FORBIDDEN"),
        (OrganisationType.DEVELOPER, Role.ADMIN, "FORBIDDEN"),
    ],
)
async def test_only_a_government_admin_creates_clients(
    gql: GraphQLClient, kind: OrganisationType | None, role: Role | None, code: str
) -> None:
    partner = await make_organisation(OrganisationType.PARTNER)
    token = (await make_member(kind, role)).token if kind and role else None
    size = await ledger_size()
    result = await gql.as_(token)(
        CREATE, input={"organisationId": str(partner.id), "name": "P", "scopes": ["public"]}
    )
    assert error_code(result) == code
    assert await ApiClient.all().count() == 0
    assert await ledger_size() == size


@pytest.mark.parametrize(
    ("organisation_type", "scopes", "field"),
    [
        (OrganisationType.DEVELOPER, ["public"], "organisationId"),
        (OrganisationType.PARTNER, ["projects:write"], "scopes"),
        (OrganisationType.PARTNER, [], "scopes"),
    ],
)
async def test_bad_clients_are_refused_and_change_nothing(
    gql: GraphQLClient, organisation_type: OrganisationType, scopes: list[str], field: str
) -> None:
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    organisation = await make_organisation(organisation_type)
    size = await ledger_size()
    result = await gql.as_(government.token)(
        CREATE, input={"organisationId": str(organisation.id), "name": "P", "scopes": scopes}
    )
    assert error_code(result) == "BAD_USER_INPUT"
    assert result["errors"][0]["extensions"]["field"] == field
    assert await ApiClient.all().count() == 0
    assert await ledger_size() == size


async def test_a_jwks_holding_a_private_key_is_refused(gql: GraphQLClient) -> None:
    from tests.identity.partners import rsa_key

    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    partner = await make_organisation(OrganisationType.PARTNER)
    size = await ledger_size()
    result = await gql.as_(government.token)(
        """mutation($input: CreateApiClientWithKeysInput!) {
          createApiClientWithKeys(input: $input) { client { id } ledgerSeq } }""",
        input={
            "organisationId": str(partner.id),
            "name": "P",
            "scopes": ["public"],
            "jwks": {"keys": [rsa_key("k1").as_dict(private=True)]},
        },
    )
    assert error_code(result) == "BAD_USER_INPUT"
    assert await ApiClient.all().count() == 0 and await ledger_size() == size


async def test_revoking_a_client_stops_its_token_at_once(gql: GraphQLClient, http) -> None:
    issued = await partner_client(["projects:read"])
    token = await access_token(http, issued)
    query = "{ projects { totalCount } }"
    assert (await graphql(http, token, query))["data"]["projects"]["totalCount"] == 0
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    revoked = await gql.as_(government.token)(REVOKE, id=str(issued.client.id))
    assert revoked["data"]["revokeApiClient"]["client"]["revokedAt"] is not None
    assert error_code(await graphql(http, token, query)) == "UNAUTHENTICATED"
    assert issued.secret is not None
    again = await token_response(http, issued.client.client_id, issued.secret)
    assert again.status_code == 401 and again.json()["error"] == "invalid_client"
    size = await ledger_size()
    twice = await gql.as_(government.token)(REVOKE, id=str(issued.client.id))
    assert error_code(twice) == "CONFLICT" and await ledger_size() == size


async def test_rotating_a_secret_ends_the_old_secret_and_its_tokens(
    gql: GraphQLClient, http
) -> None:
    issued = await partner_client(["projects:read"])
    token = await access_token(http, issued)
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    rotated = await gql.as_(government.token)(ROTATE, id=str(issued.client.id))
    new_secret = rotated["data"]["rotateApiClientSecret"]["secret"]
    assert new_secret != issued.secret
    assert error_code(await graphql(http, token, "{ projects { totalCount } }")) == (
        "UNAUTHENTICATED"
    )
    assert issued.secret is not None
    old = await token_response(http, issued.client.client_id, issued.secret)
    assert old.status_code == 401
    new = await token_response(http, issued.client.client_id, new_secret)
    assert new.status_code == 200
    body = bytes(
        (await LedgerEntry.get(seq=rotated["data"]["rotateApiClientSecret"]["ledgerSeq"])).body
    )
    assert new_secret.encode() not in body
