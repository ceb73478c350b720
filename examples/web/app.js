// The goldthread browser tool: everything runs here, offline; the report comes from the
// Rust core compiled to WebAssembly. Names are always set as text, never as markup.
import init, { Plan, groupAmount } from "../../bindings-wasm/pkg/web/goldthread.js";
import wasmBytes from "../../bindings-wasm/pkg/web/goldthread_bg.wasm";
import isfahanText from "../isfahan/plan.json";
import { sankey as d3Sankey, sankeyLinkHorizontal } from "d3-sankey";

const $ = (id) => document.getElementById(id);
let plan = null;

/** Groups a decimal string by thousands, exactly, as the core's reports do. */
const group = (amount) => groupAmount(String(amount));
// A ratio the report leaves out (a total of zero or below, no spent data) is "–", never 0 %.
const pct = (r) => (r === null || r === undefined ? "–" : `${(r * 100).toFixed(1)}%`);

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function show(ids, visible) {
  for (const id of ids) $(id).hidden = !visible;
}

function showDiagnostics(diags) {
  const list = $("diagnostics");
  list.replaceChildren();
  for (const d of diags.slice(0, 500)) {
    const where = d.path ? ` at ${d.path}` : d.line ? ` (line ${d.line}, column ${d.column})` : "";
    list.append(el("li", `${d.code} ${d.name}${where}: ${d.message}`, { class: d.severity, dir: "auto" }));
  }
  $("diagnostics-count").textContent = `(${diags.length})`;
  show(["diagnostics-section"], diags.length > 0);
}

function fillSelect(select, values, allLabel) {
  select.replaceChildren(el("option", allLabel, { value: "" }));
  for (const v of values) select.append(el("option", v, { value: v }));
}

function options() {
  const year = $("year").value;
  const unit = $("org-unit").value;
  return { years: year ? [year] : [], orgUnits: unit ? [unit] : [], phase: $("phase").value };
}

function load(text, label) {
  let next;
  try {
    next = Plan.fromJson(text);
  } catch (e) {
    // A plan that fails to load leaves the previous one untouched, but shows why.
    $("status").className = "error";
    $("status").textContent = `${label}: ${e.name}: ${e.diagnostics ? e.diagnostics.filter((d) => d.severity === "error").length + " error(s)" : e.message}`;
    showDiagnostics(e.diagnostics ?? []);
    show(["filters", "headline", "sankey-section", "leaks-section", "goals-section"], false);
    return;
  }
  plan?.free();
  plan = next;
  $("status").className = "";
  $("status").textContent = `${label} loaded.`;
  const dims = plan.dimensions();
  fillSelect($("year"), dims.years, "all years");
  fillSelect($("org-unit"), dims.orgUnits, "all org units");
  show(["filters", "headline", "sankey-section", "leaks-section", "goals-section"], true);
  render();
}

function render() {
  if (!plan) return;
  const opts = options();
  const r = plan.report(opts);
  const t = r.traceability;
  const c = r.coverage;
  const cur = r.currency ? ` ${r.currency}` : "";
  $("plan-name").textContent = r.plan;
  $("total").textContent = group(t.total_amount) + cur;
  $("traced").textContent = group(t.traced_amount) + cur;
  $("ratio").textContent = pct(t.amount_ratio);
  $("lines").textContent = `${t.traced_lines} of ${t.lines}`;
  $("covered").textContent = `${pct(c.covered_ratio)} of ${c.leaf_goals}`;
  $("coverage").textContent = `${pct(c.programmed_ratio)} / ${pct(c.funded_ratio)} / ${pct(c.measurable_ratio)}`;
  $("pefa").textContent = `${c.pefa_grade} (${pct(c.measured_amount_ratio)})`;
  $("hhi").textContent = c.hhi === null ? "–" : c.hhi.toFixed(3);
  renderLeaks(t);
  renderGoals(r.goals);
  renderSankey(plan.sankey(opts));
  showDiagnostics(r.diagnostics);
}

function renderLeaks(t) {
  const body = $("leaks").tBodies[0];
  body.replaceChildren();
  for (const [reason, amount] of Object.entries(t.leaks)) {
    const tr = el("tr");
    tr.append(el("td", reason), el("td", group(amount), { class: "num" }),
      el("td", t.top_leaks[reason].slice(0, 5).map((c) => `${c.id} (${group(c.amount)})`).join(", "), { dir: "auto" }));
    body.append(tr);
  }
}

const GOAL_COLUMNS = [
  ["id", "goal"], ["name", "name"], ["rolled_up_amount", "rolled up"], ["share", "share"],
  ["programs", "programs"], ["projects", "projects"], ["lines", "lines"], ["breadth", "breadth"],
  ["covered_ratio", "covered"],
];
let goalSort = { key: null, dir: 1 };

function compare(a, b, key) {
  const x = a[key], y = b[key];
  if (key === "rolled_up_amount") {
    // Decimal strings compare by length, then text: exact, no float.
    const [xi, yi] = [x.split(".")[0], y.split(".")[0]];
    return xi.length - yi.length || (x < y ? -1 : x > y ? 1 : 0);
  }
  return typeof x === "number" ? x - y : String(x).localeCompare(String(y));
}

// The goals depth-first, each child right under its parent, with its depth: the order
// the core's render::tree_order gives the text and markdown reports.
function treeOrder(goals) {
  const at = new Map(goals.map((g, i) => [g.id, i]));
  const children = goals.map(() => []);
  const roots = [];
  goals.forEach((g, i) => {
    const p = g.parent == null ? undefined : at.get(g.parent);
    if (p === undefined || p === i) roots.push(i); else children[p].push(i);
  });
  const order = [];
  const seen = new Set();
  const stack = roots.reverse().map((i) => [i, 0]);
  while (stack.length) {
    const [i, depth] = stack.pop();
    if (seen.has(i)) continue;
    seen.add(i);
    order.push([goals[i], depth]);
    for (const c of [...children[i]].reverse()) stack.push([c, depth + 1]);
  }
  return order;
}

function renderGoals(goals) {
  const table = $("goals");
  const head = el("tr");
  for (const [key, label] of GOAL_COLUMNS) {
    const th = el("th", label + (goalSort.key === key ? (goalSort.dir > 0 ? " ▲" : " ▼") : ""), { "data-key": key });
    if (typeof goals[0]?.[key] === "number" || key === "rolled_up_amount") th.className = "num";
    th.addEventListener("click", () => {
      // Ascending, descending, then back to the tree.
      if (goalSort.key !== key) goalSort = { key, dir: 1 };
      else if (goalSort.dir > 0) goalSort = { key, dir: -1 };
      else goalSort = { key: null, dir: 1 };
      renderGoals(goals);
    });
    head.append(th);
  }
  table.tHead.replaceChildren(head);
  // Sorted by a column, a flat list; otherwise the tree, children indented under parents.
  const rows = goalSort.key
    ? [...goals].sort((a, b) => goalSort.dir * compare(a, b, goalSort.key)).map((g) => [g, 0])
    : treeOrder(goals);
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const [g, depth] of rows) {
    const tr = el("tr", undefined, { "data-goal": g.id, "data-depth": depth });
    tr.append(
      el("td", g.id, { style: `padding-inline-start: ${0.4 + 1.2 * Math.min(depth, 8)}em` }), el("td", g.name, { dir: "auto" }),
      el("td", group(g.rolled_up_amount), { class: "num" }), el("td", pct(g.share), { class: "num" }),
      el("td", g.programs, { class: "num" }), el("td", g.projects, { class: "num" }),
      el("td", g.lines, { class: "num" }), el("td", g.breadth, { class: "num" }),
      el("td", pct(g.covered_ratio), { class: "num" }),
    );
    body.append(tr);
  }
}

const COLOURS = { org_unit: "#5c6bc0", project: "#26a69a", program: "#8d6e63", goal: "#b8860b", leak: "#c62828" };
const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function renderSankey(data) {
  const root = $("sankey");
  root.replaceChildren();
  if (data.links.length === 0) {
    root.append(svg("text", { x: 10, y: 20 }, "No money in this scope."));
    return;
  }
  const width = root.clientWidth || 1100;
  const height = Math.max(400, Math.min(1400, data.nodes.length * 6));
  root.setAttribute("viewBox", `0 0 ${width} ${height}`);
  root.style.height = `${height}px`;
  // Drawing only: d3-sankey lays out numbers; the figures shown elsewhere stay exact.
  const layout = d3Sankey().nodeWidth(10).nodePadding(3).extent([[1, 1], [width - 160, height - 1]]);
  // A flow can only be drawn above zero: net negative links (reversals that outweigh
  // the rest) are left out of the drawing and counted under it.
  const drawn = data.links.filter((l) => Number(l.value) > 0);
  const graph = layout({
    nodes: data.nodes.map((n) => ({ ...n })),
    links: drawn.map((l) => ({ source: l.source, target: l.target, value: Number(l.value) })),
  });
  const links = svg("g");
  for (const l of graph.links) {
    const p = svg("path", { d: sankeyLinkHorizontal()(l), class: "link", stroke: COLOURS[l.target.kind] ?? "#999", "stroke-width": Math.max(1, l.width) });
    p.append(svg("title", {}, `${l.source.id} → ${l.target.id}`));
    links.append(p);
  }
  const nodes = svg("g");
  for (const n of graph.nodes) {
    const g = svg("g", { "data-node": n.id });
    const rect = svg("rect", { x: n.x0, y: n.y0, width: n.x1 - n.x0, height: Math.max(1, n.y1 - n.y0), fill: COLOURS[n.kind] ?? "#999" });
    rect.append(svg("title", {}, `${n.id} ${n.name}`));
    g.append(rect);
    if (n.kind !== "project" || n.y1 - n.y0 > 8) {
      g.append(svg("text", { x: n.x1 + 4, y: (n.y0 + n.y1) / 2, "dominant-baseline": "middle" }, n.kind === "leak" ? n.name : n.id));
    }
    nodes.append(g);
  }
  root.append(links, nodes);
  const negative = data.links.length - drawn.length;
  if (negative > 0) {
    root.append(svg("text", { x: 10, y: height - 6, class: "note" }, `${negative} flow(s) below zero not drawn`));
  }
}

async function main() {
  await init({ module_or_path: wasmBytes });
  for (const id of ["year", "org-unit", "phase"]) $(id).addEventListener("change", render);
  $("example").addEventListener("click", () => load(isfahanText, "The Isfahan example"));
  $("file").addEventListener("change", async (e) => {
    const f = e.target.files[0];
    if (f) load(new Uint8Array(await f.arrayBuffer()), f.name);
  });
  document.addEventListener("dragover", (e) => { e.preventDefault(); document.body.classList.add("dragging"); });
  document.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
  document.addEventListener("drop", async (e) => {
    e.preventDefault();
    document.body.classList.remove("dragging");
    const f = e.dataTransfer.files[0];
    if (f) load(new Uint8Array(await f.arrayBuffer()), f.name);
  });
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  $("status").className = "error";
  $("status").textContent = `goldthread could not start: ${e}`;
});
