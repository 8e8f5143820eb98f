"""Lists through the API for every organisation type x role (plus ROOT and anonymous): sorting
or filtering by a field is allowed only to those who may read it on every row (issue 14 item 3),
and PENDING/REJECTED organisations and every statusReason show only to government and the
organisation itself (item 19). Expected outcomes come from the policy module's own table."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLEnumType, GraphQLList, GraphQLNonNull, GraphQLObjectType, build_schema

from backend import policy
from backend.models.enums import OrganisationStatus, OrganisationType, Role
from backend.models.organisation import Organisation
from backend.policy import Action
from backend.schema import schema, sdl
from backend.schema.list_arguments import PAGING, CheckedListArguments
from tests.conftest import GraphQLClient, error_code
from tests.factories import ledger_size, make_member, make_organisation
from tests.schema.test_permission_matrix import everyone


def _is_list(kind: Any) -> bool:
    while isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    return isinstance(kind, GraphQLList) or (
        isinstance(kind, GraphQLObjectType) and kind.name.endswith("Connection")
    )


def list_fields() -> dict[str, dict[str, Any]]:
    """Every query that answers a list and takes sort or filter arguments: its arguments."""
    query = build_schema(sdl()).type_map["Query"]
    assert isinstance(query, GraphQLObjectType)
    return {
        name: {arg: value for arg, value in field.args.items() if arg not in PAGING}
        for name, field in query.fields.items()
        if _is_list(field.type) and set(field.args) - PAGING
    }


def test_every_sort_and_filter_argument_is_declared_in_the_policy() -> None:
    undeclared = []
    for name, arguments in list_fields().items():
        declared = policy.LIST_ARGUMENTS.get(name, {})
        for arg, value in arguments.items():
            kind = value.type.of_type if isinstance(value.type, GraphQLNonNull) else value.type
            each = isinstance(kind, GraphQLEnumType) and any(
                key.startswith(f"{arg}:") for key in declared
            )
            keys = [f"{arg}:{v}" for v in kind.values] if each else [arg]  # type: ignore[union-attr]
            undeclared += [f"{name}({key})" for key in keys if key not in declared]
    assert undeclared == []
    assert set(policy.LIST_ARGUMENTS) == set(list_fields())


def test_every_list_with_arguments_asks_the_policy() -> None:
    query = schema.get_type_by_name("Query")
    assert query is not None
    converter = schema.config.name_converter
    checked = {
        converter.get_graphql_name(field): [
            e.list_name for e in field.extensions if isinstance(e, CheckedListArguments)
        ]
        for field in query.fields  # type: ignore[union-attr]
    }
    assert {name: checked[name] for name in list_fields()} == {
        name: [name] for name in list_fields()
    }


RESTRICTED = sorted(
    (name, key, action)
    for name, arguments in policy.LIST_ARGUMENTS.items()
    for key, action in arguments.items()
    if action is not None
)


@pytest.mark.parametrize(("name", "key", "action"), RESTRICTED)
async def test_restricted_sort_matrix(
    name: str, key: str, action: Action, gql: GraphQLClient
) -> None:
    argument, _, value = key.partition(":")
    assert value, "only orderBy values are restricted today; give this argument a sample value"
    query = f"{{ {name}({argument}: {value}) {{ totalCount }} }}"
    allowed_seen = set()
    for who, member in (await everyone()).items():
        size = await ledger_size()
        result = await gql.as_(member.token if member else None)(query)
        if member is not None and policy.may_read_everywhere(member.principal, action):
            assert "errors" not in result, (who, result)
            allowed_seen.add(who)
        else:
            expected = "UNAUTHENTICATED" if member is None else "FORBIDDEN"
            assert error_code(result) == expected, (who, result)
        assert await ledger_size() == size
    assert allowed_seen == {
        f"{kind.value}/{role.value}"
        for kind, role in policy.ALL_PAIRS
        if kind is OrganisationType.GOVERNMENT
    }


TAX_ORDER = "{ organisations(orderBy: TAX_ID, first: 100) { edges { node { taxId } } } }"


async def test_sorting_by_a_hidden_tax_id_is_refused_not_leaked(gql: GraphQLClient) -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    gov = await make_member(OrganisationType.GOVERNMENT, Role.VIEWER)
    refused = await gql.as_(developer.token)(TAX_ORDER)
    assert error_code(refused) == "FORBIDDEN"
    assert refused["errors"][0]["extensions"]["argument"] == "orderBy:TAX_ID"
    assert refused["data"] is None
    shown = await gql.as_(gov.token)(TAX_ORDER)
    tax_ids = [edge["node"]["taxId"] for edge in shown["data"]["organisations"]["edges"]]
    assert tax_ids == sorted(await Organisation.all().values_list("tax_id", flat=True))


ORGS = "query($s: OrganisationStatus) { organisations(status: $s, first: 100) { totalCount edges { node { id statusReason } } } }"  # noqa: E501


async def test_unlisted_organisations_and_reasons_matrix(gql: GraphQLClient) -> None:
    pending = await make_organisation(OrganisationType.DEVELOPER, OrganisationStatus.PENDING)
    rejected = await make_organisation(OrganisationType.DEVELOPER, OrganisationStatus.REJECTED)
    suspended = await make_organisation(OrganisationType.CERTIFIER, OrganisationStatus.SUSPENDED)
    for row, reason in ((rejected, "director under investigation"), (suspended, "bias")):
        await Organisation.filter(id=row.id).update(status_reason=reason)
    members = await everyone()
    for member in members.values():  # and a reason on each member's own organisation
        if member is not None:
            await Organisation.filter(id=member.organisation.id).update(status_reason="own note")
    unlisted = {str(pending.id), str(rejected.id)}
    for who, member in members.items():
        ask = gql.as_(member.token if member else None)
        if member is None:
            assert error_code(await ask(ORGS)) == "UNAUTHENTICATED"
            continue
        sees_all = policy.can(member.principal, Action.READ_UNLISTED_ORGANISATIONS)
        listed = (await ask(ORGS))["data"]["organisations"]
        ids = {edge["node"]["id"] for edge in listed["edges"]}
        assert (unlisted <= ids) is sees_all and (unlisted & ids == set()) is not sees_all, who
        assert listed["totalCount"] == len(ids)
        pending_only = (await ask(ORGS, s="PENDING"))["data"]["organisations"]["edges"]
        assert ({e["node"]["id"] for e in pending_only} == {str(pending.id)}) is sees_all, who
        for edge in listed["edges"]:
            row = await Organisation.get(id=int(edge["node"]["id"]))
            may = policy.can(
                member.principal, Action.READ_ORGANISATION_STATUS_REASON, organisation_id=row.id
            )
            assert edge["node"]["statusReason"] == (row.status_reason if may else None), who
        own_node = next(
            e["node"]
            for e in listed["edges"]
            if e["node"]["id"] == str(member.organisation.id)
        )
        assert own_node["statusReason"] == "own note", who
        one = await ask("query($id: ID!) { organisation(id: $id) { id } }", id=str(rejected.id))
        if sees_all:
            assert one["data"]["organisation"]["id"] == str(rejected.id), who
        else:
            assert error_code(one) == "NOT_FOUND", who
