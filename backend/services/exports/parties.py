"""The organisations and users lists as exports: the services' list functions and the columns
of the GraphQL types, with every sensitive field asked of the policy row by row as the schema
asks it (a field the caller may not read is an empty cell)."""

from __future__ import annotations

from enum import Enum
from typing import Any

from backend import policy
from backend.models.enums import OrganisationStatus, OrganisationType
from backend.models.organisation import Organisation
from backend.models.user import User
from backend.policy import Action, Principal
from backend.services import organisations, users
from backend.services.exports import arguments as a
from backend.services.exports.model import ExportList, Getter, Page, attribute, labelled


class OrganisationOrder(Enum):
    """The organisations list's orderBy values (the GraphQL enum), by the column they name."""

    NAME = "name"
    TAX_ID = "tax_id"
    TYPE = "type"
    STATUS = "status"
    CREATED_AT = "created_at"


def _organisation_sensitive(action: Action, name: str) -> Getter:
    def value(row: Organisation, page: Page) -> object:
        allowed = policy.can(page.principal, action, organisation_id=row.id)
        return getattr(row, name) if allowed else None

    return value


async def _organisations(
    principal: Principal, given: dict[str, Any], offset: int, limit: int
) -> tuple[list[Any], int]:
    order = given.get("orderBy", OrganisationOrder.NAME)
    rows, total = await organisations.list_organisations(
        principal=principal,
        search=given.get("search"),
        type=given.get("type"),
        status=given.get("status"),
        order_by=order.value,
        descending=given.get("descending", False),
        offset=offset,
        limit=limit,
    )
    return list(rows), total


async def _project_counts(page: Page) -> None:
    page.extras["counts"] = await organisations.project_counts([row.id for row in page.rows])


ORGANISATIONS = ExportList(
    name="organisations",
    arguments={
        "search": a.text,
        "type": a.one_of(OrganisationType),
        "status": a.one_of(OrganisationStatus),
        "orderBy": a.one_of(OrganisationOrder),
        "descending": a.flag,
    },
    fetch=_organisations,
    columns={
        "id": attribute("id"),
        "name": attribute("name"),
        "taxId": _organisation_sensitive(Action.READ_ORGANISATION_TAX_ID, "tax_id"),
        "email": _organisation_sensitive(Action.READ_ORGANISATION_EMAIL, "email"),
        "phone": _organisation_sensitive(Action.READ_ORGANISATION_PHONE, "phone"),
        "type": labelled("orgType", attribute("type")),
        "status": labelled("status", attribute("status")),
        "statusReason": _organisation_sensitive(
            Action.READ_ORGANISATION_STATUS_REASON, "status_reason"
        ),
        "website": attribute("website"),
        "address": attribute("address"),
        "country": attribute("country"),
        "sectoralScopes": attribute("sectoral_scopes"),
        "numberOfProjects": lambda row, page: page.extras["counts"].get(row.id, 0),
        "createdAt": attribute("created_at"),
        "updatedAt": attribute("updated_at"),
    },
    prefetch=_project_counts,
)


def _user_sensitive(action: Action, name: str) -> Getter:
    def value(row: User, page: Page) -> object:
        allowed = policy.can(
            page.principal, action, organisation_id=row.organisation_id, user_id=row.id
        )
        return getattr(row, name) if allowed else None

    return value


async def _users(
    principal: Principal, given: dict[str, Any], offset: int, limit: int
) -> tuple[list[Any], int]:
    rows, total = await users.list_users(
        principal=principal,
        organisation_id=given.get("organisationId"),
        search=given.get("search"),
        offset=offset,
        limit=limit,
    )
    return list(rows), total


async def _user_organisations(page: Page) -> None:
    ids = {row.organisation_id for row in page.rows}
    found = await Organisation.filter(id__in=ids).only("id", "name")
    page.extras["organisation_names"] = {row.id: row.name for row in found}


USERS = ExportList(
    name="users",
    arguments={"organisationId": a.identifier, "search": a.text},
    fetch=_users,
    columns={
        "id": attribute("id"),
        "name": attribute("name"),
        "email": _user_sensitive(Action.READ_USER_EMAIL, "email"),
        "phone": _user_sensitive(Action.READ_USER_PHONE, "phone"),
        "role": labelled("role", attribute("role")),
        "status": labelled("status", attribute("status")),
        "language": attribute("language"),
        "organisation.name": lambda row, page: page.extras["organisation_names"].get(
            row.organisation_id
        ),
        "createdAt": attribute("created_at"),
    },
    prefetch=_user_organisations,
)
