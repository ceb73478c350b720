// What-if and compare on the page. Every edit is a scenario edit (SPEC §12) applied by the
// core to the plan as loaded, so the page shows exactly what `goldthread apply` would; the
// bridge and the goals gaining and losing are the core's diff (SPEC §11).
import { Plan } from "../../bindings-wasm/pkg/web/goldthread.js";
import { $, el } from "./dom.js";
import { datePicker } from "./datepicker.js";



/** Offers a file for download (the scenario, the edited plan). */
function download(name, text) {
  const a = el("a", undefined, { href: URL.createObjectURL(new Blob([text], { type: "application/json" })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

/** The bridge of a diff as table rows: the start, each step, the end. */
export function bridgeRows(table, diff, { t, group }) {
  const b = diff.bridge;
  const body = el("tbody");
  const signed = (v) => (v.startsWith("-") || v === "0" ? group(v) : `+${group(v)}`);
  const rows = [["diff.start", group(b.start)], ["diff.removed_lines", signed(b.removed_lines)], ["diff.relinked", signed(b.relinked)],
    ["diff.amounts", signed(b.amounts)], ["diff.added_lines", signed(b.added_lines)], ["diff.end", group(b.end)]];
  for (const [key, value] of rows) {
    const tr = el("tr", undefined, { "data-step": key.replace("diff.", "") });
    tr.append(el("td", t(key)), el("td", value, { class: "num" }));
    body.append(tr);
  }
  table.replaceChildren(body);
}

/** The goals whose money changed, largest change first. */
function goalRows(table, diff, { t, group }) {
  const head = el("tr");
  for (const key of ["column.goal", "column.name", "diff.old", "diff.new", "diff.change"]) head.append(el("th", t(key)));
  const body = el("tbody");
  const size = (s) => s.replace("-", "").split(".")[0].padStart(40, "0") + (s.split(".")[1] ?? "");
  const rows = [...diff.goals].sort((a, b) => (size(a.change) < size(b.change) ? 1 : size(a.change) > size(b.change) ? -1 : 0));
  for (const g of rows) {
    const tr = el("tr", undefined, { "data-goal": g.id });
    tr.append(el("td", g.id), el("td", g.name, { dir: "auto" }), el("td", g.old_amount === null ? "–" : group(g.old_amount), { class: "num" }),
      el("td", g.new_amount === null ? "–" : group(g.new_amount), { class: "num" }),
      el("td", g.change.startsWith("-") || g.change === "0" ? group(g.change) : `+${group(g.change)}`, { class: "num" }));
    body.append(tr);
  }
  table.replaceChildren(el("thead"), body);
  table.tHead.append(head);
}

/**
 * The what-if panel. `app` gives: base() (the plan as loaded), show(plan) (draw a plan),
 * options() (the filters), t, group, fig.
 */
export function whatIf(app) {
  let edits = [];
  let outcomes = [];
  let edited = null;
  let programs = new Set();
  // The plan's calendar and each project's schedule, for the schedule form's pickers.
  let calendar = "gregorian";
  let schedules = new Map();
  const pickers = { start: datePicker("start", app), finish: datePicker("finish", app) };
  $("schedule-start").append(pickers.start.root);
  $("schedule-finish").append(pickers.finish.root);
  /** The pickers show project `id`'s schedule, if it has one. */
  const showSchedule = (id) => {
    const s = schedules.get(id);
    if (!s) return;
    pickers.start.set(s.start, calendar);
    pickers.finish.set(s.finish, calendar);
  };

  const lists = () => {
    // Filled on first use: a large plan's thousands of ids cost nothing until asked for.
    if ($("line-ids").childElementCount) return;
    const d = JSON.parse(app.base().toJson());
    const fill = (id, values) => $(id).replaceChildren(...values.map((v) => el("option", undefined, { value: v })));
    const lines = d.budget_lines.filter((l) => l.direction !== "revenue").map((l) => l.id);
    const targets = [...d.projects.map((p) => p.id), ...d.programs.map((p) => p.id)];
    programs = new Set(d.programs.map((p) => p.id));
    fill("line-ids", lines);
    fill("target-ids", targets);
    fill("from-ids", [...lines, ...targets]);
    fill("to-ids", [...targets, ...d.goals.map((g) => g.id)]);
    const categories = [...new Set(d.budget_lines.map((l) => l.category).filter(Boolean))];
    $("scale-category").replaceChildren(...categories.map((c) => el("option", c, { value: c, dir: "auto" })));
    fill("project-ids", d.projects.map((p) => p.id));
    calendar = d.calendar ?? "gregorian";
    schedules = new Map(d.projects.filter((p) => p.schedule).map((p) => [p.id, p.schedule]));
    // Until a project is chosen: the first schedule, or the first day of the first year.
    const first = d.projects.find((p) => p.schedule);
    if (first) {
      showSchedule(first.id);
    } else {
      const year = /^\d{1,4}$/.test(d.budget_lines[0]?.year ?? "") ? d.budget_lines[0].year : calendar === "solar_hijri" ? "1400" : "2000";
      pickers.start.set(`${year.padStart(4, "0")}-01-01`, calendar);
      pickers.finish.set(`${year.padStart(4, "0")}-12-01`, calendar);
    }
  };

  // The edited plan follows each edit in place (the core recomputes only what it touches);
  // undo starts again from the plan as loaded.
  const rebuild = () => {
    edited?.free();
    edited = null;
    if (edits.length) {
      edited = app.base().clone();
      for (const e of edits) edited.edit(e);
    }
  };

  const redraw = () => {
    $("edit-error").textContent = "";
    outcomes = edited ? edited.outcomes : [];
    app.show(edited ?? app.base());
    $("edits-title").textContent = app.t("page.edits", { n: app.fig(edits.length) });
    $("edits").replaceChildren(...outcomes.map((o) => el("li", `${o.op}: ${o.message}`, { dir: "auto" })));
    $("whatif-bridge").hidden = !edited;
    if (edited) bridgeRows($("whatif-bridge"), app.base().diff(edited, app.options()), app);
  };

  const add = (edit) => {
    const target = edited ?? app.base().clone();
    try {
      target.edit(edit);
    } catch (e) {
      // An edit the core refuses is not kept (the plan is as it was); the message names
      // what to fix, as `goldthread apply` would.
      if (target !== edited) target.free();
      $("edit-error").textContent = `edits[${edits.length}] (${edit.op}): ${e.message.replace(/^edits\[0\] \([a-z_]+\): /, "")}`;
      return;
    }
    edited = target;
    edits.push(edit);
    redraw();
  };

  const form = (id, make) => $(id).addEventListener("submit", (e) => {
    e.preventDefault();
    const f = Object.fromEntries(new FormData(e.target));
    add(make(f));
  });
  form("edit-amount", (f) => ({ op: "set_amount", line: f.line.trim(), amount: f.amount.trim(), phase: app.options().phase }));
  form("edit-move", (f) => {
    const to = f.to.trim();
    return { op: "move_line", line: f.line.trim(), to: [{ [programs.has(to) ? "program" : "project"]: to }] };
  });
  form("edit-share", (f) => ({ op: "set_share", from: f.from.trim(), to: f.to.trim(), share: f.share.trim() || null }));
  form("edit-scale", (f) => ({ op: "scale", filter: { categories: [f.category] }, percent: f.percent.trim(), phase: app.options().phase }));
  form("edit-schedule", (f) => ({ op: "set_schedule", project: f.project.trim(), start: pickers.start.value, finish: pickers.finish.value }));
  // As soon as the id typed or picked is a project's (not on leaving the field, which would
  // undo the dates chosen since).
  $("edit-schedule").project.addEventListener("input", (e) => showSchedule(e.target.value.trim()));
  for (const input of document.querySelectorAll("#whatif-section input")) input.addEventListener("focus", lists);
  $("scale-category").addEventListener("focus", lists);
  $("undo").addEventListener("click", () => { edits.pop(); rebuild(); redraw(); });
  $("reset").addEventListener("click", () => { edits = []; rebuild(); redraw(); });
  $("export-scenario").addEventListener("click", () =>
    download("scenario.json", JSON.stringify({ format: "goldthread-scenario/1", name: "what-if", edits }, null, 2)));
  $("export-plan").addEventListener("click", () => download("plan.json", (edited ?? app.base()).toJson()));

  return {
    /** A new plan was loaded: no edits on it yet. */
    reset() {
      edits = [];
      rebuild();
      $("line-ids").replaceChildren();
      lists();
      redraw();
    },
    /** The language changed: the pickers' months and digits follow. */
    relabel() {
      pickers.start.relabel();
      pickers.finish.relabel();
    },
    /** The filters changed: the bridge follows them. */
    refresh() {
      if (edited) bridgeRows($("whatif-bridge"), app.base().diff(edited, app.options()), app);
    },
  };
}

/** The compare panel: two plan files, their diff. */
export function compare(app) {
  const plans = { old: null, new: null };
  const show = () => {
    if (!plans.old || !plans.new) return;
    try {
      const diff = plans.old.diff(plans.new, app.options());
      bridgeRows($("compare-bridge"), diff, app);
      goalRows($("compare-goals"), diff, app);
      $("compare-error").textContent = "";
      $("compare-result").hidden = false;
    } catch (e) {
      $("compare-error").textContent = e.message;
      $("compare-result").hidden = true;
    }
  };
  for (const side of ["old", "new"]) {
    $(`${side}-file`).addEventListener("change", async (e) => {
      const f = e.target.files[0];
      if (!f) return;
      try {
        const next = Plan.fromJson(new Uint8Array(await f.arrayBuffer()));
        plans[side]?.free();
        plans[side] = next;
        $(`${side}-name`).textContent = f.name;
        show();
      } catch (err) {
        $("compare-error").textContent = `${f.name}: ${err.message}`;
      }
    });
  }
  return { refresh: show };
}
