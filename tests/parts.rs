//! Places with many parts: reports and events roll up along `part_of`, the
//! page and every card show the same numbers (here and inside told apart),
//! parts are ordered by activity and those with no record are folded away.

mod common;

use common::Project;

/// governorate ⊃ district ⊃ village (every event and report is at the
/// village, one event also at the district); the governorate also holds two
/// quiet places and a market with one report of its own and a quiet stall.
fn governorate() -> Project {
    let p = Project::new();
    p.file("content/site.yaml", "title: Parts\n");
    p.file("content/sites/governorate.md", "---\nname: Governorate\ncountry: Syria\nkind: region\n---\n");
    p.file("content/sites/district.md", "---\nname: District\ncountry: Syria\nkind: region\npart_of: governorate\n---\n");
    p.file("content/sites/village.md", "---\nname: Village\ncountry: Syria\nkind: village\npart_of: district\n---\n");
    p.file("content/sites/aardvark-hill.md", "---\nname: Aardvark Hill\ncountry: Syria\nkind: hill\npart_of: governorate\n---\n");
    p.file("content/sites/zebra-well.md", "---\nname: Zebra Well\ncountry: Syria\nkind: well\npart_of: governorate\n---\n");
    p.file("content/sites/market.md", "---\nname: Bazaar\ncountry: Syria\nkind: market\npart_of: governorate\n---\n");
    p.file("content/sites/stall.md", "---\nname: Stall\ncountry: Syria\nkind: market\npart_of: market\n---\n");
    // e1 names the village and the district: counted once in the governorate.
    p.file(
        "content/articles/a1.md",
        "---\ntitle: Shelling\ndate: 2016-01-10\nsites: [village, district]\nevents:\n  - id: e1\n    date: 2015-05\n    title: Shelling\n    sites: [village, district]\n  - id: e2\n    date: 2015-06\n    title: Looting\n    sites: [village]\n---\nText.\n",
    );
    p.file("content/articles/a2.md", "---\ntitle: Later\ndate: 2016-02-10\nsites: [village]\n---\nText.\n");
    p.file("content/articles/a3.md", "---\ntitle: Market report\ndate: 2016-03-10\nsites: [market]\n---\nText.\n");
    p
}

/// The text of the `<span class="entity-meta">` after the link to `url` in `html`.
fn card_meta(html: &str, url: &str) -> String {
    let link = html.find(&format!("href=\"{url}\"")).unwrap_or_else(|| panic!("no link to {url} in\n{html}"));
    let from = link + html[link..].find("<span class=\"entity-meta\">").unwrap() + "<span class=\"entity-meta\">".len();
    let to = from + html[from..].find("</span>").unwrap();
    html[from..to].trim().to_string()
}

#[test]
fn a_place_and_its_cards_show_the_same_rolled_up_counts() {
    let p = governorate();
    p.build_ok(&[]);
    let page = p.page("sites/governorate/index.html");
    // e1 and e2 (e1 once), a1, a2 and a3; none at the governorate itself.
    let record = "2 events (0 here, 2 inside) · 3 reports (0 here, 3 inside)";
    assert!(page.contains(&format!("<dt>Record</dt>\n<dd>{record}</dd>")), "{page}");
    let index = p.page("sites/index.html");
    assert!(card_meta(&index, "../sites/governorate/index.html").ends_with(record), "{index}");
    // The district has one event of its own and one inside (e2), one report of its own and one inside (a2).
    let district = "2 events (1 here, 1 inside) · 2 reports (1 here, 1 inside)";
    assert!(p.page("sites/district/index.html").contains(&format!("<dd>{district}</dd>")));
    assert!(card_meta(&index, "../sites/district/index.html").ends_with(district), "{index}");
    assert!(card_meta(&page, "../../sites/district/index.html").ends_with(district), "{page}");
    // No split for a place without parts, nor for a count with nothing from its parts.
    assert!(card_meta(&index, "../sites/village/index.html").ends_with("2 events · 2 reports"), "{index}");
    assert!(card_meta(&index, "../sites/market/index.html").ends_with("0 events · 1 report"), "{index}");
    // The governorate's reports list the reports of its parts.
    for title in ["Shelling", "Later", "Market report"] {
        assert!(page.contains(&format!(">{title}</bdi></a></h3>")) || page.contains(&format!(">{title}</a></h3>")), "{title} missing from\n{page}");
    }
}

#[test]
fn parts_are_ordered_by_activity_and_quiet_ones_folded_away() {
    let p = governorate();
    p.build_ok(&[]);
    let page = p.page("sites/governorate/index.html");
    let inside = &page[page.find("id=\"site-children\"").unwrap()..];
    let inside = &inside[..inside.find("</section>").unwrap()];
    let at = |name: &str| inside.find(&format!(">{name}</bdi></a>")).unwrap_or_else(|| panic!("{name} missing from\n{inside}"));
    // District (2 events, 2 reports) before Bazaar (1 report), by activity, not by name.
    assert!(at("District") < at("Bazaar"), "{inside}");
    let details = inside.find("<details class=\"quiet-parts\">").unwrap_or_else(|| panic!("no details in\n{inside}"));
    assert!(at("Bazaar") < details && details < at("Aardvark Hill") && at("Aardvark Hill") < at("Zebra Well"), "{inside}");
    assert!(inside.contains("<summary>2 places with no record yet</summary>"), "{inside}");
    // Nothing folded away when every part has a record.
    let district = p.page("sites/district/index.html");
    assert!(!district.contains("<details"), "{district}");
}
