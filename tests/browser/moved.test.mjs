// A moved page in a real browser: the redirect page stele leaves at an old
// id (`moved_from`) takes the reader to the new page, opened from disk
// (file://, the built folder) and over HTTP (`stele serve`).
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

describe("a moved page in Chromium", () => {
  let root;
  let server;
  let browser;
  let page;

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    assert.ok(fs.existsSync(STELE_BIN), `${STELE_BIN} is missing: run \`cargo build\` first, or set STELE_BIN`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), "stele-moved-"));
    stele("init", root);
    const site = path.join(root, "content/sites/old-market.md");
    fs.writeFileSync(site, fs.readFileSync(site, "utf8").replace("kind: market\n", "kind: market\nmoved_from: [market-hall]\n"));
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

  it("goes on to the new page from file://", async () => {
    const old = pathToFileURL(path.join(root, "site/sites/market-hall/index.html")).href;
    await page.goto(old);
    await page.waitForURL(pathToFileURL(path.join(root, "site/sites/old-market/index.html")).href);
    assert.equal(await page.locator("h1").first().innerText(), "Old Market");
  });

  it("goes on to the new page over HTTP", async () => {
    await page.goto(`${server.url}/sites/market-hall/`);
    await page.waitForURL(`${server.url}/sites/old-market/index.html`);
    assert.equal(await page.locator("h1").first().innerText(), "Old Market");
  });
});
