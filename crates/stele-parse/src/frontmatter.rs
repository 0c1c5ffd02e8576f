//! Front matter: splitting it from the body and reading it into typed,
//! as-written structs. Checks only what YAML and serde can see (syntax,
//! types, unknown keys); ids and references are the resolver's business.

use serde::de::DeserializeOwned;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use stele_core::diagnostics::{Code, Diagnostic, Location};

mod problems;

use stele_core::model::{ActorFacts, EntityFacts, SiteFacts};
pub use stele_core::model::{ArticleSchema, Autolink, EventStatus, Extra, GeoPoint, RawHtml};

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

/// A figure as written: `12`, `"20-30"`, `"at least 1000"`. YAML reads
/// `12` as a number and `12.5` as a float; both are kept as text and read
/// (and refused, for a fraction) by `stele_core::figures`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureText(pub String);

impl<'de> Deserialize<'de> for FigureText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FigureVisitor;
        impl Visitor<'_> for FigureVisitor {
            type Value = FigureText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a figure such as 12, \"20-30\" or \"at least 1000\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FigureText, E> {
                Ok(FigureText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FigureText, E> {
                Ok(FigureText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FigureText, E> {
                Ok(FigureText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FigureText, E> {
                // `{:?}` keeps the fraction visible (12.0, not 12), so it is refused as one.
                Ok(FigureText(format!("{v:?}")))
            }
        }
        deserializer.deserialize_any(FigureVisitor)
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
    /// Required unless an event file or another report gives it.
    pub date: Option<DateText>,
    /// Required unless an event file or another report gives it.
    pub title: Option<String>,
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
    #[serde(default)]
    pub disputed_by: Vec<String>,
    pub description: Option<String>,
    pub display_date: Option<String>,
    #[serde(default)]
    pub sources: Vec<EventSourceFront>,
    /// How many were killed, injured, ... as this report counts them, by kind.
    #[serde(default)]
    pub figures: BTreeMap<String, FigureText>,
}

/// An event file's front matter (`content/events/<id>.md`): the editors'
/// record of the event, an event entry's keys but `id` (the file name) and
/// `description` (the body). Every key is optional: reports may give the rest.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFileFront {
    pub date: Option<DateText>,
    pub title: Option<String>,
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
    #[serde(default)]
    pub disputed_by: Vec<String>,
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
    pub updated: Option<DateText>,
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
    /// Ids this report had before: each old address gets a redirect page.
    #[serde(default)]
    pub moved_from: Vec<String>,
    /// The report's own language (a BCP 47 tag), when it is not the site's.
    pub language: Option<String>,
    /// The id of the report this one translates.
    pub translation_of: Option<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// What every entity file says (the entity core of `stele_core::model::Entity`),
/// and the facts its kind adds.
pub trait EntityFront {
    type Facts: EntityFacts;
    fn name(&self) -> &str;
    fn aliases(&self) -> &[String];
    fn kind(&self) -> Option<&str>;
    fn part_of(&self) -> Option<&str>;
    fn wikidata(&self) -> Option<&str>;
    /// Ids the entity had before (`moved_from:`).
    fn moved_from(&self) -> &[String];
    fn extra(&self) -> &Extra;
    /// The kind's own facts as the file says them (derived ones empty).
    fn facts(&self) -> Self::Facts;
}

/// An entity file's front matter: the keys every entity has, then its
/// kind's own, then `extra`. One macro so that the shared keys are written once
/// (serde cannot flatten a struct into one that refuses unknown keys).
macro_rules! entity_front {
    ($(#[$doc:meta])* $name:ident => $facts:ty { $($(#[$field_doc:meta])* $field:ident: $ty:ty),* $(,)? } facts: |$front:ident| $make:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            pub name: String,
            #[serde(default)]
            pub aliases: Vec<String>,
            pub kind: Option<String>,
            pub part_of: Option<String>,
            pub wikidata: Option<ScalarText>,
            /// Ids it had before: each old address gets a redirect page.
            #[serde(default)]
            pub moved_from: Vec<String>,
            $($(#[$field_doc])* pub $field: $ty,)*
            #[serde(default)]
            pub extra: Extra,
        }

        impl EntityFront for $name {
            type Facts = $facts;
            fn name(&self) -> &str {
                &self.name
            }
            fn aliases(&self) -> &[String] {
                &self.aliases
            }
            fn kind(&self) -> Option<&str> {
                self.kind.as_deref()
            }
            fn part_of(&self) -> Option<&str> {
                self.part_of.as_deref()
            }
            fn wikidata(&self) -> Option<&str> {
                self.wikidata.as_ref().map(|w| w.0.as_str())
            }
            fn moved_from(&self) -> &[String] {
                &self.moved_from
            }
            fn extra(&self) -> &Extra {
                &self.extra
            }
            fn facts(&self) -> $facts {
                let $front = self;
                $make
            }
        }
    };
}

entity_front!(
    /// `content/sites/<id>.md`, as written.
    SiteFront => SiteFacts {
        location: Option<GeoPoint>,
        country: Option<String>,
        unesco: Option<ScalarText>,
    }
    facts: |front| SiteFacts { location: front.location, country: front.country.clone(), unesco: front.unesco.as_ref().map(|u| u.0.clone()) }
);

entity_front!(
    /// `content/actors/<id>.md`, as written.
    ActorFront => ActorFacts {}
    facts: |_front| ActorFacts::default()
);

/// `content/site.yaml`, as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFront {
    pub title: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    /// None: not written; `Some(None)`: written without a value (`base_url:`),
    /// which says the site has no address yet, on purpose.
    #[serde(default, deserialize_with = "written")]
    pub base_url: Option<Option<String>>,
    pub autolink: Option<Autolink>,
    pub articles_per_page: Option<usize>,
    pub raw_html: Option<RawHtml>,
    pub article_schema: Option<ArticleSchema>,
    /// Folders outside the project that symbolic links may point into.
    #[serde(default)]
    pub allow_symlinks_to: Vec<String>,
    /// How many actors the timeline's swimlanes show.
    pub swimlane_actors: Option<usize>,
    /// The project's own interface texts, over the built-in table of `language`.
    #[serde(default)]
    pub translations: stele_core::model::Translations,
    #[serde(default)]
    pub extra: Extra,
}

/// A key that may be written without a value: `Some(None)` for `key:`
/// (or `key: null`), None (the default) for a key not written at all.
fn written<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Front matter read as far as it could be.
#[derive(Debug)]
pub struct Recovered<T> {
    /// The typed front matter, without the keys and list items that had
    /// problems; None when nothing could be read (a YAML syntax error, a
    /// missing required key).
    pub value: Option<T>,
    /// Every problem found, each once, located; empty when all is well.
    pub problems: Vec<Diagnostic>,
}

/// Reads YAML into `T`: the value, or every problem found in it.
pub fn parse_yaml<T: DeserializeOwned>(yaml: &str, file: &str, first_line: u32) -> Result<T, Vec<Diagnostic>> {
    match read_yaml(yaml, file, first_line) {
        Recovered { value: Some(value), problems } if problems.is_empty() => Ok(value),
        Recovered { problems, .. } => Err(problems),
    }
}

/// Reads YAML into `T`, going on past problems: each is reported once, at
/// its place, and the offending key or list item is left out of the value
/// so that the rest of the document can still be checked. `first_line` is
/// the file line on which the YAML starts.
pub fn read_yaml<T: DeserializeOwned>(yaml: &str, file: &str, first_line: u32) -> Recovered<T> {
    if let Err(problem) = check_nesting(yaml, file, first_line) {
        return Recovered { value: None, problems: vec![problem] };
    }
    // An empty front matter is an empty mapping, so "missing field" names what is missing.
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    match serde_yaml::from_str(yaml) {
        Ok(value) => Recovered { value: Some(value), problems: Vec::new() },
        // Only now is the text read again, with positions.
        Err(first) => problems::recover(yaml, file, first_line, &first),
    }
}

/// Where the front-matter key or value that starts at `location` of the
/// file `path` (whose text is `text`) ends, if one starts there: for
/// diagnostics that were made without an end. `content/site.yaml` is YAML
/// throughout; documents have it between their fences.
pub fn end_of_value_at(path: &str, text: &str, location: Location) -> Option<Location> {
    let (yaml, first_line) = if path.ends_with(".yaml") {
        (text, 1)
    } else if path.ends_with(".md") {
        let split = split(text).ok()?;
        (split.yaml, split.yaml_first_line)
    } else {
        return None;
    };
    let last_line = first_line + yaml.lines().count() as u32;
    if !(first_line..last_line).contains(&location.line) {
        return None;
    }
    crate::yaml_locate::LocatedYaml::read(yaml, first_line).end_of(location)
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
                    .with_hint("front matter holds flat lists and short mappings; close the brackets")
                    .with_code(Code::YamlSyntax));
            }
        }
    }
    Ok(())
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
    fn reading_goes_on_past_each_problem_and_leaves_it_out() {
        let yaml = "title: x\ndate: 2015\ntagz: [a]\nsites: [palmyra, [b], mosul]\ndraft: maybe\n";
        let read = read_yaml::<ArticleFront>(yaml, "f", 2);
        let found: Vec<(&str, u32, u32)> =
            read.problems.iter().map(|d| (d.message.as_str(), d.location.unwrap().line, d.location.unwrap().column)).collect();
        assert_eq!(
            found,
            [
                ("unknown key `tagz`", 4, 1),
                ("wrong type: sequence, expected a string in `sites[1]`", 5, 18),
                ("wrong type: string \"maybe\", expected a boolean in `draft`", 6, 8)
            ]
        );
        let front = read.value.unwrap();
        // `mosul` would be sites[1] once `[b]` is gone, and be reported there: the list stops where it broke.
        assert_eq!((front.title.as_str(), front.sites, front.draft), ("x", vec!["palmyra".to_string()], false));
    }

    #[test]
    fn later_list_items_are_named_as_written() {
        let yaml = "title: x\ndate: 2015\nquotes:\n  - by: a\n  - by: b\n    text: t\n    when: 2015\n";
        let read = read_yaml::<ArticleFront>(yaml, "f", 1);
        let messages: Vec<&str> = read.problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["missing required key `text` in `quotes[0]`", "unknown key `when` in `quotes[1]`"]);
        assert_eq!(read.problems[1].location, Some(Location::new(7, 5)));
        assert!(read.value.unwrap().quotes.is_empty());
    }

    #[test]
    fn a_missing_required_key_leaves_nothing() {
        let read = read_yaml::<ArticleFront>("date: 2015\nsitez: [a]\n", "f", 2);
        let messages: Vec<&str> = read.problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["unknown key `sitez`", "missing required key `title`"]);
        assert!(read.value.is_none());
    }

    #[test]
    fn problems_know_where_they_end() {
        let read = read_yaml::<ArticleFront>("title: x\ndate: 2015\nautolink: \"every time\"\n", "f", 2);
        let problem = &read.problems[0];
        assert_eq!((problem.location, problem.end), (Some(Location::new(4, 11)), Some(Location::new(4, 23))));
    }

    #[test]
    fn unquoted_year_is_a_date() {
        let event: EventFront = parse_yaml("date: 2015\ntitle: x\n", "f", 2).unwrap();
        assert_eq!(event.date, Some(DateText("2015".into())));
    }
}
