// Search in a real browser: the search page loads its index with
// <script src>, so it works opened from disk (file://, where fetch() is
// refused) as well as over HTTP (`stele serve`). One Latin query and one
// Arabic query with a proclitic (وتدمر finds the site whose alias is تدمر
// and the report that writes بتدمر).
//
// Run after `cargo build`:  node --test tests/browser/
// Needs Debian's Chromium and `npm ci` in tests/browser (see live-reload.test.mjs).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const STELE_BIN = path.resolve(repo, process.env.STELE_BIN ?? "target/debug/stele");
const CHROMIUM = "/usr/bin/chromium";
const WAIT = 10_000;

function stele(...args) {
  return execFileSync(STELE_BIN, args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `stele serve` on a free port; resolves with { child, url } once it prints its URL. */
async function startServer(root) {
  const port = await freePort();
  const child = spawn(STELE_BIN, ["serve", "--root", root, "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  let log = "";
  child.stderr.on("data", (chunk) => (log += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stele serve printed no URL within ${WAIT} ms:\n${log}`)), WAIT);
    child.stdout.on("data", (chunk) => {
      log += chunk;
      const match = /http:\/\/\S+/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[0].replace(/\/$/, "") });
      }
    });
    child.once("exit", (code) => reject(new Error(`stele serve exited with ${code}:\n${log}`)));
  });
}

const PALMYRA = `---
name: Palmyra
aliases: [تدمر]
kind: ancient-city
---
An ancient city in the Syrian desert.
`;

const DESERT_REPORT = `---
title: Shelling reported near the desert city
date: 2024-06-01
sites: [palmyra]
---
وصلت القوات بتدمر صباح اليوم، بحسب شهود.
`;

/** The titles of the results the page lists, once its live region has spoken. */
async function results(page, query) {
  await page.fill("#search-query", query);
  await page.locator("#search-status").filter({ hasText: query }).waitFor();
  return page.locator("#search-results .card-title a").allInnerTexts();
}

describe("search in Chromium", () => {
  let root;
  let server;
  let browser;
  let page;

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    assert.ok(fs.existsSync(STELE_BIN), `${STELE_BIN} is missing: run \`cargo build\` first, or set STELE_BIN`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), "stele-search-"));
    stele("init", root);
    fs.writeFileSync(path.join(root, "content/sites/palmyra.md"), PALMYRA);
    fs.writeFileSync(path.join(root, "content/articles/desert-report.md"), DESERT_REPORT);
    stele("build", "--root", root, "--strict");
    server = await startServer(root);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT);
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    if (server && server.child.exitCode === null) {
      const exited = new Promise((resolve) => server.child.once("exit", resolve));
      server.child.kill();
      await exited;
    }
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  for (const [where, address] of [
    ["from file://", () => pathToFileURL(path.join(root, "site/search/index.html")).href],
    ["over HTTP", () => `${server.url}/search/`],
  ]) {
    it(`finds a Latin and an Arabic query ${where}`, async () => {
      await page.goto(address());
      assert.deepEqual(await results(page, "palmyra"), ["Palmyra"]);
      assert.deepEqual(await results(page, "roof collapses"), ["Roof of the Old Market collapses"]);
      // وتدمر is و + تدمر: it finds the site named تدمر and the report writing بتدمر.
      assert.deepEqual((await results(page, "وتدمر")).sort(), ["Palmyra", "Shelling reported near the desert city"].sort());
      await page.locator("#search-results a", { hasText: "Palmyra" }).click();
      await page.locator("h1", { hasText: "Palmyra" }).waitFor();
    });
  }

  it("fills the query from ?q= in the address", async () => {
    await page.goto(`${server.url}/search/index.html?q=${encodeURIComponent("بتدمر")}`);
    await page.locator("#search-status").filter({ hasText: "بتدمر" }).waitFor();
    assert.equal(await page.inputValue("#search-query"), "بتدمر");
    assert.ok((await page.locator("#search-results .card-title a").allInnerTexts()).includes("Palmyra"));
  });
});
