"""The Article 6.2 screen's lists filtered by the server: creditBlocks(itmo:) and
retirements(kind:), paged as every list is, over the registry of tests/registry_flow.py."""

from __future__ import annotations

from backend.models.credit import CreditBlock, Retirement
from backend.models.enums import RetirementKind
from tests.conftest import GraphQLClient
from tests.registry_flow import populate

BLOCKS = """query($itmo: Boolean, $first: Int, $after: String) {
  creditBlocks(itmo: $itmo, first: $first, after: $after) {
    totalCount edges { cursor node { id itmoFirstId } } } }"""
RETIREMENTS = """query($kind: RetirementKind, $first: Int) {
  retirements(kind: $kind, first: $first) { totalCount edges { node { id kind } } } }"""


def ids(result: dict[str, object], name: str) -> list[str]:
    assert "errors" not in result, result
    data = result["data"]
    assert isinstance(data, dict)
    return [e["node"]["id"] for e in data[name]["edges"]]


async def test_credit_blocks_filtered_by_itmo_on_the_server(gql: GraphQLClient) -> None:
    flow = await populate()
    gov = gql.as_(flow.government.token)
    covered = {str(b.id) for b in await CreditBlock.filter(authorization_id__isnull=False)}
    others = {str(b.id) for b in await CreditBlock.filter(authorization_id__isnull=True)}
    assert covered and others  # the flow has both
    itmo = await gov(BLOCKS, itmo=True, first=100)
    assert set(ids(itmo, "creditBlocks")) == covered
    assert all(e["node"]["itmoFirstId"] for e in itmo["data"]["creditBlocks"]["edges"])
    assert itmo["data"]["creditBlocks"]["totalCount"] == len(covered)
    plain = await gov(BLOCKS, itmo=False, first=100)
    assert set(ids(plain, "creditBlocks")) == others
    assert not any(e["node"]["itmoFirstId"] for e in plain["data"]["creditBlocks"]["edges"])
    # Paged: one a page, the pages together are the filtered list, in order.
    seen, after = [], None
    for _ in range(len(covered)):
        page = await gov(BLOCKS, itmo=True, first=1, after=after)
        assert page["data"]["creditBlocks"]["totalCount"] == len(covered)
        seen += ids(page, "creditBlocks")
        after = page["data"]["creditBlocks"]["edges"][-1]["cursor"]
    assert seen == ids(itmo, "creditBlocks")


async def test_retirements_filtered_by_kind_on_the_server(gql: GraphQLClient) -> None:
    flow = await populate()
    gov = gql.as_(flow.government.token)
    firsts = await Retirement.filter(kind=RetirementKind.FIRST_TRANSFER)
    assert len(firsts) == 1 and await Retirement.all().count() == 4
    found = await gov(RETIREMENTS, kind="FIRST_TRANSFER", first=100)
    assert ids(found, "retirements") == [str(firsts[0].id)]
    assert found["data"]["retirements"]["totalCount"] == 1
    voluntary = await gov(RETIREMENTS, kind="VOLUNTARY_CANCELLATION", first=1)
    assert voluntary["data"]["retirements"]["totalCount"] == 3
    assert [e["node"]["kind"] for e in voluntary["data"]["retirements"]["edges"]] == [
        "VOLUNTARY_CANCELLATION"
    ]
    # The buyer sees only its own: it asked for no first transfer.
    mine = await gql.as_(flow.buyer.token)(RETIREMENTS, kind="FIRST_TRANSFER", first=100)
    assert ids(mine, "retirements") == []
