//! The site model as a graph: roll-ups along `part_of`, relations with
//! counts, neighbours, mentions, hints and `check --fix`, on a small graph
//! whose answers are worked out by hand in the comments.

mod common;

use common::Project;
use serde_json::Value;
use std::path::Path;
use stele::figures::FigureWords;
use stele::pipeline::{BuildOptions, Target};
use stele::render::pages;
use stele::render::views::Views;

/// region ⊃ city ⊃ temple; state ⊃ air-force ⊃ squadron; group; director.
fn graph() -> Project {
    let p = Project::new();
    p.file("content/site.yaml", "title: Graph\nbase_url: https://example.org/\n");
    p.file("content/sites/region.md", "---\nname: The Region\n---\nA region.\n");
    p.file("content/sites/city.md", "---\nname: Old City\npart_of: region\n---\nA city.\n");
    p.file("content/sites/temple.md", "---\nname: Great Temple\naliases: [Temple]\npart_of: city\n---\nA temple.\n");
    p.file("content/actors/state.md", "---\nname: The State\nkind: state\n---\nA state.\n");
    p.file("content/actors/air-force.md", "---\nname: Air Force\npart_of: state\n---\nAn air force.\n");
    p.file("content/actors/squadron.md", "---\nname: Squadron Nine\npart_of: air-force\n---\nA squadron.\n");
    p.file("content/actors/group.md", "---\nname: Armed Group\naliases: [AG]\n---\nA group.\n");
    p.file("content/actors/director.md", "---\nname: Director Amal\n---\nA director.\n");
    // e1 May 2015 at temple: group (perpetrator), squadron.
    p.file(
        "content/articles/a1.md",
        "---\ntitle: Temple attacked\ndate: 2016-01-10\nsites: [temple]\nactors: [group, squadron]\nevents:\n  - id: e1\n    date: 2015-05\n    title: Temple attacked\n    sites: [temple]\n    actors: [{ id: group, role: perpetrator }, squadron]\n---\nThe Great Temple was attacked by AG. Later AG left the Temple.\n",
    );
    // e2 1 August 2015 in the city: group, state; e3 January 2016 in the region: air-force.
    p.file(
        "content/articles/a2.md",
        "---\ntitle: City and region\ndate: 2016-02-01\nsites: [city, region]\nactors: [group, state, air-force]\nevents:\n  - id: e2\n    date: 2015-08-01\n    title: City taken\n    sites: [city]\n    actors: [group, state]\n  - id: e3\n    date: 2016-01\n    title: Strikes on the region\n    sites: [region]\n    actors: [air-force]\n---\nArmed Group and The State fought in Old City.\n",
    );
    // Mentions Director Amal and the temple without listing them (hints), and asks for no autolinks.
    p.file(
        "content/articles/a3.md",
        "---\ntitle: Interview # keep this comment\ndate: 2016-03-01\nautolink: none\nactors:\n  - group\n---\nDirector Amal spoke of the Great Temple and of AG.\n",
    );
    p
}

fn model(root: &Path) -> stele::model::SiteModel {
    let options = BuildOptions { root: root.to_path_buf(), include_drafts: false, not_found_root: None, strict: false, base_url: None };
    let (project, _) = stele::load::load(root);
    let (config, _) = stele::resolve::resolve_config(project.config.as_ref(), None);
    let settings = stele::parse::ParseSettings { raw_html: config.raw_html, autolink: config.autolink, dates: stele::date::DateWords::english() };
    let (documents, problems) = stele::parse::parse_all(&project.documents, settings, None);
    assert!(problems.is_empty(), "{problems:?}");
    let resolved = stele::resolve::resolve(&stele::resolve::TextsOnDisk::new(&options.root), config, &documents, Default::default());
    assert!(resolved.diagnostics.iter().all(|d| d.severity != stele::diagnostics::Severity::Error), "{:?}", resolved.diagnostics);
    resolved.model
}

fn timeline_ids(data: &Value) -> Vec<(String, Option<String>)> {
    data["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|year| year["events"].as_array().unwrap().iter())
        .map(|e| (e["id"].as_str().unwrap().to_string(), e["at"]["id"].as_str().map(str::to_string)))
        .collect()
}

/// Where the sites are, for the maps site pages draw.
fn places(m: &stele::model::SiteModel) -> stele::render::maps::Places {
    stele::render::maps::Places::new(Views::new(m, None, FigureWords::english()).unrecorded())
}

/// The interface texts in English, as the pages of these projects use them.
fn english() -> stele::render::i18n::Table {
    stele::render::i18n::Table::for_language("en")
}

fn ix_of(ids: impl Iterator<Item = String>, id: &str) -> usize {
    ids.into_iter().position(|x| x == id).unwrap()
}

#[test]
fn site_timelines_roll_up_through_two_levels_of_part_of() {
    let p = graph();
    let m = model(p.root());
    let region = ix_of(m.sites.iter().map(|s| s.id.clone()), "region");
    let data = serde_json::to_value(pages::site(Views::new(&m, None, FigureWords::english()), region, &places(&m), &english())).unwrap();
    // e1 happened at the temple (two levels down), e2 in the city, e3 in the region itself.
    let expected = vec![("e1".to_string(), Some("temple".to_string())), ("e2".to_string(), Some("city".to_string())), ("e3".to_string(), None)];
    assert_eq!(timeline_ids(&data), expected);
    assert_eq!(data["event_count"], 3);
    let children: Vec<&str> = data["children"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(children, ["city"]);

    let temple = ix_of(m.sites.iter().map(|s| s.id.clone()), "temple");
    let data = serde_json::to_value(pages::site(Views::new(&m, None, FigureWords::english()), temple, &places(&m), &english())).unwrap();
    let breadcrumb: Vec<&str> = data["ancestors"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(breadcrumb, ["region", "city"], "outermost first");
}

#[test]
fn actor_timelines_roll_up_sub_units() {
    let p = graph();
    let m = model(p.root());
    let state = ix_of(m.actors.iter().map(|a| a.id.clone()), "state");
    let data = serde_json::to_value(pages::actor(Views::new(&m, None, FigureWords::english()), state, &english())).unwrap();
    let expected =
        vec![("e1".to_string(), Some("squadron".to_string())), ("e2".to_string(), None), ("e3".to_string(), Some("air-force".to_string()))];
    assert_eq!(timeline_ids(&data), expected);
}

#[test]
fn relation_counts_match_the_hand_checked_graph() {
    let p = graph();
    let m = model(p.root());
    let v = Views::new(&m, None, FigureWords::english());

    // Actors at the region, rolled up: group in e1 and e2 (May 2015 to 1 August 2015),
    // then one event each, tied by id: air-force, squadron, state.
    let region = ix_of(m.sites.iter().map(|s| s.id.clone()), "region");
    let data = serde_json::to_value(pages::site(v, region, &places(&m), &english())).unwrap();
    let involved: Vec<(String, u64, String, String)> = data["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["actor"]["id"].as_str().unwrap().into(),
                x["events"].as_u64().unwrap(),
                x["first"].as_str().unwrap().into(),
                x["last"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        involved,
        vec![
            ("group".into(), 2, "May 2015".into(), "1 August 2015".into()),
            ("air-force".into(), 1, "January 2016".into(), "January 2016".into()),
            ("squadron".into(), 1, "May 2015".into(), "May 2015".into()),
            ("state".into(), 1, "1 August 2015".into(), "1 August 2015".into()),
        ]
    );

    // The group shares e1 with squadron and e2 with state; a1 with squadron, a2 with state and air-force.
    let group = ix_of(m.actors.iter().map(|a| a.id.clone()), "group");
    let data = serde_json::to_value(pages::actor(v, group, &english())).unwrap();
    let related: Vec<(String, u64, u64)> = data["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["actor"]["id"].as_str().unwrap().into(), x["count"].as_u64().unwrap(), x["reports"].as_u64().unwrap()))
        .collect();
    assert_eq!(related, vec![("squadron".into(), 1, 1), ("state".into(), 1, 1), ("air-force".into(), 0, 1)]);
    let sites: Vec<(String, u64)> =
        data["sites"].as_array().unwrap().iter().map(|x| (x["site"]["id"].as_str().unwrap().into(), x["events"].as_u64().unwrap())).collect();
    assert_eq!(sites, vec![("city".into(), 1), ("temple".into(), 1)]);
}

#[test]
fn events_link_their_neighbours_along_site_and_main_actor() {
    let p = graph();
    let m = model(p.root());
    let e1 = ix_of(m.events.iter().map(|e| e.id.clone()), "e1");
    let data = serde_json::to_value(pages::event(Views::new(&m, None, FigureWords::english()), e1)).unwrap();
    // The main actor is the perpetrator (group): its next event is e2. The temple has no other event.
    assert_eq!(data["by_actor"]["along"]["id"], "group");
    assert_eq!(data["by_actor"]["previous"], Value::Null);
    assert_eq!(data["by_actor"]["next"]["id"], "e2");
    assert_eq!(data["at_site"], Value::Null);
}

#[test]
fn mentions_become_backlinks_with_context_marked_apart() {
    let p = graph();
    let m = model(p.root());
    let director = ix_of(m.actors.iter().map(|a| a.id.clone()), "director");
    let data = serde_json::to_value(pages::actor(Views::new(&m, None, FigureWords::english()), director, &english())).unwrap();
    let mentions = data["mentions"].as_array().unwrap();
    assert_eq!(mentions.len(), 1);
    assert_eq!(mentions[0]["article"]["id"], "a3");
    assert_eq!(mentions[0]["annotated"], false);
    assert_eq!(mentions[0]["context"], "Director Amal spoke of the Great Temple and of AG.");
    // The group is both listed and mentioned in a1.
    let group = ix_of(m.actors.iter().map(|a| a.id.clone()), "group");
    let data = serde_json::to_value(pages::actor(Views::new(&m, None, FigureWords::english()), group, &english())).unwrap();
    let a1 = data["mentions"].as_array().unwrap().iter().find(|x| x["article"]["id"] == "a1").unwrap();
    assert_eq!(a1["annotated"], true);
    assert_eq!(a1["context"], "The Great Temple was attacked by AG.");
}

#[test]
fn autolink_first_all_none_and_per_article_override() {
    // "AG" is named twice in a1's body and nowhere else on its page (lists show "Armed Group").
    let p = graph();
    p.build_ok(&[]);
    assert_eq!(p.page("articles/a1/index.html").matches(">AG</a>").count(), 1, "first (the default) links the first mention");
    assert_eq!(p.page("articles/a3/index.html").matches(">AG</a>").count(), 0, "autolink: none in a3's front matter");

    p.append("content/site.yaml", "autolink: all\n");
    p.build_ok(&[]);
    assert_eq!(p.page("articles/a1/index.html").matches(">AG</a>").count(), 2, "all links every mention");
    assert_eq!(p.page("articles/a3/index.html").matches(">AG</a>").count(), 0, "the article's own setting wins");

    p.edit("content/site.yaml", "autolink: all\n", "autolink: none\n");
    p.build_ok(&[]);
    assert_eq!(p.page("articles/a1/index.html").matches(">AG</a>").count(), 0);
}

#[test]
fn check_hints_at_unlisted_mentions_and_fix_adds_them_keeping_the_rest() {
    let p = graph();
    let run = p.check(&[]);
    run.assert_success();
    // Line 8 of a3.md is the body; "Director Amal" starts at column 1, "Great Temple" at column 28.
    run.assert_stderr_contains("content/articles/a3.md:8:1");
    run.assert_stderr_contains("mentions actor `director`, which is not in `actors:`");
    run.assert_stderr_contains("content/articles/a3.md:8:28");
    run.assert_stderr_contains("mentions site `temple`, which is not in `sites:`");
    assert!(p.check(&["--strict"]).code == Some(1), "hints fail --strict");

    let before = p.read("content/articles/a3.md");
    p.check(&["--fix"]).assert_success();
    let after = p.read("content/articles/a3.md");
    let expected = before.replace("actors:\n  - group\n", "actors:\n  - group\n  - director\nsites: [temple]\n");
    assert_eq!(after, expected);
    p.check(&["--strict"]).assert_success();
}

#[test]
fn ambiguous_aliases_are_reported_and_not_linked() {
    let p = graph();
    p.file("content/sites/fort.md", "---\nname: Hill Fort\naliases: [AG]\n---\nA fort that shares an alias.\n");
    let run = p.check(&[]);
    run.assert_success();
    run.assert_stderr_contains("the name `AG` belongs to");
    p.build_ok(&[]);
    assert_eq!(p.page("articles/a1/index.html").matches(">AG</a>").count(), 0);
}

#[test]
fn the_whole_graph_builds_and_stays_deterministic() {
    let p = graph();
    let sink = stele::output::MemorySink::default();
    let options = BuildOptions { root: p.root().to_path_buf(), include_drafts: false, not_found_root: None, strict: false, base_url: None };
    let report = stele::pipeline::run(&options, Target::Memory(&sink), None).unwrap();
    assert!(!report.has_errors());
    let first = sink.into_files();
    let sink = stele::output::MemorySink::default();
    stele::pipeline::run(&options, Target::Memory(&sink), None).unwrap();
    assert_eq!(first, sink.into_files());
}
