//! `stele-bench gen N DIR [--hugo HUGODIR] [--seed S]`: see the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    stele_bench::run(&args)
}
