// The page in a real headless Chromium (Debian's), driven by playwright-core: the example's
// headline equals the CLI's report, filters recompute to the CLI's figures, names are shown
// as text and never run, a plan with errors shows its diagnostics.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const site = path.join(root, "target/web");
const cli = process.env.GOLDTHREAD_CLI ?? path.join(root, "target/debug/goldthread");
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let server, base, context, page;
const dialogs = [];

function cliReport(...args) {
  const out = execFileSync(cli, ["report", path.join(root, "examples/isfahan/plan.json"), "--format", "json", ...args]);
  return JSON.parse(out.toString());
}
const group = (s) => { const [i, f] = s.split("."); const g = i.replace(/\B(?=(\d{3})+(?!\d))/g, ","); return f === undefined ? g : `${g}.${f}`; };
const pct = (r) => `${(r * 100).toFixed(1)}%`;

before(async () => {
  assert.ok(existsSync(path.join(site, "index.html")), "build the page first (scripts/build-wasm.sh)");
  server = spawn("python3", ["-u", "-m", "http.server", "--bind", "127.0.0.1", "0", "--directory", site], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((resolve, reject) => {
    server.stdout.on("data", (d) => { const m = /port (\d+)/.exec(d.toString()); if (m) resolve(m[1]); });
    server.on("exit", (code) => reject(new Error(`http.server exited ${code}`)));
  });
  base = `http://127.0.0.1:${port}/`;
  context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), "goldthread-chromium-")), {
    executablePath: "/usr/bin/chromium", headless: true, args: FLAGS,
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(base);
  await page.waitForSelector("body[data-ready=true]");
});

after(async () => {
  await context?.close();
  server?.kill();
});

async function loadExample() {
  await page.click("#example");
  await page.waitForSelector("#headline:not([hidden])");
}

test("the Isfahan example's headline equals the CLI's report", async () => {
  await loadExample();
  const t = cliReport().traceability;
  assert.equal(await page.textContent("#total"), `${group(t.total_amount)} IRR`);
  assert.equal(await page.textContent("#traced"), `${group(t.traced_amount)} IRR`);
  assert.equal(await page.textContent("#ratio"), pct(t.amount_ratio));
  assert.equal(await page.textContent("#lines"), `${t.traced_lines} of ${t.lines}`);
  assert.ok((await page.$$("#sankey rect")).length > 100, "the Sankey is drawn");
  assert.ok(await page.$('#sankey g[data-node="leak:line_unlinked"]'), "leaks are visible nodes");
  assert.equal(await page.getAttribute('tr[data-goal="G1"] td[dir=auto]', "dir"), "auto");
  mkdirSync(path.join(root, "target"), { recursive: true });
  await page.screenshot({ path: path.join(root, "target/goldthread-page.png"), fullPage: true });
});

test("the year and phase filters recompute to the CLI's figures", async () => {
  await loadExample();
  await page.selectOption("#year", "1398");
  let t = cliReport("--year", "1398").traceability;
  assert.equal(await page.textContent("#total"), `${group(t.total_amount)} IRR`);
  assert.equal(await page.textContent("#ratio"), pct(t.amount_ratio));
  await page.selectOption("#phase", "spent");
  await page.selectOption("#org-unit", "D03");
  t = cliReport("--year", "1398", "--phase", "spent", "--org-unit", "D03").traceability;
  assert.equal(await page.textContent("#traced"), `${group(t.traced_amount)} IRR`);
  await page.selectOption("#year", "");
  await page.selectOption("#org-unit", "");
  await page.selectOption("#phase", "amount");
});

test("the goals table sorts", async () => {
  await loadExample();
  await page.click('#goals th[data-key="rolled_up_amount"]');
  await page.click('#goals th[data-key="rolled_up_amount"]');
  const first = await page.getAttribute("#goals tbody tr:first-child", "data-goal");
  const roots = cliReport().goals.sort((a, b) => Number(b.rolled_up_amount) - Number(a.rolled_up_amount));
  assert.equal(first, roots[0].id);
});

test("goals show as a tree, children under their parent, whatever the file's order", async () => {
  const plan = {
    format: "goldthread/1", name: "tree", precision: 0,
    goals: [{ id: "A", name: "a" }, { id: "B", name: "b" }, { id: "A.1", name: "a1", parent: "A" }],
    budget_lines: [{ id: "L", year: "1", amount: "10" }],
  };
  await page.setInputFiles("#file", { name: "tree.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plan)) });
  await page.waitForFunction(() => document.querySelector("#plan-name").textContent === "tree");
  // A column sorted descending (the test before) goes back to the tree on a third click.
  if ((await page.textContent('#goals th[data-key="rolled_up_amount"]')).includes("▼")) {
    await page.click('#goals th[data-key="rolled_up_amount"]');
  }
  const rows = await page.$$eval("#goals tbody tr", (trs) => trs.map((tr) => `${tr.dataset.goal}:${tr.dataset.depth}`));
  assert.deepEqual(rows, ["A:0", "A.1:1", "B:0"]);
});

test("a name with markup is shown as text and runs nothing", async () => {
  const evil = "<script>alert(1)</script>";
  const plan = {
    format: "goldthread/1", name: "<img src=x onerror=alert(2)>", precision: 0,
    goals: [{ id: "G", name: evil }],
    programs: [{ id: "P", name: "<b onmouseover=alert(3)>p</b>", goals: [{ goal: "G" }] }],
    budget_lines: [{ id: "L", year: "1", amount: "10", funds: [{ program: "P" }] }],
  };
  await page.setInputFiles("#file", { name: "evil.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plan)) });
  await page.waitForFunction(() => document.querySelector("#plan-name").textContent.startsWith("<img"));
  assert.equal(await page.textContent('tr[data-goal="G"] td[dir=auto]'), evil);
  assert.equal(await page.$("#goals script"), null);
  assert.equal(await page.$("main img"), null);
  await page.hover("#sankey");
  assert.deepEqual(dialogs, []);
});

test("a plan with errors shows its diagnostics and keeps the page alive", async () => {
  await loadExample();
  const bad = '{"format":"goldthread/1","name":"bad","goals":[{"id":"G","name":"g"},{"id":"H","name":"h"}],"programs":[{"id":"P","name":"p","goals":[{"goal":"G","share":"0.6"},{"goal":"H","share":"0.6"}]}]}';
  await page.setInputFiles("#file", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from(bad) });
  await page.waitForSelector("#status.error");
  assert.match(await page.textContent("#status"), /PlanError/);
  assert.match(await page.textContent("#diagnostics"), /E005 shares-exceed-one at \/programs\/0\/goals/);
  await loadExample();
  assert.equal(await page.textContent("#ratio"), pct(cliReport().traceability.amount_ratio));
});

test("in Persian the page reads right to left, with the same figures in Persian digits, and remembers", async () => {
  await loadExample();
  const english = await page.textContent("#total");
  await page.selectOption("#lang", "fa");
  assert.equal(await page.evaluate(() => document.documentElement.dir), "rtl");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "fa");
  const persian = await page.textContent("#total");
  assert.match(persian, /ریال$/);
  const latin = persian.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/٬/g, ",").replace(/ ریال$/, " IRR");
  assert.equal(latin, english);
  for (const id of ["total", "traced", "ratio", "lines", "covered", "coverage", "hhi"]) {
    assert.doesNotMatch(await page.textContent(`#${id}`), /[0-9]/, `#${id}`);
  }
  const figures = await page.$$eval("#goals td.num, #leaks td.num", (cells) => cells.map((c) => c.textContent));
  assert.ok(figures.length > 100 && figures.every((f) => !/[0-9]/.test(f)), "no Latin digit in a figure");
  assert.equal(await page.textContent('[data-label="section.goals"]'), "اهداف");
  // The fiscal years of the Solar Hijri plan, with their days in Persian.
  assert.match(await page.textContent("#fiscal-years"), /سال مالی ۱۳۹۸: ۱۳۹۸\/۰۱\/۰۱ تا ۱۳۹۸\/۱۲\/۲۹/);
  // Mirrored: the goals table's first column at the right, the org units (Sankey sources).
  const [first, last] = await page.$$eval("#goals thead th", (ths) => [ths[0].getBoundingClientRect().x, ths[ths.length - 1].getBoundingClientRect().x]);
  assert.ok(first > last, `${first} > ${last}`);
  const hq = await page.$eval('#sankey g[data-node="HQ"] rect', (r) => Number(r.getAttribute("x")));
  const width = await page.$eval("#sankey", (s) => s.viewBox.baseVal.width);
  assert.ok(hq > width / 2, `HQ at ${hq} of ${width}`);
  assert.deepEqual(await page.evaluate(() => [...window.goldthreadMissingLabels]), []);
  await page.screenshot({ path: path.join(root, "target/goldthread-page-fa.png"), fullPage: true });
  // Remembered: a new visit opens in Persian.
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await page.evaluate(() => document.documentElement.dir), "rtl");
  assert.equal(await page.inputValue("#lang"), "fa");
  await page.selectOption("#lang", "en");
  assert.equal(await page.evaluate(() => document.documentElement.dir), "ltr");
  assert.deepEqual(await page.evaluate(() => [...window.goldthreadMissingLabels]), []);
});

test("choosing a classification shows its codes and its Sankey, as the CLI reports them", async () => {
  await loadExample();
  await page.selectOption("#classification", "sdg");
  await page.waitForSelector("#classification-section:not([hidden])");
  const c = cliReport().classifications.find((x) => x.id === "sdg");
  for (const code of c.codes) {
    const cells = await page.$$eval(`#codes tr[data-code="${code.id}"] td.num`, (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(cells.slice(0, 2), [group(code.amount), group(code.rolled_up_amount)], code.id);
  }
  assert.equal(await page.textContent('#codes tr[data-code=""] td.num'), group(c.unclassified_amount));
  // The Sankey follows: the codes flow to the root goals, as the CLI's export says.
  const sankey = JSON.parse(execFileSync(cli, ["export", path.join(root, "examples/isfahan/plan.json"), "--to", "sankey", "--classification", "sdg"]).toString());
  const drawn = await page.$$eval("#sankey g[data-node]", (gs) => gs.map((g) => g.dataset.node).sort());
  assert.deepEqual(drawn, sankey.nodes.map((n) => n.id).sort());
  assert.deepEqual(await page.evaluate(() => [...window.goldthreadMissingLabels]), []);
  await page.selectOption("#classification", "");
  assert.ok(await page.$('#sankey g[data-node="leak:line_unlinked"]'), "back to the thread");
});

test("the page works opened from disk too", async () => {
  const p = await context.newPage();
  await p.goto(pathToFileURL(path.join(site, "index.html")).href);
  await p.waitForSelector("body[data-ready=true]");
  await p.click("#example");
  await p.waitForSelector("#headline:not([hidden])");
  assert.equal(await p.textContent("#ratio"), pct(cliReport().traceability.amount_ratio));
  await p.close();
});
