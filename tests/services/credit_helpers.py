"""Shared set-up for the credit tests: a government, owners, an authorised project, issuance."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from backend.models.credit import Account, CreditBlock, Issuance
from backend.models.enums import OrganisationType, ProjectStatus, Role
from backend.models.organisation import Organisation
from backend.services import runtime
from backend.services.credits import issuance as issuance_service
from tests.factories import Member, make_approved_report, make_member, make_project


@contextmanager
def deductions(share_of_proceeds: str = "0", omge: str = "0") -> Iterator[None]:
    """Run with other share-of-proceeds and OMGE percentages, then restore the country's."""
    current = runtime.current()
    country = current.country.model_copy(
        update={
            "share_of_proceeds_percent": Decimal(share_of_proceeds),
            "omge_percent": Decimal(omge),
        }
    )
    runtime._runtime = dataclasses.replace(current, country=country)
    try:
        yield
    finally:
        runtime._runtime = current


async def government() -> Member:
    return await make_member(OrganisationType.GOVERNMENT, Role.MANAGER)


async def issue(
    owner: Member, quantity: int, *, issuer: Member | None = None, year: int = 2025
) -> tuple[Issuance, list[CreditBlock]]:
    """Issue `quantity` units of a new authorised project of owner's, through the service."""
    project = await make_project(owner, ProjectStatus.AUTHORISED)
    report = await make_approved_report(project, quantity, year=year)
    issuer = issuer or await government()
    recorded = await issuance_service.issue_credits(
        principal=issuer.principal, monitoring_report_id=report.id
    )
    blocks = await CreditBlock.filter(issuance_id=recorded.value.id).order_by("serial_start")
    return recorded.value, list(blocks)


async def account_of(member: Member) -> Account:
    return await account_of_organisation(member.organisation)


async def account_of_organisation(organisation: Organisation) -> Account:
    return await Account.get(organisation_id=organisation.id)
