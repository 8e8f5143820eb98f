"""Project submission's field rules below GraphQL: each bad field, ownership shares, owners,
documents, the external ID and the GeoJSON location, every refusal changing nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from backend.errors import BadUserInput, Conflict, NotFound
from backend.models.document import Document
from backend.models.enums import DocumentKind, OrganisationStatus, OrganisationType, Role
from backend.services import projects
from backend.services.locations import MAX_POSITIONS, Location
from backend.services.project_validation import OwnerShare
from tests.factories import make_document, make_member, make_organisation, make_project
from tests.project_inputs import POINT, POLYGON, project_input, state


def _ring(n: int) -> list[list[float]]:
    points = [[168.0 + i / (n * 10), -17.0] for i in range(n - 1)]
    return [*points, points[0]]


BAD_INPUT: dict[str, dict[str, Any]] = {
    "blank title": {"title": "  "},
    "external ID with a newline": {"external_id": "A\nB"},
    "unknown sector": {"sector": "Mining"},
    "sectoral scope 16": {"sectoral_scope": 16},
    "end before start": {"end_date": date(2023, 12, 31)},
    "end equal to start": {"end_date": date(2024, 1, 1)},
    "no GHG": {"ghgs": ()},
    "unknown GHG": {"ghgs": ("CO2", "H2O")},
    "no location": {"location": Location()},
    "a LineString": {
        "location": Location(geometry={"type": "LineString", "coordinates": [[1, 2], [3, 4]]})
    },
    "longitude 180.5": {
        "location": Location(geometry={"type": "Point", "coordinates": [180.5, 0]})
    },
    "latitude -91": {"location": Location(geometry={"type": "Point", "coordinates": [0, -91]})},
    "NaN coordinate": {
        "location": Location(geometry={"type": "Point", "coordinates": [float("nan"), 0]})
    },
    "infinite coordinate": {
        "location": Location(geometry={"type": "Point", "coordinates": [0, float("inf")]})
    },
    "boolean coordinate": {
        "location": Location(geometry={"type": "Point", "coordinates": [True, 0]})
    },
    "string coordinate": {
        "location": Location(geometry={"type": "Point", "coordinates": ["1", 0]})
    },
    "one-number position": {"location": Location(geometry={"type": "Point", "coordinates": [1]})},
    "open ring": {
        "location": Location(
            geometry={"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 2]]]}
        )
    },
    "three-position ring": {
        "location": Location(
            geometry={"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [1, 1]]]}
        )
    },
    "too many positions": {
        "location": Location(
            geometry={"type": "Polygon", "coordinates": [_ring(MAX_POSITIONS + 1)]}
        )
    },
    "too many regions": {"location": Location(regions=tuple(f"R{i}" for i in range(51)))},
    "buyers without trading": {"article6_trading": False},
    "unknown buyer country": {"buyer_countries": ("XX",)},
    "the host country as buyer": {"buyer_countries": ("VU",)},
    "no credits": {"estimated_credits": 0},
    "credits of 2^53": {"estimated_credits": 2**53},
    "negative cost": {"estimated_cost": Decimal("-1")},
    "cost with three decimals": {"estimated_cost": Decimal("1.005")},
    "cost NaN": {"estimated_cost": Decimal("NaN")},
    "cost too large": {"estimated_cost": Decimal("1e16")},
    "price with three decimals": {"minimum_carbon_price": Decimal("12.125")},
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
async def test_each_bad_field_is_refused_and_changes_nothing(case: str) -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    design = await make_document(developer)
    before = await state()
    with pytest.raises(BadUserInput):
        await projects.create_project(
            principal=developer.principal, input=project_input(developer, design, **BAD_INPUT[case])
        )
    assert await state() == before


@pytest.mark.parametrize(
    "shares",
    [
        pytest.param(("99.99",), id="sum below 100"),
        pytest.param(("60", "40.01"), id="sum above 100"),
        pytest.param(("100.001",), id="three decimals"),
        pytest.param(("100", "0"), id="a zero share"),
        pytest.param((), id="no owner"),
    ],
)
async def test_ownership_shares_must_sum_to_exactly_100(shares: tuple[str, ...]) -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    others = [developer.organisation] + [await make_organisation() for _ in shares[1:]]
    owners = tuple(OwnerShare(o.id, Decimal(s)) for o, s in zip(others, shares, strict=False))
    before = await state()
    with pytest.raises(BadUserInput):
        await projects.create_project(
            principal=developer.principal,
            input=project_input(developer, await make_document(developer), owners=owners),
        )
    assert (await state())[0] == before[0]


async def test_owners_are_active_developers_including_the_caller() -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    design = await make_document(developer)
    mine = OwnerShare(developer.organisation.id, Decimal(50))
    certifier = await make_organisation(OrganisationType.CERTIFIER)
    pending = await make_organisation(OrganisationType.DEVELOPER, OrganisationStatus.PENDING)
    other = await make_organisation(OrganisationType.DEVELOPER)
    before = await state()
    for owners, error in [
        ((mine, OwnerShare(certifier.id, Decimal(50))), BadUserInput),
        ((mine, OwnerShare(pending.id, Decimal(50))), BadUserInput),
        ((mine, OwnerShare(999_999, Decimal(50))), NotFound),
        ((mine, OwnerShare(developer.organisation.id, Decimal(50))), BadUserInput),
        ((OwnerShare(other.id, Decimal(100)),), BadUserInput),  # the caller is not an owner
    ]:
        with pytest.raises(error):
            await projects.create_project(
                principal=developer.principal,
                input=project_input(developer, design, owners=owners),
            )
    assert await state() == before


async def test_documents_must_be_the_callers_own_unattached_and_of_the_right_kind() -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    stranger = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    attached = await Document.get(id=(await make_project(developer)).design_document_id)
    methodology = await make_document(developer, DocumentKind.METHODOLOGY)
    theirs = await make_document(stranger)
    design = await make_document(developer)
    before = await state()
    for changes, error in [
        ({"design_document_id": 999_999}, NotFound),
        ({"design_document_id": methodology.id}, BadUserInput),
        ({"design_document_id": theirs.id}, NotFound),  # not yours, and private
        ({"design_document_id": attached.id}, Conflict),
        ({"environmental_assessment_document_id": methodology.id}, BadUserInput),
    ]:
        with pytest.raises(error):
            await projects.create_project(
                principal=developer.principal,
                input=project_input(developer, design, **changes),
            )
    assert await state() == before


async def test_the_external_id_is_unique() -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    first = await projects.create_project(
        principal=developer.principal,
        input=project_input(developer, await make_document(developer), external_id="VU-1"),
    )
    assert first.value.number == 1
    before = await state()
    with pytest.raises(Conflict):
        await projects.create_project(
            principal=developer.principal,
            input=project_input(developer, await make_document(developer), external_id="VU-1"),
        )
    assert (await state())[0:2] == before[0:2]


@pytest.mark.parametrize(
    "geometry",
    [POINT, POLYGON, {"type": "MultiPolygon", "coordinates": [POLYGON["coordinates"]] * 2}],
)
async def test_points_polygons_and_multipolygons_are_kept_exactly(geometry: dict[str, Any]) -> None:
    developer = await make_member(OrganisationType.DEVELOPER, Role.ADMIN)
    project = (
        await projects.create_project(
            principal=developer.principal,
            input=project_input(
                developer,
                await make_document(developer),
                location=Location(regions=(), geometry={**geometry, "bbox": [0, 0, 1, 1]}),
            ),
        )
    ).value
    assert project.location == {"regions": [], "geometry": geometry}  # foreign members dropped
