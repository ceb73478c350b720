// Opens the page bundled from the npm tarball (scripts/test-release.sh) in headless
// Chromium, from disk, and waits for its report.
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// The page tests' playwright-core drives Debian's Chromium (flags in BUILD-NOTES).
const require = createRequire(path.join(root, "examples/web/package.json"));
const { chromium } = require("playwright-core");
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), "goldthread-release-")), {
  executablePath: "/usr/bin/chromium", headless: true, args: FLAGS,
});
try {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(pathToFileURL(process.argv[2]).href);
  await page.waitForFunction(() => document.getElementById("out").textContent !== "…", null, { timeout: 20000 });
  const text = await page.textContent("#out");
  // 100.01 × 0.5 = 50.005 → 50.01 by the largest remainder (the leftover cent goes to the goal).
  if (text !== "50.01 of 100.01" || errors.length) throw new Error(`page said ${text} ${errors.join("; ")}`);
  console.error(`npm in a page (esbuild, Chromium): traced ${text}`);
} finally {
  await context.close();
}
