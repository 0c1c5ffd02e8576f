// stele's search page. The index is written at build time as scripts under
// search/ (see crates/stele-render/src/search/): this file loads the few a
// query needs with <script src>, which works from file:// where fetch() does
// not. Words are made into terms as words.rs makes them; keep the two alike.
(function () {
  "use strict";

  var app = document.getElementById("search-app");
  var form = document.querySelector("form.search-form");
  var input = document.getElementById("search-query");
  if (!app || !form || !input) return;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var root = app.getAttribute("data-root") || "";
  var termsFiles = Number(app.getAttribute("data-terms-files")) || 1;
  var perFile = Number(app.getAttribute("data-documents-per-file")) || 500;
  var SHOWN = 50;
  var MIN_WORD = 2, MAX_WORD = 40, MIN_STEM = 3;
  // Longest first: conjunction (و ف), preposition (ب ك ل), article (ال); ل + ال is لل.
  var PROCLITICS = ["وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل",
    "وب", "وك", "ول", "فب", "فك", "فل", "ال", "و", "ف", "ب", "ك", "ل"];

  function text(name) { return app.getAttribute("data-" + name) || ""; }

  // Lower case; Arabic diacritics and tatweel dropped; أ إ آ → ا, ى → ي, ة → ه.
  function normalise(s) {
    return s.toLowerCase().replace(/[\u064B-\u0652\u0640]/g, "")
      .replace(/[أإآ]/g, "ا").replace(/ى/g, "ي").replace(/ة/g, "ه");
  }

  function length(s) { return Array.from(s).length; }

  function words(s) {
    return normalise(s).split(/[^\p{Alphabetic}\p{N}]+/u).filter(function (w) {
      var n = length(w);
      return n >= MIN_WORD && n <= MAX_WORD;
    });
  }

  // A word and the word without each proclitic it starts with.
  function forms(word) {
    var out = [word];
    PROCLITICS.forEach(function (p) {
      if (word.indexOf(p) === 0 && length(word.slice(p.length)) >= MIN_STEM) out.push(word.slice(p.length));
    });
    return out;
  }

  // FNV-1a over UTF-16 code units, as terms_file_of in Rust.
  function termsFileOf(term) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      hash ^= term.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash & (termsFiles - 1);
  }

  // The index's scripts call these with their part.
  var parts = { terms: {}, documents: {} };
  var loading = {};
  window.steleSearch = {
    terms: function (n, map) { parts.terms[n] = map; },
    documents: function (n, rows) { parts.documents[n] = rows; }
  };

  function load(kind, n) {
    var key = kind + "-" + n;
    if (!loading[key]) {
      loading[key] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = root + "search/" + key + ".js";
        script.onload = function () { resolve(parts[kind][n]); };
        script.onerror = function () { delete loading[key]; reject(new Error(key)); };
        document.head.appendChild(script);
      });
    }
    return loading[key];
  }

  // A term's documents and weights: [number, weight, ...]. The file writes
  // each number as the gap from the one before (the first from 0).
  function postings(term) {
    var map = parts.terms[termsFileOf(term)];
    if (!map || !Object.prototype.hasOwnProperty.call(map, term)) return [];
    var list = map[term];
    var decoded = new Array(list.length);
    var number = 0;
    for (var i = 0; i < list.length; i += 2) {
      number += list[i];
      decoded[i] = number;
      decoded[i + 1] = list[i + 1];
    }
    return decoded;
  }

  // Documents holding every word of the query (in any of its forms), best first.
  function rank(queryWords) {
    var scores = null;
    queryWords.forEach(function (word) {
      var found = new Map();
      forms(word).forEach(function (term) {
        var list = postings(term);
        for (var i = 0; i < list.length; i += 2) {
          found.set(list[i], Math.max(found.get(list[i]) || 0, list[i + 1]));
        }
      });
      if (scores === null) { scores = found; return; }
      var both = new Map();
      scores.forEach(function (score, doc) {
        if (found.has(doc)) both.set(doc, score + found.get(doc));
      });
      scores = both;
    });
    return Array.from(scores || []).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  }

  // "N results": the page writes one text per plural category of its language.
  function resultsText(count) {
    var category = "other";
    try { category = new Intl.PluralRules(app.getAttribute("data-lang") || "en").select(count); } catch (e) {}
    return text("text-results-" + category) || text("text-results-other");
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function show(query, ranked) {
    var shown = ranked.slice(0, SHOWN);
    var files = Array.from(new Set(shown.map(function (r) { return Math.floor(r[0] / perFile); })));
    return Promise.all(files.map(function (n) { return load("documents", n); })).then(function () {
      list.textContent = "";
      shown.forEach(function (r) {
        var row = (parts.documents[Math.floor(r[0] / perFile)] || [])[r[0] % perFile];
        if (row) list.appendChild(result(row));
      });
      var count = ranked.length;
      var message = count === 0 ? text("text-no-results") : resultsText(count);
      message = fill(message, { count: count, query: query });
      if (count > SHOWN) message += " " + fill(text("text-more"), { shown: SHOWN });
      status.textContent = message;
    });
  }

  function result(row) {
    var item = document.createElement("li");
    item.className = "card search-result search-" + row[0];
    var kind = document.createElement("p");
    kind.className = "search-kind";
    kind.textContent = text("kind-" + row[0]);
    var title = document.createElement("h2");
    title.className = "card-title";
    var link = document.createElement("a");
    link.href = root + row[1];
    link.textContent = row[2];
    title.appendChild(link);
    var excerpt = document.createElement("p");
    excerpt.className = "card-summary";
    excerpt.textContent = row[3];
    item.appendChild(kind);
    item.appendChild(title);
    item.appendChild(excerpt);
    return item;
  }

  var latest = 0;
  function search(query) {
    var asked = ++latest;
    var queryWords = words(query);
    if (queryWords.length === 0) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    var files = new Set();
    queryWords.forEach(function (w) { forms(w).forEach(function (t) { files.add(termsFileOf(t)); }); });
    Promise.all(Array.from(files).map(function (n) { return load("terms", n); }))
      .then(function () { if (asked === latest) return show(query.trim(), rank(queryWords)); })
      .catch(function () { if (asked === latest) status.textContent = text("text-failed"); });
  }

  function remember(query) {
    try {
      history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    } catch (e) { /* some browsers refuse this from file:// */ }
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(input.value); search(input.value); }, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    remember(input.value);
    search(input.value);
  });

  var asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    search(asked);
  }
})();
