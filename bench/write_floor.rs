//! The floor under a full build on this disk: writes the files of an
//! already built site, held in memory, through stele's own output stage
//! (`StagedOutput`, on rayon's threads as `build` uses it) into a folder that
//! does not exist yet. No loading, parsing or rendering: what remains is
//! the kernel creating the folders and files and copying the bytes.
//!
//!     cargo run --release --example write-floor -- BUILT_SITE NEW_FOLDER
//!
//! Prints wall time and the process's user and system CPU for the writing
//! alone. NEW_FOLDER is left in place (deleting it right before another
//! timed run would slow that run down: see bench/README.md, "The disk").

use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;
use stele::output::{Content, OutputFolder, OutputSink, StagedOutput};
use walkdir::WalkDir;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// User and system CPU seconds of this process so far, from /proc/self/stat.
fn cpu_seconds() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0) / 100.0;
    (ticks(11), ticks(12))
}

fn read_site(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let relative = entry.path().strip_prefix(root).ok()?.to_string_lossy().replace('\\', "/");
            Some((relative, std::fs::read(entry.path()).ok()?))
        })
        .collect();
    files.sort();
    files
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(site), Some(out)) = (args.next().map(PathBuf::from), args.next().map(PathBuf::from)) else {
        eprintln!("usage: write-floor BUILT_SITE NEW_FOLDER");
        std::process::exit(2);
    };
    if out.exists() {
        eprintln!("write-floor: {} exists; give a folder that does not", out.display());
        std::process::exit(2);
    }
    let files = read_site(&site);
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let (user_before, sys_before) = cpu_seconds();
    let started = Instant::now();
    // The folder is missing, so stele owns everything it writes there.
    let folder = match OutputFolder::open(&site, &out, false) {
        Ok(folder) => folder,
        Err(err) => {
            eprintln!("write-floor: cannot use {}: {err}", out.display());
            std::process::exit(2);
        }
    };
    let staged = match StagedOutput::begin(folder) {
        Ok(staged) => staged,
        Err(err) => {
            eprintln!("write-floor: cannot prepare {}: {err}", out.display());
            std::process::exit(1);
        }
    };
    let failures = files.par_iter().filter(|(path, content)| staged.put(path, Content::Bytes(content)).is_err()).count();
    let produced: HashSet<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
    if let Err(err) = staged.commit(&produced) {
        eprintln!("write-floor: cannot commit {}: {err}", out.display());
        std::process::exit(1);
    }
    let wall = started.elapsed().as_secs_f64();
    let (user_after, sys_after) = cpu_seconds();
    println!("files: {} ({bytes} bytes), failed: {failures}", files.len());
    println!("wall: {wall:.2} s   user: {:.2} s   system: {:.2} s", user_after - user_before, sys_after - sys_before);
}
