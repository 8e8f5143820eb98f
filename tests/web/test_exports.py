"""GET /exports/<list>.csv: the same rows, order and hidden fields as the GraphQL list for the
same arguments; refusals (401, 400, 403, 404) are JSON, checked before a byte is sent."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import httpx
from openpyxl import load_workbook

from backend.models.credit import CreditBlock
from backend.models.enums import (
    ActivityType,
    CertificationStatus,
    FinancingInstrument,
    OrganisationStatus,
    OrganisationType,
    ProjectStatus,
    RetirementKind,
    Role,
)
from backend.models.organisation import Organisation
from backend.models.project import Project, ProjectCertifier
from backend.models.user import User
from backend.services import activities, financing
from backend.services.credits import retirements
from backend.services.exports import LISTS
from tests.factories import ledger_size, make_member, make_organisation, make_project
from tests.services.credit_helpers import account_of, government, issue
from tests.web.exports_helpers import csv_rows, export, graphql_rows


async def test_projects_export_holds_the_graphql_lists_rows_in_its_order(
    http: httpx.AsyncClient,
) -> None:
    owner = await make_member()
    other = await make_member()
    for status in (ProjectStatus.PENDING, ProjectStatus.APPROVED, ProjectStatus.PENDING):
        await make_project(owner, status)
    await make_project(other, ProjectStatus.PENDING)
    keys = list(LISTS["projects"].columns)

    response = await export(http, owner, "/exports/projects.csv", status="PENDING")

    assert response.status_code == 200
    rows = csv_rows(response)
    assert rows[0][:3] == ["ID", "Number", "Title"]
    expected = await graphql_rows(http, owner, "projects", keys, "status: PENDING")
    assert len(expected) == 3
    assert rows[1:] == expected


async def test_organisations_sorted_and_filtered_as_graphql_with_tax_ids_hidden(
    http: httpx.AsyncClient,
) -> None:
    developer = await make_member()
    for _ in range(3):
        await make_organisation(OrganisationType.CERTIFIER)
    await make_organisation(OrganisationType.CERTIFIER, OrganisationStatus.PENDING)  # unlisted
    keys = ["name", "taxId", "email", "type", "status", "numberOfProjects"]

    response = await export(
        http,
        developer,
        "/exports/organisations.csv",
        type="CERTIFIER",
        orderBy="NAME",
        descending="true",
        columns=",".join(keys),
    )

    rows = csv_rows(response)
    expected = await graphql_rows(
        http, developer, "organisations", keys, "type: CERTIFIER, orderBy: NAME, descending: true"
    )
    assert [row[0] for row in expected] == sorted((row[0] for row in expected), reverse=True)
    assert len(expected) == 3 and rows[1:] == expected
    assert all(row[1] == "" and row[2] == "" for row in rows[1:])  # hidden, as in GraphQL


async def test_government_sees_the_tax_ids_a_developer_does_not(http: httpx.AsyncClient) -> None:
    gov = await government()
    certifier = await make_organisation(OrganisationType.CERTIFIER)

    response = await export(
        http, gov, "/exports/organisations.csv", type="CERTIFIER", columns="name,taxId"
    )

    assert csv_rows(response)[1:] == [[certifier.name, certifier.tax_id]]


async def test_users_export_hides_other_organisations_emails_as_graphql_does(
    http: httpx.AsyncClient,
) -> None:
    gov = await government()
    member = await make_member(OrganisationType.DEVELOPER, Role.VIEWER)
    keys = list(LISTS["users"].columns)

    response = await export(http, gov, "/exports/users.csv")
    mine = await export(http, member, "/exports/users.csv", columns="name,email")

    assert csv_rows(response)[1:] == await graphql_rows(http, gov, "users", keys)
    assert csv_rows(mine)[1:] == [[member.user.name, member.user.email]]


async def test_credit_blocks_and_financings_match_graphql(http: httpx.AsyncClient) -> None:
    owner = await make_member()
    outsider = await make_member()
    gov = await government()
    _, blocks = await issue(owner, 1_000, issuer=gov)
    project = await make_project(owner, ProjectStatus.APPROVED)
    await financing.request_financing(
        principal=owner.principal,
        project_id=project.id,
        amount=Decimal("125000.50"),
        instrument=FinancingInstrument.GRANT,
        is_public=True,
        is_international=False,
        from_name="Green Fund",
        terms="5 years",
    )

    for member, name in ((owner, "creditBlocks"), (gov, "creditBlocks"), (outsider, "financings")):
        keys = list(LISTS[name].columns)
        response = await export(http, member, f"/exports/{name}.csv")
        assert csv_rows(response)[1:] == await graphql_rows(http, member, name, keys)
    hidden = csv_rows(await export(http, outsider, "/exports/financings.csv", columns="amount"))
    shown = csv_rows(await export(http, owner, "/exports/financings.csv", columns="amount,terms"))
    assert hidden[1:] == [[""]]
    assert shown[1:] == [["125000.50", "5 years"]]
    assert len(blocks) >= 1


async def test_labels_are_the_header_and_the_default_header_is_in_the_persons_language(
    http: httpx.AsyncClient,
) -> None:
    member = await make_member()
    await User.filter(id=member.user.id).update(language="fr")
    labels = json.dumps(["Nom", "Statut"])

    given = await export(
        http, member, "/exports/organisations.csv", columns="name,status", labels=labels
    )
    default = await export(http, member, "/exports/organisations.csv", columns="name,status")
    await User.filter(id=member.user.id).update(language="es")
    spanish = await export(http, member, "/exports/organisations.xlsx", columns="name,status")

    assert csv_rows(given)[0] == ["Nom", "Statut"]
    assert csv_rows(default)[0] == ["Nom", "Statut"]
    assert default.headers["content-disposition"].startswith('attachment; filename="organisations-')
    sheet = load_workbook(io.BytesIO(spanish.content), read_only=True).active
    assert next(sheet.iter_rows(values_only=True)) == ("Nombre", "Estado")


async def test_formula_cells_are_prefixed_with_an_apostrophe(http: httpx.AsyncClient) -> None:
    gov = await government()
    names = ["=HYPERLINK(1)", "+1+1", "-2", "@SUM(A1)", "Plain"]
    for name in names:
        organisation = await make_organisation(OrganisationType.CERTIFIER)
        await Organisation.filter(id=organisation.id).update(name=name)

    response = await export(
        http, gov, "/exports/organisations.csv", type="CERTIFIER", columns="name"
    )

    assert sorted(row[0] for row in csv_rows(response)[1:]) == sorted(
        ["'=HYPERLINK(1)", "'+1+1", "'-2", "'@SUM(A1)", "Plain"]
    )


async def test_refusals_are_json_errors_and_change_nothing(http: httpx.AsyncClient) -> None:
    developer = await make_member()
    before = (await Organisation.all().count(), await ledger_size())
    cases = [
        (None, "/exports/projects.csv", {}, 401, "UNAUTHENTICATED"),
        (developer, "/exports/projects.csv", {"status": "SOLD"}, 400, "BAD_USER_INPUT"),
        (developer, "/exports/projects.csv", {"first": "5"}, 400, "BAD_USER_INPUT"),
        (developer, "/exports/projects.csv", {"columns": "title,secret"}, 400, "BAD_USER_INPUT"),
        (developer, "/exports/projects.csv", {"labels": '["one"]'}, 400, "BAD_USER_INPUT"),
        (developer, "/exports/projects.csv", {"ownerId": "x1"}, 400, "BAD_USER_INPUT"),
        (developer, "/exports/organisations.csv", {"orderBy": "TAX_ID"}, 403, "FORBIDDEN"),
        (developer, "/exports/ledger.csv", {}, 404, "NOT_FOUND"),
        (developer, "/exports/projects.pdf", {}, 404, "NOT_FOUND"),
    ]
    for member, path, params, status, code in cases:
        response = await export(http, member, path, **params)
        assert (response.status_code, response.json()["code"]) == (status, code), path
    unknown = await export(http, developer, "/exports/projects.csv", columns="title,secret")
    assert "secret" in unknown.json()["error"] and "title" in unknown.json()["error"]
    assert (await Organisation.all().count(), await ledger_size()) == before


async def test_sorting_by_tax_id_is_allowed_to_government(http: httpx.AsyncClient) -> None:
    gov = await government()
    response = await export(http, gov, "/exports/organisations.csv", orderBy="TAX_ID")
    keys = list(LISTS["organisations"].columns)

    assert response.status_code == 200
    assert csv_rows(response)[1:] == await graphql_rows(
        http, gov, "organisations", keys, "orderBy: TAX_ID"
    )


async def test_the_catalogue_lists_every_list_and_its_columns(http: httpx.AsyncClient) -> None:
    response = await http.get("/exports")

    assert set(response.json()) == {
        "organisations",
        "projects",
        "activities",
        "creditBlocks",
        "transfers",
        "retirements",
        "users",
        "financings",
    }
    assert response.json()["projects"]["columns"][:3] == ["id", "number", "title"]


async def test_the_screens_columns_are_exported_certifiers_sector_owners_and_source(
    http: httpx.AsyncClient,
) -> None:
    """Issue 12: the Projects screen's certifiers (with their standing), the Activities screen's
    sector and owners, the Financing screen's source: cells equal to the GraphQL list's."""
    owner = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    co_owner = await make_organisation(OrganisationType.DEVELOPER)
    first = await make_organisation(OrganisationType.CERTIFIER)
    second = await make_organisation(OrganisationType.CERTIFIER)
    project = await make_project(
        owner, ProjectStatus.APPROVED, certifiers=(first, second), co_owners=((co_owner, "40"),)
    )
    await ProjectCertifier.filter(organisation_id=second.id).update(
        status=CertificationStatus.REVOKED
    )
    await activities.add_activity(
        principal=owner.principal, project_id=project.id, type=ActivityType.M,
        title="Rooftop solar", methodology="AMS-I.D.", estimated_credits=40_000,
        mitigation_type="Emission reductions", co_benefits=(7,),
    )  # fmt: skip
    await financing.request_financing(
        principal=owner.principal, project_id=project.id, amount=Decimal("10"),
        instrument=FinancingInstrument.GRANT, is_public=False, is_international=True,
        from_name="Blue Fund", terms=None,
    )  # fmt: skip
    owners = f"{owner.organisation.name}; {co_owner.name}"

    projects = csv_rows(await export(http, owner, "/exports/projects.csv", columns=(
        "title,certifiers.organisation.name,certifiers.status")))  # fmt: skip
    assert projects[0] == ["Title", "Certifiers", "Certifiers' standing"]
    assert projects[1:] == [[project.title, f"{first.name}; {second.name}", "Assigned; Revoked"]]
    spots = csv_rows(await export(http, owner, "/exports/activities.csv", columns=(
        "project.title,project.sector,project.owners.organisation.name")))  # fmt: skip
    assert spots[0] == ["Project", "Sector", "Owners"]
    assert spots[1:] == [[project.title, "Energy", owners]]
    source = csv_rows(await export(http, owner, "/exports/financings.csv",
                                   columns="isPublic,isInternational"))  # fmt: skip
    assert source[1:] == [["false", "true"]]
    for name in ("projects", "activities"):
        keys = list(LISTS[name].columns)
        every = csv_rows(await export(http, owner, f"/exports/{name}.csv"))
        assert every[1:] == await graphql_rows(http, owner, name, keys)


async def test_a_french_exports_enum_cells_are_the_french_labels_of_the_screen(
    http: httpx.AsyncClient,
) -> None:
    """Issue 12: a cell shows what the screen shows in the reader's language (AUTHORISED is
    "Autorisé" to a French reader), in CSV and XLSX; the registry's accounts by their kind."""
    owner = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
    gov = await government()
    await User.filter(id__in=[owner.user.id, gov.user.id]).update(language="fr")
    certifier = await make_organisation(OrganisationType.CERTIFIER)
    project = await make_project(owner, ProjectStatus.AUTHORISED, certifiers=(certifier,))
    await financing.request_financing(
        principal=owner.principal, project_id=project.id, amount=Decimal("10"),
        instrument=FinancingInstrument.GRANT, is_public=True, is_international=False,
        from_name="Green Fund", terms=None,
    )  # fmt: skip
    _, blocks = await issue(owner, 1_000, issuer=gov)
    account = await account_of(owner)
    block = next(b for b in blocks if b.holder_id == account.id)
    await retirements.retire_credits(
        principal=owner.principal, block_id=block.id, quantity=100,
        kind=RetirementKind.VOLUNTARY_CANCELLATION, beneficiary="Passagers 2026",
    )  # fmt: skip

    projects = csv_rows(await export(http, owner, "/exports/projects.csv", status="AUTHORISED",
                                     columns="title,sector,activityScope,status,certifiers.status"))  # fmt: skip
    book = await export(http, owner, "/exports/projects.xlsx", status="AUTHORISED",
                        columns="title,sector,status")  # fmt: skip
    money = csv_rows(await export(http, owner, "/exports/financings.csv",
                                  columns="instrument,status"))  # fmt: skip
    retired = csv_rows(await export(http, owner, "/exports/retirements.csv",
                                    columns="kind,status"))  # fmt: skip
    people = csv_rows(await export(http, gov, "/exports/organisations.csv", type="CERTIFIER",
                                   columns="type,status"))  # fmt: skip
    mine = csv_rows(await export(http, owner, "/exports/users.csv", columns="role,status"))

    assert projects[0] == ["Titre", "Secteur", "Portée de l'activité", "Statut",
                           "Statut des certificateurs"]  # fmt: skip
    issued = await Project.get(id=(await CreditBlock.get(id=block.id)).project_id)
    assert sorted(projects[1:]) == sorted([  # the issuing project has no certifier
        [project.title, "Énergie", "Inconditionnelle", "Autorisé", "Désigné"],
        [issued.title, "Énergie", "Inconditionnelle", "Autorisé", ""],
    ])  # fmt: skip
    sheet = load_workbook(io.BytesIO(book.content), read_only=True).active
    assert sorted(sheet.iter_rows(min_row=2, values_only=True)) == sorted(
        [(project.title, "Énergie", "Autorisé"), (issued.title, "Énergie", "Autorisé")]
    )
    assert money[1:] == [["Subvention", "En attente"]]
    assert retired[1:] == [["Annulation volontaire", "Demandé"]]
    assert people[1:] == [["Organisme certificateur", "Actif"]]
    assert ["Gestionnaire", "Actif"] in mine[1:] and ["Administrateur", "Actif"] in mine[1:]
    for member, name in ((owner, "projects"), (owner, "creditBlocks"), (gov, "transfers")):
        keys = list(LISTS[name].columns)
        every = csv_rows(await export(http, member, f"/exports/{name}.csv"))
        assert every[1:] == await graphql_rows(http, member, name, keys, language="fr")
