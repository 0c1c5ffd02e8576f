// `stele serve` in a real browser: live reload, stylesheet swap, scroll
// restoration and the error overlay, driven by edits on disk alone (the test
// never reloads the page itself).
//
// Run after `cargo build`:  node --test tests/browser/
// Needs Debian's Chromium (`apt-get install -y chromium`) and
// `npm install` (or `npm ci`) in tests/browser. STELE_BIN overrides the
// binary (default target/debug/stele).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const STELE_BIN = path.resolve(repo, process.env.STELE_BIN ?? "target/debug/stele");
const CHROMIUM = "/usr/bin/chromium";
/** Longest wait for anything the server or the browser does. */
const WAIT = 10_000;

const LONG_BODY = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of the alpha report, long enough to scroll.`).join("\n\n");

function article(title, date, body) {
  return `---\ntitle: ${title}\ndate: ${date}\nsites: [palmyra]\nactors: [unesco]\n---\n${body}\n`;
}

const SITE_YAML = "title: Browser Test Monitor\nlanguage: en\nbase_url: https://example.org/\n";

function writeProject(root) {
  const files = {
    "content/site.yaml": SITE_YAML,
    "content/articles/alpha.md": article("Alpha report", "2015-05-22", `Alpha version one.\n\n${LONG_BODY}`),
    "content/articles/beta.md": article("Beta report", "2015-09-01", "Beta body."),
    "content/sites/palmyra.md": "---\nname: Palmyra\nkind: ancient-city\ncountry: Syria\n---\nAn ancient city.\n",
    "content/sites/tadmur.md": "---\nname: Tadmur\nkind: town\npart_of: palmyra\ncountry: Syria\n---\nThe modern town.\n",
    "content/actors/unesco.md": "---\nname: UNESCO\nkind: agency\n---\nA United Nations agency.\n",
    "content/actors/dgam.md": "---\nname: DGAM\nkind: agency\n---\nSyria's antiquities directorate.\n",
    "templates/static/style.css": "body { background-color: rgb(255, 255, 255); }\n",
  };
  for (const [name, text] of Object.entries(files)) write(root, name, text);
}

function write(root, name, text) {
  const file = path.join(root, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
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

/** Starts `stele serve` and resolves with { child, url, log() } once it prints its URL. */
async function startServer(root, port) {
  port ??= await freePort();
  const child = spawn(STELE_BIN, ["serve", "--root", root, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let log = "";
  child.stderr.on("data", (chunk) => (log += chunk));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stele serve printed no URL within ${WAIT} ms:\n${log}`)), WAIT);
    child.stdout.on("data", (chunk) => {
      log += chunk;
      const match = /http:\/\/\S+/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[0].replace(/\/$/, ""));
      }
    });
    child.once("exit", (code) => reject(new Error(`stele serve exited with ${code}:\n${log}`)));
  });
  return { child, url, log: () => log };
}

async function stopServer(server) {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    const exited = new Promise((resolve) => server.child.once("exit", resolve));
    server.child.kill();
    await exited;
  }
}

describe("stele serve in Chromium", () => {
  let root;
  let server;
  let browser;
  let page;

  before(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\``);
    }
    if (!fs.existsSync(STELE_BIN)) {
      throw new Error(`${STELE_BIN} is missing: run \`cargo build\` first, or set STELE_BIN`);
    }
    root = fs.mkdtempSync(path.join(os.tmpdir(), "stele-browser-"));
    writeProject(root);
    server = await startServer(root);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
    context.setDefaultTimeout(WAIT);
    page = await context.newPage();
    await page.goto(`${server.url}/articles/alpha/`);
    await page.waitForFunction(() => document.body.innerText.includes("Alpha version one."));
  });

  after(async () => {
    await browser?.close();
    if (server) await stopServer(server);
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it("reloads the page when its file changes", async () => {
    await page.evaluate(() => (window.__steleMarker = "before the edit"));
    write(root, "content/articles/alpha.md", article("Alpha report", "2015-05-22", `Alpha version two.\n\n${LONG_BODY}`));
    await page.waitForFunction(() => document.body.innerText.includes("Alpha version two."));
    assert.equal(await page.evaluate(() => window.__steleMarker), undefined, "a full reload starts a new document");
  });

  it("swaps the stylesheet without a reload when only CSS changes", async () => {
    await page.evaluate(() => (window.__steleMarker = "before the css edit"));
    write(root, "templates/static/style.css", "body { background-color: rgb(1, 2, 3); }\n");
    await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)");
    assert.equal(await page.evaluate(() => window.__steleMarker), "before the css edit", "no reload for a stylesheet");
    assert.equal(await page.locator('link[rel="stylesheet"]').count(), 1, "the old <link> is gone");
  });

  it("keeps the scroll position across a reload", async () => {
    // Only the live-reload script may restore it, not the browser.
    await page.evaluate(() => (history.scrollRestoration = "manual"));
    await page.evaluate(() => window.scrollTo(0, 1200));
    await page.waitForFunction(() => window.scrollY === 1200);
    await page.evaluate(() => (window.__steleMarker = "before the scroll edit"));
    write(root, "content/articles/alpha.md", article("Alpha report", "2015-05-22", `Alpha version three.\n\n${LONG_BODY}`));
    await page.waitForFunction(() => document.body.innerText.includes("Alpha version three.") && window.__steleMarker === undefined);
    await page.waitForFunction(() => Math.abs(window.scrollY - 1200) <= 2, null, { timeout: 3000 });
  });

  it("shows the build errors in an overlay, also on pages opened meanwhile, and removes it once fixed", async () => {
    write(root, "content/site.yaml", "title: Browser Test Monitor\nlanguage: [en\n");
    const overlay = page.locator("#stele-overlay[role=alert]");
    await overlay.waitFor({ state: "visible" });
    const text = await overlay.innerText();
    assert.match(text, /content\/site\.yaml:\d+:\d+/, text);
    assert.ok(await page.evaluate(() => document.body.innerText.includes("Alpha version three.")), "the last good page stays");

    const late = await page.context().newPage();
    await late.goto(`${server.url}/articles/beta/`);
    await late.locator("#stele-overlay[role=alert]").waitFor({ state: "visible" });
    assert.match(await late.locator("#stele-overlay").innerText(), /content\/site\.yaml:\d+:\d+/);

    write(root, "content/site.yaml", SITE_YAML);
    await overlay.waitFor({ state: "detached" });
    await late.locator("#stele-overlay").waitFor({ state: "detached" });
    await late.close();
    assert.equal(server.child.exitCode, null, "content errors never stop the server");
  });

  it("keeps many tabs loading and reloads them all (one event stream for all tabs)", async () => {
    // Browsers allow six HTTP/1.1 connections per server: with a stream per
    // tab, the seventh tab would never load.
    const tabs = [];
    for (let i = 0; i < 8; i++) {
      const tab = await page.context().newPage();
      await tab.goto(`${server.url}/articles/beta/`);
      await tab.evaluate(() => (window.__steleMarker = "before"));
      tabs.push(tab);
    }
    write(root, "content/articles/beta.md", article("Beta report", "2015-09-01", "Beta body, edited for every tab."));
    for (const tab of tabs) {
      await tab.waitForFunction(() => document.body.innerText.includes("Beta body, edited for every tab.") && window.__steleMarker === undefined);
    }
    await Promise.all(tabs.map((tab) => tab.close()));
  });

  it("reloads open pages when the server restarts", async () => {
    await page.evaluate(() => (window.__steleMarker = "before the restart"));
    const port = Number(new URL(server.url).port);
    await stopServer(server);
    server = await startServer(root, port);
    assert.equal(new URL(server.url).port, String(port), "restarted on the same port");
    await page.waitForFunction(() => window.__steleMarker === undefined && document.body.innerText.includes("Alpha version three."));
  });
});
