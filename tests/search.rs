//! The search index (`search/*.js`), end to end: a project built with the
//! real binary, its index files read back as JSON. The browser side is
//! tested in tests/browser/search.test.mjs.

mod common;

use common::Project;
use serde_json::Value;
use std::collections::BTreeSet;
use stele::render::search::{terms_file_of, words};

/// Reports enough for several files of each kind (documents and terms),
/// each with an event, among sites and actors; one report writes the name
/// of the site with a proclitic (بتدمر), the site has it as an alias.
fn fixture() -> Project {
    let project = Project::new();
    project.file("content/site.yaml", "title: Search Monitor\n");
    project.file("content/sites/palmyra.md", "---\nname: Palmyra\naliases: [تدمر]\n---\nAn ancient city.\n");
    project.file("content/actors/survey.md", "---\nname: Survey Team\n---\nA team.\n");
    for n in 0..300 {
        project.file(
            &format!("content/articles/report-{n}.md"),
            &format!(
                "---\ntitle: Report number{n} on damage\ndate: 2020-01-01\nsites: [palmyra]\nevents:\n  - id: event-{n}\n    date: 2020-01-01\n    title: Event word{n} recorded\n    sites: [palmyra]\n---\nBody of report {n}.\n"
            ),
        );
    }
    project.file("content/articles/arabic.md", "---\ntitle: Desert report\ndate: 2021-01-01\n---\nوصلت القوات بتدمر صباح اليوم.\n");
    project
}

/// The JSON a script of the index hands to `steleSearch.<call>(N, …)`.
fn script_value(text: &str, call: &str) -> Value {
    let inner = text.strip_prefix(&format!("steleSearch.{call}(")).and_then(|t| t.strip_suffix(");\n")).expect("a call to steleSearch");
    let (_, json) = inner.split_once(',').expect("a file number, then the data");
    serde_json::from_str(json).expect("JSON")
}

/// The files under `search/` named `<prefix>-N.js`, in order of N.
fn index_files(project: &Project, prefix: &str) -> Vec<String> {
    (0..)
        .map(|n| project.path(&format!("site/search/{prefix}-{n}.js")))
        .take_while(|p| p.exists())
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .collect()
}

/// Every document of the index: (kind, url, title), by number.
fn documents(project: &Project) -> Vec<(String, String, String)> {
    index_files(project, "documents")
        .iter()
        .flat_map(|text| script_value(text, "documents").as_array().expect("rows").clone())
        .map(|row| (row[0].as_str().unwrap().to_string(), row[1].as_str().unwrap().to_string(), row[2].as_str().unwrap().to_string()))
        .collect()
}

/// The documents (numbers) holding `term`, from the terms file its hash names.
fn postings(project: &Project, term: &str) -> BTreeSet<u64> {
    let files = index_files(project, "terms");
    let terms = script_value(&files[terms_file_of(term, files.len())], "terms");
    let list = terms.get(term).and_then(Value::as_array).cloned().unwrap_or_default();
    // Each number is written as the gap from the one before.
    list.chunks(2)
        .scan(0, |number, pair| {
            *number += pair[0].as_u64().unwrap();
            Some(*number)
        })
        .collect()
}

/// Pages of reports, sites, actors and events in the built folder.
fn content_pages(project: &Project) -> BTreeSet<String> {
    common::tree(&project.out())
        .into_keys()
        .filter(|path| {
            let parts: Vec<&str> = path.split('/').collect();
            parts.len() == 3 && ["articles", "sites", "actors", "events"].contains(&parts[0]) && parts[1] != "page" && parts[2] == "index.html"
        })
        .collect()
}

#[test]
fn the_index_holds_every_report_site_actor_and_event_page() {
    let project = fixture();
    project.build_ok(&[]);
    let documents = documents(&project);
    let urls: BTreeSet<String> = documents.iter().map(|(_, url, _)| url.clone()).collect();
    assert_eq!(urls.len(), documents.len(), "a page is in the index twice");
    assert_eq!(urls, content_pages(&project));
    assert_eq!(documents.len(), 301 + 300 + 2);
    assert!(index_files(&project, "documents").len() > 1 && index_files(&project, "terms").len() > 1, "the index is split into files");
    assert!(project.page("search/index.html").contains("data-terms-files=\"4\""));
    assert!(project.page("index.html").contains("href=\"search/index.html\""), "the navigation links the search page");
    let kinds: BTreeSet<&str> = documents.iter().map(|(kind, _, _)| kind.as_str()).collect();
    assert_eq!(kinds, BTreeSet::from(["actor", "event", "report", "site"]));

    // Each document is found by a word of its own title, in the file its hash names.
    for (number, (_, url, title)) in documents.iter().enumerate() {
        let normalised = words::normalise(title);
        let word = words::words(&normalised).last().expect("a title has a word").to_string();
        assert!(postings(&project, &word).contains(&(number as u64)), "{url} is not found by {word:?}");
    }
}

#[test]
fn arabic_names_are_indexed_with_and_without_their_proclitics() {
    let project = fixture();
    project.build_ok(&[]);
    let documents = documents(&project);
    let number = |url: &str| documents.iter().position(|(_, u, _)| u == url).expect("indexed") as u64;
    let (site, report) = (number("sites/palmyra/index.html"), number("articles/arabic/index.html"));
    // تدمر finds the site (its alias) and the report writing بتدمر.
    assert_eq!(postings(&project, "تدمر"), BTreeSet::from([site, report]));
    assert_eq!(postings(&project, "بتدمر"), BTreeSet::from([report]));
    // القوات is ال + قوات: found both ways.
    assert!(postings(&project, "قوات").contains(&report));
}
