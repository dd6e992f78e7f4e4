"""Hardening: the Streamlit settings, no raw HTML, hostile text stays text, user data stay in the session.

The source checks read the app's code (``app.py``, ``pages/``, ``o7app/``) with ``ast`` rather than
by eye, so that a later page cannot quietly bring in ``unsafe_allow_html``, a shared cache of
uploaded data or a file written on the server.
"""

from __future__ import annotations

import ast
import html
import io
import tomllib
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, streamlit_options

APP_SOURCES = sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "o7app").glob("*.py")])
HOSTILE_NAMES = ['=HYPERLINK("http://x","y")', "<script>alert(1)</script>", "+49 7161 1234", "@SUMME(A1:A9)"]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _name(func: ast.expr) -> str:
    """Dotted name of a call target (``st.cache_data``, ``components.v1.html``, ``frame.to_csv``)."""
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    elif isinstance(func, ast.Call):
        parts.append(_name(func.func) + "()")
    return ".".join(reversed(parts))


def _where(path: Path, node: ast.AST, root: Path = ROOT) -> str:
    return f"{path.relative_to(root).as_posix()}:{getattr(node, 'lineno', '?')}"


def test_app_sources_are_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in APP_SOURCES}
    assert {"app.py", "pages/daten.py", "pages/planung.py", "o7app/state.py"} <= names


# --------------------------------------------------------------------------- settings


def test_streamlit_config_is_hardened() -> None:
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert 1 <= cfg["server"]["maxUploadSize"] <= 20
    assert cfg["server"]["enableXsrfProtection"] is True
    assert cfg["server"]["enableCORS"] is True  # Streamlit turns XSRF off again without it
    # static/ is served (the Karte's deck.gl); tests/app/test_karte_map.py pins that nothing else lies there
    assert cfg["server"]["enableStaticServing"] is True
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["client"]["showErrorDetails"] in {"none", "type"}
    assert cfg["client"].get("showErrorLinks") == "false"
    assert cfg["theme"]["base"] == "light"


def test_streamlit_accepts_the_config_as_written() -> None:
    """Streamlit itself reads .streamlit/config.toml from the working directory: the values must survive."""
    shown = streamlit_options(
        "server.maxUploadSize",
        "server.enableXsrfProtection",
        "browser.gatherUsageStats",
        "client.showErrorDetails",
        "client.showErrorLinks",
        "theme.primaryColor",
    )
    assert shown == {
        "server.maxUploadSize": 20,
        "server.enableXsrfProtection": True,
        "browser.gatherUsageStats": False,
        "client.showErrorDetails": "none",
        "client.showErrorLinks": "false",
        "theme.primaryColor": "#0b5394",
    }


# --------------------------------------------------------------------------- no raw HTML


def test_no_unsafe_html_anywhere_in_the_app() -> None:
    found = []
    for path in APP_SOURCES:
        for call in _calls(_tree(path)):
            name = _name(call.func)
            for kw in call.keywords:
                if kw.arg == "unsafe_allow_html" and not (
                    isinstance(kw.value, ast.Constant) and kw.value.value is False
                ):
                    found.append(f"{_where(path, call)} {name}(unsafe_allow_html=…)")
            is_html = name in {"st.html", "html"} or name.endswith(("components.html", "v1.html", "components.iframe"))
            if is_html and not all(_safe_html(a) for a in call.args):
                found.append(f"{_where(path, call)} {name}(…) with computed content")
    assert found == [], "raw HTML with computed content: " + "; ".join(found)


def _safe_html(arg: ast.expr) -> bool:
    """A constant, or the output of ``table_html``, the one builder that escapes every cell it is given."""
    return isinstance(arg, ast.Constant) or (
        isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "table_html"
    )


@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_table_html_keeps_hostile_text_text(hostile: str) -> None:
    """Header and cells of an uploaded file's names come out escaped: no tag, no attribute, no entity of theirs."""
    import pandas as pd

    from o7app.present import table_html

    frame = pd.DataFrame({hostile: [hostile, "1.234"], "Wert": ['"><img src=x onerror=alert(1)>', "5,0 %"]})
    out = table_html(frame)
    assert "<script" not in out and "<img" not in out and "onerror=alert(1)>" not in out
    assert out.count(html.escape(hostile, quote=True)) >= 2  # header and cell, as text
    assert html.unescape(out).count(hostile) >= 2


def test_the_html_check_catches_what_it_should() -> None:
    """The check above must be able to fail: fed a bad page, it finds both forms."""
    bad = ast.parse(
        'st.markdown(name, unsafe_allow_html=True)\nst.html(f"<b>{name}</b>")\nst.html("<hr>")\n'
        "st.html(table_html(frame))\nst.html(other_html(frame))"
    )
    hits = []
    for call in _calls(bad):
        if any(kw.arg == "unsafe_allow_html" for kw in call.keywords):
            hits.append("unsafe")
        if _name(call.func) == "st.html" and not all(_safe_html(a) for a in call.args):
            hits.append("html")
    assert hits == ["unsafe", "html", "html"]


# --------------------------------------------------------------------------- user data stay in the session

FILE_WRITERS = {"write_bytes", "write_text", "to_csv", "to_excel", "to_json", "to_parquet", "to_pickle", "mkstemp"}


def _data_escapes(path: Path, *, root: Path = ROOT) -> list[str]:
    """Shared caches of data, and files written on the server, in one source file."""
    found = []

    def _where(p: Path, node: ast.AST) -> str:
        return f"{p.relative_to(root).as_posix()}:{getattr(node, 'lineno', '?')}"

    tree = _tree(path)
    for call in _calls(tree):
        name = _name(call.func)
        short = name.rsplit(".", 1)[-1]
        kw = {k.arg: k.value for k in call.keywords}
        if short == "cache_resource":
            found.append(f"{_where(path, call)} st.cache_resource (shared by all sessions)")
        if short == "cache_data":
            scope = kw.get("scope")
            if not (isinstance(scope, ast.Constant) and scope.value == "session"):
                found.append(f'{_where(path, call)} st.cache_data without scope="session"')
        if short == "open" and name in {"open", "io.open"}:
            mode = call.args[1] if len(call.args) > 1 else kw.get("mode")
            if isinstance(mode, ast.Constant) and any(ch in str(mode.value) for ch in "wax+"):
                found.append(f"{_where(path, call)} open(…, {mode.value!r}) writes a file")
        if short in FILE_WRITERS and (call.args or "path_or_buf" in kw or "excel_writer" in kw):
            found.append(f"{_where(path, call)} {name}(…) writes a file")
        if name.startswith("tempfile."):
            found.append(f"{_where(path, call)} {name} creates a file")
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                dname = _name(target)
                # st.cache_data / st.cache_resource used as a bare decorator
                if dname.endswith(("cache_data", "cache_resource")) and not isinstance(deco, ast.Call):
                    found.append(f"{_where(path, node)} @{dname} (shared by all sessions)")
                # functools caches are process-wide: only for constants (no arguments), never for user data
                if dname.rsplit(".", 1)[-1] in {"lru_cache", "cache"} and (node.args.args or node.args.kwonlyargs):
                    found.append(f"{_where(path, node)} @{dname} on {node.name}() with arguments")
    return found


def test_uploaded_data_never_reach_a_shared_cache_or_a_file() -> None:
    found = [hit for path in APP_SOURCES for hit in _data_escapes(path)]
    assert found == [], "user data could leave the session: " + "; ".join(found)


def test_the_data_check_catches_what_it_should(tmp_path: Path) -> None:
    """The check above must be able to fail: fed a bad page, it finds each escape and spares the good forms."""
    bad = tmp_path / "bad_page.py"
    bad.write_text(
        "import functools, streamlit as st\n"
        "@st.cache_resource\n"
        "def shared(raw): return raw\n"
        "@st.cache_data(ttl=60)\n"
        "def data(raw): return raw\n"
        "@functools.lru_cache\n"
        "def parsed(raw): return raw\n"
        "open('upload.csv', 'wb').write(b'')\n"
        "frame.to_csv('out.csv')\n"
        "text = frame.to_csv()\n"  # to a string: fine
        "@st.cache_data(scope='session')\n"
        "def own(raw): return raw\n"
        "@functools.lru_cache(maxsize=1)\n"
        "def sample(): return 1\n",
        encoding="utf-8",
    )
    hits = _data_escapes(bad, root=tmp_path)
    lines = sorted(int(h.split(" ", 1)[0].split(":")[1]) for h in hits)
    # 3: cache_resource, 4: cache_data without scope, 7: lru_cache with an argument, 8: open(…, "wb"), 9: to_csv(path)
    assert lines == [3, 4, 7, 8, 9], hits


# --------------------------------------------------------------------------- hostile text


def _elements_showing(node, text: str) -> list:
    found = []
    for child in getattr(node, "children", {}).values():
        value = getattr(child, "value", None)
        if isinstance(value, str) and text in value:
            found.append(child)
        found.extend(_elements_showing(child, text))
    return found


@pytest.mark.parametrize("hostile", HOSTILE_NAMES[:2])
def test_hostile_jobcenter_name_is_shown_as_text(hostile: str) -> None:
    """Typed into the Daten page, the name reaches headings and captions as text, never as HTML.

    (AppTest sees the elements Streamlit sends; ``tests/browser/test_daten.py`` checks the drawn page.)
    """
    from tests.app.conftest import assert_clean, open_app, show

    at = open_app(opened=True)
    at.text_input(key="w_md_name").set_value(hostile).run()
    at.run()  # the heading above the input shows the name from the next run on
    assert_clean(at)
    assert at.session_state["o7_scenario"].jobcenter.name == hostile
    for page in ("daten", "planung"):
        if page != "daten":
            show(at, page)
            assert_clean(at)
        shown = [e for e in _elements_showing(at._tree, hostile) if e.type != "text_input"]
        assert shown, f"{page}: the name is not shown"
        # the only raw HTML: the constant page style (o7app.present), the constant language/German-texts
        # script (o7app.a11y, which carries a <style> too) and the escaped tables: never the name as HTML
        for h in at.get("html"):
            assert "<style>" in h.proto.body or h.proto.body.startswith('<div class="o7-table"'), h.proto.body[:80]
            assert hostile not in h.proto.body or html.escape(hostile, quote=True) == hostile
        for element in shown:
            assert getattr(element.proto, "allow_html", False) is False, (page, element.type)


@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_hostile_jobcenter_name_is_exported_as_text_not_formula(hostile: str) -> None:
    appendix_mod = pytest.importorskip("o7core.appendix")
    export_xlsx = pytest.importorskip("o7core.export_xlsx")
    export_pdf = pytest.importorskip("o7core.export_pdf")
    from o7core.scenario import load_scenario

    sample = load_scenario(ROOT / "sample_data" / "goeppingen_scenario.json")
    scenario = replace(
        sample,
        jobcenter=replace(sample.jobcenter, name=hostile),
        service_center=hostile,
        agreement=replace(sample.agreement, other_agreements=hostile, place_jobcenter=hostile),
    )
    appendix = appendix_mod.appendix_for(scenario)

    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx.to_xlsx(appendix)))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    formulas = [f"{c.parent.title}!{c.coordinate}={c.value!r}" for c in cells if c.data_type == "f"]
    assert formulas == [], "user text became a formula: " + "; ".join(formulas)
    holding = [c for c in cells if isinstance(c.value, str) and hostile in c.value]
    assert holding, "the name is missing from the XLSX"
    assert all(c.data_type == "s" for c in holding)

    text = " ".join(
        " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(export_pdf.to_pdf(appendix))).pages).split()
    )
    assert " ".join(hostile.split()) in text
