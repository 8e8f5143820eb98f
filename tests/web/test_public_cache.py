"""Anonymous public reads are answered from backend/web/public_cache.py until the ledger grows:
a row changed without a ledger entry keeps the kept answer (the cache is used), the next
recorded change replaces it; signed-in callers, errors and other fields are never kept."""

from __future__ import annotations

from typing import Any

import pytest

from backend.models.project import Project
from backend.web import public_cache
from backend.web.public_cache import PublicAnswers
from tests.conftest import GraphQLClient, error_code
from tests.factories import make_member
from tests.services.credit_helpers import deductions, government, issue

PUBLIC = """{ publicTotals { issued }
  publicProjects(first: 10) { totalCount edges { node { id title creditsIssued } } } }"""
LOOKUP = "query($s: String!) { serialLookup(serial: $s) { unit block { id quantity } } }"


def titles(result: dict[str, Any]) -> list[str]:
    return [e["node"]["title"] for e in result["data"]["publicProjects"]["edges"]]


async def test_a_kept_answer_is_replaced_after_a_recorded_change(gql: GraphQLClient) -> None:
    owner = await make_member()
    with deductions():
        first, [block] = await issue(owner, 100)
    before = await gql(PUBLIC)
    assert before["data"]["publicTotals"] == {"issued": 100}
    [title] = titles(before)

    # Not through the services, so not in the ledger: the kept answer still says the old title.
    await Project.filter(id=first.project_id).update(title="Renamed outside the ledger")
    assert await gql(PUBLIC) == before
    government_view = await gql.as_((await government()).token)(PUBLIC)  # never from the cache
    assert titles(government_view) == ["Renamed outside the ledger"]

    with deductions():
        await issue(owner, 50)  # recorded: the ledger grows
    after = await gql(PUBLIC)
    assert after["data"]["publicTotals"] == {"issued": 150}
    assert "Renamed outside the ledger" in titles(after) and title not in titles(after)
    assert after["data"]["publicProjects"]["totalCount"] == 2


async def test_errors_are_not_kept(gql: GraphQLClient, app: Any) -> None:
    owner = await make_member()
    with deductions():
        _, [block] = await issue(owner, 100)
    beyond = str(int(block.serial_end) + 1)
    assert error_code(await gql(LOOKUP, s=beyond)) == "NOT_FOUND"
    answers = _answers(app)
    assert error_code(await gql(LOOKUP, s=beyond)) == "NOT_FOUND"
    assert answers.hits == 0 and answers.misses == 2
    found = await gql(LOOKUP, s=str(int(block.serial_start)))
    assert found == await gql(LOOKUP, s=str(int(block.serial_start)))
    assert answers.hits == 1 and answers.misses == 3
    assert found["data"]["serialLookup"]["block"] == {"id": str(block.id), "quantity": 100}


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("{ publicTotals { issued } }", True),
        ('query Q { serialLookup(serial: "1") { unit } __typename }', True),
        ("{ publicTotals { issued } viewer { id } }", False),  # a field that is not public
        ("{ ...F } fragment F on Query { publicTotals { issued } }", False),
        ("mutation { logout }", False),
        ("{ publicTotals { issued }", False),  # does not parse
    ],
)
def test_only_queries_of_public_root_fields_are_kept(query: str, kept: bool) -> None:
    assert public_cache.cacheable(query, None) is kept


def _answers(app: Any) -> PublicAnswers:
    """The app's GraphQL view's cache (the route of /graphql)."""
    route = next(r for r in app.routes if getattr(r, "path", None) == "/graphql")
    answers = route.endpoint.public_answers
    assert isinstance(answers, PublicAnswers)
    return answers
