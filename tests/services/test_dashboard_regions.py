"""Counts by first-level region (Vanuatu's provinces): every project counted by the server, by
the regions it names and the point it lies at, kept by the services and equal to a recount; the
server's boundaries are the file the UI's map draws."""

from __future__ import annotations

from pathlib import Path

from backend.models.enums import ProjectStatus
from backend.models.project import Project
from backend.services import (
    dashboard_queries,
    dashboard_recount,
    project_decisions,
    projects,
    public_registry,
)
from backend.services.dashboard_regions import COUNTRIES_DIR, areas_of, first_level
from backend.services.locations import Location
from backend.services.project_validation import ProjectChanges
from tests.factories import make_member, make_project
from tests.services.credit_helpers import government
from tests.services.dashboard_helpers import assert_totals_match_a_recount, authorised, submit

UI_MAP = Path(__file__).resolve().parents[2] / "frontend/src/map/vanuatu-provinces.json"
PORT_VILA = {"type": "Point", "coordinates": [168.3273, -17.7334]}  # Efate, Shefa
TANNA = {"type": "Point", "coordinates": [169.3, -19.5]}  # Tafea
SANTO = {"type": "Point", "coordinates": [167.2, -15.5]}  # Sanma
PROVINCES = ("Malampa", "Penama", "Sanma", "Shefa", "Tafea", "Torba")


def _counts(**found: int) -> list[tuple[str, int]]:
    return [(name, found.get(name, 0)) for name in PROVINCES]


def test_the_server_draws_on_the_same_boundaries_as_the_map() -> None:
    assert (COUNTRIES_DIR / "VU.regions.geojson").read_bytes() == UI_MAP.read_bytes()
    assert tuple(a.name for a in areas_of("VU")) == PROVINCES
    assert areas_of("ZZ") == ()  # a country without boundaries has no first-level regions


def test_a_project_is_in_the_regions_it_names_and_the_one_its_point_is_in() -> None:
    vu = areas_of("VU")
    assert first_level(["Efate"], PORT_VILA, vu) == ("Shefa",)
    assert first_level(["shefa", "Tanna"], None, vu) == ("Shefa",)  # names: any case
    assert first_level([], TANNA, vu) == ("Tafea",)
    assert first_level(["Torba"], SANTO, vu) == ("Sanma", "Torba")
    polygon = {"type": "Polygon", "coordinates": [[[167.2, -15.5], [167.3, -15.5], [167.2, -15.4],
                                                   [167.2, -15.5]]]}  # fmt: skip
    assert first_level([], polygon, vu) == ("Sanma",)  # its first vertex, as the map draws it
    assert first_level(["Efate"], {"type": "Point", "coordinates": [0, 0]}, vu) == ()


async def test_every_project_is_counted_not_only_the_first_hundred() -> None:
    gov, owner = await government(), await make_member()
    for n in range(130):  # made directly (the bulk path), then recounted
        project = await make_project(owner, ProjectStatus.AUTHORISED)
        project.location = {"regions": [], "geometry": TANNA if n < 120 else SANTO}
        await project.save(update_fields=["location"])
    pending = await make_project(owner)
    pending.location = {"regions": ["Torba"]}
    await pending.save(update_fields=["location"])
    await dashboard_recount.rebuild_totals()
    totals = await public_registry.public_totals()
    assert totals.projects_by_first_level_region == _counts(Tafea=120, Sanma=10)
    everything = await dashboard_queries.dashboard(principal=gov.principal)
    assert everything.projects_by_first_level_region == _counts(Tafea=120, Sanma=10, Torba=1)
    own = await dashboard_queries.dashboard(
        principal=gov.principal, organisation_id=owner.organisation.id
    )
    assert own.projects_by_first_level_region == _counts(Tafea=120, Sanma=10, Torba=1)


async def test_the_services_keep_the_counts_as_projects_come_and_move() -> None:
    gov, a, b = await government(), await make_member(), await make_member()
    await submit(a, regions=("Efate",))  # names no province, has no point: counted nowhere
    await authorised(a, gov, regions=("tafea",))
    moving = await submit(b, regions=("Shefa", "Malampa"))
    everything = await dashboard_queries.dashboard(principal=gov.principal)
    assert everything.projects_by_first_level_region == _counts(Tafea=1, Shefa=1, Malampa=1)
    public = await public_registry.public_totals()
    assert public.projects_by_first_level_region == _counts(Tafea=1)  # authorised only
    await projects.update_project(
        principal=gov.principal,
        project_id=moving.id,
        changes=ProjectChanges(location=Location(regions=("Espiritu Santo",), geometry=SANTO)),
    )
    await project_decisions.approve_project(principal=gov.principal, project_id=moving.id)
    await project_decisions.authorise_project(principal=gov.principal, project_id=moving.id)
    public = await public_registry.public_totals()
    assert public.projects_by_first_level_region == _counts(Tafea=1, Sanma=1)
    of_b = await dashboard_queries.dashboard(principal=b.principal)
    assert of_b.projects_by_first_level_region == _counts(Sanma=1)
    assert (await Project.get(id=moving.id)).location["regions"] == ["Espiritu Santo"]
    await assert_totals_match_a_recount()
