"""The Service Center region (Karte): the region as data, its reader and its map layout.

A *region file* lists the Jobcenters of a Service Center region, one row each, with the columns
``JCNR``, ``Jobcenter``, ``Bundesland``, ``Breite``, ``Länge``, ``BG``, ``Erreichbarkeit``,
``Fallabschlussquote``, ``Service Center`` (and an optional ``Hinweis``). A second table lists the
Service Center sites (``Service Center``, ``Ort``, ``Breite``, ``Länge``, ``Hinweis``): a second CSV
file or a second sheet of the same XLSX. CSV with ``;`` or ``,``, UTF-8 (with or without BOM) or
Windows-1252; German numbers (``6.032``, ``48,70``, ``55,0 %``).

Rooms: ``model`` (the region and the contract's targets), ``reader`` (:func:`read_region_files`),
``geography`` (projection, fitted view, outlines of the Bundesländer), ``layout`` (:func:`build_region_map`:
everything a map draws, as plain data). The pydeck layers are built in ``o7app.deck``.
"""

from .geography import WORLD_PX, MapView, Outline, contains, fit_view, mercator_y, meters_per_pixel, outlines
from .layout import (
    MAP_HEIGHT,
    MAP_WIDTH,
    OUTLINE_FILL,
    OUTLINE_LINE,
    RADIUS_MAX_M,
    RADIUS_MIN_M,
    STATUS_COLORS,
    LegendEntry,
    MapArc,
    MapPoint,
    MapSite,
    RegionMap,
    RegionSummary,
    bg_radius_m,
    build_region_map,
    legend_sizes,
    reachability_status,
    status_label,
)
from .model import (
    BAND,
    CLOSURE_TARGET,
    CONTRACT_TARGET,
    Region,
    RegionImport,
    RegionJobcenter,
    ServiceCenterSite,
    normalize_jcnr,
)
from .reader import MAX_FILE_BYTES, MAX_JOBCENTERS, read_region_files

__all__ = [
    "BAND",
    "CLOSURE_TARGET",
    "CONTRACT_TARGET",
    "MAP_HEIGHT",
    "MAP_WIDTH",
    "MAX_FILE_BYTES",
    "MAX_JOBCENTERS",
    "OUTLINE_FILL",
    "OUTLINE_LINE",
    "RADIUS_MAX_M",
    "RADIUS_MIN_M",
    "STATUS_COLORS",
    "WORLD_PX",
    "LegendEntry",
    "MapArc",
    "MapPoint",
    "MapSite",
    "MapView",
    "Outline",
    "Region",
    "RegionImport",
    "RegionJobcenter",
    "RegionMap",
    "RegionSummary",
    "ServiceCenterSite",
    "bg_radius_m",
    "build_region_map",
    "contains",
    "fit_view",
    "legend_sizes",
    "mercator_y",
    "meters_per_pixel",
    "normalize_jcnr",
    "outlines",
    "reachability_status",
    "read_region_files",
    "status_label",
]
