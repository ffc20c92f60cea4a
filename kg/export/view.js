"use strict";
// The offline view: the graph drawn by sigma.js (WebGL) from the positions computed in Python,
// with search, filters (kind, minimum articles, time window) and the info panel. Inlined by
// kg/export/html.py after graphology and sigma.
(function () {
  const phases = { start: Math.round(performance.now()) };  // ms since the page was opened, per loading step
  const mark = (name) => { phases[name] = Math.round(performance.now()); };
  const DATA = JSON.parse(document.getElementById("kg-data").textContent);
  mark("parsed");
  const NODES = DATA.nodes, EDGES = DATA.edges;  // an edge's ends are indices into NODES
  const indexOf = new Map(NODES.map((n, i) => [n.id, i]));
  const byId = (id) => NODES[indexOf.get(id)];
  const hubIds = NODES.filter((n) => n.hub).map((n) => n.id);
  const kinds = [...new Set(NODES.map((n) => n.kind))].sort();
  const state = { kinds: new Set(kinds), from: "", to: "", undated: true, min: 1, colour: "kind", selected: null };
  const shown = { nodes: new Set(), edges: new Set(), near: new Set() };  // node ids, edge indices, node ids
  const $ = (id) => document.getElementById(id);
  const BIG = NODES.length > 5000;
  const EDGE_BUDGET = 20000;  // edges sigma holds at once: in a bigger graph the heaviest, and the selected node's
  const LABEL_PX = 13, FADED = "#e4e4e4";
  const LABEL_CHARS = 32, HUB_RINGS = 4;  // longest label drawn whole; rings of places tried for a hub's label
  const SHRINK = Math.min(6, Math.max(3, 2 * Math.log10(NODES.length)));  // smaller dots in bigger graphs
  window.kgView = { phases };

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => (k === "style" ? (e.style.cssText = v) : e.setAttribute(k, v)));
    children.forEach((c) => e.append(c));
    return e;
  }

  // time: a node's own dates and those of the occurrences on its edges
  const span = (x) => (x.start || x.end ? [[x.start || x.end, x.end || x.start]] : []);
  let intervals = null;  // per node index, made when a time filter is first used
  function spansOf(i) {
    if (!intervals) {
      intervals = NODES.map(span);
      EDGES.forEach((e) => span(e).forEach((s) => { intervals[e.from].push(s); intervals[e.to].push(s); }));
    }
    return intervals[i];
  }
  function inWindow(spans) {
    if (!spans.length) return state.undated;
    return spans.some(([start, end]) => (!state.from || end >= state.from) && (!state.to || start <= state.to));
  }
  function computeVisible() {
    const timed = state.from || state.to || !state.undated;
    const on = NODES.map((n, i) => state.kinds.has(n.kind) && (n.n_articles || 0) >= state.min && (!timed || inWindow(spansOf(i))));
    shown.nodes = new Set(NODES.filter((_, i) => on[i]).map((n) => n.id));
    shown.edges = new Set();
    EDGES.forEach((e, i) => {
      if (on[e.from] && on[e.to] && e.weight >= state.min && (!timed || inWindow(span(e)))) shown.edges.add(i);
    });
  }
  let adjacency = null;  // edge indices per node index, made on first use
  function edgesOf(id) {
    if (!adjacency) {
      adjacency = NODES.map(() => []);
      EDGES.forEach((e, i) => { adjacency[e.from].push(i); adjacency[e.to].push(i); });
    }
    return adjacency[indexOf.get(id)];
  }
  const other = (e, id) => (NODES[e.from].id === id ? NODES[e.to] : NODES[e.from]);

  // the graph as sigma draws it: y grows upwards there, downwards in the layout
  const communityColor = (c) => DATA.communities[c] || "#BAB0AC";
  const kindColor = (n) => DATA.colors[n.kind] || "#777777";
  const fill = (n) => (state.colour === "community" ? communityColor(n.community) : kindColor(n));
  const graph = new graphology.MultiDirectedGraph();
  NODES.forEach((n) => graph.addNode(n.id, {
    x: n.x, y: -n.y, size: 1.5 + n.size / SHRINK, label: n.label, color: fill(n), forceLabel: !!n.hub, zIndex: n.hub ? 2 : 1,
  }));
  function addEdge(i) {
    const e = EDGES[i], co = e.label === "co-occurs";
    const a = NODES[e.from].community, b = NODES[e.to].community;
    const tint = a === b && DATA.communities[a] ? DATA.communities[a] + "99" : "#b0b0b099";
    graph.addDirectedEdgeWithKey("e" + i, NODES[e.from].id, NODES[e.to].id, {
      i, type: co || BIG ? "line" : "arrow", label: co ? undefined : e.label, color: co ? tint : "#555555",
      size: (co ? 0.5 : 1) * (1 + Math.log2(e.weight)),
    });
  }
  const budgeted = EDGES.length > EDGE_BUDGET;
  let drawn = null;  // in a graph over budget, the edges drawn; sigma may hold more, which the edge reducer hides
  function drawEdges() {  // every edge, or the first (heaviest: kg/export/html.py) shown ones and the selected node's
    if (!budgeted) {
      if (!graph.size) EDGES.forEach((_, i) => addEdge(i));
      return;
    }
    const want = new Set();
    for (let i = 0; i < EDGES.length && want.size < EDGE_BUDGET; i++) if (shown.edges.has(i)) want.add(i);
    if (state.selected) edgesOf(state.selected).forEach((i) => shown.edges.has(i) && want.add(i));
    const missing = [...want].filter((i) => !graph.hasEdge("e" + i));
    // sigma re-reads the whole graph for each edge dropped: start again in one go once it holds too many
    if (graph.size + missing.length > 2 * EDGE_BUDGET) graph.clearEdges();
    want.forEach((i) => graph.hasEdge("e" + i) || addEdge(i));
    drawn = want;
  }

  function nodeReducer(id, attrs) {
    if (shown.nodes.size === NODES.length && !state.selected) return attrs;  // nothing filtered or selected
    if (!shown.nodes.has(id)) return { ...attrs, hidden: true };
    if (!state.selected) return attrs;
    if (id === state.selected) return { ...attrs, highlighted: true, forceLabel: true, zIndex: 3 };
    if (shown.near.has(id)) return { ...attrs, forceLabel: true, zIndex: 2 };
    return { ...attrs, color: FADED, label: "", forceLabel: false, zIndex: 0 };
  }
  function edgeReducer(id, attrs) {
    if (!shown.edges.has(attrs.i) || (drawn && !drawn.has(attrs.i))) return { ...attrs, hidden: true };
    const e = EDGES[attrs.i];
    if (state.selected && NODES[e.from].id !== state.selected && NODES[e.to].id !== state.selected) return { ...attrs, color: "#f0f0f0", label: "" };
    return attrs;
  }

  // labels: the hubs' first, each beside its node where it clears those placed before it
  const placed = { frame: -1, boxes: [], hubs: new Map() };
  let frame = 0;
  // a label too long for the picture is cut at a word (the panel and search keep the whole name)
  const shortLabel = (text) => text.length <= LABEL_CHARS ? text : text.slice(0, text.lastIndexOf(" ", LABEL_CHARS - 1) + 1 || LABEL_CHARS - 1).trimEnd() + "\u2026";
  // eight places around the node, then (for hubs) the same eight farther out on a leader line
  function labelBox(d, text, ctx, rings = 1) {
    const w = ctx.measureText(text).width, h = LABEL_PX + 2, boxes = [];
    for (let ring = 0; ring < rings; ring++) {
      const gap = d.size + 3 + ring * 1.5 * h, up = ring * h;
      [[d.x + gap, d.y - h / 2], [d.x - gap - w, d.y - h / 2], [d.x - w / 2, d.y + gap], [d.x - w / 2, d.y - gap - h],
        [d.x + gap, d.y + h / 2 + up], [d.x + gap, d.y - 1.5 * h - up], [d.x - gap - w, d.y + h / 2 + up], [d.x - gap - w, d.y - 1.5 * h - up]]
        .forEach(([left, top]) => boxes.push({ left, top, right: left + w, bottom: top + h, ring, ax: d.x, ay: d.y }));
    }
    return boxes;
  }
  const clear = (b) => b.left >= 0 && b.right <= renderer.getDimensions().width && placed.boxes.every((o) => b.right < o.left || o.right < b.left || b.bottom < o.top || o.bottom < b.top);
  function placeHubs(ctx) {
    placed.frame = frame;
    placed.boxes = [];
    placed.hubs = new Map();
    const hubs = state.selected ? [state.selected, ...shown.near] : hubIds;
    hubs.forEach((id) => {
      const d = renderer.getNodeDisplayData(id);
      if (!d || d.hidden || !d.label) return;
      const at = renderer.framedGraphToViewport(d);
      const boxes = labelBox({ x: at.x, y: at.y, size: renderer.scaleSize(d.size) }, shortLabel(d.label), ctx, HUB_RINGS);
      const box = boxes.find(clear) || (state.selected && id !== state.selected ? null : boxes[0]);
      if (!box) return;  // a neighbour's label that would cover another: shown on zoom
      placed.boxes.push(box);
      placed.hubs.set(id, box);
    });
  }
  function drawLabel(ctx, d, settings) {
    if (!d.label) return;
    ctx.font = `${settings.labelWeight} ${LABEL_PX}px ${settings.labelFont}`;
    if (placed.frame !== frame) placeHubs(ctx);
    const text = shortLabel(d.label);
    let box = placed.hubs.get(d.key);
    if (!box) {
      box = labelBox(d, text, ctx).find(clear);
      if (!box) return;
      placed.boxes.push(box);
    }
    if (box.ring > 0) {  // a leader line from the node to its label's nearest side
      ctx.strokeStyle = "#999";
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(box.ax, box.ay);
      ctx.lineTo(Math.min(Math.max(box.ax, box.left), box.right), Math.min(Math.max(box.ay, box.top), box.bottom));
      ctx.stroke();
    }
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#fff";
    ctx.fillStyle = "#111";
    ctx.strokeText(text, box.left, box.bottom - 4);
    ctx.fillText(text, box.left, box.bottom - 4);
  }

  update();
  mark("graph");
  // made on an empty graph, then given ours: drawn once, labels included (drawLabel needs `renderer`)
  const renderer = new Sigma(new graphology.MultiDirectedGraph(), $("kg-network"), {
    nodeReducer, edgeReducer, zIndex: !BIG, labelSize: LABEL_PX, labelFont: "system-ui, sans-serif",
    defaultDrawNodeLabel: drawLabel, labelRenderedSizeThreshold: 7, labelDensity: 0.7,
    renderEdgeLabels: !BIG, edgeLabelSize: 10, edgeLabelColor: { color: "#555" },
    // not hideEdgesOnMove: with it, sigma re-processes the whole graph after each drag
    hideLabelsOnMove: BIG, minCameraRatio: 0.005, maxCameraRatio: 4, stagePadding: 20,
    // software WebGL draws a big graph's instanced discs and quad edges ~20 times slower than points and lines
    ...(BIG && { nodeProgramClasses: { circle: Sigma.rendering.NodePointProgram },
      edgeProgramClasses: { line: Sigma.rendering.EdgeLineProgram } }),
  });
  renderer.on("beforeRender", () => { frame++; });
  renderer.setGraph(graph);
  mark("sigma");
  requestAnimationFrame(() => {  // before the drawing is shown: read it back, which waits for the GPU
    const gl = renderer.webGLContexts.nodes, px = new Uint8Array(4 * gl.drawingBufferWidth * gl.drawingBufferHeight);
    gl.readPixels(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight, gl.RGBA, gl.UNSIGNED_BYTE, px);
    mark("drawn");
    window.kgView.firstDrawMs = phases.drawn;  // since the page was opened
    window.kgView.firstDrawPixels = px.filter((v, i) => i % 4 === 3 && v > 0).length;
    document.body.dataset.ready = "1";
  });

  function refresh() {
    update();
    renderer.refresh();
  }
  function update() {
    computeVisible();
    if (state.selected && !shown.nodes.has(state.selected)) state.selected = null;
    neighbourhood();
    $("kg-status").textContent = shown.nodes.size + " of " + NODES.length + " nodes, " +
      shown.edges.size + " of " + EDGES.length + " edges" +
      (budgeted ? "; drawn: the " + EDGE_BUDGET + " heaviest, and all of the selected node's" : "");
  }
  function neighbourhood() {
    shown.near = new Set();
    if (state.selected) edgesOf(state.selected).forEach((i) => shown.edges.has(i) && shown.near.add(other(EDGES[i], state.selected).id));
    drawEdges();
  }

  kinds.forEach((k) => {
    const count = NODES.filter((n) => n.kind === k).length;
    const box = el("input", { type: "checkbox", value: k, checked: "" });
    box.addEventListener("change", () => { box.checked ? state.kinds.add(k) : state.kinds.delete(k); refresh(); });
    $("kg-kinds").append(el("label", {}, box, el("span", { class: "swatch", style: "background:" + (DATA.colors[k] || "#777") }), k + " (" + count + ")"));
  });
  const found = new Set();
  [NODES, EDGES].forEach((items) => items.forEach((x) => { if (x.start) found.add(x.start); if (x.end) found.add(x.end); }));
  const dates = [...found].sort();
  function setWindow(draw) {
    const from = Number($("kg-from").value), to = Number($("kg-to").value);
    state.from = from > 0 ? dates[from] : "";
    state.to = to < dates.length - 1 ? dates[to] : "";
    $("kg-from-date").textContent = dates[from] || "";
    $("kg-to-date").textContent = dates[to] || "";
    if (draw) refresh();
  }
  if (dates.length) {
    ["kg-from", "kg-to"].forEach((id) => { $(id).max = dates.length - 1; });
    $("kg-to").value = dates.length - 1;
    setWindow(false);
  } else {
    $("kg-time").disabled = true;
  }
  ["kg-from", "kg-to"].forEach((id) => $(id).addEventListener("input", () => setWindow(true)));
  $("kg-colour").addEventListener("change", (e) => {
    state.colour = e.target.value;
    graph.updateEachNodeAttributes((id, attrs) => ({ ...attrs, color: fill(byId(id)) }));
  });
  $("kg-undated").addEventListener("change", (e) => { state.undated = e.target.checked; refresh(); });
  $("kg-min").addEventListener("change", (e) => { state.min = Number(e.target.value) || 1; refresh(); });

  function search(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const rank = (n) => { const l = n.label.toLowerCase(); return l === q ? 0 : l.startsWith(q) ? 1 : 2; };
    const hits = NODES.filter((n) => (n.label + " | " + (n.aliases || "")).toLowerCase().includes(q));
    return hits.sort((a, b) => rank(a) - rank(b) || (b.n_articles || 0) - (a.n_articles || 0)).slice(0, 20);
  }
  $("kg-search").addEventListener("input", (e) => {
    const list = $("kg-results");
    list.replaceChildren();
    search(e.target.value).forEach((n) => {
      const b = el("button", { type: "button" }, el("span", { class: "swatch", style: "background:" + kindColor(n) }), n.label);
      b.addEventListener("click", () => select(n.id, true));
      list.append(el("li", {}, b));
    });
  });
  $("kg-search").addEventListener("keydown", (e) => {
    const first = e.key === "Enter" && search(e.target.value)[0];
    if (first) select(first.id, true);
  });

  // the camera to `state` at once; starting an animation there ends the one a quick drag leaves
  // running, whose inertia would carry the camera off again
  function moveCamera(state) {
    renderer.getCamera().animate(state, { duration: 1 });
    renderer.getCamera().setState(state);
  }

  // select a node: it and its neighbours stand out; with `centre`, the camera moves onto them
  function select(id, centre) {
    state.selected = shown.nodes.has(id) ? id : null;
    neighbourhood();
    renderer.refresh();
    if (centre && state.selected) {
      const me = renderer.getNodeDisplayData(id);
      const far = [...shown.near].reduce((m, o) => {
        const d = renderer.getNodeDisplayData(o);
        return Math.max(m, Math.hypot(d.x - me.x, d.y - me.y));
      }, 0.01);
      moveCamera({ x: me.x, y: me.y, ratio: Math.min(1, Math.max(0.02, 2.4 * far)) });
    }
    showInfo(id);
  }
  function unselect() {
    state.selected = null;
    neighbourhood();
    renderer.refresh();
  }

  function linkList(n) {
    const links = [];
    if (n.wikidata) links.push(["Wikidata " + n.wikidata, "https://www.wikidata.org/wiki/" + n.wikidata]);
    if (n.geonames) links.push(["GeoNames " + n.geonames, "https://www.geonames.org/" + n.geonames]);
    links.push(["IRI", n.id]);
    return el("ul", { class: "plain" }, ...links.map(([text, href]) =>
      el("li", {}, el("a", { href: href, target: "_blank", rel: "noopener" }, text))));
  }

  function connections(id) {
    const rank = (e) => [e.label === "co-occurs" ? 1 : 0, -e.weight];
    const byRank = (a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1];
    const items = edgesOf(id).map((i) => EDGES[i]).sort(byRank).map((e) => {
      const to = other(e, id), out = NODES[e.from].id === id;
      const b = el("button", { type: "button", class: "kg-link" }, to.label);
      b.addEventListener("click", () => select(to.id, true));
      const role = e.label === "co-occurs" ? "with " : out ? e.label + " \u2192 " : "\u2190 " + e.label + " of ";
      return el("li", {}, role, b, el("span", { class: "muted" }, " (" + e.weight + ")"));
    });
    return el("ul", { class: "plain" }, ...items);
  }

  function quote(anchor, sentence) {
    if (!sentence) return el("div", { class: "quote" }, "\u201c", el("mark", {}, anchor), "\u201d");
    const at = sentence.indexOf(anchor);
    if (at < 0) return el("div", { class: "quote" }, sentence);
    return el("div", { class: "quote" }, sentence.slice(0, at), el("mark", {}, anchor), sentence.slice(at + anchor.length));
  }

  function mentionList(n) {
    if (!(n.mentions || []).length) return el("p", { class: "muted" }, "No mention text stored.");
    const byArticle = new Map();
    n.mentions.forEach(([a, anchor, sentence]) => {
      if (!byArticle.has(a)) byArticle.set(a, []);
      byArticle.get(a).push(quote(anchor, sentence));
    });
    return el("div", {}, ...[...byArticle.entries()].map(([a, quotes]) => {
      const art = DATA.articles[a];
      return el("div", { class: "article" },
        el("a", { href: art.url, target: "_blank", rel: "noopener" }, art.headline),
        el("span", { class: "muted" }, art.published ? " " + art.published : ""), ...quotes);
    }));
  }

  function showInfo(id) {
    const n = byId(id);
    const panel = $("kg-info");
    panel.replaceChildren(
      el("h2", { id: "kg-info-title" }, n.label),
      el("span", { class: "kind", style: "background:" + kindColor(n) }, n.kind),
      el("p", { class: "muted" }, (n.start ? n.start + (n.end && n.end !== n.start ? " \u2013 " + n.end : "") + " \u00b7 " : "") +
        (n.n_articles || 0) + " article(s), " + (n.n_mentions || 0) + " mention(s)"),
    );
    if (n.aliases) panel.append(el("h3", {}, "Also called"), el("p", {}, n.aliases));
    panel.append(el("h3", {}, "Links"), linkList(n));
    panel.append(el("h3", {}, "Connections"), connections(id));
    panel.append(el("h3", {}, "In the articles"), mentionList(n));
  }

  // where a node is on screen under the camera's current state (drawn or not yet)
  const toScreen = (id) => renderer.framedGraphToViewport(renderer.getNodeDisplayData(id),
    { cameraState: renderer.getCamera().getState() });

  renderer.on("clickNode", ({ node }) => select(node, false));
  renderer.on("clickStage", unselect);
  Object.assign(window.kgView, {
    renderer, select, unselect, search, data: DATA, dates,
    hubs: hubIds, drawnEdges: () => (drawn ? drawn.size : graph.size),
    visibleNodes: () => [...shown.nodes], visibleEdges: () => [...shown.edges],
    selected: () => (state.selected ? [state.selected] : []),
    labels: () => [...placed.boxes],
    hubLabels: () => kgView.hubs.filter((id) => placed.hubs.has(id)).map((id) => placed.hubs.get(id)),
    labelPx: LABEL_PX, toScreen,
    neighboursOnScreen: () => [...shown.near].every((id) => {
      const at = toScreen(id);
      return at.x >= 0 && at.y >= 0 && at.x <= renderer.getDimensions().width && at.y <= renderer.getDimensions().height;
    }),
    fit: () => moveCamera({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }),
    zoomTo: (id, ratio) => { const d = renderer.getNodeDisplayData(id); moveCamera({ x: d.x, y: d.y, ratio }); },
  });
})();
