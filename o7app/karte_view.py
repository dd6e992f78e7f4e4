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


def summary_cards(region_map: RegionMap, region_label: str, *, is_sample: bool, presenting: bool) -> None:
    """Where the region comes from, the sample note, and the region's four key figures."""
    summary = region_map.summary
    source = "Beispielregion" if is_sample else "hochgeladen"
    st.caption(
        f"{fmt.count(summary.jobcenters)} Jobcenter · {fmt.count(summary.service_centers)} Service-Center-Standorte · "
        f"Quelle: {md(region_label)} ({source})"
    )
    if region_map.is_sample:
        st.info(
            "Beispielwerte: Lage, BG, Erreichbarkeit und Fallabschlussquote der Jobcenter sowie die Service-Center-"
            "Standorte sind erfundene Beispielwerte zur Vorführung; nur Göppingen (JC62106, BG 6.032) stammt aus dem "
            "Planungsbeispiel." + ("" if presenting else " Für echte Zahlen laden Sie unten eine Regionsdatei."),
            icon=":material/info:",
        )

    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Jobcenter", fmt.count(summary.jobcenters))
    m2.metric("BG gesamt", fmt.count(summary.bg_total))
    m3.metric(
        "Erreichbarkeit (nach BG gewichtet)",
        fmt.percent(summary.mean_reachability),
        help="Mittel der Jobcenter mit Angabe, gewichtet mit ihren BG.",
    )
    m4.metric(
        "Unter Ziel",
        f"{fmt.count(summary.below_target)} von {fmt.count(summary.with_reachability)}",
        help=f"Jobcenter mit einer Erreichbarkeit unter {fmt.percent(region_map.target)}.",
    )
