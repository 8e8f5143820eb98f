"""Seeds the browser tests of test_ui_gaps.py through the services, in a process of its own
configured from the same REGISTRY_* environment as the server under test: the registry of
tests/registry_flow.py, a viewer in the developer's organisation, two PENDING users made by the
function a first OIDC sign-in calls (user_approval.register_from_provider), and two PENDING
financings asked by the developer. Prints what the tests need as one JSON line."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

from backend import db
from backend.config import Settings
from backend.models.enums import FinancingInstrument, OrganisationType, Role
from backend.services import financing, notifications, runtime, user_approval
from tests.factories import PASSWORD, make_member
from tests.registry_flow import populate

# test_flow.py makes CA0004 through the UI on the same server, earlier in the run.
APPROACH = "CA0081"


async def _pending(organisation_id: int, email: str, name: str) -> int:
    from backend.models.organisation import Organisation

    async with db.transaction() as connection:
        registered = await user_approval.register_from_provider(
            connection,
            organisation=await Organisation.get(id=organisation_id),
            email=email,
            name=name,
            issuer="https://id.example.gov.vu",
            provider_label="Vanuatu National ID",
            mapped_role=None,
        )
    await notifications.deliver(registered.mails)
    return registered.user.id


async def seed() -> dict[str, object]:
    settings = Settings()
    runtime.configure(settings)
    assert settings.database_url, "REGISTRY_DATABASE_URL is the server's database"
    await db.init_db(settings.database_url)
    try:
        flow = await populate(approach_code=APPROACH)
        developer = flow.developer
        viewer = await make_member(
            OrganisationType.DEVELOPER, Role.VIEWER, organisation=developer.organisation
        )
        organisation_id = developer.organisation.id
        approved = await _pending(organisation_id, "kalo@sunergy.example.org", "Kalo Tari")
        rejected = await _pending(organisation_id, "stranger@example.org", "Unknown Person")
        asked = []
        for funder in ("Green Climate Fund", "Pacific Development Bank"):
            recorded = await financing.request_financing(
                principal=developer.principal,
                project_id=flow.project_id,
                amount=Decimal("250000"),
                instrument=FinancingInstrument.GRANT,
                is_public=True,
                is_international=True,
                from_name=funder,
            )
            asked.append(recorded.value.id)
        return {
            "password": PASSWORD,
            "developer": developer.user.email,
            "developer_token": developer.token,
            "organisation_id": organisation_id,
            "organisation": developer.organisation.name,
            "viewer": viewer.user.email,
            "government": flow.government.user.email,
            "government_token": flow.government.token,
            "approved_user": approved,
            "rejected_user": rejected,
            "project_id": flow.project_id,
            "financings": asked,
            "approach": APPROACH,
        }
    finally:
        await db.close_db()


if __name__ == "__main__":
    print(json.dumps(asyncio.run(seed())))
