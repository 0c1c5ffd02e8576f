//! `stele init [DIR] [--templates]`: a new project that builds cleanly, and
//! the built-in templates copied out for customising.

use crate::new::today;
use clap::Args;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use stele::render::templates::{BUILTIN_ASSETS, BUILTIN_TEMPLATES};

#[derive(Args)]
pub struct InitArgs {
    /// Folder for the new project (created when missing)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Also copy the built-in templates into <DIR>/templates/ to customise them;
    /// in an existing project, only that (existing files are kept)
    #[arg(long)]
    templates: bool,
}

/// Why `init` wrote nothing, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{} already holds a stele project ({found} exists); nothing written", .dir.display())]
    ProjectExists { dir: PathBuf, found: &'static str },
    #[error("{} is a file, not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("cannot write {}: {source}", .path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

impl InitError {
    fn hint(&self) -> Option<String> {
        match self {
            InitError::ProjectExists { dir, .. } => {
                Some(format!("choose another folder, or run `stele init {} --templates` to add only the built-in templates", dir.display()))
            }
            _ => None,
        }
    }
}

/// The starter project, by path relative to the project folder. `{{today}}`
/// becomes today's date.
const STARTER: &[(&str, &str)] = &[
    ("content/site.yaml", include_str!("starter/site.yaml")),
    ("content/articles/first-report.md", include_str!("starter/first-report.md")),
    ("content/sites/old-market.md", include_str!("starter/old-market.md")),
    ("content/actors/heritage-survey-team.md", include_str!("starter/heritage-survey-team.md")),
];

/// What keeps the output out of version control: the default output folder
/// and the staging folder a build publishes from.
const GITIGNORE: &str = "# stele's output, and the folder it stages a build in while publishing\n/site/\n/.site.stele-staging*\n";

pub fn run_init(args: InitArgs) -> ExitCode {
    match init(&args) {
        Ok(written) => {
            print_written(&args.dir, &written);
            ExitCode::SUCCESS
        }
        Err(err) => {
            crate::print_error(&err.to_string(), err.hint());
            ExitCode::from(2)
        }
    }
}

/// What `init` did, for the message.
#[derive(Default)]
struct Written {
    project: bool,
    files: Vec<String>,
    /// Template files that were there already and were kept.
    skipped: Vec<String>,
}

fn init(args: &InitArgs) -> Result<Written, InitError> {
    let dir = &args.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(InitError::NotAFolder(dir.clone()));
    }
    let existing = ["content/site.yaml", "site.yaml", "content"].into_iter().find(|found| dir.join(found).exists());
    let mut written = Written::default();
    match existing {
        Some(found) if !args.templates => return Err(InitError::ProjectExists { dir: dir.clone(), found }),
        Some(_) => {}
        None => {
            write_starter(dir, &mut written)?;
            written.project = true;
        }
    }
    if args.templates {
        write_templates(dir, &mut written)?;
    }
    Ok(written)
}

fn write_starter(dir: &Path, written: &mut Written) -> Result<(), InitError> {
    let today = today();
    for (path, text) in STARTER {
        write_new(dir, path, &text.replace("{{today}}", &today))?;
        written.files.push(path.to_string());
    }
    let gitignore = dir.join(".gitignore");
    let kept = fs::read_to_string(&gitignore).unwrap_or_default();
    if !kept.lines().any(|line| line.trim() == "/site/") {
        // An existing .gitignore (a repository's) keeps what it says; stele's lines are added.
        let separator = if kept.is_empty() || kept.ends_with('\n') { "" } else { "\n" };
        write(&gitignore, &format!("{kept}{separator}{GITIGNORE}"))?;
        written.files.push(".gitignore".to_string());
    }
    Ok(())
}

/// Every built-in template and theme file into `templates/`, keeping any
/// file already there.
fn write_templates(dir: &Path, written: &mut Written) -> Result<(), InitError> {
    let templates = BUILTIN_TEMPLATES.iter().map(|(name, text)| (format!("templates/{name}"), *text));
    let assets = BUILTIN_ASSETS.iter().map(|(path, text)| (format!("templates/{path}"), *text));
    for (path, text) in templates.chain(assets) {
        if dir.join(&path).exists() {
            written.skipped.push(path);
        } else {
            write_new(dir, &path, text)?;
            written.files.push(path);
        }
    }
    Ok(())
}

/// Writes `text` at `path` below `dir`, creating folders.
fn write_new(dir: &Path, path: &str, text: &str) -> Result<(), InitError> {
    write(&dir.join(path), text)
}

fn write(path: &Path, text: &str) -> Result<(), InitError> {
    let failed = |source| InitError::Write { path: path.to_path_buf(), source };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(failed)?;
    }
    fs::write(path, text).map_err(failed)
}

fn print_written(dir: &Path, written: &Written) {
    for file in &written.files {
        println!("wrote {}", dir.join(file).display());
    }
    if !written.skipped.is_empty() {
        println!("kept {} that were already there:", stele::words::count(written.skipped.len(), "template file"));
        for file in &written.skipped {
            println!("  {}", dir.join(file).display());
        }
    }
    let cd = if dir == Path::new(".") { String::new() } else { format!("cd {} && ", dir.display()) };
    if written.project {
        println!();
        println!("Next:");
        let steps = [
            (format!("{cd}stele serve"), "preview the site at http://127.0.0.1:1111/, rebuilt as you edit"),
            ("stele new report \"A title\"".to_string(), "start a report (also: stele new site NAME, stele new actor NAME)"),
            ("stele build".to_string(), "publish the site into site/"),
        ];
        let width = steps.iter().map(|(command, _)| command.len()).max().unwrap_or(0);
        for (command, what) in steps {
            println!("  {command:<width$}   {what}");
        }
    } else if !written.files.is_empty() {
        println!();
        println!("Templates in templates/ replace the built-in ones by name; delete those you do not change.");
    }
}
