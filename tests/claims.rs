//! Claims: what each report says of an event (docs/content-model.md §3.6).
//! Reports that agree give one value; reports that disagree give a located
//! warning and each claim is shown; what is a mistake rather than a
//! disagreement stays an error. Built with the real binary.

mod common;

use common::Project;
use serde_json::Value;

const MONITOR: &str = "content/articles/a-monitor.md";
const IMAGERY: &str = "content/articles/b-imagery.md";

/// A temple, an armed group, a monitor and an imagery agency as actors, and
/// two reports: `a-monitor.md` (source SOHR) and `b-imagery.md` (source
/// UNOSAT), each with the `temple-destroyed` entry given, then `extra`.
fn project(monitor_entry: &str, imagery_entry: &str) -> Project {
    let project = Project::new();
    project.file("content/site.yaml", "title: Claims\nbase_url:\n");
    project.file("content/sites/temple.md", "---\nname: Temple\n---\nA temple.\n");
    project.file("content/actors/group.md", "---\nname: Group\n---\nAn armed group.\n");
    project.file("content/actors/sohr.md", "---\nname: Syrian Observatory\n---\nA monitor.\n");
    project.file("content/actors/unosat.md", "---\nname: Imagery agency\n---\nSatellite imagery.\n");
    project.file(MONITOR, &report("Temple blown up, monitors say", "2015-08-31", "SOHR", monitor_entry));
    project.file(IMAGERY, &report("Images confirm the temple's destruction", "2015-09-01", "UNOSAT", imagery_entry));
    project
}

fn report(title: &str, date: &str, source: &str, events: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\nsource: {{ name: {source} }}\nevents:\n{events}---\nThe temple.\n")
}

/// The `temple-destroyed` entry with `fields` (each `key: value` on its own line).
fn entry(fields: &[&str]) -> String {
    let mut text = String::from("  - id: temple-destroyed\n");
    for field in fields {
        text.push_str(&format!("    {field}\n"));
    }
    text
}

/// `check --format json`: every diagnostic, one JSON object each.
fn diagnostics(project: &Project) -> Vec<Value> {
    let root = project.root().to_str().expect("UTF-8 temporary path");
    let run = common::run_stele(&["check", "--root", root, "--format", "json"]);
    run.stdout.lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect()
}

fn events_json(project: &Project) -> Vec<Value> {
    match serde_json::from_str(&project.page("data/events.json")).expect("events.json is JSON") {
        Value::Array(events) => events,
        other => panic!("events.json is not an array: {other}"),
    }
}

fn event<'a>(events: &'a [Value], id: &str) -> &'a Value {
    events.iter().find(|e| e["id"] == id).unwrap_or_else(|| panic!("no event {id}"))
}

#[test]
fn agreeing_claims_give_one_value_and_no_warning() {
    let same = entry(&["date: 2015-08-30", "title: Temple destroyed", "status: confirmed"]);
    let p = project(&same, &entry(&["date: 2015-08-30", "title: Temple destroyed"]));
    let run = p.build_ok(&[]);
    assert!(run.summary().contains("0 errors, 0 warnings"), "{}", run.stderr);
    let page = p.page("events/temple-destroyed/index.html");
    assert!(page.contains("<time datetime=\"2015-08-30\">30 August 2015</time>"), "{page}");
    assert!(!page.contains("event-claims"), "no claims section when the reports agree:\n{page}");
    let events = events_json(&p);
    let e = event(&events, "temple-destroyed");
    assert_eq!(e["status"], "confirmed");
    assert_eq!(e["disagreements"], serde_json::json!([]));
    assert_eq!(e["claims"].as_array().map(Vec::len), Some(2));
}

#[test]
fn disagreeing_dates_are_a_warning_at_both_places_and_both_are_shown() {
    // The imagery report is later in path order but dates the event earlier
    // than another event of 31 August, which sorts first by id otherwise.
    let p = project(
        &entry(&["date: 2015-08-31", "title: Temple destroyed"]),
        &format!("{}  - id: aaa-other\n    date: 2015-08-31\n    title: Other\n", entry(&["date: 2015-08-30", "title: Temple destroyed"])),
    );
    let warnings = diagnostics(&p);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert_eq!(w["severity"], "warning");
    assert_eq!(w["code"], "claims-disagree");
    assert_eq!((w["file"].as_str(), w["line"].as_u64(), w["column"].as_u64()), (Some(IMAGERY), Some(7), Some(11)));
    assert_eq!(
        w["message"],
        "event `temple-destroyed`: UNOSAT gives the date `2015-08-30`, SOHR gave `2015-08-31`; both are shown, each with its source"
    );
    assert_eq!(w["hint"], "if the sources disagree, nothing needs fixing; if one report is mistaken, correct it");
    let related = &w["related"][0];
    assert_eq!((related["file"].as_str(), related["line"].as_u64(), related["column"].as_u64()), (Some(MONITOR), Some(7), Some(11)));
    assert_eq!(related["note"], "SOHR gives `2015-08-31` here");

    let run = p.build_ok(&[]);
    run.assert_stderr_contains("warning: event `temple-destroyed`: UNOSAT gives the date `2015-08-30`");
    let page = p.page("events/temple-destroyed/index.html");
    assert!(page.contains("30 August 2015 (UNOSAT) · 31 August 2015 (SOHR)"), "each date with its source:\n{page}");
    assert!(page.contains("<h2 id=\"event-claims\">Claims</h2>"), "{page}");
    assert!(page.contains("The claims differ on:\ndate."), "{page}");
    let events = events_json(&p);
    let ids: Vec<&str> = events.iter().filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(ids, ["temple-destroyed", "aaa-other"], "sorted by the earliest day claimed");
    let e = event(&events, "temple-destroyed");
    assert_eq!(e["date"], "2015-08-30");
    assert_eq!(e["disagreements"], serde_json::json!(["date"]));
    let claimed: Vec<(&str, &str)> =
        e["claims"].as_array().unwrap().iter().map(|c| (c["by"].as_str().unwrap(), c["date"].as_str().unwrap())).collect();
    assert_eq!(claimed, [("SOHR", "2015-08-31"), ("UNOSAT", "2015-08-30")]);
}

#[test]
fn disagreeing_statuses_make_the_event_disputed_by_those_behind_them() {
    let p = project(
        &entry(&["date: 2015-08-30", "title: Temple destroyed", "status: claimed", "claimed_by: [group]"]),
        &entry(&["date: 2015-08-30", "title: Temple destroyed", "status: denied", "confirmed_by: [unosat]"]),
    );
    let warnings = diagnostics(&p);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!((warnings[0]["line"].as_u64(), warnings[0]["column"].as_u64()), (Some(9), Some(13)));
    assert_eq!(
        warnings[0]["message"],
        "event `temple-destroyed`: UNOSAT gives the status `denied`, SOHR gave `claimed`; the event is shown as disputed, with each claim"
    );
    p.build_ok(&[]);
    let events = events_json(&p);
    let e = event(&events, "temple-destroyed");
    assert_eq!(e["status"], "disputed");
    assert_eq!(e["disputed_by"], serde_json::json!(["group", "unosat"]));
    let page = p.page("events/temple-destroyed/index.html");
    assert!(page.contains("<dt>Disputed by</dt>"), "{page}");
    assert!(page.contains("status-claimed") && page.contains("status-denied"), "each claim's status:\n{page}");
}

#[test]
fn disputed_by_written_by_hand_wins_over_the_derived_list() {
    let p = project(
        &entry(&["date: 2015-08-30", "title: Temple destroyed", "status: claimed", "claimed_by: [group]", "disputed_by: [sohr]"]),
        &entry(&["date: 2015-08-30", "title: Temple destroyed", "status: confirmed", "confirmed_by: [unosat]"]),
    );
    p.build_ok(&[]);
    let events = events_json(&p);
    assert_eq!(event(&events, "temple-destroyed")["disputed_by"], serde_json::json!(["sohr"]));
}

#[test]
fn a_description_that_differs_is_named_but_not_quoted() {
    let p = project(
        &entry(&["date: 2015-08-30", "title: Temple destroyed", "description: Blown up with explosives."]),
        &entry(&["date: 2015-08-30", "title: Temple destroyed", "description: Seen collapsed on imagery."]),
    );
    let warnings = diagnostics(&p);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["message"], "event `temple-destroyed`: UNOSAT and SOHR give different descriptions; both are shown, each with its source");
    assert_eq!(warnings[0]["related"][0]["note"], "SOHR's description here");
    p.build_ok(&[]);
    let page = p.page("events/temple-destroyed/index.html");
    assert!(page.contains("Blown up with explosives.") && page.contains("Seen collapsed on imagery."), "{page}");
}

#[test]
fn one_report_giving_an_event_two_ways_is_an_error() {
    let twice = format!("{}{}", entry(&["date: 2015-08-30", "title: Temple destroyed"]), entry(&["date: 2015-08-31", "title: Temple destroyed"]));
    let p = project(&twice, &entry(&["date: 2015-08-30", "title: Temple destroyed"]));
    let problems = diagnostics(&p);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let e = &problems[0];
    assert_eq!(e["severity"], "error");
    assert_eq!(e["code"], "event-conflict");
    assert_eq!((e["file"].as_str(), e["line"].as_u64(), e["column"].as_u64()), (Some(MONITOR), Some(10), Some(11)));
    assert_eq!(e["message"], "event `temple-destroyed`: date `2015-08-31` disagrees with `2015-08-30` given earlier in this report");
    assert_eq!(e["related"][0]["line"].as_u64(), Some(7));
    p.build(&[]).assert_content_errors();
    assert!(!p.exists("site"), "nothing is written");
}

#[test]
fn two_roles_for_one_actor_are_still_an_error() {
    let p = project(
        &entry(&["date: 2015-08-30", "title: Temple destroyed", "actors: [{ id: group, role: perpetrator }]"]),
        &entry(&["date: 2015-08-30", "title: Temple destroyed", "actors: [{ id: group, role: witness }]"]),
    );
    let problems = diagnostics(&p);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["code"], "event-conflict");
    assert_eq!(problems[0]["message"], "event `temple-destroyed`: role `witness` disagrees with `perpetrator` given elsewhere");
}

// ---------------------------------------------------------------------------
// Event files: the editors' record

const EVENT_FILE: &str = "content/events/temple-destroyed.md";

#[test]
fn an_event_file_wins_where_it_speaks_and_the_claims_are_still_listed() {
    let p = project(
        &entry(&["date: 2015-08-31", "title: Temple destroyed", "status: claimed"]),
        &entry(&["date: 2015-08-30", "title: Temple destroyed", "status: confirmed"]),
    );
    p.file(
        EVENT_FILE,
        "---\ntitle: Temple of Bel destroyed\ndate: 2015-08-30\nstatus: confirmed\nconfirmed_by: [unosat]\n---\nAccount of the editors.\n",
    );
    let problems = diagnostics(&p);
    assert!(problems.is_empty(), "the editors settled date and status: no warning\n{problems:?}");
    p.build_ok(&[]);
    let page = p.page("events/temple-destroyed/index.html");
    assert!(page.contains("<h1>Temple of Bel destroyed</h1>"), "{page}");
    assert!(page.contains("<time datetime=\"2015-08-30\">30 August 2015</time>"), "the editors' date, not each claim's:\n{page}");
    assert!(page.contains("Account of the editors."), "{page}");
    assert!(page.contains("Editors’ record"), "{page}");
    assert!(page.contains("status-claimed"), "the reports' claims are still listed:\n{page}");
    let events = events_json(&p);
    let e = event(&events, "temple-destroyed");
    assert_eq!(e["status"], "confirmed");
    assert_eq!(e["disputed_by"], serde_json::json!([]));
    assert_eq!(e["confirmed_by"], serde_json::json!(["unosat"]));
    let sources: Vec<&Value> = e["claims"].as_array().unwrap().iter().map(|c| &c["report"]).collect();
    assert_eq!(sources, [&Value::Null, &Value::from("a-monitor"), &Value::from("b-imagery")]);
}

#[test]
fn an_entry_with_only_an_id_refers_to_the_event_file() {
    let p = project(&entry(&[]), &entry(&["sites: [temple]"]));
    p.file(EVENT_FILE, "---\ntitle: Temple destroyed\ndate: 2015-08-30\n---\nBlown up.\n");
    let run = p.build_ok(&[]);
    assert!(run.summary().contains("0 errors, 0 warnings"), "{}", run.stderr);
    let events = events_json(&p);
    let e = event(&events, "temple-destroyed");
    assert_eq!((e["date"].as_str(), e["title"].as_str()), (Some("2015-08-30"), Some("Temple destroyed")));
    assert_eq!(e["reported_in"], serde_json::json!(["b-imagery", "a-monitor"]));
    assert_eq!(e["sites"], serde_json::json!(["temple"]));
}

#[test]
fn an_event_file_alone_makes_an_event_page() {
    let p = project(&entry(&["date: 2015-08-30", "title: Temple destroyed"]), "");
    p.file(
        "content/events/arch-destroyed.md",
        "---\ntitle: Arch destroyed\ndate: 2015-10\nsites: [temple]\n---\nSee [the temple](event:temple-destroyed).\n",
    );
    p.build_ok(&[]);
    let page = p.page("events/arch-destroyed/index.html");
    assert!(page.contains("<h1>Arch destroyed</h1>"), "{page}");
    assert!(page.contains("href=\"../../events/temple-destroyed/index.html\""), "{page}");
}

#[test]
fn an_event_nobody_dates_is_an_error_at_its_entry() {
    let p = project(&entry(&["title: Temple destroyed"]), "");
    let problems = diagnostics(&p);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let e = &problems[0];
    assert_eq!(
        (e["code"].as_str(), e["file"].as_str(), e["line"].as_u64(), e["column"].as_u64()),
        (Some("missing-key"), Some(MONITOR), Some(6), Some(5))
    );
    assert_eq!(e["message"], "event `temple-destroyed` has no date: neither a report nor its event file gives one");
    assert_eq!(e["hint"], "write `date:` in this entry, or in the event file content/events/temple-destroyed.md");
}

#[test]
fn an_entry_without_id_needs_date_and_title() {
    let p = project("  - title: Temple destroyed\n", "");
    let problems = diagnostics(&p);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let e = &problems[0];
    assert_eq!((e["code"].as_str(), e["line"].as_u64(), e["column"].as_u64()), (Some("missing-key"), Some(6), Some(5)));
    assert_eq!(e["message"], "an event without `id` needs both `date` and `title`");
}

#[test]
fn an_event_file_with_an_unknown_key_or_site_is_located() {
    let p = project(&entry(&["date: 2015-08-30", "title: Temple destroyed"]), "");
    p.file(EVENT_FILE, "---\ntitle: Temple destroyed\nsites: [templ]\nsumary: x\n---\nBody.\n");
    let problems = diagnostics(&p);
    let located: Vec<(Option<&str>, Option<u64>, Option<u64>)> =
        problems.iter().map(|d| (d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64())).collect();
    assert!(located.contains(&(Some("unknown-key"), Some(4), Some(1))), "{problems:?}");
    assert!(located.contains(&(Some("unknown-reference"), Some(3), Some(9))), "{problems:?}");
}
