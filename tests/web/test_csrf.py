"""CSRF: a request that the session cookie authenticates and that may change something (POST
/graphql, POST /documents, every non-GET route) needs `X-Requested-With`; without it the answer
is 403 and nothing changes. Bearer-token callers, safe methods and anonymous callers are exempt."""

from __future__ import annotations

import httpx

from backend.context import SESSION_COOKIE
from backend.models.document import Document
from backend.models.user import User
from tests.factories import MINIMAL_PDF, Member, ledger_size, make_document, make_member
from tests.storage import samples

RENAME = """
mutation ($id: ID!, $name: String!) {
  updateUser(input: { id: $id, name: $name }) { ledgerSeq user { name } }
}
"""
UI = {"X-Requested-With": "carbon-registry-ui"}


async def rename(
    http: httpx.AsyncClient, member: Member, name: str, headers: dict[str, str]
) -> httpx.Response:
    http.cookies.clear()
    http.cookies.set(SESSION_COOKIE, member.token)
    try:
        body = {"query": RENAME, "variables": {"id": str(member.user.id), "name": name}}
        return await http.post("/graphql", json=body, headers=headers)
    finally:
        http.cookies.clear()


async def test_a_cookie_post_without_the_header_is_refused_and_changes_nothing(
    http: httpx.AsyncClient,
) -> None:
    member = await make_member()
    size, before = await ledger_size(), (await User.get(id=member.user.id)).name
    refused = await rename(http, member, "Forged Name", {})
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "X-Requested-With" in refused.json()["errors"][0]["message"]
    assert (await User.get(id=member.user.id)).name == before
    assert await ledger_size() == size

    accepted = await rename(http, member, "Real Name", UI)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["data"]["updateUser"]["user"]["name"] == "Real Name"
    assert await ledger_size() == size + 1


async def test_a_cookie_upload_without_the_header_is_refused_and_stores_nothing(
    http: httpx.AsyncClient,
) -> None:
    member = await make_member()
    documents, size = await Document.all().count(), await ledger_size()
    http.cookies.set(SESSION_COOKIE, member.token)
    response = await http.post(
        "/documents", params={"kind": "METHODOLOGY", "filename": "m.pdf"}, content=samples.pdf()
    )
    http.cookies.clear()
    assert response.status_code == 403
    assert response.json()["code"] == "FORBIDDEN"
    assert await Document.all().count() == documents
    assert await ledger_size() == size


async def test_bearer_callers_safe_methods_and_anonymous_callers_need_no_header(
    http: httpx.AsyncClient,
) -> None:
    member = await make_member()
    bearer = {"Authorization": f"Bearer {member.token}"}
    http.cookies.clear()
    body = {"query": RENAME, "variables": {"id": str(member.user.id), "name": "By Token"}}
    by_token = await http.post("/graphql", json=body, headers=bearer)
    assert by_token.status_code == 200 and "errors" not in by_token.json(), by_token.text

    http.cookies.set(SESSION_COOKIE, member.token)
    document = await make_document(member)
    read = await http.get(f"/documents/{document.id}")  # a GET changes nothing: no header
    assert read.status_code == 200 and read.content == MINIMAL_PDF
    # A dead cookie proves nothing: the POST is anonymous (no CSRF risk) and answered as such.
    http.cookies.set(SESSION_COOKIE, "not-a-session")
    anonymous = await http.post("/graphql", json={"query": "{ viewer { name } }"})
    http.cookies.clear()
    assert anonymous.status_code == 200 and anonymous.json()["data"]["viewer"] is None
