//! `stele check --fix`: adds missing `sites:`/`actors:` annotations to front
//! matter as a minimal text edit, so comments, key order and formatting
//! elsewhere in the file stay byte-for-byte as they were.

use std::collections::BTreeMap;
use std::path::Path;
use stele_parse::frontmatter;
use stele_parse::yaml_locate::{locate_node, NodeKind, Step};
use stele_resolve::MissingAnnotation;

/// Adds `ids` to the list `key` of the front matter YAML `yaml`.
fn add_to_list(yaml: &str, key: &str, ids: &[&str]) -> Option<String> {
    let joined = ids.join(", ");
    let Some((kind, location)) = locate_node(yaml, 1, &[Step::Key(key)]) else {
        // No such key: a new line at the end of the front matter.
        let separator = if yaml.is_empty() || yaml.ends_with('\n') { "" } else { "\n" };
        return Some(format!("{yaml}{separator}{key}: [{joined}]\n"));
    };
    let start = location.offset_in(yaml)?;
    let mut edited = yaml.to_string();
    match kind {
        NodeKind::Sequence if yaml[start..].starts_with('[') => {
            let close = start + yaml[start..].find(']')?;
            let is_empty = yaml[start + 1..close].trim().is_empty();
            let insertion = if is_empty { joined } else { format!(", {joined}") };
            // Insert right after the last item, before any space that precedes `]`.
            let at = start + 1 + yaml[start + 1..close].trim_end().len();
            edited.insert_str(at, &insertion);
        }
        NodeKind::Sequence => {
            // A block list: new items after the last one, at its indentation.
            let line_start = yaml[..start].rfind('\n').map_or(0, |i| i + 1);
            // The marker may sit on the `-` or on the first item; the indent is the line's.
            let line = &yaml[line_start..];
            let indent = &line[..line.len() - line.trim_start_matches(' ').len()];
            let (mut end, mut scanned) = (line_start, line_start);
            for line in yaml[line_start..].split_inclusive('\n') {
                let trimmed = line.trim_start();
                let is_item = line.starts_with(indent) && (trimmed.starts_with('-') || line[indent.len()..].starts_with(' '));
                scanned += line.len();
                if is_item && !trimmed.starts_with('#') {
                    end = scanned;
                } else if !(trimmed.trim().is_empty() || trimmed.starts_with('#')) {
                    break;
                }
            }
            // Blank and comment lines after the last item belong to what follows.
            let at = end;
            let newline = if at == yaml.len() && !yaml.ends_with('\n') { "\n" } else { "" };
            let items: String = ids.iter().map(|id| format!("{indent}- {id}\n")).collect();
            edited.insert_str(at, &format!("{newline}{items}"));
        }
        NodeKind::Scalar => {
            // `sites:` with no value (null): give it one, on the key's line.
            let key_location = stele_parse::yaml_locate::locate_key(yaml, 1, &[Step::Key(key)])?;
            let key_start = key_location.offset_in(yaml)?;
            let colon = key_start + yaml[key_start..].find(':')? + 1;
            let line_end = colon + yaml[colon..].find('\n').unwrap_or(yaml.len() - colon);
            let value = yaml[colon..line_end].split('#').next().unwrap_or_default().trim();
            if !(value.is_empty() || value == "~" || value == "null") {
                return None;
            }
            edited.replace_range(colon..line_end, &format!(" [{joined}]"));
        }
        NodeKind::Mapping => return None,
    }
    Some(edited)
}

/// Applies every addition to its file; returns the files changed and the
/// files that could not be edited (with why).
pub fn apply(root: &Path, missing: &[MissingAnnotation]) -> (Vec<String>, Vec<(String, String)>) {
    let mut by_file: BTreeMap<&str, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
    for m in missing {
        let ids = by_file.entry(&m.file).or_default().entry(m.list).or_default();
        if !ids.contains(&m.id.as_str()) {
            ids.push(&m.id);
        }
    }
    let mut changed = Vec::new();
    let mut failed = Vec::new();
    for (file, lists) in by_file {
        match fix_file(&root.join(file), &lists) {
            Ok(()) => changed.push(file.to_string()),
            Err(why) => failed.push((file.to_string(), why)),
        }
    }
    (changed, failed)
}

fn fix_file(path: &Path, lists: &BTreeMap<&str, Vec<&str>>) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let split = frontmatter::split(&text)?;
    let yaml_start = split.yaml_offset;
    let mut yaml = split.yaml.to_string();
    for (list, ids) in lists {
        yaml = add_to_list(&yaml, list, ids).ok_or_else(|| format!("cannot add to `{list}:` automatically; edit it by hand"))?;
    }
    let fixed = format!("{}{}{}", &text[..yaml_start], yaml, &text[yaml_start + split.yaml.len()..]);
    std::fs::write(path, fixed).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::add_to_list;

    #[test]
    fn flow_lists_get_items_appended() {
        assert_eq!(add_to_list("sites: [a, b] # keep\ntitle: x\n", "sites", &["c"]).unwrap(), "sites: [a, b, c] # keep\ntitle: x\n");
        assert_eq!(add_to_list("sites: []\n", "sites", &["c", "d"]).unwrap(), "sites: [c, d]\n");
    }

    #[test]
    fn block_lists_keep_indentation_and_comments() {
        let yaml = "actors:\n  - a # first\n  - b\n# about tags\ntags: [x]\n";
        assert_eq!(add_to_list(yaml, "actors", &["c"]).unwrap(), "actors:\n  - a # first\n  - b\n  - c\n# about tags\ntags: [x]\n");
        let at_end = "title: t\nactors:\n- a";
        assert_eq!(add_to_list(at_end, "actors", &["b"]).unwrap(), "title: t\nactors:\n- a\n- b\n");
    }

    #[test]
    fn missing_or_null_lists_are_created() {
        assert_eq!(add_to_list("title: x\n", "sites", &["p"]).unwrap(), "title: x\nsites: [p]\n");
        assert_eq!(add_to_list("sites:\ntitle: x\n", "sites", &["p"]).unwrap(), "sites: [p]\ntitle: x\n");
    }
}
