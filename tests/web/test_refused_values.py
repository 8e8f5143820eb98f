"""Issue 14: a value a model field refuses (a text longer than its column) is the caller's
error, BAD_USER_INPUT / HTTP 400, wherever it meets the database: inside a transaction, in a
GraphQL filter, in an HTTP route. The value is never echoed back, and nothing is stored."""

from __future__ import annotations

import base64

import httpx
import pytest

from backend import db
from backend.errors import BadUserInput
from backend.models.enums import OrganisationStatus, OrganisationType
from backend.models.organisation import Organisation
from tests.conftest import GraphQLClient, error_code

LONG = "ü" * 300
FIELDS = {
    "type": OrganisationType.DEVELOPER,
    "status": OrganisationStatus.PENDING,
    "email": "org@example.org",
    "country": "VU",
}


async def test_an_overlong_text_in_a_transaction_is_bad_user_input_and_rolled_back(
    database: str,
) -> None:
    before = await Organisation.all().count()
    with pytest.raises(BadUserInput) as refused:
        async with db.transaction():
            await Organisation.create(name="Fine", tax_id="T-1", **FIELDS)
            await Organisation.create(name=LONG, tax_id="T-2", **FIELDS)
    assert str(refused.value).startswith("name is longer than ")
    assert LONG not in str(refused.value)
    assert refused.value.details == {"field": "name"}
    assert await Organisation.all().count() == before


async def test_an_overlong_text_in_a_graphql_filter_is_bad_user_input(gql: GraphQLClient) -> None:
    result = await gql(
        'mutation ($e: String!) { login(input: {email: $e, password: "x"}) { token } }',
        e="a" * 300 + "@example.org",
    )
    assert error_code(result) == "BAD_USER_INPUT", result
    assert result["errors"][0]["message"] == "email is longer than 254 characters."


async def test_an_overlong_text_in_an_http_route_is_400(http: httpx.AsyncClient) -> None:
    credentials = base64.b64encode(("c" * 200 + ":secret").encode()).decode()
    response = await http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {credentials}"},
    )
    assert response.status_code in (400, 401), response.text
    assert "c" * 200 not in response.text
