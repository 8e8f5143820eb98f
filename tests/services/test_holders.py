"""Who may hold credits: the policy's organisation types (never PARTNER) narrowed by the
country file, and never a certifier of the units' project. Refusals change nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from backend.config import CountryConfig
from backend.errors import BadUserInput, Conflict, Forbidden
from backend.models.credit import CreditBlock, Retirement, Transfer
from backend.models.enums import CertificationStatus, OrganisationType, RetirementKind
from backend.models.project import ProjectCertifier
from backend.services import certification, runtime
from backend.services.credits import retirements, transfers
from tests.factories import ledger_size, make_member
from tests.services.credit_helpers import deductions, issue


@contextmanager
def holders(*types: str) -> Iterator[None]:
    """Run with another country list of credit holder types."""
    current = runtime.current()
    country = current.country.model_copy(update={"credit_holder_types": types})
    runtime._runtime = dataclasses.replace(current, country=country)
    try:
        yield
    finally:
        runtime._runtime = current


async def rows() -> tuple[Any, ...]:
    blocks = await CreditBlock.all().order_by("id").values_list("id", "serial_end", "holder_id")
    return (
        await ledger_size(),
        tuple(blocks),
        tuple(await Transfer.all().order_by("id").values_list("id", "status")),
        await Retirement.all().count(),
    )


async def test_a_certifier_never_holds_units_of_its_project() -> None:
    owner = await make_member()
    verifier = await make_member(OrganisationType.CERTIFIER)
    with deductions():
        issued, [block] = await issue(owner, 100)
    await ProjectCertifier.create(
        project_id=block.project_id,
        organisation=verifier.organisation,
        status=CertificationStatus.ASSIGNED,
    )
    before = await rows()
    with pytest.raises(BadUserInput, match="certifies this project") as sent:
        await transfers.transfer_credits(
            principal=owner.principal,
            block_id=block.id,
            quantity=1,
            to_organisation_id=verifier.organisation.id,
        )
    assert sent.value.details["field"] == "toOrganisationId"
    with pytest.raises(Forbidden, match="certifies this project"):
        await transfers.request_transfer(
            principal=verifier.principal, block_id=block.id, quantity=1
        )
    assert await rows() == before
    # another certifier, not of this project, may hold its units
    other = await make_member(OrganisationType.CERTIFIER)
    await transfers.transfer_credits(
        principal=owner.principal,
        block_id=block.id,
        quantity=5,
        to_organisation_id=other.organisation.id,
    )


async def test_a_request_approved_after_the_asker_became_its_certifier_is_refused() -> None:
    owner = await make_member()
    asker = await make_member(OrganisationType.CERTIFIER)
    with deductions():
        _, [block] = await issue(owner, 100)
    asked = await transfers.request_transfer(
        principal=asker.principal, block_id=block.id, quantity=3
    )
    await ProjectCertifier.create(
        project_id=block.project_id,
        organisation=asker.organisation,
        status=CertificationStatus.ASSIGNED,
    )
    before = await rows()
    with pytest.raises(Conflict, match="certifies this project"):
        await transfers.approve_transfer(principal=owner.principal, transfer_id=asked.value.id)
    assert await rows() == before


async def test_a_holder_of_units_is_not_assigned_to_certify_their_project() -> None:
    owner, gov = await make_member(), await make_member(OrganisationType.GOVERNMENT)
    holder = await make_member(OrganisationType.CERTIFIER)
    with deductions():
        _, [block] = await issue(owner, 100)
    await transfers.transfer_credits(
        principal=owner.principal,
        block_id=block.id,
        quantity=5,
        to_organisation_id=holder.organisation.id,
    )
    size = await ledger_size()
    with pytest.raises(BadUserInput, match="holds units of this project") as refused:
        await certification.assign_certifier(
            principal=gov.principal,
            project_id=block.project_id,
            certifier_id=holder.organisation.id,
        )
    assert refused.value.details["field"] == "certifierId"
    assert await ledger_size() == size
    assert not await ProjectCertifier.filter(organisation_id=holder.organisation.id).exists()


async def test_the_country_file_narrows_who_holds_and_partners_never_do() -> None:
    owner = await make_member()
    certifier = await make_member(OrganisationType.CERTIFIER)
    partner = await make_member(OrganisationType.PARTNER)
    with deductions():
        _, [block] = await issue(owner, 100)
    before = await rows()
    for receiver in (partner, certifier):
        with holders("GOVERNMENT", "DEVELOPER"), pytest.raises(BadUserInput, match="does not hold"):
            await transfers.transfer_credits(
                principal=owner.principal,
                block_id=block.id,
                quantity=1,
                to_organisation_id=receiver.organisation.id,
            )
    with pytest.raises(BadUserInput, match="PARTNER organisation does not hold"):
        await transfers.transfer_credits(
            principal=owner.principal,
            block_id=block.id,
            quantity=1,
            to_organisation_id=partner.organisation.id,
        )
    assert await rows() == before
    with holders("GOVERNMENT", "DEVELOPER"), pytest.raises(Forbidden, match="does not hold"):
        held = await make_member(OrganisationType.CERTIFIER)
        await retirements.retire_credits(
            principal=held.principal,
            block_id=block.id,
            quantity=1,
            kind=RetirementKind.NDC_USE,
            beneficiary="VU",
        )
    assert await rows() == before


@pytest.mark.parametrize(
    "types", [("GOVERNMENT", "DEVELOPER", "PARTNER"), ("GOVERNMENT", "CERTIFIER"), ("NOBODY",)]
)
def test_the_country_file_is_checked(types: tuple[str, ...]) -> None:
    data = runtime.current().country.model_dump()
    with pytest.raises(ValueError, match="credit_holder_types"):
        CountryConfig.model_validate({**data, "credit_holder_types": types})
