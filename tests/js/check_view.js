// Opens the offline view in headless Debian Chromium with the network cut off, then uses it
// like a person would: waits for the first drawing, searches, clicks a node, filters by kind,
// by minimum articles and by a time window; counts the frames painted while panning.
// Usage: node check_view.js view.html shot.png QUERY KIND_TO_HIDE NODE_TO_CLICK [--no-filters]
// Prints one JSON object with what it saw; the Python test judges it.
const path = require("path");
const { chromium } = require("playwright-core");

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
  "--hide-scrollbars", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
];

async function main() {
  const [html, shot, query, hideKind, clickId, noFilters] = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(600000);  // large graphs on a busy machine: time is measured, not limited
  const out = { requests: [], errors: [], console: [], phases: {} };
  const t0 = Date.now(), phase = (name) => { out.phases[name] = Date.now() - t0; };
  page.on("request", (r) => out.requests.push(r.url()));
  page.on("pageerror", (e) => out.errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && out.console.push(m.text()));
  await page.goto("file://" + path.resolve(html), { timeout: 600000 });
  await page.waitForSelector("body[data-ready='1']", { timeout: 600000 });

  phase("ready");
  out.visible = await page.evaluate(() => kgView.visibleNodes().length);
  out.visible_edges = await page.evaluate(() => kgView.visibleEdges().length);
  out.first_draw_ms = await page.evaluate(() => kgView.firstDrawMs);  // the first frame's nodes read back from WebGL
  out.first_draw_pixels = await page.evaluate(() => kgView.firstDrawPixels);
  out.page_phases = await page.evaluate(() => kgView.phases);
  out.drawn_edges = await page.evaluate(() => kgView.drawnEdges());
  out.hub_labels = await page.evaluate(() => {
    // on-screen font size of each hub label drawn, and how many of them overlap another label
    const boxes = kgView.hubLabels(), all = kgView.labels();
    const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    return {
      px: boxes.map(() => kgView.labelPx),
      overlapping: boxes.filter((a) => all.some((b) => b !== a && overlap(a, b))).length,
    };
  });
  out.status = await page.textContent("#kg-status");
  out.colored_pixels = await page.evaluate(() => {
    // redraw, then copy sigma's layers (WebGL and 2D) onto one canvas before the frame is shown
    kgView.renderer.refresh();
    const layers = Object.values(kgView.renderer.getCanvases());
    const flat = document.createElement("canvas");
    [flat.width, flat.height] = [layers[0].width, layers[0].height];
    const ctx = flat.getContext("2d");
    layers.forEach((c) => ctx.drawImage(c, 0, 0));
    const px = ctx.getImageData(0, 0, flat.width, flat.height).data;
    const want = Object.entries(kgView.data.colors).map(([k, hex]) =>
      [k, [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))]);
    const counts = Object.fromEntries(want.map(([k]) => [k, 0]));
    for (let i = 0; i < px.length; i += 4) {
      for (const [k, [r, g, b]] of want) {
        if (Math.abs(px[i] - r) < 4 && Math.abs(px[i + 1] - g) < 4 && Math.abs(px[i + 2] - b) < 4) counts[k]++;
      }
    }
    return counts;
  });
  await page.screenshot({ path: shot.replace(/\.png$/, "-first.png") });

  // pan: drag the canvas with the mouse while counting the frames the page paints
  const box = await page.$eval("#kg-network", (e) => { const r = e.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; });
  const before = await page.evaluate(() => {
    window.kgFrames = [];
    const tick = (t) => { window.kgFrames.push(t); if (!window.kgStop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    return kgView.renderer.getCamera().getState();
  });
  phase("pan");
  const panStart = Date.now();
  await page.mouse.move(box.x + box.w / 2, box.y + box.h / 2);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.w / 2 + 8 * i, box.y + box.h / 2 + 4 * i);
  await page.mouse.up();
  out.pan = await page.evaluate(() => {
    window.kgStop = true;
    const t = window.kgFrames, gaps = t.slice(1).map((x, i) => x - t[i]);
    return { frames: t.length, longest_frame_ms: Math.round(Math.max(0, ...gaps)) };
  });
  out.pan.ms = Date.now() - panStart;
  const after = await page.evaluate(() => kgView.renderer.getCamera().getState());
  out.pan.moved = Math.hypot(after.x - before.x, after.y - before.y) > 0;

  phase("search");
  await page.fill("#kg-search", query);
  out.search_results = await page.$$eval("#kg-results li", (lis) => lis.map((li) => li.textContent));
  await page.press("#kg-search", "Enter");
  out.search_info = await page.textContent("#kg-info-title");
  out.search_selected = await page.evaluate(() => kgView.selected());
  out.search_centre_offset = await page.evaluate((id) => {
    const box = document.getElementById("kg-network").getBoundingClientRect(), at = kgView.toScreen(id);
    return Math.hypot(at.x - box.width / 2, at.y - box.height / 2);
  }, out.search_selected[0]);
  out.search_neighbours_on_screen = await page.evaluate(() => kgView.neighboursOnScreen());
  await page.screenshot({ path: shot.replace(/\.png$/, "-search.png") });
  await page.fill("#kg-search", "");

  // from afar, then close enough that the node is not under another (in a big graph they overlap)
  await page.evaluate((id) => { kgView.unselect(); kgView.zoomTo(id, kgView.data.nodes.length > 5000 ? 0.02 : 0.1); }, clickId);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const target = await page.evaluate((id) => {
    const at = kgView.toScreen(id), box = document.getElementById("kg-network").getBoundingClientRect();
    return { id, label: kgView.data.nodes.find((n) => n.id === id).label, x: box.left + at.x, y: box.top + at.y };
  }, clickId);
  phase("click");
  // a pause longer than sigma's double-click window (300 ms) since the drag's own click, or this
  // click would make a double click (a zoom) with it, as it would for a person that quick
  await page.waitForTimeout(400);
  await page.mouse.click(target.x, target.y);
  out.clicked = target;
  out.click_info = await page.textContent("#kg-info-title");
  out.click_panel = await page.textContent("#kg-info");
  out.click_selected = await page.evaluate(() => kgView.selected());
  out.click_article_links = await page.$$eval("#kg-info .article a", (as) => as.map((a) => a.href));
  await page.screenshot({ path: shot });

  if (noFilters === "--no-filters") return finish(browser, out);
  phase("filters");
  const filterStart = Date.now();
  await page.uncheck(`#kg-kinds input[value='${hideKind}']`);
  out.visible_after_kind_filter = await page.evaluate(() => kgView.visibleNodes().length);
  out.kind_filter_ms = Date.now() - filterStart;
  await page.check(`#kg-kinds input[value='${hideKind}']`);
  if (await page.evaluate(() => kgView.dates.length === 0)) return minimum(page, browser, out);  // no time window
  await page.uncheck("#kg-undated");
  out.visible_dated_only = await page.evaluate(() => kgView.visibleNodes().length);
  await page.check("#kg-undated");

  // the time window: move the "from" slider to the middle date
  out.window_from = await page.evaluate(() => {
    const slider = document.getElementById("kg-from");
    slider.value = String(Math.floor(kgView.dates.length / 2));
    slider.dispatchEvent(new Event("input"));
    return kgView.dates[Number(slider.value)];
  });
  out.visible_in_window = await page.evaluate(() => kgView.visibleNodes().length);
  out.visible_edges_in_window = await page.evaluate(() => kgView.visibleEdges().length);
  out.window_label = await page.textContent("#kg-from-date");
  await page.evaluate(() => {
    const slider = document.getElementById("kg-from");
    slider.value = "0";
    slider.dispatchEvent(new Event("input"));
  });

  return minimum(page, browser, out);
}

async function minimum(page, browser, out) {
  await page.fill("#kg-min", "2");
  await page.dispatchEvent("#kg-min", "change");
  out.visible_min2 = await page.evaluate(() => kgView.visibleNodes().length);
  out.visible_edges_min2 = await page.evaluate(() => kgView.visibleEdges().length);
  return finish(browser, out);
}

async function finish(browser, out) {
  await browser.close();

  console.log(JSON.stringify(out));
}

main().catch((e) => { console.error(e); process.exit(1); });
