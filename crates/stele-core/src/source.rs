//! The layout of a project's sources: which folders and files make the
//! site, and which names are never read.

use crate::kinds::DocumentKind;

/// The site's settings, relative to the project root.
pub const CONFIG_PATH: &str = "content/site.yaml";

/// The setting in `content/site.yaml` that lists the folders outside the
/// project that symbolic links may point into.
pub const ALLOW_SETTING: &str = "allow_symlinks_to";

/// The folders under the project root whose contents make the site.
pub const SOURCE_FOLDERS: [&str; 3] = ["content", "templates", STATIC_FOLDER];

/// The project's root `static/` folder: copied to the output root as it is
/// (`favicon.ico`, `robots.txt`, `CNAME`, `.well-known/`).
pub const STATIC_FOLDER: &str = "static";

/// Hidden names that are never published from `static/`: version control
/// and the desktop's own files.
const NEVER_STATIC: [&str; 5] = [".git", ".hg", ".svn", ".DS_Store", ".gitignore"];

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

/// Names skipped in `static/`: as [`is_ignored_name`], except that hidden
/// files and folders are published (`.well-known/`, `.htaccess`,
/// `.nojekyll`) unless they are version control, the desktop's, or an
/// editor's (`.index.html.swp`, `.#robots.txt`).
pub fn is_ignored_static_name(name: &str) -> bool {
    match name.strip_prefix('.') {
        Some(rest) => NEVER_STATIC.contains(&name) || rest.is_empty() || is_ignored_name(rest),
        None => is_ignored_name(name),
    }
}

/// Whether `name`, met in the source folder `folder` (`content`,
/// `templates`, `static`), is skipped.
pub fn is_ignored_in(folder: &str, name: &str) -> bool {
    if folder == STATIC_FOLDER {
        is_ignored_static_name(name)
    } else {
        is_ignored_name(name)
    }
}

#[cfg(test)]
mod tests {
    use super::{is_ignored_name, is_ignored_static_name};

    #[test]
    fn static_files_may_be_hidden_but_not_droppings() {
        for name in [".well-known", ".htaccess", ".nojekyll", "robots.txt", "CNAME"] {
            assert!(!is_ignored_static_name(name), "{name}");
        }
        for name in [".git", ".DS_Store", ".index.html.swp", ".#robots.txt", "robots.txt~", "4913", ".", ".gitignore"] {
            assert!(is_ignored_static_name(name), "{name}");
        }
    }

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
