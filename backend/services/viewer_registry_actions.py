"""What the viewer may do with documents and financing of a project, and in the registry as a
whole (create a project or an organisation, freeze or unfreeze transfers): the policy's answer
for the caller joined with the state the service functions start from. See viewer_actions."""

from __future__ import annotations

from enum import StrEnum

from backend import policy
from backend.models.credit import RegistryState
from backend.models.document import Document
from backend.models.enums import DocumentStatus, FinancingStatus
from backend.models.financing import Financing
from backend.policy import Action, Principal, Target


class DocumentAction(StrEnum):
    ACCEPT = "ACCEPT"
    REJECT = "REJECT"


class FinancingAction(StrEnum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    CANCEL = "CANCEL"


class RegistryAction(StrEnum):
    CREATE_PROJECT = "CREATE_PROJECT"
    CREATE_ORGANISATION = "CREATE_ORGANISATION"
    FREEZE_TRANSFERS = "FREEZE_TRANSFERS"
    UNFREEZE_TRANSFERS = "UNFREEZE_TRANSFERS"
    MANAGE_ARTICLE6 = "MANAGE_ARTICLE6"


def document_actions(
    principal: Principal | None, document: Document, target: Target | None
) -> list[DocumentAction]:
    """Deciding a PENDING document attached to a project (target: the project's)."""
    if target is None or document.project_id is None:
        return []
    if document.status is not DocumentStatus.PENDING:
        return []
    if not policy.can(principal, Action.DOCUMENT_DECIDE, target=target):
        return []
    return [DocumentAction.ACCEPT, DocumentAction.REJECT]


def financing_actions(
    principal: Principal | None, financing: Financing, target: Target
) -> list[FinancingAction]:
    """A PENDING financing: government (or an in-scope ministry) decides it; the organisation
    that asked for it may cancel it."""
    if financing.status is not FinancingStatus.PENDING:
        return []
    found = []
    for name, action in (
        (FinancingAction.APPROVE, Action.FINANCING_APPROVE),
        (FinancingAction.REJECT, Action.FINANCING_REJECT),
    ):
        if policy.can(principal, action, target=target):
            found.append(name)
    cancel = Action.FINANCING_CANCEL
    if policy.can(principal, cancel, target=target) and policy.can(
        principal, cancel, organisation_id=financing.requested_by_id
    ):
        found.append(FinancingAction.CANCEL)
    return found


async def registry_actions(principal: Principal | None) -> list[RegistryAction]:
    """What principal may start in the registry now: a project of its own organisation, an
    organisation, and freezing transfers (or unfreezing them, whichever is the change)."""
    if principal is None:
        return []
    found = []
    if policy.can(principal, Action.PROJECT_CREATE, organisation_id=principal.organisation_id):
        found.append(RegistryAction.CREATE_PROJECT)
    if policy.can(principal, Action.ORGANISATION_CREATE):
        found.append(RegistryAction.CREATE_ORGANISATION)
    if policy.can(principal, Action.ARTICLE6_MANAGE):
        found.append(RegistryAction.MANAGE_ARTICLE6)
    if policy.can(principal, Action.TRANSFERS_FREEZE):
        state = await RegistryState.get(id=1)
        frozen = state.transfers_frozen
        found.append(
            RegistryAction.UNFREEZE_TRANSFERS if frozen else RegistryAction.FREEZE_TRANSFERS
        )
    return found
