"""Every organisation type x role (plus ROOT and anonymous) against every mutation of the
organisations and users API and every sensitive field, expected outcomes read from the policy
module's own table, observed through the real API. A refusal must change nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from itertools import product
from typing import Any

import pytest

from backend import policy
from backend.models.enums import OrganisationStatus, OrganisationType, Role
from backend.models.organisation import Organisation
from backend.models.user import User
from backend.policy import Action
from tests.conftest import GraphQLClient, error_code
from tests.factories import Member, ledger_size, make_member, make_organisation

PAIRS = sorted(policy.ALL_PAIRS)


async def everyone() -> dict[str, Member | None]:
    members: dict[str, Member | None] = {"anonymous": None}
    for kind, role in PAIRS:
        members[f"{kind.value}/{role.value}"] = await make_member(kind, role)
    return members


@dataclass(frozen=True)
class Case:
    action: Action
    query: str
    # Builds a fresh target for `member`; returns (variables, target organisation id, target user id).
    target: Callable[[Member | None], Awaitable[tuple[dict[str, Any], int | None, int | None]]]
    extra_action: Action | None = None


async def pending_org(member: Member | None) -> tuple[dict[str, Any], int, None]:
    org = await make_organisation(OrganisationType.DEVELOPER, OrganisationStatus.PENDING)
    return {"id": str(org.id)}, org.id, None


async def active_org(member: Member | None) -> tuple[dict[str, Any], int, None]:
    org = await make_organisation(OrganisationType.DEVELOPER, OrganisationStatus.ACTIVE)
    return {"id": str(org.id)}, org.id, None


async def suspended_org(member: Member | None) -> tuple[dict[str, Any], int, None]:
    org = await make_organisation(OrganisationType.CERTIFIER, OrganisationStatus.SUSPENDED)
    return {"id": str(org.id)}, org.id, None


async def own_org(member: Member | None) -> tuple[dict[str, Any], int | None, None]:
    if member is None:
        return await active_org(member)
    return {"id": str(member.organisation.id)}, member.organisation.id, None


async def colleague(member: Member | None) -> tuple[dict[str, Any], int, int]:
    org = member.organisation if member else await make_organisation()
    other = await make_member(org.type, Role.VIEWER, organisation=org)
    return {"id": str(other.user.id)}, org.id, other.user.id


async def stranger(member: Member | None) -> tuple[dict[str, Any], int, int]:
    other = await make_member(OrganisationType.DEVELOPER, Role.VIEWER)
    return {"id": str(other.user.id)}, other.organisation.id, other.user.id


async def myself(member: Member | None) -> tuple[dict[str, Any], int | None, int | None]:
    if member is None:
        return await stranger(member)
    return {"id": str(member.user.id)}, member.organisation.id, member.user.id


async def nothing(member: Member | None) -> tuple[dict[str, Any], None, None]:
    return {}, None, None


async def org_for_new_user(member: Member | None) -> tuple[dict[str, Any], int | None, None]:
    variables, org_id, _ = await own_org(member)
    return {"org": variables["id"]}, org_id, None


async def other_org_for_new_user(member: Member | None) -> tuple[dict[str, Any], int, None]:
    variables, org_id, _ = await active_org(member)
    return {"org": variables["id"]}, org_id, None


ORG_FIELDS = "organisation { id status }"
REGISTER = """mutation { registerOrganisation(input: {organisation: {name: "New Co",
  taxId: "NEW-%s", type: DEVELOPER, email: "new@example.org"}, adminEmail: "admin-%s@example.org",
  adminName: "Ada", adminPassword: "a long enough password"}) { ledgerSeq } }"""
CREATE = """mutation { createOrganisation(input: {organisation: {name: "Made Co",
  taxId: "MADE-%s", type: CERTIFIER, email: "made@example.org"},
  adminEmail: "made-%s@example.org", adminName: "Bo"}) { ledgerSeq } }"""

CASES = {
    "registerOrganisation": Case(Action.ORGANISATION_REGISTER, REGISTER, nothing),
    "createOrganisation": Case(Action.ORGANISATION_CREATE, CREATE, nothing),
    "approveOrganisation": Case(
        Action.ORGANISATION_APPROVE,
        f"mutation($id: ID!) {{ approveOrganisation(id: $id) {{ {ORG_FIELDS} ledgerSeq }} }}",
        pending_org,
    ),
    "rejectOrganisation": Case(
        Action.ORGANISATION_REJECT,
        f'mutation($id: ID!) {{ rejectOrganisation(input: {{id: $id, reason: "no"}}) {{ {ORG_FIELDS} }} }}',
        pending_org,
    ),
    "suspendOrganisation": Case(
        Action.ORGANISATION_SUSPEND,
        f'mutation($id: ID!) {{ suspendOrganisation(input: {{id: $id, reason: "x"}}) {{ {ORG_FIELDS} }} }}',
        active_org,
    ),
    "reactivateOrganisation": Case(
        Action.ORGANISATION_REACTIVATE,
        f"mutation($id: ID!) {{ reactivateOrganisation(id: $id) {{ {ORG_FIELDS} }} }}",
        suspended_org,
    ),
    "updateOrganisation:own": Case(
        Action.ORGANISATION_UPDATE,
        'mutation($id: ID!) { updateOrganisation(input: {id: $id, website: "https://own.example"}) '
        "{ ledgerSeq } }",
        own_org,
    ),
    "updateOrganisation:other": Case(
        Action.ORGANISATION_UPDATE,
        'mutation($id: ID!) { updateOrganisation(input: {id: $id, website: "https://x.example"}) '
        "{ ledgerSeq } }",
        active_org,
    ),
    "createUser:own": Case(
        Action.USER_CREATE,
        'mutation($org: ID!) { createUser(input: {organisationId: $org, email: "n-%s@example.org", '
        'name: "New", role: VIEWER}) { ledgerSeq } }',
        org_for_new_user,
    ),
    "createUser:other": Case(
        Action.USER_CREATE,
        'mutation($org: ID!) { createUser(input: {organisationId: $org, email: "o-%s@example.org", '
        'name: "New", role: VIEWER}) { ledgerSeq } }',
        other_org_for_new_user,
    ),
    "updateUser:self": Case(
        Action.USER_UPDATE_PROFILE,
        'mutation($id: ID!) { updateUser(input: {id: $id, name: "Renamed"}) { ledgerSeq } }',
        myself,
    ),
    "updateUser:colleague": Case(
        Action.USER_UPDATE_PROFILE,
        'mutation($id: ID!) { updateUser(input: {id: $id, name: "Renamed"}) { ledgerSeq } }',
        colleague,
    ),
    "updateUser:stranger": Case(
        Action.USER_UPDATE_PROFILE,
        'mutation($id: ID!) { updateUser(input: {id: $id, name: "Renamed"}) { ledgerSeq } }',
        stranger,
    ),
    "updateUser:role": Case(
        Action.USER_CHANGE_ROLE,
        "mutation($id: ID!) { updateUser(input: {id: $id, role: MANAGER}) { ledgerSeq } }",
        colleague,
    ),
    "deactivateUser:colleague": Case(
        Action.USER_DEACTIVATE,
        "mutation($id: ID!) { deactivateUser(id: $id) { ledgerSeq } }",
        colleague,
    ),
    "deactivateUser:stranger": Case(
        Action.USER_DEACTIVATE,
        "mutation($id: ID!) { deactivateUser(id: $id) { ledgerSeq } }",
        stranger,
    ),
}


async def snapshot() -> tuple[Any, ...]:
    orgs = await Organisation.all().order_by("id").values_list("id", "status", "website", "name")
    users = await User.all().order_by("id").values_list("id", "name", "role", "status")
    return (await ledger_size(), tuple(orgs), tuple(users))


@pytest.mark.parametrize("name", sorted(CASES))
async def test_mutation_matrix(name: str, gql: GraphQLClient) -> None:
    case = CASES[name]
    outcomes: dict[str, bool] = {}
    for number, (who, member) in enumerate((await everyone()).items()):
        variables, org_id, user_id = await case.target(member)
        expected = policy.can(
            member.principal if member else None,
            case.action,
            organisation_id=org_id,
            user_id=user_id,
        )
        if case.action is Action.USER_CHANGE_ROLE and member is not None:
            expected = expected and policy.can(
                member.principal,
                Action.USER_UPDATE_PROFILE,
                organisation_id=org_id,
                user_id=user_id,
            )
        query = case.query.replace("%s", f"{name}-{number}".replace(":", "-"))
        before = await snapshot()
        result = await gql.as_(member.token if member else None)(query, **variables)
        outcomes[who] = "errors" not in result
        if expected:
            assert "errors" not in result, (who, result)
            assert await ledger_size() == before[0] + 1, who
        else:
            want = "UNAUTHENTICATED" if member is None else "FORBIDDEN"
            assert error_code(result) == want, (who, result)
            assert await snapshot() == before, who
    # The table itself, spot-checked by hand for the cells that matter most.
    if name in (
        "approveOrganisation",
        "rejectOrganisation",
        "suspendOrganisation",
        "reactivateOrganisation",
        "createOrganisation",
        "updateOrganisation:other",
        "createUser:other",
        "deactivateUser:stranger",
        "updateUser:stranger",
    ):
        assert {w for w, ok in outcomes.items() if ok} == {"GOVERNMENT/ADMIN", "GOVERNMENT/ROOT"}
    if name == "registerOrganisation":
        assert all(outcomes.values())
    if name == "updateUser:self":
        assert {w for w, ok in outcomes.items() if not ok} == {"anonymous"}
    if name in ("createUser:own", "deactivateUser:colleague", "updateOrganisation:own"):
        assert {w for w, ok in outcomes.items() if ok} == {
            f"{kind.value}/ADMIN" for kind in OrganisationType
        } | {"GOVERNMENT/ROOT"}


SENSITIVE_ORG = {
    "taxId": Action.READ_ORGANISATION_TAX_ID,
    "email": Action.READ_ORGANISATION_EMAIL,
    "phone": Action.READ_ORGANISATION_PHONE,
}
SENSITIVE_USER = {"email": Action.READ_USER_EMAIL, "phone": Action.READ_USER_PHONE}


async def test_sensitive_fields_matrix(gql: GraphQLClient) -> None:
    members = await everyone()
    other = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    seen_hidden = seen_shown = 0
    for (who, member), target in product(members.items(), ("own", "other")):
        if member is None:
            result = await gql(
                "query($id: ID!) { organisation(id: $id) { taxId } }", id=str(other.organisation.id)
            )
            assert error_code(result) == "UNAUTHENTICATED"
            continue
        subject = member if target == "own" else other
        fields = " ".join(SENSITIVE_ORG)
        result = await gql.as_(member.token)(
            f"query($id: ID!) {{ organisation(id: $id) {{ {fields} }} }}",
            id=str(subject.organisation.id),
        )
        org_row = subject.organisation
        for field, action in SENSITIVE_ORG.items():
            allowed = policy.can(member.principal, action, organisation_id=org_row.id)
            value = result["data"]["organisation"][field]
            expected = {"taxId": org_row.tax_id, "email": org_row.email, "phone": org_row.phone}[
                field
            ]
            assert value == (expected if allowed else None), (who, target, field)
            seen_shown += allowed
            seen_hidden += not allowed
        result = await gql.as_(member.token)(
            f"query($org: ID!) {{ users(organisationId: $org) "
            f"{{ edges {{ node {{ id {' '.join(SENSITIVE_USER)} }} }} }} }}",
            org=str(org_row.id),
        )
        may_list = policy.can(member.principal, Action.USER_LIST, organisation_id=org_row.id)
        if not may_list:
            assert error_code(result) == "FORBIDDEN", (who, target)
            continue
        for edge in result["data"]["users"]["edges"]:
            row = await User.get(id=int(edge["node"]["id"]))
            for field, action in SENSITIVE_USER.items():
                allowed = policy.can(
                    member.principal, action, organisation_id=row.organisation_id, user_id=row.id
                )
                assert edge["node"][field] == (getattr(row, field) if allowed else None), (
                    who,
                    field,
                )
    assert seen_shown > 0 and seen_hidden > 0
