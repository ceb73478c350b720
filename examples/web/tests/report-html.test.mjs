// The Persian HTML report (`goldthread report --format html --lang fa`) in a real headless
// Chromium: the document reads right to left, tables and the Sankey are mirrored, no figure
// holds a Latin digit, and every figure equals the English report's, cell by cell. The
// screenshot is kept in target/ for a person to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const cli = process.env.GOLDTHREAD_CLI ?? path.join(root, "target/debug/goldthread");
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const dir = mkdtempSync(path.join(tmpdir(), "goldthread-report-"));

let browser, page;

function writeReport(lang) {
  const html = execFileSync(cli, ["report", path.join(root, "examples/isfahan/plan.json"),
    "--format", "html", "--lang", lang, "--compare-phases"]);
  const file = path.join(dir, `report-${lang}.html`);
  writeFileSync(file, html);
  return pathToFileURL(file).href;
}

// Every figure cell's text, in order.
const figures = () => page.$$eval("td.num", (cells) => cells.map((c) => c.textContent));
const latin = (s) => s.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
  .replace(/٬/g, ",").replace(/٫/g, ".").replace(/٪/g, "%").replace(/\//g, "-");

before(async () => {
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: FLAGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

after(async () => {
  await browser?.close();
});

test("the Persian report reads right to left with the English figures in Persian digits", async () => {
  await page.goto(writeReport("en"));
  const english = await figures();
  assert.equal(await page.evaluate(() => document.documentElement.dir), "ltr");
  await page.goto(writeReport("fa"));
  assert.equal(await page.evaluate(() => document.documentElement.dir), "rtl");
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), "rtl");
  const persian = await figures();
  assert.ok(persian.length > 500, `${persian.length} figures`);
  assert.equal(persian.length, english.length);
  for (const [i, f] of persian.entries()) {
    assert.doesNotMatch(f, /[0-9]/, `a Latin digit in figure ${i}: ${f}`);
    assert.equal(latin(f), english[i], `figure ${i}`);
  }
  // Mirrored: a table's first column is at the right, the Sankey's sources (org units,
  // drawn first) on the right half.
  const [first, last] = await page.$$eval("table:not(.facts) thead tr", (rows) => {
    const cells = rows[0].querySelectorAll("th");
    return [cells[0].getBoundingClientRect().x, cells[cells.length - 1].getBoundingClientRect().x];
  });
  assert.ok(first > last, `first column at ${first}, last at ${last}`);
  const width = await page.$eval("svg.sankey", (svg) => svg.viewBox.baseVal.width);
  const sources = await page.$$eval("svg.sankey rect", (rects) =>
    rects.filter((r) => r.getAttribute("fill") === "#4e79a7").map((r) => Number(r.getAttribute("x"))));
  assert.ok(sources.length > 0 && sources.every((x) => x > width / 2), `${sources}`);
  // The currency by its Persian name; headings in Persian.
  assert.match(await page.textContent("table.facts"), /ریال/);
  assert.equal(await page.textContent("section h2"), "رشته‌ی پول تا اهداف");
  const shot = path.join(root, "target/report-fa.png");
  await page.screenshot({ path: shot, fullPage: true });
  assert.ok(statSync(shot).size > 50_000, "the screenshot shows a page");
});
