use std::path::PathBuf;

pub const DEFAULT_SEED: u64 = 1;

pub struct GenOptions {
    pub articles: usize,
    pub dir: PathBuf,
    pub hugo_dir: Option<PathBuf>,
    pub seed: u64,
    pub shape: Shape,
}

/// What the corpus looks like beyond its size. The default is the
/// benchmark's corpus (which must stay byte-identical for a given N and
/// seed); the options change it, e.g. to the shape of one war's
/// collection: `--sites 949 --events-per-report 17-32 --years 2014-2019`
/// makes about 21,500 events from 930 reports, most at a few hot sites.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// How many sites; by default N/10 (at least 20).
    pub sites: Option<usize>,
    /// How many events a report lists, at least and at most.
    pub events_per_report: (usize, usize),
    /// The years reports are spread over, first and last.
    pub years: (i64, i64),
}

impl Default for Shape {
    fn default() -> Self {
        Shape { sites: None, events_per_report: (1, 4), years: (2010, 2024) }
    }
}

pub enum Command {
    Help,
    Gen(GenOptions),
}

pub fn parse(args: &[String]) -> Result<Command, String> {
    match args.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => Ok(Command::Help),
        Some("gen") => parse_gen(&args[1..]).map(Command::Gen),
        Some(other) => Err(format!("unknown command `{other}`")),
    }
}

fn parse_gen(args: &[String]) -> Result<GenOptions, String> {
    let mut positional = Vec::new();
    let mut hugo_dir = None;
    let mut seed = DEFAULT_SEED;
    let mut shape = Shape::default();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--hugo" => hugo_dir = Some(PathBuf::from(value_of("--hugo", rest.next())?)),
            "--seed" => seed = parse_number("--seed", value_of("--seed", rest.next())?)?,
            "--sites" => shape.sites = Some(parse_number("--sites", value_of("--sites", rest.next())?)?).filter(|&n| n > 0),
            "--events-per-report" => shape.events_per_report = parse_range("--events-per-report", value_of("--events-per-report", rest.next())?)?,
            "--years" => shape.years = parse_range("--years", value_of("--years", rest.next())?)?,
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            _ => positional.push(arg.as_str()),
        }
    }
    let [count, dir] = positional[..] else {
        return Err("`gen` takes exactly two arguments: N and DIR".into());
    };
    let articles: usize = parse_number("N", count)?;
    if articles == 0 {
        return Err("N must be at least 1".into());
    }
    Ok(GenOptions { articles, dir: PathBuf::from(dir), hugo_dir, seed, shape })
}

fn value_of<'a>(flag: &str, value: Option<&'a String>) -> Result<&'a str, String> {
    value.map(String::as_str).ok_or_else(|| format!("`{flag}` needs a value"))
}

/// `MIN-MAX`, both numbers, MIN at most MAX and MIN at least 1.
fn parse_range<T: std::str::FromStr + PartialOrd + From<u8> + Copy>(what: &str, text: &str) -> Result<(T, T), String> {
    let (min, max) = text.split_once('-').ok_or_else(|| format!("{what}: `{text}` is not MIN-MAX"))?;
    let (min, max): (T, T) = (parse_number(what, min)?, parse_number(what, max)?);
    if min > max || min < T::from(1) {
        return Err(format!("{what}: `{text}` needs 1 <= MIN <= MAX"));
    }
    Ok((min, max))
}

/// Accepts `10000` and `10_000`.
fn parse_number<T: std::str::FromStr>(what: &str, text: &str) -> Result<T, String> {
    text.replace('_', "").parse().map_err(|_| format!("{what}: `{text}` is not a non-negative integer"))
}
