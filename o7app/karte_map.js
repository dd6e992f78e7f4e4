// The Karte's map: a pydeck deck (its JSON, made in o7app/deck.py) drawn by deck.gl in the page, and a click on a
// Jobcenter sent to Python as the trigger value "jcnr".
//
// Why not st.pydeck_chart (issue 19): its selection redraws the whole deck (greying out everything not picked)
// before it sends the click to the server, and every rerun parses and rebuilds every layer of the deck again. Here a
// click is sent at once; a rerun replaces only the layers whose JSON changed (the selection's), and the view stays
// where the user left it until the region changes (data.view_key).
//
// deck.gl 9.4.0 (MIT, static/deckgl-9.4.0) is loaded once per page from the app's static folder.

const ASSETS = "app/static/deckgl-9.4.0/";

// Streamlit serves the static folder at <base path>/app/static/, beside its own bundle at <base path>/static/js/:
// the base path comes from the bundle's address, so that a page's URL or a proxy's prefix does not matter.
function assetUrl(name) {
  const bundle = document.querySelector('script[src*="/static/js/"]');
  const base = bundle ? new URL("../../", bundle.src) : new URL("./", document.baseURI);
  return new URL(ASSETS + name, base).href;
}
const TILE_URL = "https://basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png";

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = assetUrl(src);
    script.async = true;
    script.onload = resolve;
    script.onerror = () => reject(new Error("deck.gl konnte nicht geladen werden: " + src));
    document.head.appendChild(script);
  });
}

function loadDeck() {
  if (!window.__o7DeckGl) {
    window.__o7DeckGl = (async () => {
      await loadScript("deck.gl.min.js");
      const core = window.deck;
      await loadScript("deck.gl-json.min.js"); // its UMD wrapper assigns window.deck as well
      const json = window.deck;
      window.deck = core;
      const converter = new json.JSONConverter({ configuration: new json.JSONConfiguration({ classes: core }) });
      return { deck: core, converter };
    })();
  }
  return window.__o7DeckGl;
}

function tileLayer(deck) {
  return new deck.TileLayer({
    id: "kacheln",
    data: TILE_URL,
    minZoom: 0,
    maxZoom: 19,
    tileSize: 256,
    onTileError: () => {}, // offline or blocked: the map stays readable without tiles (the page says so)
    renderSubLayers: (props) => {
      const { west, south, east, north } = props.tile.bbox;
      return new deck.BitmapLayer(props, { data: null, image: props.data, bounds: [west, south, east, north] });
    },
  });
}

// The layers of the new JSON; a layer whose JSON is unchanged keeps its instance, so deck.gl leaves it alone.
function layersFor(state, spec, converter) {
  const previous = state.layers || new Map();
  const next = new Map();
  const layers = [];
  for (const layerJson of spec.layers || []) {
    const text = JSON.stringify(layerJson);
    const kept = previous.get(layerJson.id);
    const layer = kept && kept.text === text ? kept.layer : converter.convert(layerJson);
    next.set(layerJson.id, { text, layer });
    layers.push(layer);
  }
  state.layers = next;
  return layers;
}

export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  let host = parentElement.querySelector(".o7-karte");
  if (!host) {
    host = document.createElement("div");
    host.className = "o7-karte";
    host.setAttribute("data-testid", "o7KarteMap");
    host.setAttribute("role", "figure");
    parentElement.appendChild(host);
  }
  host.style.height = data.height + "px";
  host.setAttribute("aria-label", data.alt);
  const state = host.__o7 || (host.__o7 = {});
  state.setTriggerValue = setTriggerValue;
  state.removed = false;

  loadDeck()
    .then(({ deck, converter }) => {
      if (state.removed) {
        return; // the map left the page while deck.gl was loading
      }
      const specText = JSON.stringify(data.deck);
      if (state.deck && state.specText === specText) {
        return; // a rerun that changed nothing on the map
      }
      state.specText = specText;
      const spec = data.deck;
      const layers = layersFor(state, spec, converter);
      if (spec.mapProvider === "carto") {
        // pydeck's Carto basemap is a vector style for MapLibre; the same Positron map as raster tiles needs
        // nothing but deck.gl
        layers.unshift(state.tileLayer || (state.tileLayer = tileLayer(deck)));
      }
      const tooltip = data.tooltip;
      if (!state.deck || state.viewKey !== data.view_key) {
        if (state.deck) {
          state.deck.finalize();
        }
        state.viewKey = data.view_key;
        state.deck = new deck.Deck({
          parent: host,
          initialViewState: spec.initialViewState,
          controller: (spec.views && spec.views[0] && spec.views[0].controller) || true,
          layers,
          getTooltip: ({ object }) =>
            object && object.tooltip ? { text: object.tooltip, style: tooltip.style } : null,
          onClick: (info) => {
            const jcnr = info && info.object && info.object.jcnr;
            if (jcnr) {
              state.setTriggerValue("jcnr", jcnr);
            }
          },
          getCursor: ({ isHovering, isDragging }) => (isDragging ? "grabbing" : isHovering ? "pointer" : "grab"),
        });
      } else {
        state.deck.setProps({ layers });
      }
    })
    .catch((error) => {
      host.textContent = "Die Karte kann nicht gezeichnet werden: " + error.message;
    });

  // Streamlit calls this when the map leaves the page (its group closed, another page): the WebGL context goes
  // with it, so that page switches do not pile up contexts (a browser keeps only about 16).
  return () => {
    state.removed = true;
    if (state.deck) {
      state.deck.finalize();
      state.deck = null;
      state.layers = null;
      state.specText = null;
    }
  };
}
