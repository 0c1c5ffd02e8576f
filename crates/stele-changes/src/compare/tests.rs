use super::*;
use std::sync::Arc;
use stele_core::date::PublicationDate;

fn site(id: &str, name: &str) -> Site {
    Entity {
        id: id.into(),
        path: format!("content/sites/{id}.md"),
        moved_from: Vec::new(),
        name: name.into(),
        aliases: Vec::new(),
        kind: None,
        part_of: None,
        wikidata: None,
        body_html: Arc::from(""),
        extra: Extra::new(),
        facts: SiteFacts::default(),
        children: Vec::new(),
        events: Vec::new(),
        articles: Vec::new(),
        mentioned_in: Vec::new(),
        rolled_up: Default::default(),
    }
}

fn actor(id: &str) -> Actor {
    let s = site(id, id);
    Entity {
        id: s.id,
        path: s.path,
        moved_from: Vec::new(),
        name: s.name,
        aliases: s.aliases,
        kind: s.kind,
        part_of: s.part_of,
        wikidata: s.wikidata,
        body_html: s.body_html,
        extra: s.extra,
        facts: ActorFacts::default(),
        children: Vec::new(),
        events: Vec::new(),
        articles: Vec::new(),
        mentioned_in: Vec::new(),
        rolled_up: Default::default(),
    }
}

fn event(id: &str, date: &str) -> Event {
    Event {
        id: id.into(),
        date: EdtfDate::parse(date).unwrap(),
        title: format!("Event {id}"),
        kind: None,
        status: EventStatus::Reported,
        sites: Vec::new(),
        actors: Vec::new(),
        claimed_by: Vec::new(),
        confirmed_by: Vec::new(),
        description_html: None,
        display_date: None,
        sources: Vec::new(),
        reported_in: Vec::new(),
        figures: Vec::new(),
        disputed_by: Vec::new(),
        claims: Vec::new(),
        disagreements: Default::default(),
    }
}

fn article(id: &str) -> Article {
    Article {
        id: id.into(),
        path: format!("content/articles/{id}.md"),
        moved_from: Vec::new(),
        title: format!("Report {id}"),
        date: PublicationDate::parse("2016-12-12").unwrap(),
        updated: None,
        summary: None,
        summary_opens_body: false,
        draft: false,
        source: None,
        sites: Vec::new(),
        actors: Vec::new(),
        tags: Vec::new(),
        events: Vec::new(),
        quotes: Vec::new(),
        body_html: Arc::from("<p>Text.</p>"),
        extra: Extra::new(),
        mentions: Vec::new(),
        language: None,
        translation_of: None,
        translations: Vec::new(),
    }
}

/// Two sites, two actors, one event at both sites by both actors, one report of it.
fn model() -> SiteModel {
    let mut e = event("palmyra-falls", "2015-05");
    e.sites = vec![0, 1];
    e.actors = vec![EventActor { actor: 0, role: Some("perpetrator".into()) }, EventActor { actor: 1, role: None }];
    e.reported_in = vec![0];
    let mut a = article("report");
    a.events = vec![0];
    a.sites = vec![0, 1];
    SiteModel {
        config: Config::default(),
        articles: vec![a],
        sites: vec![site("palmyra", "Palmyra"), site("temple-of-bel", "Temple of Bel")],
        actors: vec![actor("islamic-state"), actor("syrian-arab-army")],
        events: vec![e],
    }
}

fn lines(changes: &Changes) -> Vec<String> {
    changes.to_text().lines().map(str::to_string).collect()
}

#[test]
fn a_model_compared_with_itself_has_no_changes() {
    let changes = compare(&model(), &model());
    assert!(changes.is_empty());
    assert_eq!(changes.count(), 0);
    assert_eq!(
        lines(&changes),
        [
            "events: 0 added, 0 changed, 0 removed",
            "reports: 0 added, 0 changed, 0 removed",
            "sites: 0 added, 0 changed, 0 removed",
            "actors: 0 added, 0 changed, 0 removed",
            "no changes"
        ]
    );
}

#[test]
fn lists_without_meaning_in_order_are_compared_as_sets() {
    let old = model();
    let mut new = model();
    new.events[0].sites.reverse();
    new.events[0].actors.reverse();
    new.articles[0].sites.reverse();
    new.sites[0].path = "content/sites/syria/palmyra.md".into();
    assert!(compare(&old, &new).is_empty(), "{}", compare(&old, &new).to_text());
}

#[test]
fn a_date_inside_the_old_one_is_made_more_precise_otherwise_changed() {
    let old = model();
    let mut new = model();
    new.events[0].date = EdtfDate::parse("2015-05-21").unwrap();
    let changes = compare(&old, &new);
    assert_eq!(changes.events.changed[0].fields[0].change, Change::MadeMorePrecise);
    assert_eq!(changes.events.changed[0].fields[0].to_string(), "date made more precise: 2015-05 -> 2015-05-21");

    new.events[0].date = EdtfDate::parse("2015-06-01").unwrap();
    assert_eq!(compare(&old, &new).events.changed[0].fields[0].to_string(), "date changed: 2015-05 -> 2015-06-01");
    // Wider is not more precise, and the same span written otherwise is a change too.
    new.events[0].date = EdtfDate::parse("2015").unwrap();
    assert_eq!(compare(&old, &new).events.changed[0].fields[0].change, Change::Changed);
    new.events[0].date = EdtfDate::parse("2015-05-XX").unwrap();
    assert_eq!(compare(&old, &new).events.changed[0].fields[0].change, Change::Changed);
    // An open end reaches forever: a closed interval inside it is more precise.
    let mut open = model();
    open.events[0].date = EdtfDate::parse("2015-05/..").unwrap();
    new.events[0].date = EdtfDate::parse("2015-05/2016").unwrap();
    assert_eq!(compare(&open, &new).events.changed[0].fields[0].change, Change::MadeMorePrecise);
}

#[test]
fn an_event_lists_status_members_and_roles_in_field_order() {
    let old = model();
    let mut new = model();
    new.events[0].status = EventStatus::Confirmed;
    new.events[0].sites = vec![0];
    new.events[0].actors = vec![EventActor { actor: 0, role: Some("claimant".into()) }];
    new.events[0].description_html = Some(Arc::from("<p>New.</p>"));
    let changes = compare(&old, &new);
    let fields: Vec<String> = changes.events.changed[0].fields.iter().map(ToString::to_string).collect();
    assert_eq!(
        fields,
        [
            "status changed: reported -> confirmed",
            "site removed: temple-of-bel",
            "actor removed: syrian-arab-army",
            "role added: islamic-state: claimant",
            "role removed: islamic-state: perpetrator",
            "description added",
        ]
    );
}

#[test]
fn items_are_matched_by_id_and_listed_by_id() {
    let old = model();
    let mut new = model();
    new.actors.remove(1);
    new.events[0].actors.truncate(1);
    new.sites.push(site("baalshamin", "Temple of Baalshamin"));
    new.sites.push(site("aleppo", "Aleppo"));
    new.sites[0].name = "Tadmur".into();
    new.sites[0].aliases = vec!["Tadmor".into()];
    let changes = compare(&old, &new);
    assert_eq!(changes.sites.added.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["aleppo", "baalshamin"]);
    assert_eq!(changes.actors.removed, [Item { id: "syrian-arab-army".into(), label: "syrian-arab-army".into() }]);
    assert_eq!(changes.sites.changed[0].label, "Tadmur");
    let fields: Vec<String> = changes.sites.changed[0].fields.iter().map(ToString::to_string).collect();
    assert_eq!(fields, ["name changed: Palmyra -> Tadmur", "alias added: Tadmor"]);
    assert_eq!(changes.events.changed[0].fields[0].to_string(), "actor removed: syrian-arab-army");
}

#[test]
fn a_report_body_changes_with_its_words_not_with_its_mention_links() {
    let old = model();
    let mut new = model();
    new.articles[0].body_html = Arc::from("<p><a href=\"../../sites/palmyra/index.html\">Text</a>.</p>");
    assert!(compare(&old, &new).is_empty());
    new.articles[0].body_html = Arc::from("<p>Other text.</p>");
    new.articles[0].events.clear();
    new.articles[0].title = "Renamed".into();
    let fields: Vec<String> = compare(&old, &new).reports.changed[0].fields.iter().map(ToString::to_string).collect();
    assert_eq!(fields, ["title changed: Report report -> Renamed", "event removed: palmyra-falls", "text changed"]);
}

#[test]
fn readable_body_keeps_other_links_and_broken_html() {
    assert_eq!(
        readable_body("<a href=\"../../sites/x/index.html\">X</a> and <a href=\"https://e.org\">e</a>"),
        "X and <a href=\"https://e.org\">e</a>"
    );
    assert_eq!(readable_body("a <a href=\"../../actors/x"), "a <a href=\"../../actors/x");
}

#[test]
fn json_names_fields_and_changes_in_snake_case() {
    let old = model();
    let mut new = model();
    new.events[0].display_date = Some("late May".into());
    let json = serde_json::to_value(compare(&old, &new)).unwrap();
    assert_eq!(
        json["events"]["changed"][0],
        serde_json::json!({"id": "palmyra-falls", "label": "Event palmyra-falls", "fields": [{"field": "display_date", "change": "added", "new": "late May"}]})
    );
    assert_eq!(json["sites"], serde_json::json!({"added": [], "changed": [], "removed": []}));
}

#[test]
fn a_revision_date_and_old_ids_are_changes_of_their_own() {
    let old = model();
    let mut new = model();
    new.articles[0].updated = Some(PublicationDate::parse("2016-12-20").unwrap());
    new.sites[0].moved_from = vec!["tadmur".into()];
    assert_eq!(
        lines(&compare(&old, &new)),
        [
            "events: 0 added, 0 changed, 0 removed",
            "reports: 0 added, 1 changed, 0 removed",
            "  changed: report (Report report)",
            "    updated added: 2016-12-20",
            "sites: 0 added, 1 changed, 0 removed",
            "  changed: palmyra (Palmyra)",
            "    old id added: tadmur",
            "actors: 0 added, 0 changed, 0 removed",
        ]
    );
}
