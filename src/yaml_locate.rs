//! Finds where a value sits in YAML text, for diagnostics.
//!
//! serde gives us typed data without positions. Rather than carry a position
//! for every value through the hot path, we re-read the YAML with a marking
//! parser only when a diagnostic needs a line and column.

use crate::diagnostics::Location;
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
    fn marker(&self) -> Marker {
        match self {
            Node::Scalar(m) | Node::Sequence(m, _) | Node::Mapping(m, _) => *m,
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

fn to_location(marker: Marker, first_line: u32) -> Location {
    Location::new(marker.line() as u32 + first_line - 1, marker.col() as u32 + 1)
}

/// Where the value at `path` starts, or the deepest part of the path that exists.
/// `first_line` is the file line on which the YAML text starts.
pub fn locate_value(yaml: &str, first_line: u32, path: &[Step]) -> Option<Location> {
    locate(yaml, path, false).map(|m| to_location(m, first_line))
}

/// Where the key of the last step of `path` is written (for "unknown key" and the like).
pub fn locate_key(yaml: &str, first_line: u32, path: &[Step]) -> Option<Location> {
    locate(yaml, path, true).map(|m| to_location(m, first_line))
}

/// The keys of a top-level mapping, with where each is written.
pub fn top_level_keys(yaml: &str, first_line: u32) -> Vec<(String, Location)> {
    let mut builder = TreeBuilder::default();
    let _ = Parser::new_from_str(yaml).load(&mut builder, false);
    match builder.root {
        Some(Node::Mapping(_, entries)) => entries.into_iter().map(|(key, marker, _)| (key, to_location(marker, first_line))).collect(),
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
    Some((kind, to_location(node.marker(), first_line)))
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

    #[test]
    fn finds_keys() {
        assert_eq!(locate_key(YAML, 2, &[Step::Key("events")]), Some(Location::new(4, 1)));
    }
}
