"""The facts of one object as the services hold it (its rows, read in their transaction), for
dashboard.record: a change's contribution before and after."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.models.article6 import Authorization
from backend.models.credit import Account, CreditBlock, Issuance, Retirement, Transfer
from backend.models.enums import BlockStatus, RetirementStatus, TransferStatus
from backend.models.project import Project, ProjectOwner
from backend.services import dashboard_figures as figures
from backend.services import dashboard_regions
from backend.services.dashboard import Delta
from backend.services.dashboard_figures import utc_day, value_of


async def owners_of(connection: BaseDBAsyncClient, project_id: int) -> tuple[int, ...]:
    """The organisations owning a project."""
    rows = await ProjectOwner.filter(project_id=project_id).using_db(connection)
    return figures.ids([r.organisation_id for r in rows])


async def project(
    connection: BaseDBAsyncClient, row: Project, owners: Iterable[int] | None = None
) -> list[Delta]:
    """A project's contribution as it is now."""
    location = row.location or {}
    regions = tuple(str(r) for r in location.get("regions") or [])
    return figures.project(
        figures.ProjectFacts(
            day=utc_day(row.created_at),
            status=value_of(row.status),
            sector=row.sector,
            scope=int(row.sectoral_scope),
            regions=regions,
            first_level=dashboard_regions.first_level(regions, location.get("geometry")),
            estimated=int(row.estimated_credits),
            owners=figures.ids(list(owners))
            if owners is not None
            else await owners_of(connection, row.id),
        )
    )


def issuance(
    row: Issuance, project_row: Project, blocks: Sequence[CreditBlock], owners: Sequence[int]
) -> list[Delta]:
    """A new issuance's contribution (its blocks as issued)."""
    return figures.issuance(
        figures.IssuanceFacts(
            day=utc_day(row.issued_at),
            owners=figures.ids(list(owners)),
            sector=project_row.sector,
            vintage=int(row.vintage),
            quantity=int(row.quantity),
            cancelled=sum(b.quantity for b in blocks if b.status is BlockStatus.CANCELLED),
        )
    )


async def _block_context(connection: BaseDBAsyncClient, block_id: int) -> tuple[CreditBlock, str]:
    block = await CreditBlock.filter(id=block_id).using_db(connection).get()
    return block, await _sector(connection, block.project_id)


async def _organisations(connection: BaseDBAsyncClient, *account_ids: int) -> dict[int, int | None]:
    rows = await Account.filter(id__in=account_ids).using_db(connection)
    return {a.id: a.organisation_id for a in rows}


async def _sector(connection: BaseDBAsyncClient, project_id: int) -> str:
    found = await Project.filter(id=project_id).using_db(connection).values_list("sector")
    return str(found[0][0])


async def transfer(
    connection: BaseDBAsyncClient,
    row: Transfer,
    block: CreditBlock,
    status: TransferStatus | None = None,
) -> list[Delta]:
    """A transfer's contribution as it is now (or in another status, e.g. as it was), its
    units from `block` (the block it takes them from)."""
    sector = await _sector(connection, block.project_id)
    holders = await _organisations(connection, row.from_account_id, row.to_account_id)
    return figures.transfer(
        figures.TransferFacts(
            status=value_of(status or row.status),
            day=utc_day(row.decided_at or row.created_at),
            sender=holders.get(row.from_account_id),
            receiver=holders.get(row.to_account_id),
            sector=sector,
            vintage=int(block.vintage),
            quantity=int(row.quantity),
        )
    )


async def retirement(
    connection: BaseDBAsyncClient,
    row: Retirement,
    block: CreditBlock | None = None,
    status: RetirementStatus | None = None,
) -> list[Delta]:
    """A retirement's contribution as it is now (or in another status), `block` its reserved
    block if at hand."""
    if block is None:
        block, sector = await _block_context(connection, row.block_id)
    else:
        sector = await _sector(connection, block.project_id)
    return figures.retirement(
        figures.RetirementFacts(
            status=value_of(status or row.status),
            day=utc_day(row.decided_at or row.created_at),
            requester=row.requested_by_id,
            sector=sector,
            vintage=int(block.vintage),
            quantity=int(row.quantity),
            kind=value_of(row.kind),
            acquiring_country=row.acquiring_country,
            authorised=block.authorization_id is not None,
        )
    )


async def authorization(
    connection: BaseDBAsyncClient, row: Authorization, project_row: Project
) -> list[Delta]:
    """A new Article 6.2 authorisation's contribution."""
    return figures.authorization(
        figures.AuthorizationFacts(
            day=utc_day(row.authorized_on),
            owners=await owners_of(connection, project_row.id),
            sector=project_row.sector,
            parties=tuple(row.authorized_parties),
            quantity=int(row.quantity),
        )
    )
