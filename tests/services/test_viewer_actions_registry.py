"""Document, Financing and registry-wide (Query.viewerMay) actions equal what the mutations
accept, for every organisation type x role plus the owner's colleagues. Each mutation is really
called, then rolled back (viewer_probe)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from backend.models.document import Document
from backend.models.enums import (
    DocumentStatus,
    FinancingInstrument,
    OrganisationType,
    ProjectStatus,
    Role,
)
from backend.models.financing import Financing
from backend.services import (
    access,
    article6,
    documents,
    financing,
    organisations,
    projects,
    viewer_registry_actions,
)
from backend.services.credits import transfers
from backend.services.organisations import AdminInput, OrganisationInput
from backend.services.viewer_registry_actions import (
    DocumentAction,
    FinancingAction,
    RegistryAction,
)
from tests.factories import make_document, make_project
from tests.project_inputs import project_input
from tests.services.test_viewer_actions_projects import people
from tests.services.viewer_probe import Call, accepted

_numbers = itertools.count(1)


async def test_document_and_financing_viewer_may_is_what_the_mutations_accept() -> None:
    members, owner, _ = await people()
    project = await make_project(owner, ProjectStatus.APPROVED)
    target = await access.project_target(project)
    pending = await make_document(owner)
    accepted_doc = await make_document(owner)
    loose = await make_document(owner)  # not attached to a project
    await Document.filter(id__in=[pending.id, accepted_doc.id]).update(project_id=project.id)
    await Document.filter(id=accepted_doc.id).update(status=DocumentStatus.ACCEPTED)
    asked = await financing.request_financing(
        principal=owner.principal,
        project_id=project.id,
        amount=Decimal("5000.00"),
        instrument=FinancingInstrument.LOAN,
        is_public=False,
        is_international=True,
        from_name="Green Fund",
    )
    seen: dict[tuple[str, str], set[str]] = {}
    for name, member in members.items():
        p = member.principal
        for label, doc in (("pending", pending), ("accepted", accepted_doc), ("loose", loose)):
            row = await Document.get(id=doc.id)
            calls: dict[DocumentAction, Call] = {
                DocumentAction.ACCEPT: lambda: documents.accept_document(
                    principal=p, document_id=row.id
                ),
                DocumentAction.REJECT: lambda: documents.reject_document(
                    principal=p, document_id=row.id, reason="Unsigned."
                ),
            }
            allowed = {a for a, call in calls.items() if await accepted(call)}
            of = target if row.project_id else None
            shown = viewer_registry_actions.document_actions(p, row, of)
            assert set(shown) == allowed, (name, label)
            seen[name, label] = set(allowed)
        fid = asked.value.id
        row_f = await Financing.get(id=fid)
        financing_calls: dict[FinancingAction, Call] = {
            FinancingAction.APPROVE: lambda: financing.approve_financing(
                principal=p, financing_id=fid
            ),
            FinancingAction.REJECT: lambda: financing.reject_financing(
                principal=p, financing_id=fid, reason="No budget."
            ),
            FinancingAction.CANCEL: lambda: financing.cancel_financing(
                principal=p, financing_id=fid
            ),
        }
        allowed_f = {a for a, call in financing_calls.items() if await accepted(call)}
        shown_f = viewer_registry_actions.financing_actions(p, row_f, target)
        assert set(shown_f) == allowed_f, name
        seen[name, "financing"] = set(allowed_f)
    decide = {DocumentAction.ACCEPT, DocumentAction.REJECT}
    assert seen["GOVERNMENT/MANAGER", "pending"] == decide
    assert seen["MINISTRY/MANAGER", "pending"] == decide  # scope 1, the project's
    assert seen["GOVERNMENT/VIEWER", "pending"] == set()
    assert all(not seen[n, "accepted"] and not seen[n, "loose"] for n in members)
    assert seen["GOVERNMENT/ADMIN", "financing"] == {
        FinancingAction.APPROVE,
        FinancingAction.REJECT,
    }
    assert seen["owner's MANAGER", "financing"] == {FinancingAction.CANCEL}
    assert seen["owner's VIEWER", "financing"] == set()


async def test_registry_viewer_may_is_what_the_mutations_accept() -> None:
    members, _, _ = await people()
    for frozen in (False, True):
        if frozen:  # a government admin freezes; the others see the other switch
            await transfers.set_transfers_frozen(
                principal=members["GOVERNMENT/ADMIN"].principal, frozen=True, reason="Audit."
            )
        for name, member in members.items():
            p = member.principal
            design = await make_document(member)
            n = next(_numbers)
            calls: dict[RegistryAction, Call] = {
                RegistryAction.CREATE_PROJECT: lambda: projects.create_project(
                    principal=p, input=project_input(member, design)
                ),
                RegistryAction.CREATE_ORGANISATION: lambda: organisations.create_organisation(
                    principal=p,
                    organisation=OrganisationInput(
                        name=f"Made {n}",
                        tax_id=f"MADE-{n}",
                        type=OrganisationType.CERTIFIER,
                        email=f"made{n}@example.org",
                    ),
                    admin=AdminInput(email=f"admin{n}@example.org", name="Ada", password=None),
                ),
                RegistryAction.FREEZE_TRANSFERS: lambda: transfers.set_transfers_frozen(
                    principal=p, frozen=True, reason="Audit."
                ),
                RegistryAction.UNFREEZE_TRANSFERS: lambda: transfers.set_transfers_frozen(
                    principal=p, frozen=False, reason=None
                ),
                RegistryAction.MANAGE_ARTICLE6: lambda: article6.create_cooperative_approach(
                    principal=p, code=f"CA{n:04d}", name="VU-CH", parties=["VUT", "CHE"]
                ),
            }
            allowed = {a for a, call in calls.items() if await accepted(call)}
            shown = await viewer_registry_actions.registry_actions(p)
            assert set(shown) == allowed, (name, frozen)
            if name == "GOVERNMENT/ADMIN":
                switch = (
                    RegistryAction.UNFREEZE_TRANSFERS if frozen else RegistryAction.FREEZE_TRANSFERS
                )
                assert allowed == {
                    RegistryAction.CREATE_ORGANISATION,
                    RegistryAction.MANAGE_ARTICLE6,
                    switch,
                }
            if name in ("DEVELOPER/ADMIN", "owner's MANAGER"):
                assert allowed == {RegistryAction.CREATE_PROJECT}
            if member.principal.role is Role.VIEWER:
                assert allowed == set()
    assert await viewer_registry_actions.registry_actions(None) == []
