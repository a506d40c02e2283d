/* frontline map page: events by type, control by holder and status, a time slider, shareable URLs.
 *
 * Report text is untrusted: every string from the API enters the page through textContent or
 * createTextNode, never as markup, and only http(s) links become anchors.
 */
"use strict";

(function () {
  const TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2980b9",
    "Riots": "#16a085",
    "Strategic developments": "#566573",
  };
  const HOLDER_PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
                          "#e377c2", "#bcbd22", "#7f7f7f", "#393b79", "#637939"];
  const TIME_PRECISION = {1: "exact day", 2: "within a week", 3: "within a month"};
  const GEO_PRECISION = {1: "town", 2: "near a town / part of a region", 3: "province or wider"};
  const STATUS_TEXT = {
    assessed: "held (assessed)", claimed: "held (claimed by a party)",
    contested: "contested", besieged: "besieged",
  };
  const DAY_MS = 86400000;

  const state = {
    meta: null, days: [], events: [], markers: [], fields: null,
    dayIndex: 0, window: 0, playing: null, controlSeq: 0, holderColours: new Map(), selected: null,
  };
  // Read by tests and the map benchmark: when the markers are drawn and what the control layer shows.
  const probe = window.__frontline = {eventsDrawn: -1, drawnAt: null, marks: {}, outlines: 0, tiles: null, controlDay: null, controlCount: -1, detailShown: null};

  const $ = (id) => document.getElementById(id);
  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function safeHref(url) {
    if (typeof url !== "string") return null;
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }
  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function dayMs(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function setStatus(text) { $("status").textContent = text; }
  async function getJSON(url) {
    const response = await fetch(url, {headers: {"Accept": "application/json"}});
    // A proxy or a crashed worker may answer with HTML: say what happened instead of a JSON parse error.
    let body = null;
    try { body = await response.json(); } catch (err) { body = null; }
    if (!response.ok) throw new Error(body && body.error ? body.error.message : "HTTP " + response.status);
    if (body === null) throw new Error("the server's answer was not JSON");
    return body;
  }

  // ---- URL state -------------------------------------------------------------------------
  const params = new URLSearchParams(location.search);
  function writeUrl() {
    const p = new URLSearchParams();
    const put = (k, v) => { if (v !== null && v !== undefined && v !== "") p.set(k, v); };
    put("actor", $("f-actor").value.trim());
    put("type", $("f-type").value);
    put("from", $("f-from").value);
    put("to", $("f-to").value);
    if (state.days.length) put("at", state.days[state.dayIndex]);
    if (state.window) put("win", String(state.window));
    if (state.selected) put("ev", state.selected);
    const c = map.getCenter();
    p.set("z", String(map.getZoom()));
    p.set("ll", c.lat.toFixed(4) + "," + c.lng.toFixed(4));
    history.replaceState(null, "", location.pathname + "?" + p.toString());
  }

  // ---- map and basemap ------------------------------------------------------------------
  const map = L.map("map", {preferCanvas: true, zoomControl: true, worldCopyJump: true});
  map.createPane("outlines");
  map.getPane("outlines").style.zIndex = "250";
  const canvas = L.canvas({padding: 0.3});
  const outlineStyle = {color: "#6b7a89", weight: 1, fillColor: "#f3f1ea", fillOpacity: 1, pane: "outlines", interactive: false};
  let outlines = null;
  fetch("/static/basemap/countries.geojson").then((r) => r.json()).then((data) => {
    outlines = L.geoJSON(data, {style: () => outlineStyle, pane: "outlines", interactive: false}).addTo(map);
    probe.outlines = outlines.getLayers().length;
    if (tilesOnline) outlines.setStyle({fillOpacity: 0});
  }).catch(() => setStatus("no basemap"));
  // Online tiles when reachable; the shipped outlines stay underneath and take over when not.
  let tilesOnline = false;
  let tilesFailed = false;
  const tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18, attribution: "&copy; OpenStreetMap contributors",
  });
  tiles.on("tileload", () => {
    if (!tilesOnline) { tilesOnline = true; probe.tiles = "online"; if (outlines) outlines.setStyle({fillOpacity: 0}); }
  });
  tiles.on("tileerror", () => {
    if (!tilesOnline && !tilesFailed) {
      tilesFailed = true;
      probe.tiles = "offline";
      map.removeLayer(tiles);
      map.attributionControl.addAttribution("Offline basemap: Natural Earth");
    }
  });
  tiles.addTo(map);

  const eventLayer = L.layerGroup().addTo(map);
  const controlLayer = L.layerGroup().addTo(map);

  // ---- legend --------------------------------------------------------------------------
  const legend = L.control({position: "bottomright"});
  let holderLegend = null;
  legend.onAdd = function () {
    const box = el("div", null, "legend");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    box.append(el("h3", "Events"));
    for (const [type, colour] of Object.entries(TYPE_COLOURS)) {
      const row = el("div", null, "row");
      const dot = el("span", null, "swatch");
      dot.style.background = colour;
      row.append(dot, el("span", type));
      box.append(row);
    }
    const faint = el("div", null, "row");
    const faintDot = el("span", null, "swatch");
    faintDot.style.background = "#999";
    faintDot.style.opacity = "0.45";
    faint.append(faintDot, el("span", "faint, dashed: claimed / unconfirmed"));
    box.append(faint);
    box.append(el("h3", "Control"));
    for (const status of ["assessed", "claimed", "contested", "besieged"]) {
      const row = el("div", null, "row");
      row.append(controlMark(status, "#888888", "#ffffff"), el("span", STATUS_TEXT[status]));
      box.append(row);
    }
    holderLegend = el("div");
    box.append(el("h3", "Holders and challengers"), holderLegend);
    return box;
  };
  legend.addTo(map);

  function holderColour(name) {
    if (!state.holderColours.has(name)) {
      let h = 0;
      for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
      // Prefer a palette slot no other holder uses yet, starting from the name's hash.
      const used = new Set(state.holderColours.values());
      let slot = h % HOLDER_PALETTE.length;
      for (let k = 0; k < HOLDER_PALETTE.length && used.has(HOLDER_PALETTE[slot]); k++) slot = (slot + 1) % HOLDER_PALETTE.length;
      state.holderColours.set(name, HOLDER_PALETTE[slot]);
    }
    return state.holderColours.get(name);
  }

  function controlMark(status, colour, challengerColour) {
    const mark = el("span", null, "ctl " + status);
    if (status === "claimed") {
      mark.style.borderColor = colour;
      mark.style.background = "repeating-linear-gradient(45deg, " + colour + " 0 2px, #ffffff 2px 4px)";
    } else if (status === "contested") {
      mark.style.background = "linear-gradient(90deg, " + colour + " 50%, " + challengerColour + " 50%)";
    } else {
      mark.style.background = colour;
    }
    return mark;
  }

  // ---- events --------------------------------------------------------------------------
  function eventFilterQuery() {
    const q = new URLSearchParams();
    const actor = $("f-actor").value.trim();
    if (actor) q.set("actor", actor);
    if ($("f-type").value) q.set("type", $("f-type").value);
    if ($("f-from").value) q.set("since", $("f-from").value);
    if ($("f-to").value) q.set("until", $("f-to").value);
    return q;
  }

  async function loadEvents() {
    setStatus("loading events…");
    const data = await getJSON("/api/map/events?" + eventFilterQuery().toString());
    probe.marks.eventsFetched = performance.now();
    const f = {};
    data.fields.forEach((name, i) => { f[name] = i; });
    state.fields = f;
    state.events = data.rows;
    state.markers = data.rows.map((row) => {
      const reported = row[f.claim_status] === "reported";
      const marker = L.circleMarker([row[f.latitude], row[f.longitude]], {
        renderer: canvas, radius: row[f.geo_precision] > 1 ? 5 : 6, weight: 1, color: "#1d232a",
        fillColor: TYPE_COLOURS[row[f.event_type]] || "#333", fillOpacity: reported ? 0.85 : 0.4,
        dashArray: reported ? null : "2,2",
      });
      marker.eventId = row[f.id];
      marker.startMs = row[f.date_start] ? dayMs(row[f.date_start]) : null;
      marker.endMs = row[f.date_end] ? dayMs(row[f.date_end]) : marker.startMs;
      marker.on("click", () => showEvent(marker.eventId));
      return marker;
    });
    probe.marks.markersBuilt = performance.now();
    setStatus(data.rows.length + " events" + (data.truncated ? " (first " + data.rows.length + " shown)" : ""));
  }

  function drawEvents() {
    const day = state.days.length ? dayMs(state.days[state.dayIndex]) : null;
    const from = state.window && day !== null ? day - (state.window - 1) * DAY_MS : null;
    const visible = state.markers.filter((m) => {
      if (day === null || m.startMs === null) return true;
      if (m.startMs > day) return false;
      return from === null || (m.endMs !== null ? m.endMs : m.startMs) >= from;
    });
    eventLayer.clearLayers();
    for (const m of visible) eventLayer.addLayer(m);
    probe.marks.layersAdded = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      probe.eventsDrawn = visible.length;
      probe.drawnAt = performance.now();
      document.body.dataset.eventsDrawn = String(visible.length);
    }));
  }

  // ---- control -------------------------------------------------------------------------
  async function drawControl() {
    if (!state.days.length) return;
    const day = state.days[state.dayIndex];
    const seq = ++state.controlSeq;
    const data = await getJSON("/api/control?at=" + encodeURIComponent(day));
    if (seq !== state.controlSeq) return;  // a later slider move already asked for another day
    controlLayer.clearLayers();
    const holders = new Set();
    for (const s of data.states) {
      const colour = holderColour(s.holder);
      holders.add(s.holder);
      if (s.challenger) holders.add(s.challenger);
      const mark = controlMark(s.status, colour, s.challenger ? holderColour(s.challenger) : "#ffffff");
      mark.dataset.place = s.place;
      mark.dataset.holder = s.holder;
      mark.dataset.status = s.status;
      // Names make the offline basemap readable (it has borders but no towns); shown when few or zoomed in.
      const wrap = el("div", null, "ctl-wrap");
      wrap.append(mark, el("span", s.place, "ctl-name"));
      // The mark sits just above-right of the place, so event markers at the place stay clickable.
      const icon = L.divIcon({html: wrap, className: "ctl-icon", iconSize: [18, 18], iconAnchor: [-4, 22]});
      const marker = L.marker([s.latitude, s.longitude], {icon: icon, keyboard: false, zIndexOffset: 500});
      const tip = el("div");
      tip.append(el("b", s.place), el("div", s.holder + " — " + (STATUS_TEXT[s.status] || s.status)),
                 el("div", "since " + s.since + ", confidence " + Number(s.confidence).toFixed(2)));
      if (s.challenger) tip.append(el("div", "challenged by " + s.challenger));
      marker.bindTooltip(tip, {direction: "top", offset: [0, -8]});
      marker.on("click", () => showPlace(s.gazetteer_id, s.place));
      controlLayer.addLayer(marker);
    }
    if (holderLegend) {
      holderLegend.replaceChildren();
      for (const name of [...holders].sort()) {
        const row = el("div", null, "row");
        const dot = el("span", null, "swatch");
        dot.style.background = holderColour(name);
        row.append(dot, el("span", name));
        holderLegend.append(row);
      }
    }
    showNames();
    probe.controlDay = day;
    probe.controlCount = data.states.length;
    document.body.dataset.controlDay = day;
  }

  function showNames() {
    const few = controlLayer.getLayers().length <= 60;
    map.getContainer().classList.toggle("show-names", few || map.getZoom() >= 9);
  }
  map.on("zoomend", showNames);

  // ---- side panel ----------------------------------------------------------------------
  function openPanel(nodes) {
    const body = $("panel-body");
    body.replaceChildren(...nodes);
    $("panel").hidden = false;
    map.invalidateSize();
  }
  $("panel-close").addEventListener("click", () => {
    $("panel").hidden = true;
    state.selected = null;
    map.invalidateSize();
    writeUrl();
  });

  function field(dl, label, value) {
    if (value === null || value === undefined || value === "") return;
    dl.append(el("dt", label));
    const dd = el("dd");
    if (value instanceof Node) dd.append(value); else dd.textContent = String(value);
    dl.append(dd);
  }

  async function showEvent(id) {
    state.selected = id;
    writeUrl();
    let data;
    try {
      data = await getJSON("/api/events/" + encodeURIComponent(id));
    } catch (err) {
      openPanel([el("p", "Cannot show this event: " + err.message)]);
      return;
    }
    const e = data.event;
    const nodes = [el("h2", e.sub_event_type + (e.location ? " — " + e.location : ""))];
    const dl = el("dl");
    const actors = (e.actor1 || "unknown") + (e.assoc_actor_1 ? " (with " + e.assoc_actor_1 + ")" : "");
    field(dl, "Actor 1", actors);
    field(dl, "Actor 2", e.actor2 ? e.actor2 + (e.assoc_actor_2 ? " (with " + e.assoc_actor_2 + ")" : "") : null);
    field(dl, "Type", e.event_type);
    const dates = e.date_start + (e.date_end && e.date_end !== e.date_start ? " to " + e.date_end : "");
    field(dl, "Date", dates + " (" + (TIME_PRECISION[e.time_precision] || "precision " + e.time_precision) + ")");
    const where = (e.relative_location ? e.relative_location + " " : "") + (e.location || "?") + (e.admin1 ? ", " + e.admin1 : "");
    field(dl, "Place", where + " (" + (GEO_PRECISION[e.geo_precision] || "precision " + e.geo_precision) + ")");
    const claim = el("span");
    claim.append(el("span", e.claim_status, "badge " + e.claim_status));
    if (e.claim_source) {
      claim.append(document.createTextNode(" source: " + e.claim_source + (e.claim_verb ? " (" + e.claim_verb + ")" : "")));
    }
    if (e.claim_affiliation) claim.append(document.createTextNode(", speaks for " + e.claim_affiliation));
    field(dl, "Claim", claim);
    field(dl, "Fatalities", e.fatalities);
    const doc = data.document;
    if (doc) {
      field(dl, "Outlet", doc.publisher || "unknown outlet");
      field(dl, "Published", doc.published);
      const href = safeHref(doc.url);
      if (href) {
        const a = el("a", doc.title || href);
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        field(dl, "Report", a);
      } else {
        field(dl, "Report", doc.title || doc.id);
      }
    }
    nodes.push(dl);
    if (data.evidence) {
      const ev = data.evidence;
      const report = el("div", null, "report");
      if (ev.truncated_before) report.append(document.createTextNode("… "));
      report.append(document.createTextNode(ev.before));
      const mark = el("mark", ev.sentence);
      mark.id = "evidence";
      report.append(mark, document.createTextNode(ev.after));
      if (ev.truncated_after) report.append(document.createTextNode(" …"));
      nodes.push(el("h3", "Evidence in the report"), report);
      openPanel(nodes);
      mark.scrollIntoView({block: "center"});
    } else {
      openPanel(nodes);
    }
    probe.detailShown = id;
  }

  async function showPlace(key, name) {
    let data;
    try {
      data = await getJSON("/api/places/" + encodeURIComponent(key) + "/timeline");
    } catch (err) {
      openPanel([el("p", "No timeline for " + name + ": " + err.message)]);
      return;
    }
    const nodes = [];
    for (const p of data.places) {
      nodes.push(el("h2", p.place + (p.admin1 ? ", " + p.admin1 : "")));
      for (const s of p.states) {
        const row = el("div", null, "timeline-row");
        row.append(controlMark(s.status, holderColour(s.holder), s.challenger ? holderColour(s.challenger) : "#fff"),
                   document.createTextNode(" " + s.since + (s.until ? " – " + s.until : " –") + ": " + s.holder +
                                           " (" + (STATUS_TEXT[s.status] || s.status) + ", " + s.evidence.length + " reports)"));
        nodes.push(row);
      }
    }
    openPanel(nodes);
  }

  // ---- time slider ---------------------------------------------------------------------
  function setDay(index, {redrawControl = true} = {}) {
    state.dayIndex = Math.max(0, Math.min(index, state.days.length - 1));
    $("slider").value = String(state.dayIndex);
    $("day-label").textContent = state.days[state.dayIndex] || "–";
    drawEvents();
    if (redrawControl) drawControl().catch((err) => setStatus("control: " + err.message));
    writeUrl();
  }

  function buildDays() {
    const lo = $("f-from").value || (state.meta && state.meta.date_min);
    const hi = $("f-to").value || (state.meta && state.meta.date_max);
    state.days = [];
    if (!lo || !hi) return;
    for (let t = dayMs(lo); t <= dayMs(hi) && state.days.length < 20000; t += DAY_MS) state.days.push(isoDay(t));
    $("slider").max = String(Math.max(0, state.days.length - 1));
  }

  $("slider").addEventListener("input", () => setDay(Number($("slider").value)));
  $("f-window").addEventListener("change", () => { state.window = Number($("f-window").value); drawEvents(); writeUrl(); });
  $("play").addEventListener("click", () => {
    if (state.playing) { stopPlay(); return; }
    if (state.dayIndex >= state.days.length - 1) setDay(0);
    $("play").textContent = "❚❚";
    $("play").setAttribute("aria-label", "Pause");
    state.playing = setInterval(() => {
      if (state.dayIndex >= state.days.length - 1) { stopPlay(); return; }
      setDay(state.dayIndex + 1);
    }, 600);
  });
  function stopPlay() {
    clearInterval(state.playing);
    state.playing = null;
    $("play").textContent = "▶";
    $("play").setAttribute("aria-label", "Play");
  }

  $("filters").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    await reload(null);
  });
  $("f-reset").addEventListener("click", async () => {
    for (const id of ["f-actor", "f-type", "f-from", "f-to"]) $(id).value = "";
    await reload(null);
  });

  async function reload(atDay) {
    buildDays();
    await loadEvents();
    const wanted = atDay ? state.days.indexOf(atDay) : -1;
    setDay(wanted >= 0 ? wanted : state.days.length - 1);
  }

  // ---- start ---------------------------------------------------------------------------
  async function start() {
    const ll = (params.get("ll") || "").split(",").map(Number);
    if (ll.length === 2 && ll.every(Number.isFinite) && params.get("z")) {
      map.setView(ll, Number(params.get("z")) || 6);
    } else {
      map.setView([35.0, 38.5], 6);
    }
    map.on("moveend", writeUrl);
    $("f-actor").value = params.get("actor") || "";
    $("f-from").value = params.get("from") || "";
    $("f-to").value = params.get("to") || "";
    if (params.get("type")) {
      const o = el("option", params.get("type"));
      o.value = params.get("type");
      $("f-type").append(o);
      $("f-type").value = o.value;
    }
    state.window = Number(params.get("win")) || 0;
    $("f-window").value = String(state.window);
    // The filter lists and the events are fetched together: the events are the long part.
    const events = loadEvents().then(() => null, (err) => err);
    try {
      state.meta = await getJSON("/api/meta");
      probe.marks.meta = performance.now();
    } catch (err) {
      setStatus("cannot reach the API: " + err.message);
      return;
    }
    const list = $("actor-list");
    for (const name of state.meta.actors) { const o = el("option"); o.value = name; list.append(o); }
    const select = $("f-type");
    const known = new Set([...select.options].map((o) => o.value));
    for (const t of [...state.meta.event_types, ...state.meta.sub_event_types]) {
      if (known.has(t)) continue;
      known.add(t);
      const o = el("option", t);
      o.value = t;
      select.append(o);
    }
    const failed = await events;
    if (failed) { setStatus("cannot load events: " + failed.message); return; }
    buildDays();
    const wanted = params.get("at") ? state.days.indexOf(params.get("at")) : -1;
    setDay(wanted >= 0 ? wanted : state.days.length - 1);
    if (!params.get("ll") && state.markers.length && state.markers.length < 5000) {
      map.fitBounds(L.featureGroup(state.markers).getBounds().pad(0.2), {maxZoom: 9});
    }
    if (params.get("ev")) showEvent(params.get("ev"));
  }
  // Where a drawn event marker sits on screen (for tests that click it like a user would).
  probe.markerPoint = (id) => {
    const m = state.markers.find((x) => x.eventId === id);
    if (!m || !eventLayer.hasLayer(m)) return null;
    const p = map.latLngToContainerPoint(m.getLatLng());
    const box = $("map").getBoundingClientRect();
    return {x: box.left + p.x, y: box.top + p.y};
  };
  probe.days = () => state.days.slice();
  start();
})();
