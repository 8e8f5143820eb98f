"""Persisted queries: government restricts a partner client to an allow-list of operations,
sent as Apollo and urql send them (extensions.persistedQuery.sha256Hash, with or without the
text); the restricted client's other operations are FORBIDDEN and change nothing; others'
requests are unaffected; the list is checked against the schema and recorded in the ledger."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from backend.models.api_client import ApiClient, PersistedQuery
from backend.models.enums import OrganisationType, Role
from backend.models.ledger import LedgerEntry
from backend.models.organisation import Organisation
from tests.conftest import GraphQLClient, error_code
from tests.factories import ledger_size, make_member
from tests.identity.partners import access_token, government_admin, partner_client

ALLOWED = "query Projects { projects(first: 5) { totalCount } }"
OTHER = "query Orgs { organisations(first: 5) { totalCount } }"
SET = """mutation($id: ID!, $documents: [String!]) {
  setApiClientOperations(input: {id: $id, documents: $documents}) {
    client { allowedOperations } ledgerSeq } }"""


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


async def post(http: httpx.AsyncClient, token: str | None, body: dict[str, Any]) -> httpx.Response:
    http.cookies.clear()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await http.post("/graphql", json=body, headers=headers)


def persisted(text: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha(text)}}


async def test_a_restricted_client_sends_only_its_allowed_operations(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    issued = await partner_client(["projects:read", "public"])
    token = await access_token(http, issued)
    government = await government_admin()
    # Unrestricted at first: any operation its scopes allow.
    assert (await post(http, token, {"query": OTHER})).json()["data"] is not None

    result = await gql.as_(government.token)(SET, id=str(issued.client.id), documents=[ALLOWED])
    assert result["data"]["setApiClientOperations"]["client"]["allowedOperations"] == [sha(ALLOWED)]
    entry = await LedgerEntry.filter(type="api_client.operations_set").get()
    assert sha(ALLOWED) in bytes(entry.body).decode()

    # Apollo's persisted query: the hash alone, then hash and text (both run).
    alone = await post(http, token, {"extensions": persisted(ALLOWED)})
    assert alone.status_code == 200 and alone.json()["data"]["projects"]["totalCount"] == 0
    both = await post(http, token, {"query": ALLOWED, "extensions": persisted(ALLOWED)})
    assert both.json()["data"]["projects"]["totalCount"] == 0

    # Anything else is FORBIDDEN: another text, another registered hash, a mutation.
    size = await ledger_size()
    for body in (
        {"query": OTHER},
        {"query": OTHER, "extensions": persisted(OTHER)},
        {"query": 'mutation { revokeApiClient(id: "1") { ledgerSeq } }'},
    ):
        refused = await post(http, token, body)
        assert refused.status_code == 403, refused.text
        assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await ledger_size() == size

    # A hash that does not match the text is refused for anyone.
    wrong = await post(http, None, {"query": OTHER, "extensions": persisted(ALLOWED)})
    assert error_code(wrong.json()) == "BAD_USER_INPUT"

    # Lifting the restriction.
    lifted = await gql.as_(government.token)(SET, id=str(issued.client.id), documents=None)
    assert lifted["data"]["setApiClientOperations"]["client"]["allowedOperations"] is None
    assert (await post(http, token, {"query": OTHER})).json()["data"] is not None


async def test_hashes_alone_run_only_registered_documents(http: httpx.AsyncClient) -> None:
    unknown = await post(http, None, {"extensions": persisted("{ __typename }")})
    assert unknown.status_code == 200
    assert error_code(unknown.json()) == "PERSISTED_QUERY_NOT_FOUND"
    assert await PersistedQuery.all().count() == 0  # sending the text registers nothing
    await post(http, None, {"query": "{ __typename }", "extensions": persisted("{ __typename }")})
    assert await PersistedQuery.all().count() == 0
    malformed = await post(http, None, {"extensions": {"persistedQuery": {"sha256Hash": "x"}}})
    assert error_code(malformed.json()) == "BAD_USER_INPUT"


async def test_only_government_sets_the_list_and_only_valid_queries(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    issued = await partner_client(["projects:read"])
    government = await government_admin()
    partner = await Organisation.get(id=issued.client.organisation_id)
    partner_admin = await make_member(OrganisationType.PARTNER, Role.ADMIN, organisation=partner)
    size = await ledger_size()
    for token, documents, code in [
        (partner_admin.token, [ALLOWED], "FORBIDDEN"),
        (government.token, ["{ notAField }"], "BAD_USER_INPUT"),
        (government.token, ["query {"], "BAD_USER_INPUT"),
        (
            government.token,
            ['mutation { revokeApiClient(id: "1") { ledgerSeq } }'],
            "BAD_USER_INPUT",
        ),
        (government.token, [], "BAD_USER_INPUT"),
    ]:
        result = await gql.as_(token)(SET, id=str(issued.client.id), documents=documents)
        assert error_code(result) == code, (documents, result)
    client = await ApiClient.get(id=issued.client.id)
    assert client.allowed_operations is None
    assert await ledger_size() == size and await PersistedQuery.all().count() == 0
