"""The Karte's panels beside and below the map: the legend of colours and sizes, and the figures of one Jobcenter."""

from __future__ import annotations

import streamlit as st

from o7app import charts
from o7app.text import md
from o7core import fmt
from o7core.region import CLOSURE_TARGET, MapPoint, RegionMap
from o7core.workdays import STATES


def legend(region_map: RegionMap, *, presenting: bool = False) -> None:
    """Colour and size legend, drawn as two small charts beside each other (:mod:`o7app.charts`).

    The chart text follows the one chart style (dark, ≥ 16 px in presentation mode); each chart has a German
    description as its text alternative and is drawn as SVG, so that its text is text in the page (for screen
    readers and for the browser tests).
    """
    colours, sizes = st.columns([1.5, 1])
    with colours:
        st.markdown(f"**Erreichbarkeit gegen Ziel {fmt.percent(region_map.target)}**")
        charts.draw(charts.colour_legend(region_map, presenting), presenting, width="content")
    with sizes:
        st.markdown("**Kreisfläche ∝ Bedarfsgemeinschaften**")
        charts.draw(charts.size_legend(region_map, presenting), presenting, width="content")
        st.caption(
            "Dunkelviolette Punkte mit weißem Rand: Standorte der Service Center; Bögen führen zu den Jobcentern, "
            "die sie betreuen. Schwarzer Ring: gewähltes Jobcenter; dunkler Rand: das geladene Jobcenter."
        )


def details(point: MapPoint, region_map: RegionMap, active_jcnr: str) -> None:
    st.subheader(md(point.name))
    facts = [point.jcnr, STATES.get(point.state, point.state), point.service_center or "ohne Service Center"]
    st.caption(md(" · ".join(f for f in facts if f)))
    st.markdown(f"**Einstufung:** {point.status_text} (Ziel {fmt.percent(region_map.target)})")
    st.metric("BG", fmt.count(point.bg_count))
    c1, c2 = st.columns(2)
    if point.reachability is None:
        c1.metric("Erreichbarkeit", fmt.DASH)
    else:
        delta = (point.reachability - region_map.target) * 100
        c1.metric(
            "Erreichbarkeit",
            fmt.percent(point.reachability),
            delta=fmt.signed(fmt.number(delta, 1), delta) + " Pkt.",
            help="Abstand zum Ziel in Prozentpunkten.",
        )
    if point.closure_rate is None:
        c2.metric("Fallabschlussquote", fmt.DASH)
    else:
        delta = (point.closure_rate - CLOSURE_TARGET) * 100
        c2.metric(
            "Fallabschlussquote",
            fmt.percent(point.closure_rate),
            delta=fmt.signed(fmt.number(delta, 1), delta) + " Pkt.",
            help=f"Abstand zur zugesagten Fallabschlussquote von mindestens {fmt.percent(CLOSURE_TARGET, 0)}.",
        )
    if point.reachability_source == "aktive Planung":
        st.caption("Erreichbarkeit aus der aktiven Planung (mögliche Erreichbarkeit im Jahr).")
    if point.note:
        st.caption(f"Hinweis der Regionsdatei: {md(point.note)}")
    if point.is_active and active_jcnr:
        if st.button("In der Planung öffnen", type="primary", icon=":material/tune:", key="karte_open_plan"):
            st.switch_page("pages/planung.py")
    else:
        st.caption(
            "Die Monatsdaten dieses Jobcenters sind nicht geladen. Zum Planen laden Sie sie auf der Seite "
            "„Start / Daten“."
        )


def summary_cards(region_map: RegionMap, region_label: str, *, is_sample: bool) -> None:
    """Where the region comes from (with the note on invented sample values), and its four key figures."""
    summary = region_map.summary
    source = "Beispielregion" if is_sample else "hochgeladen"
    note = (
        " · **Beispielwerte:** Lage, BG, Erreichbarkeit und Fallabschlussquote der Jobcenter sowie die "
        "Service-Center-Standorte sind erfunden; nur Göppingen (JC62106, BG 6.032) stammt aus dem Planungsbeispiel"
        if region_map.is_sample
        else ""
    )
    st.caption(
        f"{fmt.count(summary.jobcenters)} Jobcenter · {fmt.count(summary.service_centers)} Service-Center-Standorte · "
        f"Quelle: {md(region_label)} ({source}){note}"
    )
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Jobcenter", fmt.count(summary.jobcenters))
    m2.metric("BG gesamt", fmt.count(summary.bg_total))
    m3.metric(
        "Erreichbarkeit (nach BG gewichtet)",
        fmt.percent(summary.mean_reachability),
    )
    m4.metric(
        "Unter Ziel",
        f"{fmt.count(summary.below_target)} von {fmt.count(summary.with_reachability)}",
    )


def summary_text(region_map: RegionMap) -> str:
    """The Kurzfassung under the cards (Markdown): the Jobcenters below the target, lowest first, and the
    loaded Jobcenter's place among them."""
    below = sorted(
        (p for p in region_map.points if p.reachability is not None and p.reachability < region_map.target - 1e-9),
        key=lambda p: (p.reachability, p.name.casefold()),
    )
    target = fmt.percent(region_map.target)
    if not below:
        text = f"**Kurzfassung:** Alle Jobcenter mit Angabe erreichen das Ziel von {target}."
    else:
        shown = ", ".join(f"{md(p.name)} ({fmt.percent(p.reachability)})" for p in below[:5])
        more = f" und {len(below) - 5} weitere" if len(below) > 5 else ""
        text = f"**Kurzfassung:** Unter dem Ziel von {target} liegen {shown}{more}."
    active = next((p for p in region_map.points if p.is_active), None)
    if active is not None and active.reachability is not None:
        text += (
            f" Das geladene Jobcenter {md(active.name)}: {fmt.percent(active.reachability)} "
            f"({md(active.reachability_source)})."
        )
    return text
