//! The interface texts every template receives beside a page's data: `t`,
//! the whole table; `tm`, the texts the built-in macros use; and `tx`, per
//! built-in macro, the texts that macro (and the macros it calls) use.
//!
//! Macros do not see the page's context, so a macro that shows words takes
//! them as its `t` argument, and Tera copies a macro's arguments on every
//! call. A page calls macros per card and per row: copying the whole table,
//! or even `tm`, each time cost more than the rest of many pages. So the
//! built-in templates pass each macro its own part, `t=tx.site_list`.
//!
//! The values are made once per build and table. Each rendering thread
//! keeps its own copy (`THREAD_TEXTS`), moved into a page's context and
//! back out after rendering (`with_texts`), never copied per page.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The texts as Tera's values, for one table (by its hash).
#[derive(Clone)]
pub(crate) struct TextValues {
    table_hash: u64,
    t: Value,
    tm: Value,
    tx: Value,
}

/// The names the texts have in a template's context.
const NAMES: [&str; 3] = ["t", "tm", "tx"];

thread_local! {
    /// The texts this thread last rendered with.
    static THREAD_TEXTS: std::cell::Cell<Option<TextValues>> = const { std::cell::Cell::new(None) };
}

impl TextValues {
    pub(crate) fn new(table: &stele_i18n::Table, table_hash: u64) -> TextValues {
        let t = serde_json::to_value(table).unwrap_or_default();
        let Value::Object(all) = &t else {
            return TextValues { table_hash, t, tm: Value::Null, tx: Value::Null };
        };
        let macros = crate::templates::built_in("macros.html").unwrap_or_default();
        let tm = texts_for(all, &keys_named_in(macros), &prefixes_looked_up_in(macros));
        let tx = texts_by_macro(all, macros);
        TextValues { table_hash, t, tm, tx }
    }

    /// `t`, `tm` and `tx` put into `fields`, as a template receives them.
    pub(crate) fn put_into(self, fields: &mut Map<String, Value>) {
        let TextValues { t, tm, tx, .. } = self;
        for (name, value) in NAMES.into_iter().zip([t, tm, tx]) {
            fields.insert(name.to_string(), value);
        }
    }

    /// Runs `render` with `fields` and these texts in one context, the
    /// texts this thread keeps moved in and back out. On failure, the
    /// context as JSON (texts included) goes with the error.
    pub(crate) fn with_texts<R>(
        &self,
        mut fields: Map<String, Value>,
        render: impl FnOnce(&tera::Context) -> tera::Result<R>,
    ) -> Result<R, (tera::Error, Value)> {
        THREAD_TEXTS.with(|cell| {
            let kept = cell.take().filter(|texts| texts.table_hash == self.table_hash).unwrap_or_else(|| self.clone());
            let table_hash = kept.table_hash;
            kept.put_into(&mut fields);
            let mut context = tera::Context::from_value(Value::Object(fields)).map_err(|err| (err, Value::Null))?;
            let rendered = render(&context);
            let [t, tm, tx] = NAMES.map(|name| context.remove(name).unwrap_or_default());
            let back = TextValues { table_hash, t, tm, tx };
            let rendered = rendered.map_err(|err| {
                let mut json = context.into_json();
                if let Value::Object(fields) = &mut json {
                    back.clone().put_into(fields);
                }
                (err, json)
            });
            cell.set(Some(back));
            rendered
        })
    }
}

/// The `t.key`s `source` names.
fn keys_named_in(source: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    let mut rest = source;
    while let Some(at) = rest.find("t.") {
        let before = source.len() - rest.len() + at;
        let key: String = rest[at + 2..].chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_').collect();
        let standalone = source[..before].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        if standalone && !key.is_empty() {
            named.insert(key);
        }
        rest = &rest[at + 2..];
    }
    named
}

/// The prefixes of the keys `source` looks up by a name it makes
/// (`{% set word = "status_" ~ s %}{{ t[word] }}`): each `"prefix_" ~`.
fn prefixes_looked_up_in(source: &str) -> BTreeSet<String> {
    let mut prefixes = BTreeSet::new();
    let mut rest = source;
    while let Some(at) = rest.find("_\" ~") {
        let start = rest[..at].rfind('"').map_or(at, |quote| quote + 1);
        let prefix = &rest[start..=at];
        if !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            prefixes.insert(prefix.to_string());
        }
        rest = &rest[at + 1..];
    }
    prefixes
}

/// The texts of `all` named `keys`, and those whose key starts with one of `prefixes`.
fn texts_for(all: &Map<String, Value>, keys: &BTreeSet<String>, prefixes: &BTreeSet<String>) -> Value {
    let wanted = |key: &str| keys.contains(key) || prefixes.iter().any(|prefix| key.starts_with(prefix.as_str()));
    Value::Object(all.iter().filter(|(key, _)| wanted(key)).map(|(key, value)| (key.clone(), value.clone())).collect())
}

/// Per macro of `macros` that shows words: the texts it and the macros it
/// calls (`self::name(`) use.
fn texts_by_macro(all: &Map<String, Value>, macros: &str) -> Value {
    let bodies = macro_bodies(macros);
    let mut by_macro = Map::new();
    for name in bodies.keys() {
        let (mut keys, mut prefixes) = (BTreeSet::new(), BTreeSet::new());
        for called in called_from(&bodies, name) {
            keys.extend(keys_named_in(bodies[called]));
            prefixes.extend(prefixes_looked_up_in(bodies[called]));
        }
        if !keys.is_empty() || !prefixes.is_empty() {
            by_macro.insert(name.to_string(), texts_for(all, &keys, &prefixes));
        }
    }
    Value::Object(by_macro)
}

/// Each macro's name and text, from its `{% macro` to its `endmacro`.
fn macro_bodies(macros: &str) -> BTreeMap<&str, &str> {
    let mut bodies = BTreeMap::new();
    let mut rest = macros;
    while let Some(at) = rest.find("{% macro ") {
        let from = &rest[at + "{% macro ".len()..];
        let name = &from[..from.find('(').unwrap_or(0)];
        let end = from.find("endmacro").unwrap_or(from.len());
        bodies.insert(name.trim(), &from[..end]);
        rest = &from[end..];
    }
    bodies
}

/// `name` and every macro it calls, directly or not.
fn called_from<'m>(bodies: &BTreeMap<&'m str, &'m str>, name: &'m str) -> BTreeSet<&'m str> {
    let mut seen = BTreeSet::from([name]);
    let mut next = vec![name];
    while let Some(current) = next.pop() {
        for (&other, _) in bodies.iter() {
            if bodies[current].contains(&format!("self::{other}(")) && seen.insert(other) {
                next.push(other);
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> TextValues {
        TextValues::new(&stele_i18n::Table::for_language("ar"), 1)
    }

    #[test]
    fn each_macro_gets_the_texts_it_and_its_callees_name() {
        let tx = texts().tx;
        let keys = |name: &str| tx[name].as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
        // site_list -> site_card -> record, label.
        assert_eq!(keys("site_list"), ["count_events", "count_reports", "record_here", "record_inside"]);
        assert_eq!(keys("neighbours"), ["arrow_next", "arrow_previous"]);
        assert!(keys("status").contains(&"status_prefix".to_string()) && keys("status").contains(&"status_disputed".to_string()));
        assert!(tx["site_list"]["count_events"].is_object(), "a count keeps its plural forms");
        assert!(tx.get("label").is_none(), "label shows no words of the table");
        assert!(!keys("status").iter().any(|key| key.starts_with("figure_")), "status looks up status words only");
        assert!(keys("figure_label").contains(&"figure_killed".to_string()));
    }

    #[test]
    fn every_text_a_built_in_macro_names_is_in_tm() {
        let TextValues { tm, tx, .. } = texts();
        for (name, texts) in tx.as_object().expect("tx is a map") {
            for key in texts.as_object().expect("texts are a map").keys() {
                assert!(tm.get(key).is_some(), "{name} uses {key}, which tm lacks");
            }
        }
    }
}
