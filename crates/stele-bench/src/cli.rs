use std::path::PathBuf;

pub const DEFAULT_SEED: u64 = 1;

pub struct GenOptions {
    pub articles: usize,
    pub dir: PathBuf,
    pub hugo_dir: Option<PathBuf>,
    pub seed: u64,
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
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--hugo" => hugo_dir = Some(PathBuf::from(value_of("--hugo", rest.next())?)),
            "--seed" => seed = parse_number("--seed", value_of("--seed", rest.next())?)?,
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
    Ok(GenOptions { articles, dir: PathBuf::from(dir), hugo_dir, seed })
}

fn value_of<'a>(flag: &str, value: Option<&'a String>) -> Result<&'a str, String> {
    value.map(String::as_str).ok_or_else(|| format!("`{flag}` needs a value"))
}

/// Accepts `10000` and `10_000`.
fn parse_number<T: std::str::FromStr>(what: &str, text: &str) -> Result<T, String> {
    text.replace('_', "").parse().map_err(|_| format!("{what}: `{text}` is not a non-negative integer"))
}
