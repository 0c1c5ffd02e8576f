//! Finds where a value sits in YAML text, for diagnostics.
//!
//! serde gives us typed data without positions. Rather than carry a position
//! for every value through the hot path, we re-read the YAML with a marking
//! parser only when a diagnostic needs a line and column.

use crate::diagnostics::{LineIndex, Location};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// One step into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

#[derive(Debug)]
enum Node {
    Scalar(Marker),
    Sequence(Marker, Vec<Node>),
    Mapping(Marker, Vec<(String, Marker, Node)>),
}

impl Node {
    /// Where the node is written. yaml-rust2 marks a block mapping at the
    /// `:` after its first key; the mapping begins at that key.
    fn marker(&self) -> Marker {
        match self {
            Node::Mapping(m, entries) => match entries.first() {
                Some((_, key, _)) if key.index() < m.index() => *key,
                _ => *m,
            },
            Node::Scalar(m) | Node::Sequence(m, _) => *m,
        }
    }
}

/// Builds the tree of nodes from parser events.
#[derive(Default)]
struct TreeBuilder {
    stack: Vec<(Node, Option<(String, Marker)>)>,
    root: Option<Node>,
}

impl TreeBuilder {
    fn push_value(&mut self, node: Node, scalar_text: Option<String>) {
        let Some((parent, pending_key)) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match parent {
            Node::Sequence(_, items) => items.push(node),
            Node::Mapping(_, entries) => match pending_key.take() {
                Some((key, key_marker)) => entries.push((key, key_marker, node)),
                // A mapping's first child of each pair is its key.
                None => *pending_key = Some((scalar_text.unwrap_or_default(), node.marker())),
            },
            Node::Scalar(_) => {}
        }
    }
}

impl MarkedEventReceiver for TreeBuilder {
    fn on_event(&mut self, event: Event, marker: Marker) {
        match event {
            Event::Scalar(text, ..) => self.push_value(Node::Scalar(marker), Some(text)),
            Event::Alias(_) => self.push_value(Node::Scalar(marker), None),
            Event::SequenceStart(..) => self.stack.push((Node::Sequence(marker, Vec::new()), None)),
            Event::MappingStart(..) => self.stack.push((Node::Mapping(marker, Vec::new()), None)),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, _)) = self.stack.pop() {
                    self.push_value(node, None);
                }
            }
            _ => {}
        }
    }
}

/// The file's line and column of `marker`. yaml-rust2 counts a lone `\r` as
/// a line break and puts the end of the stream on a line of its own, while
/// the file's lines end at `\n` (see `LineIndex`): the marker becomes a byte
/// offset by YAML's rules, and that offset a location by the file's.
fn to_location(yaml: &str, marker: Marker, first_line: u32) -> Location {
    let offset = byte_offset(yaml, marker.line(), marker.col());
    let within = LineIndex::new(yaml).location(yaml, offset);
    Location::new(within.line + first_line - 1, within.column)
}

/// The byte offset of YAML's 1-based `line` and 0-based `column` (in
/// characters), clamped to the end of the line and of the text.
fn byte_offset(yaml: &str, line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line {
        let Some(break_at) = yaml[line_start..].find(['\r', '\n']).map(|i| line_start + i) else { return yaml.len() };
        line_start = break_at + if yaml[break_at..].starts_with("\r\n") { 2 } else { 1 };
    }
    let rest = &yaml[line_start..];
    let line_end = rest.find(['\r', '\n']).unwrap_or(rest.len());
    line_start + rest[..line_end].char_indices().nth(column).map_or(line_end, |(i, _)| i)
}

/// Where the value at `path` starts, or the deepest part of the path that exists.
/// `first_line` is the file line on which the YAML text starts.
pub fn locate_value(yaml: &str, first_line: u32, path: &[Step]) -> Option<Location> {
    locate(yaml, path, false).map(|m| to_location(yaml, m, first_line))
}

/// Where the key of the last step of `path` is written (for "unknown key" and the like).
pub fn locate_key(yaml: &str, first_line: u32, path: &[Step]) -> Option<Location> {
    locate(yaml, path, true).map(|m| to_location(yaml, m, first_line))
}

/// The keys of a top-level mapping, with where each is written.
pub fn top_level_keys(yaml: &str, first_line: u32) -> Vec<(String, Location)> {
    let mut builder = TreeBuilder::default();
    let _ = Parser::new_from_str(yaml).load(&mut builder, false);
    match builder.root {
        Some(Node::Mapping(_, entries)) => entries.into_iter().map(|(key, marker, _)| (key, to_location(yaml, marker, first_line))).collect(),
        _ => Vec::new(),
    }
}

/// The shape of a YAML node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Scalar,
    Sequence,
    Mapping,
}

/// The kind and start of the node at exactly `path` (None if it does not exist).
pub fn locate_node(yaml: &str, first_line: u32, path: &[Step]) -> Option<(NodeKind, Location)> {
    let mut builder = TreeBuilder::default();
    Parser::new_from_str(yaml).load(&mut builder, false).ok()?;
    let mut node = builder.root.as_ref()?;
    for step in path {
        node = match (step, node) {
            (Step::Key(key), Node::Mapping(_, entries)) => &entries.iter().find(|(k, _, _)| k == key)?.2,
            (Step::Index(index), Node::Sequence(_, items)) => items.get(*index)?,
            _ => return None,
        };
    }
    let kind = match node {
        Node::Scalar(_) => NodeKind::Scalar,
        Node::Sequence(..) => NodeKind::Sequence,
        Node::Mapping(..) => NodeKind::Mapping,
    };
    Some((kind, to_location(yaml, node.marker(), first_line)))
}

fn locate(yaml: &str, path: &[Step], want_key: bool) -> Option<Marker> {
    let mut builder = TreeBuilder::default();
    // A syntax error leaves a partial tree, which still locates what it can.
    let _ = Parser::new_from_str(yaml).load(&mut builder, false);
    let mut node = builder.root.as_ref()?;
    for (i, step) in path.iter().enumerate() {
        let is_last = i + 1 == path.len();
        let next = match (step, node) {
            (Step::Key(key), Node::Mapping(_, entries)) => {
                let Some((_, key_marker, value)) = entries.iter().find(|(k, _, _)| k == key) else {
                    return Some(node.marker());
                };
                if is_last && want_key {
                    return Some(*key_marker);
                }
                value
            }
            (Step::Index(index), Node::Sequence(_, items)) => match items.get(*index) {
                Some(item) => item,
                None => return Some(node.marker()),
            },
            _ => return Some(node.marker()),
        };
        node = next;
    }
    Some(node.marker())
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "title: x\nsites: [palmyra, palmyr]\nevents:\n  - id: e\n    actors:\n      - isis\n      - { id: sohr, role: x }\n";

    #[test]
    fn finds_flow_and_block_items() {
        assert_eq!(locate_value(YAML, 2, &[Step::Key("sites"), Step::Index(1)]), Some(Location::new(3, 18)));
        let path = [Step::Key("events"), Step::Index(0), Step::Key("actors"), Step::Index(0)];
        assert_eq!(locate_value(YAML, 2, &path), Some(Location::new(7, 9)));
        let path = [Step::Key("events"), Step::Index(0), Step::Key("actors"), Step::Index(1), Step::Key("id")];
        assert_eq!(locate_value(YAML, 2, &path), Some(Location::new(8, 15)));
    }

    /// Found by tests/properties.rs: yaml-rust2 marks a block mapping at the
    /// `:` of its first key.
    #[test]
    fn a_block_mapping_is_located_at_its_first_key() {
        assert_eq!(locate_value("title:\n  title: palmyra\n", 2, &[Step::Key("title")]), Some(Location::new(3, 3)));
        let path = [Step::Key("events"), Step::Index(0)];
        assert_eq!(locate_value(YAML, 2, &path), Some(Location::new(5, 5)));
        assert_eq!(locate_node(YAML, 2, &path), Some((NodeKind::Mapping, Location::new(5, 5))));
    }

    /// Found by tests/properties.rs: yaml-rust2 puts the end of the stream on
    /// a line after the last, and counts a lone `\r` as a line break.
    #[test]
    fn locations_are_lines_and_columns_of_the_text() {
        assert_eq!(locate_value("title:", 2, &[Step::Key("title")]), Some(Location::new(2, 7)));
        assert_eq!(locate_value("&!", 1, &[]), Some(Location::new(1, 3)));
        assert_eq!(locate_value("a: 1\rb: 2\n", 2, &[Step::Key("b")]), Some(Location::new(2, 9)));
        assert_eq!(locate_value("a: 1\r\nb: 2\r\n", 2, &[Step::Key("b")]), Some(Location::new(3, 4)));
    }

    #[test]
    fn finds_keys() {
        assert_eq!(locate_key(YAML, 2, &[Step::Key("events")]), Some(Location::new(4, 1)));
    }
}
