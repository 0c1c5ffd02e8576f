//! `stele-bench`: writes a deterministic benchmark corpus in stele's content
//! format (see `shared/spec/content-model.md`) and, on request, an equivalent
//! Hugo site, so that both generators can be timed on the same reports.
//!
//! ```text
//! stele-bench gen N DIR [--hugo HUGODIR] [--seed S] [--sites M] [--events-per-report MIN-MAX] [--years FIRST-LAST]
//! ```
//!
//! Std only on purpose: the corpus for a given N and seed must stay
//! byte-identical forever, so it must not depend on a crate's PRNG or on
//! hash-map order, and the tool must build even while stele's own
//! dependencies change.

use std::process::ExitCode;

const USAGE: &str = "\
usage: stele-bench gen N DIR [--hugo HUGODIR] [--seed S] [--sites M]
                         [--events-per-report MIN-MAX] [--years FIRST-LAST]

Writes N synthetic articles, N/10 sites and N/5 actors (at least 20 each)
in stele's format under DIR/content/. With --hugo, also writes an equivalent
Hugo site (config, content, layouts) under HUGODIR. The same N and seed give
byte-identical files. DIR/content and HUGODIR/content must not exist yet.

options:
  --hugo HUGODIR   also write the equivalent Hugo site
  --seed S         64-bit seed (default 1)
  --sites M        M sites instead of N/10
  --events-per-report MIN-MAX
                   events listed per report (default 1-4)
  --years FIRST-LAST
                   the years reports are spread over (default 2010-2024)

The shape of one war's collection (930 reports, about 21,500 events at
949 sites over six years, most at a few hot sites and actors):
  stele-bench gen 930 DIR --sites 949 --events-per-report 17-32 --years 2014-2019
";

/// Runs the command line `args` (without the program name).
pub fn run(args: &[String]) -> ExitCode {
    match cli::parse(args) {
        Ok(cli::Command::Help) => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(cli::Command::Gen(options)) => match corpus::generate(&options) {
            Ok(stats) => {
                stats.print();
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("stele-bench: {error}");
                ExitCode::FAILURE
            }
        },
        Err(message) => {
            eprintln!("stele-bench: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

pub mod cli;

mod rng;

/// Proleptic Gregorian calendar on day numbers (days since 1970-01-01),
/// after Howard Hinnant's `chrono`-compatible algorithms.
mod calendar;

/// Pseudo-words: Latin-looking filler, and Levantine-looking names and aliases
/// built from a disjoint letter set so that filler can never mention an entity.
mod words;

/// Sites and actors: the entities that articles reference.
mod entities;

/// Articles' front-matter plans: dates, entity lists and events.
mod articles;

/// Markdown bodies: filler paragraphs with headings, a list, emphasis,
/// links, explicit references and plain-text mentions.
mod markdown;

/// The files: stele's content tree and the equivalent Hugo site.
pub mod corpus;
mod written;

/// The Hugo half: config, section pages and minimal layouts that do the same
/// work as stele's pages (every article, a term page per site, actor and tag,
/// paginated lists, one timeline of every event).
mod hugo;

#[cfg(test)]
mod tests;
