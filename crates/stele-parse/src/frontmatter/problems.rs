//! The error path of reading front matter. serde stops at the first
//! problem; here the YAML is read into a `serde_yaml::Value` instead, and
//! each problem serde finds in it is reported at its place and its key or
//! list item taken out, until the rest reads (or nothing can be read: a
//! YAML syntax error, a missing required key). Nothing here runs for front
//! matter that reads.

use super::Recovered;
use crate::yaml_locate::{self, LocatedYaml, Span, Step};
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use stele_core::diagnostics::{Code, Diagnostic, Location, Related};
use stele_core::suggest::did_you_mean;

/// Rounds of "report, take out, read again" before a file is given up on.
const MAX_ROUNDS: usize = 64;

/// One step into the front matter, owned (serde's paths are built as it reads).
#[derive(Debug, Clone, PartialEq, Eq)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn as_steps(path: &[PathStep]) -> Vec<Step<'_>> {
    path.iter()
        .map(|step| match step {
            PathStep::Key(key) => Step::Key(key),
            PathStep::Index(index) => Step::Index(*index),
        })
        .collect()
}

/// `events[0].actors`, as a message names a place.
fn display_path(path: &[PathStep]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            PathStep::Key(key) if text.is_empty() => text.push_str(key),
            PathStep::Key(key) => {
                text.push('.');
                text.push_str(key);
            }
            PathStep::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// serde's path as steps, and whether every step could be named (a key
/// that is not text cannot be: the path then stops before it).
fn path_of(path: &serde_path_to_error::Path) -> (Vec<PathStep>, bool) {
    let mut steps = Vec::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Map { key } => steps.push(PathStep::Key(key.clone())),
            serde_path_to_error::Segment::Seq { index } => steps.push(PathStep::Index(*index)),
            serde_path_to_error::Segment::Enum { .. } => {}
            serde_path_to_error::Segment::Unknown => return (steps, false),
        }
    }
    (steps, true)
}

/// Every problem of front matter that serde refused (`first` is what it said).
pub(super) fn recover<T: DeserializeOwned>(yaml: &str, file: &str, first_line: u32, first: &serde_yaml::Error) -> Recovered<T> {
    let located = LocatedYaml::read(yaml, first_line);
    let unreadable = |error: &serde_yaml::Error, path: &[PathStep]| Recovered {
        value: None,
        problems: vec![unreadable(yaml, file, first_line, error, path, &located)],
    };
    let mut value = match serde_path_to_error::deserialize::<_, Value>(serde_yaml::Deserializer::from_str(yaml)) {
        Ok(value) => value,
        // Not even a YAML value: a syntax error, a duplicate key (YAML forbids them), aliases expanding too far.
        // serde may have stopped at a problem of `T` before reaching it; this is the one to fix first.
        Err(error) => return unreadable(error.inner(), &path_of(error.path()).0),
    };
    let mut recovery = Recovery {
        file,
        first_line,
        located: &located,
        removed_items: Vec::new(),
        removed_keys: Vec::new(),
        misspelt: Vec::new(),
        problems: Vec::new(),
    };
    for _ in 0..MAX_ROUNDS {
        match serde_path_to_error::deserialize::<_, T>(&value) {
            // The value reads where the text did not: say what was said of the text.
            Ok(_) if recovery.problems.is_empty() => return unreadable(first, &[]),
            Ok(typed) if recovery.removed_items.is_empty() => return Recovered { value: Some(typed), problems: recovery.problems },
            Ok(_) => {
                recovery.cut_shifted_items(&mut value);
                return Recovered { value: T::deserialize(&value).ok(), problems: recovery.problems };
            }
            Err(error) => {
                if !recovery.take_out(&mut value, &error) {
                    break;
                }
            }
        }
    }
    Recovered { value: None, problems: recovery.problems }
}

struct Recovery<'a> {
    file: &'a str,
    first_line: u32,
    located: &'a LocatedYaml<'a>,
    /// List items taken out, as (list, index) where they are written: later
    /// errors name indices in the shortened list.
    removed_items: Vec<(Vec<PathStep>, usize)>,
    /// Keys taken out, as (mapping, key) where they are written: a "missing
    /// key" that follows is ours, not the author's.
    removed_keys: Vec<(Vec<PathStep>, String)>,
    /// Keys an unknown key was taken for ("did you mean `name`?"), as
    /// (mapping, key): that key's absence has been reported already.
    misspelt: Vec<(Vec<PathStep>, String)>,
    problems: Vec<Diagnostic>,
}

impl Recovery<'_> {
    /// Reports `error` and takes its key or list item out of `value`; false
    /// when nothing can be taken out (the whole front matter is wrong, or a
    /// required key of it is missing).
    fn take_out(&mut self, value: &mut Value, error: &serde_path_to_error::Error<serde_yaml::Error>) -> bool {
        let detail = error.inner().to_string();
        let (path, complete) = path_of(error.path());
        let written = self.as_written(&path);
        let missing = detail.strip_prefix("missing field `").map(|rest| rest.trim_end_matches('`'));
        let said = |keys: &[(Vec<PathStep>, String)], key: &str| keys.iter().any(|(mapping, k)| *mapping == written && k == key);
        let already_said = missing.is_some_and(|key| said(&self.removed_keys, key) || said(&self.misspelt, key));
        if !already_said {
            let problem = self.describe(&detail, &written);
            self.problems.push(problem);
        }
        let Some((last, parent)) = written.split_last() else { return false };
        if !complete || !remove(value, &path) {
            return false;
        }
        match last {
            PathStep::Index(index) => self.removed_items.push((parent.to_vec(), *index)),
            PathStep::Key(key) => self.removed_keys.push((parent.to_vec(), key.clone())),
        }
        true
    }

    /// Later parts of the pipeline (resolve) locate a list item by its index:
    /// after a list item was taken out, the ones after it would be reported
    /// one place early. So every list is cut at the first item taken out of
    /// it; what remains sits at the index it is written at. (Their own
    /// problems were reported above, at their places.)
    fn cut_shifted_items(&self, value: &mut Value) {
        let mut first_removed: Vec<(&[PathStep], usize)> = Vec::new();
        for (list, index) in &self.removed_items {
            match first_removed.iter_mut().find(|(seen, _)| *seen == list.as_slice()) {
                Some(first) => first.1 = first.1.min(*index),
                None => first_removed.push((list, *index)),
            }
        }
        for (list, cut_at) in &first_removed {
            // A list inside an item that is cut off is gone with it; one that
            // survives has only kept items above it, so it sits where it is written.
            let survives = list.iter().enumerate().all(|(depth, step)| match step {
                PathStep::Index(index) => first_removed.iter().all(|(other, cut)| *other != &list[..depth] || index < cut),
                PathStep::Key(_) => true,
            });
            if let Some(Value::Sequence(items)) = node_mut(value, list).filter(|_| survives).map(untagged) {
                items.truncate(*cut_at);
            }
        }
    }

    /// `path` in the value as shortened so far, as it is written in the text.
    fn as_written(&self, path: &[PathStep]) -> Vec<PathStep> {
        let mut written = Vec::with_capacity(path.len());
        for step in path {
            let step = match step {
                PathStep::Index(index) => {
                    let mut gone: Vec<usize> = self.removed_items.iter().filter(|(list, _)| *list == written).map(|(_, i)| *i).collect();
                    gone.sort_unstable();
                    PathStep::Index(gone.into_iter().fold(*index, |index, removed| if removed <= index { index + 1 } else { index }))
                }
                key => key.clone(),
            };
            written.push(step);
        }
        written
    }

    fn describe(&mut self, detail: &str, path: &[PathStep]) -> Diagnostic {
        let steps = as_steps(path);
        if let Some(rest) = detail.strip_prefix("unknown field `") {
            let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
            let parent = match path.split_last() {
                Some((PathStep::Key(last), parent)) if last == key => parent,
                _ => path,
            };
            let known = backticked_words(expected);
            if let Some(near) = did_you_mean(key, known.iter().map(String::as_str)) {
                self.misspelt.push((parent.to_vec(), near.to_string()));
            }
            let (message, hint) = unknown_key(key, &known);
            return self.at(self.located.key(&steps), within(message, &display_path(parent))).with_hint(hint).with_code(Code::UnknownKey);
        }
        let (message, hint, code) = explain(detail);
        let diagnostic = self.at(self.located.value(&steps), within(message, &display_path(path))).with_code(code);
        match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        }
    }

    fn at(&self, span: Option<Span>, message: String) -> Diagnostic {
        let start = span.map_or(Location::new(self.first_line, 1), |span| span.start);
        Diagnostic::error(self.file, message).at(Some(start)).until(span.and_then(|span| span.end))
    }
}

/// Takes the key or list item at `path` out of `value`; false if there is none.
fn remove(value: &mut Value, path: &[PathStep]) -> bool {
    let Some((last, parents)) = path.split_last() else { return false };
    let Some(node) = node_mut(value, parents) else { return false };
    match (untagged(node), last) {
        (Value::Mapping(mapping), PathStep::Key(key)) => {
            let Some(written) = mapping.keys().find(|k| key_text(k).as_deref() == Some(key)).cloned() else { return false };
            mapping.shift_remove(&written).is_some()
        }
        (Value::Sequence(items), PathStep::Index(index)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

/// The node at `path` in `value`.
fn node_mut<'v>(value: &'v mut Value, path: &[PathStep]) -> Option<&'v mut Value> {
    let mut node = value;
    for step in path {
        node = match (untagged(node), step) {
            (Value::Mapping(mapping), PathStep::Key(key)) => mapping.iter_mut().find(|(k, _)| key_text(k).as_deref() == Some(key)).map(|(_, v)| v)?,
            (Value::Sequence(items), PathStep::Index(index)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The value under a `!tag`, which serde reads through.
fn untagged(value: &mut Value) -> &mut Value {
    match value {
        Value::Tagged(tagged) => untagged(&mut tagged.value),
        value => value,
    }
}

/// A mapping key as serde's path names it.
fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(value) => Some(value.to_string()),
        _ => None,
    }
}

/// Front matter that is not even a YAML value: one diagnostic for what
/// serde said (`path` is where it was, when known).
fn unreadable(yaml: &str, file: &str, first_line: u32, error: &serde_yaml::Error, path: &[PathStep], located: &LocatedYaml) -> Diagnostic {
    let full = error.to_string();
    if let Some(unclosed) = unclosed_bracket(&full, yaml, file, first_line) {
        return unclosed;
    }
    let message = strip_position_suffix(&full);
    let (path_text, detail) = split_path(&message);
    if let Some(duplicate) = duplicate_key(detail, file, path, located) {
        return duplicate;
    }
    let location = error.location().map(|loc| Location::new(loc.line() as u32 + first_line - 1, loc.column() as u32));
    let (message, hint, code) = explain(detail);
    let diagnostic = Diagnostic::error(file, within(message, path_text.unwrap_or_default())).at(location).with_code(code);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// "duplicate entry with key \"title\"": the key given twice, reported at
/// the second time, with the first as related place.
fn duplicate_key(detail: &str, file: &str, path: &[PathStep], located: &LocatedYaml) -> Option<Diagnostic> {
    let written = detail.strip_prefix("duplicate entry with key ")?;
    let key = match written.strip_prefix('"') {
        Some(quoted) => &quoted[..quoted.find('"')?],
        None => written,
    };
    let mapping = match path.split_last() {
        Some((PathStep::Key(last), parent)) if last == key => parent,
        _ => path,
    };
    let places = located.keys_named(&as_steps(mapping), key);
    let [first, second, ..] = places.as_slice() else { return None };
    Some(
        Diagnostic::error(file, within(format!("key `{key}` is given twice"), &display_path(mapping)))
            .at(Some(second.start))
            .until(second.end)
            .with_hint("keep one of them")
            .with_code(Code::DuplicateKey)
            .with_related(Related { file: file.to_string(), location: Some(first.start), note: "first given here".into() }),
    )
}

/// libyaml reports a `[` or `{` left open where it noticed ("did not find
/// expected ',' or ']'", often lines later) and names the collection's start
/// only in passing ("while parsing a flow sequence at line 3 column 8"):
/// point at the bracket instead, when no bracket closes it.
fn unclosed_bracket(message: &str, yaml: &str, file: &str, first_line: u32) -> Option<Diagnostic> {
    let (_, context) = message.split_once("while parsing a flow ")?;
    let (_, position) = context.split_once(" at line ")?;
    let (line, column) = position.split_once(" column ")?;
    let column = &column[..column.find(|c: char| !c.is_ascii_digit()).unwrap_or(column.len())];
    let opened_at = Location::new(line.parse().ok()?, column.parse().ok()?);
    let (location, bracket) = yaml_locate::unclosed_bracket(yaml, first_line, opened_at)?;
    let (close, collection) = if bracket == '[' { (']', "list") } else { ('}', "mapping") };
    Some(
        Diagnostic::error(file, format!("this `{bracket}` is never closed"))
            .at(Some(location))
            .until(Some(Location::new(location.line, location.column + 1)))
            .with_hint(format!("close the {collection} with `{close}` on the same line"))
            .with_code(Code::YamlSyntax),
    )
}

fn unknown_key(key: &str, known: &[String]) -> (String, String) {
    // Only where there is an `extra:` can free-form data go.
    let takes_extra = known.iter().any(|k| k == "extra");
    let hint = match (did_you_mean(key, known.iter().map(String::as_str)), takes_extra) {
        (Some(near), true) => format!("did you mean `{near}`? Free-form data goes under `extra:`"),
        (Some(near), false) => format!("did you mean `{near}`?"),
        (None, true) => format!("known keys: {}; free-form data goes under `extra:`", known.join(", ")),
        (None, false) => format!("known keys: {}", known.join(", ")),
    };
    (format!("unknown key `{key}`"), hint)
}

/// `message in `path``, or the message alone at the top level.
fn within(message: String, path: &str) -> String {
    if path.is_empty() {
        message
    } else {
        format!("{message} in `{path}`")
    }
}

/// serde_yaml starts a message about a nested value with its path: `events[0]: ...`.
fn split_path(message: &str) -> (Option<&str>, &str) {
    match message.split_once(": ") {
        Some((path, detail)) if !path.contains(' ') => (Some(path), detail),
        _ => (None, message),
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

/// serde's wording in the project's ("key", not "field"), with a hint and the problem's code.
fn explain(detail: &str) -> (String, Option<String>, Code) {
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let (message, hint) = unknown_key(key, &backticked_words(expected));
        return (message, Some(hint), Code::UnknownKey);
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let key = rest.trim_end_matches('`');
        return (format!("missing required key `{key}`"), Some(format!("add a line `{key}: ...` to the front matter")), Code::MissingKey);
    }
    if let Some(rest) = detail.strip_prefix("duplicate field `") {
        let key = rest.trim_end_matches('`');
        return (format!("key `{key}` is given twice"), Some("keep one of them".into()), Code::DuplicateKey);
    }
    if let Some(rest) = detail.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known = backticked_words(expected);
        return (format!("`{value}` is not an accepted value"), Some(format!("use one of: {}", known.join(", "))), Code::BadValue);
    }
    if detail.starts_with("data did not match any variant of untagged enum ActorRefFront") {
        let hint = "write `- islamic-state` or `- { id: islamic-state, role: perpetrator }`";
        return ("an actor must be an id or `{ id: ..., role: ... }`".into(), Some(hint.into()), Code::WrongType);
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ").or_else(|| detail.strip_prefix("invalid value: ")) {
        let readable = without_rust_names(rest);
        let hint = match readable.split_once(", expected ") {
            Some((_, expected)) => format!("write {expected} here"),
            None => "check the value's type".to_string(),
        };
        return (format!("wrong type: {readable}"), Some(hint), Code::WrongType);
    }
    // Everything else is a YAML syntax error.
    let hint = "check the YAML syntax: quote text containing `: `, `#`, `[` or `{`, and keep list items aligned";
    (without_rust_names(detail), Some(hint.into()), Code::YamlSyntax)
}

/// serde names Rust types in its messages ("struct ArticleFront", "as u128").
fn without_rust_names(message: &str) -> String {
    let mut text = message.replace(" as u128", "").replace(" as i128", "").replace(" as u64", "").replace(" as i64", "");
    // Counts in settings (`articles_per_page`, `swimlane_actors`) are read as unsigned integers.
    for unsigned in ["usize", "u64", "u32"] {
        text = text.replace(&format!("expected {unsigned}"), "expected a whole number, 0 or more");
    }
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
