"""Each user sees their own notifications, in their language, and their open tasks."""

from __future__ import annotations

from backend.db import transaction
from backend.models.user import User
from backend.services import notifications
from tests.conftest import GraphQLClient, error_code
from tests.factories import make_member

QUERY = "query($tasks: Boolean!) { notifications(myTasksOnly: $tasks) { totalCount edges { node { event subject isTask doneAt } } } }"


async def test_tasks_in_the_recipients_language_until_done(gql: GraphQLClient) -> None:
    english, french, other = await make_member(), await make_member(), await make_member()
    await User.filter(id=french.user.id).update(language="fr")
    recipients = [await User.get(id=english.user.id), await User.get(id=french.user.id)]
    async with transaction() as connection:
        mails = await notifications.record(
            connection,
            event="project.submitted",
            about="project:7",
            users=recipients,
            params={"title": "Solar"},
            is_task=True,
        )
        await notifications.record(
            connection,
            event="project.approved",
            about="project:7",
            users=recipients[:1],
            params={"title": "Solar"},
            is_task=False,
        )
    assert [m.subject for m in mails] == [
        "Project Solar was submitted for approval",
        "Le projet Solar a été soumis pour approbation",
    ]
    tasks = (await gql.as_(french.token)(QUERY, tasks=True))["data"]["notifications"]
    assert tasks["totalCount"] == 1
    assert tasks["edges"][0]["node"]["subject"] == "Le projet Solar a été soumis pour approbation"
    everything = (await gql.as_(english.token)(QUERY, tasks=False))["data"]["notifications"]
    assert [e["node"]["event"] for e in everything["edges"]] == [
        "project.approved",
        "project.submitted",
    ]
    assert (await gql.as_(other.token)(QUERY, tasks=False))["data"]["notifications"][
        "totalCount"
    ] == 0
    async with transaction() as connection:
        await notifications.close_tasks(connection, about="project:7")
    assert (await gql.as_(english.token)(QUERY, tasks=True))["data"]["notifications"][
        "totalCount"
    ] == 0
    assert error_code(await gql(QUERY, tasks=True)) == "UNAUTHENTICATED"
