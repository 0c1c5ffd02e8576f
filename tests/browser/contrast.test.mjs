// Accessibility of the committed example build (site/) in light and dark
// mode: axe-core's WCAG 2 A/AA rules (colour contrast among them) in Debian's
// Chromium, with `prefers-color-scheme` emulated, opened from disk (file://).
// A serious or critical finding fails.
//
// Run after `cargo run -- build`:  node --test tests/browser/
// Needs Debian's Chromium and `npm ci` in tests/browser (see live-reload.test.mjs).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const CHROMIUM = "/usr/bin/chromium";

// One page of each kind that has colour: home, a report with a figure and
// sources, a site with parts (folded ones included), an event, the indexes.
const PAGES = [
  "index.html",
  "articles/2016-12-15-palmyra-heritage-at-risk/index.html",
  "articles/index.html",
  "sites/palmyra/index.html",
  "sites/index.html",
  "actors/islamic-state/index.html",
  "events/temple-of-bel-destroyed/index.html",
  "timeline/index.html",
  "timeline/2015/index.html",
  "search/index.html",
  "articles/palmyra-retaken-a-second-time-ar/index.html",
];

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
});
after(async () => {
  await browser?.close();
});

/** axe's serious and critical findings on `page` of site/ in `colorScheme`. */
async function findings(colorScheme, page) {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } });
  try {
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(path.join(repo, "site", page)).href, { waitUntil: "load" });
    await tab.evaluate(AXE);
    const result = await tab.evaluate(() => window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] } }));
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}) on ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.html.slice(0, 160)}: ${v.nodes[0]?.failureSummary ?? ""}`);
  } finally {
    await context.close();
  }
}

for (const colorScheme of ["light", "dark"]) {
  describe(`site/ in ${colorScheme} mode`, () => {
    for (const page of PAGES) {
      it(`${page} has no serious or critical axe findings`, async () => {
        assert.deepEqual(await findings(colorScheme, page), []);
      });
    }
  });
}

it("dark mode really is dark: the page background changes with the colour scheme", async () => {
  const background = async (colorScheme) => {
    const context = await browser.newContext({ colorScheme });
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(path.join(repo, "site/index.html")).href);
    const colour = await tab.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await context.close();
    return colour;
  };
  assert.equal(await background("light"), "rgb(250, 248, 244)");
  assert.equal(await background("dark"), "rgb(24, 21, 19)");
});

it("a printed event keeps its sources' addresses and drops the navigation", async () => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(pathToFileURL(path.join(repo, "site/events/temple-of-bel-destroyed/index.html")).href);
  await tab.emulateMedia({ media: "print" });
  const printed = await tab.evaluate(() => ({
    nav: getComputedStyle(document.querySelector(".masthead nav")).display,
    footer: getComputedStyle(document.querySelector(".site-footer")).display,
    source: getComputedStyle(document.querySelector(".sources a[href^='http']"), "::after").content,
    background: getComputedStyle(document.body).backgroundColor,
  }));
  await context.close();
  const { source, ...rest } = printed;
  assert.deepEqual(rest, { nav: "none", footer: "none", background: "rgb(255, 255, 255)" });
  assert.match(source, /https:\/\/monitor\.example\.org\/sources\/unosat-temple-of-bel-2015-08-31/);
});
