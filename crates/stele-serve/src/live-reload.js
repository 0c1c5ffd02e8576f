// Live reload for `stele serve`. The server injects this script into every
// HTML response it sends (never into `stele build` output), with the id of
// the build the page came from in place of __STELE_BUILD__.
(() => {
  "use strict";
  if (window.__steleLive) return;
  window.__steleLive = true;

  let build = "__STELE_BUILD__";
  const page = outputPath(location.pathname);
  const scrollKey = "stele:scroll:" + page;
  const overlayId = "stele-overlay";

  // `/sites/palmyra/` and `/sites/palmyra/index.html` are `sites/palmyra/index.html`.
  function outputPath(pathname) {
    let path = pathname;
    try {
      path = decodeURIComponent(pathname);
    } catch (_) {
      // keep it as sent
    }
    path = path.replace(/^\/+/, "");
    return path === "" || path.endsWith("/") ? path + "index.html" : path;
  }

  function sameOriginPath(reference) {
    try {
      const url = new URL(reference, location.href);
      return url.origin === location.origin ? outputPath(url.pathname) : null;
    } catch (_) {
      return null;
    }
  }

  // Scroll position survives a reload.
  function restoreScroll() {
    let saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(scrollKey));
      sessionStorage.removeItem(scrollKey);
    } catch (_) {
      return;
    }
    if (!Array.isArray(saved)) return;
    const apply = () => window.scrollTo(saved[0], saved[1]);
    apply();
    if (document.readyState !== "complete") addEventListener("load", apply, { once: true });
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (_) {
      // private mode: reload anyway
    }
    location.reload();
  }

  // Does this page load any of these output paths (images, scripts, fonts)?
  function usesAny(paths) {
    if (paths.length === 0) return false;
    const wanted = new Set(paths);
    for (const element of document.querySelectorAll("[src], link[href], object[data], [srcset]")) {
      const references = [element.getAttribute("src"), element.getAttribute("data")];
      if (element.localName === "link") references.push(element.getAttribute("href"));
      for (const candidate of (element.getAttribute("srcset") || "").split(",")) {
        references.push(candidate.trim().split(/\s+/)[0]);
      }
      if (references.some((reference) => reference && wanted.has(sameOriginPath(reference)))) return true;
    }
    return false;
  }

  // New stylesheets without a reload: the old <link> goes once the new one has loaded.
  function swapStylesheets() {
    const stamp = Date.now().toString(36);
    for (const link of document.querySelectorAll('link[rel~="stylesheet"][href]')) {
      if (link.hasAttribute("data-stele-replaced")) continue;
      let url;
      try {
        url = new URL(link.href);
      } catch (_) {
        continue;
      }
      if (url.origin !== location.origin) continue;
      url.searchParams.set("stele", stamp);
      const next = link.cloneNode();
      next.href = url.href;
      link.setAttribute("data-stele-replaced", "");
      const done = () => link.remove();
      next.addEventListener("load", done, { once: true });
      next.addEventListener("error", done, { once: true });
      link.after(next);
    }
  }

  function onReload(data) {
    if (data.build === build) return;
    build = data.build;
    const changed = data.changed || [];
    const removed = data.removed || [];
    const assets = changed.concat(removed).filter((path) => !/\.(html?|css|xml)$/i.test(path));
    if (data.all || changed.includes(page) || removed.includes(page) || usesAny(assets)) {
      reload();
    } else if (changed.concat(removed).some((path) => /\.css$/i.test(path))) {
      swapStylesheets();
    }
  }

  function element(name, style, text) {
    const node = document.createElement(name);
    if (style) node.style.cssText = style;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hideOverlay() {
    const overlay = document.getElementById(overlayId);
    if (overlay) overlay.remove();
  }

  function showErrors(errors) {
    hideOverlay();
    if (!errors || errors.length === 0) return;
    const panel = element(
      "div",
      "position:fixed;z-index:2147483647;top:0;left:0;right:0;max-height:70vh;overflow:auto;box-sizing:border-box;" +
        "margin:0;padding:1rem 1.25rem;background:#fff4f2;color:#1b1b1b;border-bottom:4px solid #b3261e;" +
        "box-shadow:0 4px 18px rgba(0,0,0,.3);font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;text-align:left",
    );
    panel.id = overlayId;
    panel.setAttribute("role", "alert");
    const close = element(
      "button",
      "float:right;font:inherit;font-size:1.4em;line-height:1;border:0;background:none;color:inherit;cursor:pointer",
      "\u00d7",
    );
    close.type = "button";
    close.setAttribute("aria-label", "Hide these errors");
    close.addEventListener("click", hideOverlay);
    panel.append(close);
    const count = errors.length === 1 ? "1 error" : errors.length + " errors";
    panel.append(element("strong", "display:block;margin-bottom:.5rem;color:#b3261e", "stele: the build has " + count + ". This page shows the last good build."));
    const list = element("ol", "margin:0;padding-left:1.5rem");
    for (const error of errors) {
      const item = element("li", "margin:.4rem 0");
      const position = error.position || (error.location ? error.file + ":" + error.location.line + ":" + error.location.column : error.file);
      item.append(element("code", "font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;font-weight:bold", position));
      item.append(document.createTextNode(" " + error.message));
      if (error.hint) item.append(element("div", "color:#5b5b5b", "hint: " + error.hint));
      for (const related of error.related || []) {
        const where = related.location ? related.file + ":" + related.location.line + ":" + related.location.column : related.file;
        item.append(element("div", "color:#5b5b5b", where + ": " + related.note));
      }
      list.append(item);
    }
    panel.append(list);
    (document.body || document.documentElement).append(panel);
  }

  function handle(name, data) {
    if (name === "hello") {
      // A build this page missed, or a restarted server.
      if (data.build !== build) return reload();
      showErrors(data.errors);
    } else if (name === "reload") {
      onReload(data);
    } else if (name === "errors") {
      showErrors(data.errors);
    } else if (name === "ok") {
      hideOverlay();
    }
  }

  // The event stream; with `relay`, every event is passed on to the other tabs.
  function connect(relay) {
    const source = new EventSource("/__stele/events");
    for (const name of ["hello", "reload", "errors", "ok"]) {
      source.addEventListener(name, (event) => {
        const data = JSON.parse(event.data);
        if (relay) relay.postMessage({ name, data });
        handle(name, data);
      });
    }
    source.addEventListener("error", () => {
      // The browser retries by itself unless it gave up on the stream.
      if (source.readyState === EventSource.CLOSED) setTimeout(() => connect(relay), 1000);
    });
  }

  restoreScroll();
  // Browsers allow six HTTP/1.1 connections per server and an open stream
  // keeps one, so with many tabs open pages would stop loading: one tab
  // (the holder of a lock) keeps the stream and relays it to the others.
  // Without the Lock API (plain http:// on another host), each tab connects.
  if (typeof BroadcastChannel === "function" && navigator.locks) {
    const relay = new BroadcastChannel("stele-live");
    relay.onmessage = (event) => handle(event.data.name, event.data.data);
    const lead = () => {
      connect(relay);
      return new Promise(() => {}); // held until the tab goes away
    };
    navigator.locks.request("stele-live-events", { ifAvailable: true }, (lock) => {
      if (lock) return lead();
      // Another tab has the stream: ask for the state once, take over when it goes.
      fetch("/__stele/errors", { cache: "no-store" })
        .then((response) => response.json())
        .then((data) => handle("hello", data))
        .catch(() => {});
      navigator.locks.request("stele-live-events", lead);
    });
  } else {
    connect(null);
  }
})();
