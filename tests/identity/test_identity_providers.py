"""The public identityProviders query: one entry per configured provider, with the login path
the sign-in page's button goes to; none when sign-in with a provider is not configured."""

from __future__ import annotations

from joserfc.jwk import RSAKey

from backend.services import oidc
from backend.services.oidc import OidcProvider
from tests.conftest import GraphQLClient

QUERY = "{ identityProviders { id displayName loginPath } }"


async def test_anyone_sees_the_configured_providers(gql: GraphQLClient) -> None:
    key = RSAKey.generate_key(2048, parameters={"kid": "registry-1"})
    oidc.configure(
        [
            OidcProvider(
                name="esignet",
                issuer="https://esignet.gov.example",
                client_id="r",
                label="National ID (eSignet)",
            ),
            OidcProvider(
                name="keycloak",
                issuer="https://sso.gov.example/realms/gov",
                client_id="r",
                label="Government staff",
                auth_method="client_secret_basic",
                client_secret="s",
            ),
        ],
        key=key,
    )
    result = await gql(QUERY)
    assert "errors" not in result, result
    assert result["data"]["identityProviders"] == [
        {
            "id": "esignet",
            "displayName": "National ID (eSignet)",
            "loginPath": "/auth/oidc/esignet/login",
        },
        {
            "id": "keycloak",
            "displayName": "Government staff",
            "loginPath": "/auth/oidc/keycloak/login",
        },
    ]
    assert "secret" not in str(result) and "issuer" not in str(result)
    oidc.configure([], key=key)
    assert (await gql(QUERY))["data"]["identityProviders"] == []
