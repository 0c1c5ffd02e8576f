//! Front matter: splitting it from the body and reading it into typed,
//! as-written structs. Checks only what YAML and serde can see (syntax,
//! types, unknown keys); ids and references are the resolver's business.

use crate::diagnostics::{Diagnostic, Location};
use crate::suggest::did_you_mean;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

pub type Extra = serde_json::Map<String, serde_json::Value>;

/// A document split at its front matter fences.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Byte offset of the YAML within the file.
    pub yaml_offset: usize,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_first_line: u32,
    pub body: &'a str,
    /// Byte offset of the body within the file.
    pub body_offset: usize,
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\r', '\n']) == "---"
}

pub fn split(text: &str) -> Result<Split<'_>, String> {
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut lines = text[bom..].split_inclusive('\n');
    match lines.next() {
        Some(first) if is_fence(first) => {}
        _ => return Err("missing front matter: the file must start with a line `---`".into()),
    }
    let yaml_start = bom + text[bom..].find('\n').map_or(text.len() - bom, |i| i + 1);
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if is_fence(line) {
            let yaml = &text[yaml_start..offset];
            return Ok(Split {
                yaml,
                yaml_offset: yaml_start,
                yaml_first_line: 2,
                body: &text[offset + line.len()..],
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err("front matter is not closed: add a line `---` after it".into())
}

/// A date as written. YAML reads `date: 2015` as a number; it is still a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = DateText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2016-12-11, 2015-05 or 2015")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateText, E> {
                Ok(DateText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateText, E> {
                Ok(DateText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateText, E> {
                Ok(DateText(v.to_string()))
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

/// A scalar that may be written as a number or a string (`unesco: 23`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScalarText(pub String);

impl<'de> Deserialize<'de> for ScalarText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        DateText::deserialize(deserializer).map(|DateText(text)| ScalarText(text))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Autolink {
    First,
    All,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    #[default]
    Reported,
    Claimed,
    Confirmed,
    Disputed,
    Denied,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Reported => "reported",
            EventStatus::Claimed => "claimed",
            EventStatus::Confirmed => "confirmed",
            EventStatus::Disputed => "disputed",
            EventStatus::Denied => "denied",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFront {
    pub name: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum ActorRefFront {
    Id(String),
    WithRole { id: String, role: Option<String> },
}

impl ActorRefFront {
    pub fn id(&self) -> &str {
        match self {
            ActorRefFront::Id(id) | ActorRefFront::WithRole { id, .. } => id,
        }
    }
    pub fn role(&self) -> Option<&str> {
        match self {
            ActorRefFront::Id(_) => None,
            ActorRefFront::WithRole { role, .. } => role.as_deref(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSourceFront {
    pub title: String,
    pub url: Option<String>,
    pub accessed: Option<DateText>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFront {
    pub id: Option<String>,
    pub date: DateText,
    pub title: String,
    pub kind: Option<String>,
    #[serde(default)]
    pub sites: Vec<String>,
    #[serde(default)]
    pub actors: Vec<ActorRefFront>,
    pub status: Option<EventStatus>,
    #[serde(default)]
    pub claimed_by: Vec<String>,
    #[serde(default)]
    pub confirmed_by: Vec<String>,
    pub description: Option<String>,
    pub display_date: Option<String>,
    #[serde(default)]
    pub sources: Vec<EventSourceFront>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteFront {
    pub by: String,
    pub text: String,
    /// When it was said; defaults to the article's date.
    pub date: Option<DateText>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleFront {
    pub title: String,
    pub date: DateText,
    pub slug: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub draft: bool,
    pub source: Option<SourceFront>,
    #[serde(default)]
    pub sites: Vec<String>,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub events: Vec<EventFront>,
    #[serde(default)]
    pub quotes: Vec<QuoteFront>,
    pub autolink: Option<Autolink>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFront {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: Option<String>,
    pub part_of: Option<String>,
    pub location: Option<GeoPoint>,
    pub country: Option<String>,
    pub wikidata: Option<ScalarText>,
    pub unesco: Option<ScalarText>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorFront {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: Option<String>,
    pub part_of: Option<String>,
    pub wikidata: Option<ScalarText>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Raw HTML in bodies is published as written (trusted authors).
    #[default]
    Keep,
    /// Raw HTML is left out; the Markdown around it stays.
    Strip,
    /// Raw HTML is kept but cleaned: no scripts, event handlers, frames, styles or forms.
    Sanitize,
}

/// `content/site.yaml`, as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFront {
    pub title: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub base_url: Option<String>,
    pub autolink: Option<Autolink>,
    pub articles_per_page: Option<usize>,
    pub raw_html: Option<RawHtml>,
    /// Folders outside the project that symbolic links may point into.
    #[serde(default)]
    pub allow_symlinks_to: Vec<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// Reads YAML into `T`, turning serde's message into a located diagnostic
/// with a "did you mean" for unknown keys.
pub fn parse_yaml<T: for<'de> Deserialize<'de>>(yaml: &str, file: &str, first_line: u32) -> Result<T, Vec<Diagnostic>> {
    check_nesting(yaml, file, first_line).map_err(|d| vec![d])?;
    // An empty front matter is an empty mapping, so "missing field" names what is missing.
    let yaml_or_empty_map = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml_or_empty_map).map_err(|err| yaml_error_diagnostics(&err, yaml, file, first_line))
}

/// serde stops at the first unknown key; every other top-level typo in the
/// same file is found here, so one run reports them all.
fn yaml_error_diagnostics(err: &serde_yaml::Error, yaml: &str, file: &str, first_line: u32) -> Vec<Diagnostic> {
    let first = yaml_error_diagnostic(err, file, first_line);
    let message = strip_position_suffix(&err.to_string());
    let Some(rest) = message.strip_prefix("unknown field `") else { return vec![first] };
    let known = backticked_words(rest.split_once('`').map_or("", |(_, expected)| expected));
    let unknown: Vec<Diagnostic> = crate::yaml_locate::top_level_keys(yaml, first_line)
        .into_iter()
        .filter(|(key, _)| !known.contains(key))
        .map(|(key, location)| {
            let (message, hint) = unknown_key(&key, &known);
            Diagnostic::error(file, message).at(Some(location)).with_hint(hint)
        })
        .collect();
    if unknown.is_empty() {
        vec![first]
    } else {
        unknown
    }
}

fn unknown_key(key: &str, known: &[String]) -> (String, String) {
    let hint = match did_you_mean(key, known.iter().map(String::as_str)) {
        Some(near) => format!("did you mean `{near}`? Free-form data goes under `extra:`"),
        None => format!("known keys: {}; free-form data goes under `extra:`", known.join(", ")),
    };
    (format!("unknown key `{key}`"), hint)
}

/// Deeper than any real front matter; libyaml takes quadratic time on deep
/// flow nesting, so such input is refused before it is parsed.
const MAX_NESTING: usize = 64;

fn check_nesting(yaml: &str, file: &str, first_line: u32) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (line_number, line) in yaml.lines().enumerate() {
        for (column, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_NESTING {
                let location = Location::new(first_line + line_number as u32, column as u32 + 1);
                return Err(Diagnostic::error(file, format!("front matter nests deeper than {MAX_NESTING} levels"))
                    .at(Some(location))
                    .with_hint("front matter holds flat lists and short mappings; close the brackets"));
            }
        }
    }
    Ok(())
}

fn yaml_error_diagnostic(err: &serde_yaml::Error, file: &str, first_line: u32) -> Diagnostic {
    let location = err.location().map(|loc| Location::new(loc.line() as u32 + first_line - 1, loc.column() as u32));
    let full = err.to_string();
    let message = strip_position_suffix(&full);
    let (message, hint) = explain_serde_message(&message);
    let diagnostic = Diagnostic::error(file, message).at(location);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// serde_yaml writes positions counted from the start of the front matter
/// ("at line 4 column 1", "at position 7"); we report the file's position ourselves.
fn strip_position_suffix(message: &str) -> String {
    let mut text = message.to_string();
    for marker in [" at line ", " at position "] {
        while let Some(start) = text.find(marker) {
            let mut end = start + marker.len();
            let rest = &text[end..];
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 {
                break;
            }
            end += digits;
            if let Some(column) = text[end..].strip_prefix(" column ") {
                let more = column.len() - column.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                end += " column ".len() + more;
            }
            text.replace_range(start..end, "");
        }
    }
    text
}

/// Rewrites serde's wording into the project's ("key", not "field") and adds
/// the nearest known key for typos.
fn explain_serde_message(message: &str) -> (String, Option<String>) {
    let (path, detail) = match message.split_once(": ") {
        Some((path, detail)) if !path.contains(' ') => (Some(path), detail),
        _ => (None, message),
    };
    let within = |text: String| match path {
        Some(path) => format!("{text} in `{path}`"),
        None => text,
    };
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let (message, hint) = unknown_key(key, &backticked_words(expected));
        return (within(message), Some(hint));
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let key = rest.trim_end_matches('`');
        return (within(format!("missing required key `{key}`")), Some(format!("add a line `{key}: ...` to the front matter")));
    }
    if let Some(rest) = detail.strip_prefix("duplicate field `") {
        let key = rest.trim_end_matches('`');
        return (within(format!("key `{key}` is given twice")), Some("keep one of them".into()));
    }
    if let Some(rest) = detail.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known = backticked_words(expected);
        let hint = format!("use one of: {}", known.join(", "));
        return (within(format!("`{value}` is not an accepted value")), Some(hint));
    }
    if detail.starts_with("data did not match any variant of untagged enum ActorRefFront") {
        let hint = "write `- islamic-state` or `- { id: islamic-state, role: perpetrator }`";
        return (within("an actor must be an id or `{ id: ..., role: ... }`".into()), Some(hint.into()));
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ").or_else(|| detail.strip_prefix("invalid value: ")) {
        let readable = without_rust_names(rest);
        let hint = match readable.split_once(", expected ") {
            Some((_, expected)) => format!("write {expected} here"),
            None => "check the value's type".to_string(),
        };
        return (within(format!("wrong type: {readable}")), Some(hint));
    }
    // Everything else is a YAML syntax error.
    let hint = "check the YAML syntax: quote text containing `: `, `#`, `[` or `{`, and keep list items aligned";
    (within(without_rust_names(detail)), Some(hint.into()))
}

/// serde names Rust types in its messages ("struct ArticleFront", "as u128").
fn without_rust_names(message: &str) -> String {
    let mut text = message.replace(" as u128", "").replace(" as i128", "").replace(" as u64", "").replace(" as i64", "");
    while let Some(start) = text.find("struct ") {
        let end = start + "struct ".len();
        let name_len = text[end..].find(|c: char| !c.is_alphanumeric()).unwrap_or(text.len() - end);
        text.replace_range(start..end + name_len, "a mapping of `key: value` lines");
    }
    text
}

fn backticked_words(text: &str) -> Vec<String> {
    text.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_fences_and_body_offset() {
        let text = "---\ntitle: x\n---\nBody\n";
        let split = split(text).unwrap();
        assert_eq!(split.yaml, "title: x\n");
        assert_eq!(split.body, "Body\n");
        assert_eq!(&text[split.body_offset..], "Body\n");
    }

    #[test]
    fn split_reports_missing_and_unclosed_front_matter() {
        assert!(split("title: x\n").unwrap_err().contains("must start"));
        assert!(split("---\ntitle: x\n").unwrap_err().contains("not closed"));
    }

    #[test]
    fn unknown_key_gets_nearest_known_key() {
        let errs = parse_yaml::<ActorFront>("name: X\nalias: [Y]\n", "content/actors/x.md", 2).unwrap_err();
        let err = &errs[0];
        assert_eq!(err.message, "unknown key `alias`");
        assert_eq!(err.location, Some(Location::new(3, 1)));
        assert!(err.hint.as_deref().unwrap().contains("did you mean `aliases`?"));
    }

    #[test]
    fn every_unknown_top_level_key_is_reported() {
        let errs = parse_yaml::<ActorFront>("nam: X\nkind: state\nalias: [Y]\n", "f", 2).unwrap_err();
        let found: Vec<(&str, u32)> = errs.iter().map(|d| (d.message.as_str(), d.location.unwrap().line)).collect();
        assert_eq!(found, [("unknown key `nam`", 2), ("unknown key `alias`", 4)]);
    }

    #[test]
    fn unquoted_year_is_a_date() {
        let event: EventFront = parse_yaml("date: 2015\ntitle: x\n", "f", 2).unwrap();
        assert_eq!(event.date, DateText("2015".into()));
    }
}
