"""The PDFs the ministry issues: each parses back (pypdf), is in the reader's language, cites its
ledger entry's seq and the first signed checkpoint that covers it (or says it is pending), and
is given only to those who may read what it is about."""

from __future__ import annotations

import io

import httpx
from pypdf import PdfReader

from backend.models.credit import Retirement
from backend.models.enums import ProjectStatus, RetirementKind, RetirementStatus
from backend.models.ledger import LedgerCheckpoint, LedgerEntry
from backend.models.user import User
from backend.services import article6, ledger, project_decisions, runtime
from backend.services.credits import retirements
from tests.factories import ledger_size, make_member, make_project
from tests.services.credit_helpers import account_of, government, issue
from tests.services.test_article6 import approach, authorization_input, trading_project
from tests.web.exports_helpers import export


def text_of(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join((page.extract_text() or "") for page in reader.pages).replace("\n", " ")


async def sign() -> LedgerCheckpoint:
    current = runtime.current()
    signed = await ledger.sign_checkpoint(current.signer, current.country.ledger_origin)
    assert signed is not None
    return signed


async def test_approval_letter_in_each_language_cites_the_approval_and_its_checkpoint(
    http: httpx.AsyncClient,
) -> None:
    gov, owner = await government(), await make_member()
    project = await make_project(owner, ProjectStatus.PENDING)
    approved = await project_decisions.approve_project(
        principal=gov.principal, project_id=project.id
    )
    path = f"/documents/letters/project-approval/{project.id}.pdf"

    pending = text_of(await export(http, owner, path))
    checkpoint = await sign()
    await make_project(owner)  # the ledger grows past the checkpoint
    english = text_of(await export(http, owner, path))
    french = text_of(await export(http, owner, path, lang="fr"))
    await User.filter(id=owner.user.id).update(language="es")
    spanish = text_of(await export(http, owner, path))

    assert f"ledger entry {approved.ledger_seq} (project.approved)" in pending
    assert "pending the next checkpoint (expected tree size" in pending
    assert "Letter of no objection" in english and project.title in english
    assert f"signed checkpoint of tree size {checkpoint.size}," in english
    assert bytes(checkpoint.root).hex()[:16] in english.replace(" ", "")
    assert "Lettre de non-objection" in french
    assert "Secteur Énergie" in french and "Sector Energy" in english  # the sector's label
    assert "Industries énergétiques (sources renouvelables/non renouvelables)" in french
    assert "Sector Energía" in spanish
    assert f"l'entrée {approved.ledger_seq} (project.approved)" in french
    assert f"point de contrôle signé de taille {checkpoint.size}" in french
    assert "Carta de no objeción" in spanish and f"asiento {approved.ledger_seq}" in spanish
    assert "100.000" in spanish  # estimated credits, grouped the Spanish way


async def test_a_pending_project_has_no_approval_letter(http: httpx.AsyncClient) -> None:
    owner = await make_member()
    project = await make_project(owner, ProjectStatus.PENDING)
    before = await ledger_size()

    response = await export(http, owner, f"/documents/letters/project-approval/{project.id}.pdf")
    anonymous = await export(http, None, f"/documents/letters/project-approval/{project.id}.pdf")
    bad = await export(
        http, owner, f"/documents/letters/project-approval/{project.id}.pdf", lang="de"
    )

    assert (response.status_code, response.json()["code"]) == (404, "NOT_FOUND")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "UNAUTHENTICATED")
    assert (bad.status_code, bad.json()["code"]) == (400, "BAD_USER_INPUT")
    assert await ledger_size() == before


async def test_article6_letter_carries_the_authorisation_and_its_seq(
    http: httpx.AsyncClient,
) -> None:
    gov, owner = await government(), await make_member()
    project = await trading_project(owner)
    ca = await approach(gov)
    recorded = await article6.authorize(
        principal=gov.principal, **authorization_input(project, ca, quantity=12_500)
    )
    path = f"/documents/letters/article6-authorisation/{recorded.value.id}.pdf"

    english = text_of(await export(http, owner, path))
    french = text_of(await export(http, owner, path, lang="fr"))

    assert "Article 6.2" in english and "VUT-A6-2025-001" in english
    assert f"ledger entry {recorded.ledger_seq} (article6.authorized)" in english
    assert "12,500" in english and "CA0004" in english and "JPN" in english
    assert "12 500" in french and "Autorisation au titre de l'article 6.2" in french
    # the metric and purpose by their labels in the reader's language, not GHG and NDC
    assert "Metric GHG (t CO2e)" in english and "Purpose NDC" in english
    assert "Unité de mesure GES (t éq. CO2)" in french and "Finalité CDN" in french
    assert "NDC" not in french and "GHG" not in french


async def test_issuance_statement_shows_the_serials_and_quantities_to_the_holder_only(
    http: httpx.AsyncClient,
) -> None:
    gov, owner, outsider = await government(), await make_member(), await make_member()
    issuance, blocks = await issue(owner, 1_000, issuer=gov)
    account = await account_of(owner)
    block = next(b for b in blocks if b.holder_id == account.id)
    seq = (await LedgerEntry.get(subject=f"issuance:{issuance.id}", type="credits.issued")).seq
    path = f"/documents/statements/issuance/{block.id}.pdf"

    holder_text = text_of(await export(http, owner, path))
    gov_text = text_of(await export(http, gov, path, lang="es"))
    refused = await export(http, outsider, path)

    assert "Issuance statement" in holder_text and account.name in holder_text
    assert f"{block.quantity:,}" in holder_text and "1,000" in holder_text
    assert f"asiento {seq} (credits.issued)" in gov_text
    assert "Declaración de emisión" in gov_text and block.serial in gov_text.replace(" ", "")
    assert f"{issuance.serial_start}-{issuance.serial_end}" in gov_text
    assert (refused.status_code, refused.json()["code"]) == (404, "NOT_FOUND")


async def test_retirement_certificate_is_public_once_recognised(http: httpx.AsyncClient) -> None:
    gov, owner = await government(), await make_member()
    _, blocks = await issue(owner, 1_000, issuer=gov)
    account = await account_of(owner)
    block = next(b for b in blocks if b.holder_id == account.id)
    own = await retirements.retire_credits(
        principal=owner.principal,
        block_id=block.id,
        quantity=250,
        kind=RetirementKind.VOLUNTARY_CANCELLATION,
        beneficiary="Air Vanuatu passengers 2026",
    )
    path = f"/documents/certificates/retirement/{own.value.id}.pdf"
    before = await ledger_size()
    early_anonymous = await export(http, None, path)
    early_owner = await export(http, owner, path)
    assert (early_anonymous.status_code, early_anonymous.json()["code"]) == (404, "NOT_FOUND")
    assert (early_owner.status_code, early_owner.json()["code"]) == (409, "CONFLICT")
    assert await ledger_size() == before

    recognised = await retirements.recognise_retirement(
        principal=gov.principal, retirement_id=own.value.id
    )
    public = text_of(await export(http, None, path))
    french = text_of(await export(http, None, path, lang="fr"))
    row = await Retirement.get(id=own.value.id)
    retired = await row.block

    assert row.status is RetirementStatus.RECOGNISED
    assert "Retirement certificate" in public and "Air Vanuatu passengers 2026" in public
    assert f"ledger entry {recognised.ledger_seq} (credits.retirement_recognised)" in public
    assert retired.serial in public.replace(" ", "") and "250" in public
    assert "Certificat de retrait" in french and "pending the next" not in french
    assert "Voluntary cancellation" in public and "VOLUNTARY_CANCELLATION" not in public
    assert "Type de retrait Annulation volontaire" in french
    assert "en attente du prochain point de contrôle" in french


async def test_the_api_gives_each_documents_path_once_it_exists(http: httpx.AsyncClient) -> None:
    gov, owner = await government(), await make_member()
    project = await make_project(owner, ProjectStatus.PENDING)
    query = "query($id: ID!) { project(id: $id) { approvalLetterPath } }"

    async def letter_path() -> object:
        http.cookies.clear()
        response = await http.post(
            "/graphql",
            json={"query": query, "variables": {"id": str(project.id)}},
            headers={"Authorization": f"Bearer {owner.token}"},
        )
        return response.json()["data"]["project"]["approvalLetterPath"]

    before = await letter_path()
    await project_decisions.approve_project(principal=gov.principal, project_id=project.id)
    after = await letter_path()

    assert before is None
    assert after == f"/documents/letters/project-approval/{project.id}.pdf"
    assert "Letter of no objection" in text_of(await export(http, owner, str(after)))
