//! Arabic text in reports: names found with their attached particles,
//! readable heading anchors, and years before the common era.

mod common;

use common::Project;

fn arabic_project() -> Project {
    let p = Project::new();
    p.file("content/site.yaml", "title: مرصد تدمر\nlanguage: ar\nbase_url:\n")
        .file("content/sites/palmyra.md", "---\nname: Palmyra\naliases: [تدمر]\n---\nمدينة أثرية.\n")
        .file("content/sites/raqqa.md", "---\nname: Raqqa\naliases: [الرقة]\n---\nمدينة.\n")
        .file(
            "content/articles/report.md",
            "---\ntitle: تقرير\ndate: 2015-05-22\nsites: [palmyra, raqqa]\n---\n\
             وصل التنظيم بتدمر ثم عاد وللرقة.\n\n\
             ## تاريخ المدينة\n\n\
             قطعة تدمرية من المتحف، ثم بتدمر مرة أخرى، وبالرقة أيضا.\n\n\
             ## تاريخ المدينة\n",
        );
    p
}

#[test]
fn arabic_mentions_with_particles_link_only_the_name() {
    let p = arabic_project();
    p.build_ok(&["--strict"]);
    let page = p.page("articles/report/index.html");
    assert!(page.contains(r#"ب<a href="../../sites/palmyra/index.html">تدمر</a>"#), "{page}");
    assert!(page.contains(r#"ول<a href="../../sites/raqqa/index.html">لرقة</a>"#), "{page}");
    assert!(page.contains("قطعة تدمرية"), "a longer word is not a mention: {page}");
    assert!(!page.contains(">تدمرية<"), "{page}");
    let context = p.page("sites/palmyra/index.html");
    assert!(context.contains("وصل التنظيم بتدمر ثم عاد وللرقة."), "the first mention's sentence is quoted: {context}");
}

#[test]
fn arabic_headings_get_readable_unique_anchors() {
    let p = arabic_project();
    p.build_ok(&[]);
    let page = p.page("articles/report/index.html");
    assert!(page.contains(r#"<h2 id="تاريخ-المدينة">"#), "{page}");
    assert!(page.contains(r#"<h2 id="تاريخ-المدينة-1">"#), "{page}");
}

fn ancient_project(date_line: &str) -> Project {
    let p = Project::new();
    p.file("content/site.yaml", "title: Ancient\nbase_url:\n").file(
        "content/articles/a.md",
        &format!("---\ntitle: Founding\ndate: 2016-01-01\nevents:\n  - title: A temple dedicated\n{date_line}\n---\nA body.\n"),
    );
    p
}

#[test]
fn a_negative_year_gets_a_hint_with_the_year_it_means() {
    let p = ancient_project("    date: -0273");
    let run = p.check(&[]);
    run.assert_success();
    run.assert_stderr_contains("content/articles/a.md:6:11");
    run.assert_stderr_contains("`-0273` is 274 BCE: ISO 8601 and EDTF count a year 0 (`0000` is 1 BCE)");
    run.assert_stderr_contains("for 273 BCE write `-0272`; once checked, name the year in a comment on this line (`# 274 BCE`)");
    assert_eq!(p.check(&["--strict"]).code, Some(1), "the hint fails --strict until checked");
}

#[test]
fn both_ends_of_an_interval_are_hinted() {
    let run = ancient_project("    date: -0100/-0044").check(&[]);
    run.assert_stderr_contains("`-0100` is 101 BCE");
    run.assert_stderr_contains("`-0044` is 45 BCE");
}

#[test]
fn naming_the_year_in_a_comment_silences_the_hint() {
    let p = ancient_project("    date: -0272  # 273 BCE, checked");
    let run = p.check(&["--strict"]);
    run.assert_success();
    run.assert_stderr_lacks("BCE");
    // A comment naming another year is no check.
    let wrong = ancient_project("    date: -0273  # 273 BCE");
    wrong.check(&[]).assert_stderr_contains("`-0273` is 274 BCE");
}
