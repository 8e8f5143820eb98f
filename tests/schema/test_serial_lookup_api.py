"""serialLookup through the API: any unit by serial or bare number; a block serial whose end was
never issued is refused (issue 14 item 23). And the public countrySettings query."""

from __future__ import annotations

from backend.models.credit import CreditBlock
from backend.services import runtime
from tests.conftest import GraphQLClient, error_code
from tests.factories import make_member
from tests.services.credit_helpers import deductions, issue

LOOKUP = "query($s: String!) { serialLookup(serial: $s) { unit block { id serial } history { type } } }"


async def test_a_bare_unit_number_finds_its_unit(gql: GraphQLClient) -> None:
    with deductions():
        issued, [block] = await issue(await make_member(), 100)
        _, [later] = await issue(await make_member(), 50)
    unit = int(issued.serial_start) + 41
    found = (await gql(LOOKUP, s=str(unit)))["data"]["serialLookup"]
    assert found == {
        "unit": unit,
        "block": {"id": str(block.id), "serial": block.serial},
        "history": [{"type": "credits.issued"}],
    }
    padded = (await gql(LOOKUP, s=f"  {int(later.serial_start)} "))["data"]["serialLookup"]
    assert padded["block"]["id"] == str(later.id)
    beyond = int(later.serial_end) + 1
    assert error_code(await gql(LOOKUP, s=str(beyond))) == "NOT_FOUND"
    assert error_code(await gql(LOOKUP, s="9" * 25)) == "BAD_USER_INPUT"


async def test_a_block_serial_must_end_on_an_issued_unit(gql: GraphQLClient) -> None:
    with deductions():
        _, [block] = await issue(await make_member(), 100)
    start, end = int(block.serial_start), int(block.serial_end)
    prefix = block.serial_prefix
    exact = (await gql(LOOKUP, s=block.serial))["data"]["serialLookup"]
    assert exact["unit"] == start and exact["block"]["id"] == str(block.id)
    inside = (await gql(LOOKUP, s=f"{prefix}-{start}-{end - 10}"))["data"]["serialLookup"]
    assert inside["unit"] == start
    never = await gql(LOOKUP, s=f"{prefix}-{start}-{end + 1_000_000}")
    assert error_code(never) == "NOT_FOUND", never
    assert error_code(await gql(LOOKUP, s=f"{prefix}-{end}-{start}")) == "BAD_USER_INPUT"
    assert error_code(await gql(LOOKUP, s=f"{prefix}-{start}-{'9' * 25}")) == "BAD_USER_INPUT"
    assert await CreditBlock.all().count() == 1


COUNTRY = """{ countrySettings { name iso2 iso3 registryId languages defaultLanguage unitTypes
  sectors ghgs sectoralScopes { number name } organisationTypes sharesOfProceeds: shareOfProceedsPercent
  omgePercent } }"""


async def test_country_settings_are_public_and_the_country_files(gql: GraphQLClient) -> None:
    country = runtime.current().country
    settings = (await gql(COUNTRY))["data"]["countrySettings"]
    assert settings == {
        "name": country.name,
        "iso2": country.iso2,
        "iso3": country.iso3,
        "registryId": country.registry_id,
        "languages": list(country.languages),
        "defaultLanguage": country.default_language,
        "unitTypes": [country.unit_type],
        "sectors": list(country.sectors),
        "ghgs": list(country.ghgs),
        "sectoralScopes": [
            {"number": n, "name": name} for n, name in sorted(country.sectoral_scopes.items())
        ],
        "organisationTypes": list(country.organisation_types),
        "sharesOfProceeds": str(country.share_of_proceeds_percent),
        "omgePercent": str(country.omge_percent),
    }
    assert len(settings["sectoralScopes"]) == len(country.sectoral_scopes) > 0
