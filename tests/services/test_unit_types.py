"""Only units carrying an Article 6.2 authorization are ITMOs (issue 14, item 17): the country
file names the unit type of the others, and serials, the serial lookup, the ledger and the CAD
Trust export follow it."""

from __future__ import annotations

import json

from backend.ledger import entries
from backend.models.credit import CreditBlock
from backend.models.enums import ProjectStatus
from backend.models.ledger import LedgerEntry
from backend.services import article6, runtime
from backend.services.credits import issuance, queries
from backend.services.reports import cadt
from tests.factories import make_approved_report, make_member, make_project
from tests.services.credit_helpers import deductions, government
from tests.services.test_article6 import approach, authorization_input, trading_project


def test_the_country_file_names_both_unit_types() -> None:
    country = runtime.current().country
    assert (country.unit_type, country.authorized_unit_type) == ("NVU", "ITMO")


async def test_serials_and_exports_name_itmos_only_for_authorized_units() -> None:
    gov, owner = await government(), await make_member()
    # 1000 units, 5 % share of proceeds and 2 % OMGE; an authorization of 600 covers the
    # owner's first 600 units only.
    project = await trading_project(owner)
    await article6.authorize(
        principal=gov.principal, **authorization_input(project, await approach(gov), quantity=600)
    )
    plain = await make_project(owner, ProjectStatus.AUTHORISED)
    with deductions("5", "2"):
        issued = await issuance.issue_credits(
            principal=gov.principal,
            monitoring_report_id=(await make_approved_report(project, 1000)).id,
        )
        other = await issuance.issue_credits(
            principal=gov.principal, monitoring_report_id=(await make_approved_report(plain, 10)).id
        )
    blocks = list(await CreditBlock.filter(issuance_id=issued.value.id).order_by("serial_start"))
    kinds = [
        (b.quantity, b.authorization_id is not None, b.serial_prefix.split("-")[1]) for b in blocks
    ]
    # Owner's authorized 600, owner's other 330, share of proceeds 50, OMGE 20.
    assert kinds == [
        (600, True, "ITMO"),
        (330, False, "NVU"),
        (50, False, "NVU"),
        (20, False, "NVU"),
    ]
    [plain_block] = await CreditBlock.filter(issuance_id=other.value.id)
    assert plain_block.serial_prefix.split("-")[1] == "NVU" and plain_block.authorization_id is None
    # Every serial finds its block, under its own unit type only.
    for block in [*blocks, plain_block]:
        found = await queries.serial_lookup(f"{block.serial_prefix}-{block.serial_start}")
        assert found.block.id == block.id
    # The ledger names each block's serial prefix.
    row = await LedgerEntry.get(seq=issued.ledger_seq)
    body = json.loads(bytes(row.body))
    record = entries.read(body["type"], body["v"], body["data"])
    assert isinstance(record, entries.CreditsIssued)
    assert [b["serial_prefix"] for b in record.blocks] == [b.serial_prefix for b in blocks]
    # The CAD Trust export: unitType follows the authorization, and so does the ITMO reference.
    units = {u["unitSerialId"]: u for u in (await cadt.cadt_export())["unit"]}
    for block in [*blocks, plain_block]:
        unit = units[block.serial]
        authorized = block.authorization_id is not None
        assert unit["unitType"] == ("ITMO" if authorized else "NVU")
        assert (unit["unitItmosReferenceId"] is not None) == authorized
