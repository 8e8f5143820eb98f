"""The AEF tables and the CAD Trust export, built from a year of real service calls: an
authorization, an issuance, a domestic transfer, a first transfer, a use, a cancellation."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

import openpyxl
import pytest

from backend.errors import BadUserInput, Forbidden, Unauthenticated
from backend.models.activity import MonitoringReport
from backend.models.credit import CreditBlock, Issuance
from backend.models.enums import (
    AuthorizationPurpose,
    BlockStatus,
    CertificationStatus,
    FirstTransferDefinition,
    MonitoringReportStatus,
    OrganisationType,
    ProjectStatus,
    RetirementKind,
    Role,
)
from backend.models.ledger import LedgerEntry
from backend.models.organisation import Organisation
from backend.models.project import ProjectCertifier
from backend.services import article6, reports
from backend.services.credits import issuance, retirements, transfers
from backend.services.reports import aef, cadt, history, tables
from tests.factories import Member, make_approved_report, make_member, make_project
from tests.services.credit_helpers import government
from tests.services.test_article6 import approach, authorization_input, trading_project

YEAR = datetime.now(UTC).year

# The AEF columns as INTEROP.md lists them (T3 adds the ledger entry each row comes from).
HEADERS = {
    "T1": [
        "Party",
        "Version",
        "Reported year",
        "Submission date",
        "NDC first year",
        "NDC last year",
    ],
    "T2": [
        "Authorization ID",
        "Date",
        "Cooperative approach ID",
        "Version",
        "Authorized quantity",
        "Metric",
        "Sectors",
        "Activity types",
        "Purposes",
        "Authorized Parties",
        "Authorized entities",
        "First-transfer definition for OIMP",
    ],
    "T3": [
        "Action date",
        "Type",
        "Subtype",
        "CA ID",
        "Authorization ID",
        "First transferring Party",
        "Party registry ID",
        "First ID",
        "Last ID",
        "Metric",
        "Quantity (tCO2e)",
        "Mitigation type",
        "Vintage",
        "Transferring Party",
        "Acquiring Party",
        "Purpose",
        "Using/cancelling Party or entity",
        "Year used towards NDC",
        "ledger_seq",
    ],
    "T4": [
        "CA ID",
        "Authorization ID",
        "First transferring Party",
        "Registry ID",
        "First ID",
        "Last ID",
        "Metric",
        "Quantity",
        "Mitigation type",
        "Vintage",
    ],
    "T5": [
        "Date",
        "Name",
        "Country of incorporation",
        "Identification number",
        "CA ID",
        "Conditions",
    ],
}
# The ledger entry type each T3 action comes from (OMGE cancellations come from the issuance).
ENTRY_OF = {
    "Authorization": "credits.issued",
    "First transfer": "credits.retirement_recognised",
    "Transfer": "credits.retirement_recognised",
    "Use": "credits.retirement_recognised",
    "Cancellation": "credits.retirement_recognised",
}


@dataclass
class Year:
    gov: Member
    owner: Member
    buyer: Member
    issued: Issuance


async def recognised(
    gov: Member,
    member: Member,
    block_id: int,
    quantity: int,
    kind: RetirementKind,
    country: str | None = None,
) -> int:
    retirement = (
        await retirements.retire_credits(
            principal=member.principal,
            block_id=block_id,
            quantity=quantity,
            kind=kind,
            beneficiary=f"{kind.value.title()} beneficiary",
            acquiring_country=country,
        )
    ).value
    await retirements.recognise_retirement(principal=gov.principal, retirement_id=retirement.id)
    return retirement.id


async def a_year(
    purpose: AuthorizationPurpose = AuthorizationPurpose.NDC,
    definition: FirstTransferDefinition | None = None,
) -> Year:
    """With the country's own deductions (5 % share of proceeds, 2 % OMGE) on 1000 units."""
    gov, owner = await government(), await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    buyer = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    await Organisation.filter(id=buyer.organisation.id).update(name="Japan Carbon Buyer K.K.")
    project = await trading_project(owner)
    ca = await approach(gov)
    await article6.authorize(
        principal=gov.principal,
        **authorization_input(project, ca, purpose=purpose, first_transfer_definition=definition),
    )
    report = await make_approved_report(project, 1000, year=2025)
    issued = (
        await issuance.issue_credits(principal=gov.principal, monitoring_report_id=report.id)
    ).value
    owned = await CreditBlock.get(
        issuance_id=issued.id, holder__organisation_id=owner.organisation.id
    )
    moved = (
        await transfers.transfer_credits(
            principal=owner.principal,
            block_id=owned.id,
            quantity=200,
            to_organisation_id=buyer.organisation.id,
        )
    ).value
    assert moved.moved_block_id is not None
    await recognised(gov, buyer, moved.moved_block_id, 120, RetirementKind.FIRST_TRANSFER, "JPN")
    await recognised(gov, owner, owned.id, 50, RetirementKind.VOLUNTARY_CANCELLATION)
    await recognised(gov, owner, owned.id, 30, RetirementKind.NDC_USE)
    # Neither a pending nor a rejected retirement is an action; the pending one is still held.
    await retirements.retire_credits(
        principal=owner.principal,
        block_id=owned.id,
        quantity=10,
        kind=RetirementKind.VOLUNTARY_CANCELLATION,
        beneficiary="later",
    )
    rejected = (
        await retirements.retire_credits(
            principal=buyer.principal,
            block_id=moved.moved_block_id,
            quantity=5,
            kind=RetirementKind.FIRST_TRANSFER,
            beneficiary="x",
            acquiring_country="JPN",
        )
    ).value
    await retirements.reject_retirement(
        principal=gov.principal, retirement_id=rejected.id, reason="no LoA"
    )
    return Year(gov, owner, buyer, issued)


def units(itmo: str) -> int:
    return int(itmo.split("-")[3])


async def entry_data(seq: int) -> tuple[str, dict]:  # type: ignore[type-arg]
    row = await LedgerEntry.get(seq=seq)
    return row.type, json.loads(bytes(row.body))["data"]


async def requested_range(retirement_id: str) -> dict:  # type: ignore[type-arg]
    for row in await LedgerEntry.filter(type="credits.retirement_requested"):
        data = json.loads(bytes(row.body))["data"]
        if data["retirement_id"] == retirement_id:
            return dict(data)
    raise AssertionError(f"no request for retirement {retirement_id}")


async def assert_traceable(row: dict) -> None:  # type: ignore[type-arg]
    """The row's ledger entry is of the action's type and its data covers exactly its units."""
    first, last = units(row["First ID"]), units(row["Last ID"])
    assert row["Quantity (tCO2e)"] == last - first + 1
    kind, data = await entry_data(row["ledger_seq"])
    if kind == "credits.issued":
        assert row["Type"] in ("Authorization", "Cancellation", "First transfer")
        [block] = [b for b in data["blocks"] if b["start"] <= first and last <= b["end"]]
        if row["Type"] == "Cancellation":
            assert row["Subtype"] == "OMGE" and block["status"] == "CANCELLED"
        if row["Type"] == "Authorization":
            assert (block["start"], block["end"]) == (first, last)
        return
    assert kind == ENTRY_OF[row["Type"]], row
    request = await requested_range(data["retirement_id"])
    assert request["start"] <= first and last <= request["end"]
    expected = {
        "Use": ["NDC_USE"],
        "Cancellation": ["VOLUNTARY_CANCELLATION", "LEGAL_OTHER"],
        "Transfer": ["FIRST_TRANSFER"],
    }.get(row["Type"])
    if expected:
        assert request["kind"] in expected
    if request["kind"] == "FIRST_TRANSFER":
        assert row["Acquiring Party"] == request["acquiring_country"] == "JPN"


async def test_the_aef_workbook_of_a_year_with_an_authorization_a_first_transfer_and_retirements() -> (
    None
):
    year = await a_year()
    report = await reports.aef_report(principal=year.gov.principal, year=YEAR, format="xlsx")
    assert report.filename == f"aef-VUT-{YEAR}.xlsx" and report.media_type == reports.XLSX
    book = openpyxl.load_workbook(io.BytesIO(report.content))
    assert book.sheetnames == ["T1", "T2", "T3", "T4", "T5"]
    sheets = {
        name: [list(r) for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames
    }
    for name, header in HEADERS.items():
        assert sheets[name][0] == header
    t1 = dict(zip(HEADERS["T1"], sheets["T1"][1], strict=True))
    assert len(sheets["T1"]) == 2
    assert (
        t1["Party"],
        t1["Version"],
        t1["Reported year"],
        t1["NDC first year"],
        t1["NDC last year"],
    ) == ("Vanuatu", 1, YEAR, 2021, 2030)
    assert t1["Submission date"].date() == datetime.now(UTC).date()
    t2 = [dict(zip(HEADERS["T2"], r, strict=True)) for r in sheets["T2"][1:]]
    assert [
        (
            r["Authorization ID"],
            r["Cooperative approach ID"],
            r["Authorized quantity"],
            r["Purposes"],
            r["Authorized Parties"],
            r["Metric"],
        )
        for r in t2
    ] == [("VUT-A6-2025-001", "CA0004", 10_000, "NDC", "JPN", "GHG (tCO2e)")]
    t5 = [dict(zip(HEADERS["T5"], r, strict=True)) for r in sheets["T5"][1:]]
    assert [
        (r["Name"], r["Country of incorporation"], r["CA ID"], r["Identification number"])
        for r in t5
    ] == [("Japan Carbon Buyer K.K.", "Vanuatu", "CA0004", None)]

    # T3: one row per action. The issuance authorises its three blocks (owner 930, share of
    # proceeds 50, OMGE 20) and cancels the OMGE block; then one first transfer (to JPN), one
    # voluntary cancellation and one use. The domestic transfer, the pending and the rejected
    # retirements are not actions.
    t3 = [dict(zip(HEADERS["T3"], r, strict=True)) for r in sheets["T3"][1:]]
    assert [(r["Type"], r["Subtype"], r["Quantity (tCO2e)"]) for r in t3] == [
        ("Authorization", "Issuance", 930),
        ("Authorization", "Issuance", 50),
        ("Authorization", "Issuance", 20),
        ("Cancellation", "OMGE", 20),
        ("First transfer", "International transfer", 120),
        ("Cancellation", "Voluntary cancellation", 50),
        ("Use", "Use towards NDC", 30),
    ]
    for row in t3:
        await assert_traceable(row)
        assert (
            row["CA ID"],
            row["Authorization ID"],
            row["First transferring Party"],
            row["Party registry ID"],
            row["Vintage"],
            row["Purpose"],
        ) == ("CA0004", "VUT-A6-2025-001", "VUT", "VUT01", 2025, "NDC")
        assert row["First ID"].startswith("CA0004-VUT01-VUT-") and row["First ID"].endswith("-2025")
    use = t3[-1]
    assert (use["Using/cancelling Party or entity"], use["Year used towards NDC"]) == (
        "Ndc_Use beneficiary",
        YEAR,
    )
    assert t3[4]["Transferring Party"] == "VUT"

    # T4, replayed from the ledger, is what the registry holds now of the authorised units.
    t4 = [dict(zip(HEADERS["T4"], r, strict=True)) for r in sheets["T4"][1:]]
    held = await CreditBlock.filter(
        issuance_id=year.issued.id, status__in=[BlockStatus.ACTIVE, BlockStatus.RESERVED]
    ).order_by("serial_start")
    assert [(units(r["First ID"]), units(r["Last ID"]), r["Quantity"]) for r in t4] == [
        (int(b.serial_start), int(b.serial_end), b.quantity) for b in held
    ]
    assert sum(r["Quantity"] for r in t4) == 1000 - 20 - 120 - 50 - 30


async def test_a_year_before_the_actions_has_no_actions_or_holdings() -> None:
    await a_year()
    found = await aef.aef_tables(YEAR - 1)
    assert (len(found["T1"]), found["T2"], found["T3"], found["T4"], found["T5"]) == (
        1,
        [],
        [],
        [],
        [],
    )
    assert found["T1"][0]["Reported year"] == YEAR - 1


async def test_oimp_first_transfer_at_issuance_makes_the_cross_border_retirement_a_transfer() -> (
    None
):
    await a_year(AuthorizationPurpose.OIMP, FirstTransferDefinition.ISSUANCE)
    t3 = (await aef.aef_tables(YEAR))["T3"]
    assert [(r["Type"], r["Subtype"], r["Quantity (tCO2e)"]) for r in t3] == [
        ("Authorization", "Issuance", 930),
        ("Authorization", "Issuance", 50),
        ("Authorization", "Issuance", 20),
        ("First transfer", "Issuance", 930),
        ("First transfer", "Issuance", 50),
        ("Cancellation", "OMGE", 20),
        ("Transfer", "International transfer", 120),
        ("Cancellation", "Voluntary cancellation", 50),
        ("Use", "Use towards NDC", 30),
    ]
    for row in t3:
        await assert_traceable(row)
        assert row["Purpose"] == "OIMP"


async def test_oimp_first_transfer_at_use_or_cancellation() -> None:
    await a_year(AuthorizationPurpose.OIMP, FirstTransferDefinition.USE_OR_CANCELLATION)
    t3 = (await aef.aef_tables(YEAR))["T3"]
    assert [(r["Type"], r["Subtype"], r["Quantity (tCO2e)"]) for r in t3][4:] == [
        ("Transfer", "International transfer", 120),
        ("First transfer", "Use or cancellation", 50),
        ("Cancellation", "Voluntary cancellation", 50),
        ("First transfer", "Use or cancellation", 30),
        ("Use", "Use towards NDC", 30),
    ]
    for row in t3:
        await assert_traceable(row)


async def test_units_beyond_the_authorized_quantity_are_not_itmos_in_the_aef() -> None:
    gov, owner = await government(), await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    project = await trading_project(owner)
    ca = await approach(gov)
    await article6.authorize(
        principal=gov.principal, **authorization_input(project, ca, quantity=1200)
    )
    issued = []
    for _ in range(2):  # 1000 units each: 930 to the owner, 50 share of proceeds, 20 OMGE
        report = await make_approved_report(project, 1000, year=2025)
        issued.append(
            (
                await issuance.issue_credits(
                    principal=gov.principal, monitoring_report_id=report.id
                )
            ).value
        )
    # The second issuance's first 200 units (the owner's) are the last the authorization covers.
    plain = await CreditBlock.get(
        issuance_id=issued[1].id,
        authorization_id=None,
        status="ACTIVE",
        holder__organisation_id=owner.organisation.id,
    )
    await recognised(gov, owner, plain.id, 100, RetirementKind.NDC_USE)  # not ITMOs: no row
    tables = await aef.aef_tables(YEAR)
    authorised = [r for r in tables["T3"] if r["Type"] == "Authorization"]
    assert sum(r["Quantity (tCO2e)"] for r in authorised) == 1200
    start = int(issued[1].serial_start)
    assert [(r["First ID"], r["Last ID"]) for r in authorised][-1] == (
        f"CA0004-VUT01-VUT-{start}-2025",
        f"CA0004-VUT01-VUT-{start + 199}-2025",
    )
    assert [r["Quantity (tCO2e)"] for r in tables["T3"] if r["Subtype"] == "OMGE"] == [20]
    assert not [r for r in tables["T3"] if r["Type"] == "Use"]
    # Held: the first issuance but its 20 OMGE units, and the second's 200 ITMOs.
    assert sum(r["Quantity"] for r in tables["T4"]) == 980 + 200


async def test_t5_describes_entities_with_the_details_given_in_the_authorization() -> None:
    gov, owner = await government(), await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    project = await trading_project(owner)
    await article6.authorize(
        principal=gov.principal,
        **authorization_input(
            project,
            await approach(gov),
            authorized_entities=["Japan Carbon Buyer K.K.", "Swiss Fund AG"],
            entity_details=[
                article6.EntityDetails(
                    "Swiss Fund AG",
                    country="CHE",
                    identification_number="CHE-123.456.789",
                    conditions="Voluntary cancellation only.",
                )
            ],
        ),
    )
    t5 = (await aef.aef_tables(YEAR))["T5"]
    assert [
        (
            r["Name"],
            r["Country of incorporation"],
            r["Identification number"],
            r["Conditions"],
        )
        for r in t5
    ] == [
        ("Japan Carbon Buyer K.K.", None, None, None),
        ("Swiss Fund AG", "Switzerland", "CHE-123.456.789", "Voluntary cancellation only."),
    ]


def test_issuances_recorded_before_authorizations_could_run_out_are_all_itmos() -> None:
    at = datetime(2025, 1, 1, tzinfo=UTC)
    blocks = [
        {"block_id": 1, "start": 1, "end": 60, "holder": "account:1", "status": "ACTIVE"},
        {"block_id": 2, "start": 61, "end": 70, "holder": "account:2", "status": "CANCELLED"},
    ]
    issued = {
        "issuance_id": 1,
        "monitoring_report_id": 1,
        "project_id": 1,
        "vintage": 2024,
        "quantity": 70,
        "serial_prefix": "VU-ITMO-1-1-2024-0",
    }
    old = history.ParsedEntry(1, "credits.issued", at, {**issued, "blocks": blocks})
    assert history.replay(1, [old]).authorized == [(1, 60), (61, 70)]
    named = [{**blocks[0], "authorization": "A-1"}, {**blocks[1], "authorization": None}]
    new = history.ParsedEntry(2, "credits.issued", at, {**issued, "blocks": named}, 2)
    assert history.replay(2, [new]).authorized == [(1, 60)]


async def test_the_aef_as_zipped_csv_files() -> None:
    year = await a_year()
    report = await reports.aef_report(principal=year.gov.principal, year=YEAR, format="CSV")
    assert report.filename == f"aef-VUT-{YEAR}-csv.zip" and report.media_type == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(report.content))
    assert archive.namelist() == [f"aef-VUT-{YEAR}/T{n}.csv" for n in range(1, 6)]
    read = {
        name[-6:-4]: list(csv.reader(io.StringIO(archive.read(name).decode())))
        for name in archive.namelist()
    }
    for name, header in HEADERS.items():
        assert read[name][0] == header
    assert len(read["T3"]) == 1 + 7
    assert len(read["T4"]) == 1 + 5
    assert read["T2"][1][HEADERS["T2"].index("Date")] == datetime.now(UTC).date().isoformat()


async def test_the_cad_trust_export_maps_every_block_as_a_unit() -> None:
    year = await a_year()
    # Units of a project without an authorization are there too, without an ITMO reference.
    plain = await make_project(year.owner, ProjectStatus.AUTHORISED)
    await issuance.issue_credits(
        principal=year.gov.principal, monitoring_report_id=(await make_approved_report(plain, 7)).id
    )
    found = await cadt.cadt_export()
    assert list(found) == [
        "project",
        "location",
        "estimation",
        "validation",
        "verification",
        "issuance",
        "unit",
        "label",
        "co_benefit",
    ]
    blocks = await CreditBlock.all().order_by("serial_start")
    # 1000 units: owner, share of proceeds, OMGE; the owner's block split by a transfer and
    # three retirements and the buyer's by two (one rejected); then the plain project's 7.
    assert len(found["unit"]) == len(blocks) == 10
    for unit, block in zip(found["unit"], blocks, strict=True):
        assert unit["unitSerialId"] == block.serial
        assert (unit["unitStartBlock"], unit["unitEndBlock"]) == (
            block.serial_start,
            block.serial_end,
        )
        assert unit["unitCount"] == int(block.serial_end) - int(block.serial_start) + 1
        assert unit["unitType"] == "ITMO" and unit["unitVintageYear"] == 2025
        authorised = block.issuance_id == year.issued.id
        assert unit["unitItmosReferenceId"] == (
            f"CA0004-VUT01-VUT-{block.serial_start}-2025" if authorised else None
        )
    assert sorted(
        (u["unitStatus"], u["unitStatusReason"] or "", u["unitCount"]) for u in found["unit"]
    ) == [
        ("Cancelled", "cancelled for overall mitigation in global emissions (OMGE)", 20),
        ("Held", "", 5),
        ("Held", "", 7),
        ("Held", "", 50),
        ("Held", "", 75),
        ("Held", "", 640),
        ("Held", "reserved for retirement", 10),
        ("Retired", "first transfer to another Party's registry", 120),
        ("Retired", "use towards NDC", 30),
        ("Retired", "voluntary cancellation", 50),
    ]
    by_count = {u["unitCount"]: u for u in found["unit"]}
    assert (
        by_count[120]["unitCurrentOwner"]
        == by_count[75]["unitCurrentOwner"]
        == "Japan Carbon Buyer K.K."
    )
    assert by_count[640]["unitCurrentOwner"] == year.owner.organisation.name
    assert by_count[50]["unitCurrentOwner"] == "Registry share-of-proceeds account"
    assert by_count[120]["unitRetirementBeneficiary"] == "First_Transfer beneficiary"
    assert (
        by_count[10]["unitRetirementBeneficiary"],
        by_count[640]["unitRetirementBeneficiary"],
    ) == ("later", None)
    assert [(p["projectStatus"], p["projectUnitMetric"]) for p in found["project"]] == [
        ("Registered", "tCO2e")
    ] * 2
    assert [(loc["locationCountry"], loc["locationRegion"]) for loc in found["location"]] == [
        ("Vanuatu", "Efate")
    ] * 2
    assert [(i["unitCount"], i["methodology"]) for i in found["issuance"]] == [
        (1000, "AMS-I.D."),
        (7, "AMS-I.D."),
    ]
    assert [
        (lab["labelType"], lab["labelName"], lab["cooperativeApproach"]) for lab in found["label"]
    ] == [("Article 6 - Authorisation", "VUT-A6-2025-001", "CA0004")]
    assert json.loads(tables.json_bytes(found))["unit"] == found["unit"]
    workbook = openpyxl.load_workbook(io.BytesIO(tables.xlsx(found, cadt.COLUMNS)))
    assert workbook.sheetnames == list(cadt.COLUMNS)
    unit_rows = list(workbook["unit"].iter_rows(values_only=True))
    assert unit_rows[0][:6] == (
        "unitSerialId",
        "issuanceId",
        "projectId",
        "unitStartBlock",
        "unitEndBlock",
        "unitCount",
    )
    assert [(r[0], r[5]) for r in unit_rows[1:]] == [(b.serial, b.quantity) for b in blocks]


async def test_the_cad_trust_export_has_validations_and_verifications() -> None:
    owner = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    certifier = await make_member(OrganisationType.CERTIFIER, Role.MANAGER)
    other = await make_member(OrganisationType.CERTIFIER, Role.MANAGER)
    project = await make_project(owner, ProjectStatus.AUTHORISED)
    certified_at = datetime(2025, 3, 4, 5, 6, tzinfo=UTC)
    await ProjectCertifier.create(
        project=project,
        organisation=certifier.organisation,
        status=CertificationStatus.CERTIFIED,
        certified_at=certified_at,
    )
    # Assigned but not (or no longer) certifying: no validation.
    await ProjectCertifier.create(
        project=project, organisation=other.organisation, status=CertificationStatus.ASSIGNED
    )
    verified = await make_approved_report(project, 640, year=2024)
    await MonitoringReport.filter(id=verified.id).update(
        verified_by_id=certifier.organisation.id, verified_at=datetime(2025, 2, 1, tzinfo=UTC)
    )
    await make_approved_report(project, 5)  # never verified by a certifier: no row
    rejected = await make_approved_report(project, 9)  # verified, then rejected: no row
    await MonitoringReport.filter(id=rejected.id).update(
        verified_by_id=certifier.organisation.id,
        verified_at=datetime(2025, 2, 2, tzinfo=UTC),
        status=MonitoringReportStatus.REJECTED,
    )
    found = await cadt.cadt_export()
    assert found["validation"] == [
        {
            "projectId": project.external_id,
            "validationBody": certifier.organisation.name,
            "validationDate": "2025-03-04",
        }
    ]
    assert found["verification"] == [
        {
            "projectId": project.external_id,
            "verificationBody": certifier.organisation.name,
            "verificationDate": "2025-02-01",
            "verificationPeriodStartDate": "2024-01-01",
            "verificationPeriodEndDate": "2024-12-31",
            "verifiedUnitCount": 640,
        }
    ]
    for table in ("validation", "verification"):
        assert all(list(row) == cadt.COLUMNS[table] for row in found[table])


async def test_reports_are_for_government_and_partners_and_check_their_input() -> None:
    partner = await make_member(OrganisationType.PARTNER, Role.VIEWER)
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    assert (
        await reports.cadt_report(principal=partner.principal, format=None)
    ).media_type == "application/json"
    assert (
        await reports.aef_report(principal=partner.principal, year=YEAR, format=None)
    ).filename.endswith(".xlsx")
    with pytest.raises(Unauthenticated):
        await reports.aef_report(principal=None, year=YEAR, format="xlsx")
    with pytest.raises(Forbidden):
        await reports.cadt_report(principal=developer.principal, format="json")
    for year, format in [(2020, "xlsx"), (YEAR + 1, "xlsx"), (YEAR, "pdf")]:
        with pytest.raises(BadUserInput):
            await reports.aef_report(principal=partner.principal, year=year, format=format)
    with pytest.raises(BadUserInput):
        await reports.cadt_report(principal=partner.principal, format="csv")


def test_ndc_periods() -> None:
    assert [aef.ndc_period(y) for y in (2021, 2030, 2031, 2035, 2036)] == [
        (2021, 2030),
        (2021, 2030),
        (2031, 2035),
        (2031, 2035),
        (2036, 2040),
    ]


def test_spreadsheet_cells_never_become_formulas() -> None:
    columns = {"t": ["a", "b", "c"]}
    rows = {"t": [{"a": '=HYPERLINK("http://x")', "b": ["x", "y"], "c": None}]}
    sheet = openpyxl.load_workbook(io.BytesIO(tables.xlsx(rows, columns)))["t"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["B2"].value == "x; y" and sheet["C2"].value is None
    assert (
        tables.csv_text(rows["t"], columns["t"]).splitlines()[1]
        == '"\'=HYPERLINK(""http://x"")",x; y,'
    )
