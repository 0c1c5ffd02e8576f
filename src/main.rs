//! The command line: parses arguments, runs the pipeline, prints what
//! happened. Everything else lives in the library.

mod archive;
mod terminal;

// Rendering allocates and frees many small strings and maps from several
// threads; mimalloc does that markedly faster than glibc's malloc (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use stele::diagnostics::Severity;
use stele::pipeline::{self, BuildOptions, BuildReport, Target};
use stele::words::count;

#[derive(Parser)]
#[command(name = "stele", version, about = "Static sites for conflict and cultural-heritage monitoring", propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: <root>/site)
    Build(BuildArgs),
    /// Check the content: everything `build` does except writing
    Check(CheckArgs),
    /// Serve the site from memory, rebuilding and reloading open pages on every change
    Serve(ServeArgs),
    /// Build in memory and keep the site and the sources it was built from as one
    /// reproducible file (no site folder is written). Its own command rather than a
    /// `build` flag: `archive`, `verify` (checks one) and `changes` (compares two) are one family
    Archive(archive::ArchiveArgs),
    /// Check an archive, or a folder with MANIFEST.sha256, against its manifest:
    /// every missing, extra and changed file is named
    Verify(archive::VerifyArgs),
}

#[derive(Args)]
struct CommonArgs {
    /// Project folder (holds content/ and optionally templates/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include articles marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Fail on warnings and hints too
    #[arg(long)]
    strict: bool,
    /// Print how long each stage took
    #[arg(long)]
    timings: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Add entities mentioned in a body but missing from its `sites:`/`actors:`
    /// to the front matter (nothing else in the file changes)
    #[arg(long)]
    fix: bool,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Output folder [default: <root>/site]
    #[arg(long)]
    out: Option<PathBuf>,
    /// Build into an output folder that holds files stele has no record of
    /// (stele then replaces only the files it makes and removes nothing else)
    #[arg(long)]
    force: bool,
    /// Also write MANIFEST.sha256 of every file into the output folder, for
    /// `stele verify` or `sha256sum -c` to check later
    #[arg(long)]
    checksums: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (root, out) = match cli.command {
        // Archiving writes no site folder, and verifying reads a file: neither recovers one.
        Command::Archive(args) => return archive::run_archive(args),
        Command::Verify(args) => return archive::run_verify(args),
        Command::Build(ref args) => (&args.common.root, args.out.clone()),
        Command::Check(ref args) => (&args.common.root, None),
        Command::Serve(ref args) => (&args.root, None),
    };
    let out = out.unwrap_or_else(|| root.join("site"));
    // Before anything else: a build that was killed while publishing is finished (or undone).
    let building = matches!(cli.command, Command::Build(_));
    if let Err(code) = recover(root, &out, building) {
        return code;
    }
    match cli.command {
        Command::Build(args) => run(&args.common, Some((out, args.force, args.checksums))),
        Command::Check(args) if args.fix => fix(&args.common),
        Command::Check(args) => run(&args.common, None),
        Command::Serve(args) => serve(args),
        Command::Archive(_) | Command::Verify(_) => unreachable!("handled before recovering"),
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

fn print_error(message: &str, hint: Option<String>) {
    eprintln!("error: {message}");
    if let Some(hint) = hint {
        eprintln!("  = help: {hint}");
    }
}

fn run(args: &CommonArgs, out: Option<(PathBuf, bool, bool)>) -> ExitCode {
    let started = Instant::now();
    let options = BuildOptions { root: args.root.clone(), include_drafts: args.drafts, not_found_root: None, strict: args.strict };
    let target = match &out {
        Some((out, force, checksums)) => Target::Directory { out: out.clone(), force: *force, checksums: *checksums },
        None => Target::Check,
    };
    let bar = terminal::LateProgressBar::new(started);
    let result = pipeline::run_with_progress(&options, target, None, &|done, total| bar.update(done, total));
    bar.finish();
    let report = match result {
        Ok(report) => report,
        Err(err) => {
            print_error(&err.to_string(), err.hint());
            return ExitCode::from(2);
        }
    };
    let mut stderr = terminal::stderr_stream();
    terminal::print_diagnostics(&args.root, &report.diagnostics, &mut stderr);
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

/// `check --fix`: adds the missing annotations, then checks again.
fn fix(args: &CommonArgs) -> ExitCode {
    let options = BuildOptions { root: args.root.clone(), include_drafts: args.drafts, not_found_root: None, strict: args.strict };
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
    run(args, None)
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
    /// Project folder (holds content/ and optionally templates/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Address or host name to listen on (`localhost`, `0.0.0.0`); the default,
    /// loopback, keeps the site to this machine
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Port to listen on; when it is taken the next ten are tried
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Open the site in the default browser
    #[arg(long)]
    open: bool,
    /// Include articles marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Poll the file system for changes instead of relying on its events
    /// (network or container mounts that send none)
    #[arg(long)]
    poll: bool,
}

/// `stele serve`: the library serves and reports; what it reports is shown here.
fn serve(args: ServeArgs) -> ExitCode {
    let options = stele::serve::ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        open: args.open,
        include_drafts: args.drafts,
        poll: args.poll,
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
