"""The whole path through the API: a developer registers a project with an uploaded design
document; the government approves and authorises it; the developer assigns a certifier, adds
activity …-M-… and submits a monitoring report; the certifier verifies it; the government
approves the activity. At each step: the ledger entry, the notifications (rows, and the e-mail
in the outbox in the recipient's language — the government's admin reads French), and every
role that may not take the step refused with nothing changed."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path
from typing import Any

import httpx

from backend import policy
from backend.config import Settings
from backend.ledger.canonical import parse_body
from backend.models.enums import OrganisationType, Role
from backend.models.ledger import LedgerEntry
from backend.models.notification import Notification
from backend.models.user import User
from backend.policy import Action, Target
from backend.services.access import project_target
from tests.conftest import GraphQLClient, error_code
from tests.factories import MINIMAL_PDF, Member, make_member
from tests.project_inputs import graphql_input, state

CREATE = """mutation($input: CreateProjectInput!) { createProject(input: $input) {
  ledgerSeq project { id number status } } }"""
APPROVE = "mutation($id: ID!) { approveProject(id: $id) { ledgerSeq project { status } } }"
AUTHORISE = """mutation($id: ID!) { authoriseProject(id: $id) {
  ledgerSeq project { status serialPrefix } } }"""
ASSIGN = """mutation($project: ID!, $certifier: ID!) {
  assignCertifier(input: {projectId: $project, certifierId: $certifier}) { ledgerSeq certifier { status } } }"""
ADD = """mutation($project: ID!) { addActivity(input: {projectId: $project, type: M,
  title: "Rooftop solar", methodology: "AMS-I.D.", estimatedCredits: 40000, coBenefits: [7, 13]})
  { ledgerSeq activity { id code status } } }"""
SUBMIT = """mutation($activity: ID!, $document: ID!) { submitMonitoringReport(input: {
  activityId: $activity, periodStart: "2025-01-01", periodEnd: "2025-12-31",
  documentId: $document, claimedReductions: 12000}) { ledgerSeq report { id status } } }"""
VERIFY = """mutation($report: ID!) { verifyMonitoringReport(input: {reportId: $report,
  verifiedQuantity: 11500}) { ledgerSeq report { status verifiedQuantity } } }"""
APPROVE_ACTIVITY = """mutation($id: ID!) { approveActivity(id: $id) {
  ledgerSeq activity { status verifiedCredits } } }"""


class Outbox:
    """The e-mails written to the outbox folder since the last look, by recipient."""

    def __init__(self, settings: Settings) -> None:
        self.folder: Path = settings.outbox_dir
        self.seen = self._files()

    def _files(self) -> set[Path]:
        return set(self.folder.glob("*.eml")) if self.folder.exists() else set()

    def new(self) -> dict[str, str]:
        files = self._files()
        fresh, self.seen = files - self.seen, files
        mails: dict[str, str] = {}
        for path in fresh:
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            mails[str(message["To"])] = str(message["Subject"])
        return mails


async def entry(seq: int) -> dict[str, Any]:
    row = await LedgerEntry.get(seq=seq)
    return {"fact": row.type, "subject": row.subject, **parse_body(bytes(row.body))["data"]}


async def notices(about: str) -> list[tuple[int, str, bool, bool]]:
    rows = await Notification.filter(about=about).order_by("user_id", "id")
    return [(n.user_id, n.event, n.is_task, n.done_at is not None) for n in rows]


async def others_refused(
    gql: GraphQLClient,
    cast: dict[str, Member | None],
    action: Action,
    target: Target | None,
    query: str,
    **variables: Any,
) -> set[str]:
    """Everyone the policy does not allow (on target; None: on their own organisation's) is
    refused with nothing changed; returns who."""
    refused = set()
    for who, member in cast.items():
        mine = Target(organisation_ids=frozenset({member.organisation.id})) if member else Target()
        if policy.can(member.principal if member else None, action, target=target or mine):
            continue
        before = await state()
        result = await gql.as_(member.token if member else None)(query, **variables)
        want = "UNAUTHENTICATED" if member is None else "FORBIDDEN"
        assert error_code(result) == want, (who, result)
        assert await state() == before, who
        refused.add(who)
    return refused


async def upload(http: httpx.AsyncClient, member: Member, kind: str) -> dict[str, Any]:
    response = await http.post(
        f"/documents?kind={kind}&filename=report.pdf",
        content=MINIMAL_PDF,
        headers={"Authorization": f"Bearer {member.token}"},
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_the_whole_path(
    gql: GraphQLClient, http: httpx.AsyncClient, settings: Settings
) -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    government = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    await User.filter(id=government.user.id).update(language="fr")
    colleague = await make_member(
        OrganisationType.GOVERNMENT, Role.MANAGER, organisation=government.organisation
    )
    ministry = await make_member(OrganisationType.MINISTRY, Role.MANAGER)  # scope 1
    certifier = await make_member(OrganisationType.CERTIFIER, Role.MANAGER)
    cast: dict[str, Member | None] = {"anonymous": None}
    for kind, role in sorted(policy.ALL_PAIRS):
        cast[f"{kind.value}/{role.value}"] = await make_member(kind, role)
    cast |= {"developer": developer, "government": government, "certifier": certifier}
    outbox = Outbox(settings)
    # Those who decide on a scope-1 project: the working users of every government organisation
    # and of every ministry of scope 1 (the factories' ministries are).
    deciding = [
        m
        for m in {*cast.values(), colleague, ministry}
        if m is not None and m.principal.pair in policy.GOVERNMENT_WORKERS | policy.MINISTRY_WORKERS
    ]
    deciders = {m.user.email for m in deciding}
    assert {government, colleague, ministry} <= set(deciding)

    # 1. The developer uploads the design document and submits the project.
    design = await upload(http, developer, "DESIGN")
    variables = graphql_input(developer, design["id"])
    refused = await others_refused(gql, cast, Action.PROJECT_CREATE, None, CREATE, input=variables)
    assert "GOVERNMENT/ADMIN" in refused and "CERTIFIER/MANAGER" in refused
    outbox.new()
    created = await gql.as_(developer.token)(CREATE, input=variables)
    assert "errors" not in created, created
    project_id = int(created["data"]["createProject"]["project"]["id"])
    about = f"project:{project_id}"
    submitted = await entry(created["data"]["createProject"]["ledgerSeq"])
    assert (submitted["fact"], submitted["subject"]) == ("project.submitted", about)
    assert submitted["design_document"]["sha256"] == design["sha256"]
    assert submitted["owners"] == [
        {"organisation_id": developer.organisation.id, "percentage": "100.00"}
    ]
    assert await notices(about) == sorted(
        (m.user.id, "project.submitted", True, False) for m in deciding
    )
    mails = outbox.new()
    assert set(mails) == deciders
    assert mails[government.user.email] == "Le projet Solar Efate a été soumis pour approbation"
    assert mails[colleague.user.email] == "Project Solar Efate was submitted for approval"
    target = await project_target(project_id)

    # 2. The government (its French admin) approves, then authorises.
    assert await others_refused(
        gql, cast, Action.PROJECT_APPROVE, target, APPROVE, id=str(project_id)
    )
    approved = await gql.as_(government.token)(APPROVE, id=str(project_id))
    assert approved["data"]["approveProject"]["project"]["status"] == "APPROVED"
    assert (await entry(approved["data"]["approveProject"]["ledgerSeq"]))[
        "fact"
    ] == "project.approved"
    tasks = await notices(about)
    assert [t for t in tasks if t[1] == "project.submitted"] == sorted(
        (m.user.id, "project.submitted", True, True) for m in deciding
    )  # the decided task is closed for everyone who had it
    assert (developer.user.id, "project.approved", False, False) in tasks
    assert outbox.new() == {developer.user.email: "Project Solar Efate was approved"}
    assert await others_refused(
        gql, cast, Action.PROJECT_AUTHORISE, target, AUTHORISE, id=str(project_id)
    )
    authorised = await gql.as_(government.token)(AUTHORISE, id=str(project_id))
    number = created["data"]["createProject"]["project"]["number"]
    assert authorised["data"]["authoriseProject"]["project"] == {
        "status": "AUTHORISED",
        "serialPrefix": f"VU-ITMO-1-{number}",
    }
    assert (await entry(authorised["data"]["authoriseProject"]["ledgerSeq"]))["serial_prefix"] == (
        f"VU-ITMO-1-{number}"
    )
    assert outbox.new() == {developer.user.email: "Project Solar Efate was authorised"}

    # 3. The developer assigns the certifier, adds an activity and submits a monitoring report.
    pair = {"project": str(project_id), "certifier": str(certifier.organisation.id)}
    assert await others_refused(gql, cast, Action.PROJECT_ASSIGN_CERTIFIER, target, ASSIGN, **pair)
    assigned = await gql.as_(developer.token)(ASSIGN, **pair)
    assert (await entry(assigned["data"]["assignCertifier"]["ledgerSeq"]))[
        "fact"
    ] == "certifier.assigned"
    assert outbox.new() == {
        certifier.user.email: "You were assigned to certify project Solar Efate"
    }
    target = await project_target(project_id)
    assert await others_refused(
        gql, cast, Action.ACTIVITY_ADD, target, ADD, project=str(project_id)
    )
    added = await gql.as_(developer.token)(ADD, project=str(project_id))
    activity = added["data"]["addActivity"]["activity"]
    assert re.fullmatch(rf"{number:03d}-M-001", activity["code"]), activity
    added_entry = await entry(added["data"]["addActivity"]["ledgerSeq"])
    assert (added_entry["fact"], added_entry["code"], added_entry["subject"]) == (
        "activity.added", activity["code"], about
    )  # fmt: skip
    report_document = await upload(http, developer, "MONITORING_REPORT")
    ids = {"activity": activity["id"], "document": report_document["id"]}
    assert await others_refused(gql, cast, Action.MONITORING_SUBMIT, target, SUBMIT, **ids)
    sent = await gql.as_(developer.token)(SUBMIT, **ids)
    report_id = sent["data"]["submitMonitoringReport"]["report"]["id"]
    report_entry = await entry(sent["data"]["submitMonitoringReport"]["ledgerSeq"])
    assert report_entry["fact"] == "monitoring.submitted"
    assert report_entry["document"]["sha256"] == report_document["sha256"]
    assert await notices(f"monitoring:{report_id}") == [
        (certifier.user.id, "monitoring.submitted", True, False)
    ]
    assert outbox.new() == {
        certifier.user.email: f"A monitoring report for activity {activity['code']} awaits verification"
    }

    # 4. The assigned certifier verifies it.
    assert await others_refused(
        gql, cast, Action.MONITORING_VERIFY, target, VERIFY, report=report_id
    )
    verified = await gql.as_(certifier.token)(VERIFY, report=report_id)
    assert verified["data"]["verifyMonitoringReport"]["report"] == {
        "status": "VERIFIED",
        "verifiedQuantity": 11500,
    }
    assert (await entry(verified["data"]["verifyMonitoringReport"]["ledgerSeq"]))[
        "verified_quantity"
    ] == 11500
    assert await notices(f"monitoring:{report_id}") == [
        (certifier.user.id, "monitoring.submitted", True, True)
    ]
    activity_about = f"activity:{activity['id']}"
    assert await notices(activity_about) == sorted(
        [(m.user.id, "monitoring.verified", True, False) for m in deciding]
        + [(developer.user.id, "monitoring.verified", False, False)]
    )
    mails = outbox.new()
    assert set(mails) == deciders | {developer.user.email}
    assert mails[government.user.email] == (
        f"Le rapport de suivi de l'activité {activity['code']} a été vérifié"
    )

    # 5. The government approves the activity: the verified period is what credits will issue.
    assert await others_refused(
        gql, cast, Action.ACTIVITY_APPROVE, target, APPROVE_ACTIVITY, id=activity["id"]
    )
    done = await gql.as_(government.token)(APPROVE_ACTIVITY, id=activity["id"])
    assert done["data"]["approveActivity"]["activity"] == {
        "status": "APPROVED",
        "verifiedCredits": 11500,
    }
    final = await entry(done["data"]["approveActivity"]["ledgerSeq"])
    assert (final["fact"], final["approved_quantity"], final["reports"]) == (
        "activity.approved",
        11500,
        [{"report_id": int(report_id), "period_start": "2025-01-01",
          "period_end": "2025-12-31", "verified_quantity": 11500}],
    )  # fmt: skip
    assert all(closed for _, _, task, closed in await notices(activity_about) if task)
    assert outbox.new() == {developer.user.email: f"Activity {activity['code']} was approved"}
    history = await gql.as_(developer.token)(
        "query($id: ID!) { project(id: $id) { history { type } } }", id=str(project_id)
    )
    assert [h["type"] for h in history["data"]["project"]["history"]] == [
        "project.submitted", "project.approved", "project.authorised", "certifier.assigned",
        "activity.added", "monitoring.submitted", "monitoring.verified", "activity.approved",
    ]  # fmt: skip
