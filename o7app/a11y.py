"""Accessibility (BITV 2.0 / WCAG 2.1 AA) where Streamlit has no setting: page language, German UI texts.

Streamlit 1.67 serves ``<html lang="en">`` and has English texts of its own ("Press Enter to apply",
the file uploader's "Upload" and "Limit 20MB per file", aria-labels such as "Collapse sidebar",
"Download as CSV", "Fullscreen"), and the material icons of the navigation are ligature text that
screen readers read out ("database Start / Daten"). :func:`apply` (called once per run from
``app.py``) puts one constant script on the page that

- sets ``lang="de"`` on the document,
- replaces Streamlit's English texts (text, ``aria-label``, ``title``, ``placeholder``) by the
  German ones of the table in the script (whole strings only, so user data are never touched;
  of the help icon's "Help for <label>" only the prefix, the label stays),
- marks icon glyphs ``aria-hidden`` so that they stay out of accessible names,

and keeps doing so for everything Streamlit draws later (a ``MutationObserver``). The script is a
constant: no user data ever reaches it (tests/test_security.py). docs/barrierefreiheit.md explains
what was checked and why it is done this way.
"""

from __future__ import annotations

import streamlit as st


def apply() -> None:
    """Put the language and translation script on the page (once per run, from ``app.py``).

    The HTML is a literal (no user data can reach it); its table ``german`` maps Streamlit's
    English texts to German ones, whole strings only.
    """
    with st.container(key="o7_a11y"):
        st.html(
            """
<style>
.st-key-o7_a11y { display: none; }
</style>
<script>
(() => {
  const doc = window.document;
  if (window.__o7A11y) { return; }  // the observer of the first run keeps working
  const german = {
      "App pages": "Seiten der App",
      "Sidebar": "Seitenleiste",
      "Collapse sidebar": "Seitenleiste einklappen",
      "Expand sidebar": "Seitenleiste ausklappen",
      "Open sidebar": "Seitenleiste öffnen",
      "Close sidebar": "Seitenleiste schließen",
      "Skip to main content": "Zum Hauptinhalt springen",
      "Main menu": "Hauptmenü",
      "Press Enter to apply": "Eingabetaste zum Übernehmen",
      "Press Enter to submit form": "Eingabetaste zum Absenden",
      "Press ⌘+Enter to apply": "⌘+Eingabetaste zum Übernehmen",
      "Press Ctrl+Enter to apply": "Strg+Eingabetaste zum Übernehmen",
      "Upload": "Hochladen",
      "upload": "Hochladen",
      "file upload": "Datei hochladen",
      "Browse files": "Datei auswählen",
      "Drag and drop file here": "Datei hierher ziehen",
      "Drag and drop files here": "Dateien hierher ziehen",
      "Delete": "Löschen",
      "Remove file": "Datei entfernen",
      "Clear all": "Alle entfernen",
      "Choose an option": "Bitte auswählen",
      "No results": "Keine Treffer",
      "Open": "Öffnen",
      "Close": "Schließen",
      "Clear": "Leeren",
      "Clear value": "Auswahl leeren",
      "Clear all selections": "Auswahl leeren",
      "Download as CSV": "Als CSV herunterladen",
      "Download as PNG": "Als PNG herunterladen",
      "Download as SVG": "Als SVG herunterladen",
      "Save as PNG": "Als PNG speichern",
      "Save as SVG": "Als SVG speichern",
      "Copy Vega-Lite spec": "Vega-Lite-Beschreibung kopieren",
      "View Source": "Quelltext anzeigen",
      "View Compiled Vega": "Vega-Spezifikation anzeigen",
      "Open in Vega Editor": "Im Vega-Editor öffnen",
      "Download": "Herunterladen",
      "Fullscreen": "Vollbild",
      "Close fullscreen": "Vollbild schließen",
      "Exit fullscreen": "Vollbild beenden",
      "Search": "Suchen",
      "Show/hide columns": "Spalten ein-/ausblenden",
      "Link to heading": "Link zu dieser Überschrift",
      "Help": "Hilfe",
      "Tooltip": "Hinweis",
      "Running...": "Läuft …",
      "Stop": "Anhalten",
      "Rerun": "Neu ausführen",
      "Settings": "Einstellungen",
      "Print": "Drucken",
      "Show password text": "Passwort anzeigen",
      "Hide password text": "Passwort verbergen",
      "Sort ascending": "Aufsteigend sortieren",
      "Sort descending": "Absteigend sortieren",
      "Copy to clipboard": "In die Zwischenablage kopieren",
      "View fullscreen": "Vollbild anzeigen",
      "Toggle tooltip": "Hinweis ein-/ausblenden",
      "Increment": "Erhöhen",
      "Decrement": "Verringern",
      "Connecting": "Verbinde …",
      "Please wait...": "Bitte warten …",
    };
  const limit = /^(?:Limit )?(\\d+(?:[.,]\\d+)?)\\s*([KMG]B) per file/;
  const attrs = ["aria-label", "title", "placeholder", "aria-roledescription"];
  const iconSelector = '[data-testid="stIconMaterial"], [data-testid="stIconEmoji"], .material-symbols-rounded';
  const translate = (text) => {
    const key = text.trim();
    if (Object.prototype.hasOwnProperty.call(german, key)) { return text.replace(key, german[key]); }
    const prefix = key.match(/^(Fullscreen|Download as CSV|Download|Search): /);
    if (prefix && german[prefix[1]]) { return text.replace(prefix[1] + ":", german[prefix[1]] + ":"); }
    if (key.startsWith("Help for ")) { return text.replace("Help for ", "Hilfe zu "); }
    const m = key.match(limit);
    if (m) { return text.replace(m[0], "Höchstens " + m[1].replace(".", ",") + "\\u00a0" + m[2] + " je Datei"); }
    return null;
  };
  // one element and everything below it; called for the whole page once, then for what Streamlit adds
  const fixTree = (root) => {
    if (root.nodeType === 3) { fixText(root); return; }
    if (root.nodeType !== 1) { return; }
    if (root.matches(iconSelector)) { hide(root); }
    for (const el of root.querySelectorAll(iconSelector)) { hide(el); }
    for (const a of attrs) {
      if (root.hasAttribute(a)) { fixAttr(root, a); }
      for (const el of root.querySelectorAll("[" + a + "]")) { fixAttr(el, a); }
    }
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) { fixText(walker.currentNode); }
  };
  const hide = (el) => { if (el.getAttribute("aria-hidden") !== "true") { el.setAttribute("aria-hidden", "true"); } };
  const fixAttr = (el, a) => {
    const value = el.getAttribute(a);
    const t = value === null ? null : translate(value);
    if (t !== null) { el.setAttribute(a, t); }
  };
  const fixText = (node) => {
    const value = node.nodeValue;
    if (!value || value.length > 60 || !/[A-Za-z]/.test(value)) { return; }
    // an icon's ligature ("upload") is its glyph, not a word: translated, the icon font would spell it out
    if (node.parentElement && node.parentElement.closest(iconSelector)) { return; }
    const t = translate(value);
    if (t !== null) { node.nodeValue = t; }
  };
  const fix = () => {
    if (doc.documentElement.lang !== "de") { doc.documentElement.lang = "de"; }
    fixTree(doc.body);
  };
  // in the observer's own callback (a microtask, before the browser paints): only the nodes that changed, so a
  // page never shows an English text for a frame, and the page is done when Streamlit is done (issue 19)
  const onChange = (records) => {
    if (doc.documentElement.lang !== "de") { doc.documentElement.lang = "de"; }
    for (const r of records) {
      if (r.type === "childList") {
        for (const node of r.addedNodes) { fixTree(node); }
      } else if (r.type === "attributes") {
        fixAttr(r.target, r.attributeName);
      } else if (r.type === "characterData") {
        fixText(r.target);
      }
    }
  };
  window.__o7A11y = fix;
  new MutationObserver(onChange).observe(doc.documentElement, {
    childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: attrs,
  });
  fix();
})();
</script>
""",
            unsafe_allow_javascript=True,
        )
