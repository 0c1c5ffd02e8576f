//! Open data (`data/`) and the per-site and per-actor feeds, end to end: a
//! fixture built with the real binary, its files read back with the `csv`
//! and `serde_json` crates and, where it is installed, Python's feedparser.

mod common;

use common::Project;
use serde_json::Value;
use std::collections::BTreeMap;

/// A city with a temple inside it and a site with no known location; an
/// armed group with a sub-unit; events at day, month, year and interval
/// precision, one with a title that needs quoting in CSV; a revised report.
fn fixture(base_url: Option<&str>) -> Project {
    let project = Project::new();
    let settings = base_url.map_or(String::new(), |url| format!("base_url: {url}\n"));
    project.file("content/site.yaml", &format!("title: Data Monitor\n{settings}"));
    project.file("content/sites/city.md", "---\nname: City\naliases: [Old City]\nkind: city\nlocation: { lat: 34.5503, lon: 38.2691 }\ncountry: Syria\nwikidata: Q5747\nunesco: 23\n---\nA city.\n");
    project.file(
        "content/sites/temple.md",
        "---\nname: Temple\nkind: temple\npart_of: city\nlocation: { lat: 34.5472, lon: 38.2741 }\n---\nA temple.\n",
    );
    project.file("content/sites/lost-tomb.md", "---\nname: Lost Tomb\n---\nWhere it stood is not known.\n");
    project.file("content/actors/group.md", "---\nname: Group\nkind: armed-group\n---\nAn armed group.\n");
    project.file("content/actors/unit.md", "---\nname: Unit\npart_of: group\n---\nA unit of the group.\n");
    project.file("content/actors/monitor.md", "---\nname: Monitor\n---\nA monitoring group.\n");
    project.file(
        "content/articles/first.md",
        concat!(
            "---\ntitle: The city is taken\ndate: 2015-05-22T08:00:00Z\nupdated: 2015-05-25T10:30:00+02:00\n",
            "sites: [city]\nactors: [group]\nevents:\n",
            "  - id: city-taken\n    date: 2015-05-13/2015-05-21\n    title: City taken\n    kind: capture\n    sites: [city]\n",
            "    actors:\n      - { id: group, role: perpetrator }\n      - monitor\n    status: confirmed\n",
            "    claimed_by: [unit]\n    confirmed_by: [monitor]\n",
            "  - id: museum-emptied\n    date: 2015-05~\n    title: \"Museum emptied, \\\"as a precaution\\\"\"\n    sites: [city]\n",
            "---\nThe city fell.\n",
        ),
    );
    project.file(
        "content/articles/second.md",
        concat!(
            "---\ntitle: The temple is destroyed\ndate: 2015-09-01\nsites: [temple]\nactors: [unit]\nevents:\n",
            "  - id: temple-destroyed\n    date: 2015-08-30\n    title: Temple destroyed\n    kind: destruction\n    sites: [temple]\n",
            "    actors:\n      - { id: unit, role: perpetrator }\n",
            "  - id: tomb-lost\n    date: 2015?\n    title: Tomb lost\n    sites: [lost-tomb]\n",
            "---\nThe temple was destroyed.\n",
        ),
    );
    project
}

fn built(base_url: Option<&str>) -> Project {
    let project = fixture(base_url);
    project.build_ok(&[]);
    project
}

#[track_caller]
fn json(project: &Project, path: &str) -> Value {
    serde_json::from_str(&project.page(path)).unwrap_or_else(|err| panic!("{path} is not JSON: {err}"))
}

/// A JSON value as the CSV writes it: null empty, lists joined with `; `,
/// actors as `id (role)`.
fn as_cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(as_cell).collect::<Vec<_>>().join("; "),
        Value::Object(actor) => match actor.get("role") {
            Some(Value::String(role)) => format!("{} ({role})", as_cell(&actor["id"])),
            _ => as_cell(&actor["id"]),
        },
    }
}

#[test]
fn events_csv_rows_equal_events_json_entries_field_by_field() {
    let project = built(Some("https://example.org/monitor/"));
    let events = json(&project, "data/events.json");
    let events = events.as_array().expect("data/events.json is an array");
    let csv_text = project.page("data/events.csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        [
            "id",
            "date",
            "earliest",
            "latest",
            "precision",
            "uncertain",
            "approximate",
            "title",
            "kind",
            "status",
            "sites",
            "actors",
            "claimed_by",
            "confirmed_by",
            "disputed_by",
            "reported_in",
            "disagreements",
            "claims",
            "url",
            "absolute_url",
            "killed",
            "injured",
            "missing",
            "detained",
            "displaced",
            "buildings_destroyed",
            "buildings_damaged",
            "objects_destroyed",
            "objects_looted",
            "other_figures"
        ]
    );
    // Figures are one JSON field (each report's, and the ranges) and one CSV column per kind (tests/figures.rs).
    // Every column before the figures' (nine listed kinds and `other_figures`).
    let shared = &header[..header.len() - 10];
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a readable CSV row")).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows.len(), events.len(), "one CSV row per JSON entry");
    for (row, event) in rows.iter().zip(events) {
        let event = event.as_object().unwrap();
        assert_eq!(event.len(), shared.len() + 1, "the JSON entry has exactly the CSV's fields, and `figures`");
        assert!(event.contains_key("figures"));
        for (column, cell) in shared.iter().zip(row.iter()) {
            if column == "claims" {
                // One cell "report-id: date, status" per claim; JSON keeps each claim's fields.
                let claims = event["claims"].as_array().expect("claims are a list");
                let reports: Vec<&str> = claims.iter().map(|c| c["report"].as_str().unwrap_or("event file")).collect();
                assert!(reports.iter().all(|report| cell.contains(&format!("{report}: "))), "event {}: claims `{cell}`", event["id"]);
                continue;
            }
            assert_eq!(cell, as_cell(&event[column]), "event {}: field `{column}`", event["id"]);
        }
    }
    // The city's capture, field by field as written.
    let taken = events.iter().find(|e| e["id"] == "city-taken").unwrap();
    assert_eq!(taken["date"], "2015-05-13/2015-05-21");
    assert_eq!((taken["earliest"].as_str(), taken["latest"].as_str()), (Some("2015-05-13"), Some("2015-05-21")));
    assert_eq!(taken["precision"], "day");
    assert_eq!(taken["actors"], serde_json::json!([{"id": "group", "role": "perpetrator"}, {"id": "monitor", "role": null}]));
    assert_eq!(taken["claimed_by"], serde_json::json!(["unit"]));
    assert_eq!(taken["reported_in"], serde_json::json!(["first"]));
    assert_eq!(taken["url"], "events/city-taken/index.html");
    assert_eq!(taken["absolute_url"], "https://example.org/monitor/events/city-taken/");
    let row = rows.iter().find(|r| &r[0] == "city-taken").unwrap();
    assert_eq!(&row[11], "group (perpetrator); monitor");
    // Commas and quotes in a title survive the CSV.
    assert!(rows.iter().any(|r| &r[7] == "Museum emptied, \"as a precaution\""));
    let tomb = events.iter().find(|e| e["id"] == "tomb-lost").unwrap();
    assert_eq!((tomb["precision"].as_str(), tomb["uncertain"].as_bool(), tomb["approximate"].as_bool()), (Some("year"), Some(true), Some(false)));
}

#[test]
fn sites_are_geojson_features_with_lon_lat_and_null_geometry_when_unplaced() {
    let project = built(Some("https://example.org/monitor/"));
    let geo = json(&project, "data/sites.geojson");
    assert_eq!(geo["type"], "FeatureCollection");
    assert!(geo.get("crs").is_none(), "RFC 7946 has no crs member");
    let features: BTreeMap<&str, &Value> = geo["features"].as_array().unwrap().iter().map(|f| (f["id"].as_str().unwrap(), f)).collect();
    assert_eq!(features.keys().copied().collect::<Vec<_>>(), ["city", "lost-tomb", "temple"], "every site, placed or not");
    let city = features["city"];
    assert_eq!(city["type"], "Feature");
    assert_eq!(city["geometry"], serde_json::json!({"type": "Point", "coordinates": [38.2691, 34.5503]}), "[longitude, latitude]");
    let properties = &city["properties"];
    assert_eq!(properties["aliases"], serde_json::json!(["Old City"]));
    assert_eq!((properties["wikidata"].as_str(), properties["unesco"].as_str()), (Some("Q5747"), Some("23")));
    assert_eq!(properties["event_count"], 2);
    assert_eq!(features["temple"]["properties"]["part_of"], "city");
    let tomb = features["lost-tomb"];
    assert!(tomb.as_object().unwrap().contains_key("geometry") && tomb["geometry"].is_null(), "a site without location has a null geometry");
    assert_eq!(tomb["properties"]["name"], "Lost Tomb");
}

#[test]
fn entities_list_sites_and_actors_with_aliases_and_part_of() {
    let project = built(None);
    let entities = json(&project, "data/entities.json");
    let unit = entities["actors"].as_array().unwrap().iter().find(|a| a["id"] == "unit").unwrap();
    assert_eq!(unit["part_of"], "group");
    assert_eq!(unit["url"], "actors/unit/index.html");
    assert!(unit["absolute_url"].is_null(), "without base_url there is no absolute address");
    assert_eq!(entities["sites"].as_array().unwrap().len(), 3);
}

/// The slide of event `id` in a TimelineJS file.
fn slide<'a>(timeline: &'a Value, id: &str) -> &'a Value {
    timeline["events"].as_array().unwrap().iter().find(|e| e["unique_id"] == id).unwrap_or_else(|| panic!("no slide {id}"))
}

#[test]
fn timelinejs_dates_keep_the_precision_written() {
    let project = built(None);
    let timeline = json(&project, "data/timeline.json");
    assert_eq!(timeline["title"]["text"]["headline"], "Data Monitor");
    let day = slide(&timeline, "temple-destroyed");
    assert_eq!(day["start_date"], serde_json::json!({"year": 2015, "month": 8, "day": 30}));
    assert!(day.get("end_date").is_none());
    assert_eq!(day["text"]["headline"], "Temple destroyed");
    assert_eq!(day["group"], "destruction");
    let month = slide(&timeline, "museum-emptied");
    assert_eq!(month["start_date"], serde_json::json!({"year": 2015, "month": 5}), "no day the source did not give");
    assert_eq!(month["display_date"], "c. May 2015");
    let year = slide(&timeline, "tomb-lost");
    assert_eq!(year["start_date"], serde_json::json!({"year": 2015}));
    assert_eq!(year["display_date"], "2015 (uncertain)");
    let interval = slide(&timeline, "city-taken");
    assert_eq!(interval["start_date"], serde_json::json!({"year": 2015, "month": 5, "day": 13}));
    assert_eq!(interval["end_date"], serde_json::json!({"year": 2015, "month": 5, "day": 21}));
}

#[test]
fn entity_timelines_roll_up_along_part_of() {
    let project = built(None);
    let ids = |path: &str| -> Vec<String> {
        json(&project, path)["events"].as_array().unwrap().iter().map(|e| e["unique_id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids("data/sites/city.timeline.json"), ["museum-emptied", "city-taken", "temple-destroyed"], "the temple lies in the city");
    assert_eq!(ids("data/sites/temple.timeline.json"), ["temple-destroyed"]);
    assert_eq!(ids("data/actors/group.timeline.json"), ["city-taken", "temple-destroyed"], "the unit belongs to the group");
    assert!(project.page("sites/city/index.html").contains("href=\"../../data/sites/city.timeline.json\""), "the page links its timeline data");
}

/// The home page's Data section links every file; every page's footer
/// links that section (one link rather than five on every page of a large
/// archive), and the section is there to land on.
#[test]
fn the_footer_and_home_page_link_the_data() {
    let project = built(None);
    let home = project.page("index.html");
    for path in ["data/events.json", "data/events.csv", "data/sites.geojson", "data/entities.json", "data/timeline.json"] {
        assert!(home.contains(&format!("href=\"{path}\"")), "the Data section links {path}");
    }
    assert!(home.contains("id=\"open-data\""), "the footer's target is on the home page");
    assert!(home.contains("href=\"index.html#open-data\">Open data</a>"), "the home page's own footer");
    assert!(
        project.page("events/city-taken/index.html").contains("href=\"../../index.html#open-data\">Open data</a>"),
        "the footer of a page two folders down"
    );
}

#[test]
fn sites_and_actors_have_feeds_of_their_reports_rolled_up_along_part_of() {
    let project = built(Some("https://example.org/monitor/"));
    let city = project.page("sites/city/atom.xml");
    // The temple's report appears in the city's feed; newest first.
    let second = city.find("<title>The temple is destroyed</title>").expect("the report about a part of the city");
    let first = city.find("<title>The city is taken</title>").expect("the report about the city");
    assert!(second < first);
    assert!(city.contains("<id>https://example.org/monitor/sites/city/</id>"));
    assert!(city.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/monitor/sites/city/atom.xml\"/>"));
    assert!(city.contains("<author><name>Data Monitor</name></author>"));
    let temple = project.page("sites/temple/atom.xml");
    assert!(!temple.contains("The city is taken"), "a report about the city is not about the temple");
    // Advertised in the page's head.
    let page = project.page("sites/city/index.html");
    let head = &page[..page.find("</head>").unwrap()];
    assert!(head.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Data Monitor: reports about City\" href=\"../../sites/city/atom.xml\">"
    ));
    let group = project.page("actors/group/atom.xml");
    assert!(group.contains("The temple is destroyed"), "the unit's report rolls up to the group");
}

#[test]
fn a_revised_report_carries_updated_on_its_page_and_in_feeds() {
    let project = built(Some("https://example.org/monitor/"));
    let page = project.page("articles/first/index.html");
    assert!(page.contains("<dt>Updated</dt>\n<dd><time datetime=\"2015-05-25T10:30:00+02:00\">25 May 2015</time></dd>"));
    let group = project.page("actors/group/atom.xml");
    let entry = &group[group.find("<title>The city is taken</title>").unwrap()..];
    let entry = &entry[..entry.find("</entry>").unwrap()];
    assert!(entry.contains("<published>2015-05-22T08:00:00Z</published>"));
    assert!(entry.contains("<updated>2015-05-25T10:30:00+02:00</updated>"));
    // The feed's updated is the newest update, not the newest publication (1 September, no time).
    assert!(group.contains("<updated>2015-09-01T00:00:00Z</updated>\n<link rel=\"self\""));
    let city = project.page("sites/city/atom.xml");
    assert!(city.contains("<updated>2015-09-01T00:00:00Z</updated>\n<link rel=\"self\""));
}

#[test]
fn without_base_url_no_feed_is_written_and_one_warning_says_so() {
    let project = fixture(None);
    let run = project.build_ok(&[]);
    assert_eq!(run.stderr.matches("warning: ").count(), 1, "one warning, not one per feed:\n{}", run.stderr);
    run.assert_stderr_contains("warning: no base_url: sitemap.xml and the Atom feeds are not written");
    for path in ["atom.xml", "sites/city/atom.xml", "actors/group/atom.xml"] {
        assert!(!project.exists(&format!("site/{path}")), "{path} written without base_url");
    }
    assert!(!project.page("sites/city/index.html").contains("application/atom+xml"));
}

/// Python's feedparser, the reader most feed tools are built on, reads a
/// site's feed without complaint. Skipped where Python or feedparser is
/// missing (scripts/test.sh installs it, pinned).
#[test]
fn feedparser_reads_a_sites_feed() {
    let probe = std::process::Command::new("python3").args(["-c", "import feedparser"]).output();
    if !probe.is_ok_and(|out| out.status.success()) {
        eprintln!("skipped: python3 with feedparser is not installed");
        return;
    }
    let project = built(Some("https://example.org/monitor/"));
    let script = concat!(
        "import feedparser, sys\n",
        "d = feedparser.parse(sys.argv[1])\n",
        "assert not d.bozo, d.bozo_exception\n",
        "print(d.feed.title)\n",
        "for e in d.entries: print(e.id, e.updated, e.link)\n",
    );
    let feed = project.out().join("sites/city/atom.xml");
    let out = std::process::Command::new("python3").args(["-c", script, feed.to_str().unwrap()]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "feedparser: {}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "Data Monitor: reports about City",
            "https://example.org/monitor/articles/second/ 2015-09-01T00:00:00Z https://example.org/monitor/articles/second/",
            "https://example.org/monitor/articles/first/ 2015-05-25T10:30:00+02:00 https://example.org/monitor/articles/first/",
        ]
    );
}
