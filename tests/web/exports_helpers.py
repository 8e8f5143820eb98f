"""Shared by the export tests: fetch an export over HTTP, parse it, and page through the
GraphQL list of the same name for the rows it should hold."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx

from backend.i18n.enum_labels import label
from tests.factories import Member

# The columns each screen shows by their label (useEnumLabel), not by the GraphQL value: the
# export writes that label in the reader's language, so the expected cell is the label too.
LABELLED: dict[str, dict[str, str]] = {
    "organisations": {"type": "orgType", "status": "status"},
    "projects": {
        "sector": "sector",
        "activityScope": "activityScope",
        "status": "status",
        "certifiers.status": "status",
    },
    "activities": {"type": "activityType", "project.sector": "sector", "status": "status"},
    "creditBlocks": {"status": "status"},
    "transfers": {"status": "status"},
    "retirements": {"kind": "retirementKind", "status": "status"},
    "users": {"role": "role", "status": "status"},
    "financings": {"instrument": "financingInstrument", "status": "status"},
}
# Accounts the screens name by their kind where they are the registry's (useAccountName).
ACCOUNTS = ("holder.name", "fromAccount.name", "toAccount.name")


async def export(
    http: httpx.AsyncClient, member: Member | None, path: str, **params: str
) -> httpx.Response:
    http.cookies.clear()
    headers = {"Authorization": f"Bearer {member.token}"} if member else {}
    return await http.get(path, params=params, headers=headers)


def csv_rows(response: httpx.Response) -> list[list[str]]:
    """The CSV body's rows (header first); the body must start with a UTF-8 byte order mark."""
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content[3:].decode("utf-8"))))


def cell(value: Any) -> str:
    """A GraphQL JSON value as the export writes it in CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value  # the export keeps a spreadsheet from running it as a formula
    return str(value)


def _selection(keys: list[str]) -> str:
    tree: dict[str, Any] = {}
    for key in keys:
        node = tree
        for part in key.split("."):
            node = node.setdefault(part, {})

    def render(node: dict[str, Any]) -> str:
        return " ".join(f"{k} {{ {render(v)} }}" if v else k for k, v in node.items())

    return render(tree)


def _pick(node: Any, key: str) -> Any:
    part, _, rest = key.partition(".")
    if isinstance(node, list):
        return [_pick(item, key) for item in node]
    value = None if node is None else node[part]
    return _pick(value, rest) if rest else value


def _expected(node: Any, list_name: str, key: str, language: str) -> str:
    """The export's cell of key for a GraphQL node, in language."""
    value = _pick(node, key)
    group = LABELLED.get(list_name, {}).get(key)
    if group and isinstance(value, list):
        return cell([label(language, group, item) for item in value])
    if group and value:
        return cell(label(language, group, value))
    if key in ACCOUNTS and value is not None:
        kind = _pick(node, key.replace(".name", ".kind"))
        return value if kind == "HOLDING" else label(language, "accountKind", kind)
    return cell(value)


async def graphql_rows(
    http: httpx.AsyncClient,
    member: Member,
    list_name: str,
    keys: list[str],
    arguments: str = "",
    *,
    language: str = "en",
) -> list[list[str]]:
    """Every row of the GraphQL list (paged 100 at a time) as the export's cells of keys, enum
    values as their labels in language and the registry's accounts by their kind's name."""
    selected = keys + [k.replace(".name", ".kind") for k in keys if k in ACCOUNTS]
    rows: list[list[str]] = []
    after: str | None = None
    while True:
        page_args = f"first: 100{', after: ' + json.dumps(after) if after else ''}"
        args = f"{arguments}, {page_args}" if arguments else page_args
        query = (
            f"{{ {list_name}({args}) {{ edges {{ node {{ {_selection(selected)} }} }} "
            "pageInfo { hasNextPage endCursor } } }"
        )
        http.cookies.clear()
        response = await http.post(
            "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {member.token}"}
        )
        body = response.json()
        assert "errors" not in body, body
        connection = body["data"][list_name]
        for edge in connection["edges"]:
            node = edge["node"]
            rows.append([_expected(node, list_name, key, language) for key in keys])
        if not connection["pageInfo"]["hasNextPage"]:
            return rows
        after = connection["pageInfo"]["endCursor"]
