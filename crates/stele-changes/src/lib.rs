//! What changed between two versions of a collection: `compare` two
//! resolved models and get, for events, reports, sites and actors, what was
//! added, removed and changed (field by field, as the author would read the
//! values). Items are matched by id. Plain data, serializable as it is
//! (`stele changes --format json`, documented in docs/changes.md), with its
//! text form in `text`.
//!
//! Only what a reader would call a change is reported: the order of lists
//! whose order means nothing (an event's sites, a site's aliases) is
//! ignored, and so are where files lie and what is derived from other files
//! (a site's list of events: the events say it).

mod compare;
mod text;

use serde::{Deserialize, Serialize};

pub use compare::compare;

/// Everything that differs between two versions, by kind of item.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Changes {
    pub events: Group,
    pub reports: Group,
    pub sites: Group,
    pub actors: Group,
}

/// The kinds of items compared, in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Event,
    Report,
    Site,
    Actor,
}

impl ItemKind {
    pub const ALL: [ItemKind; 4] = [ItemKind::Event, ItemKind::Report, ItemKind::Site, ItemKind::Actor];

    /// The plural, as the group is headed ("events").
    pub fn plural(self) -> &'static str {
        match self {
            ItemKind::Event => "events",
            ItemKind::Report => "reports",
            ItemKind::Site => "sites",
            ItemKind::Actor => "actors",
        }
    }
}

impl Changes {
    /// Nothing changed.
    pub const EMPTY: Changes = Changes { events: Group::EMPTY, reports: Group::EMPTY, sites: Group::EMPTY, actors: Group::EMPTY };

    pub fn group(&self, kind: ItemKind) -> &Group {
        match kind {
            ItemKind::Event => &self.events,
            ItemKind::Report => &self.reports,
            ItemKind::Site => &self.sites,
            ItemKind::Actor => &self.actors,
        }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        ItemKind::ALL.iter().all(|&kind| self.group(kind).is_empty())
    }

    /// How many items were added, changed or removed, in all.
    pub fn count(&self) -> usize {
        ItemKind::ALL.iter().map(|&kind| self.group(kind).count()).sum()
    }
}

/// The items of one kind that were added, changed or removed, each list by id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Group {
    pub added: Vec<Item>,
    pub changed: Vec<ChangedItem>,
    pub removed: Vec<Item>,
}

impl Group {
    pub const EMPTY: Group = Group { added: Vec::new(), changed: Vec::new(), removed: Vec::new() };

    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    pub fn count(&self) -> usize {
        self.added.len() + self.changed.len() + self.removed.len()
    }
}

/// An item by its id and what it is called: an event's or a report's
/// title, a site's or an actor's name (in the newer version when it has both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub label: String,
}

/// An item in both versions, and what differs, in a fixed order of fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedItem {
    pub id: String,
    pub label: String,
    pub fields: Vec<FieldChange>,
}

/// One difference in one field. `old` and `new` are as the author wrote
/// them (dates as written, ids for references); a value added has only
/// `new`, one removed only `old`, and a text that changed neither (only
/// that it changed is said, not how).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: Field,
    pub change: Change,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
}

/// How a field changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// A value replaced by another.
    Changed,
    /// A date replaced by one lying inside it (`2015-08` -> `2015-08-30`).
    MadeMorePrecise,
    /// A value given that was not (a scalar set, or one member of a list).
    Added,
    /// A value no longer given.
    Removed,
    /// A text (a body, a description) that differs; how is not said.
    TextChanged,
}

/// The fields compared, in the order their changes are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    Name,
    Date,
    Updated,
    DisplayDate,
    Status,
    Kind,
    Aliases,
    PartOf,
    Location,
    Country,
    Wikidata,
    Unesco,
    Sites,
    Actors,
    Roles,
    ClaimedBy,
    ConfirmedBy,
    DisputedBy,
    Claims,
    Events,
    ReportedIn,
    Summary,
    Draft,
    Source,
    Sources,
    Tags,
    Quotes,
    Description,
    Text,
    MovedFrom,
    Extra,
}

impl Field {
    /// The field's name as written in front matter (`text` is the body).
    pub fn key(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Name => "name",
            Field::Date => "date",
            Field::Updated => "updated",
            Field::DisplayDate => "display_date",
            Field::Status => "status",
            Field::Kind => "kind",
            Field::Aliases => "aliases",
            Field::PartOf => "part_of",
            Field::Location => "location",
            Field::Country => "country",
            Field::Wikidata => "wikidata",
            Field::Unesco => "unesco",
            Field::Sites => "sites",
            Field::Actors => "actors",
            Field::Roles => "roles",
            Field::ClaimedBy => "claimed_by",
            Field::ConfirmedBy => "confirmed_by",
            Field::DisputedBy => "disputed_by",
            Field::Claims => "claims",
            Field::Events => "events",
            Field::ReportedIn => "reported_in",
            Field::Summary => "summary",
            Field::Draft => "draft",
            Field::Source => "source",
            Field::Sources => "sources",
            Field::Tags => "tags",
            Field::Quotes => "quotes",
            Field::Description => "description",
            Field::Text => "text",
            Field::MovedFrom => "moved_from",
            Field::Extra => "extra",
        }
    }

    /// What one member of the field is called, for a member added or
    /// removed ("site added: palmyra"); a scalar field is its own name.
    pub fn member(self) -> &'static str {
        match self {
            Field::Aliases => "alias",
            Field::Sites => "site",
            Field::Actors => "actor",
            Field::Roles => "role",
            Field::ClaimedBy => "claimed by",
            Field::ConfirmedBy => "confirmed by",
            Field::DisputedBy => "disputed by",
            Field::Claims => "claim",
            Field::Events => "event",
            Field::ReportedIn => "reported in",
            Field::Sources => "source",
            Field::Tags => "tag",
            Field::Quotes => "quote",
            Field::DisplayDate => "display date",
            Field::PartOf => "part of",
            Field::MovedFrom => "old id",
            other => other.key(),
        }
    }
}
