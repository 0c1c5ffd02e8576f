//! Figures (`figures:` on an event entry): the forms a figure may take and
//! the errors for the rest, located; each source's figure and the range
//! across sources on the event's page; sums (sum of lows to sum of highs,
//! "at least" when any is open) on site, actor and timeline pages, rolled
//! up through two levels of `part_of`; the data exports.

mod common;

use common::Project;
use serde_json::Value;

/// region ⊃ city ⊃ temple, and a town elsewhere.
///
/// - e-temple (at the temple), reported twice: a1 says killed 12, injured
///   "20-30"; a2 says killed "15". Range across sources: killed 12–15,
///   injured 20–30.
/// - e-city (in the city), a2: killed "3 to 5", displaced ">1000".
/// - e-town (elsewhere), a3: killed 1,000, air_strikes "60+".
///
/// Region and city: killed 15–20, injured 20–30, displaced at least 1,000.
/// Temple: killed 12–15, injured 20–30. Timeline: killed 1,015–1,020, ...
fn project() -> Project {
    let p = Project::new();
    p.file("content/site.yaml", "title: Figures\nbase_url: https://example.org/\n");
    p.file("content/sites/region.md", "---\nname: The Region\n---\nA region.\n");
    p.file("content/sites/city.md", "---\nname: Old City\npart_of: region\n---\nA city.\n");
    p.file("content/sites/temple.md", "---\nname: Great Temple\npart_of: city\n---\nA temple.\n");
    p.file("content/sites/town.md", "---\nname: Far Town\n---\nA town.\n");
    p.file("content/actors/group.md", "---\nname: Armed Group\n---\nA group.\n");
    p.file(
        "content/articles/a1.md",
        "---\ntitle: Temple attacked\ndate: 2016-01-10\nsource: { name: Monitor One }\nsites: [temple]\nactors: [group]\nevents:\n  - id: e-temple\n    date: 2015-05\n    title: Temple attacked\n    sites: [temple]\n    actors: [group]\n    figures: { killed: 12, injured: \"20-30\" }\n---\nBody.\n",
    );
    p.file(
        "content/articles/a2.md",
        "---\ntitle: City and temple\ndate: 2016-02-01\nsites: [city, temple]\nevents:\n  - id: e-temple\n    date: 2015-05\n    title: Temple attacked\n    figures:\n      killed: \"15\"\n  - id: e-city\n    date: 2015-08-01\n    title: City taken\n    sites: [city]\n    figures: { killed: 3 to 5, displaced: \">1000\" }\n---\nBody.\n",
    );
    p.file(
        "content/articles/a3.md",
        "---\ntitle: Far away\ndate: 2016-03-01\nsites: [town]\nevents:\n  - id: e-town\n    date: 2016-01\n    title: Town struck\n    sites: [town]\n    figures: { killed: \"1,000\", air_strikes: 60+ }\n---\nBody.\n",
    );
    p
}

/// The figure totals section of a page, as (label, value, note) rows.
fn totals(html: &str) -> Vec<(String, String)> {
    let Some(start) = html.find("figure-totals") else { return Vec::new() };
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    section
        .split("<dt>")
        .skip(1)
        .map(|row| {
            let label = &row[..row.find("</dt>").unwrap()];
            let value_at = row.find("figure-value\">").unwrap() + "figure-value\">".len();
            let value = &row[value_at..value_at + row[value_at..].find('<').unwrap()];
            (label.to_string(), value.to_string())
        })
        .collect()
}

fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn figure_sums_with_ranges_through_two_levels_of_part_of() {
    let p = project();
    p.build_ok(&[]);
    let in_region = rows(&[("Killed", "15–20"), ("Injured", "20–30"), ("Displaced", "at least 1,000")]);
    assert_eq!(totals(&p.page("sites/region/index.html")), in_region, "two levels up");
    assert_eq!(totals(&p.page("sites/city/index.html")), in_region, "one level up");
    assert_eq!(totals(&p.page("sites/temple/index.html")), rows(&[("Killed", "12–15"), ("Injured", "20–30")]));
    assert_eq!(totals(&p.page("sites/town/index.html")), rows(&[("Killed", "1,000"), ("Air strikes", "at least 60")]));
    assert_eq!(totals(&p.page("actors/group/index.html")), rows(&[("Killed", "12–15"), ("Injured", "20–30")]));
    assert_eq!(
        totals(&p.page("timeline/index.html")),
        rows(&[("Killed", "1,015–1,020"), ("Injured", "20–30"), ("Displaced", "at least 1,000"), ("Air strikes", "at least 60")])
    );
    // How many events each sum is over.
    assert!(p.page("sites/region/index.html").contains("<span class=\"figure-value\">15–20</span> <span class=\"muted\">(from 2 events)</span>"));

    let entities: Value = serde_json::from_str(&p.read("site/data/entities.json")).unwrap();
    let region = entities["sites"].as_array().unwrap().iter().find(|s| s["id"] == "region").unwrap();
    assert_eq!(
        region["figure_totals"],
        serde_json::json!([
            { "kind": "killed", "low": 15, "high": 20, "events": 2 },
            { "kind": "injured", "low": 20, "high": 30, "events": 1 },
            { "kind": "displaced", "low": 1000, "high": null, "events": 1 }
        ])
    );
}

#[test]
fn an_event_page_shows_each_sources_figure_and_the_range_across_them() {
    let p = project();
    p.build_ok(&[]);
    let page = p.page("events/e-temple/index.html");
    let table = &page[page.find("<table class=\"figures\">").expect("a figures table")..page.find("</table>").unwrap()];
    // Killed: a2 (newest first; no source name, so its title) says 15, a1 (Monitor One) 12.
    let killed = &table[table.find(">Killed</th>").unwrap()..table.find(">Injured</th>").unwrap()];
    let a2 = killed.find("City and temple</a></td>\n<td class=\"figure-value\">15</td>").expect("a2's figure, linked by its title");
    let a1 = killed.find("Monitor One</a></td>\n<td class=\"figure-value\">12</td>").expect("a1's figure, linked by its source's name");
    assert!(a2 < a1, "newest report first");
    assert!(killed.contains("<td>Range across sources</td>\n<td class=\"figure-value\">12–15</td>"));
    assert!(killed.contains("href=\"../../articles/a1/index.html\""));
    let injured = &table[table.find(">Injured</th>").unwrap()..];
    assert!(injured.contains("<td class=\"figure-value\">20-30</td>"), "as written");
    assert!(injured.contains("<td class=\"figure-value\">20–30</td>"), "the range");

    // The timeline's card: the range across sources in one line.
    let timeline = p.page("timeline/2015/index.html");
    assert!(timeline.contains(
        "<span class=\"figure\">killed <span class=\"figure-value\">12–15</span></span> · <span class=\"figure\">injured <span class=\"figure-value\">20–30</span></span>"
    ));
    assert!(timeline.contains("<span class=\"figure\">displaced <span class=\"figure-value\">at least 1,000</span></span>"));
}

#[test]
fn the_data_exports_carry_each_sources_figures_and_the_ranges() {
    let p = project();
    p.build_ok(&[]);
    let events: Value = serde_json::from_str(&p.read("site/data/events.json")).unwrap();
    let temple = events.as_array().unwrap().iter().find(|e| e["id"] == "e-temple").unwrap();
    assert_eq!(
        temple["figures"],
        serde_json::json!({
            "ranges": [
                { "kind": "killed", "low": 12, "high": 15 },
                { "kind": "injured", "low": 20, "high": 30 }
            ],
            "sources": [
                { "report": "a2", "kind": "killed", "value": "15", "low": 15, "high": 15 },
                { "report": "a1", "kind": "killed", "value": "12", "low": 12, "high": 12 },
                { "report": "a1", "kind": "injured", "value": "20-30", "low": 20, "high": 30 }
            ]
        })
    );
    let csv = p.read("site/data/events.csv");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let cell = |id: &str, column: &str| -> String {
        let at = header.iter().position(|h| *h == column).unwrap();
        let line = csv.lines().find(|l| l.starts_with(&format!("{id},"))).unwrap();
        line.split(',').nth(at).unwrap().to_string()
    };
    assert_eq!(&header[header.len() - 10..header.len() - 8], ["killed", "injured"]);
    assert_eq!((cell("e-temple", "killed"), cell("e-temple", "injured"), cell("e-temple", "displaced")), ("12-15".into(), "20-30".into(), "".into()));
    assert_eq!((cell("e-city", "killed"), cell("e-city", "displaced")), ("3-5".into(), "1000+".into()));
    assert_eq!((cell("e-town", "killed"), cell("e-town", "other_figures")), ("1000".into(), "air_strikes: 60+".into()));
}

/// The figures project in `language`, with an upper bound written (`up to
/// 1500` missing at the town), built.
fn project_in(language: &str) -> Project {
    let p = project();
    p.edit("content/site.yaml", "title: Figures\n", &format!("title: Figures\nlanguage: {language}\n"));
    p.edit("content/articles/a3.md", "air_strikes: 60+ }", "air_strikes: 60+, missing: up to 1500 }");
    p.build_ok(&[]);
    p
}

/// The figure values of a page's event figures table, in order.
fn table_values(page: &str) -> Vec<String> {
    let table = &page[page.find("<table class=\"figures\">").expect("a figures table")..page.find("</table>").unwrap()];
    table.split("<td class=\"figure-value\">").skip(1).map(|cell| cell[..cell.find("</td>").unwrap()].to_string()).collect()
}

fn values(totals: Vec<(String, String)>) -> Vec<String> {
    totals.into_iter().map(|(_, value)| value).collect()
}

/// French: "au moins", a narrow no-break space between groups of digits;
/// each source's figure in French words in the form it was written in.
#[test]
fn figure_values_are_shown_in_french() {
    let p = project_in("fr");
    // A narrow no-break space between groups of three digits, as CLDR gives French.
    let nnbsp = |text: &str| text.replace("1 ", "1\u{202F}");
    // Each source's figure (killed 15, 12; injured "20-30") and the ranges.
    assert_eq!(table_values(&p.page("events/e-temple/index.html")), ["15", "12", "12–15", "20–30", "20–30"]);
    // ">1000" and "3 to 5" as written; "1,000" and "up to 1500".
    assert_eq!(table_values(&p.page("events/e-city/index.html")), ["3–5", "3–5", &nnbsp("au moins 1 000"), &nnbsp("au moins 1 000")]);
    assert_eq!(
        table_values(&p.page("events/e-town/index.html")),
        [&nnbsp("1 000"), &nnbsp("1 000"), &nnbsp("au plus 1 500"), &nnbsp("0–1 500"), "au moins 60", "au moins 60"]
    );
    // An event row's figure line.
    let year = p.page("timeline/2015/index.html");
    assert!(year.contains(&nnbsp("<span class=\"figure\">déplacés <span class=\"figure-value\">au moins 1 000</span></span>")), "{year}");
    // Sums on the timeline and a site's page.
    assert_eq!(
        values(totals(&p.page("timeline/index.html"))),
        [nnbsp("1 015–1 020"), "20–30".into(), nnbsp("0–1 500"), nnbsp("au moins 1 000"), "au moins 60".into()]
    );
    assert_eq!(values(totals(&p.page("sites/region/index.html"))), ["15–20".to_string(), "20–30".into(), nnbsp("au moins 1 000")]);
    // The data stay as written, language-neutral.
    let events: Value = serde_json::from_str(&p.read("site/data/events.json")).unwrap();
    let city = events.as_array().unwrap().iter().find(|e| e["id"] == "e-city").unwrap();
    assert_eq!(city["figures"]["sources"][1]["value"], ">1000");
}

/// Arabic: Latin digits (as its dates have), CLDR's `,` between groups, the
/// bound after the number ("1,000 على الأقل"), ranges kept left to right.
#[test]
fn figure_values_are_shown_in_arabic() {
    let p = project_in("ar");
    // A range is isolated left to right (U+2066 … U+2069), so that the line
    // running right to left shows "20–30", not "30–20".
    let ltr = |range: &str| format!("\u{2066}{range}\u{2069}");
    assert_eq!(table_values(&p.page("events/e-temple/index.html")), ["15", "12", &ltr("12–15"), &ltr("20–30"), &ltr("20–30")]);
    assert_eq!(table_values(&p.page("events/e-city/index.html")), [&ltr("3–5"), &ltr("3–5"), "1,000 على الأقل", "1,000 على الأقل"]);
    assert_eq!(
        table_values(&p.page("events/e-town/index.html")),
        ["1,000", "1,000", "1,500 على الأكثر", &ltr("0–1,500"), "60 على الأقل", "60 على الأقل"]
    );
    let year = p.page("timeline/2015/index.html");
    assert!(year.contains("<span class=\"figure\">نازحون <span class=\"figure-value\">1,000 على الأقل</span></span>"), "{year}");
    assert_eq!(
        values(totals(&p.page("timeline/index.html"))),
        [&ltr("1,015–1,020"), &ltr("20–30"), &ltr("0–1,500"), "1,000 على الأقل", "60 على الأقل"]
    );
    assert_eq!(values(totals(&p.page("sites/town/index.html"))), ["1,000", &ltr("0–1,500"), "60 على الأقل"]);
    assert!(!p.page("events/e-city/index.html").contains("at least"));
}

/// English keeps its texts: each source's figure as written.
#[test]
fn english_figure_values_show_sources_as_written() {
    let p = project_in("en");
    assert_eq!(table_values(&p.page("events/e-city/index.html")), ["3 to 5", "3–5", "&gt;1000", "at least 1,000"]);
    assert_eq!(table_values(&p.page("events/e-town/index.html")), ["1,000", "1,000", "up to 1500", "0–1,500", "60+", "at least 60"]);
}

/// A figure's words are escaped once, on the event's page and in sums
/// (they were escaped twice when capitalized: "Killed &amp;amp; missing").
#[test]
fn figure_words_holding_markup_characters_are_escaped_once() {
    let p = project();
    p.edit("content/site.yaml", "title: Figures\n", "title: Figures\ntranslations:\n  figure_killed: \"killed & <missing>\"\n");
    p.build_ok(&[]);
    let event = p.page("events/e-temple/index.html");
    assert!(event.contains(">Killed &amp; &lt;missing&gt;</th>"), "{event}");
    assert_eq!(totals(&p.page("timeline/index.html"))[0].0, "Killed &amp; &lt;missing&gt;");
}

/// `check --format json`'s diagnostics as (line, column, severity, message, hint).
fn diagnostics(p: &Project) -> Vec<(u64, u64, String, String, String)> {
    let run = p.check(&["--format", "json"]);
    run.stdout
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .map(|d| {
            assert_eq!(d["file"], "content/articles/bad.md");
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_string();
            (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap(), text("severity"), text("message"), text("hint"))
        })
        .collect()
}

#[test]
fn unreadable_figures_are_errors_at_their_values_with_hints() {
    let p = project();
    let front = "---\ntitle: Bad\ndate: 2016-04-01\nevents:\n  - id: e-bad\n    date: 2016-03\n    title: Bad figures\n    figures:\n      killed: -5\n      injured: \"30-20\"\n      missing: about 20\n      detained: 2.5\n      displaced: \"1,20\"\n      Killed Civilians: 3\n      kiled: 2\n      objects_looted: [1, 2]\n---\nBody.\n";
    p.file("content/articles/bad.md", front);
    let found = diagnostics(&p);
    let expected = [
        (9, 15, "error", "figure `-5` is negative", "figures count people or things: write 0 or more"),
        (10, 16, "error", "range `30-20` runs backwards: 30 is more than 20", "write the smaller number first: `20-30`"),
        (
            11,
            16,
            "error",
            "`about 20` is not a figure stele can read",
            "write a number (`12`, `1,200`), a range (`20-30`) or a bound (`at least 1000`, `\">1000\"`, `1000+`, `at most 50`, `<50`); words such as \"about\" belong in the description",
        ),
        (12, 17, "error", "figure `2.5` is not a whole number", "figures count people or things: write a whole number"),
        (13, 18, "error", "figure `1,20` has its thousands separators in the wrong places", "write `,` between groups of three digits (`1,200`), or no separator (`1200`)"),
        (14, 7, "error", "figure kind `Killed Civilians` is not a key stele can use", "figure kinds are lowercase words joined by `_`, e.g. `killed_civilians`"),
        (15, 7, "warning", "figure kind `kiled` is not a listed kind; it is shown as \"kiled\"", "did you mean `killed`? Other kinds are fine when no listed kind fits"),
        (16, 23, "error", "wrong type: sequence, expected a figure such as 12, \"20-30\" or \"at least 1000\" in `events[0].figures.objects_looted`", "write a figure such as 12, \"20-30\" or \"at least 1000\" here"),
    ];
    let expected: Vec<(u64, u64, String, String, String)> =
        expected.iter().map(|(l, c, s, m, h)| (*l, *c, s.to_string(), m.to_string(), h.to_string())).collect();
    assert_eq!(found, expected);
    // Nothing is written, and the codes are the documented ones.
    let run = p.build(&[]);
    run.assert_content_errors();
    assert!(!p.exists("site/index.html"));
    let json = p.check(&["--format", "json"]).stdout;
    assert_eq!(json.matches("\"code\":\"bad-figure\"").count(), 6, "{json}");
    assert_eq!(json.matches("\"code\":\"unknown-key\"").count(), 1, "{json}");
}
