"""Geography of the Karte: Web Mercator as deck.gl draws it, the view that fits the points, and the coarse
outlines of the Bundesländer for the tile-free map (``o7core/data/outlines.json``)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

WORLD_PX = 512  # deck.gl / MapLibre: the whole world is 512 px wide at zoom 0
EARTH_CIRCUMFERENCE_M = 40_075_016.686


@dataclass(frozen=True, slots=True)
class Outline:
    """A coarse outline of a Bundesland: ``coordinates`` as (longitude, latitude) pairs, closed."""

    state: str
    name: str
    source: str
    coordinates: tuple[tuple[float, float], ...]


@lru_cache(maxsize=1)
def outlines() -> Mapping[str, Outline]:
    """The outlines shipped in ``o7core/data/outlines.json`` (so far: Baden-Württemberg)."""
    text = resources.files("o7core").joinpath("data", "outlines.json").read_text(encoding="utf-8")
    data = json.loads(text)
    result = {}
    for item in data["outlines"]:
        coords = tuple((float(lon), float(lat)) for lon, lat in item["coordinates"])
        result[item["state"]] = Outline(item["state"], item["name"], item["source"], coords)
    return result


def contains(outline: Outline, longitude: float, latitude: float) -> bool:
    """Point in polygon (ray casting) for the coarse outline."""
    inside = False
    points = outline.coordinates
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        if (y1 > latitude) != (y2 > latitude):
            x = x1 + (latitude - y1) * (x2 - x1) / (y2 - y1)
            if longitude < x:
                inside = not inside
    return inside


@dataclass(frozen=True, slots=True)
class MapView:
    """The initial view: centre in degrees and the web-map zoom level."""

    latitude: float
    longitude: float
    zoom: float


def mercator_y(latitude: float) -> float:
    lat = math.radians(max(min(latitude, 85.0), -85.0))
    return math.log(math.tan(math.pi / 4 + lat / 2))


def fit_view(
    positions: Sequence[tuple[float, float]], *, width: int = 900, height: int = 560, padding: float = 0.12
) -> MapView:
    """Centre and zoom so that all (longitude, latitude) ``positions`` fit a ``width``×``height`` px map.

    Web Mercator as deck.gl draws it: at zoom z the world is 512·2^z pixels wide. ``padding`` is the share of the
    extent added around the points. One point (or none) gives a town-sized view.
    """
    if not positions:
        return MapView(51.2, 10.4, 5.0)  # Germany
    lons = [p[0] for p in positions]
    lats = [p[1] for p in positions]
    lon_span = (max(lons) - min(lons)) * (1 + 2 * padding)
    y_span = (mercator_y(max(lats)) - mercator_y(min(lats))) * (1 + 2 * padding)
    centre_lon = (max(lons) + min(lons)) / 2
    centre_y = (mercator_y(max(lats)) + mercator_y(min(lats))) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    zooms = [12.0]
    if lon_span > 1e-9:
        zooms.append(math.log2(width * 360 / (WORLD_PX * lon_span)))
    if y_span > 1e-12:
        zooms.append(math.log2(height * 2 * math.pi / (WORLD_PX * y_span)))
    zoom = min(max(min(zooms), 3.0), 12.0)
    if len(zooms) == 1:
        zoom = 9.0
    return MapView(round(centre_lat, 5), round(centre_lon, 5), round(zoom, 2))


def meters_per_pixel(view: MapView) -> float:
    """Ground metres per screen pixel at the view's centre and zoom (deck.gl's 512 px world at zoom 0)."""
    return EARTH_CIRCUMFERENCE_M / WORLD_PX * math.cos(math.radians(view.latitude)) / 2**view.zoom
