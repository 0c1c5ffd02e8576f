//! The kinds of things a project holds and a body can point at.

/// What a document under `content/` is, by the folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentKind {
    Article,
    Site,
    Actor,
    /// The editors' record of an event (`content/events/<id>.md`).
    Event,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] = [DocumentKind::Article, DocumentKind::Site, DocumentKind::Actor, DocumentKind::Event];

    /// The folder under `content/` that holds documents of this kind.
    pub fn folder(self) -> &'static str {
        match self {
            DocumentKind::Article => "articles",
            DocumentKind::Site => "sites",
            DocumentKind::Actor => "actors",
            DocumentKind::Event => "events",
        }
    }

    /// What a document of this kind is called in messages, with its article.
    pub fn noun(self) -> &'static str {
        match self {
            DocumentKind::Article => "a report",
            DocumentKind::Site => "a site",
            DocumentKind::Actor => "an actor",
            DocumentKind::Event => "an event",
        }
    }

    /// The kind whose documents live in the folder `name` under `content/`.
    pub fn from_folder(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.folder() == name)
    }
}

/// What an explicit reference in a body (`[text](site:palmyra)`) points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefKind {
    Site,
    Actor,
    Event,
    Article,
}

impl RefKind {
    pub const ALL: [RefKind; 4] = [RefKind::Site, RefKind::Actor, RefKind::Event, RefKind::Article];

    /// The scheme written in a link, and the noun messages use.
    pub fn scheme(self) -> &'static str {
        match self {
            RefKind::Site => "site",
            RefKind::Actor => "actor",
            RefKind::Event => "event",
            RefKind::Article => "article",
        }
    }
}
