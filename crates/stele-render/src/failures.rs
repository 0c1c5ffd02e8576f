//! Pages that failed to render, as diagnostics: one per mistake, in the
//! template that holds it, however many pages it broke.
//!
//! Rendering runs page by page, in parallel, so one slip in `base.html`
//! fails every page. Tera's errors say what was missing (a variable, a
//! filter) but not where: they name the page's template rather than the
//! parent or partial holding the expression, and carry no line. So each
//! failure is kept as data (`RenderFailure`, with what the page's context
//! had where a variable path stopped), and `report` locates it afterwards in
//! the template texts and folds the failures of every page into one
//! diagnostic. All of this runs only when a page failed.

use serde_json::Value;
use std::collections::BTreeMap;
use stele_core::diagnostics::{Code, Diagnostic, LineIndex, Location};
use stele_core::suggest::nearest;
use tera::Tera;

/// One page that did not render.
#[derive(Debug, Clone)]
pub struct RenderFailure {
    /// The page's output path.
    pub page: String,
    /// The template the page was rendered with.
    pub template: &'static str,
    pub cause: Cause,
    /// Templates Tera's message names, most specific first.
    pub named: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// Something a template uses that does not exist where it is used.
    Missing(Missing),
    /// Anything else, as Tera says it (without the parts naming the page's template).
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// A variable path (`article.titel`), and what the page's context has
    /// where the path stopped: (the part that exists, e.g. `article`, and its keys).
    Variable {
        path: String,
        known: Option<(String, Vec<String>)>,
    },
    Filter(String),
    Function(String),
    Test(String),
    /// `namespace::name`.
    Macro(String),
}

impl Missing {
    fn describe(&self) -> String {
        match self {
            Missing::Variable { path, .. } => format!("unknown variable `{path}`"),
            Missing::Filter(name) => format!("unknown filter `{name}`"),
            Missing::Function(name) => format!("unknown function `{name}`"),
            Missing::Test(name) => format!("unknown test `{name}`"),
            Missing::Macro(name) => format!("unknown macro `{name}`"),
        }
    }
}

impl RenderFailure {
    /// `err` from rendering `page` with `template`; `context` is the page's
    /// context as Tera had it, to say what a missing variable could have meant.
    /// Boxed: it is the error side of every page's result, which stays small.
    pub fn new(page: &str, template: &'static str, err: &tera::Error, context: Option<&Value>) -> Box<Self> {
        let messages = chain(err);
        let cause = missing(err, &messages, context).map_or_else(|| Cause::Other(other_detail(&messages)), Cause::Missing);
        Box::new(RenderFailure { page: page.to_string(), template, cause, named: named_templates(&messages) })
    }
}

/// Every message of an error and its sources, outermost first.
fn chain(err: &tera::Error) -> Vec<String> {
    let mut messages = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        messages.push(inner.to_string());
        source = inner.source();
    }
    messages
}

/// What was missing, from Tera's typed errors and, for variables and
/// macros (plain messages in Tera), from the wording of the innermost one.
fn missing(err: &tera::Error, messages: &[String], context: Option<&Value>) -> Option<Missing> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(current) = source {
        if let Some(tera_error) = current.downcast_ref::<tera::Error>() {
            match &tera_error.kind {
                tera::ErrorKind::FilterNotFound(name) => return Some(Missing::Filter(name.clone())),
                tera::ErrorKind::FunctionNotFound(name) => return Some(Missing::Function(name.clone())),
                tera::ErrorKind::TestNotFound(name) => return Some(Missing::Test(name.clone())),
                _ => {}
            }
        }
        source = current.source();
    }
    let innermost = messages.last()?;
    if let Some(path) = between(innermost, "Variable `", "` not found in context") {
        let known = context.and_then(|context| known_at_failure(path, context));
        return Some(Missing::Variable { path: path.to_string(), known });
    }
    between(innermost, "Macro `", "` not found in template").map(|name| Missing::Macro(name.to_string()))
}

/// The text between `open` at the start of `text` and the next `close`.
fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
    let rest = text.strip_prefix(open)?;
    Some(&rest[..rest.find(close)?])
}

/// Where `path` stops existing in `context`: the part that exists (empty at
/// the top level) and the keys it has.
fn known_at_failure(path: &str, context: &Value) -> Option<(String, Vec<String>)> {
    let segments: Vec<&str> = path.split('.').collect();
    let mut current = context;
    for (i, segment) in segments.iter().enumerate() {
        let next = match current {
            Value::Object(map) => map.get(*segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|ix| items.get(ix)),
            _ => None,
        };
        match (next, current) {
            (Some(value), _) => current = value,
            (None, Value::Object(map)) => return Some((segments[..i].join("."), map.keys().cloned().collect())),
            (None, _) => return None,
        }
    }
    None
}

/// Tera's own words for a failure that is not a missing name, without the
/// parts that name the page's template (which differ page by page).
fn other_detail(messages: &[String]) -> String {
    let mut parts: Vec<&str> = messages.iter().map(String::as_str).filter(|m| !m.starts_with("Failed to render '")).collect();
    parts.dedup();
    const IN_MACRO: &str = "error while rendering macro `";
    let macro_note = messages.iter().find_map(|m| between(&m[m.find(IN_MACRO)?..], IN_MACRO, "`"));
    let detail = if parts.is_empty() { messages.last().map_or("", String::as_str).to_string() } else { parts.join(": ") };
    match macro_note {
        Some(name) => format!("{detail} (in macro `{name}`)"),
        None => detail,
    }
}

/// Template names quoted in Tera's messages, most specific first: where the
/// error happened, the template being rendered, the page's template.
fn named_templates(messages: &[String]) -> Vec<String> {
    let mut names = Vec::new();
    for marker in ["error happened in '", "while rendering '", "Failed to render '"] {
        for message in messages.iter().rev() {
            for (at, _) in message.match_indices(marker) {
                let rest = &message[at + marker.len()..];
                if let Some(end) = rest.find('\'') {
                    names.push(rest[..end].to_string());
                }
            }
        }
    }
    names
}

/// Where a failure is reported, and what is said there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    template: String,
    location: Option<Location>,
    problem: String,
}

/// The failures of one place, over every page.
#[derive(Default)]
struct Group {
    pages: Vec<String>,
    /// Keys that exist where a variable path stopped, over every page (pages
    /// of different kinds have different data).
    known: Option<(String, Vec<String>)>,
    missing: Option<Missing>,
}

/// One diagnostic per distinct failure (same template, place and problem),
/// saying on how many pages it happened and naming the first (in the order
/// given, which is the plan's). `sources`: the template texts in use;
/// `overrides`: the names of those the project provides.
pub fn report(failures: Vec<RenderFailure>, tera: &Tera, sources: &[(&str, &str)], overrides: &[String]) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<Place, Group> = BTreeMap::new();
    for failure in failures {
        let place = locate(&failure, tera, sources);
        let place = blame_macro_file(place, &failure.cause, tera, overrides);
        let group = groups.entry(place).or_default();
        group.pages.push(failure.page);
        if let Cause::Missing(missing) = failure.cause {
            if let Missing::Variable { known: Some((prefix, keys)), .. } = &missing {
                let (first_prefix, all) = group.known.get_or_insert_with(|| (prefix.clone(), Vec::new()));
                // A path can stop at different depths on different pages; the first page's depth is the one suggested from.
                if first_prefix == prefix {
                    all.extend(keys.iter().cloned());
                }
            }
            group.missing.get_or_insert(missing);
        }
    }
    groups.into_iter().map(|(place, group)| diagnostic(place, group, tera, overrides)).collect()
}

fn diagnostic(place: Place, group: Group, tera: &Tera, overrides: &[String]) -> Diagnostic {
    let pages = match group.pages.as_slice() {
        [one] => format!("on {one}"),
        [first, ..] => format!("on {} pages, e.g. {first}", group.pages.len()),
        [] => String::new(),
    };
    let hint = group.missing.as_ref().and_then(|missing| suggestion(missing, group.known.as_ref(), tera));
    let hint = match (overrides.contains(&place.template), hint) {
        (true, Some(hint)) => hint,
        (true, None) => match &group.missing {
            Some(Missing::Variable { .. }) => "docs/templates.md lists what each template receives".to_string(),
            Some(Missing::Filter(_)) => "see Tera's built-in filters: https://keats.github.io/tera/docs/#built-in-filters".to_string(),
            Some(Missing::Macro(_)) => "an override of a macro file must define every macro that templates importing it call".to_string(),
            _ => "see docs/templates.md and Tera's documentation: https://keats.github.io/tera/docs/".to_string(),
        },
        (false, hint) => {
            let builtin = format!(
                "`{}` is stele's built-in template; a template of yours that it uses (an override of one it extends, includes or imports) probably lacks something it needs",
                place.template
            );
            match hint {
                Some(hint) => format!("{hint} ({builtin})"),
                None => builtin,
            }
        }
    };
    Diagnostic::error(format!("templates/{}", place.template), format!("{} ({pages})", place.problem))
        .with_code(Code::TemplateError)
        .at(place.location)
        .with_hint(hint)
}

/// "did you mean ...?" for a missing variable (from what the context has
/// where its path stopped) or filter (from the filters Tera has).
fn suggestion(missing: &Missing, known: Option<&(String, Vec<String>)>, tera: &Tera) -> Option<String> {
    let (written, candidates, prefix): (&str, Vec<&str>, &str) = match missing {
        Missing::Variable { path, .. } => {
            let (prefix, keys) = known?;
            let depth = if prefix.is_empty() { 0 } else { prefix.split('.').count() };
            let segment = path.split('.').nth(depth)?;
            (segment, keys.iter().map(String::as_str).collect(), prefix.as_str())
        }
        Missing::Filter(name) => (name.as_str(), filter_names(tera), ""),
        _ => return None,
    };
    let near = nearest(written, candidates, 3);
    if near.is_empty() {
        return None;
    }
    let with_prefix = |name: &str| if prefix.is_empty() { format!("`{name}`") } else { format!("`{prefix}.{name}`") };
    Some(format!("did you mean {}?", near.iter().map(|name| with_prefix(name)).collect::<Vec<_>>().join(", ")))
}

/// Tera 1's built-in filters (those compiled in answer to `get_filter`), and
/// the two it handles itself.
fn filter_names(tera: &Tera) -> Vec<&'static str> {
    const TERA_FILTERS: &str = "upper lower trim trim_start trim_end trim_start_matches trim_end_matches truncate wordcount replace \
        capitalize title linebreaksbr indent striptags spaceless urlencode urlencode_strict escape escape_xml slugify addslashes split int \
        float first last nth join sort unique slice group_by filter map concat abs pluralize round filesizeformat length reverse date \
        json_encode as_str get";
    TERA_FILTERS.split_whitespace().filter(|name| tera.get_filter(name).is_ok()).chain(["safe", "default"]).collect()
}

/// The template and position of a failure: for something missing, the
/// first tag that uses it, in the templates Tera named, then the page's
/// template with those it extends and imports, then every other one.
fn locate(failure: &RenderFailure, tera: &Tera, sources: &[(&str, &str)]) -> Place {
    let order = search_order(failure, tera, sources);
    let fallback = order.first().map_or_else(|| failure.template.to_string(), |name| name.to_string());
    match &failure.cause {
        Cause::Missing(missing) => {
            let found = order.iter().find_map(|&name| {
                let text = sources.iter().find(|(n, _)| *n == name)?.1;
                find_use(text, missing).map(|location| (name, location))
            });
            let (template, location) = match found {
                Some((name, location)) => (name.to_string(), Some(location)),
                None => (fallback, None),
            };
            Place { template, location, problem: missing.describe() }
        }
        Cause::Other(detail) => Place { template: fallback, location: None, problem: format!("cannot render: {detail}") },
    }
}

/// A built-in template calling a macro that a project's override of the
/// macro file lacks: the override is what to fix.
fn blame_macro_file(place: Place, cause: &Cause, tera: &Tera, overrides: &[String]) -> Place {
    let Cause::Missing(Missing::Macro(full_name)) = cause else { return place };
    let Some((namespace, name)) = full_name.split_once("::") else { return place };
    if overrides.contains(&place.template) {
        return place;
    }
    let imported = tera.get_template(&place.template).ok().and_then(|t| t.imported_macro_files.iter().find(|(_, ns)| ns == namespace));
    match imported {
        Some((file, _)) if overrides.contains(file) => Place {
            template: file.clone(),
            location: None,
            problem: format!("no macro `{name}`, which the built-in `{}` calls as `{full_name}`", place.template),
        },
        _ => place,
    }
}

fn search_order<'s>(failure: &RenderFailure, tera: &Tera, sources: &[(&'s str, &str)]) -> Vec<&'s str> {
    let known = |name: &str| sources.iter().map(|(n, _)| *n).find(|n| *n == name);
    let mut order: Vec<&str> = failure.named.iter().filter_map(|name| known(name)).collect();
    let mut family = vec![failure.template.to_string()];
    if let Ok(template) = tera.get_template(failure.template) {
        family.extend(template.parents.iter().cloned());
    }
    for name in family.clone() {
        if let Ok(template) = tera.get_template(&name) {
            family.extend(template.imported_macro_files.iter().map(|(file, _)| file.clone()));
        }
    }
    order.extend(family.iter().filter_map(|name| known(name)));
    order.extend(sources.iter().map(|(name, _)| *name));
    let mut seen = std::collections::HashSet::new();
    order.retain(|name| seen.insert(*name));
    order
}

/// The position of the first use of `missing` in a tag (`{{ }}` or `{% %}`) of `text`.
fn find_use(text: &str, missing: &Missing) -> Option<Location> {
    let offset = tags(text).find_map(|(start, tag)| use_in_tag(tag, missing).map(|at| start + at))?;
    Some(LineIndex::new(text).location(text, offset))
}

/// Each tag's inside, with its byte offset in `text`; comments are skipped.
fn tags(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let open = at + text[at..].find('{')?;
        let close = match text.as_bytes().get(open + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        let inner = open + 2;
        let end = text[inner..].find(close).map_or(text.len(), |e| inner + e);
        at = (end + 2).min(text.len());
        if close != "#}" {
            return Some((inner, &text[inner..end]));
        }
    })
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Offsets of `word` in `tag` not inside a longer name or path.
fn word_offsets<'t>(tag: &'t str, word: &'t str) -> impl Iterator<Item = usize> + 't {
    tag.match_indices(word).map(|(at, _)| at).filter(move |&at| {
        let before = tag[..at].bytes().next_back();
        let after = tag.as_bytes().get(at + word.len()).copied();
        !before.is_some_and(|b| is_name_byte(b) || b == b'.' || b == b':') && !after.is_some_and(is_name_byte)
    })
}

/// Where in `tag` `missing` is used, if it is.
fn use_in_tag(tag: &str, missing: &Missing) -> Option<usize> {
    let preceded_by = |at: usize, token: &str| tag[..at].trim_end().ends_with(token);
    let followed_by = |at: usize, len: usize, token: &str| tag[at + len..].trim_start().starts_with(token);
    match missing {
        Missing::Variable { path, .. } => word_offsets(tag, path).next(),
        Missing::Filter(name) => word_offsets(tag, name).find(|&at| preceded_by(at, "|")),
        Missing::Function(name) => word_offsets(tag, name).find(|&at| followed_by(at, name.len(), "(")),
        Missing::Test(name) => word_offsets(tag, name).find(|&at| preceded_by(at, " is") || preceded_by(at, " not")),
        Missing::Macro(name) => tag.find(name.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera_with(templates: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        tera
    }

    #[test]
    fn a_missing_variable_is_found_in_the_parent_that_uses_it() {
        let base = "<html>\n<title>{{ page.title }}</title>\n<a>{{ page.titel }}</a>\n{% block content %}{% endblock content %}";
        let child = "{% extends \"base.html\" %}{% block content %}{{ article.title }}{% endblock content %}";
        let sources = [("article.html", child), ("base.html", base)];
        let tera = tera_with(&sources);
        let context = serde_json::json!({"root": "", "page": {"title": "T", "kind": "article"}, "article": {"title": "A"}});
        let err = tera.render("article.html", &tera::Context::from_value(context.clone()).unwrap()).unwrap_err();
        let failures = ["a/index.html", "b/index.html"].map(|page| RenderFailure::new(page, "article.html", &err, Some(&context)));
        let diagnostics = report(failures.map(|f| *f).into(), &tera, &sources, &["base.html".to_string()]);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(
            diagnostics[0].to_string(),
            "templates/base.html:3:7: error: unknown variable `page.titel` (on 2 pages, e.g. a/index.html) (did you mean `page.title`?)"
        );
    }

    #[test]
    fn a_missing_filter_is_found_after_a_pipe() {
        let sources = [("x.html", "{{ upper }}\n{{ x | upper }} {{ x|uppper(n=1) }}")];
        let tera = tera_with(&[("x.html", "{{ 1 }}")]);
        let place = locate(
            &RenderFailure { page: "p".into(), template: "x.html", cause: Cause::Missing(Missing::Filter("uppper".into())), named: vec![] },
            &tera,
            &sources,
        );
        assert_eq!(place.location, Some(Location::new(2, 22)));
        assert_eq!(suggestion(&Missing::Filter("uppper".into()), None, &tera).as_deref(), Some("did you mean `upper`?"));
    }

    #[test]
    fn variable_paths_stop_where_the_context_does() {
        let context = serde_json::json!({"page": {"title": "T"}, "list": [{"name": "n"}]});
        assert_eq!(known_at_failure("page.titel", &context), Some(("page".into(), vec!["title".into()])));
        assert_eq!(known_at_failure("list.0.nam", &context), Some(("list.0".into(), vec!["name".into()])));
        assert_eq!(known_at_failure("pgae", &context).map(|(prefix, _)| prefix), Some(String::new()));
        assert_eq!(known_at_failure("page.title", &context), None);
    }

    #[test]
    fn names_inside_longer_names_are_not_uses() {
        let missing = Missing::Variable { path: "page.title".into(), known: None };
        assert_eq!(use_in_tag(" mypage.title ", &missing), None);
        assert_eq!(use_in_tag(" page.titles ", &missing), None);
        assert_eq!(use_in_tag(" x ~ page.title ", &missing), Some(5));
        assert_eq!(tags("a {# {{ page.title }} #} {{ b }} {% c %}").map(|(_, t)| t).collect::<Vec<_>>(), [" b ", " c "]);
    }
}
