"""Bad input gets a clear GraphQL error with a code, and changes nothing."""

from __future__ import annotations

import httpx
import pytest

from backend.models.enums import OrganisationStatus, OrganisationType, Role
from backend.models.organisation import Organisation
from tests.conftest import GraphQLClient, error_code
from tests.factories import ledger_size, make_member, make_organisation


async def state() -> tuple[int, int]:
    return await Organisation.all().count(), await ledger_size()


async def test_a_10_mb_query_is_refused_before_parsing(http: httpx.AsyncClient) -> None:
    before = await state()
    huge = "{ " + "viewer { id } " * (10 * 1024 * 1024 // 14) + "}"
    response = await http.post("/graphql", json={"query": huge})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert await state() == before


async def test_depth_50_is_refused(gql: GraphQLClient) -> None:
    member = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    nested = "viewer { " * 50 + "id" + " }" * 50
    result = await gql.as_(member.token)("{ " + nested + " }")
    assert error_code(result) == "BAD_USER_INPUT"


async def test_deep_nesting_through_real_fields_is_refused(gql: GraphQLClient) -> None:
    member = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    inner = "edges { node { organisation { id } } }"
    query = "{ users { " + inner + " } }"
    assert "errors" not in await gql.as_(member.token)(query)
    deep = "{ " + "users { edges { node { " * 25 + "id" + " } } }" * 25 + " }"
    result = await gql.as_(member.token)(deep)
    assert error_code(result) == "BAD_USER_INPUT"
    assert "depth" in result["errors"][0]["message"]


async def test_500_aliases_are_refused(gql: GraphQLClient) -> None:
    before = await state()
    aliases = " ".join(f"a{i}: viewer {{ id }}" for i in range(500))
    result = await gql("{ " + aliases + " }")
    assert error_code(result) == "BAD_USER_INPUT"
    assert "aliases" in result["errors"][0]["message"]
    mutation = " ".join(
        f'r{i}: registerOrganisation(input: {{organisation: {{name: "X", taxId: "T{i}", type: DEVELOPER, '
        f'email: "x{i}@example.org"}}, adminEmail: "a{i}@example.org", adminName: "A", '
        f'adminPassword: "long enough password"}}) {{ message }}'
        for i in range(500)
    )
    assert error_code(await gql("mutation { " + mutation + " }")) == "BAD_USER_INPUT"
    assert await state() == before


async def test_too_many_tokens_and_syntax_errors_are_bad_input(gql: GraphQLClient) -> None:
    fields = " ".join("id" for _ in range(6000))
    assert error_code(await gql("{ viewer { " + fields + " } }")) == "BAD_USER_INPUT"
    assert error_code(await gql("{ viewer { id ")) == "BAD_USER_INPUT"
    assert error_code(await gql("{ noSuchField }")) == "BAD_USER_INPUT"


@pytest.mark.parametrize("bad_id", ["999999", "abc", "-1", "1e3", "9" * 40])
async def test_unknown_or_malformed_ids_are_not_found(gql: GraphQLClient, bad_id: str) -> None:
    member = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    before = await state()
    for mutation in ("approveOrganisation(id: $id)", "reactivateOrganisation(id: $id)"):
        result = await gql.as_(member.token)(
            f"mutation($id: ID!) {{ {mutation} {{ ledgerSeq }} }}", id=bad_id
        )
        assert error_code(result) == "NOT_FOUND", result
    result = await gql.as_(member.token)(
        "query($id: ID!) { organisation(id: $id) { id } }", id=bad_id
    )
    assert error_code(result) == "NOT_FOUND"
    assert await state() == before


async def test_wrong_status_transition_is_a_conflict_over_the_api(gql: GraphQLClient) -> None:
    member = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    active = await make_organisation(OrganisationType.DEVELOPER, OrganisationStatus.ACTIVE)
    before = await state()
    result = await gql.as_(member.token)(
        "mutation($id: ID!) { approveOrganisation(id: $id) { ledgerSeq } }", id=str(active.id)
    )
    assert error_code(result) == "CONFLICT"
    assert result["errors"][0]["message"] == "a ACTIVE organisation cannot be approved."
    assert await state() == before


async def test_duplicate_tax_id_and_malformed_email_over_the_api(gql: GraphQLClient) -> None:
    register = """mutation($tax: String!, $email: String!, $admin: String!) {
      registerOrganisation(input: {organisation: {name: "Co", taxId: $tax, type: DEVELOPER, email: $email},
      adminEmail: $admin, adminName: "A", adminPassword: "long enough password"}) { message } }"""
    assert "errors" not in await gql(
        register, tax="T-1", email="co@example.org", admin="a@example.org"
    )
    before = await state()
    duplicate = await gql(register, tax="T-1", email="co@example.org", admin="b@example.org")
    assert error_code(duplicate) == "CONFLICT"
    assert duplicate["errors"][0]["extensions"]["field"] == "taxId"
    malformed = await gql(register, tax="T-2", email="not an email", admin="c@example.org")
    assert error_code(malformed) == "BAD_USER_INPUT"
    assert malformed["errors"][0]["extensions"]["field"] == "email"
    assert await state() == before


async def test_pagination_arguments_are_checked(gql: GraphQLClient) -> None:
    member = await make_member(OrganisationType.GOVERNMENT, Role.VIEWER)
    assert (
        error_code(await gql.as_(member.token)("{ organisations(first: 1000) { totalCount } }"))
        == "BAD_USER_INPUT"
    )
    assert (
        error_code(await gql.as_(member.token)('{ organisations(after: "!!") { totalCount } }'))
        == "BAD_USER_INPUT"
    )


@pytest.mark.expected_traceback
async def test_unexpected_errors_are_masked_and_logged(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backend.services import organisations

    async def broken(**kwargs: object) -> None:
        raise RuntimeError("secret internals: password=hunter2")

    member = await make_member(OrganisationType.GOVERNMENT, Role.VIEWER)
    monkeypatch.setattr(organisations, "list_organisations", broken)
    result = await gql.as_(member.token)("{ organisations { totalCount } }")
    assert result["errors"][0]["message"] == "Unexpected error."
    assert error_code(result) == "INTERNAL_SERVER_ERROR"
    assert "hunter2" not in str(result)
    assert any("unexpected error" in r.getMessage() for r in caplog.records)


async def test_bad_variable_values_are_bad_input_not_masked(gql: GraphQLClient) -> None:
    member = await make_member(OrganisationType.GOVERNMENT, Role.VIEWER)
    result = await gql.as_(member.token)(
        "query($t: OrganisationType) { organisations(type: $t) { totalCount } }", t="NOPE"
    )
    assert error_code(result) == "BAD_USER_INPUT"
    assert "NOPE" in result["errors"][0]["message"]
    result = await gql.as_(member.token)(
        "query($n: Int) { organisations(first: $n) { totalCount } }", n="x"
    )
    assert error_code(result) == "BAD_USER_INPUT"
