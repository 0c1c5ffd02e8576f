//! Languages and direction: an Arabic site lays out right to left with its
//! interface and dates in Arabic, a report in another language is marked
//! with its own, translations link to each other, a French site's dates are
//! French, and a project's own interface texts replace the built-in ones.

mod common;

use chrono::{Locale, NaiveDate};
use common::{fixture_dir, Project};

/// A month's name as the locale data stele reads has it (glibc's, through chrono).
fn month(locale: Locale, month: u32) -> String {
    NaiveDate::from_ymd_opt(2015, month, 1).unwrap().format_localized("%B", locale).to_string()
}

fn arabic_site() -> Project {
    let project = Project::from_fixture("arabic");
    project.build_ok(&[]);
    project
}

#[test]
fn an_arabic_site_runs_right_to_left_in_arabic() {
    let project = arabic_site();
    let home = project.page("index.html");
    assert!(home.contains(r#"<html lang="ar-SY" dir="rtl">"#), "{home}");
    // The navigation from the Arabic table.
    assert!(home.contains(r#"<li><a href="articles/index.html">التقارير</a></li>"#), "{home}");
    assert!(home.contains(r#"<li><a href="timeline/index.html">الخط الزمني</a></li>"#), "{home}");
    // Arabic plural categories: two reports take the dual.
    assert!(home.contains("<strong>2</strong> تقريران</a>"), "{home}");
    // Dates: the Levantine month names of ar-SY, approximate dates marked in Arabic.
    let august = month(Locale::ar_SY, 8);
    assert_eq!(august, "آب", "the Levantine name of August");
    assert_ne!(august, month(Locale::ar_EG, 8));
    assert!(home.contains(&format!(r#"<time datetime="2015-08-30">30 {august} 2015</time>"#)), "{home}");
    assert!(home.contains(&format!(r#"<time datetime="2015-05">نحو {} 2015</time>"#, month(Locale::ar_SY, 5))), "{home}");
    // Arrows point the way the page reads.
    let event = project.page("events/palmyra-falls/index.html");
    assert!(event.contains(r#"<a href="../../events/temple-of-bel-destroyed/index.html"><bdi>تدمير معبد بل</bdi> ←</a>"#), "{event}");
}

#[test]
fn a_report_in_another_language_is_marked_with_it() {
    let project = arabic_site();
    let english = project.page("articles/temple-destroyed-en/index.html");
    assert!(english.contains(r#"<html lang="ar-SY" dir="rtl">"#), "the interface stays the site's");
    assert!(english.contains(r#"<h1 lang="en" dir="ltr">The Temple of Bel destroyed</h1>"#), "{english}");
    assert!(english.contains(r#"<div class="prose" lang="en" dir="ltr">"#), "{english}");
    let arabic = project.page("articles/temple-destroyed/index.html");
    assert!(arabic.contains("<h1>تدمير معبد بل</h1>"), "the site's own language is not repeated: {arabic}");
    // Its structured data too.
    assert!(english.contains(r#""inLanguage":"en""#), "{english}");
    // Its card on the home page too.
    let home = project.page("index.html");
    assert!(home.contains(r#"<h3 class="card-title" lang="en" dir="ltr"><a href="articles/temple-destroyed-en/index.html">"#), "{home}");
}

#[test]
fn translations_link_to_each_other() {
    let project = arabic_site();
    let original = project.page("articles/temple-destroyed/index.html");
    let translation = project.page("articles/temple-destroyed-en/index.html");
    for page in [&original, &translation] {
        assert!(page.contains("<dt>الترجمات:</dt>"), "{page}");
    }
    assert!(
        original.contains(r#"<a href="../../articles/temple-destroyed-en/index.html" hreflang="en" lang="en" dir="ltr">English</a>"#),
        "the original lists its translation: {original}"
    );
    assert!(
        translation.contains(r#"<a href="../../articles/temple-destroyed/index.html" hreflang="ar-SY" lang="ar-SY" dir="rtl">العربية</a>"#),
        "the translation links its original: {translation}"
    );
    assert!(translation.contains(r#"<span lang="en" dir="ltr" aria-current="page">English</span>"#), "{translation}");
}

fn french_site(site_yaml_extra: &str) -> Project {
    let project = Project::new();
    project
        .file("content/site.yaml", &format!("title: Observatoire\nlanguage: fr\nbase_url: https://example.org/\n{site_yaml_extra}"))
        .file("content/sites/palmyre.md", "---\nname: Palmyre\n---\nUne cité antique.\n")
        .file(
            "content/articles/temple.md",
            "---\ntitle: Le temple détruit\ndate: 2015-08-31\nsites: [palmyre]\nevents:\n  - id: chute\n    title: Chute de Palmyre\n    date: 2015-05~\n    sites: [palmyre]\n  - id: temple\n    title: Destruction du temple\n    date: 2015-08-30/2015-08-31\n    sites: [palmyre]\n---\nLe temple a été détruit.\n",
        );
    project
}

#[test]
fn a_french_site_shows_french_dates() {
    let project = french_site("");
    project.build_ok(&[]);
    let page = project.page("events/temple/index.html");
    assert!(page.contains(r#"<html lang="fr" dir="ltr">"#), "{page}");
    assert!(page.contains(&format!(">30–31 {} 2015</time>", month(Locale::fr_FR, 8))), "{page}");
    // The overview counts; the year's page lists the events with their dates.
    let year = project.page("timeline/2015/index.html");
    assert!(year.contains(&format!(">v. {} 2015</time>", month(Locale::fr_FR, 5))), "{year}");
    let timeline = project.page("timeline/index.html");
    assert!(timeline.contains(&format!(">{} 2015</a> (1)", month(Locale::fr_FR, 8))), "{timeline}");
    assert!(timeline.contains("<h1>Chronologie</h1>"), "{timeline}");
    assert!(timeline.contains("2 événements"), "{timeline}");
    // A site's feed is titled in French.
    let feed = project.page("sites/palmyre/atom.xml");
    assert!(feed.contains("<title>Observatoire : rapports sur Palmyre</title>"), "{feed}");
}

#[test]
fn a_project_replaces_interface_texts_and_is_warned_of_unknown_keys() {
    let project =
        french_site("translations:\n  reports: Dépêches\n  count_events: { one: \"{n} incident\", other: \"{n} incidents\" }\n  report: x\n");
    let run = project.build_ok(&["--format", "json"]);
    let home = project.page("index.html");
    assert!(home.contains(">Dépêches</a>"), "{home}");
    assert!(project.page("timeline/index.html").contains("2 incidents"));
    let warning = run
        .stdout
        .lines()
        .find(|line| line.contains("unknown-translation-key"))
        .unwrap_or_else(|| panic!("no warning about `report`\n{}{}", run.stdout, run.stderr));
    let warning: serde_json::Value = serde_json::from_str(warning).unwrap();
    assert_eq!(warning["file"], "content/site.yaml");
    assert_eq!((warning["line"].as_u64(), warning["column"].as_u64()), (Some(7), Some(3)), "{warning}");
    assert_eq!(warning["severity"], "warning");
    assert!(warning["message"].as_str().unwrap().contains("`report` is not a key of the interface"), "{warning}");
    assert!(warning["hint"].as_str().unwrap().contains("did you mean `reports`?"), "{warning}");
}

/// The diagnostics of `check --format json` with `code`, as (file, line, column, message).
fn problems(project: &Project, code: &str) -> Vec<(String, u64, u64, String)> {
    let run = project.check(&["--format", "json"]);
    run.stdout
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .filter(|d| d["code"] == code)
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_string();
            (text("file"), d["line"].as_u64().unwrap_or(0), d["column"].as_u64().unwrap_or(0), text("message"))
        })
        .collect()
}

#[test]
fn bad_languages_and_translations_are_located() {
    let project = Project::from_fixture("arabic");
    project.edit("content/articles/temple-destroyed-en.md", "language: en", "language: English please");
    project.edit("content/articles/temple-destroyed-en.md", "translation_of: temple-destroyed", "translation_of: temple-destroid");
    project.edit("content/site.yaml", "language: ar-SY", "language: arabic_syria!");
    let languages = problems(&project, "bad-language");
    assert_eq!(
        languages,
        [
            ("content/articles/temple-destroyed-en.md".to_string(), 4, 11, "language `English please` is not a language tag".to_string()),
            ("content/site.yaml".to_string(), 3, 11, "language `arabic_syria!` is not a language tag".to_string()),
        ]
    );
    let unknown = problems(&project, "unknown-reference");
    assert_eq!(unknown, [("content/articles/temple-destroyed-en.md".to_string(), 5, 17, "unknown report `temple-destroid`".to_string())]);
    let build = project.build(&[]);
    build.assert_content_errors();
    assert!(!project.exists("site/index.html"), "nothing is written");
}

#[test]
fn a_translation_of_a_translation_is_refused() {
    let project = Project::from_fixture("arabic");
    project.file(
        "content/articles/temple-destroyed-fr.md",
        "---\ntitle: Le temple de Bel détruit\ndate: 2015-08-31\nlanguage: fr\ntranslation_of: temple-destroyed-en\n---\nTexte.\n",
    );
    let refused = problems(&project, "bad-translation");
    assert_eq!(
        refused,
        [(
            "content/articles/temple-destroyed-fr.md".to_string(),
            5,
            17,
            "translation_of: `temple-destroyed-en` is itself a translation, of `temple-destroyed`".to_string()
        )]
    );
}

/// The fixture the browser test (tests/browser/rtl.test.mjs) opens exists and builds.
#[test]
fn the_browser_fixture_is_there() {
    assert!(fixture_dir("arabic").join("content/site.yaml").exists());
}

/// The arabic fixture with figures on its first event, built.
fn arabic_site_with_figures() -> Project {
    let project = Project::from_fixture("arabic");
    project.edit(
        "content/articles/temple-destroyed.md",
        "    status: confirmed\n",
        "    status: confirmed\n    figures: { killed: 12, injured: \"20-30\" }\n",
    );
    project.build_ok(&[]);
    project
}

#[test]
fn an_arabic_timeline_year_page_is_in_arabic() {
    let project = arabic_site();
    let year = project.page("timeline/2015/index.html");
    // Two events take the dual; the months are named as ar-SY names them.
    assert!(year.contains("حدثان، الأقدم أولًا."), "{year}");
    assert!(year.contains(&format!("{} 2015", month(Locale::ar_SY, 8))), "{year}");
    assert!(year.contains(r#"aria-label="الفترات""#), "{year}");
    assert!(year.contains(r#"data-text-filter="تصفية الأحداث""#), "{year}");
    assert!(year.contains("الأحداث في "), "the chart's title: {year}");
    // The chart inside: its legend and axis from the table and the locale's month names.
    assert!(year.contains(">يوم محدد</text>"), "{year}");
    assert!(!year.contains("oldest first") && !year.contains("Events in ") && !year.contains("exact day"), "{year}");
    let overview = project.page("timeline/index.html");
    assert!(overview.contains("<th scope=\"col\">السنة</th>"), "{overview}");
    assert!(overview.contains("الأحداث في كل شهر"), "{overview}");
}

#[test]
fn the_arabic_search_page_is_in_arabic() {
    let project = arabic_site();
    let search = project.page("search/index.html");
    assert!(search.contains("ابحث في التقارير والمواقع والجهات الفاعلة والأحداث"), "{search}");
    assert!(search.contains("يحتاج البحث إلى جافاسكربت"), "{search}");
    // The script picks a count's form by the page's plural rules: every Arabic form is there.
    assert!(search.contains(r#"data-text-results-two="نتيجتان لـ«{query}»""#), "{search}");
    assert!(search.contains(r#"data-text-results-many="{count} نتيجةً لـ«{query}»""#), "{search}");
    assert!(search.contains(r#"data-kind-event="حدث""#), "{search}");
    assert!(!search.contains("Search reports"), "{search}");
}

#[test]
fn an_arabic_event_page_shows_its_figures_in_arabic() {
    let project = arabic_site_with_figures();
    let event = project.page("events/temple-of-bel-destroyed/index.html");
    assert!(event.contains(r#"<h2 id="event-figures">الأرقام</h2>"#), "{event}");
    assert!(event.contains("النطاق بين المصادر"), "{event}");
    // Listed kinds of figure take the table's words.
    assert!(event.contains("قتلى"), "{event}");
    assert!(!event.contains(">Killed<") && !event.contains("Range across sources"), "{event}");
    // The site's page sums them, in Arabic.
    let site = project.page("sites/palmyra/index.html");
    assert!(site.contains("(من حدث واحد)"), "{site}");
    // Its map is described and credited in Arabic.
    assert!(site.contains("<title>خريطة تدمر</title><desc>تدمر هو الدائرة الأكبر."), "{site}");
    assert!(site.contains("↑ ش · الحدود: Natural Earth"), "{site}");
}
