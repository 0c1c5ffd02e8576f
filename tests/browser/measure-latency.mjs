// Save-to-reload latency of `stele serve`: not a test, a measurement.
//
//   node tests/browser/measure-latency.mjs [--root DIR] [--file content/articles/X.md] [--edits 20] [--edit text|name]
//
// Starts `stele serve` (STELE_BIN, default target/debug/stele) on DIR
// (default: a temporary copy of this repository's content/ and templates/,
// so the checkout is never edited), opens the page of the report, site or
// actor FILE describes in Chromium, and edits FILE N times: `text` adds a
// paragraph (to a site's or actor's description), `name` changes the
// `name:` of a site or actor (every page showing it). For each edit it records, from the moment
// the write returns: when an SSE client receives the `reload` event, and
// when the reloaded page has fired `load` in the browser. Prints the
// medians. An edited --root is restored at the end.

import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const STELE_BIN = path.resolve(repo, process.env.STELE_BIN ?? "target/debug/stele");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const EDITS = Number(option("--edits", "20"));
const FILE = option("--file", "content/articles/2015-05-22-palmyra-falls.md");
const EDIT = option("--edit", "text");
if (!["text", "name"].includes(EDIT)) throw new Error(`--edit is text or name, not ${EDIT}`);
let root = option("--root", null);
let temporary = null;
if (!root) {
  temporary = fs.mkdtempSync(path.join(os.tmpdir(), "stele-latency-"));
  for (const folder of ["content", "templates"]) {
    if (fs.existsSync(path.join(repo, folder))) fs.cpSync(path.join(repo, folder), path.join(temporary, folder), { recursive: true });
  }
  root = temporary;
}
const file = path.join(root, FILE);
const original = fs.readFileSync(file, "utf8");
// content/articles/[any folders/]X.md -> articles/X/, content/sites/X.md -> sites/X/, ...
const pagePath = `${FILE.split(/[\\/]/)[1]}/${path.basename(FILE, ".md")}/`;

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const server = spawn(STELE_BIN, ["serve", "--root", root, "--port", String(port)], { stdio: ["ignore", "pipe", "inherit"] });
let out = "";
const url = await new Promise((resolve) => server.stdout.on("data", (chunk) => {
  out += chunk;
  const match = /http:\/\/\S+/.exec(out);
  if (match) resolve(match[0].replace(/\/$/, ""));
}));

// An SSE client that timestamps `reload` events.
const reloads = [];
let onReload = null;
http.get(`${url}/__stele/events`, (response) => {
  let buffer = "";
  response.on("data", (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (/^event: reload$/m.test(message)) {
        reloads.push(performance.now());
        onReload?.();
      }
    }
  });
});

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage();
await page.goto(`${url}/${pagePath}`);
await new Promise((resolve) => setTimeout(resolve, 500));

const sse = [];
const loaded = [];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
try {
  for (let i = 0; i < EDITS; i++) {
    const pageLoad = page.waitForEvent("load", { timeout: 10_000 }).then(() => performance.now());
    const event = new Promise((resolve) => (onReload = resolve));
    const text = EDIT === "name"
      ? original.replace(/\nname: ("?)/, (_, quote) => `\nname: ${quote}Renamed ${i} `)
      : original.replace(/\n*$/, `\n\nLatency edit ${i} ${Date.now()}.\n`);
    if (text === original) throw new Error(`${FILE} has no name: line`);
    const start = performance.now();
    fs.writeFileSync(file, text);
    await event;
    const eventAt = reloads[reloads.length - 1];
    const loadAt = await pageLoad;
    sse.push(eventAt - start);
    loaded.push(loadAt - start);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
} finally {
  fs.writeFileSync(file, original);
  await browser.close();
  server.kill();
  if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
}
const show = (values) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
const rebuilds = [...out.matchAll(/rebuilt in (\d+) ms/g)].map((m) => Number(m[1]));
console.log(`${EDITS} ${EDIT} edits of ${FILE}`);
console.log(`write -> SSE reload event:       ${show(sse)}`);
console.log(`write -> reloaded page's load:    ${show(loaded)}`);
console.log(`server-side rebuild:              ${show(rebuilds)}`);
