"""The facts of one object as the services hold it (its rows, read in their transaction), for
dashboard.record: a change's contribution before and after. A project's figures (the project,
its issuances, its Article 6.2 authorisations) count for its owners and for its acting
certifiers (`attributed`); a certifier assigned or revoked gains or loses them all
(`certifier_figures`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.models.article6 import Authorization
from backend.models.credit import Account, CreditBlock, Issuance, Retirement, Transfer
from backend.models.enums import BlockStatus, RetirementStatus, TransferStatus
from backend.models.project import Project, ProjectOwner
from backend.policy import Target
from backend.services import access, dashboard_regions
from backend.services import dashboard_figures as figures
from backend.services.dashboard import Delta
from backend.services.dashboard_figures import utc_day, value_of


def attributed(target: Target) -> tuple[int, ...]:
    """The organisations a project's figures count for: its owners and acting certifiers."""
    return figures.ids([*target.organisation_ids, *target.certifier_ids])


async def attributed_to(connection: BaseDBAsyncClient, project_id: int) -> tuple[int, ...]:
    """The organisations a project's figures count for, read in connection."""
    return attributed(await access.project_target(project_id, connection))


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
            else await attributed_to(connection, row.id),
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
    connection: BaseDBAsyncClient,
    row: Authorization,
    project_row: Project,
    organisations: Iterable[int] | None = None,
) -> list[Delta]:
    """An Article 6.2 authorisation's contribution (for organisations, by default those its
    project's figures count for)."""
    if organisations is None:
        organisations = await attributed_to(connection, project_row.id)
    return figures.authorization(
        figures.AuthorizationFacts(
            day=utc_day(row.authorized_on),
            owners=figures.ids(list(organisations)),
            sector=project_row.sector,
            parties=tuple(row.authorized_parties),
            quantity=int(row.quantity),
        )
    )


async def certifier_figures(
    connection: BaseDBAsyncClient, row: Project, certifier_id: int
) -> list[Delta]:
    """The figures a project gives a certifier that acts on it (its project, issuances and
    authorisations, for that organisation only): what assigning it adds and revoking it takes
    away. None for an owner of the project, whose figures count them already."""
    owners = await ProjectOwner.filter(project_id=row.id).using_db(connection)
    if certifier_id in {o.organisation_id for o in owners}:
        return []
    out = await project(connection, row, [certifier_id])
    cancelled = await CreditBlock.filter(project_id=row.id, status=BlockStatus.CANCELLED).using_db(
        connection
    )
    for found in await Issuance.filter(project_id=row.id).using_db(connection).order_by("id"):
        blocks = [b for b in cancelled if b.issuance_id == found.id]
        out += issuance(found, row, blocks, [certifier_id])
    for authorised in await Authorization.filter(project_id=row.id).using_db(connection):
        out += await authorization(connection, authorised, row, [certifier_id])
    return [d for d in out if d.organisation_id == certifier_id]
