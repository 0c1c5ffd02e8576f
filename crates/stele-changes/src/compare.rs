//! The walk over two models: items matched by id, then field by field.

use crate::{Change, ChangedItem, Changes, Field, FieldChange, Group, Item};
use std::collections::{BTreeMap, BTreeSet};
use stele_core::date::EdtfDate;
use stele_core::model::*;
use stele_core::urls;

/// What differs between `old` and `new`: items matched by id, each group
/// sorted by id, each item's fields in the order of [`Field`].
pub fn compare(old: &SiteModel, new: &SiteModel) -> Changes {
    let models = Models { old, new };
    Changes {
        events: group(&old.events, &new.events, |e| (&e.id, &e.title), |o, n| event_fields(models, o, n)),
        reports: group(&old.articles, &new.articles, |a| (&a.id, &a.title), |o, n| report_fields(models, o, n)),
        sites: group(&old.sites, &new.sites, |s| (&s.id, &s.name), |o, n| entity_fields(models, o, n)),
        actors: group(&old.actors, &new.actors, |a| (&a.id, &a.name), |o, n| entity_fields(models, o, n)),
    }
}

/// Both versions, to turn each one's indices into ids.
#[derive(Clone, Copy)]
struct Models<'a> {
    old: &'a SiteModel,
    new: &'a SiteModel,
}

impl<'a> Models<'a> {
    /// The ids at `ixs` of a kind's list, in `old` and in `new`.
    fn ids<T: 'a>(self, list: impl Fn(&'a SiteModel) -> &'a [T], id: impl Fn(&'a T) -> &'a str, ixs: (&[usize], &[usize])) -> (Ids, Ids) {
        let of = |model: &'a SiteModel, ixs: &[usize]| ixs.iter().map(|&ix| id(&list(model)[ix]).to_string()).collect();
        (of(self.old, ixs.0), of(self.new, ixs.1))
    }

    fn sites(self, old: &[SiteIx], new: &[SiteIx]) -> (Ids, Ids) {
        self.ids(|m| &m.sites, |s| &s.id, (old, new))
    }

    fn actors(self, old: &[ActorIx], new: &[ActorIx]) -> (Ids, Ids) {
        self.ids(|m| &m.actors, |a| &a.id, (old, new))
    }

    fn events(self, old: &[EventIx], new: &[EventIx]) -> (Ids, Ids) {
        self.ids(|m| &m.events, |e| &e.id, (old, new))
    }

    fn articles(self, old: &[ArticleIx], new: &[ArticleIx]) -> (Ids, Ids) {
        self.ids(|m| &m.articles, |a| &a.id, (old, new))
    }
}

type Ids = BTreeSet<String>;

/// Added, changed and removed items of one kind, by id. `describe` gives an
/// item's id and label; `fields` what differs in an item both have.
fn group<'a, T>(
    old: &'a [T],
    new: &'a [T],
    describe: impl Fn(&'a T) -> (&'a String, &'a String),
    fields: impl Fn(&T, &T) -> Vec<FieldChange>,
) -> Group {
    let by_id = |items: &'a [T]| items.iter().map(|item| (describe(item).0.as_str(), item)).collect::<BTreeMap<&str, &T>>();
    let (old, new) = (by_id(old), by_id(new));
    let item = |t: &'a T| {
        let (id, label) = describe(t);
        Item { id: id.clone(), label: label.clone() }
    };
    let mut group = Group::default();
    for (id, n) in &new {
        match old.get(id) {
            None => group.added.push(item(n)),
            Some(o) => {
                let fields = fields(o, n);
                if !fields.is_empty() {
                    let Item { id, label } = item(n);
                    group.changed.push(ChangedItem { id, label, fields });
                }
            }
        }
    }
    group.removed = old.iter().filter(|(id, _)| !new.contains_key(*id)).map(|(_, o)| item(o)).collect();
    group
}

/// The differences found in one item, put in the order of [`Field`] at the end.
#[derive(Default)]
struct Fields(Vec<FieldChange>);

impl Fields {
    fn push(&mut self, field: Field, change: Change, old: Option<String>, new: Option<String>) {
        self.0.push(FieldChange { field, change, old, new });
    }

    /// A value that may be absent: set, unset or replaced.
    fn scalar(&mut self, field: Field, old: Option<String>, new: Option<String>) {
        match (old, new) {
            (Some(old), Some(new)) if old != new => self.push(field, Change::Changed, Some(old), Some(new)),
            (None, Some(new)) => self.push(field, Change::Added, None, Some(new)),
            (Some(old), None) => self.push(field, Change::Removed, Some(old), None),
            _ => {}
        }
    }

    /// A list whose order means nothing: members added, then members removed, each sorted.
    fn set(&mut self, field: Field, (old, new): (Ids, Ids)) {
        for added in new.difference(&old) {
            self.push(field, Change::Added, None, Some(added.clone()));
        }
        for removed in old.difference(&new) {
            self.push(field, Change::Removed, Some(removed.clone()), None);
        }
    }

    /// A text: whether it was added, removed or changed, never how.
    fn text(&mut self, field: Field, old: Option<&str>, new: Option<&str>) {
        match (old, new) {
            (Some(old), Some(new)) if old != new => self.push(field, Change::TextChanged, None, None),
            (None, Some(_)) => self.push(field, Change::Added, None, None),
            (Some(_), None) => self.push(field, Change::Removed, None, None),
            _ => {}
        }
    }

    /// Free-form data: only that it changed.
    fn unequal(&mut self, field: Field, differs: bool) {
        if differs {
            self.push(field, Change::TextChanged, None, None);
        }
    }

    fn date(&mut self, old: &EdtfDate, new: &EdtfDate) {
        if old.text() == new.text() {
            return;
        }
        let change = if lies_inside(new, old) { Change::MadeMorePrecise } else { Change::Changed };
        self.push(Field::Date, change, Some(old.text().to_string()), Some(new.text().to_string()));
    }

    fn done(mut self) -> Vec<FieldChange> {
        // Stable: within a field, the order pushed (added before removed) stays.
        self.0.sort_by_key(|change| change.field);
        self.0
    }
}

/// Whether `inner` covers a smaller span of days than `outer`, inside it
/// (an open end reaches forever).
fn lies_inside(inner: &EdtfDate, outer: &EdtfDate) -> bool {
    let starts_within = match (outer.earliest(), inner.earliest()) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(outer), Some(inner)) => inner >= outer,
    };
    let ends_within = match (outer.latest(), inner.latest()) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(outer), Some(inner)) => inner <= outer,
    };
    let same_span = (inner.earliest(), inner.latest()) == (outer.earliest(), outer.latest());
    starts_within && ends_within && !same_span
}

fn event_fields(models: Models, old: &Event, new: &Event) -> Vec<FieldChange> {
    let mut f = Fields::default();
    f.scalar(Field::Title, Some(old.title.clone()), Some(new.title.clone()));
    f.date(&old.date, &new.date);
    f.scalar(Field::DisplayDate, old.display_date.clone(), new.display_date.clone());
    f.scalar(Field::Status, Some(old.status.as_str().into()), Some(new.status.as_str().into()));
    f.scalar(Field::Kind, old.kind.clone(), new.kind.clone());
    f.set(Field::Sites, models.sites(&old.sites, &new.sites));
    let actors = |e: &Event| e.actors.iter().map(|a| a.actor).collect::<Vec<_>>();
    f.set(Field::Actors, models.actors(&actors(old), &actors(new)));
    f.set(Field::Roles, (roles(models.old, old), roles(models.new, new)));
    f.set(Field::ClaimedBy, models.actors(&old.claimed_by, &new.claimed_by));
    f.set(Field::ConfirmedBy, models.actors(&old.confirmed_by, &new.confirmed_by));
    f.set(Field::DisputedBy, models.actors(&old.disputed_by, &new.disputed_by));
    f.set(Field::Claims, (claims(models.old, old), claims(models.new, new)));
    f.set(Field::ReportedIn, models.articles(&old.reported_in, &new.reported_in));
    f.set(Field::Sources, (event_sources(old), event_sources(new)));
    f.text(Field::Description, old.description_html.as_deref(), new.description_html.as_deref());
    f.done()
}

/// An event's roles, as "actor: role".
fn roles(model: &SiteModel, event: &Event) -> Ids {
    event.actors.iter().filter_map(|a| a.role.as_ref().map(|role| format!("{}: {role}", model.actors[a.actor].id))).collect()
}

/// An event's claims, each as one line: "report-id: date, status" (or
/// "event file: ..."), with what the report writes of the two. Claims
/// that agree are the event's own fields, whose changes are listed field
/// by field: only an event whose claims differ lists them.
fn claims(model: &SiteModel, event: &Event) -> Ids {
    if !event.disagreements.any() {
        return Ids::default();
    }
    let line = |c: &Claim| {
        let source = match c.source {
            ClaimSource::Report(article) => model.articles[article].id.as_str(),
            ClaimSource::EventFile => "event file",
        };
        let said: Vec<&str> = [c.date.as_ref().map(EdtfDate::text), c.status.map(EventStatus::as_str)].into_iter().flatten().collect();
        format!("{source}: {}", said.join(", "))
    };
    event.claims.iter().map(line).collect()
}

/// An event's sources, each as one line: "title <url>, accessed date".
fn event_sources(event: &Event) -> Ids {
    let line = |s: &EventSource| {
        let mut line = s.title.clone();
        if let Some(url) = &s.url {
            line.push_str(&format!(" <{url}>"));
        }
        if let Some(accessed) = &s.accessed {
            line.push_str(&format!(", accessed {accessed}"));
        }
        line
    };
    event.sources.iter().map(line).collect()
}

fn report_fields(models: Models, old: &Article, new: &Article) -> Vec<FieldChange> {
    let mut f = Fields::default();
    f.scalar(Field::Title, Some(old.title.clone()), Some(new.title.clone()));
    f.scalar(Field::Date, Some(old.date.machine().into()), Some(new.date.machine().into()));
    f.scalar(Field::Updated, old.updated.as_ref().map(|d| d.machine().into()), new.updated.as_ref().map(|d| d.machine().into()));
    f.scalar(Field::Draft, Some(old.draft.to_string()), Some(new.draft.to_string()));
    f.scalar(Field::Source, old.source.as_ref().map(source_line), new.source.as_ref().map(source_line));
    f.set(Field::Sites, models.sites(&old.sites, &new.sites));
    f.set(Field::Actors, models.actors(&old.actors, &new.actors));
    f.set(Field::Events, models.events(&old.events, &new.events));
    f.set(Field::Tags, (old.tags.iter().cloned().collect(), new.tags.iter().cloned().collect()));
    f.set(Field::Quotes, (quotes(models.old, old), quotes(models.new, new)));
    f.text(Field::Summary, old.summary.as_deref(), new.summary.as_deref());
    f.text(Field::Text, Some(&readable_body(&old.body_html)), Some(&readable_body(&new.body_html)));
    f.set(Field::MovedFrom, (old.moved_from.iter().cloned().collect(), new.moved_from.iter().cloned().collect()));
    f.unequal(Field::Extra, old.extra != new.extra);
    f.done()
}

/// A report's source as one line: "name, author, url" (those given).
fn source_line(source: &Source) -> String {
    [&source.name, &source.author, &source.url].into_iter().flatten().cloned().collect::<Vec<_>>().join(", ")
}

/// A report's quotes, as "actor: “text” (date)".
fn quotes(model: &SiteModel, article: &Article) -> Ids {
    let line = |q: &Quote| {
        let date = q.date.as_ref().map(|d| format!(" ({})", d.text())).unwrap_or_default();
        format!("{}: \u{201c}{}\u{201d}{date}", model.actors[q.by].id, q.text)
    };
    article.quotes.iter().map(line).collect()
}

/// What a site and an actor have besides the shared entity core.
trait ComparedFacts: EntityFacts {
    fn compare(old: &Self, new: &Self, f: &mut Fields);
}

impl ComparedFacts for SiteFacts {
    fn compare(old: &Self, new: &Self, f: &mut Fields) {
        let location = |facts: &SiteFacts| facts.location.map(|p| format!("{}, {}", p.lat, p.lon));
        f.scalar(Field::Location, location(old), location(new));
        f.scalar(Field::Country, old.country.clone(), new.country.clone());
        f.scalar(Field::Unesco, old.unesco.clone(), new.unesco.clone());
    }
}

impl ComparedFacts for ActorFacts {
    /// Quotes are the reports' (and reported with them).
    fn compare(_old: &Self, _new: &Self, _f: &mut Fields) {}
}

/// What the entity's own file says; its derived lists (children, events,
/// reports, mentions) are other files' news.
fn entity_fields<F: ComparedFacts>(models: Models, old: &Entity<F>, new: &Entity<F>) -> Vec<FieldChange> {
    let mut f = Fields::default();
    f.scalar(Field::Name, Some(old.name.clone()), Some(new.name.clone()));
    f.scalar(Field::Kind, old.kind.clone(), new.kind.clone());
    f.set(Field::Aliases, (old.aliases.iter().cloned().collect(), new.aliases.iter().cloned().collect()));
    let part_of = |model: &SiteModel, entity: &Entity<F>| entity.part_of.map(|ix| F::all(model)[ix].id.clone());
    f.scalar(Field::PartOf, part_of(models.old, old), part_of(models.new, new));
    f.scalar(Field::Wikidata, old.wikidata.clone(), new.wikidata.clone());
    F::compare(&old.facts, &new.facts, &mut f);
    f.text(Field::Text, Some(&readable_body(&old.body_html)), Some(&readable_body(&new.body_html)));
    f.set(Field::MovedFrom, (old.moved_from.iter().cloned().collect(), new.moved_from.iter().cloned().collect()));
    f.unequal(Field::Extra, old.extra != new.extra);
    f.done()
}

/// A body's HTML without the links to site and actor pages. Names in a
/// report's body become links when a site or actor of that name exists:
/// adding a site must not make every report naming it "changed".
fn readable_body(html: &str) -> String {
    let openings = [format!("<a href=\"{}sites/", urls::BODY_ROOT), format!("<a href=\"{}actors/", urls::BODY_ROOT)];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let next = openings.iter().filter_map(|opening| rest.find(opening.as_str())).min();
        let Some(at) = next else { break };
        out.push_str(&rest[..at]);
        let Some(tag_end) = rest[at..].find('>') else {
            rest = &rest[at..];
            break;
        };
        let inside = &rest[at + tag_end + 1..];
        // Links do not nest: the next closing tag is this link's.
        match inside.find("</a>") {
            Some(close) => {
                out.push_str(&inside[..close]);
                rest = &inside[close + "</a>".len()..];
            }
            None => rest = inside,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
