"""Organisation and User viewerMay equal what the mutations accept, for every organisation type x
role, on organisations in every status (and the caller's own) and on users (a colleague, a
deactivated one, a PENDING one made by a first sign-in nobody invited, oneself, ROOT). Each
mutation is really called, then rolled back."""

from __future__ import annotations

import itertools

import pytest

from backend.db import transaction
from backend.errors import BadUserInput
from backend.models.enums import OrganisationStatus, OrganisationType, Role, UserStatus
from backend.models.organisation import Organisation
from backend.models.user import User
from backend.policy import Principal
from backend.services import organisations, user_approval, users, viewer_actions
from backend.services.users import UserChanges
from backend.services.viewer_actions import OrganisationAction, UserAction
from tests.factories import make_member, make_organisation
from tests.services.viewer_probe import Call, accepted, cast, colleague

_emails = itertools.count(1)


def organisation_probes(
    principal: Principal, organisation_id: int
) -> dict[OrganisationAction, Call]:
    ids = {"principal": principal, "organisation_id": organisation_id}
    return {
        OrganisationAction.APPROVE: lambda: organisations.approve_organisation(**ids),
        OrganisationAction.REJECT: lambda: organisations.reject_organisation(
            **ids, reason="Forged."
        ),
        OrganisationAction.SUSPEND: lambda: organisations.suspend_organisation(
            **ids, reason="Fraud."
        ),
        OrganisationAction.REACTIVATE: lambda: organisations.reactivate_organisation(**ids),
        OrganisationAction.INVITE_USER: lambda: users.create_user(
            **ids, email=f"invited{next(_emails)}@example.org", name="New Person", role=Role.VIEWER
        ),
    }


@pytest.mark.parametrize("status", list(OrganisationStatus))
async def test_organisation_viewer_may_is_what_the_mutations_accept(
    status: OrganisationStatus,
) -> None:
    members = await cast()
    other = await make_organisation(OrganisationType.DEVELOPER, status)
    seen = {}
    for name, member in members.items():
        for which, organisation in (("other", other), ("own", member.organisation)):
            if which == "own" and status is not OrganisationStatus.ACTIVE:
                continue  # a person acts only from an ACTIVE organisation
            row = await Organisation.get(id=organisation.id)
            calls = organisation_probes(member.principal, row.id)
            allowed = {action for action, call in calls.items() if await accepted(call)}
            shown = set(viewer_actions.organisation_actions(member.principal, row))
            assert shown == allowed, (name, which)
            seen[name, which] = allowed
    government = {
        OrganisationStatus.PENDING: {OrganisationAction.APPROVE, OrganisationAction.REJECT},
        OrganisationStatus.ACTIVE: {OrganisationAction.SUSPEND},
        OrganisationStatus.SUSPENDED: {OrganisationAction.REACTIVATE},
        OrganisationStatus.REJECTED: set(),
    }[status]
    if status is not OrganisationStatus.REJECTED:
        government.add(OrganisationAction.INVITE_USER)
    assert seen["GOVERNMENT/ADMIN", "other"] == government
    assert seen["GOVERNMENT/MANAGER", "other"] == set()
    assert seen["DEVELOPER/ADMIN", "other"] == set()
    if status is OrganisationStatus.ACTIVE:
        assert seen["GOVERNMENT/ADMIN", "own"] == {OrganisationAction.INVITE_USER}
        assert seen["DEVELOPER/ADMIN", "own"] == {OrganisationAction.INVITE_USER}
        assert seen["DEVELOPER/MANAGER", "own"] == set()


async def test_user_viewer_may_is_what_the_mutations_accept() -> None:
    members = await cast()
    admin = members["DEVELOPER/ADMIN"]
    viewer = await colleague(admin, Role.VIEWER)
    gone = await colleague(admin, Role.MANAGER)
    await User.filter(id=gone.user.id).update(status=UserStatus.DEACTIVATED)
    async with transaction() as connection:  # as the OIDC path makes them (oidc_accounts)
        registered = await user_approval.register_from_provider(
            connection,
            organisation=admin.organisation,
            email="first.sign.in@example.org",
            name="First Sign-In",
            issuer="https://id.example.gov",
            provider_label="National ID",
            mapped_role=None,
        )
    pending = registered.user
    assert pending.status is UserStatus.PENDING
    root = members["GOVERNMENT/ROOT"]
    seen, refused = {}, (BadUserInput,)
    for name, member in members.items():
        for which, user_id in (
            ("colleague", viewer.user.id),
            ("gone", gone.user.id),
            ("pending", pending.id),
            ("self", member.user.id),
            ("root", root.user.id),
        ):
            row = await User.get(id=user_id)
            p = member.principal
            calls: dict[UserAction, Call] = {
                UserAction.CHANGE_ROLE: lambda: users.update_user(
                    principal=p,
                    user_id=row.id,
                    changes=UserChanges(role=Role.MANAGER)
                    if row.role is not Role.MANAGER
                    else UserChanges(role=Role.VIEWER),
                ),
                UserAction.DEACTIVATE: lambda: users.deactivate_user(principal=p, user_id=row.id),
                UserAction.APPROVE: lambda: user_approval.approve_user(
                    principal=p, user_id=row.id, role=Role.MANAGER
                ),
                UserAction.REJECT: lambda: user_approval.reject_user(
                    principal=p, user_id=row.id, reason="Not one of ours."
                ),
            }
            # Changing ROOT's role is a BAD_USER_INPUT: a refusal, as the field says.
            allowed = {a for a, call in calls.items() if await accepted(call, also_refused=refused)}
            assert set(viewer_actions.user_actions(p, row)) == allowed, (name, which)
            seen[name, which] = allowed
    both = {UserAction.CHANGE_ROLE, UserAction.DEACTIVATE}
    assert seen["DEVELOPER/ADMIN", "colleague"] == both
    assert seen["GOVERNMENT/ADMIN", "colleague"] == both
    assert seen["DEVELOPER/ADMIN", "gone"] == {UserAction.CHANGE_ROLE}
    decide = {UserAction.CHANGE_ROLE, UserAction.APPROVE, UserAction.REJECT}
    assert seen["DEVELOPER/ADMIN", "pending"] == decide
    assert seen["GOVERNMENT/ADMIN", "pending"] == decide
    assert seen["DEVELOPER/MANAGER", "pending"] == set()
    assert seen["GOVERNMENT/MANAGER", "pending"] == set()
    assert seen["CERTIFIER/ADMIN", "pending"] == set()  # another organisation's
    assert seen["DEVELOPER/ADMIN", "self"] == set()
    assert seen["GOVERNMENT/ADMIN", "root"] == set()
    assert seen["DEVELOPER/MANAGER", "colleague"] == set()  # another organisation's
    stranger = await make_member(OrganisationType.CERTIFIER, Role.ADMIN)
    assert viewer_actions.user_actions(stranger.principal, viewer.user) == []
