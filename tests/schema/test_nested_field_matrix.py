"""The field matrices of issue 10 over nested fields, derived from the schema and the policy
module: every path from a root query field down to an Organisation or a User (through
connections, owners, holders, senders, ...) is asked, on a registry built through the services,

- by a member of each organisation type and role: each tax id, e-mail and phone reached at
  any depth is its real value exactly where the policy lets that member read it, else null;
- by a partner client holding each single OAuth scope: every object reached is one the scope
  grants, every FORBIDDEN names a field the scope does not grant, and no sensitive field has
  a value.

No path is answered with an unexpected error, and nothing is recorded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
from graphql import GraphQLNonNull, GraphQLObjectType, get_named_type

from backend import policy
from backend.models.activity import Activity
from backend.models.credit import CreditBlock
from backend.models.enums import Role
from backend.models.organisation import Organisation
from backend.models.project import Project
from backend.models.user import User
from backend.policy import Action, OAuthScope, Principal
from backend.schema import schema
from backend.schema.client_scopes import action_of_field
from tests.conftest import GraphQLClient
from tests.factories import Member, ledger_size, make_member
from tests.identity.partners import access_token, graphql, partner_client
from tests.registry_flow import Flow, populate

GRAPH = schema._schema
SENSITIVE = {
    "Organisation": {
        "taxId": Action.READ_ORGANISATION_TAX_ID,
        "email": Action.READ_ORGANISATION_EMAIL,
        "phone": Action.READ_ORGANISATION_PHONE,
    },
    "User": {"email": Action.READ_USER_EMAIL, "phone": Action.READ_USER_PHONE},
}
MAX_HOPS = 6
# A path: the root field, then (parent type, field) pairs down to the carrier type.
Path = tuple[tuple[str, str], ...]


async def _root_arguments(flow: Flow) -> dict[str, dict[str, str]]:
    """Arguments for the root fields that need them: rows the flow made."""
    activity = await Activity.filter(project_id=flow.project_id).first()
    block = await CreditBlock.filter(issuance_id=flow.issuance_id).order_by("id").first()
    project = await Project.get(id=flow.project_id)
    assert activity is not None and block is not None
    return {
        "organisation": {"id": str(flow.developer.organisation.id)},
        "project": {"id": str(flow.project_id)},
        "activity": {"id": str(activity.id)},
        "document": {"id": str(project.design_document_id)},  # type: ignore[attr-defined]
        "serialLookup": {"serial": str(block.serial_start)},
    }


def carrier_paths() -> list[Path]:
    """Every path from a root query field to an Organisation or a User, no type twice."""
    query = GRAPH.query_type
    assert query is not None
    found: list[Path] = []

    def walk(kind: GraphQLObjectType, path: Path, seen: frozenset[str]) -> None:
        if kind.name in SENSITIVE and path:
            found.append(path)
            return
        if len(path) >= MAX_HOPS:
            return
        for name, field in kind.fields.items():
            if path and any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
                continue
            target = get_named_type(field.type)
            if isinstance(target, GraphQLObjectType) and target.name not in seen:
                walk(target, (*path, (kind.name, name)), seen | {target.name})

    walk(query, (), frozenset({"Query"}))
    return found


def document(path: Path, arguments: dict[str, dict[str, str]]) -> str | None:
    """The query asking the path, with the carrier's id and sensitive fields at its end."""
    root = path[0][1]
    field = GRAPH.query_type.fields[root]  # type: ignore[union-attr]
    required = [a for a, spec in field.args.items() if isinstance(spec.type, GraphQLNonNull)]
    given = arguments.get(root, {})
    if any(a not in given for a in required):
        return None  # a root that needs arguments this matrix cannot give (e.g. a serial)
    carrier = get_named_type(_field_type(path[-1]))
    leaf = "id " + " ".join(SENSITIVE[carrier.name])
    text = "{ " + leaf + " }"
    for index in range(len(path) - 1, -1, -1):
        name = path[index][1]
        passed = given if index == 0 else {}
        args = ", ".join(f'{a}: "{v}"' for a, v in passed.items())
        text = f"{name}{f'({args})' if args else ''} " + text
        text = "{ " + text + " }"
    return text


def _field_type(step: tuple[str, str]) -> Any:
    parent = GRAPH.type_map[step[0]]
    assert isinstance(parent, GraphQLObjectType)
    return parent.fields[step[1]].type


def carriers(data: Any, path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every carrier object the answer holds at the path's end: (type name, object)."""
    carrier = get_named_type(_field_type(path[-1])).name
    values: list[Any] = [data]
    for _, name in path:
        nxt: list[Any] = []
        for value in values:
            if not isinstance(value, dict) or value.get(name) is None:
                continue
            item = value[name]
            nxt.extend(item if isinstance(item, list) else [item])
        values = nxt
    for value in values:
        if isinstance(value, dict):
            yield carrier, value


async def _expected(principal: Principal, carrier: str, row_id: int) -> dict[str, Any]:
    if carrier == "Organisation":
        org = await Organisation.get(id=row_id)
        return {
            field: getattr(org, {"taxId": "tax_id"}.get(field, field))
            if policy.can(principal, action, organisation_id=org.id)
            else None
            for field, action in SENSITIVE[carrier].items()
        }
    user = await User.get(id=row_id)
    return {
        field: getattr(user, field)
        if policy.can(principal, action, organisation_id=user.organisation_id, user_id=user.id)
        else None
        for field, action in SENSITIVE[carrier].items()
    }


async def _members(flow: Flow) -> dict[str, Member]:
    members = {}
    for name in ("government", "developer", "buyer", "certifier"):
        organisation = getattr(flow, name).organisation
        for role in (Role.ADMIN, Role.MANAGER, Role.VIEWER):
            members[f"{name}/{role.value}"] = await make_member(
                organisation.type, role, organisation=organisation
            )
    return members


def test_the_paths_reach_organisations_and_users_at_depth() -> None:
    paths = carrier_paths()
    deep = [p for p in paths if len(p) >= 3]
    assert len(paths) >= 20 and len(deep) >= 10, paths
    ends = {get_named_type(_field_type(p[-1])).name for p in paths}
    assert ends == {"Organisation", "User"}


async def test_people_read_sensitive_fields_at_any_depth_only_where_the_policy_lets_them(
    gql: GraphQLClient,
) -> None:
    flow = await populate()
    members = await _members(flow)
    arguments = await _root_arguments(flow)
    size = await ledger_size()
    shown = hidden = asked = 0
    reached: set[Path] = set()
    mismatches: list[str] = []
    for path in carrier_paths():
        text = document(path, arguments)
        if text is None:
            continue
        for who, member in members.items():
            result = await gql.as_(member.token)(text)
            asked += 1
            for error in result.get("errors", []):
                code = error.get("extensions", {}).get("code")
                if code not in ("FORBIDDEN", "NOT_FOUND"):
                    mismatches.append(f"{who} {text}: {error}")
            for carrier, value in carriers(result.get("data"), path):
                reached.add(path)
                want = await _expected(member.principal, carrier, int(value["id"]))
                have = {field: value.get(field) for field in want}
                if have != want:
                    mismatches.append(f"{who} {text}: {have} != {want}")
                shown += sum(v is not None for v in want.values())
                hidden += sum(v is None for v in want.values())
    assert mismatches == []
    assert asked > 100 and len(reached) >= 10 and shown > 0 and hidden > 0, (
        asked,
        len(reached),
        shown,
        hidden,
    )
    assert await ledger_size() == size


async def test_each_scope_reaches_only_granted_objects_at_any_depth(
    http: httpx.AsyncClient,
) -> None:
    flow = await populate()
    arguments = await _root_arguments(flow)
    tokens = {
        scope: await access_token(http, await partner_client([scope.value], rate_limit=10_000))
        for scope in OAuthScope
    }
    size = await ledger_size()
    reached: set[Path] = set()
    refused = 0
    mismatches: list[str] = []
    for scope, token in tokens.items():
        principal = Principal.client(
            client_id=1, organisation_id=1, oauth_scopes=frozenset({scope})
        )
        for path in carrier_paths():
            text = document(path, arguments)
            if text is None:
                continue
            result = await graphql(http, token, text)
            granted = [_client_may(principal, step) for step in path]
            for error in result.get("errors", []):
                code = error.get("extensions", {}).get("code")
                if code != "FORBIDDEN":
                    mismatches.append(f"{scope.value} {text}: {error}")
                    continue
                refused += 1
                names = [p for p in error.get("path", []) if isinstance(p, str)]
                if names and names[-1] in SENSITIVE_FIELDS:
                    continue  # no scope grants a tax id, an e-mail or a phone
                step = path[len(names) - 1] if 0 < len(names) <= len(path) else None
                if step is None or step[1] != names[-1] or _client_may(principal, step):
                    mismatches.append(f"{scope.value} {text}: refused a granted field {error}")
            for _, value in carriers(result.get("data"), path):
                reached.add(path)
                if not all(granted):
                    mismatches.append(f"{scope.value} {text}: reached an ungranted object")
                leaked = {f: v for f, v in value.items() if f in SENSITIVE_FIELDS and v}
                if leaked:
                    mismatches.append(f"{scope.value} {text}: sensitive values {leaked}")
    assert mismatches == []
    assert reached and refused > 0, (len(reached), refused)
    assert await ledger_size() == size


SENSITIVE_FIELDS = {field for fields in SENSITIVE.values() for field in fields}


def _client_may(principal: Principal, step: tuple[str, str]) -> bool:
    """Whether the policy lets this client read the field of this step."""
    action = action_of_field(step[0], step[1], get_named_type(_field_type(step)))
    return action is None or policy.client_may(principal, action)
