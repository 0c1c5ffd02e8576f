// The timeline's filters in a real browser: a year page of the example,
// opened from disk (file://), gets a filter form from
// static/timeline-filter.js; choosing a kind leaves only rows of that kind
// visible and says how many are shown. Without JavaScript every row is
// there (the page is plain HTML; the form is made by the script).
//
// Run after `cargo build`:  node --test tests/browser/
// Needs Debian's Chromium and `npm ci` in tests/browser (see live-reload.test.mjs).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const STELE_BIN = path.resolve(repo, process.env.STELE_BIN ?? "target/debug/stele");
const CHROMIUM = "/usr/bin/chromium";
const WAIT = 10_000;

describe("timeline filters in Chromium", () => {
  let out;
  let browser;

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    assert.ok(fs.existsSync(STELE_BIN), `${STELE_BIN} is missing: run \`cargo build\` first, or set STELE_BIN`);
    out = fs.mkdtempSync(path.join(os.tmpdir(), "stele-timeline-filter-"));
    // The repository's example, built into a folder of its own.
    execFileSync(STELE_BIN, ["build", "--root", repo, "--out", path.join(out, "site"), "--force"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
  });

  after(async () => {
    await browser?.close();
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  const yearPage = () => pathToFileURL(path.join(out, "site/timeline/2015/index.html")).href;

  it("shows only the rows of the kind chosen, and says how many", async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT);
    const page = await context.newPage();
    await page.goto(yearPage());
    const rows = page.locator(".event-row");
    const total = await rows.count();
    assert.ok(total > 2, `only ${total} rows on the 2015 page`);
    const kinds = await rows.evaluateAll((all) => all.map((row) => row.dataset.kind));
    const kind = "capture";
    const expected = kinds.filter((k) => k === kind).length;
    assert.ok(expected > 0 && expected < total, `pick a kind some rows have: ${kinds}`);

    const count = page.locator(".filter-count");
    await page.getByLabel("Kind").waitFor();
    assert.equal(await count.innerText(), `${total} of ${total} events shown`);
    await page.getByLabel("Kind").selectOption(kind);

    assert.equal(await count.innerText(), `${expected} of ${total} events shown`);
    assert.equal(await count.getAttribute("aria-live"), "polite");
    const visible = page.locator(".event-row:visible");
    assert.equal(await visible.count(), expected);
    const visibleKinds = await visible.evaluateAll((all) => all.map((row) => row.dataset.kind));
    assert.deepEqual([...new Set(visibleKinds)], [kind]);

    // Back to any kind: every row again.
    await page.getByLabel("Kind").selectOption("");
    assert.equal(await page.locator(".event-row:visible").count(), total);
    await context.close();
  });

  it("hides nothing without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(yearPage());
    const rows = await page.locator(".event-row").count();
    assert.ok(rows > 2);
    assert.equal(await page.locator(".event-row:visible").count(), rows);
    assert.equal(await page.locator(".timeline-filter").count(), 0);
    await context.close();
  });
});
