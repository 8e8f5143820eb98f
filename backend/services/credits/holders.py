"""Who may hold units: the organisation types the policy and the country file allow, and never
a certifier the units' project has (or had): a certifier does not hold what it verifies."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from backend import policy
from backend.models.credit import Account, CreditBlock
from backend.models.enums import BlockStatus
from backend.models.organisation import Organisation
from backend.models.project import ProjectCertifier
from backend.services import runtime


async def why_not_holder(
    connection: BaseDBAsyncClient, organisation: Organisation, project_id: int
) -> str | None:
    """Why organisation may not hold units of project_id, or None when it may."""
    country = runtime.current().country
    if not policy.may_hold_credits(organisation.type, country.credit_holder_types):
        return f"a {organisation.type.value} organisation does not hold credits in this registry."
    certifies = ProjectCertifier.filter(project_id=project_id, organisation_id=organisation.id)
    if await certifies.using_db(connection).exists():
        return f"{organisation.name} certifies this project and may not hold its units."
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
