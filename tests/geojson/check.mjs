// Validates GeoJSON files against RFC 7946 with @placemarkio/check-geojson
// (types, members, positions), plus what that checker leaves out: no `crs`
// member (RFC 7946, 4) and positions inside WGS 84's ranges, longitude first.
// Usage: node tests/geojson/check.mjs site/data/sites.geojson [more files]
import { readFileSync } from "node:fs";
import { getIssues } from "@placemarkio/check-geojson";

let failed = false;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  const problems = getIssues(text).map((issue) => `${issue.message} (at ${issue.from}-${issue.to})`);
  const collection = JSON.parse(text);
  if ("crs" in collection) problems.push("has a crs member, which RFC 7946 removed");
  for (const feature of collection.features ?? []) {
    if ("crs" in feature) problems.push(`feature ${feature.id}: has a crs member`);
    const [lon, lat] = feature.geometry?.coordinates ?? [0, 0];
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) problems.push(`feature ${feature.id}: position [${lon}, ${lat}] is outside WGS 84 ([longitude, latitude])`);
  }
  for (const problem of problems) console.error(`${file}: ${problem}`);
  if (problems.length === 0) console.log(`${file}: valid RFC 7946 GeoJSON (${collection.features.length} features)`);
  failed ||= problems.length > 0;
}
process.exit(failed ? 1 : 0);
