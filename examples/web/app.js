// The goldthread browser tool: everything runs here, offline; the report comes from the
// Rust core compiled to WebAssembly. Names are always set as text, never as markup.
import init, { Plan, groupAmount, labels, localFigure, localDate, textDirection } from "../../bindings-wasm/pkg/web/goldthread.js";
import wasmBytes from "../../bindings-wasm/pkg/web/goldthread_bg.wasm";
import isfahanText from "../isfahan/plan.json";
import { $, el } from "./dom.js";
import { drawSankey } from "./sankey.js";
import { whatIf, compare as comparePanel } from "./whatif.js";

// The plan as loaded, and the plan the page shows: the same, or it with the what-if edits.
let base = null;
let plan = null;
let edits = null;
let comparing = null;
// Which plan (each shown plan or edit counts one) and language the diagnostics list is of.
let version = 0;
let diagnosticsShown = null;
// How long opening a plan and redrawing took (ms): the browser tests read them.
const timings = { open: [], redraw: [] };
window.goldthreadTimings = timings;

// The page's language: its words come from the core's catalogue (core/src/lang/*.toml), its
// figures are written by the core's rules for that language. The choice is remembered.
const LANG_KEY = "goldthread.lang";
let lang = "en";
let words = {};
// Keys the page asked for that the catalogue lacks (the browser test checks there are none).
const missing = new Set();
window.goldthreadMissingLabels = missing;

/** The label under `key`, with `{name}`s filled in. */
function t(key, values = {}) {
  let s = words[key];
  if (s === undefined) {
    missing.add(key);
    return key;
  }
  for (const [k, v] of Object.entries(values)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}
/** A figure in the page's language's digits. */
const fig = (text) => localFigure(String(text), lang);
/** Groups a decimal string by thousands, exactly, as the core's reports do. */
const group = (amount) => fig(groupAmount(String(amount)));
// A ratio the report leaves out (a total of zero or below, no spent data) is "–", never 0 %.
const pct = (r) => (r === null || r === undefined ? "–" : fig(`${(r * 100).toFixed(1)}%`));

function setLanguage(next) {
  lang = next;
  words = labels(lang);
  try { localStorage.setItem(LANG_KEY, lang); } catch { /* a page from disk may have none */ }
  document.documentElement.lang = lang;
  document.documentElement.dir = textDirection(lang);
  $("lang").value = lang;
  for (const e of document.querySelectorAll("[data-label]")) e.textContent = t(e.dataset.label);
  $("sankey").setAttribute("aria-label", t("page.sankey_label"));
  edits?.relabel();
  if (plan) {
    fillFilters();
    render();
  }
}

/** The projects furthest behind schedule (days late and SPI(t), as the text report). */
function renderBehind(rows) {
  show(["behind-section"], rows.length > 0);
  $("behind").tBodies[0].replaceChildren(...rows.map((x) => {
    const tr = el("tr", undefined, { "data-project": x.id });
    tr.append(el("td", x.id), el("td", x.name, { dir: "auto" }), el("td", fig((-x.sv_days).toFixed(0)), { class: "num" }),
      el("td", x.spi_t === null ? "–" : fig(x.spi_t.toFixed(2)), { class: "num" }));
    return tr;
  }));
}


function show(ids, visible) {
  for (const id of ids) $(id).hidden = !visible;
}

// Diagnostics grouped by code, with counts; a group opens to list its diagnostics (the
// first 500: `goldthread check` lists them all). Errors come open.
function showDiagnostics(diags) {
  const groups = new Map();
  for (const d of diags) {
    if (!groups.has(d.code)) groups.set(d.code, []);
    groups.get(d.code).push(d);
  }
  const list = $("diagnostics");
  list.replaceChildren();
  for (const [code, members] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const first = members[0];
    const details = el("details", undefined, { "data-code": code });
    details.open = first.severity === "error";
    // The code's title and where each is in the page's language; the message is the core's.
    details.append(el("summary", t("page.diagnostic_group", { code, name: t(`diagnostic.${code}`), n: fig(members.length) }), { class: first.severity }));
    const items = el("ul");
    for (const d of members.slice(0, 500)) {
      const where = d.path ? t("diagnostic.at", { path: d.path })
        : d.line ? t("diagnostic.place", { line: fig(d.line), column: fig(d.column) }) : "";
      items.append(el("li", `${d.message}${where}`, { class: d.severity, dir: "auto" }));
    }
    details.append(items);
    list.append(details);
  }
  $("diagnostics-title").textContent = t("section.diagnostics", { n: fig(diags.length) });
  show(["diagnostics-section"], diags.length > 0);
}

function fillSelect(select, values, allLabel) {
  const chosen = select.value;
  select.replaceChildren(el("option", allLabel, { value: "" }));
  for (const v of values) select.append(el("option", v, { value: v, dir: "auto" }));
  if (values.includes(chosen)) select.value = chosen;
}

function fillFilters() {
  const dims = plan.dimensions();
  fillSelect($("year"), dims.years, t("text.all_years"));
  fillSelect($("org-unit"), dims.orgUnits, t("text.all_org_units"));
  const select = $("classification");
  const chosen = select.value;
  const classes = plan.report({ summary: true }).classifications ?? [];
  select.replaceChildren(el("option", t("page.no_classification"), { value: "" }));
  for (const c of classes) select.append(el("option", c.name, { value: c.id, dir: "auto" }));
  if (classes.some((c) => c.id === chosen)) select.value = chosen;
  select.parentElement.hidden = classes.length === 0;
}

function options() {
  const year = $("year").value;
  const unit = $("org-unit").value;
  return { years: year ? [year] : [], orgUnits: unit ? [unit] : [], phase: $("phase").value };
}

// The classification chosen (SPEC §10), or "" for the thread itself.
const chosenClassification = () => $("classification").value;

/** Loads a plan from `source`: JSON text or bytes, or a function that makes the plan (an
 * IATI import). */
function load(source, label) {
  const started = performance.now();
  let next;
  try {
    next = typeof source === "function" ? source() : Plan.fromJson(source);
  } catch (e) {
    // A plan that fails to load leaves the previous one untouched, but shows why.
    $("status").className = "error";
    const errors = e.diagnostics?.filter((d) => d.severity === "error").length;
    $("status").textContent = `${label}: ${e.name}: ${e.diagnostics ? t("page.errors", { n: fig(errors) }) : e.message}`;
    showDiagnostics(e.diagnostics ?? []);
    show(["filters", "headline", "sankey-section", "leaks-section", "goals-section", "classification-section", "whatif-section"], false);
    return;
  }
  const previous = base;
  base = next;
  plan = base;
  $("status").className = "";
  $("status").textContent = t("page.loaded", { what: label });
  // What an import read and could not place, as the command line prints it.
  if (next.importSummary) {
    const summary = document.createElement("pre");
    summary.id = "import-summary";
    summary.textContent = next.importSummary;
    $("status").append(summary);
  }
  fillFilters();
  show(["filters", "headline", "sankey-section", "leaks-section", "goals-section", "whatif-section"], true);
  edits.reset(); // draws the plan, with no edits yet
  previous?.free();
  timings.open.push(performance.now() - started);
}

/** Opens the files given: IATI activity files (.xml) imported together, else one plan
 * file. */
async function open(files) {
  if (!files.length) return;
  const read = (f) => f.arrayBuffer().then((b) => new Uint8Array(b));
  if (files.every((f) => /\.xml$/i.test(f.name))) {
    const given = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await read(f) })));
    const opts = { goals: $("iati-goals").value, splitBudgetsByDays: $("iati-split").checked };
    load(() => Plan.fromIati(given, opts), files.map((f) => f.name).join(", "));
  } else {
    load(await read(files[0]), files[0].name);
  }
}

/** Shows `next` (the plan as loaded, or it with the what-if edits). */
function showPlan(next) {
  plan = next;
  version += 1;
  render();
}

/** A filter changed: every view follows. */
function refilter() {
  render();
  edits.refresh();
  comparing.refresh();
}

function render() {
  if (!plan) return;
  const started = performance.now();
  const opts = options();
  // Without the project rows and the diagnostics, which the page does not draw from the
  // report: the diagnostics are the plan's own, found once per plan.
  const r = plan.report({ ...opts, summary: true });
  const tr = r.traceability;
  const c = r.coverage;
  const cur = r.currency ? ` ${words[`currency.${r.currency}`] ?? r.currency}` : "";
  $("plan-name").textContent = r.plan;
  $("total").textContent = group(tr.total_amount) + cur;
  $("traced").textContent = group(tr.traced_amount) + cur;
  $("ratio").textContent = pct(tr.amount_ratio);
  $("lines").textContent = t("page.of", { part: fig(tr.traced_lines), whole: fig(tr.lines) });
  $("covered").textContent = t("page.of", { part: pct(c.covered_ratio), whole: fig(c.leaf_goals) });
  $("coverage").textContent = `${pct(c.programmed_ratio)} / ${pct(c.funded_ratio)} / ${pct(c.measurable_ratio)}`;
  $("pefa").textContent = `${t(`pefa.${c.pefa_grade}`)} (${pct(c.measured_amount_ratio)})`;
  $("hhi").textContent = c.hhi === null ? "–" : fig(c.hhi.toFixed(3));
  // The days of each fiscal year, where the plan says how to count them (its calendar).
  $("fiscal-years").replaceChildren(...(r.fiscal_years ?? []).map((y) => el("li", t("page.fiscal_year", {
    year: fig(y.year), start: localDate(y.start, lang), end: localDate(y.end, lang),
    start_iso: fig(y.start_iso), end_iso: fig(y.end_iso),
  }), { dir: "auto" })));
  renderLeaks(tr);
  renderGoals(r.goals);
  renderBehind(r.execution.behind_schedule);
  // A chosen classification: its codes' table, and the Sankey of its codes to the goals.
  const chosen = (r.classifications ?? []).find((c) => c.id === chosenClassification());
  renderCodes(chosen);
  const projects = $("levels").value === "projects";
  const data = chosen ? plan.classificationSankey(opts, chosen.id) : plan.sankeyView(opts, projects, 40);
  $("focus").textContent = "";
  drawSankey($("sankey"), data, {
    rtl: textDirection(lang) === "rtl",
    words: {
      label: (n) => (n.kind === "leak" ? t(`leak.${n.id.replace("leak:", "")}`)
        : n.id === "code:unclassified" ? t("text.unclassified_row") : n.id.startsWith("others:") ? n.name : n.id),
      amount: group,
      sum: sumDecimals,
      empty: t("page.no_money"),
      negative: (n) => t("page.negative", { n: fig(n) }),
    },
    onFocus: (node, goals) => {
      // The goals table follows the thread chosen.
      const keep = new Set(goals);
      for (const row of $("goals").tBodies[0].rows) row.classList.toggle("outside", node !== null && !keep.has(row.dataset.goal));
      $("focus").textContent = node === null ? "" : t("page.focused", { node: node.id, n: fig(goals.length) });
    },
  });
  // The diagnostics change with the plan (an edit) or the language, not with a filter.
  const shown = `${version}:${lang}`;
  if (diagnosticsShown !== shown) {
    showDiagnostics(plan.warnings());
    diagnosticsShown = shown;
  }
  timings.redraw.push(performance.now() - started);
}

/** The exact sum of decimal strings (for the figures on hover), by BigInt. */
function sumDecimals(values) {
  const places = Math.max(0, ...values.map((v) => (v.split(".")[1] ?? "").length));
  const units = values.reduce((acc, v) => {
    const [i, f = ""] = v.replace("-", "").split(".");
    const n = BigInt(i + f.padEnd(places, "0"));
    return acc + (v.startsWith("-") ? -n : n);
  }, 0n);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(places + 1, "0");
  const text = places ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return negative ? `-${text}` : text;
}

function renderCodes(c) {
  show(["classification-section"], Boolean(c));
  if (!c) return;
  $("classification-title").textContent = t("section.classification", { name: c.name });
  const body = $("codes").tBodies[0];
  body.replaceChildren();
  const row = (code, name, amount, rolled, share, attrs) => {
    const tr = el("tr", undefined, attrs);
    tr.append(el("td", code), el("td", name ?? "", { dir: "auto" }), el("td", group(amount), { class: "num" }),
      el("td", group(rolled), { class: "num" }), el("td", pct(share), { class: "num" }));
    body.append(tr);
  };
  for (const x of c.codes) row(x.id, x.name, x.amount, x.rolled_up_amount, x.share, { "data-code": x.id });
  row(t("text.unclassified_row"), "", c.unclassified_amount, c.unclassified_amount, null, { "data-code": "" });
  if (c.any_amount != null) row(t("text.any_row"), "", c.any_amount, c.any_amount, null, { "data-code": "*" });
}

function renderLeaks(traceability) {
  const body = $("leaks").tBodies[0];
  body.replaceChildren();
  for (const [reason, amount] of Object.entries(traceability.leaks)) {
    const tr = el("tr");
    tr.append(el("td", t(`leak.${reason}`)), el("td", group(amount), { class: "num" }),
      el("td", traceability.top_leaks[reason].slice(0, 5).map((c) => `${c.id} (${group(c.amount)})`).join(", "), { dir: "auto" }));
    body.append(tr);
  }
}

// Each column: the report's field and the label's key.
const GOAL_COLUMNS = [
  ["id", "column.goal"], ["name", "column.name"], ["rolled_up_amount", "column.rolled_up"], ["share", "column.share"],
  ["programs", "column.programs"], ["projects", "column.projects"], ["lines", "column.lines"], ["breadth", "column.breadth"],
  ["covered_ratio", "column.covered"],
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
    const th = el("th", t(label) + (goalSort.key === key ? (goalSort.dir > 0 ? " ▲" : " ▼") : ""), { "data-key": key });
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
      el("td", fig(g.programs), { class: "num" }), el("td", fig(g.projects), { class: "num" }),
      el("td", fig(g.lines), { class: "num" }), el("td", fig(g.breadth), { class: "num" }),
      el("td", pct(g.covered_ratio), { class: "num" }),
    );
    body.append(tr);
  }
}

async function main() {
  await init({ module_or_path: wasmBytes });
  let saved = null;
  try { saved = localStorage.getItem(LANG_KEY); } catch { /* none */ }
  setLanguage(saved === "fa" ? "fa" : "en");
  $("lang").addEventListener("change", () => setLanguage($("lang").value));
  for (const id of ["year", "org-unit", "phase", "classification"]) $(id).addEventListener("change", refilter);
  $("levels").addEventListener("change", render);
  const app = { base: () => base, show: showPlan, options, t, group, fig };
  edits = whatIf(app);
  comparing = comparePanel(app);
  $("example").addEventListener("click", () => load(isfahanText, t("page.example_name")));
  $("file").addEventListener("change", (e) => open([...e.target.files]));
  document.addEventListener("dragover", (e) => { e.preventDefault(); document.body.classList.add("dragging"); });
  document.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
  document.addEventListener("drop", async (e) => {
    e.preventDefault();
    document.body.classList.remove("dragging");
    open([...e.dataTransfer.files]);
  });
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  $("status").className = "error";
  $("status").textContent = `goldthread could not start: ${e}`;
});
