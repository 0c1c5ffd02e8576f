//! `stele archive` and `stele verify`: a build kept as one reproducible
//! file, and checking one. The build runs in memory with the same pipeline
//! as `serve`; the archive crate writes the bytes.

use crate::{build_options, print_error, summary, terminal, CommonArgs};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use stele::archive::{self as archive, ArchiveError, BuiltDate, Contents, Counts, Destination, Facts, Format};
use stele::diagnostics::Severity;
use stele::load::LoadedProject;
use stele::model::SiteModel;
use stele::output::MemorySink;
use stele::pipeline::{self, BuildCache, Target};
use stele::words::count;

#[derive(Args)]
pub struct ArchiveArgs {
    /// Archive file [default: <root>/<project folder name>-<built date>.zip (or .wacz)]
    #[arg(long)]
    out: Option<PathBuf>,
    /// zip (site/, source/, archive.json, MANIFEST.sha256) or wacz (a web archive
    /// ReplayWeb.page opens; needs base_url) [default: from --out's extension, else zip]
    #[arg(long, value_enum)]
    format: Option<ArchiveFormat>,
    /// Replace a file at --out that is not a stele archive
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ArchiveFormat {
    Zip,
    Wacz,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// An archive (.zip or .wacz), or a folder with MANIFEST.sha256 at its top
    /// (an unpacked archive, or a site built with `build --checksums`)
    path: PathBuf,
}

/// `stele archive`: builds in memory and writes the site and its sources as one file.
/// `common`: the global flags (`--root`, `--drafts`, `--strict`, `--base-url`).
pub fn run_archive(args: ArchiveArgs, common: &CommonArgs) -> ExitCode {
    let started = Instant::now();
    match archive_project(&args, common, started) {
        Ok(code) => code,
        Err(err) => {
            print_error(&err.to_string(), err.hint());
            ExitCode::from(2)
        }
    }
}

fn archive_project(args: &ArchiveArgs, common: &CommonArgs, started: Instant) -> Result<ExitCode, ArchiveError> {
    // Read before building: a bad value must cost nothing.
    let epoch = source_date_epoch()?;
    let options = build_options(common);
    let sink = MemorySink::default();
    let mut cache = BuildCache::default();
    let report = match pipeline::run(&options, Target::Memory(&sink), Some(&mut cache)) {
        Ok(report) => report,
        Err(err) => {
            print_error(&err.to_string(), err.hint());
            return Ok(ExitCode::from(2));
        }
    };
    terminal::print_diagnostics(&common.root, &report.diagnostics, &mut terminal::stderr_stream());
    let warnings = report.diagnostics.iter().filter(|d| d.severity != Severity::Error).count();
    let (Some(model), Some(project)) = (cache.model(), cache.loaded()) else {
        eprintln!("{}", summary(&report, true, started.elapsed().as_secs_f64()));
        return Ok(ExitCode::FAILURE);
    };
    if report.has_errors() || (common.strict && warnings > 0) {
        eprintln!("{}", summary(&report, true, started.elapsed().as_secs_f64()));
        return Ok(ExitCode::FAILURE);
    }
    // The newest date the content carries: a publication, or a revision (`updated`).
    let newest = model
        .articles
        .iter()
        .flat_map(|article| std::iter::once(article.date.day()).chain(article.updated.as_ref().map(|updated| updated.day())))
        .max();
    let built = BuiltDate::choose(epoch.as_deref(), newest)?;
    let facts = facts(model, built, report.pages, report.files);
    let site = sink.into_files();
    let contents = Contents { sources: sources(project, &site), site };
    let format = match args.format {
        Some(ArchiveFormat::Zip) => Format::Zip,
        Some(ArchiveFormat::Wacz) => Format::Wacz,
        None => args.out.as_deref().map_or(Format::Zip, Format::from_path),
    };
    if format == Format::Wacz && facts.base_url.is_none() {
        return Err(ArchiveError::WaczNeedsBaseUrl);
    }
    let out = args.out.clone().unwrap_or_else(|| default_out(&common.root, &built, format));
    let destination = Destination { path: &out, force: args.force, project_root: &common.root };
    let info = archive::publish(&destination, |file| archive::write_archive(&contents, &facts, format, file))?;
    eprintln!(
        "stele: archived {}, {} and {} into {} (built {}); {}, {}; {:.2} s",
        count(info.counts.pages, "page"),
        count(info.counts.files, "file"),
        count(contents.sources.len(), "source file"),
        out.display(),
        info.built_date,
        count(warnings, "warning"),
        count(report.diagnostics.iter().filter(|d| d.severity == Severity::Hint).count(), "hint"),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// `SOURCE_DATE_EPOCH`, when set.
fn source_date_epoch() -> Result<Option<String>, ArchiveError> {
    match std::env::var_os(archive::SOURCE_DATE_EPOCH) {
        None => Ok(None),
        Some(value) => match value.into_string() {
            Ok(value) => BuiltDate::from_epoch(&value).map(|_| Some(value)),
            Err(value) => Err(ArchiveError::BadSourceDateEpoch { value: value.to_string_lossy().into_owned() }),
        },
    }
}

fn facts(model: &SiteModel, built: BuiltDate, pages: usize, files: usize) -> Facts {
    Facts {
        stele_version: env!("CARGO_PKG_VERSION").to_string(),
        built,
        base_url: model.config.base_url.clone(),
        title: model.config.title.clone(),
        counts: Counts {
            reports: model.articles.len(),
            events: model.events.len(),
            sites: model.sites.len(),
            actors: model.actors.len(),
            pages,
            files,
        },
    }
}

/// Every source file the build read, by its path in the project. Assets
/// are copied verbatim, so their bytes are the published copies': read
/// once, and the same bytes in `site/` and `source/`.
fn sources(project: &LoadedProject, site: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    let published = |output: &str| site.binary_search_by(|(path, _)| path.as_str().cmp(output)).ok().map(|at| site[at].1.clone());
    let mut sources: Vec<(String, Vec<u8>)> = Vec::new();
    sources.extend(project.config.iter().map(|(path, text)| (path.clone(), text.clone().into_bytes())));
    sources.extend(project.documents.iter().map(|file| (file.path.clone(), file.text.clone().into_bytes())));
    sources.extend(project.templates.iter().map(|(name, text)| (format!("templates/{name}"), text.clone().into_bytes())));
    for (folder, assets) in [("content", &project.assets), ("templates", &project.theme_assets)] {
        for asset in assets {
            if let Some(bytes) = published(&asset.output_path) {
                sources.push((format!("{folder}/{}", asset.output_path), bytes));
            }
        }
    }
    sources.sort_by(|a, b| a.0.cmp(&b.0));
    sources
}

/// `<root>/<project folder name>-<built date>.<zip|wacz>`.
fn default_out(root: &Path, built: &BuiltDate, format: Format) -> PathBuf {
    let name = std::path::absolute(root)
        .ok()
        .and_then(|root| root.canonicalize().ok())
        .and_then(|root| root.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "site".to_string());
    root.join(format!("{name}-{}.{}", built.date(), format.extension()))
}

/// `stele verify`: exit 0 when everything matches, 1 when anything differs,
/// 2 when it cannot be read or is not an archive.
pub fn run_verify(args: VerifyArgs) -> ExitCode {
    let verification = match archive::verify(&args.path) {
        Ok(verification) => verification,
        Err(err) => {
            print_error(&err.to_string(), err.hint());
            return ExitCode::from(2);
        }
    };
    for finding in &verification.findings {
        println!("{finding}");
    }
    if verification.is_intact() {
        eprintln!("stele: verified {}", count(verification.checked, "file"));
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "stele: {} in {} ({} checked)",
            count(verification.findings.len(), "problem"),
            args.path.display(),
            count(verification.checked, "file")
        );
        ExitCode::FAILURE
    }
}
