"""The enums of the `viewerMay` fields: what the signed-in caller may do with a row now,
computed by services.viewer_actions from the policy and the row's state. The UI shows a row's
buttons from these lists; the mutation still decides (and refuses with its code)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from backend.context import Context
from backend.schema.enums import described
from backend.schema.fields import field
from backend.services import viewer_registry_actions
from backend.services.viewer_actions import (
    ActivityAction,
    CertificationAction,
    CreditBlockAction,
    MonitoringReportAction,
    OrganisationAction,
    ProjectAction,
    RetirementAction,
    TransferAction,
    UserAction,
)
from backend.services.viewer_registry_actions import DocumentAction, FinancingAction, RegistryAction

__all__ = [
    "ViewerActionsQuery",
    "DocumentAction",
    "FinancingAction",
    "RegistryAction",
    "ActivityAction",
    "CertificationAction",
    "CreditBlockAction",
    "MonitoringReportAction",
    "OrganisationAction",
    "ProjectAction",
    "RetirementAction",
    "TransferAction",
    "UserAction",
]

described(
    ProjectAction,
    "An action on a project that the caller may take now (Project.viewerMay).",
    {
        "APPROVE": "approveProject: approve a PENDING project.",
        "REJECT": "rejectProject: reject a PENDING or APPROVED project.",
        "AUTHORISE": "authoriseProject: authorise an APPROVED project.",
        "ASSIGN_CERTIFIER": "assignCertifier: assign a certifier to a project not rejected.",
        "CERTIFY": "certifyProject: certify, as an assigned certifier of an active project.",
        "ADD_ACTIVITY": "addActivity: add an activity to an APPROVED or AUTHORISED project.",
        "REQUEST_FINANCING": "requestFinancing: record financing sought for the project.",
        "GRANT_ARTICLE6_AUTHORISATION": "grantArticle6Authorisation: authorize the units of "
        "an AUTHORISED project open to Article 6 trading.",
    },
)
described(
    ActivityAction,
    "An action on an activity that the caller may take now (Activity.viewerMay).",
    {
        "APPROVE": "approveActivity: approve its VERIFIED monitoring reports.",
        "REJECT": "rejectActivity: reject a PENDING activity.",
        "SUBMIT_MONITORING": "submitMonitoringReport: report on an activity not rejected.",
    },
)
described(
    MonitoringReportAction,
    "An action on a monitoring report that the caller may take now (MonitoringReport.viewerMay).",
    {
        "VERIFY": "verifyMonitoringReport: an assigned certifier verifies a SUBMITTED report.",
        "ISSUE_CREDITS": "issueCredits: issue an APPROVED period of an AUTHORISED project, once.",
    },
)
described(
    CertificationAction,
    "An action on a project's certification (ProjectCertifier.viewerMay).",
    {"REVOKE": "revokeCertification: revoke a CERTIFIED certification."},
)
described(
    CreditBlockAction,
    "An action on a credit block that the caller may take now (CreditBlock.viewerMay).",
    {
        "TRANSFER": "transferCredits: the holder moves ACTIVE units to another organisation "
        "(not while transfers are frozen).",
        "REQUEST_TRANSFER": "requestTransfer: another credit holder asks for ACTIVE units "
        "(not while transfers are frozen).",
        "RETIRE": "retireCredits: the holder retires ACTIVE units.",
    },
)
described(
    TransferAction,
    "An action on a transfer that the caller may take now (Transfer.viewerMay).",
    {
        "APPROVE": "approveTransfer: the sender approves a REQUESTED transfer (not while "
        "transfers are frozen).",
        "REJECT": "rejectTransfer: the sender refuses a REQUESTED transfer.",
        "CANCEL": "cancelTransfer: the requester withdraws a REQUESTED transfer.",
    },
)
described(
    RetirementAction,
    "An action on a retirement that the caller may take now (Retirement.viewerMay).",
    {
        "RECOGNISE": "recogniseRetirement: government recognises a REQUESTED retirement.",
        "REJECT": "rejectRetirement: government refuses a REQUESTED retirement.",
        "CANCEL": "cancelRetirement: the requester withdraws a REQUESTED retirement.",
    },
)
described(
    OrganisationAction,
    "An action on an organisation that the caller may take now (Organisation.viewerMay).",
    {
        "APPROVE": "approveOrganisation: approve a PENDING organisation.",
        "REJECT": "rejectOrganisation: reject a PENDING organisation.",
        "SUSPEND": "suspendOrganisation: suspend an ACTIVE organisation (not one's own).",
        "REACTIVATE": "reactivateOrganisation: reactivate a SUSPENDED organisation.",
        "INVITE_USER": "createUser: invite a user into an organisation not rejected.",
    },
)
described(
    UserAction,
    "An action on a user that the caller may take now (User.viewerMay).",
    {
        "CHANGE_ROLE": "updateUser with a role: change another user's role.",
        "DEACTIVATE": "deactivateUser: deactivate another ACTIVE user.",
        "APPROVE": "approveUser: approve a PENDING user (a first sign-in nobody invited).",
        "REJECT": "rejectUser: reject a PENDING user.",
    },
)
described(
    DocumentAction,
    "An action on a document that the caller may take now (Document.viewerMay).",
    {
        "ACCEPT": "acceptDocument: accept a PENDING document of a project.",
        "REJECT": "rejectDocument: reject a PENDING document of a project.",
    },
)
described(
    FinancingAction,
    "An action on a financing that the caller may take now (Financing.viewerMay).",
    {
        "APPROVE": "approveFinancing: approve a PENDING financing.",
        "REJECT": "rejectFinancing: reject a PENDING financing.",
        "CANCEL": "cancelFinancing: the organisation that asked withdraws a PENDING financing.",
    },
)
described(
    RegistryAction,
    "Something the caller may start in the registry now (Query.viewerMay).",
    {
        "CREATE_PROJECT": "createProject: submit a project of one's own organisation.",
        "CREATE_ORGANISATION": "createOrganisation: register an organisation directly.",
        "FREEZE_TRANSFERS": "freezeTransfers: stop every transfer (they are not frozen now).",
        "UNFREEZE_TRANSFERS": "unfreezeTransfers: let transfers go ahead (they are frozen now).",
        "MANAGE_ARTICLE6": "createCooperativeApproach: record Article 6.2 cooperative approaches.",
    },
)


@strawberry.type
class ViewerActionsQuery:
    @field(
        description="What you may start in the registry now (create a project, freeze "
        "transfers...); each row's own actions are its viewerMay field."
    )
    async def viewer_may(self, info: Info[Context, Any]) -> list[RegistryAction]:
        return await viewer_registry_actions.registry_actions(info.context.principal)
