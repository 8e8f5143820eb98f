"""What the viewer may do with one row: the policy's answer for the caller (policy.can with the
row's target) joined with the row's state (the statuses the service functions start from, read
from the same constants). The UI shows a row's buttons from these lists and repeats no rule.

Transfers frozen registry-wide is taken in (transfers_frozen: no TRANSFER or REQUEST_TRANSFER
on a block, no APPROVE of a transfer while frozen). Conditions of the other party (a suspended
counterpart, a certifier that may not hold a project's units, the quantity asked) are not a
row's state: the mutation still checks them and answers CONFLICT or FORBIDDEN."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from enum import StrEnum

from backend import policy
from backend.models.activity import Activity, MonitoringReport
from backend.models.credit import CreditBlock, RegistryState, Retirement, Transfer
from backend.models.enums import (
    ActivityStatus,
    BlockStatus,
    CertificationStatus,
    MonitoringReportStatus,
    OrganisationStatus,
    ProjectStatus,
    RetirementStatus,
    Role,
    TransferStatus,
    UserStatus,
)
from backend.models.organisation import Organisation
from backend.models.project import Project, ProjectCertifier
from backend.models.user import User
from backend.policy import Action, Principal, Target
from backend.services import article6
from backend.services.certification import ASSIGNABLE
from backend.services.credits import holders
from backend.services.organisations import CHANGEABLE_FROM
from backend.services.project_decisions import DECIDABLE_FROM
from backend.services.projects import ACTIVE


class ProjectAction(StrEnum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    AUTHORISE = "AUTHORISE"
    ASSIGN_CERTIFIER = "ASSIGN_CERTIFIER"
    CERTIFY = "CERTIFY"
    ADD_ACTIVITY = "ADD_ACTIVITY"
    REQUEST_FINANCING = "REQUEST_FINANCING"
    GRANT_ARTICLE6_AUTHORISATION = "GRANT_ARTICLE6_AUTHORISATION"


class ActivityAction(StrEnum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    SUBMIT_MONITORING = "SUBMIT_MONITORING"


class MonitoringReportAction(StrEnum):
    VERIFY = "VERIFY"
    ISSUE_CREDITS = "ISSUE_CREDITS"


class CertificationAction(StrEnum):
    REVOKE = "REVOKE"


class CreditBlockAction(StrEnum):
    TRANSFER = "TRANSFER"
    REQUEST_TRANSFER = "REQUEST_TRANSFER"
    RETIRE = "RETIRE"


class TransferAction(StrEnum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    CANCEL = "CANCEL"


class RetirementAction(StrEnum):
    RECOGNISE = "RECOGNISE"
    REJECT = "REJECT"
    CANCEL = "CANCEL"


class OrganisationAction(StrEnum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    SUSPEND = "SUSPEND"
    REACTIVATE = "REACTIVATE"
    INVITE_USER = "INVITE_USER"


class UserAction(StrEnum):
    CHANGE_ROLE = "CHANGE_ROLE"
    DEACTIVATE = "DEACTIVATE"
    APPROVE = "APPROVE"
    REJECT = "REJECT"


def project_actions(
    principal: Principal | None,
    project: Project,
    target: Target,
    certifications: Sequence[ProjectCertifier],
) -> list[ProjectAction]:
    """The project actions principal may take on project now (target: access.target_of)."""
    status = project.status

    def may(action: Action) -> bool:
        return policy.can(principal, action, target=target)

    decisions = {
        ProjectAction.APPROVE: Action.PROJECT_APPROVE,
        ProjectAction.REJECT: Action.PROJECT_REJECT,
        ProjectAction.AUTHORISE: Action.PROJECT_AUTHORISE,
    }
    found = [
        name
        for name, action in decisions.items()
        if may(action) and status in DECIDABLE_FROM[action]
    ]
    if may(Action.PROJECT_ASSIGN_CERTIFIER) and status in ASSIGNABLE:
        found.append(ProjectAction.ASSIGN_CERTIFIER)
    mine = [
        c
        for c in certifications
        if principal is not None and c.organisation_id == principal.organisation_id
    ]
    if (
        may(Action.PROJECT_CERTIFY)
        and status in ACTIVE
        and any(c.status is CertificationStatus.ASSIGNED for c in mine)
    ):
        found.append(ProjectAction.CERTIFY)
    if may(Action.ACTIVITY_ADD) and status in ACTIVE:
        found.append(ProjectAction.ADD_ACTIVITY)
    if may(Action.FINANCING_REQUEST) and status is not ProjectStatus.REJECTED:
        found.append(ProjectAction.REQUEST_FINANCING)
    if may(Action.ARTICLE6_MANAGE) and article6.why_not_authorizable(project) is None:
        found.append(ProjectAction.GRANT_ARTICLE6_AUTHORISATION)
    return found


def activity_actions(
    principal: Principal | None,
    project: Project,
    target: Target,
    activity: Activity,
    reports: Sequence[MonitoringReport],
) -> list[ActivityAction]:
    """Deciding an activity of an active project (approving needs a VERIFIED report; only a
    PENDING one is rejected) and submitting its monitoring reports (not once REJECTED)."""
    if project.status not in ACTIVE:
        return []
    found = []
    may = functools.partial(policy.can, principal, target=target)
    verified = any(r.status is MonitoringReportStatus.VERIFIED for r in reports)
    if may(Action.ACTIVITY_APPROVE) and activity.status is not ActivityStatus.REJECTED and verified:
        found.append(ActivityAction.APPROVE)
    if may(Action.ACTIVITY_REJECT) and activity.status is ActivityStatus.PENDING:
        found.append(ActivityAction.REJECT)
    if may(Action.MONITORING_SUBMIT) and activity.status is not ActivityStatus.REJECTED:
        found.append(ActivityAction.SUBMIT_MONITORING)
    return found


def monitoring_report_actions(
    principal: Principal | None,
    project: Project,
    target: Target,
    activity: Activity,
    report: MonitoringReport,
    issued: bool,
) -> list[MonitoringReportAction]:
    """An assigned certifier verifies a SUBMITTED report of an active project; government
    issues an APPROVED period of an APPROVED activity of an AUTHORISED project, once."""
    found = []
    if (
        policy.can(principal, Action.MONITORING_VERIFY, target=target)
        and project.status in ACTIVE
        and report.status is MonitoringReportStatus.SUBMITTED
    ):
        found.append(MonitoringReportAction.VERIFY)
    if (
        policy.can(principal, Action.CREDITS_ISSUE)
        and report.status is MonitoringReportStatus.APPROVED
        and activity.status is ActivityStatus.APPROVED
        and project.status is ProjectStatus.AUTHORISED
        and project.serial_prefix
        and not issued
        and int(report.verified_quantity or 0) >= 1
    ):
        found.append(MonitoringReportAction.ISSUE_CREDITS)
    return found


def certification_actions(
    principal: Principal | None, certification: ProjectCertifier, target: Target
) -> list[CertificationAction]:
    """May principal revoke this certification (the certifier itself, or government)?"""
    own = Target(
        organisation_ids=target.organisation_ids,
        certifier_ids=target.certifier_ids & {certification.organisation_id},
        sectoral_scope=target.sectoral_scope,
    )
    if (
        policy.can(principal, Action.PROJECT_REVOKE_CERTIFICATION, target=own)
        and certification.status is CertificationStatus.CERTIFIED
    ):
        return [CertificationAction.REVOKE]
    return []


def _holds(principal: Principal | None, action: Action, organisation_id: int | None) -> bool:
    """The coarse check on the caller's own organisation and the one on the row's side."""
    if principal is None or organisation_id is None:
        return False
    own = principal.organisation_id
    return policy.can(principal, action, organisation_id=own) and policy.can(
        principal, action, organisation_id=organisation_id
    )


async def transfers_frozen() -> bool:
    """Whether the government has frozen transfers now (the registry-wide condition)."""
    return bool((await RegistryState.get(id=1)).transfers_frozen)


def block_actions(
    principal: Principal | None,
    block: CreditBlock,
    holder_organisation_id: int | None,
    project_certifier_ids: frozenset[int],
    transfers_frozen: bool = False,
) -> list[CreditBlockAction]:
    """What principal may do with the block: its holder moves (not while transfers are frozen)
    or retires ACTIVE units; another organisation that may hold them (not a certifier, ever, of
    the block's project) may ask, while transfers are not frozen."""
    if block.status is not BlockStatus.ACTIVE or principal is None:
        return []
    found = []
    if not transfers_frozen and _holds(principal, Action.CREDITS_TRANSFER, holder_organisation_id):
        found.append(CreditBlockAction.TRANSFER)
    certifies = principal.organisation_id in project_certifier_ids
    if (
        not transfers_frozen
        and holder_organisation_id is not None
        and holder_organisation_id != principal.organisation_id
        and _holds(principal, Action.TRANSFER_REQUEST, principal.organisation_id)
        and holders.refusal(principal.organisation_type, "", certifies) is None
    ):
        found.append(CreditBlockAction.REQUEST_TRANSFER)
    if _holds(principal, Action.CREDITS_RETIRE, holder_organisation_id):
        found.append(CreditBlockAction.RETIRE)
    return found


def transfer_actions(
    principal: Principal | None,
    transfer: Transfer,
    sender_organisation_id: int | None,
    transfers_frozen: bool = False,
) -> list[TransferAction]:
    """A REQUESTED transfer: its sender approves it (not while transfers are frozen) or rejects
    it, its requester cancels it."""
    if transfer.status is not TransferStatus.REQUESTED:
        return []
    found = []
    if _holds(principal, Action.TRANSFER_DECIDE, sender_organisation_id):
        if not transfers_frozen:
            found.append(TransferAction.APPROVE)
        found.append(TransferAction.REJECT)
    if _holds(principal, Action.TRANSFER_CANCEL, transfer.requested_by_id):
        found.append(TransferAction.CANCEL)
    return found


def retirement_actions(
    principal: Principal | None, retirement: Retirement
) -> list[RetirementAction]:
    """A REQUESTED retirement: government recognises or rejects it, its requester cancels it."""
    if retirement.status is not RetirementStatus.REQUESTED or principal is None:
        return []
    found = []
    decide = Action.RETIREMENT_DECIDE
    if policy.can(principal, decide, organisation_id=principal.organisation_id):
        found += [RetirementAction.RECOGNISE, RetirementAction.REJECT]
    if _holds(principal, Action.RETIREMENT_CANCEL, retirement.requested_by_id):
        found.append(RetirementAction.CANCEL)
    return found


def organisation_actions(
    principal: Principal | None, organisation: Organisation
) -> list[OrganisationAction]:
    """Government's status changes (never of its own organisation) and inviting a user."""
    changes = {
        OrganisationAction.APPROVE: Action.ORGANISATION_APPROVE,
        OrganisationAction.REJECT: Action.ORGANISATION_REJECT,
        OrganisationAction.SUSPEND: Action.ORGANISATION_SUSPEND,
        OrganisationAction.REACTIVATE: Action.ORGANISATION_REACTIVATE,
    }
    own = principal is not None and principal.organisation_id == organisation.id
    found = [
        name
        for name, action in changes.items()
        if policy.can(principal, action, organisation_id=organisation.id)
        and organisation.status in CHANGEABLE_FROM[action]
        and not (own and name in (OrganisationAction.REJECT, OrganisationAction.SUSPEND))
    ]
    if (
        policy.can(principal, Action.USER_CREATE, organisation_id=organisation.id)
        and organisation.status is not OrganisationStatus.REJECTED
    ):
        found.append(OrganisationAction.INVITE_USER)
    return found


def user_actions(principal: Principal | None, user: User) -> list[UserAction]:
    """Another user's role and deactivation, and deciding a PENDING user (a first sign-in with
    an identity provider): their organisation's ADMIN or government; never oneself, never ROOT."""
    if principal is None or user.id == principal.user_id or user.role is Role.ROOT:
        return []
    found = []
    if policy.can(principal, Action.USER_CHANGE_ROLE, organisation_id=user.organisation_id):
        found.append(UserAction.CHANGE_ROLE)
    if (
        policy.can(principal, Action.USER_DEACTIVATE, organisation_id=user.organisation_id)
        and user.status is UserStatus.ACTIVE
    ):
        found.append(UserAction.DEACTIVATE)
    if (
        policy.can(principal, Action.USER_APPROVE, organisation_id=user.organisation_id)
        and user.status is UserStatus.PENDING
    ):
        found += [UserAction.APPROVE, UserAction.REJECT]
    return found
