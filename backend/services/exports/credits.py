"""The credit blocks, transfers and retirements lists as exports: the credits services' list
functions (which already keep each caller to its own holdings) and the GraphQL types' columns."""

from __future__ import annotations

from typing import Any

from backend.models.credit import Account, CreditBlock
from backend.models.enums import BlockStatus, RetirementStatus, TransferStatus
from backend.policy import Principal
from backend.services import article6
from backend.services.credits import queries
from backend.services.exports import arguments as a
from backend.services.exports.model import (
    ExportList,
    Getter,
    Page,
    account_name,
    attribute,
    labelled,
)


async def _account_names(ids: set[int], language: str) -> dict[int, str]:
    found = await Account.filter(id__in=ids).only("id", "name", "kind")
    return {row.id: account_name(row.kind, row.name, language) for row in found}


async def _blocks(
    principal: Principal, given: dict[str, Any], offset: int, limit: int
) -> tuple[list[Any], int]:
    rows, total = await queries.list_blocks(
        principal=principal,
        holder_organisation_id=given.get("holderId"),
        project_id=given.get("projectId"),
        vintage=given.get("vintage"),
        status=given.get("status"),
        offset=offset,
        limit=limit,
    )
    return list(rows), total


async def _block_parts(page: Page) -> None:
    page.extras["holders"] = await _account_names(
        {row.holder_id for row in page.rows}, page.language
    )
    authorised = {row.authorization_id for row in page.rows if row.authorization_id}
    codes = await article6.approach_codes(authorised) if authorised else {}
    page.extras["itmo"] = {
        row.id: article6.block_itmo_range(row, codes[row.authorization_id])
        for row in page.rows
        if row.authorization_id in codes
    }


def _itmo(end: int) -> Getter:
    def value(row: CreditBlock, page: Page) -> object:
        found = page.extras["itmo"].get(row.id)
        return found[end] if found else None

    return value


BLOCKS = ExportList(
    name="creditBlocks",
    arguments={
        "holderId": a.identifier,
        "projectId": a.identifier,
        "vintage": a.whole,
        "status": a.one_of(BlockStatus),
    },
    fetch=_blocks,
    columns={
        "id": attribute("id"),
        "serial": attribute("serial"),
        "serialPrefix": attribute("serial_prefix"),
        "serialStart": attribute("serial_start"),
        "serialEnd": attribute("serial_end"),
        "quantity": attribute("quantity"),
        "vintage": attribute("vintage"),
        "status": labelled("status", attribute("status")),
        "projectId": attribute("project_id"),
        "parentId": attribute("parent_id"),
        "holder.name": lambda row, page: page.extras["holders"].get(row.holder_id),
        "itmoFirstId": _itmo(0),
        "itmoLastId": _itmo(1),
    },
    prefetch=_block_parts,
)


async def _transfers(
    principal: Principal, given: dict[str, Any], offset: int, limit: int
) -> tuple[list[Any], int]:
    rows, total = await queries.list_transfers(
        principal=principal, status=given.get("status"), offset=offset, limit=limit
    )
    return list(rows), total


async def _serials(ids: set[int]) -> dict[int, str]:
    found = await CreditBlock.filter(id__in=ids)
    return {row.id: row.serial for row in found}


async def _transfer_parts(page: Page) -> None:
    accounts = {row.from_account_id for row in page.rows} | {r.to_account_id for r in page.rows}
    page.extras["accounts"] = await _account_names(accounts, page.language)
    page.extras["serials"] = await _serials({row.block_id for row in page.rows})


TRANSFERS = ExportList(
    name="transfers",
    arguments={"status": a.one_of(TransferStatus)},
    fetch=_transfers,
    columns={
        "id": attribute("id"),
        "block.serial": lambda row, page: page.extras["serials"].get(row.block_id),
        "quantity": attribute("quantity"),
        "fromAccount.name": lambda row, page: page.extras["accounts"].get(row.from_account_id),
        "toAccount.name": lambda row, page: page.extras["accounts"].get(row.to_account_id),
        "status": labelled("status", attribute("status")),
        "statusReason": attribute("status_reason"),
        "createdAt": attribute("created_at"),
        "decidedAt": attribute("decided_at"),
    },
    prefetch=_transfer_parts,
)


async def _retirements(
    principal: Principal, given: dict[str, Any], offset: int, limit: int
) -> tuple[list[Any], int]:
    rows, total = await queries.list_retirements(
        principal=principal, status=given.get("status"), offset=offset, limit=limit
    )
    return list(rows), total


async def _retirement_parts(page: Page) -> None:
    page.extras["serials"] = await _serials({row.block_id for row in page.rows})


RETIREMENTS = ExportList(
    name="retirements",
    arguments={"status": a.one_of(RetirementStatus)},
    fetch=_retirements,
    columns={
        "id": attribute("id"),
        "block.serial": lambda row, page: page.extras["serials"].get(row.block_id),
        "quantity": attribute("quantity"),
        "kind": labelled("retirementKind", attribute("kind")),
        "beneficiary": attribute("beneficiary"),
        "note": attribute("note"),
        "acquiringCountry": attribute("acquiring_country"),
        "status": labelled("status", attribute("status")),
        "statusReason": attribute("status_reason"),
    },
    prefetch=_retirement_parts,
)
