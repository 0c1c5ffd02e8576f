//! Finds where a value sits in YAML text, for diagnostics.
//!
//! serde gives us typed data without positions. Rather than carry a position
//! for every value through the hot path, we re-read the YAML with a marking
//! parser only when a diagnostic needs a line and column. The parser marks
//! where a value starts; where it ends is read from the text.

use stele_core::diagnostics::Location;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// One step into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where something is written: its first character and, when known, the
/// place just after its last (same line and column convention).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: Location,
    pub end: Option<Location>,
}

#[derive(Debug)]
enum Node {
    /// A scalar's style is None for an alias (`*name`); `empty` for a value left out (`key:`).
    Scalar {
        marker: Marker,
        style: Option<TScalarStyle>,
        empty: bool,
    },
    Sequence(Marker, Vec<Node>),
    Mapping(Marker, Vec<(String, Node, Node)>),
}

impl Node {
    fn marker(&self) -> Marker {
        match self {
            Node::Scalar { marker, .. } | Node::Sequence(marker, _) | Node::Mapping(marker, _) => *marker,
        }
    }

    fn kind(&self) -> NodeKind {
        match self {
            Node::Scalar { .. } => NodeKind::Scalar,
            Node::Sequence(..) => NodeKind::Sequence,
            Node::Mapping(..) => NodeKind::Mapping,
        }
    }
}

/// Builds the tree of nodes from parser events.
#[derive(Default)]
struct TreeBuilder {
    stack: Vec<(Node, Option<(String, Node)>)>,
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
                Some((key, key_node)) => entries.push((key, key_node, node)),
                // A mapping's first child of each pair is its key.
                None => *pending_key = Some((scalar_text.unwrap_or_default(), node)),
            },
            Node::Scalar { .. } => {}
        }
    }
}

impl MarkedEventReceiver for TreeBuilder {
    fn on_event(&mut self, event: Event, marker: Marker) {
        match event {
            Event::Scalar(text, style, ..) => {
                let node = Node::Scalar { marker, style: Some(style), empty: text.is_empty() && style == TScalarStyle::Plain };
                self.push_value(node, Some(text));
            }
            Event::Alias(_) => self.push_value(Node::Scalar { marker, style: None, empty: false }, None),
            Event::SequenceStart(..) => self.stack.push((Node::Sequence(marker, Vec::new()), None)),
            Event::MappingStart(..) => self.stack.push((Node::Mapping(marker, Vec::new()), None)),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, _)) = self.stack.pop() {
                    self.push_value(starting_at_first_key(node), None);
                }
            }
            _ => {}
        }
    }
}

/// The parser marks a block mapping at its first `:`; it starts at its first
/// key. (A flow mapping is marked at its `{`, before its first key.)
fn starting_at_first_key(node: Node) -> Node {
    match node {
        Node::Mapping(marker, entries) => {
            let first_key = entries.first().map(|(_, key, _)| key.marker()).filter(|key| key.index() < marker.index());
            Node::Mapping(first_key.unwrap_or(marker), entries)
        }
        node => node,
    }
}

/// The shape of a YAML node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Scalar,
    Sequence,
    Mapping,
}

/// A YAML text read once with positions, to locate any number of values in it.
pub struct LocatedYaml<'a> {
    yaml: &'a str,
    first_line: u32,
    root: Option<Node>,
    /// False after a syntax error: the tree holds what was read before it.
    complete: bool,
}

/// A node found by a path, and whether it sits inside a flow collection (`[...]`, `{...}`).
struct Found<'n> {
    node: &'n Node,
    in_flow: bool,
}

impl<'a> LocatedYaml<'a> {
    /// Reads `yaml`, whose first line is line `first_line` of its file. A
    /// syntax error leaves a partial tree, which still locates what it can.
    pub fn read(yaml: &'a str, first_line: u32) -> Self {
        let mut builder = TreeBuilder::default();
        let complete = Parser::new_from_str(yaml).load(&mut builder, false).is_ok();
        // Collections still open at a syntax error hold what was read before it.
        if !complete {
            while let Some((node, _)) = builder.stack.pop() {
                builder.push_value(starting_at_first_key(node), None);
            }
        }
        LocatedYaml { yaml, first_line, root: builder.root, complete }
    }

    /// The file's line and column of `marker`. yaml-rust2 counts a lone `\r`
    /// as a line break and puts the end of the stream on a line of its own,
    /// while the file's lines end at `\n`: the marker becomes a byte offset by
    /// YAML's rules, and that offset a location by the file's.
    fn location(&self, marker: Marker) -> Location {
        self.location_of_offset(byte_offset(self.yaml, marker.line(), marker.col()))
    }

    /// The byte offset of `marker` in the YAML text (clamped to it).
    fn offset(&self, marker: Marker) -> Option<usize> {
        Some(byte_offset(self.yaml, marker.line(), marker.col()))
    }

    /// The location of the byte `offset` of the YAML text.
    fn location_of_offset(&self, offset: usize) -> Location {
        let before = &self.yaml[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.matches('\n').count() as u32;
        Location::new(line + self.first_line, before[line_start..].chars().count() as u32 + 1)
    }

    fn is_flow_collection(&self, node: &Node) -> bool {
        !matches!(node, Node::Scalar { .. }) && self.offset(node.marker()).is_some_and(|at| self.yaml[at..].starts_with(['[', '{']))
    }

    fn span(&self, found: Found) -> Span {
        let start = self.location(found.node.marker());
        let end = self.end_offset(found.node, found.in_flow).map(|end| self.location_of_offset(end));
        Span { start, end: end.filter(|end| *end > start) }
    }

    /// Where `node` ends in the text, when that can be read from it.
    fn end_offset(&self, node: &Node, in_flow: bool) -> Option<usize> {
        let start = self.offset(node.marker())?;
        let rest = &self.yaml[start..];
        let length = match node {
            Node::Scalar { empty: true, .. } => return None,
            Node::Scalar { style: Some(TScalarStyle::DoubleQuoted), .. } => double_quoted_length(rest)?,
            Node::Scalar { style: Some(TScalarStyle::SingleQuoted), .. } => single_quoted_length(rest)?,
            Node::Scalar { .. } => plain_length(rest, in_flow)?,
            _ if self.is_flow_collection(node) => flow_collection_length(rest)?,
            _ => return None,
        };
        Some(start + length)
    }

    /// Follows `path` as far as it exists: the last node reached, the
    /// mapping entry of the last key step when `want_key` and it exists.
    fn walk(&self, path: &[Step], want_key: bool) -> Option<Found<'_>> {
        let mut node = self.root.as_ref()?;
        let mut in_flow = false;
        for (i, step) in path.iter().enumerate() {
            let is_last = i + 1 == path.len();
            let inner_flow = in_flow || self.is_flow_collection(node);
            let next = match (step, node) {
                (Step::Key(key), Node::Mapping(_, entries)) => {
                    let Some((_, key_node, value)) = entries.iter().find(|(k, _, _)| k == key) else { break };
                    if is_last && want_key {
                        return Some(Found { node: key_node, in_flow: inner_flow });
                    }
                    value
                }
                (Step::Index(index), Node::Sequence(_, items)) => match items.get(*index) {
                    Some(item) => item,
                    None => break,
                },
                _ => break,
            };
            node = next;
            in_flow = inner_flow;
        }
        Some(Found { node, in_flow })
    }

    /// The node at exactly `path`, if there is one.
    fn exact(&self, path: &[Step]) -> Option<&Node> {
        let mut node = self.root.as_ref()?;
        for step in path {
            node = match (step, node) {
                (Step::Key(key), Node::Mapping(_, entries)) => &entries.iter().find(|(k, _, _)| k == key)?.2,
                (Step::Index(index), Node::Sequence(_, items)) => items.get(*index)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Where the value at `path` is written, or the deepest part of the path that exists.
    pub fn value(&self, path: &[Step]) -> Option<Span> {
        self.walk(path, false).map(|found| self.span(found))
    }

    /// Where the key of the last step of `path` is written (for "unknown key" and the like).
    pub fn key(&self, path: &[Step]) -> Option<Span> {
        self.walk(path, true).map(|found| self.span(found))
    }

    /// Every place the mapping at `path` writes `key`, in order (more than one for a duplicate).
    pub fn keys_named(&self, path: &[Step], key: &str) -> Vec<Span> {
        let Some(Node::Mapping(_, entries)) = self.exact(path) else { return Vec::new() };
        let in_flow = self.walk(path, false).is_some_and(|found| found.in_flow || self.is_flow_collection(found.node));
        entries.iter().filter(|(k, _, _)| k == key).map(|(_, key_node, _)| self.span(Found { node: key_node, in_flow })).collect()
    }

    /// The kind and start of the node at exactly `path` (None if it does not exist).
    pub fn node(&self, path: &[Step]) -> Option<(NodeKind, Location)> {
        self.exact(path).map(|node| (node.kind(), self.location(node.marker())))
    }

    /// Where the key or value that starts at `location` ends, if one does.
    pub fn end_of(&self, location: Location) -> Option<Location> {
        let root = self.root.as_ref()?;
        let mut pending = vec![(root, false)];
        while let Some((node, in_flow)) = pending.pop() {
            // A block mapping starts where its first key does: the key is meant.
            let is_block_collection = !matches!(node, Node::Scalar { .. }) && !self.is_flow_collection(node);
            if self.location(node.marker()) == location && !is_block_collection {
                return self.span(Found { node, in_flow }).end;
            }
            let inner_flow = in_flow || self.is_flow_collection(node);
            match node {
                Node::Sequence(_, items) => pending.extend(items.iter().map(|item| (item, inner_flow))),
                Node::Mapping(_, entries) => {
                    pending.extend(entries.iter().flat_map(|(_, key, value)| [(key, inner_flow), (value, inner_flow)]));
                }
                Node::Scalar { .. } => {}
            }
        }
        None
    }
}

/// Where the value at `path` starts, or the deepest part of the path that exists.
/// `first_line` is the file line on which the YAML text starts.
pub fn locate_value(yaml: &str, first_line: u32, path: &[Step]) -> Option<Location> {
    LocatedYaml::read(yaml, first_line).value(path).map(|span| span.start)
}

/// Where the key of the last step of `path` is written (for "unknown key" and the like).
pub fn locate_key(yaml: &str, first_line: u32, path: &[Step]) -> Option<Location> {
    LocatedYaml::read(yaml, first_line).key(path).map(|span| span.start)
}

/// The kind and start of the node at exactly `path` (None if it does not exist).
pub fn locate_node(yaml: &str, first_line: u32, path: &[Step]) -> Option<(NodeKind, Location)> {
    let located = LocatedYaml::read(yaml, first_line);
    // After a syntax error the tree is partial: editing by it could break the file.
    located.complete.then(|| located.node(path))?
}

/// The byte offset of YAML's 1-based `line` and 0-based `column` (in
/// characters), as yaml-rust2 counts them (a lone `\r` ends a line too),
/// clamped to the end of the line and of the text.
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

/// Bytes from the opening `"` to just after the closing one.
fn double_quoted_length(text: &str) -> Option<usize> {
    let mut chars = text.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Bytes from the opening `'` to just after the closing one (`''` is a quote inside).
fn single_quoted_length(text: &str) -> Option<usize> {
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if chars.peek().is_some_and(|&(_, next)| next == '\'') {
                chars.next();
            } else {
                return Some(i + 1);
            }
        }
    }
    None
}

/// Bytes of a plain scalar on its first line: up to a comment (` #`), a
/// `: ` that makes it a key, or, inside a flow collection, a `,`, `]` or
/// `}`; trailing spaces are not part of it.
fn plain_length(text: &str, in_flow: bool) -> Option<usize> {
    let line = &text[..text.find(['\n', '\r']).unwrap_or(text.len())];
    let mut end = line.len();
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, next)| next);
        let ends_here = match c {
            '#' => line[..i].ends_with([' ', '\t']),
            ':' => next.is_none_or(|next| next == ' ' || next == '\t' || (in_flow && matches!(next, ',' | ']' | '}'))),
            ',' | ']' | '}' | '[' | '{' => in_flow && i > 0,
            _ => false,
        };
        if ends_here {
            end = i;
            break;
        }
    }
    let length = line[..end].trim_end().len();
    (length > 0).then_some(length)
}

/// Bytes from a `[` or `{` to just after the bracket that closes it; None
/// when none does (or a bracket of the other kind closes it first).
fn flow_collection_length(text: &str) -> Option<usize> {
    let mut open: Vec<char> = Vec::new();
    let mut after_separator = true;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '[' | '{' => open.push(c),
            ']' | '}' => {
                let opened = open.pop()?;
                if (opened == '[') != (c == ']') {
                    return None;
                }
                if open.is_empty() {
                    return Some(i + 1);
                }
            }
            '"' | '\'' if after_separator => {
                let length = if c == '"' { double_quoted_length(&text[i..])? } else { single_quoted_length(&text[i..])? };
                // Skip the quoted text: its brackets are not the collection's.
                let close = i + length;
                while chars.next().is_some_and(|(j, _)| j + 1 < close) {}
            }
            '#' if text[..i].ends_with([' ', '\t', '\n']) => {
                while chars.next().is_some_and(|(_, c)| c != '\n') {}
                after_separator = true;
                continue;
            }
            _ => {}
        }
        // A quote opens quoted text only where a value can start.
        after_separator = match c {
            ':' => text[i + 1..].starts_with([' ', '\t', '\n', '\r']),
            _ => matches!(c, '[' | '{' | ',' | ' ' | '\t' | '\n' | '\r'),
        };
    }
    None
}

/// A `[` or `{` that the YAML reader found open (libyaml names it in "while
/// parsing a flow sequence at line L column C") and that no bracket closes:
/// its location in the file. `yaml_location` is where the reader says the
/// collection starts, relative to the YAML text (1-based).
pub fn unclosed_bracket(yaml: &str, first_line: u32, yaml_location: Location) -> Option<(Location, char)> {
    let start = yaml_location.offset_in(yaml)?;
    let bracket = yaml[start..].chars().next().filter(|c| matches!(c, '[' | '{'))?;
    if flow_collection_length(&yaml[start..]).is_some() {
        return None;
    }
    Some((Location::new(yaml_location.line + first_line - 1, yaml_location.column), bracket))
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

    /// The text of the span at `path` in `yaml` (whose first line is line 1).
    fn spanned(yaml: &str, path: &[Step]) -> Option<String> {
        let span = LocatedYaml::read(yaml, 1).value(path)?;
        let (start, end) = (span.start.offset_in(yaml)?, span.end?.offset_in(yaml)?);
        Some(yaml[start..end].to_string())
    }

    #[test]
    fn values_end_where_their_text_ends() {
        let yaml = "date: June 2017  # a comment\ntitle: \"a \\\" b\" \nsites: [Old City of Mosul , 'it''s', x]\nurl: https://a.org/x\n";
        assert_eq!(spanned(yaml, &[Step::Key("date")]).as_deref(), Some("June 2017"));
        assert_eq!(spanned(yaml, &[Step::Key("title")]).as_deref(), Some("\"a \\\" b\""));
        assert_eq!(spanned(yaml, &[Step::Key("sites"), Step::Index(0)]).as_deref(), Some("Old City of Mosul"));
        assert_eq!(spanned(yaml, &[Step::Key("sites"), Step::Index(1)]).as_deref(), Some("'it''s'"));
        assert_eq!(spanned(yaml, &[Step::Key("sites")]).as_deref(), Some("[Old City of Mosul , 'it''s', x]"));
        assert_eq!(spanned(yaml, &[Step::Key("url")]).as_deref(), Some("https://a.org/x"));
        let keyed = LocatedYaml::read(yaml, 1).key(&[Step::Key("title")]).unwrap();
        assert_eq!((keyed.start, keyed.end), (Location::new(2, 1), Some(Location::new(2, 6))));
    }

    #[test]
    fn flow_mapping_values_end_at_the_comma() {
        let path = [Step::Key("events"), Step::Index(0), Step::Key("actors"), Step::Index(1), Step::Key("id")];
        assert_eq!(spanned(YAML, &path).as_deref(), Some("sohr"));
    }

    #[test]
    fn end_of_finds_keys_and_values_by_their_start() {
        let located = LocatedYaml::read("sites: [Old City of Mosul]\n", 2);
        assert_eq!(located.end_of(Location::new(2, 9)), Some(Location::new(2, 26)));
        assert_eq!(located.end_of(Location::new(2, 1)), Some(Location::new(2, 6)));
        assert_eq!(located.end_of(Location::new(2, 3)), None);
    }

    #[test]
    fn duplicate_keys_are_all_found() {
        let located = LocatedYaml::read("title: a\ndate: 2015\ntitle: b\n", 2);
        let starts: Vec<Location> = located.keys_named(&[], "title").iter().map(|span| span.start).collect();
        assert_eq!(starts, [Location::new(2, 1), Location::new(4, 1)]);
    }

    #[test]
    fn only_brackets_without_a_close_are_unclosed() {
        let yaml = "sites: [palmyra\nactors: [amaq]\n";
        assert_eq!(unclosed_bracket(yaml, 2, Location::new(1, 8)), Some((Location::new(2, 8), '[')));
        assert_eq!(unclosed_bracket("a: [\"]\", b]\n", 1, Location::new(1, 4)), None);
        assert_eq!(unclosed_bracket("a: {b: [1, 2}\n", 1, Location::new(1, 8)), Some((Location::new(1, 8), '[')));
    }
}
