//! The charts pages show (issue 16): the timeline strip of site, actor and
//! timeline pages, and the timeline's swimlanes. What they draw is tested in
//! `stele-chart`; here, that pages carry them and that every mark leads somewhere.

mod common;

use common::Project;
use std::path::Path;

/// Events of every kind of date at two sites (one inside the other) and three actors.
fn project(settings: &str) -> Project {
    let p = Project::new();
    p.file("content/site.yaml", &format!("title: Charts\nbase_url: https://example.org/\n{settings}"));
    p.file("content/sites/city.md", "---\nname: Old City\n---\nA city.\n");
    p.file("content/sites/temple.md", "---\nname: Temple & Court\npart_of: city\n---\nA temple.\n");
    p.file("content/actors/group.md", "---\nname: Armed Group\n---\nA group.\n");
    p.file("content/actors/army.md", "---\nname: The Army\n---\nAn army.\n");
    p.file("content/actors/monitor.md", "---\nname: Monitor\n---\nA monitor.\n");
    let events = [
        ("day", "2015-05-13", "destruction", "temple", "group"),
        ("month", "2015-06", "looting", "city", "group"),
        ("year", "2014", "destruction", "city", "army"),
        ("interval", "2015-08-01/2015-09-30", "occupation", "temple", "army"),
        ("uncertain", "2016-03-02?", "destruction", "temple", "group"),
        ("approximate", "2016-10~", "looting", "city", "monitor"),
        ("open", "2016-11/..", "occupation", "city", "army"),
        ("decade", "201X", "survey", "temple", "monitor"),
    ];
    let entries: String = events
        .iter()
        .map(|(id, date, kind, site, actor)| {
            format!("  - id: {id}\n    date: \"{date}\"\n    title: Event <{id}>\n    kind: {kind}\n    sites: [{site}]\n    actors: [{actor}]\n")
        })
        .collect();
    p.file("content/articles/report.md", &format!("---\ntitle: Report\ndate: 2017-01-10\nevents:\n{entries}---\nText.\n"));
    p
}

/// Each `<svg class="chart ...">...</svg>` of a page.
fn charts(page: &str) -> Vec<&str> {
    page.match_indices("<svg class=\"chart ").map(|(at, _)| &page[at..at + page[at..].find("</svg>").expect("a chart is closed") + 6]).collect()
}

fn hrefs(chart: &str) -> Vec<&str> {
    chart.split("href=\"").skip(1).map(|rest| &rest[..rest.find('"').expect("a quoted href")]).collect()
}

/// Every link of every chart of every page under `out` leads to a file
/// (and a fragment to an element with that id); returns how many charts there are.
fn assert_chart_links_resolve(out: &Path) -> usize {
    let mut count = 0;
    for (path, bytes) in common::tree(out).into_iter().filter(|(path, _)| path.ends_with(".html")) {
        let page = String::from_utf8(bytes).expect("pages are UTF-8");
        for chart in charts(&page) {
            count += 1;
            for href in hrefs(chart) {
                let (file, fragment) = href.split_once('#').map_or((href, None), |(file, fragment)| (file, Some(fragment)));
                let folder = Path::new(&path).parent().expect("a page has a folder");
                let target = out.join(folder).join(file);
                assert!(target.is_file(), "{path}: chart link {href} leads nowhere");
                if let Some(fragment) = fragment {
                    let text = std::fs::read_to_string(&target).expect("a page");
                    assert!(text.contains(&format!("id=\"{fragment}\"")), "{path}: chart link {href}: no such id");
                }
            }
        }
    }
    count
}

#[test]
fn site_actor_and_timeline_pages_chart_their_events_and_every_mark_links_to_a_page() {
    let p = project("");
    p.build_ok(&[]);
    let city = p.page("sites/city/index.html");
    let [strip] = charts(&city)[..] else { panic!("one chart on a site page: {city}") };
    // The city rolls up the temple's events: all eight.
    assert_eq!(strip.matches("<a href=\"../../events/").count(), 8, "{strip}");
    assert!(strip.contains("<title id=\"timeline-chart-title\">Events at Old City over time</title>"));
    assert!(strip.contains("<desc id=\"timeline-chart-desc\">8 events, 2010 – 2019</desc>"), "{strip}");
    assert!(strip.contains("<title>2 March 2016 (uncertain): Event &lt;uncertain&gt;</title>"), "{strip}");
    assert!(charts(&p.page("sites/temple/index.html"))[0].contains("Events at Temple &amp; Court over time"));
    let army = p.page("actors/army/index.html");
    assert_eq!(charts(&army).len(), 1);
    assert_eq!(charts(&army)[0].matches("<a href=\"../../events/").count(), 3);
    // The overview draws the swimlanes; each year's page draws its own events.
    let timeline = p.page("timeline/index.html");
    assert_eq!(charts(&timeline).len(), 1, "swimlanes on the overview");
    let years: Vec<String> = std::fs::read_dir(p.out().join("timeline"))
        .expect("timeline folder")
        .filter_map(|entry| entry.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| name.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let marks: usize = years
        .iter()
        .map(|year| {
            let page = p.page(&format!("timeline/{year}/index.html"));
            let [strip] = charts(&page)[..] else { panic!("one strip on the {year} page") };
            strip.matches("<a href=\"../../events/").count()
        })
        .sum();
    assert_eq!(marks, 8, "every event on its year's strip");
    // Events without a chart-worthy page have none: the report page has no chart.
    assert!(charts(&p.page("articles/report/index.html")).is_empty());
    // Sites (2) + actors (3) + the overview (1) + a strip per year.
    assert_eq!(assert_chart_links_resolve(&p.out()), 6 + years.len());
}

#[test]
fn swimlanes_show_the_most_active_actors_as_site_yaml_says() {
    let lanes = |settings: &str| {
        let p = project(settings);
        p.build_ok(&[]);
        let timeline = p.page("timeline/index.html");
        let swimlanes = charts(&timeline).into_iter().find(|c| c.contains("chart-swimlanes")).map(str::to_string);
        (swimlanes, p)
    };
    // By default up to 8: all three, most events first (the army and the group have three, by id order).
    let (all, p) = lanes("");
    let all = all.expect("swimlanes");
    assert_eq!(all.matches("<g class=\"chart-lane\">").count(), 3);
    let order: Vec<usize> = ["The Army", "Armed Group", "Monitor"].iter().map(|name| all.find(&format!(">{name}</text>")).expect(name)).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{all}");
    assert_chart_links_resolve(&p.out());
    let (two, _) = lanes("swimlane_actors: 2\n");
    assert_eq!(two.expect("swimlanes").matches("<g class=\"chart-lane\">").count(), 2);
    let (none, p) = lanes("swimlane_actors: 0\n");
    assert!(none.is_none());
    assert!(charts(&p.page("timeline/index.html")).is_empty(), "no swimlanes, and the strips are on the year pages");
}

#[test]
fn a_busy_timeline_counts_events_by_period_and_links_each_period_to_its_year() {
    let p = Project::new();
    p.file("content/site.yaml", "title: Busy\nbase_url: https://example.org/\n");
    p.file("content/actors/group.md", "---\nname: Armed Group\n---\nA group.\n");
    let entries: String = (0..400)
        .map(|i| {
            format!("  - id: e{i}\n    date: \"{}-{:02}-{:02}\"\n    title: Event {i}\n    actors: [group]\n", 2010 + i % 5, 1 + i % 12, 1 + i % 28)
        })
        .collect();
    p.file("content/articles/report.md", &format!("---\ntitle: Report\ndate: 2017-01-10\nactors: [group]\nevents:\n{entries}---\nText.\n"));
    p.build_ok(&[]);
    // The actor's strip holds 400 events: counted by period, not drawn one by one.
    let actor = p.page("actors/group/index.html");
    let strip = charts(&actor)[0];
    assert_eq!(strip.matches("class=\"chart-mark").count(), 0, "too many marks: counted");
    assert!(strip.contains("class=\"chart-count\""), "{strip}");
    assert!(strip.len() < 20_000, "a counted chart stays small: {} bytes", strip.len());
    // The overview's swimlane is counted too, each period linked to its year's page.
    let timeline = p.page("timeline/index.html");
    let lanes = charts(&timeline)[0];
    assert!(lanes.contains("<a href=\"../timeline/2012/index.html\"><rect class=\"chart-count\""), "{lanes}");
    assert_chart_links_resolve(&p.out());
}
