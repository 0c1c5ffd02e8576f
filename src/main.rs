//! The command line: parses arguments, runs the pipeline, prints what
//! happened. Everything else lives in the library.

mod archive;
mod changes;
mod formats;
mod init;
mod new;
mod terminal;

// Rendering allocates and frees many small strings and maps from several
// threads; mimalloc does that markedly faster than glibc's malloc (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Args, Parser, Subcommand};
use formats::Format;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use stele::diagnostics::{Diagnostic, Severity};
use stele::pipeline::{self, BuildOptions, BuildReport, Target};
use stele::words::count;

/// What the exit status means, for scripts and CI (docs/ci.md).
const EXIT_CODES: &str = "\
Exit status:
  0    success
  1    the content has errors (with --strict: warnings or hints too)
  2    refused, cannot read or write, or bad arguments
  101  a bug in stele (please report it)";

#[derive(Parser)]
#[command(
    name = "stele",
    version,
    about = "Static sites for conflict and cultural-heritage monitoring",
    propagate_version = true,
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(flatten)]
    common: CommonArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Site(SiteCommand),
    /// Start a project: settings, one report, one site and one actor, ready to build
    Init(init::InitArgs),
    /// Write a new report, site or actor file with its front matter
    New(new::NewArgs),
    /// Compare two versions of a project: what was added, changed and removed
    Changes(changes::ChangesArgs),
    /// Build in memory and keep the site and the sources it was built from as one
    /// reproducible file (no site folder is written). Its own command rather than a
    /// `build` flag: `archive`, `verify` (checks one) and `changes` (compares two) are one family
    Archive(archive::ArchiveArgs),
    /// Check an archive, or a folder with MANIFEST.sha256, against its manifest:
    /// every missing, extra and changed file is named
    Verify(archive::VerifyArgs),
}

/// The commands that build the site (and first finish an interrupted build).
#[derive(Subcommand)]
enum SiteCommand {
    /// Build the site into the output folder (default: <root>/site)
    Build(BuildArgs),
    /// Check the content: everything `build` does except writing
    Check(CheckArgs),
    /// Serve the site from memory, rebuilding and reloading open pages on every change
    Serve(ServeArgs),
}

/// Flags every command takes, before or after its name: `stele --root x
/// build` and `stele build --root x` are the same. A subcommand reads them
/// from `Cli::common` and must not flatten them again.
#[derive(Args)]
struct CommonArgs {
    /// Project folder (holds content/ and optionally templates/)
    #[arg(short = 'r', long, default_value = ".", global = true)]
    root: PathBuf,
    /// Include articles marked `draft: true`
    #[arg(short = 'D', long, global = true)]
    drafts: bool,
    /// Fail on warnings and hints too (build, check)
    #[arg(long, global = true)]
    strict: bool,
    /// Print how long each stage took (build, check)
    #[arg(long, global = true)]
    timings: bool,
    #[command(flatten)]
    site: SiteArgs,
}

/// How `build` and `check` show problems. Not a global flag: `archive`
/// has a `--format` of its own (zip or wacz).
#[derive(Args)]
struct FormatArgs {
    /// How to show problems: `json` and `github` write them on stdout for
    /// CI, one per line (docs/ci.md)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// The site's address, for every command that builds it.
#[derive(Args)]
struct SiteArgs {
    /// The site's address, instead of `base_url` in content/site.yaml (one
    /// content, several addresses: staging, production). `serve` uses its
    /// own address unless this is given
    #[arg(short = 'u', long, value_name = "URL", value_parser = base_url, global = true)]
    base_url: Option<String>,
}

/// `--base-url` checked by the rule `base_url` in site.yaml follows.
fn base_url(written: &str) -> Result<String, String> {
    stele::resolve::absolute_base_url(written)
        .ok_or_else(|| format!("`{written}` {}; {}", stele::resolve::NOT_ABSOLUTE, stele::resolve::BASE_URL_HINT))
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    shown: FormatArgs,
    /// Add entities mentioned in a body but missing from its `sites:`/`actors:`
    /// to the front matter (nothing else in the file changes)
    #[arg(long)]
    fix: bool,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    shown: FormatArgs,
    /// Output folder [default: <root>/site]
    #[arg(short = 'o', long)]
    out: Option<PathBuf>,
    /// Build into an output folder that holds files stele has no record of
    /// (stele then replaces only the files it makes and removes nothing else)
    #[arg(short = 'f', long)]
    force: bool,
    /// Also publish changes/index.html: what changed since the version in
    /// this project folder
    #[arg(long, value_name = "PATH")]
    changes_since: Option<PathBuf>,
    /// Also write MANIFEST.sha256 of every file into the output folder, for
    /// `stele verify` or `sha256sum -c` to check later
    #[arg(long)]
    checksums: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Site(command) => run_site_command(&cli.common, command),
        Command::Init(args) => init::run_init(args),
        Command::New(args) => new::run_new(args, &cli.common.root),
        // Reads two projects and writes nothing: no output folder to recover.
        Command::Changes(args) => changes::run_changes(&args, cli.common.drafts),
        // Archiving writes no site folder, and verifying reads a file: neither recovers one.
        Command::Archive(args) => archive::run_archive(args, &cli.common),
        Command::Verify(args) => archive::run_verify(args),
    }
}

fn run_site_command(common: &CommonArgs, command: SiteCommand) -> ExitCode {
    let out = match &command {
        SiteCommand::Build(args) => args.out.clone(),
        SiteCommand::Check(_) | SiteCommand::Serve(_) => None,
    };
    let out = out.unwrap_or_else(|| common.root.join("site"));
    // Before anything else: a build that was killed while publishing is finished (or undone).
    let building = matches!(command, SiteCommand::Build(_));
    if let Err(code) = recover(&common.root, &out, building) {
        return code;
    }
    match command {
        SiteCommand::Build(args) => {
            let since = match args.changes_since.as_deref().map(|path| changes::changes_since(path, common.drafts)).transpose() {
                Ok(since) => since,
                Err(code) => return code,
            };
            run(common, args.shown.format, Some((out, args.force, args.checksums)), since.as_ref())
        }
        SiteCommand::Check(args) if args.fix => fix(common, args.shown.format),
        SiteCommand::Check(args) => run(common, args.shown.format, None, None),
        SiteCommand::Serve(args) => serve(common, args),
    }
}

/// Brings the output folder to a whole site if a build into it was
/// interrupted, saying so in one line. A folder stele must never build into
/// is left alone here: `build` refuses it with the reason. A build that is
/// publishing right now is left to finish; only another build must wait.
fn recover(root: &std::path::Path, out: &std::path::Path, building: bool) -> Result<(), ExitCode> {
    let Ok(resolved) = stele::output::folder::vet(root, out) else { return Ok(()) };
    match stele::output::recover(&resolved) {
        Ok(Some(recovery)) => eprintln!("stele: {recovery}"),
        Ok(None) => {}
        Err(stele::output::OutputError::Busy { .. }) if !building => {}
        Err(err) => {
            print_error(&err.to_string(), err.hint());
            return Err(ExitCode::from(2));
        }
    }
    Ok(())
}

pub(crate) fn print_error(message: &str, hint: Option<String>) {
    eprintln!("error: {message}");
    if let Some(hint) = hint {
        eprintln!("  = help: {hint}");
    }
}

fn build_options(args: &CommonArgs) -> BuildOptions {
    BuildOptions {
        root: args.root.clone(),
        include_drafts: args.drafts,
        not_found_root: None,
        strict: args.strict,
        base_url: args.site.base_url.clone(),
    }
}

/// `since`: also publish what changed since that version (`build --changes-since`).
fn run(args: &CommonArgs, format: Format, out: Option<(PathBuf, bool, bool)>, since: Option<&pipeline::ChangesSince>) -> ExitCode {
    let started = Instant::now();
    let options = build_options(args);
    let target = match &out {
        Some((out, force, checksums)) => Target::Directory { out: out.clone(), force: *force, checksums: *checksums },
        None => Target::Check,
    };
    let bar = terminal::LateProgressBar::new(started);
    let progress = |done, total| bar.update(done, total);
    let result = match since {
        Some(since) => pipeline::run_with_changes(&options, target, since, &progress),
        None => pipeline::run_with_progress(&options, target, None, &progress),
    };
    bar.finish();
    let report = match result {
        Ok(report) => report,
        Err(err) => {
            print_error(&err.to_string(), err.hint());
            return ExitCode::from(2);
        }
    };
    if let Err(err) = show_diagnostics(&args.root, format, &report.diagnostics) {
        print_error(&format!("cannot write the diagnostics: {err}"), None);
        return ExitCode::from(2);
    }
    if args.timings {
        for (stage, took) in &report.timings {
            eprintln!("  {stage:<8} {:>8.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
    eprintln!("{}", summary(&report, out.is_some(), started.elapsed().as_secs_f64()));
    let warnings = report.diagnostics.iter().filter(|d| d.severity != Severity::Error).count();
    if report.has_errors() || (args.strict && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The diagnostics in the chosen format: for people on stderr, for CI on stdout.
fn show_diagnostics(root: &Path, format: Format, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    match format {
        Format::Human => {
            terminal::print_diagnostics(root, diagnostics, &mut terminal::stderr_stream());
            Ok(())
        }
        Format::Json => formats::write_json(root, diagnostics, &mut std::io::stdout().lock()),
        Format::Github => formats::write_github(root, diagnostics, &mut std::io::stdout().lock()),
    }
}

/// `check --fix`: adds the missing annotations, then checks again.
fn fix(args: &CommonArgs, format: Format) -> ExitCode {
    let options = build_options(args);
    let report = match pipeline::run(&options, Target::Check, None) {
        Ok(report) => report,
        Err(err) => {
            print_error(&err.to_string(), err.hint());
            return ExitCode::from(2);
        }
    };
    let (changed, failed) = stele::fix::apply(&args.root, &report.missing_annotations);
    for file in &changed {
        eprintln!("fixed: {file}");
    }
    for (file, why) in &failed {
        eprintln!("{file}: cannot fix: {why}");
    }
    eprintln!("stele: added {} in {}", count(report.missing_annotations.len(), "annotation"), count(changed.len(), "file"));
    run(args, format, None, None)
}

fn summary(report: &BuildReport, building: bool, seconds: f64) -> String {
    let with = |severity| report.diagnostics.iter().filter(|d| d.severity == severity).count();
    let problems =
        format!("{}, {}, {}", count(with(Severity::Error), "error"), count(with(Severity::Warning), "warning"), count(with(Severity::Hint), "hint"));
    let done = match (&report.written, building) {
        (Some(w), _) => format!(
            "built {} and {} ({} written, {} unchanged, {} removed)",
            count(report.pages, "page"),
            count(report.files, "file"),
            w.written,
            w.unchanged,
            w.removed
        ),
        (None, true) => "nothing written".to_string(),
        (None, false) => format!("checked {}", count(report.pages, "page")),
    };
    format!("stele: {done}; {problems}; {seconds:.2} s")
}

#[derive(Args)]
struct ServeArgs {
    /// Address or host name to listen on (`localhost`, `0.0.0.0`); the default,
    /// loopback, keeps the site to this machine
    #[arg(short = 'i', long, default_value = "127.0.0.1")]
    bind: String,
    /// Port to listen on; when it is taken the next ten are tried
    #[arg(short = 'p', long, default_value_t = 1111)]
    port: u16,
    /// Open the site in the default browser
    #[arg(short = 'O', long)]
    open: bool,
    /// Poll the file system for changes instead of relying on its events
    /// (network or container mounts that send none)
    #[arg(long)]
    poll: bool,
}

/// `stele serve`: the library serves and reports; what it reports is shown here.
fn serve(common: &CommonArgs, args: ServeArgs) -> ExitCode {
    let unused = [("--strict", common.strict), ("--timings", common.timings)];
    if let Some((flag, _)) = unused.iter().find(|(_, given)| *given) {
        print_error(
            &format!("{flag} does not apply to serve"),
            Some("serve shows problems in the terminal and in every open page; use it with build or check".into()),
        );
        return ExitCode::from(2);
    }
    let options = stele::serve::ServeOptions {
        root: common.root.clone(),
        bind: args.bind,
        port: args.port,
        open: args.open,
        include_drafts: common.drafts,
        poll: args.poll,
        base_url: common.site.base_url.clone(),
    };
    match stele::serve::run(options, std::sync::Arc::new(ServeTerminal)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            print_error(&err.to_string(), None);
            ExitCode::from(2)
        }
    }
}

/// `serve`'s news in the terminal: status lines on stdout (scripts and the
/// tests read the URL there), warnings on stderr after `stele: ` like every
/// other command's, diagnostics rendered as `build` and `check` render them.
struct ServeTerminal;

impl stele::serve::Reporter for ServeTerminal {
    fn event(&self, event: &stele::serve::ServeEvent) {
        // Rust's stdout is line-buffered even into a pipe: each line arrives whole and at once.
        if event.is_warning() {
            eprintln!("stele: {event}");
        } else {
            println!("{event}");
        }
    }

    fn diagnostics(&self, root: &std::path::Path, diagnostics: &[stele::diagnostics::Diagnostic]) {
        terminal::print_diagnostics(root, diagnostics, &mut terminal::stderr_stream());
    }
}
