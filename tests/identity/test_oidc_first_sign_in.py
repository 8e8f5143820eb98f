"""The first sign-in, through the real provider, of a person nobody invited: a PENDING user in
the organisation the provider names (no session, cannot act), a task and an e-mail for its
ADMINs and government's, approved or rejected by them (policy-checked, each a ledger entry).
A role comes from the provider only through a configured claim-to-role mapping, never ROOT."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from joserfc.jwk import RSAKey

from backend.config import Settings
from backend.models.enums import OrganisationType, Role, UserStatus
from backend.models.identity import UserIdentity
from backend.models.notification import Notification
from backend.models.organisation import Organisation
from backend.models.user import Session, User
from backend.services import oidc
from backend.services.oidc import OidcProvider, providers_from_json
from backend.web.authentication import SESSION_COOKIE
from tests.conftest import GraphQLClient, error_code
from tests.factories import ledger_size, make_member
from tests.identity.oidc_provider import free_port, running_provider, sign_in_at_provider
from tests.services.test_financing import mails_to

REGISTRY_KEY = RSAKey.generate_key(2048, parameters={"kid": "registry-1"})
ROLE_MAP = (("registry-admin", "ADMIN"), ("registry-viewer", "VIEWER"))
APPROVE = """mutation($id: ID!, $role: Role!) {
  approveUser(input: {id: $id, role: $role}) { user { status role } ledgerSeq } }"""
REJECT = """mutation($id: ID!) {
  rejectUser(input: {id: $id, reason: "Not one of ours"}) { user { status } ledgerSeq } }"""


@pytest.fixture
def issuer() -> Iterator[str]:
    signing = RSAKey.generate_key(2048, parameters={"kid": "provider-1"})
    with running_provider(free_port(), REGISTRY_KEY, signing) as url:
        yield url


def configure(issuer: str, **mapping: object) -> None:
    provider = OidcProvider(
        name="test",
        issuer=issuer,
        client_id="registry",
        label="National ID",
        organisation_claim="organisation_tax_id",
        **mapping,  # type: ignore[arg-type]
    )
    oidc.configure([provider], key=REGISTRY_KEY, public_url="http://testserver")


async def sign_in(http: httpx.AsyncClient, account: str) -> httpx.Response:
    http.cookies.clear()
    login = await http.get("/auth/oidc/test/login")
    assert login.status_code == 303
    return await http.get(await sign_in_at_provider(login.headers["location"], account))


def no_session_cookie(response: httpx.Response) -> bool:
    cookies = response.headers.get_list("set-cookie")
    return not any(c.startswith(f"{SESSION_COOKIE}=") for c in cookies)


async def organisation() -> Organisation:
    admin = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    admin.organisation.tax_id = "SSO-ORG-1"
    await admin.organisation.save()
    return admin.organisation


async def test_a_person_nobody_invited_waits_for_their_admin(
    issuer: str, http: httpx.AsyncClient, gql: GraphQLClient, settings: Settings
) -> None:
    configure(issuer)
    org = await organisation()
    admin = await User.get(organisation_id=org.id, role=Role.ADMIN)
    manager = await make_member(OrganisationType.DEVELOPER, Role.MANAGER, organisation=org)
    stranger = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    size = await ledger_size()

    first = await sign_in(http, "newcomer")
    assert first.status_code == 403 and "awaits approval" in first.json()["error"]
    assert no_session_cookie(first)
    person = await User.get(email="newcomer@example.gov")
    assert person.status is UserStatus.PENDING and person.organisation_id == org.id
    assert person.password_hash is None and await Session.filter(user_id=person.id).count() == 0
    assert await UserIdentity.filter(user_id=person.id, subject="newcomer").exists()
    assert await ledger_size() == size + 2  # user.registered, user.identity_linked
    tasks = await Notification.filter(about=f"user:{person.id}", is_task=True, done_at=None)
    assert {t.user_id for t in tasks} == {admin.id, government.user.id}  # no MANAGER
    subject = "Noa Newcomer signed in with National ID and awaits your approval"
    assert subject in mails_to(settings, admin.email)

    # Signing in again while PENDING opens nothing.
    again = await sign_in(http, "newcomer")
    assert again.status_code == 401 and "awaits approval" in again.json()["error"]
    assert no_session_cookie(again) and await Session.filter(user_id=person.id).count() == 0

    # Neither the organisation's MANAGER nor another organisation's ADMIN may decide; nor is
    # ROOT a role to approve with. Each refusal changes nothing.
    size = await ledger_size()
    for token, role, code in [
        (manager.token, "MANAGER", "FORBIDDEN"),
        (stranger.token, "MANAGER", "FORBIDDEN"),
        (government.token, "ROOT", "BAD_USER_INPUT"),
    ]:
        refused = await gql.as_(token)(APPROVE, id=str(person.id), role=role)
        assert error_code(refused) == code, refused
    for token in (manager.token, stranger.token):
        assert error_code(await gql.as_(token)(REJECT, id=str(person.id))) == "FORBIDDEN"
    await person.refresh_from_db()
    assert person.status is UserStatus.PENDING and await ledger_size() == size

    admin_token = (
        await make_member(OrganisationType.DEVELOPER, Role.ADMIN, organisation=org)
    ).token
    approved = await gql.as_(admin_token)(APPROVE, id=str(person.id), role="MANAGER")
    assert approved["data"]["approveUser"]["user"] == {"status": "ACTIVE", "role": "MANAGER"}
    assert approved["data"]["approveUser"]["ledgerSeq"] == size
    assert not await Notification.filter(about=f"user:{person.id}", done_at=None, is_task=True)
    assert "Your account was approved: you may now sign in" in mails_to(
        settings, "newcomer@example.gov"
    )
    twice = await gql.as_(admin_token)(APPROVE, id=str(person.id), role="ADMIN")
    assert error_code(twice) == "CONFLICT"

    signed_in = await sign_in(http, "newcomer")
    assert signed_in.status_code == 303, signed_in.text
    assert await Session.filter(user_id=person.id).count() == 1


async def test_government_rejects_and_the_person_stays_out(
    issuer: str, http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    configure(issuer)
    await organisation()
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    assert (await sign_in(http, "newcomer")).status_code == 403
    person = await User.get(email="newcomer@example.gov")
    rejected = await gql.as_(government.token)(REJECT, id=str(person.id))
    assert rejected["data"]["rejectUser"]["user"]["status"] == "REJECTED"
    size = await ledger_size()
    again = await sign_in(http, "newcomer")
    assert again.status_code == 401 and "rejected" in again.json()["error"]
    assert await Session.filter(user_id=person.id).count() == 0 and await ledger_size() == size
    late = await gql.as_(government.token)(APPROVE, id=str(person.id), role="VIEWER")
    assert error_code(late) == "CONFLICT" and await ledger_size() == size


async def test_without_an_organisation_claim_nobody_is_created(
    issuer: str, http: httpx.AsyncClient
) -> None:
    oidc.configure(
        [OidcProvider(name="test", issuer=issuer, client_id="registry", label="National ID")],
        key=REGISTRY_KEY,
        public_url="http://testserver",
    )
    await organisation()
    users, size = await User.all().count(), await ledger_size()
    response = await sign_in(http, "newcomer")
    assert response.status_code == 401 and "invite you" in response.json()["error"]
    assert await User.all().count() == users and await ledger_size() == size
    assert await UserIdentity.all().count() == 0


async def test_roles_come_from_the_provider_only_through_a_configured_mapping(
    issuer: str, http: httpx.AsyncClient
) -> None:
    await organisation()
    configure(issuer)  # no mapping: the provider's registry_roles claim is ignored
    assert (await sign_in(http, "mapped")).status_code == 403
    person = await User.get(email="mapped@example.gov")
    assert person.status is UserStatus.PENDING
    await person.delete()

    configure(issuer, roles_claim="registry_roles", role_map=ROLE_MAP)
    await UserIdentity.all().delete()
    response = await sign_in(http, "mapped")
    assert response.status_code == 303, response.text
    person = await User.get(email="mapped@example.gov")
    # The highest mapped value (registry-admin); the unmapped registry-root gives nothing.
    assert person.status is UserStatus.ACTIVE and person.role is Role.ADMIN
    assert await Session.filter(user_id=person.id).count() == 1


def test_a_mapping_to_root_is_refused_at_configuration(tmp_path: Path) -> None:
    text = (
        '[{"name": "x", "issuer": "https://id.example", "client_id": "c", "label": "X",'
        ' "roles_claim": "roles", "role_map": {"registry-root": "ROOT"}}]'
    )
    with pytest.raises(ValueError, match="never ROOT"):
        providers_from_json(text)
    ok = providers_from_json(text.replace('"ROOT"', '"MANAGER"'))
    assert ok[0].role_map == (("registry-root", "MANAGER"),)
