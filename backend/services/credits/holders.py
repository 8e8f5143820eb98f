"""Who may hold units: the organisation types the policy and the country file allow, and never
a certifier the units' project has (or had): a certifier does not hold what it verifies."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import policy
from backend.models.credit import Account, CreditBlock
from backend.models.enums import BlockStatus, OrganisationType
from backend.models.organisation import Organisation
from backend.models.project import ProjectCertifier
from backend.services import runtime


async def why_not_holder(
    connection: BaseDBAsyncClient, organisation: Organisation, project_id: int
) -> str | None:
    """Why organisation may not hold units of project_id, or None when it may."""
    certifies = ProjectCertifier.filter(project_id=project_id, organisation_id=organisation.id)
    return refusal(
        organisation.type, organisation.name, await certifies.using_db(connection).exists()
    )


def refusal(kind: OrganisationType, name: str, certifies: bool) -> str | None:
    """Why an organisation of this type (a certifier of the project, or not) may not hold the
    project's units, or None when it may: the one rule, also read by the viewer's actions."""
    if not policy.may_hold_credits(kind, runtime.current().country.credit_holder_types):
        return f"a {kind.value} organisation does not hold credits in this registry."
    if certifies:
        return f"{name} certifies this project and may not hold its units."
    return None


async def holds_units_of(
    connection: BaseDBAsyncClient, organisation_id: int, project_id: int
) -> bool:
    """Whether the organisation holds (ACTIVE or RESERVED) units of the project."""
    accounts = Account.filter(organisation_id=organisation_id).using_db(connection)
    ids = [account.id for account in await accounts]
    held = CreditBlock.filter(
        project_id=project_id,
        holder_id__in=ids,
        status__in=[BlockStatus.ACTIVE, BlockStatus.RESERVED],
    )
    return bool(ids) and await held.using_db(connection).exists()
