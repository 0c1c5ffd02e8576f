//! Reading comfort: no summary repeated above a body that starts with it,
//! figures with captions and credits.

mod common;

use common::Project;

fn report(p: &Project, id: &str, summary: Option<&str>, body: &str) {
    let summary = summary.map(|s| format!("summary: \"{s}\"\n")).unwrap_or_default();
    p.file(&format!("content/articles/{id}.md"), &format!("---\ntitle: Report {id}\ndate: 2016-01-10\n{summary}---\n{body}"));
}

fn lead(p: &Project, id: &str) -> Option<String> {
    let page = p.page(&format!("articles/{id}/index.html"));
    let at = page.find("<p class=\"lead\">")? + "<p class=\"lead\">".len();
    Some(page[at..at + page[at..].find("</p>").unwrap()].to_string())
}

#[test]
fn the_summary_is_shown_above_the_body_only_when_the_body_does_not_open_with_it() {
    let p = Project::new();
    p.file("content/site.yaml", "title: Reading\n");
    let body = "Shelling hit the temple on Monday.\n\nMore.\n";
    report(&p, "automatic", None, body);
    report(&p, "same-words", Some("Shelling hit the temple."), body);
    report(&p, "same-paragraph", Some("Shelling  hit the temple\non Monday."), body);
    report(&p, "written", Some("The temple was damaged."), body);
    p.build_ok(&[]);
    assert_eq!(lead(&p, "automatic"), None);
    assert_eq!(lead(&p, "same-words"), None);
    assert_eq!(lead(&p, "same-paragraph"), None);
    assert_eq!(lead(&p, "written").as_deref(), Some("The temple was damaged."));
    // The automatic summary still describes the page and its cards.
    assert!(p.page("articles/automatic/index.html").contains("<meta name=\"description\" content=\"Shelling hit the temple on Monday.\">"));
    assert!(p.page("articles/index.html").contains("<p class=\"card-summary\">Shelling hit the temple on Monday.</p>"));
}

#[test]
fn an_image_alone_with_a_title_is_a_figure_with_its_caption_and_credit() {
    let p = Project::new();
    p.file("content/site.yaml", "title: Reading\n");
    p.file("content/images/temple.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>\n");
    report(
        &p,
        "figure",
        None,
        "The temple before.\n\n![The temple from the east](../../images/temple.svg \"The east front in 2014 — Credit: Example Archive\")\n",
    );
    p.build_ok(&[]);
    let page = p.page("articles/figure/index.html");
    assert!(
        page.contains("<figure><img src=\"../../images/temple.svg\" alt=\"The temple from the east\" /><figcaption>The east front in 2014 <span class=\"credit\">Credit: Example Archive</span></figcaption></figure>"),
        "{page}"
    );
}
