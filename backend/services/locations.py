"""A project's geographical location: named regions and/or one GeoJSON geometry (RFC 7946).

Only Point, Polygon and MultiPolygon are accepted, rebuilt from their coordinates alone (foreign
members are dropped), every coordinate a finite number in range, every ring closed, the whole
capped in size. GeoJSON coordinates are floats, which the ledger's canonical JSON refuses, so the
ledger records `digest(location)` (the SHA-256 of this module's canonical JSON text) instead.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backend.errors import BadUserInput
from backend.ledger import entries
from backend.services import validation

MAX_REGIONS = 50
MAX_POSITIONS = 10_000
FIELD = "location"


@dataclass(frozen=True)
class Location:
    regions: tuple[str, ...] = ()
    geometry: Mapping[str, Any] | None = None


def _bad(message: str) -> BadUserInput:
    return BadUserInput(f"location: {message}", field=FIELD)


class _Budget:
    """Counts positions so that a huge geometry is refused before it is all walked."""

    def __init__(self) -> None:
        self.left = MAX_POSITIONS

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _bad(f"a geometry has at most {MAX_POSITIONS} positions.")


def _number(value: object, low: int, high: int, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(f"{name} must be a number.")
    if isinstance(value, float) and not math.isfinite(value):
        raise _bad(f"{name} must be finite.")
    if not low <= value <= high:
        raise _bad(f"{name} must be between {low} and {high}.")
    return float(value)


def _position(value: object, budget: _Budget) -> list[float]:
    budget.spend()
    if not isinstance(value, list | tuple) or len(value) not in (2, 3):
        raise _bad("a position is [longitude, latitude] or [longitude, latitude, altitude].")
    position = [_number(value[0], -180, 180, "longitude"), _number(value[1], -90, 90, "latitude")]
    if len(value) == 3:
        position.append(_number(value[2], -100_000, 100_000, "altitude"))
    return position


def _sequence(value: object, what: str) -> Sequence[object]:
    if not isinstance(value, list | tuple) or not value:
        raise _bad(f"{what} must be a non-empty array.")
    return value


def _polygon(value: object, budget: _Budget) -> list[list[list[float]]]:
    rings = []
    for ring in _sequence(value, "a polygon"):
        positions = [_position(p, budget) for p in _sequence(ring, "a linear ring")]
        if len(positions) < 4:
            raise _bad("a linear ring has at least four positions.")
        if positions[0] != positions[-1]:
            raise _bad("a linear ring must be closed (its last position equals its first).")
        rings.append(positions)
    return rings


def _geometry(value: object) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise _bad("geometry must be a GeoJSON object.")
    kind, coordinates, budget = value.get("type"), value.get("coordinates"), _Budget()
    if kind == "Point":
        return {"type": kind, "coordinates": _position(coordinates, budget)}
    if kind == "Polygon":
        return {"type": kind, "coordinates": _polygon(coordinates, budget)}
    if kind == "MultiPolygon":
        polygons = [_polygon(p, budget) for p in _sequence(coordinates, "a multipolygon")]
        return {"type": kind, "coordinates": polygons}
    raise _bad("geometry type must be Point, Polygon or MultiPolygon.")


def clean(location: Location) -> dict[str, Any]:
    """The stored form {"regions": [...], "geometry": {...} | None}; at least one of the two.
    Raises BadUserInput."""
    if len(location.regions) > MAX_REGIONS:
        raise _bad(f"at most {MAX_REGIONS} regions.")
    regions: list[str] = []
    for region in location.regions:
        name = validation.required_text(region, "location region", max_length=100)
        if name not in regions:
            regions.append(name)
    geometry = None if location.geometry is None else _geometry(location.geometry)
    if not regions and geometry is None:
        raise _bad("give at least one region or a geometry.")
    return {"regions": regions, "geometry": geometry}


def of_stored(stored: Mapping[str, Any]) -> Location:
    """The Location of a stored value (to merge changes into it)."""
    return Location(regions=tuple(stored.get("regions") or ()), geometry=stored.get("geometry"))


def digest(stored: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the stored location's canonical JSON text: keys sorted, no spaces, floats
    in Python's shortest round-trip form, which `clean` always produces."""
    text = json.dumps(
        dict(stored), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ledger_view(stored: Mapping[str, Any]) -> entries.LocationFacts:
    """What the ledger says of a location: its regions and the digest (no floats)."""
    return {"regions": list(stored.get("regions") or []), "sha256": digest(stored)}
