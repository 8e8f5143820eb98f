"""Migrations upgrade a registry that already holds data, not only an empty database: the last
migrations are rolled back and applied again on a database with rows in the tables they change."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.api import migrate

from backend import db
from backend.models.article6 import Authorization
from backend.models.financing import Financing
from backend.services import article6
from tests.factories import make_member
from tests.services.credit_helpers import government
from tests.services.test_article6 import approach, authorization_input, trading_project
from tests.services.test_financing import ask

BEFORE_THE_LAST_COLUMNS = "registry.0007_registry_accounts"


async def test_the_last_migrations_apply_to_a_database_with_rows(database: str) -> None:
    gov, owner = await government(), await make_member()
    project = await trading_project(owner)
    await article6.authorize(
        principal=gov.principal, **authorization_input(project, await approach(gov))
    )
    await ask(owner, project)
    await db.close_db()
    config = db.tortoise_config(database)
    await migrate(config=config, target=BEFORE_THE_LAST_COLUMNS)  # drops the newer columns
    await Tortoise.close_connections()
    await migrate(config=config)  # and adds them again, to tables that have rows
    await Tortoise.close_connections()
    await db.init_db(database)
    [authorization] = await Authorization.all()
    assert authorization.entity_details == []
    [financing] = await Financing.all()
    assert financing.commitment_salt == ""
