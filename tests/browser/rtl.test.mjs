// An Arabic site in a real browser: pages of a site with `language: ar-SY`
// lay out right to left (navigation, facts boxes, timelines, previous/next
// links mirrored), and a report in English inside it runs left to right.
// Opened from disk (file://), built from tests/fixtures/arabic.
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

/** The box of the first element `selector` matches. */
async function box(page, selector) {
  const found = await page.locator(selector).first().boundingBox();
  assert.ok(found, `${selector} is not laid out`);
  return found;
}

describe("an Arabic site in Chromium", () => {
  let out;
  let browser;
  let page;
  const open = (relative) => page.goto(pathToFileURL(path.join(out, relative)).href);

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    assert.ok(fs.existsSync(STELE_BIN), `${STELE_BIN} is missing: run \`cargo build\` first, or set STELE_BIN`);
    out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stele-rtl-")), "site");
    execFileSync(STELE_BIN, ["build", "--root", path.join(repo, "tests/fixtures/arabic"), "--out", out], { encoding: "utf8" });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    context.setDefaultTimeout(WAIT);
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    if (out) fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });

  it("runs the page right to left", async () => {
    await open("index.html");
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), "rtl");
  });

  it("puts the navigation's first item to the right of its second", async () => {
    await open("index.html");
    const first = await box(page, ".nav li:nth-child(1)");
    const second = await box(page, ".nav li:nth-child(2)");
    assert.ok(first.x > second.x + second.width - 1, `first item at x=${first.x}, second at x=${second.x}`);
    // The site's title is at the right edge, the navigation to its left.
    const title = await box(page, ".site-title");
    assert.ok(title.x > first.x, `title at x=${title.x}, navigation at x=${first.x}`);
  });

  it("puts a facts box's labels to the right of their values, its rule on the right", async () => {
    await open("sites/palmyra/index.html");
    const label = await box(page, ".facts dt");
    const value = await box(page, ".facts dd");
    assert.ok(label.x > value.x, `label at x=${label.x}, value at x=${value.x}`);
    const rule = await page.evaluate(() => {
      const style = getComputedStyle(document.querySelector(".facts"));
      return { right: style.borderRightWidth, left: style.borderLeftWidth };
    });
    assert.deepEqual(rule, { right: "3px", left: "0px" });
  });

  it("puts a timeline's dates to the right of its events", async () => {
    await open("timeline/2015/index.html");
    const date = await box(page, ".event-row .event-date");
    const body = await box(page, ".event-row .event-body");
    assert.ok(date.x > body.x, `date at x=${date.x}, event at x=${body.x}`);
  });

  it("puts the next event on the left", async () => {
    await open("events/palmyra-falls/index.html");
    const next = await box(page, ".prev-next .next");
    const main = await box(page, "main .wrap");
    assert.ok(next.x < main.x + main.width / 2, `next event at x=${next.x}`);
  });

  it("runs an English report left to right inside the Arabic page", async () => {
    await open("articles/temple-destroyed-en/index.html");
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector(".prose")).direction), "ltr");
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector(".facts")).direction), "rtl");
  });
});
