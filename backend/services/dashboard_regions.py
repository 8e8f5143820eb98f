"""The country's first-level regions (Vanuatu's six provinces) and which of them a project is in,
for the dashboard's and the public page's counts by region: every project counted by the server,
not only the points a page has loaded.

The boundaries are `backend/countries/<ISO2>.regions.geojson` (the file the UI draws, the same
bytes: a test says so); a country without one has no first-level counts. A project is in a
first-level region when one of its `location.regions` names it (any case), or when its geometry's
point (a Point, or a polygon's first vertex, as the map draws it) lies inside it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from backend.services import runtime

COUNTRIES_DIR = Path(__file__).resolve().parent.parent / "countries"

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Area:
    """One first-level region: its name and polygons (each an outer ring and its holes)."""

    name: str
    polygons: tuple[tuple[Ring, ...], ...]
    box: tuple[float, float, float, float]  # west, south, east, north


def _ring(positions: Sequence[Sequence[float]]) -> Ring:
    return tuple((float(p[0]), float(p[1])) for p in positions)


def _area(feature: Mapping[str, Any]) -> Area:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    shaped = tuple(tuple(_ring(r) for r in polygon) for polygon in polygons)
    xs = [x for polygon in shaped for x, _ in polygon[0]]
    ys = [y for polygon in shaped for _, y in polygon[0]]
    return Area(str(feature["properties"]["name"]), shaped, (min(xs), min(ys), max(xs), max(ys)))


@cache
def areas_of(iso2: str) -> tuple[Area, ...]:
    """A country's first-level regions, from its bundled boundaries (none without a file)."""
    path = COUNTRIES_DIR / f"{iso2}.regions.geojson"
    if not path.exists():
        return ()
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return tuple(sorted((_area(f) for f in features), key=lambda a: a.name))


def areas() -> tuple[Area, ...]:
    """The configured country's first-level regions."""
    return areas_of(runtime.current().country.iso2)


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def contains(area: Area, x: float, y: float) -> bool:
    """Whether the point (longitude x, latitude y) is inside the area (not in a hole)."""
    west, south, east, north = area.box
    if not (west <= x <= east and south <= y <= north):
        return False
    return any(
        _in_ring(x, y, polygon[0]) and not any(_in_ring(x, y, hole) for hole in polygon[1:])
        for polygon in area.polygons
    )


def point_of(geometry: Mapping[str, Any] | None) -> tuple[float, float] | None:
    """A geometry's point: a Point's, or a polygon's first vertex (as the map draws it)."""
    coordinates: Any = (geometry or {}).get("coordinates")
    while (
        isinstance(coordinates, list | tuple)
        and coordinates
        and isinstance(coordinates[0], list | tuple)
    ):
        coordinates = coordinates[0]
    if (
        isinstance(coordinates, list | tuple)
        and len(coordinates) >= 2
        and all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates[:2])
    ):
        return float(coordinates[0]), float(coordinates[1])
    return None


def first_level(
    regions: Sequence[str], geometry: Mapping[str, Any] | None, known: Sequence[Area] | None = None
) -> tuple[str, ...]:
    """The first-level regions a project is in (sorted names): those its regions name, and the
    one its geometry's point lies in."""
    found = set()
    every = areas() if known is None else known
    names = {a.name.casefold(): a.name for a in every}
    for region in regions:
        if region.casefold() in names:
            found.add(names[region.casefold()])
    point = point_of(geometry)
    if point is not None:
        found.update(a.name for a in every if contains(a, *point))
    return tuple(sorted(found))
