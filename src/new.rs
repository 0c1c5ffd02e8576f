//! `stele new report|site|actor NAME`: a new document with the right front
//! matter, under an id made from its name.

use clap::{Args, ValueEnum};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use stele::ids::{fit_derived, is_valid_id, slugify};

#[derive(Clone, Copy, ValueEnum)]
pub enum NewKind {
    /// A report: content/articles/<id>.md, dated today
    Report,
    /// A place: content/sites/<id>.md
    Site,
    /// A person, group, state or organisation: content/actors/<id>.md
    Actor,
}

#[derive(Args)]
pub struct NewArgs {
    /// What to write
    kind: NewKind,
    /// The report's title, or the site's or actor's name (its id is made from it)
    name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("{} already exists; nothing written", .0.display())]
    Exists(PathBuf),
    #[error("no id can be made from {0:?}: it has no letters or digits")]
    NoId(String),
    #[error("no content folder in {}", .0.display())]
    NoProject(PathBuf),
    #[error("cannot write {}: {source}", .path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

impl NewError {
    fn hint(&self) -> Option<String> {
        match self {
            NewError::Exists(_) => Some("choose another name, or edit the file that is there".into()),
            NewError::NoId(_) => Some("give a name with at least one letter or digit".into()),
            NewError::NoProject(_) => Some("run it in a project folder, pass --root, or make a project with `stele init`".into()),
            NewError::Write { .. } => None,
        }
    }
}

/// `root` is the global `--root` (the project folder holding content/).
pub fn run_new(args: NewArgs, root: &Path) -> ExitCode {
    match write_document(&args, root) {
        Ok(path) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            crate::print_error(&err.to_string(), err.hint());
            ExitCode::from(2)
        }
    }
}

fn write_document(args: &NewArgs, root: &Path) -> Result<PathBuf, NewError> {
    // `content/...` rather than `./content/...` when run in the project.
    let content = if root == Path::new(".") { PathBuf::from("content") } else { root.join("content") };
    if !content.is_dir() {
        return Err(NewError::NoProject(root.to_path_buf()));
    }
    let id = id_for(&args.name).ok_or_else(|| NewError::NoId(args.name.clone()))?;
    let (folder, text) = match args.kind {
        NewKind::Report => ("articles", report(&args.name)),
        NewKind::Site => ("sites", entity(&args.name, "site", "a place: a city, a monument, a museum, a quarter")),
        NewKind::Actor => ("actors", entity(&args.name, "actor", "a person, an armed group, a state, an agency, an NGO")),
    };
    let path = content.join(folder).join(format!("{id}.md"));
    let failed = |source| NewError::Write { path: path.clone(), source };
    fs::create_dir_all(path.parent().unwrap_or(&content)).map_err(failed)?;
    // `create_new`: a file that appeared meanwhile is refused too, never overwritten.
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|err| match err.kind() {
        std::io::ErrorKind::AlreadyExists => NewError::Exists(path.clone()),
        _ => failed(err),
    })?;
    file.write_all(text.as_bytes()).map_err(failed)?;
    Ok(path)
}

/// The id a name gets: slugified as stele makes ids (section 3.1 of the
/// content model); a name in a script that leaves nothing (Arabic,
/// Cyrillic, Chinese) is transliterated to Latin letters first. None when
/// even that leaves nothing (only punctuation or emoji).
pub fn id_for(name: &str) -> Option<String> {
    let slug = slugify(name);
    let slug = if slug.is_empty() { slugify(&deunicode::deunicode(name)) } else { slug };
    let id = fit_derived(slug);
    is_valid_id(&id).then_some(id)
}

/// A YAML string holding `text` exactly: double-quoted, with `"` and `\` escaped.
fn yaml_string(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            '\n' => vec!['\\', 'n'],
            '\t' => vec!['\\', 't'],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

fn report(title: &str) -> String {
    format!(
        "---\ntitle: {}\ndate: {}\n# source: {{ name: ..., url: https://..., author: ... }}\nsites: []\nactors: []\n# events:\n#   - date: 2024-05-14\n#     title: What happened\n#     sites: []\n---\n<!-- Write the report here, in Markdown. Its first paragraph is its summary. -->\n",
        yaml_string(title),
        today()
    )
}

fn entity(name: &str, noun: &str, what: &str) -> String {
    format!(
        "---\nname: {}\n# aliases: [Other name, Another spelling]\n# kind: a label that groups the {noun}s index\n---\n<!-- Describe the {noun} here, in Markdown: {what}. -->\n",
        yaml_string(name)
    )
}

/// Today's date in UTC (`2024-05-14`), for a new report's `date:`.
pub fn today() -> String {
    let now: chrono::DateTime<chrono::Utc> = std::time::SystemTime::now().into();
    now.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_names() {
        assert_eq!(id_for("Temple of Bel (east cella)").as_deref(), Some("temple-of-bel-east-cella"));
        assert_eq!(id_for("Ḥomṣ: the old city, 2015!").as_deref(), Some("homs-the-old-city-2015"));
        let arabic = id_for("متحف تدمر").unwrap();
        assert!(is_valid_id(&arabic), "{arabic}");
        assert_eq!(id_for("!!! ???"), None);
    }

    #[test]
    fn names_are_quoted_for_yaml() {
        assert_eq!(yaml_string(r#"The "Lion" \ of Al-lāt"#), r#""The \"Lion\" \\ of Al-lāt""#);
    }
}
