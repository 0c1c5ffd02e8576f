//! The layout of a project's sources: which folders and files make the
//! site, and which names are never read.

use crate::kinds::DocumentKind;

/// The site's settings, relative to the project root.
pub const CONFIG_PATH: &str = "content/site.yaml";

/// The setting in `content/site.yaml` that lists the folders outside the
/// project that symbolic links may point into.
pub const ALLOW_SETTING: &str = "allow_symlinks_to";

/// The folders under the project root whose contents make the site.
pub const SOURCE_FOLDERS: [&str; 2] = ["content", "templates"];

/// A Markdown document with front matter, as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub kind: DocumentKind,
    /// Relative to the project root, `/`-separated: `content/sites/palmyra.md`.
    pub path: String,
    pub text: String,
}

/// Editors' swap, backup and temporary files, VCS folders and hidden files:
/// never content, and never a reason to rebuild.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913" // vim probes whether a folder is writable with this name
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".kate-swp", "___jb_tmp___", "___jb_old___"].iter().any(|suffix| name.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::is_ignored_name;

    #[test]
    fn editor_droppings_are_ignored() {
        for name in
            [".article.md.swp", "article.md~", "#article.md#", ".#article.md", "4913", "a.md___jb_tmp___", "a.md.kate-swp", ".git", ".DS_Store"]
        {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["article.md", "site.yaml", "map.svg"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }
}
