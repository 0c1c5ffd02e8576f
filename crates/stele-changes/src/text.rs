//! The text form of changes: what `stele changes` prints and the changes
//! page shows, one line per item and per field.

use crate::{Change, Changes, FieldChange, ItemKind};
use std::fmt::{self, Display, Write};

/// "date made more precise: 2015-08 -> 2015-08-30", "site added: palmyra",
/// "text changed".
impl Display for FieldChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (key, member) = (self.field.key(), self.field.member());
        let (old, new) = (self.old.as_deref().unwrap_or_default(), self.new.as_deref().unwrap_or_default());
        match self.change {
            Change::Changed => write!(f, "{key} changed: {old} -> {new}"),
            Change::MadeMorePrecise => write!(f, "{key} made more precise: {old} -> {new}"),
            Change::Added if self.new.is_some() => write!(f, "{member} added: {new}"),
            Change::Removed if self.old.is_some() => write!(f, "{member} removed: {old}"),
            Change::Added => write!(f, "{key} added"),
            Change::Removed => write!(f, "{key} removed"),
            Change::TextChanged => write!(f, "{key} changed"),
        }
    }
}

impl Changes {
    /// The heading of a group: "events: 2 added, 1 changed, 0 removed".
    pub fn heading(&self, kind: ItemKind) -> String {
        let group = self.group(kind);
        format!("{}: {} added, {} changed, {} removed", kind.plural(), group.added.len(), group.changed.len(), group.removed.len())
    }

    /// Every group under its heading, an item a line, its fields indented
    /// below it; readable without colour. Ends with a newline.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for kind in ItemKind::ALL {
            let group = self.group(kind);
            // Writing into a String cannot fail.
            let _ = writeln!(text, "{}", self.heading(kind));
            for item in &group.added {
                let _ = writeln!(text, "  added: {} ({})", item.id, item.label);
            }
            for item in &group.changed {
                let _ = writeln!(text, "  changed: {} ({})", item.id, item.label);
                for field in &item.fields {
                    let _ = writeln!(text, "    {field}");
                }
            }
            for item in &group.removed {
                let _ = writeln!(text, "  removed: {} ({})", item.id, item.label);
            }
        }
        if self.is_empty() {
            text.push_str("no changes\n");
        }
        text
    }
}
