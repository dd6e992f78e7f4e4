"""o7core.region: the region file reader (good and bad input) and the map data built from it."""

from __future__ import annotations

import io
import math

import pytest
from openpyxl import Workbook

from o7core import fmt, load_scenario, plan_scenario
from o7core.errors import O7InputError
from o7core.region import (
    CONTRACT_TARGET,
    RADIUS_MAX_M,
    RADIUS_MIN_M,
    STATUS_COLORS,
    WORLD_PX,
    Region,
    RegionJobcenter,
    ServiceCenterSite,
    bg_radius_m,
    build_region_map,
    contains,
    fit_view,
    mercator_y,
    outlines,
    reachability_status,
    read_region_files,
)
from tests.conftest import SAMPLE_DIR

HEADER = "JCNR;Jobcenter;Bundesland;Breite;Länge;BG;Erreichbarkeit;Fallabschlussquote;Service Center"
GOOD_ROWS = [
    "JC62106;JC Göppingen;BW;48,70;9,65;6.032;55,0 %;71,0 %;Service Center Freiburg",
    "JC99101;JC Stuttgart;BW;48,78;9,18;23.400;68,0 %;74,0 %;Service Center Freiburg",
    "JC99108;JC Freiburg;BW;47,99;7,85;8.900;81,0 %;76,0 %;Service Center Freiburg",
]
SITES = "Service Center;Ort;Breite;Länge\nService Center Freiburg;Freiburg im Breisgau;48,01;7,80\n"


def csv_file(*rows: str, header: str = HEADER, name: str = "region.csv", encoding: str = "utf-8") -> tuple[str, bytes]:
    return name, ("\n".join([header, *rows]) + "\n").encode(encoding)


def read(*files: tuple[str, bytes], **kwargs):
    return read_region_files(list(files), **kwargs)


def only_errors(result) -> list:
    assert result.region is None, "a file with errors must not give a region"
    return list(result.errors)


@pytest.fixture(scope="module")
def sample() -> Region:
    files = [(n, (SAMPLE_DIR / n).read_bytes()) for n in ("region_bw.csv", "service_center_bw.csv")]
    result = read_region_files(files)
    assert result.ok, [str(p) for p in result.problems]
    assert result.problems == ()
    assert result.region is not None
    return result.region


# ---- the sample region ------------------------------------------------------------------------


def test_sample_has_the_44_jobcenters_of_baden_wuerttemberg(sample) -> None:
    assert len(sample.jobcenters) == 44
    assert len({jc.jcnr for jc in sample.jobcenters}) == 44
    assert {jc.state for jc in sample.jobcenters} == {"BW"}
    assert sample.name == "Baden-Württemberg"
    assert sample.is_sample
    assert all("beispiel" in jc.note.casefold() for jc in sample.jobcenters)


def test_sample_goeppingen_comes_from_the_golden_case_and_the_sample_plan(sample, golden_goeppingen) -> None:
    jc = sample.find(golden_goeppingen["jobcenter"]["jcnr"])
    assert jc is not None
    assert jc.name == golden_goeppingen["jobcenter"]["name"]
    assert jc.bg_count == golden_goeppingen["jobcenter"]["bg_count"]
    plan = plan_scenario(load_scenario(SAMPLE_DIR / "goeppingen_scenario.json"))
    assert jc.reachability == pytest.approx(plan.totals.possible_reachability, abs=0.0005)
    assert jc.service_center == "Service Center Freiburg"  # the seed's agreement: SC Freiburg serves Göppingen
    assert jc.latitude == pytest.approx(48.70, abs=0.05) and jc.longitude == pytest.approx(9.65, abs=0.05)


def test_sample_points_and_sites_lie_inside_the_outline(sample) -> None:
    bw = outlines()["BW"]
    outside = [jc.name for jc in sample.jobcenters if not contains(bw, jc.longitude, jc.latitude)]
    outside += [sc.name for sc in sample.service_centers if not contains(bw, sc.longitude, sc.latitude)]
    assert outside == []
    assert not contains(bw, 11.58, 48.14)  # München is not in BW
    assert not contains(bw, 8.68, 50.11)  # nor Frankfurt
    assert "Umriss" in bw.source


def test_every_service_center_of_the_sample_has_a_site(sample) -> None:
    named = {jc.service_center for jc in sample.jobcenters if jc.service_center}
    assert named == {sc.name for sc in sample.service_centers}
    assert len(sample.service_centers) == 3


# ---- reader: good input ---------------------------------------------------------------------


def test_german_numbers_and_percents_are_read() -> None:
    result = read(csv_file(*GOOD_ROWS))
    assert result.ok
    jc = result.region.find("JC62106")
    assert (jc.latitude, jc.longitude, jc.bg_count) == (pytest.approx(48.70), pytest.approx(9.65), 6032)
    assert jc.reachability == pytest.approx(0.55)
    assert jc.closure_rate == pytest.approx(0.71)


def test_comma_csv_with_plain_numbers_fractions_and_bare_jcnr() -> None:
    header = "jcnr,jobcenter,bundesland,lat,lon,bg,erreichbarkeit,fallabschlussquote,service center"
    result = read(csv_file("62106,JC Göppingen,Baden-Württemberg,48.7,9.65,6032,0.55,,", header=header))
    assert result.ok, [str(p) for p in result.problems]
    jc = result.region.jobcenters[0]
    assert jc.jcnr == "JC62106"
    assert jc.state == "BW"
    assert jc.reachability == pytest.approx(0.55)
    assert jc.closure_rate is None and jc.service_center == ""


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_windows_1252_and_bom_keep_the_umlauts(encoding) -> None:
    result = read(csv_file(*GOOD_ROWS, encoding=encoding), ("sc.csv", SITES.encode(encoding)))
    assert result.ok, [str(p) for p in result.problems]
    assert result.region.find("JC62106").name == "JC Göppingen"
    assert result.region.service_centers[0].town == "Freiburg im Breisgau"


def test_xlsx_with_a_sites_sheet() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Jobcenter"
    ws.append(HEADER.split(";"))
    ws.append(["JC62106", "JC Göppingen", "BW", 48.70, 9.65, 6032, 0.55, 0.71, "SC Nord"])
    sites = wb.create_sheet("Standorte")
    sites.append(["Service Center", "Ort", "Breite", "Länge"])
    sites.append(["SC Nord", "Karlsruhe", 49.0, 8.4])
    buf = io.BytesIO()
    wb.save(buf)
    result = read(("region.xlsx", buf.getvalue()))
    assert result.ok, [str(p) for p in result.problems]
    assert result.region.jobcenters[0].bg_count == 6032
    assert result.region.site("SC Nord").latitude == pytest.approx(49.0)


def test_without_a_sites_file_the_default_sites_are_used_and_unknown_ones_warned() -> None:
    default = [ServiceCenterSite(name="Service Center Freiburg", latitude=48.0, longitude=7.8)]
    rows = [*GOOD_ROWS, "JC99109;JC Ulm;BW;48,40;9,99;3.600;84 %;77 %;Service Center Ulm"]
    result = read(csv_file(*rows), default_sites=default)
    assert result.ok
    assert [s.name for s in result.region.service_centers] == ["Service Center Freiburg"]
    (warning,) = result.warnings
    assert "Service Center Ulm" in warning.message and warning.row == 5 and warning.column == "Service Center"


def test_unknown_column_is_a_warning_only() -> None:
    result = read(csv_file(*(r + ";x" for r in GOOD_ROWS), header=HEADER + ";Farbe"))
    assert result.ok
    assert any(p.column == "Farbe" and p.row == 1 for p in result.warnings)


# ---- reader: bad input ----------------------------------------------------------------------


def test_missing_required_column_names_it() -> None:
    header = HEADER.replace(";BG", "")
    rows = [";".join(r.split(";")[:5] + r.split(";")[6:]) for r in GOOD_ROWS]
    (error,) = only_errors(read(csv_file(*rows, header=header)))
    assert error.column == "BG" and error.row == 1 and error.file == "region.csv"
    assert "Pflichtspalte „BG“ fehlt" in str(error)


def test_coordinate_outside_germany_names_row_and_column() -> None:
    bad = "JC99999;JC Irgendwo;BW;60,10;9,65;1.000;70 %;70 %;"
    (error,) = only_errors(read(csv_file(GOOD_ROWS[0], bad)))
    assert (error.row, error.column) == (3, "Breite")
    assert "nicht in Deutschland" in error.message
    assert "47,2–55,1" in error.expected


def test_swapped_coordinates_are_named_as_such() -> None:
    (error,) = only_errors(read(csv_file("JC62106;JC Göppingen;BW;9,65;48,70;6.032;55 %;71 %;")))
    assert "vertauscht" in error.message and error.row == 2


def test_duplicate_jcnr_is_an_error_pointing_at_the_first_row() -> None:
    dup = GOOD_ROWS[1].replace("JC99101", "JC62106")
    (error,) = only_errors(read(csv_file(GOOD_ROWS[0], dup)))
    assert (error.row, error.column) == (3, "JCNR")
    assert "zuerst in Zeile 2" in error.message


def test_all_problems_are_reported_at_once_with_row_and_column() -> None:
    rows = [
        "JC1;JC A;BW;48,7;abc;1.000;55 %;;",  # Länge not a number
        "JC2;JC B;BW;48,7;9,6;7,5;55 %;;",  # BG not whole
        "JC3;JC C;XX;48,7;9,6;1.000;120 %;;",  # unknown state, reachability > 100 %
        "JC4;;BW;48,7;9,6;0;55 %;;",  # name missing, BG 0
    ]
    errors = only_errors(read(csv_file(*rows)))
    places = {(e.row, e.column) for e in errors}
    assert places == {
        (2, "Länge"),
        (3, "BG"),
        (4, "Bundesland"),
        (4, "Erreichbarkeit"),
        (5, "Jobcenter"),
        (5, "BG"),
    }
    assert all(e.file == "region.csv" and e.expected for e in errors)
    assert "Fehler: Datei „region.csv“, Zeile 2, Spalte/Feld „Länge“" in str(errors[0])


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"", "leer"),
        ((HEADER + "\n").encode(), "nur die Kopfzeile"),
        (b"%PDF-1.7\n...", "PDF-Dokument, keine Regionsdatei"),
        (b"\x89PNG\r\n\x1a\n....", "PNG-Bild"),
        (b"PK\x03\x04 not really a zip", "keine lesbare Excel-Datei"),
        (b"Monat;Anrufe\n2021-09;7672\n", "JCNR"),
    ],
)
def test_unusable_files_get_a_german_message(raw, fragment) -> None:
    errors = only_errors(read(("region.csv", raw)))
    assert any(fragment in e.message or fragment in (e.expected or "") for e in errors), [str(e) for e in errors]
    assert all(e.file == "region.csv" for e in errors)


def test_xlsx_zip_bomb_is_refused_by_its_declared_size() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 30_000_000)
    raw = buf.getvalue()
    assert len(raw) < 200_000
    errors = only_errors(read(("region.xlsx", raw)))
    assert "ZIP-Bombe" in errors[0].message
    assert "JCNR" in errors[0].expected


def test_too_large_file_is_refused_before_parsing() -> None:
    errors = only_errors(read(("region.csv", b"x" * (20 * 1024 * 1024 + 1))))
    assert "Grenze „Dateigröße“: mehr als 20 MB" in errors[0].message


# ---- map data -------------------------------------------------------------------------------


def jc(jcnr: str, bg: int, reach: float | None, lon: float = 9.0, lat: float = 48.5, sc: str = "") -> RegionJobcenter:
    return RegionJobcenter(
        jcnr=jcnr, name=f"JC {jcnr}", state="BW", latitude=lat, longitude=lon, bg_count=bg, reachability=reach,
        service_center=sc,
    )  # fmt: skip


def test_positions_are_longitude_latitude(sample) -> None:
    m = build_region_map(sample)
    record = next(r for r in m.point_records() if r["jcnr"] == "JC62106")
    goe = sample.find("JC62106")
    assert record["position"] == [goe.longitude, goe.latitude]
    assert len(m.point_records()) == 44


def test_radius_grows_with_bg_and_area_is_proportional() -> None:
    bgs = [500, 1_000, 2_000, 4_000, 6_032, 10_000, 20_000, 40_000, 200_000]
    radii = [bg_radius_m(b) for b in bgs]
    assert radii == sorted(radii)
    assert bg_radius_m(4_000) ** 2 / bg_radius_m(1_000) ** 2 == pytest.approx(4.0)
    assert bg_radius_m(20_000) ** 2 / bg_radius_m(5_000) ** 2 == pytest.approx(4.0)
    assert bg_radius_m(1) == RADIUS_MIN_M and bg_radius_m(10**6) == RADIUS_MAX_M


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (0.95, "well_above"),
        (0.85, "well_above"),
        (0.8499, "above"),
        (0.75, "above"),
        (0.7499, "below"),
        (0.65, "below"),
        (0.6499, "well_below"),
        (0.0, "well_below"),
        (None, "unknown"),
    ],
)
def test_status_thresholds_around_the_contract_target(value, status) -> None:
    assert reachability_status(value, CONTRACT_TARGET) == status


def test_colours_follow_the_target_and_the_scale_is_blue_over_orange() -> None:
    region = Region(jobcenters=(jc("JC1", 1000, 0.60), jc("JC2", 1000, 0.50), jc("JC3", 1000, None)))
    at_75 = {p.jcnr: p.color for p in build_region_map(region).points}
    at_55 = {p.jcnr: p.color for p in build_region_map(region, target=0.55).points}
    assert at_75["JC1"] == STATUS_COLORS["well_below"]
    assert at_55["JC1"] == STATUS_COLORS["above"]
    assert at_55["JC2"] == STATUS_COLORS["below"]
    assert at_75["JC3"] == at_55["JC3"] == STATUS_COLORS["unknown"]
    blue, orange = STATUS_COLORS["well_above"], STATUS_COLORS["well_below"]
    assert blue[2] > blue[0] and orange[0] > orange[2]  # above target blue, below orange


def test_active_plan_replaces_the_file_figure_and_tooltip_is_german(sample) -> None:
    m = build_region_map(sample, active_jcnr="JC62106", active_reachability=0.812)
    p = m.point("JC62106")
    assert p.is_active and p.reachability == pytest.approx(0.812)
    assert p.status == "above"
    assert p.tooltip.splitlines() == [
        "JC Göppingen (JC62106)",
        "Service Center Freiburg",
        "BG: 6.032",
        f"Erreichbarkeit: {fmt.percent(0.812)} (aktive Planung)",
        f"Einstufung: am oder über Ziel (Ziel {fmt.percent(0.75)})",
        f"Fallabschlussquote: {fmt.percent(0.71)}",
    ]
    assert build_region_map(sample).point("JC62106").reachability == pytest.approx(0.55)


def test_unknown_reachability_is_said_in_words() -> None:
    m = build_region_map(Region(jobcenters=(jc("JC1", 2_500, None),)))
    assert "Erreichbarkeit: keine Angabe" in m.points[0].tooltip
    assert "Einstufung: keine Angabe" in m.points[0].tooltip


def test_sites_arcs_and_legend(sample) -> None:
    m = build_region_map(sample, selected_jcnr="JC62106")
    served = [p for p in m.points if p.service_center]
    assert len(m.arcs) == len(served) == 39
    freiburg = next(s for s in m.sites if s.name == "Service Center Freiburg")
    assert freiburg.jobcenter_count == sum(1 for p in served if p.service_center == freiburg.name)
    assert f"betreut {freiburg.jobcenter_count} Jobcenter" in freiburg.tooltip
    arc = next(a for a in m.arcs if a.jcnr == "JC62106")
    assert arc.source == (freiburg.longitude, freiburg.latitude)
    assert arc.width > next(a for a in m.arcs if a.jcnr != "JC62106").width
    assert sum(e.count for e in m.legend) == 44
    assert [e.status for e in m.legend] == ["well_above", "above", "below", "well_below", "unknown"]
    assert m.legend[0].text == "deutlich über Ziel (ab 85,0\u00a0%)"


def test_view_fits_all_points(sample) -> None:
    width, height = 720, 560
    m = build_region_map(sample, width=width, height=height)
    scale = WORLD_PX * 2**m.view.zoom
    cx = (m.view.longitude + 180) / 360 * scale
    cy = (1 - mercator_y(m.view.latitude) / math.pi) / 2 * scale
    for p in m.points:
        x = (p.longitude + 180) / 360 * scale - cx
        y = (1 - mercator_y(p.latitude) / math.pi) / 2 * scale - cy
        assert abs(x) <= width / 2 and abs(y) <= height / 2, p.name
    # a tighter fit would cut points off: one zoom level more does not fit
    scale2 = scale * 2
    xs = [(p.longitude + 180) / 360 * scale2 for p in m.points]
    ys = [(1 - mercator_y(p.latitude) / math.pi) / 2 * scale2 for p in m.points]
    assert max(xs) - min(xs) > width or max(ys) - min(ys) > height


def test_view_zooms_in_for_a_small_region_and_handles_one_point() -> None:
    wide = fit_view([(7.6, 47.6), (10.4, 49.7)])
    narrow = fit_view([(9.1, 48.7), (9.3, 48.8)])
    assert narrow.zoom > wide.zoom
    single = fit_view([(9.65, 48.70)])
    assert (single.latitude, single.longitude) == (pytest.approx(48.70), pytest.approx(9.65))
    assert 8 <= single.zoom <= 12


def test_labels_do_not_overlap_and_the_active_one_stays(sample) -> None:
    m = build_region_map(sample, active_jcnr="JC62106")
    labels = m.label_records()
    assert labels[0]["text"] == "Göppingen"
    assert {"SC Freiburg", "SC Karlsruhe", "SC Ulm"} <= {lab["text"] for lab in labels}
    assert len(labels) < len(m.label_records(declutter=False)) == 47


def test_invalid_target_is_refused(sample) -> None:
    with pytest.raises(O7InputError, match="Zielwert"):
        build_region_map(sample, target=0)


def test_selection_records_mark_one_jobcenter_over_a_map_without_selection(sample) -> None:
    m = build_region_map(sample, active_jcnr="JC62106")
    assert not any(p.is_selected for p in m.points)
    picked = m.selection_records("99106")  # normal form like the map's own lookup
    (ring,) = picked["ring"]
    mannheim = m.point("JC99106")
    assert ring["jcnr"] == "JC99106" and ring["position"] == [mannheim.longitude, mannheim.latitude]
    assert ring["radius"] == round(bg_radius_m(13_900), 1) and ring["line_width"] == 4.0
    assert [(a["source"], a["width"]) for a in picked["arcs"]] == [
        ([a.source[0], a.source[1]], 3.0) for a in m.arcs if a.jcnr == "JC99106"
    ]
    assert picked["label"][0]["text"] == "Mannheim" and picked["label"][0]["size"] == 13
    assert m.selection_records(None) == m.selection_records("JC00000") == {"ring": [], "arcs": [], "label": []}


def test_table_rows_are_german(sample) -> None:
    rows = build_region_map(sample, active_jcnr="JC62106", active_reachability=0.55).table_rows()
    goe = next(r for r in rows if r["JCNR"] == "JC62106")
    assert goe["BG"] == "6.032"
    assert goe["Erreichbarkeit"] == f"{fmt.percent(0.55)} (aktive Planung)"
    assert goe["Einstufung"] == "deutlich unter Ziel"
    assert next(r for r in rows if r["Jobcenter"] == "JC Biberach")["Erreichbarkeit"] == fmt.DASH
