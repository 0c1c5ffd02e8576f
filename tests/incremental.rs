//! The rule that keeps incremental rebuilds honest: after any sequence of
//! edits, what `serve`'s session holds is byte-identical to a fresh full
//! build of the same files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use stele::output::MemorySink;
use stele::pipeline::{self, BuildOptions, SourceChanges, Target};
use stele::session::Session;

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions { root: root.to_path_buf(), include_drafts: false, not_found_root: Some("/".into()), strict: false, base_url: None }
}

/// A build from scratch: its files and its diagnostics.
fn full_build_with_diagnostics(root: &Path) -> (BTreeMap<String, Vec<u8>>, Vec<stele::diagnostics::Diagnostic>) {
    let sink = MemorySink::default();
    let report = pipeline::run(&options(root), Target::Memory(&sink), None).unwrap();
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    (sink.into_files().into_iter().collect(), report.diagnostics)
}

fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    full_build_with_diagnostics(root).0
}

fn snapshot(session: &Session) -> BTreeMap<String, Vec<u8>> {
    session.snapshot().files.iter().map(|(path, bytes)| (path.to_string(), bytes.to_vec())).collect()
}

/// Deterministic xorshift64*, so a failure names the seed that reproduces
/// it. The multiply matters: plain xorshift's low bits repeat patterns, and
/// with them some kinds of edit were never drawn.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        ((self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) % n as u64) as usize
    }
}

fn articles(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content/articles"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// One random edit of the kinds authors make; returns what it did and the
/// paths it touched (relative to the root), as a file watcher would report them.
fn random_edit(root: &Path, kind: usize, rng: &mut Rng, step: usize) -> (String, Vec<String>) {
    let all = articles(root);
    let article = &all[rng.below(all.len())];
    let rel = |path: &Path| path.strip_prefix(root).unwrap().to_str().unwrap().to_string();
    let description = random_edit_of(root, article, kind, rng, step);
    let touched = match description.as_str() {
        "actor rename" => vec!["content/actors/sohr.md".to_string()],
        "site alias" => vec!["content/sites/temple-of-bel.md".to_string()],
        "site description" => vec!["content/sites/palmyra-museum.md".to_string()],
        "actor part_of" => vec!["content/actors/sohr.md".to_string()],
        "template override" => vec!["templates/event.html".to_string()],
        d if d.starts_with("articles_per_page") => vec!["content/site.yaml".to_string()],
        d if d.starts_with("new article") => vec![format!("content/articles/new-{step}.md")],
        d if d.starts_with("skipped") => vec![],
        d if d.starts_with("delete ") => vec![rel(Path::new(&d["delete ".len()..]))],
        d if d.starts_with("rename") => {
            let renamed = article.with_file_name(format!("{}-renamed.md", article.file_stem().unwrap().to_str().unwrap()));
            // The watcher names both ends of a rename; the new name sorts first here.
            vec![rel(&renamed), rel(article)]
        }
        _ => vec![rel(article)],
    };
    (description, touched)
}

/// The kinds of edit `random_edit_of` makes.
const EDIT_KINDS: usize = 17;

fn random_edit_of(root: &Path, article: &Path, kind: usize, rng: &mut Rng, step: usize) -> String {
    let all = articles(root);
    match kind {
        0 => {
            let mut text = fs::read_to_string(article).unwrap();
            text.push_str(&format!("\nA new paragraph {step} about Palmyra and the Temple of Bel.\n"));
            fs::write(article, text).unwrap();
            format!("body edit of {}", article.display())
        }
        1 => {
            // Inside the quotes of a quoted title, or it stops being one.
            match fs::read_to_string(article).unwrap().contains("\ntitle: \"") {
                true => replace_in(article, "\ntitle: \"", &format!("\ntitle: \"Edit {step} - ")),
                false => replace_in(article, "\ntitle: ", &format!("\ntitle: Edit {step} - ")),
            }
            format!("title edit of {}", article.display())
        }
        2 => {
            let actor = root.join("content/actors/sohr.md");
            replace_in(&actor, "\nname: ", &format!("\nname: Renamed{step} "));
            "actor rename".into()
        }
        3 => {
            let text = fs::read_to_string(article).unwrap();
            let new = root.join(format!("content/articles/new-{step}.md"));
            fs::write(&new, text.replacen("\nslug: ", "\nslug-was: ", 1).replace("slug-was: ", &format!("slug: copy-{step}-"))).unwrap();
            // Keep event ids unique per article copy: drop the copy's events.
            let copy = fs::read_to_string(&new).unwrap();
            let cleaned = drop_events(&copy);
            fs::write(&new, cleaned).unwrap();
            format!("new article from {}", article.display())
        }
        4 => {
            // Only the copies made above: no other file links to them.
            let Some(copy) = all.iter().find(|a| a.file_name().unwrap().to_str().unwrap().starts_with("new-")) else {
                return "skipped delete".into();
            };
            fs::remove_file(copy).unwrap();
            format!("delete {}", copy.display())
        }
        5 => {
            let templates = root.join("templates");
            fs::create_dir_all(&templates).unwrap();
            let builtin = stele::render::templates::BUILTIN_TEMPLATES.iter().find(|(n, _)| *n == "event.html").unwrap().1;
            fs::write(templates.join("event.html"), format!("{builtin}\n<!-- {step} -->\n")).unwrap();
            "template override".into()
        }
        6 => {
            let config = root.join("content/site.yaml");
            let text = fs::read_to_string(&config).unwrap();
            let per_page = 2 + rng.below(6);
            let edited: String = text
                .lines()
                .map(|l| if l.starts_with("articles_per_page:") { format!("articles_per_page: {per_page}") } else { l.to_string() })
                .collect::<Vec<_>>()
                .join("\n");
            fs::write(&config, edited + "\n").unwrap();
            format!("articles_per_page {per_page}")
        }
        7 => {
            let text = fs::read_to_string(article).unwrap();
            // Move the publication date two years on: the article moves along every list.
            let moved = text.replacen("\ndate: 2015-", "\ndate: 2017-", 1);
            fs::write(article, moved).unwrap();
            format!("date edit of {}", article.display())
        }
        11 => {
            // A new first paragraph: the summary (when front matter has
            // none) and the sentences quoted for mentions change.
            let text = fs::read_to_string(article).unwrap();
            let body_start = text[3..].find("\n---\n").unwrap() + 3 + "\n---\n".len();
            let paragraph = format!("Edit {step}: the Temple of Bel and Palmyra, as the SOHR said.\n\n");
            fs::write(article, format!("{}{paragraph}{}", &text[..body_start], &text[body_start..])).unwrap();
            format!("first paragraph of {}", article.display())
        }
        12 => {
            // A new event changes counts on cards and entity timelines.
            let text = fs::read_to_string(article).unwrap();
            let sites = ["palmyra", "temple-of-bel", "roman-theatre", "palmyra-museum"];
            let site = sites[rng.below(sites.len())];
            let event = format!(
                "  - id: added-{step}\n    date: 2016-0{}\n    title: Added event {step}\n    sites: [{site}]\n    actors: [islamic-state]\n",
                1 + rng.below(9)
            );
            let edited = if text.contains("\nevents:\n") {
                text.replacen("\nevents:\n", &format!("\nevents:\n{event}"), 1)
            } else {
                text.replacen("\n---\n", &format!("\nevents:\n{event}---\n"), 1)
            };
            fs::write(article, edited).unwrap();
            format!("new event in {}", article.display())
        }
        13 => {
            // Only the sentence around a mention changes (entity pages quote it).
            let text = fs::read_to_string(article).unwrap();
            let body_start = text[3..].find("\n---\n").unwrap() + 3;
            let Some(at) = text[body_start..].find(" Palmyra ") else { return "skipped mention sentence".into() };
            let at = body_start + at + " Palmyra".len();
            fs::write(article, format!("{} (edit {step}){}", &text[..at], &text[at..])).unwrap();
            format!("mention sentence in {}", article.display())
        }
        10 => {
            // A rename moves the page (the slug defaults to the file name);
            // only for articles no other file links to.
            let stem = article.file_stem().unwrap().to_str().unwrap();
            if all.iter().any(|a| fs::read_to_string(a).unwrap().contains(&format!("article:{stem}"))) {
                return "skipped rename".into();
            }
            let renamed = article.with_file_name(format!("{}-renamed.md", article.file_stem().unwrap().to_str().unwrap()));
            fs::rename(article, &renamed).unwrap();
            format!("rename of {}", article.display())
        }
        8 => {
            // A new alias: every article naming it links it now.
            let site = root.join("content/sites/temple-of-bel.md");
            let text = fs::read_to_string(&site).unwrap();
            let kept: String = text.split_inclusive('\n').filter(|l| !l.starts_with("aliases:")).collect();
            fs::write(&site, kept.replacen("\nname: ", &format!("\naliases: [\"the sanctuary {step}\", \"Bel\"]\nname: "), 1)).unwrap();
            "site alias".into()
        }
        14 => {
            // What an entity file says, apart from its id and structure: its page and cards.
            let site = root.join("content/sites/palmyra-museum.md");
            let text = fs::read_to_string(&site).unwrap();
            fs::write(&site, format!("{text}\nEdit {step} of the description.\n").replacen("\nkind: ", "\nkind: edited-", 1)).unwrap();
            "site description".into()
        }
        15 => {
            // `part_of` moves an actor under another one (or back).
            let actor = root.join("content/actors/sohr.md");
            let text = fs::read_to_string(&actor).unwrap();
            let edited = match text.contains("\npart_of: unesco\n") {
                true => text.replacen("\npart_of: unesco\n", "\n", 1),
                false => text.replacen("\nkind: ", "\npart_of: unesco\nkind: ", 1),
            };
            fs::write(&actor, edited).unwrap();
            "actor part_of".into()
        }
        16 => {
            // Figures: an event's cards, its page, the sums on entity pages
            // and the timeline, the data files.
            let text = fs::read_to_string(article).unwrap();
            let Some(at) = text.find("\n    title: ") else { return "skipped figures".into() };
            let line_end = at + 1 + text[at + 1..].find('\n').unwrap();
            let entry_end = line_end + text[line_end..].find("\n  - ").or_else(|| text[line_end..].find("\n---")).unwrap();
            let entry = &text[at..entry_end];
            let edited = match entry.find("    figures: { ") {
                Some(_) if entry.contains("detained") => return "skipped figures".into(),
                Some(f) => {
                    let pos = at + f + "    figures: { ".len();
                    format!("{}detained: {step}, {}", &text[..pos], &text[pos..])
                }
                None => format!("{}\n    figures: {{ killed: \"{step}-{}\" }}{}", &text[..line_end], step + 3, &text[line_end..]),
            };
            fs::write(article, edited).unwrap();
            format!("figures of {}", article.display())
        }
        _ => {
            // An event's date moves it along the timeline and every entity
            // page; only for events one article reports (else it is a disagreement).
            let text = fs::read_to_string(article).unwrap();
            let Some(id) = text.split("\n  - id: ").nth(1).and_then(|rest| rest.lines().next()) else { return "skipped event date".into() };
            let reports = all.iter().filter(|a| fs::read_to_string(a).unwrap().contains(&format!("- id: {id}\n"))).count();
            let Some(at) = text.find("\n    date: ").filter(|_| reports == 1) else { return "skipped event date".into() };
            let start = at + "\n    date: ".len();
            let end = start + text[start..].find('\n').unwrap();
            let year: String = text[start..end].trim_matches('"').chars().take(4).collect();
            fs::write(article, format!("{}{year}{}", &text[..start], &text[end..])).unwrap();
            format!("event date edit of {}", article.display())
        }
    }
}

/// Removes the `events:` block of front matter (its lines are indented).
fn drop_events(text: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("events:") {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with(' ') || line.starts_with("- ")) {
            continue;
        }
        skipping = false;
        out.push_str(line);
    }
    out
}

#[test]
fn incremental_rebuilds_equal_full_builds_over_random_edits() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Most seeds say which paths changed, as `serve`'s watcher does; one makes every rebuild read everything.
    for (seed, paths_known) in [(1u64, true), (7, true), (42, true), (5, true), (3, true), (19, true), (11, false)] {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&example.join("content"), &dir.path().join("content"));
        let mut session = Session::new(options(dir.path()));
        let first = session.rebuild().unwrap();
        assert!(!first.report.has_errors(), "{:?}", first.report.diagnostics);
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        // Kinds dealt from a shuffled deck, so that over the seeds every
        // kind comes up several times, in different orders.
        let mut kinds: Vec<usize> = (0..EDIT_KINDS).collect();
        for i in (1..EDIT_KINDS).rev() {
            kinds.swap(i, rng.below(i + 1));
        }
        let mut history = Vec::new();
        for step in 0..12 {
            let (what, touched) = random_edit(dir.path(), kinds[step % EDIT_KINDS], &mut rng, step);
            history.push(what);
            let rebuild = if paths_known {
                session.rebuild_after(SourceChanges::Paths(touched.into_iter().collect())).unwrap()
            } else {
                session.rebuild().unwrap()
            };
            assert!(!rebuild.report.has_errors(), "seed {seed}, after {history:?}: {:?}", rebuild.report.diagnostics);
            let incremental = snapshot(&session);
            let (fresh, diagnostics) = full_build_with_diagnostics(dir.path());
            // Warnings and hints too: a shortcut must not lose one.
            assert_eq!(rebuild.report.diagnostics, diagnostics, "seed {seed}, after {history:?}: diagnostics differ from a full build's");
            let differing: Vec<&String> = fresh.keys().chain(incremental.keys()).filter(|p| fresh.get(*p) != incremental.get(*p)).collect();
            assert!(differing.is_empty(), "seed {seed}, after {history:?}: incremental differs from full build in {differing:?}");
        }
    }
}

/// A copy of the example content in a temporary folder, and a session over it (not built yet).
fn example_session() -> (tempfile::TempDir, Session) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example.join("content"), &dir.path().join("content"));
    let session = Session::new(options(dir.path()));
    (dir, session)
}

#[test]
fn a_hint_moves_with_the_text_above_it() {
    // Rebuilds patch the last model only for files that had no diagnostics:
    // a kept hint would keep its old line.
    let (dir, mut session) = example_session();
    let rel = "content/articles/2016-05-06-concert-in-roman-theatre.md";
    let article = dir.path().join(rel);
    let text = fs::read_to_string(&article).unwrap() + "\nThe same week, fighting went on near Mosul.\n";
    fs::write(&article, &text).unwrap();
    let hint_line = |diagnostics: &[stele::diagnostics::Diagnostic]| {
        let hint = diagnostics.iter().find(|d| d.message.contains("mentions site `mosul`")).expect("a hint for the unlisted mention");
        hint.location.expect("at the mention").line
    };
    let before = hint_line(&session.rebuild().unwrap().report.diagnostics);

    let body_start = text[3..].find("\n---\n").unwrap() + 3 + "\n---\n".len();
    fs::write(&article, format!("{}A new first paragraph.\n\n{}", &text[..body_start], &text[body_start..])).unwrap();
    let rebuild = session.rebuild_after(SourceChanges::Paths([rel.to_string()].into())).unwrap();
    assert_eq!(hint_line(&rebuild.report.diagnostics), before + 2);
    assert_eq!(rebuild.report.diagnostics, full_build_with_diagnostics(dir.path()).1);
}

#[test]
fn a_position_points_into_the_text_built_not_a_newer_save() {
    // A file saved again while `serve` builds is on disk before the watcher
    // reports it: until then, positions must point into the text parsed.
    let (dir, mut session) = example_session();
    session.rebuild().unwrap();
    let rel = "content/articles/2016-05-06-concert-in-roman-theatre.md";
    let article = dir.path().join(rel);
    let broken = fs::read_to_string(&article).unwrap().replacen("sites: [roman-theatre, palmyra]", "sites: [roman-theatre, palmyra, nowhere]", 1);
    fs::write(&article, &broken).unwrap();
    let unknown_site = |rebuild: stele::session::Rebuild| {
        let diagnostics = rebuild.report.diagnostics;
        diagnostics.iter().find(|d| d.message == "unknown site `nowhere`").expect("the unknown site is reported").location
    };
    let built = unknown_site(session.rebuild_after(SourceChanges::Paths([rel.to_string()].into())).unwrap());
    assert_eq!(built, Some(stele::diagnostics::Location::new(4, 33)));

    // Saved again, a line added above; another file's change, reported first, is built.
    fs::write(&article, broken.replacen("\nsites:", "\n# places\nsites:", 1)).unwrap();
    let other = "content/articles/2015-05-22-palmyra-falls.md";
    let other_text = fs::read_to_string(dir.path().join(other)).unwrap() + "\nOne more sentence.\n";
    fs::write(dir.path().join(other), other_text).unwrap();
    let rebuilt = unknown_site(session.rebuild_after(SourceChanges::Paths([other.to_string()].into())).unwrap());
    assert_eq!(rebuilt, built, "the text built, not the newer save");

    // Once the save is reported, it is built, and the position moves with it.
    let reported = unknown_site(session.rebuild_after(SourceChanges::Paths([rel.to_string()].into())).unwrap());
    assert_eq!(reported, Some(stele::diagnostics::Location::new(5, 33)));
}

#[test]
fn a_body_edit_re_renders_only_the_pages_that_show_it() {
    let (dir, mut session) = example_session();
    let first = session.rebuild().unwrap();
    let total = first.report.pages;
    assert_eq!(first.report.rendered, total);

    let article = dir.path().join("content/articles/2016-05-06-concert-in-roman-theatre.md");
    let mut text = fs::read_to_string(&article).unwrap();
    text.push_str("\nOne more closing sentence.\n");
    fs::write(&article, text).unwrap();
    let rebuild = session.rebuild().unwrap();
    // The search index reads every body: its files are looked at again, and
    // only the one holding the new words changes.
    let (search, pages): (Vec<&String>, Vec<&String>) = rebuild.changed.iter().partition(|path| path.starts_with("search/"));
    assert_eq!(pages, ["articles/2016-05-06-concert-in-roman-theatre/index.html"]);
    assert!(search.iter().all(|path| path.starts_with("search/terms-")), "{search:?}");
    let index_files = example_search_files();
    assert!(rebuild.report.rendered <= 1 + index_files, "only the article page and the {index_files} search files re-render, of {total}");

    // Nothing changed: nothing re-renders.
    let again = session.rebuild().unwrap();
    assert_eq!(again.report.rendered, 0);
    assert!(again.changed.is_empty());
}

#[test]
fn a_broken_save_keeps_the_last_good_site_and_recovers() {
    let (dir, mut session) = example_session();
    session.rebuild().unwrap();
    let good = snapshot(&session);

    let site = dir.path().join("content/sites/tetrapylon.md");
    let original = fs::read_to_string(&site).unwrap();
    fs::write(&site, original.replacen("name:", "name: [unclosed", 1)).unwrap();
    let broken = session.rebuild().unwrap();
    assert!(broken.report.has_errors());
    assert_eq!(snapshot(&session), good, "the last good site stays");

    fs::write(&site, &original).unwrap();
    let fixed = session.rebuild().unwrap();
    assert!(!fixed.report.has_errors());
    assert_eq!(snapshot(&session), full_build(dir.path()));
}

#[test]
fn every_template_edit_reaches_the_pages() {
    let (dir, mut session) = example_session();
    session.rebuild().unwrap();
    let builtin = stele::render::templates::BUILTIN_TEMPLATES.iter().find(|(n, _)| *n == "macros.html").unwrap().1;
    let timeline = "timeline/2015/index.html";
    // The same set of templates each time, only their texts differ: a
    // compiled template set kept between builds must notice.
    for marker in ["first-edit", "second-edit", "third-edit"] {
        let edited = builtin.replace(r#"<li class="event-row" "#, &format!(r#"<li class="event-row {marker}" "#));
        assert_ne!(edited, builtin, "the marker must land in the template");
        fs::create_dir_all(dir.path().join("templates")).unwrap();
        fs::write(dir.path().join("templates/macros.html"), edited).unwrap();
        session.rebuild().unwrap();
        let page = String::from_utf8(snapshot(&session).remove(timeline).unwrap()).unwrap();
        assert!(page.contains(&format!("event-row {marker}")), "{marker} missing from {timeline}");
        assert_eq!(snapshot(&session), full_build(dir.path()));
    }
}

/// `base_url` given by the command line (`BuildOptions::base_url`) is a
/// setting like site.yaml's: a build with the same cache and another address
/// renders every page that shows it again, as a full build would.
#[test]
fn another_base_url_reaches_every_page_through_the_cache() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example.join("content"), &dir.path().join("content"));
    let mut cache = pipeline::BuildCache::default();
    let build = |options: &BuildOptions, cache: &mut pipeline::BuildCache| {
        let sink = MemorySink::default();
        let report = pipeline::run(options, Target::Memory(&sink), Some(cache)).unwrap();
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        sink.into_files().into_iter().collect::<BTreeMap<_, _>>()
    };
    let first = BuildOptions { base_url: Some("https://staging.example.net/".into()), ..options(dir.path()) };
    build(&first, &mut cache);
    let second = BuildOptions { base_url: Some("https://example.net/monitor/".into()), ..options(dir.path()) };
    let rebuilt = build(&second, &mut cache);
    let fresh = build(&second, &mut pipeline::BuildCache::default());
    let showing: Vec<&String> =
        fresh.iter().filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("https://example.net/monitor/")).map(|(path, _)| path).collect();
    assert!(showing.len() > 50 && showing.iter().any(|path| *path == "sitemap.xml"), "{showing:?}");
    for path in showing {
        assert!(rebuilt.get(path) == fresh.get(path), "{path} is not rebuilt as a full build makes it");
    }
}

/// A site page's map shows its nearest sites: moving a site near another
/// redraws that one's map (the page reads where every site is), through
/// the shortcut past `resolve` that edits of a site file take.
#[test]
fn moving_a_site_redraws_the_map_of_its_new_neighbour() {
    let (dir, mut session) = example_session();
    session.rebuild().unwrap();
    let palmyra = "sites/palmyra/index.html";
    let mosul_mark = r#"<a href="../../sites/mosul/index.html"><title>Mosul</title>"#;
    let page = |session: &Session| String::from_utf8(snapshot(session).remove(palmyra).unwrap()).unwrap();
    assert!(!page(&session).contains(mosul_mark), "Mosul is 480 km from Palmyra: not on its map");

    replace_in(&dir.path().join("content/sites/mosul.md"), "location: { lat: 36.3400, lon: 43.1300 }", "location: { lat: 34.6000, lon: 38.4000 }");
    session.rebuild().unwrap();
    assert!(page(&session).contains(mosul_mark), "moved 13 km from Palmyra, Mosul is on its map");
    assert_eq!(snapshot(&session), full_build(dir.path()));
}

/// How many search index files the example's committed site/ has
/// (`search/index.html` aside).
fn example_search_files() -> usize {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("site/search");
    fs::read_dir(folder).map_or(0, |entries| entries.filter(|e| e.as_ref().is_ok_and(|e| e.file_name() != "index.html")).count())
}

/// The search index keeps each document's terms between builds of `serve`
/// and makes again only those of an edited document: after a body edit, its
/// files hold the new word and not the old, as a full build writes them.
#[test]
fn a_body_edit_reaches_the_search_index_as_a_full_build_writes_it() {
    let (dir, mut session) = example_session();
    session.rebuild().unwrap();
    let search_files = |files: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        files.iter().filter(|(path, _)| path.starts_with("search/") && path.ends_with(".js")).map(|(p, b)| (p.clone(), b.clone())).collect()
    };
    let holds =
        |files: &BTreeMap<String, Vec<u8>>, term: &str| files.values().any(|bytes| String::from_utf8_lossy(bytes).contains(&format!("\"{term}\":[")));
    let before = search_files(&snapshot(&session));
    assert!(holds(&before, "judgement") && !holds(&before, "zanzibarite"));

    // "judgement" is in this report's body only.
    replace_in(&dir.path().join("content/articles/2016-05-06-concert-in-roman-theatre.md"), "any judgement", "any zanzibarite");
    session.rebuild().unwrap();
    let after = search_files(&snapshot(&session));
    assert!(holds(&after, "zanzibarite"), "the new word is indexed");
    assert!(!holds(&after, "judgement"), "the old word is gone");
    assert_eq!(after, search_files(&full_build(dir.path())));
    assert!(after.len() > 1);
}
