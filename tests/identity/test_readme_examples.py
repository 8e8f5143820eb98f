"""The README's identity examples are true: its two REGISTRY_OIDC_PROVIDERS examples load,
its partner queries (curl, Python, persisted query) answer without errors for a client with
the scopes they need, through the real token endpoint, and its setApiClientOperations
mutation works as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx

from backend.services.oidc import providers_from_json
from tests.conftest import GraphQLClient
from tests.identity.partners import access_token, government_admin, partner_client

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
SECTION = README[
    README.index("### Signing in with a national IdP") : README.index("### What changed in the API")
]


def test_the_provider_examples_load() -> None:
    examples = re.findall(r"REGISTRY_OIDC_PROVIDERS='(.*?)'", SECTION, flags=re.S)
    assert len(examples) == 2
    loaded = [providers_from_json(text.replace("\n", " "))[0] for text in examples]
    assert [p.name for p in loaded] == ["esignet", "gov"]
    assert loaded[0].auth_method == "private_key_jwt"
    assert dict(loaded[1].role_map)["registry-admin"] == "ADMIN"


async def test_the_partner_queries_answer(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    curl = re.findall(r"-d '(\{\"query\".*?\})'", SECTION)
    python = re.findall(r'json=\{"query": "(.*?)"\}', SECTION)
    persisted = re.findall(r'^query = "(.*?)"$', SECTION, flags=re.M)
    queries = [json.loads(c)["query"] for c in curl] + python + persisted
    assert len(queries) == 3, queries
    issued = await partner_client(["public", "projects:read", "credits:read"])
    token = await access_token(http, issued)
    for query in queries:
        answer = (
            await http.post(
                "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
            )
        ).json()
        assert "errors" not in answer and answer["data"], (query, answer)

    mutation = re.search(r"mutation \{ setApiClientOperations.*?ledgerSeq \} \}", SECTION, re.S)
    assert mutation is not None
    government = await government_admin()
    text = mutation.group(0).replace('id: "3"', f'id: "{issued.client.id}"')
    result = await gql.as_(government.token)(text)
    assert "errors" not in result, result
    assert len(result["data"]["setApiClientOperations"]["client"]["allowedOperations"]) == 1
