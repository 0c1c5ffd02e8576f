//! Templates that would recurse forever.
//!
//! Tera has no recursion limit: a template that includes itself, or a macro
//! that calls itself unconditionally, overflows the stack and aborts the
//! process. That is no way to answer a typo in a theme, so these cycles are
//! found by reading the templates' tags before anything renders.

use std::collections::{BTreeMap, BTreeSet};
use stele_core::diagnostics::{Code, Diagnostic};

/// The `{% ... %}` tags of a template, trimmed of `-` and whitespace.
fn tags(text: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("%}") else { break };
        tags.push(after[..end].trim_matches(|c: char| c == '-' || c.is_whitespace()));
        rest = &after[end + 2..];
    }
    tags
}

/// The quoted template name in `include "x"`, `extends "x"`, `import "x" as y`.
fn referenced_template(tag: &str) -> Option<&str> {
    let (keyword, rest) = tag.split_once(char::is_whitespace)?;
    if !matches!(keyword, "include" | "extends" | "import") {
        return None;
    }
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    rest[1..].split(quote).next()
}

/// Macros whose body calls themselves outside any `if`/`for`: they never stop.
fn unconditionally_recursive_macros(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{% macro ").or_else(|| rest.find("{%- macro ")) {
        let after = &rest[start..];
        let Some(head_end) = after.find("%}") else { break };
        let head = &after[..head_end];
        let name = head.split("macro").nth(1).and_then(|s| s.trim().split('(').next()).unwrap_or_default().trim().to_string();
        let body_start = head_end + 2;
        let Some(body_len) = after[body_start..].find("endmacro") else { break };
        let body = &after[body_start..body_start + body_len];
        let call = format!("self::{name}(");
        let mut depth = 0usize;
        for (position, segment) in body.split("{%").enumerate() {
            let tag = segment.split("%}").next().unwrap_or_default().trim_matches(|c: char| c == '-' || c.is_whitespace());
            if position > 0 {
                let keyword = tag.split_whitespace().next().unwrap_or_default();
                match keyword {
                    "if" | "for" => depth += 1,
                    "endif" | "endfor" => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            if depth == 0 && !name.is_empty() && segment.contains(&call) {
                found.push(name.clone());
                break;
            }
        }
        rest = &after[body_start + body_len..];
    }
    found
}

/// Errors for templates that include themselves (directly or through others)
/// or use a macro that recurses unconditionally; `sources` are (name, text).
pub fn check(sources: &[(&str, &str)], is_override: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
    let mut uses: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut recursive_macros: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (name, text) in sources {
        uses.insert(name, tags(text).into_iter().filter_map(referenced_template).collect());
        let recursive = unconditionally_recursive_macros(text);
        if !recursive.is_empty() {
            recursive_macros.insert(name, recursive);
        }
    }
    let file = |name: &str| if is_override(name) { format!("templates/{name}") } else { format!("built-in template {name}") };
    let mut problems = Vec::new();
    for (name, _) in sources {
        // Everything reachable from this template, and whether it comes back.
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut stack: Vec<&str> = uses.get(name).into_iter().flatten().copied().collect();
        let mut cycle = false;
        while let Some(next) = stack.pop() {
            if next == *name {
                cycle = true;
            }
            if seen.insert(next) {
                stack.extend(uses.get(next).into_iter().flatten().copied());
            }
        }
        if cycle {
            problems.push(
                Diagnostic::error(file(name), format!("template `{name}` includes itself (directly or through other templates)"))
                    .with_code(Code::TemplateRecursion)
                    .with_hint("rendering would never end: remove the include, extends or import that leads back to it"),
            );
            continue;
        }
        seen.insert(name);
        for used in seen {
            for macro_name in recursive_macros.get(used).into_iter().flatten() {
                problems.push(
                    Diagnostic::error(file(name), format!("macro `{macro_name}` in `{used}` calls itself unconditionally"))
                        .with_code(Code::TemplateRecursion)
                        .with_hint("rendering would never end: call it only inside an `if` or `for` that stops"),
                );
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_self_inclusion_and_runaway_macros() {
        let looping = [("a.html", "{% include \"b.html\" %}"), ("b.html", "{%- include 'a.html' -%}")];
        assert_eq!(check(&looping, |_| true).len(), 2);
        let runaway = [("m.html", "{% macro m(n) %}{{ self::m(n=n+1) }}{% endmacro m %}"), ("p.html", "{% import \"m.html\" as l %}")];
        let problems = check(&runaway, |_| true);
        assert!(problems.iter().any(|d| d.file == "templates/p.html" && d.message.contains("macro `m`")), "{problems:?}");
    }

    #[test]
    fn bounded_recursion_is_fine() {
        let tree = [("t.html", "{% macro walk(n) %}{% if n > 0 %}{{ self::walk(n=n-1) }}{% endif %}{% endmacro walk %}")];
        assert!(check(&tree, |_| true).is_empty());
    }
}
