"""Sign-in, sessions, cookies, throttling, password change and reset, and who may act."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import httpx

from backend.config import Settings
from backend.models.enums import OrganisationStatus, OrganisationType, Role, UserStatus
from backend.models.user import PasswordResetToken, User
from tests.conftest import GraphQLClient, error_code
from tests.factories import PASSWORD, ledger_size, make_member, make_organisation

LOGIN = """mutation($email: String!, $password: String!) { login(input: {email: $email, password: $password})
  { token user { id email role organisation { id name type } } } }"""
VIEWER = "{ viewer { id role } }"


async def test_login_returns_token_and_sets_a_strict_httponly_cookie(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    member = await make_member(OrganisationType.CERTIFIER, Role.MANAGER)
    response = await http.post(
        "/graphql",
        json={
            "query": LOGIN,
            "variables": {"email": member.user.email.upper(), "password": PASSWORD},
        },
    )
    payload = response.json()["data"]["login"]
    assert payload["user"] == {
        "id": str(member.user.id),
        "email": member.user.email,
        "role": "MANAGER",
        "organisation": {
            "id": str(member.organisation.id),
            "name": member.organisation.name,
            "type": "CERTIFIER",
        },
    }
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"registry_session={payload['token']};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    as_bearer = await gql.as_(payload["token"])(VIEWER)
    assert as_bearer["data"]["viewer"] == {"id": str(member.user.id), "role": "MANAGER"}
    http.cookies.set("registry_session", payload["token"])
    as_cookie = await http.post(
        "/graphql", json={"query": VIEWER}, headers={"X-Requested-With": "carbon-registry-ui"}
    )
    http.cookies.clear()
    assert as_cookie.json()["data"]["viewer"]["id"] == str(member.user.id)
    await gql.as_(payload["token"])("mutation { logout }")
    assert (await gql.as_(payload["token"])(VIEWER))["data"]["viewer"] is None


async def test_wrong_password_and_unknown_email_get_the_same_answer(gql: GraphQLClient) -> None:
    member = await make_member()
    wrong = await gql(LOGIN, email=member.user.email, password="not the password")
    unknown = await gql(LOGIN, email="nobody@example.org", password="not the password")
    assert error_code(wrong) == error_code(unknown) == "UNAUTHENTICATED"
    assert (
        wrong["errors"][0]["message"]
        == unknown["errors"][0]["message"]
        == "Wrong e-mail or password."
    )


async def test_users_of_pending_rejected_suspended_organisations_cannot_sign_in_or_act(
    gql: GraphQLClient,
) -> None:
    for status in (
        OrganisationStatus.PENDING,
        OrganisationStatus.REJECTED,
        OrganisationStatus.SUSPENDED,
    ):
        organisation = await make_organisation(OrganisationType.DEVELOPER, status)
        member = await make_member(organisation=organisation)
        refused = await gql(LOGIN, email=member.user.email, password=PASSWORD)
        assert error_code(refused) == "UNAUTHENTICATED"
        # An existing session stops working too.
        assert (await gql.as_(member.token)(VIEWER))["data"]["viewer"] is None


async def test_deactivated_user_cannot_sign_in_and_loses_sessions(gql: GraphQLClient) -> None:
    admin = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    worker = await make_member(
        OrganisationType.DEVELOPER, Role.MANAGER, organisation=admin.organisation
    )
    result = await gql.as_(admin.token)(
        "mutation($id: ID!) { deactivateUser(id: $id) { user { status } ledgerSeq } }",
        id=str(worker.user.id),
    )
    assert result["data"]["deactivateUser"]["user"]["status"] == "DEACTIVATED"
    assert (await gql.as_(worker.token)(VIEWER))["data"]["viewer"] is None
    assert (
        error_code(await gql(LOGIN, email=worker.user.email, password=PASSWORD))
        == "UNAUTHENTICATED"
    )
    again = await gql.as_(admin.token)(
        "mutation($id: ID!) { deactivateUser(id: $id) { ledgerSeq } }", id=str(worker.user.id)
    )
    assert error_code(again) == "CONFLICT"
    self_ = await gql.as_(admin.token)(
        "mutation($id: ID!) { deactivateUser(id: $id) { ledgerSeq } }", id=str(admin.user.id)
    )
    assert error_code(self_) == "CONFLICT"


def _latest_token(outbox: Path) -> str:
    newest = sorted(outbox.iterdir())[-1]
    message = email.message_from_bytes(newest.read_bytes(), policy=email.policy.default)
    text = message.get_body().get_content()  # type: ignore[union-attr]
    match = re.search(r"(?:/invitation/|/reset-password/)([A-Za-z0-9_\-]+)", text)
    assert match is not None
    return match.group(1)


async def test_invitation_then_reset_by_single_use_token(
    gql: GraphQLClient, settings: Settings
) -> None:
    admin = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    created = await gql.as_(admin.token)(
        """mutation($org: ID!) { createUser(input: {organisationId: $org, email: "new.user@example.org",
        name: "New User", role: MANAGER}) { user { id email role } ledgerSeq } }""",
        org=str(admin.organisation.id),
    )
    assert created["data"]["createUser"]["user"]["role"] == "MANAGER"
    invitation = _latest_token(settings.outbox_dir)
    assert (settings.outbox_dir.stat().st_mode & 0o777) == 0o700
    reset = "mutation($t: String!, $p: String!) { resetPassword(input: {token: $t, newPassword: $p}) { ledgerSeq } }"
    assert error_code(await gql(reset, t=invitation, p="short")) == "BAD_USER_INPUT"
    assert "errors" not in await gql(reset, t=invitation, p="my new long password")
    assert (
        error_code(await gql(reset, t=invitation, p="my other long password")) == "BAD_USER_INPUT"
    )
    signed_in = await gql(LOGIN, email="new.user@example.org", password="my new long password")
    assert "errors" not in signed_in
    # The database keeps only digests of tokens.
    assert await PasswordResetToken.filter(token_hash=invitation).count() == 0
    # A reset request for an unknown address answers the same and sends nothing.
    before = len(list(settings.outbox_dir.iterdir()))
    assert (await gql('mutation { requestPasswordReset(input: {email: "ghost@example.org"}) }'))[
        "data"
    ] == {"requestPasswordReset": True}
    assert len(list(settings.outbox_dir.iterdir())) == before
    await gql('mutation { requestPasswordReset(input: {email: "new.user@example.org"}) }')
    assert len(list(settings.outbox_dir.iterdir())) == before + 1
    assert "errors" not in await gql(
        reset, t=_latest_token(settings.outbox_dir), p="third long password!"
    )


async def test_change_password_needs_the_current_one(gql: GraphQLClient) -> None:
    member = await make_member()
    change = """mutation($c: String!, $n: String!) { changePassword(input: {currentPassword: $c, newPassword: $n})
      { ledgerSeq } }"""
    size = await ledger_size()
    assert (
        error_code(await gql.as_(member.token)(change, c="wrong one", n="brand new password"))
        == "BAD_USER_INPUT"
    )
    assert await ledger_size() == size
    assert "errors" not in await gql.as_(member.token)(change, c=PASSWORD, n="brand new password")
    assert "errors" not in await gql(LOGIN, email=member.user.email, password="brand new password")
    anonymous = await gql(change, c="x", n="y")
    assert error_code(anonymous) == "UNAUTHENTICATED", anonymous


async def test_role_changes_and_their_limits(gql: GraphQLClient) -> None:
    admin = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    viewer = await make_member(
        OrganisationType.DEVELOPER, Role.VIEWER, organisation=admin.organisation
    )
    update = (
        "mutation($id: ID!, $r: Role) { updateUser(input: {id: $id, role: $r}) { user { role } } }"
    )
    assert (await gql.as_(admin.token)(update, id=str(viewer.user.id), r="MANAGER"))["data"][
        "updateUser"
    ]["user"]["role"] == "MANAGER"
    assert (
        error_code(await gql.as_(admin.token)(update, id=str(admin.user.id), r="VIEWER"))
        == "CONFLICT"
    )
    assert (
        error_code(await gql.as_(admin.token)(update, id=str(viewer.user.id), r="ROOT"))
        == "BAD_USER_INPUT"
    )
    assert (await User.get(id=viewer.user.id)).role is Role.MANAGER
    assert (await User.get(id=admin.user.id)).status is UserStatus.ACTIVE
