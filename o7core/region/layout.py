"""The map layout of a region, as plain data: positions, circle sizes, colours by reachability against the
target, labels, German tooltips, the Service Center sites with arcs to their Jobcenters, a legend and a view
fitted to the points. No pydeck and no Streamlit here: ``o7app.deck`` wraps these records in pydeck layers.

Colour scale (colour-blind safe, diverging around the target, from the Okabe–Ito palette):

=====================  ======================================  ==============
status                 reachability r against target t         colour
=====================  ======================================  ==============
``well_above``         r ≥ t + 10 points                        blue #0072B2
``above``              t ≤ r < t + 10 points                    sky blue #56B4E9
``below``              t − 10 points ≤ r < t                    orange #E69F00
``well_below``         r < t − 10 points                        vermillion #D55E00
``unknown``            no figure                                grey #999999
=====================  ======================================  ==============

Blue against orange stays apart for the common red–green colour blindnesses, and each status is
also written out in the tooltip, the legend and the table (never colour alone).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import fmt
from ..errors import O7InputError, Problem
from .geography import WORLD_PX, MapView, Outline, fit_view, mercator_y, meters_per_pixel, outlines
from .model import BAND, CONTRACT_TARGET, Region, RegionJobcenter, normalize_jcnr

#: Circle area proportional to BG: ``BG_REFERENCE`` households get ``RADIUS_REFERENCE_M`` metres.
BG_REFERENCE = 10_000
RADIUS_REFERENCE_M = 8_000.0
RADIUS_MIN_M = 2_000.0
RADIUS_MAX_M = 16_000.0

#: The Karte's map in pixels: the view is fitted to this size.
MAP_WIDTH, MAP_HEIGHT = 720, 560

Color = tuple[int, int, int, int]

STATUS_ORDER = ("well_above", "above", "below", "well_below", "unknown")
STATUS_COLORS: Mapping[str, Color] = {
    "well_above": (0, 114, 178, 230),
    "above": (86, 180, 233, 230),
    "below": (230, 159, 0, 230),
    "well_below": (213, 94, 0, 230),
    "unknown": (153, 153, 153, 200),
}
STATUS_TEXT: Mapping[str, str] = {
    "well_above": "deutlich über Ziel",
    "above": "am oder über Ziel",
    "below": "knapp unter Ziel",
    "well_below": "deutlich unter Ziel",
    "unknown": "keine Angabe",
}
SITE_COLOR: Color = (51, 34, 136, 255)  # dark indigo: apart from the blue/orange scale
ARC_COLOR: Color = (51, 34, 136, 90)
ARC_COLOR_SELECTED: Color = (51, 34, 136, 230)
LINE_COLOR: Color = (255, 255, 255, 255)
LINE_COLOR_ACTIVE: Color = (34, 34, 34, 255)
LINE_COLOR_SELECTED: Color = (0, 0, 0, 255)
LABEL_COLOR: Color = (34, 34, 34, 255)
OUTLINE_FILL: Color = (240, 238, 230, 255)
OUTLINE_LINE: Color = (150, 150, 150, 255)

LABEL_CHAR_WIDTH = 0.58  # average glyph width of a bold sans-serif label, in font sizes


def reachability_status(value: float | None, target: float, band: float = BAND) -> str:
    """Class of a reachability against the target (see the module docstring for the scale)."""
    if value is None:
        return "unknown"
    delta = round(value - target, 9)
    if delta >= round(band, 9):
        return "well_above"
    if delta >= 0:
        return "above"
    if delta >= -round(band, 9):
        return "below"
    return "well_below"


def bg_radius_m(bg_count: float) -> float:
    """Circle radius in metres: area proportional to BG, between ``RADIUS_MIN_M`` and ``RADIUS_MAX_M``."""
    radius = RADIUS_REFERENCE_M * math.sqrt(max(bg_count, 0) / BG_REFERENCE)
    return min(max(radius, RADIUS_MIN_M), RADIUS_MAX_M)


def legend_sizes(view: MapView, bg_counts: Sequence[int] = (1_000, 5_000, 20_000)) -> list[tuple[int, float]]:
    """(BG, circle radius in pixels at the initial view) for the size legend."""
    mpp = meters_per_pixel(view)
    return [(bg, bg_radius_m(bg) / mpp) for bg in bg_counts]


@dataclass(frozen=True, slots=True, kw_only=True)
class MapPoint:
    """A Jobcenter on the map, with everything the layers and the detail panel need."""

    jcnr: str
    name: str
    label: str
    state: str
    longitude: float
    latitude: float
    radius_m: float
    color: Color
    line_color: Color
    line_width: float
    status: str
    status_text: str
    bg_count: int
    reachability: float | None
    reachability_source: str  # "Regionsdatei" | "aktive Planung"
    closure_rate: float | None
    service_center: str
    note: str
    is_active: bool
    is_selected: bool
    tooltip: str

    def record(self) -> dict[str, Any]:
        """The plain dict a pydeck layer takes (``position`` is ``[longitude, latitude]``)."""
        return {
            "jcnr": self.jcnr,
            "name": self.name,
            "label": self.label,
            "position": [self.longitude, self.latitude],
            "radius": round(self.radius_m, 1),
            "color": list(self.color),
            "line_color": list(self.line_color),
            "line_width": self.line_width,
            "bg": self.bg_count,
            "tooltip": self.tooltip,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class MapSite:
    """A Service Center site on the map."""

    name: str
    label: str
    longitude: float
    latitude: float
    jobcenter_count: int
    bg_total: int
    color: Color
    tooltip: str

    def record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "position": [self.longitude, self.latitude],
            "color": list(self.color),
            "tooltip": self.tooltip,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class MapArc:
    """An arc from a Service Center site to a Jobcenter it serves."""

    service_center: str
    jcnr: str
    source: tuple[float, float]
    target: tuple[float, float]
    color: Color
    width: float
    tooltip: str

    def record(self) -> dict[str, Any]:
        return {
            "source": list(self.source),
            "target": list(self.target),
            "color": list(self.color),
            "width": self.width,
            "tooltip": self.tooltip,
        }


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One line of the legend: colour, German text, how many Jobcenters fall in it."""

    status: str
    color: Color
    text: str
    count: int

    @property
    def hex(self) -> str:
        return "#{:02x}{:02x}{:02x}".format(*self.color[:3])


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionSummary:
    """Key figures of the region for the header of the page."""

    jobcenters: int
    bg_total: int
    with_reachability: int
    below_target: int
    mean_reachability: float | None  # weighted by BG, over the Jobcenters with a figure
    service_centers: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionMap:
    """Everything the Karte page draws, as plain data."""

    region_name: str
    target: float
    band: float
    is_sample: bool
    points: tuple[MapPoint, ...]
    sites: tuple[MapSite, ...]
    arcs: tuple[MapArc, ...]
    legend: tuple[LegendEntry, ...]
    outlines: tuple[Outline, ...]
    view: MapView
    summary: RegionSummary

    def point(self, jcnr: str | None) -> MapPoint | None:
        if not jcnr:
            return None
        key = normalize_jcnr(jcnr)
        return next((p for p in self.points if p.jcnr == key), None)

    def point_records(self) -> list[dict[str, Any]]:
        """Jobcenter circles, largest first so that small ones are drawn on top."""
        return [p.record() for p in sorted(self.points, key=lambda p: -p.bg_count)]

    def site_records(self) -> list[dict[str, Any]]:
        return [s.record() for s in self.sites]

    def arc_records(self) -> list[dict[str, Any]]:
        return [a.record() for a in self.arcs]

    def label_records(self, *, declutter: bool = True) -> list[dict[str, Any]]:
        """Text labels. With ``declutter`` a label that would overlap one of higher priority at the
        initial view is left out (the active and selected Jobcenter first, then the Service Center
        sites, then by BG); the tooltip still names every point."""
        labels: list[dict[str, Any]] = [
            {
                "text": p.label,
                "position": [p.longitude, p.latitude],
                "size": 13 if (p.is_active or p.is_selected) else 11,
                "color": list(LABEL_COLOR),
                "offset": [0, -13],
                "priority": 3000 if (p.is_active or p.is_selected) else min(p.bg_count // 100, 999),
            }
            for p in self.points
        ]
        labels += [
            {
                "text": s.label,
                "position": [s.longitude, s.latitude],
                "size": 12,
                "color": list(SITE_COLOR),
                "offset": [0, 15],
                "priority": 2000,
            }
            for s in self.sites
        ]
        labels.sort(key=lambda label: -label["priority"])
        if not declutter:
            return labels
        scale = WORLD_PX * 2**self.view.zoom
        placed: list[tuple[float, float, float, float]] = []
        shown = []
        for label in labels:
            lon, lat = label["position"]
            x = (lon + 180) / 360 * scale + label["offset"][0]
            y = (1 - mercator_y(lat) / math.pi) / 2 * scale + label["offset"][1]
            half_w = (LABEL_CHAR_WIDTH * label["size"] * len(label["text"])) / 2 + 2
            half_h = label["size"] * 0.65 + 1  # ascenders, descenders and the white halo
            box = (x - half_w, y - half_h, x + half_w, y + half_h)
            if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                continue
            placed.append(box)
            shown.append(label)
        return shown

    def selection_records(self, jcnr: str | None) -> dict[str, list[dict[str, Any]]]:
        """The highlight of the selected Jobcenter, drawn over a map built without a selection.

        ``ring``: a black ring round its circle; ``arcs``: its arcs to the Service Center, stressed;
        ``label``: its label in the larger size. Empty lists where ``jcnr`` is not on the map. So
        the map's own layers stay the same when the user picks another Jobcenter.
        """
        p = self.point(jcnr)
        if p is None:
            return {"ring": [], "arcs": [], "label": []}
        ring = {
            "jcnr": p.jcnr,
            "position": [p.longitude, p.latitude],
            "radius": round(p.radius_m, 1),
            "line_color": list(LINE_COLOR_SELECTED),
            "line_width": 4.0,
        }
        arcs = [
            {
                "source": list(a.source),
                "target": list(a.target),
                "color": list(ARC_COLOR_SELECTED),
                "width": 3.0,
                "tooltip": a.tooltip,
            }
            for a in self.arcs
            if a.jcnr == p.jcnr
        ]
        label = {
            "text": p.label,
            "position": [p.longitude, p.latitude],
            "size": 13,
            "color": list(LABEL_COLOR),
            "offset": [0, -13],
        }
        return {"ring": [ring], "arcs": arcs, "label": [label]}

    def outline_records(self) -> list[dict[str, Any]]:
        return [{"name": o.name, "polygon": [list(c) for c in o.coordinates]} for o in self.outlines]

    def table_rows(self) -> list[dict[str, str]]:
        """The region as a German table (formatted with ``o7core.fmt``), sorted by name."""
        rows = []
        for p in sorted(self.points, key=lambda p: p.name.casefold()):
            rows.append(
                {
                    "Jobcenter": p.name,
                    "JCNR": p.jcnr,
                    "Service Center": p.service_center or "–",
                    "BG": fmt.count(p.bg_count),
                    "Erreichbarkeit": fmt.percent(p.reachability)
                    + (" (aktive Planung)" if p.reachability_source == "aktive Planung" else ""),
                    "Einstufung": p.status_text,
                    "Fallabschlussquote": fmt.percent(p.closure_rate),
                }
            )
        return rows


def status_label(status: str, target: float, band: float = BAND) -> str:
    """The legend text of a status with its range, e.g. ``unter 65,0 %: deutlich unter Ziel``."""
    hi = fmt.percent(target + band)
    mid = fmt.percent(target)
    lo = fmt.percent(max(target - band, 0.0))
    ranges = {
        "well_above": f"ab {hi}",
        "above": f"{mid} bis unter {hi}",
        "below": f"{lo} bis unter {mid}",
        "well_below": f"unter {lo}",
        "unknown": "Erreichbarkeit fehlt",
    }
    return f"{STATUS_TEXT[status]} ({ranges[status]})"


def _tooltip(jc: RegionJobcenter, reachability: float | None, source: str, status: str, target: float) -> str:
    lines = [f"{jc.name} ({jc.jcnr})"]
    lines.append(jc.service_center or "ohne Service Center")
    lines.append(f"BG: {fmt.count(jc.bg_count)}")
    if reachability is None:
        lines.append("Erreichbarkeit: keine Angabe")
    else:
        extra = " (aktive Planung)" if source == "aktive Planung" else ""
        lines.append(f"Erreichbarkeit: {fmt.percent(reachability)}{extra}")
    lines.append(f"Einstufung: {STATUS_TEXT[status]} (Ziel {fmt.percent(target)})")
    lines.append(f"Fallabschlussquote: {fmt.percent(jc.closure_rate)}")
    return "\n".join(lines)


def build_region_map(
    region: Region,
    *,
    target: float = CONTRACT_TARGET,
    band: float = BAND,
    active_jcnr: str | None = None,
    active_reachability: float | None = None,
    selected_jcnr: str | None = None,
    width: int = 900,
    height: int = 560,
) -> RegionMap:
    """The map data of ``region``.

    ``target``: the reachability the colours compare with (fraction, default the contract's 75 %).
    ``active_jcnr``/``active_reachability``: the Jobcenter loaded in the app and the possible
    reachability of its current plan, which replaces the file's figure for that Jobcenter.
    ``selected_jcnr``: drawn with a black ring and its arcs stressed. ``width``/``height``: the
    map's size in pixels, for fitting the view.
    """
    if not 0 < target <= 1:
        raise O7InputError(
            Problem("Der Zielwert der Erreichbarkeit muss über 0 % und höchstens 100 % liegen.", column="Ziel")
        )
    active = normalize_jcnr(active_jcnr) if active_jcnr else None
    selected = normalize_jcnr(selected_jcnr) if selected_jcnr else None
    points = [
        _map_point(jc, target, band, active=jc.jcnr == active, selected=jc.jcnr == selected, plan=active_reachability)
        for jc in region.jobcenters
    ]
    sites, arcs = _sites_and_arcs(region, points)
    counts = {s: sum(1 for p in points if p.status == s) for s in STATUS_ORDER}
    legend = tuple(
        LegendEntry(s, STATUS_COLORS[s], status_label(s, target, band), counts[s])
        for s in STATUS_ORDER
        if s != "unknown" or counts[s]
    )
    states = sorted({p.state for p in points if p.state})
    shapes = tuple(outlines()[s] for s in states if s in outlines())
    positions = [(p.longitude, p.latitude) for p in points] + [(s.longitude, s.latitude) for s in sites]
    return RegionMap(
        region_name=region.name,
        target=target,
        band=band,
        is_sample=region.is_sample,
        points=tuple(points),
        sites=tuple(sites),
        arcs=tuple(arcs),
        legend=legend,
        outlines=shapes,
        view=fit_view(positions, width=width, height=height),
        summary=_summary(points, len(sites)),
    )


def _map_point(
    jc: RegionJobcenter, target: float, band: float, *, active: bool, selected: bool, plan: float | None
) -> MapPoint:
    """One Jobcenter on the map; the loaded one (``active``) shows the reachability of its plan where given."""
    reachability, source = jc.reachability, "Regionsdatei"
    if active and plan is not None:
        reachability, source = plan, "aktive Planung"
    status = reachability_status(reachability, target, band)
    line_color, line_width = LINE_COLOR, 1.0
    if active:
        line_color, line_width = LINE_COLOR_ACTIVE, 2.5
    if selected:
        line_color, line_width = LINE_COLOR_SELECTED, 4.0
    return MapPoint(
        jcnr=jc.jcnr,
        name=jc.name,
        label=jc.label,
        state=jc.state,
        longitude=jc.longitude,
        latitude=jc.latitude,
        radius_m=bg_radius_m(jc.bg_count),
        color=STATUS_COLORS[status],
        line_color=line_color,
        line_width=line_width,
        status=status,
        status_text=STATUS_TEXT[status],
        bg_count=jc.bg_count,
        reachability=reachability,
        reachability_source=source,
        closure_rate=jc.closure_rate,
        service_center=jc.service_center,
        note=jc.note,
        is_active=active,
        is_selected=selected,
        tooltip=_tooltip(jc, reachability, source, status, target),
    )


def _sites_and_arcs(region: Region, points: Sequence[MapPoint]) -> tuple[list[MapSite], list[MapArc]]:
    """The Service Center sites, each with an arc to every Jobcenter it serves."""
    sites: list[MapSite] = []
    arcs: list[MapArc] = []
    for site in region.service_centers:
        served = [p for p in points if p.service_center.casefold() == site.name.casefold()]
        bg_total = sum(p.bg_count for p in served)
        town = f"Standort: {site.town}\n" if site.town else ""
        sites.append(
            MapSite(
                name=site.name,
                label=site.label,
                longitude=site.longitude,
                latitude=site.latitude,
                jobcenter_count=len(served),
                bg_total=bg_total,
                color=SITE_COLOR,
                tooltip=f"{site.name}\n{town}betreut {fmt.count(len(served))} Jobcenter mit {fmt.count(bg_total)} BG",
            )
        )
        for p in served:
            arcs.append(
                MapArc(
                    service_center=site.name,
                    jcnr=p.jcnr,
                    source=(site.longitude, site.latitude),
                    target=(p.longitude, p.latitude),
                    color=ARC_COLOR_SELECTED if p.is_selected else ARC_COLOR,
                    width=3.0 if p.is_selected else 1.5,
                    tooltip=f"{site.name} → {p.name}",
                )
            )
    return sites, arcs


def _summary(points: Sequence[MapPoint], site_count: int) -> RegionSummary:
    known = [p for p in points if p.reachability is not None]
    weight = sum(p.bg_count for p in known)
    return RegionSummary(
        jobcenters=len(points),
        bg_total=sum(p.bg_count for p in points),
        with_reachability=len(known),
        below_target=sum(1 for p in points if p.status in ("below", "well_below")),
        mean_reachability=(sum(p.bg_count * (p.reachability or 0.0) for p in known) / weight) if weight else None,
        service_centers=site_count,
    )
