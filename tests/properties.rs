//! Randomised tests of every parser: inputs generated from each grammar, then
//! mutated (characters inserted, deleted, swapped, ranges copied and moved,
//! text cut off), and plain arbitrary text. Whatever the input: no panic, no
//! hang, every location inside the file, and what a parser claims about the
//! text (offsets, round trips, order) is true of the text.
//!
//! Two passes:
//!
//! - the short pass, `cargo test --test properties`, runs in CI with a few
//!   hundred cases per property and a fixed seed, so it is quick and gives the
//!   same inputs every run;
//! - the long pass, run by hand in release mode, takes `PROPTEST_CASES` cases
//!   per property from a random seed (or `PROPTEST_RNG_SEED`), and counts an
//!   input that takes longer than `LONG_PASS_BUDGET` as a hang. 600,000 cases
//!   for each of the 18 properties make 10.8 million inputs:
//!
//!   ```sh
//!   PROPTEST_CASES=600000 cargo test --release --test properties
//!   ```
//!
//! A failure prints the shrunk input; it becomes a named regression test next
//! to the code it concerns, with the fix. Nothing is persisted between runs
//! (no `proptest-regressions` files).
//!
//! Front-matter typing (serde into the typed structs) is not covered here.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use std::time::{Duration, Instant};
use stele::diagnostics::{LineIndex, Location};

// -------------------------------------------------------------------------------------------
// Passes, budgets and mutation, shared by every target.

/// The short pass's seed: CI explores the same inputs every run.
const SHORT_PASS_SEED: u64 = 0x5743_4C45_2026;

/// In the long pass, an input taking longer than this is a hang. Loose on
/// purpose (a shared two-core machine); never checked in the short pass.
const LONG_PASS_BUDGET: Duration = Duration::from_secs(2);

/// The number of cases `PROPTEST_CASES` asks for: set, this is the long pass.
fn long_pass_cases() -> Option<u32> {
    std::env::var("PROPTEST_CASES").ok()?.parse().ok()
}

/// `short_pass` cases with a fixed seed, or the long pass's number from a random seed.
fn config(short_pass: u32) -> Config {
    let (cases, rng_seed) = match long_pass_cases() {
        Some(cases) => (cases, Config::default().rng_seed),
        None => (short_pass, RngSeed::Fixed(SHORT_PASS_SEED)),
    };
    // Counterexamples become named regression tests, so nothing is persisted.
    Config { cases, rng_seed, failure_persistence: None, ..Config::default() }
}

/// Runs `work`; in the long pass, fails when it took longer than the budget.
fn within_budget<T>(work: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    let started = Instant::now();
    let value = work();
    let took = started.elapsed();
    if long_pass_cases().is_some() && took > LONG_PASS_BUDGET {
        return Err(TestCaseError::fail(format!("took {took:?}, more than {LONG_PASS_BUDGET:?}: a hang")));
    }
    Ok(value)
}

/// One change to a text, at positions that fit any length.
#[derive(Debug, Clone)]
enum Edit {
    Insert(Index, &'static str),
    Delete(Index, usize),
    Swap(Index, Index),
    /// Duplicates a range elsewhere (a key written twice, a qualifier repeated).
    Copy {
        from: Index,
        len: usize,
        to: Index,
    },
    /// Moves a range (a qualifier to the front, a line out of its block).
    Move {
        from: Index,
        len: usize,
        to: Index,
    },
    /// Removes every occurrence of a piece (all brackets, all colons).
    RemoveEvery(&'static str),
    Truncate(Index),
}

/// One to four edits using `pieces` as the text to insert or remove.
fn edits(pieces: &'static [&'static str]) -> impl Strategy<Value = Vec<Edit>> {
    let piece = || prop::sample::select(pieces);
    let edit = prop_oneof![
        4 => (any::<Index>(), piece()).prop_map(|(at, piece)| Edit::Insert(at, piece)),
        2 => (any::<Index>(), 1usize..8).prop_map(|(at, len)| Edit::Delete(at, len)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        1 => (any::<Index>(), 1usize..40, any::<Index>()).prop_map(|(from, len, to)| Edit::Copy { from, len, to }),
        1 => (any::<Index>(), 1usize..40, any::<Index>()).prop_map(|(from, len, to)| Edit::Move { from, len, to }),
        1 => piece().prop_map(Edit::RemoveEvery),
        1 => any::<Index>().prop_map(Edit::Truncate),
    ];
    prop::collection::vec(edit, 1..5)
}

/// A position in `0..=len`.
fn position(at: &Index, len: usize) -> usize {
    at.index(len + 1)
}

/// Applies `edits` character by character, so the result is always valid UTF-8.
fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        let len = chars.len();
        match edit {
            Edit::Insert(at, piece) => {
                let at = position(at, len);
                chars.splice(at..at, piece.chars());
            }
            Edit::Delete(at, count) => {
                let at = position(at, len);
                chars.drain(at..(at + count).min(len));
            }
            Edit::Swap(a, b) if len > 1 => chars.swap(a.index(len), b.index(len)),
            Edit::Copy { from, len: count, to } => {
                let from = position(from, len);
                let copied: Vec<char> = chars[from..(from + count).min(len)].to_vec();
                let to = position(to, len);
                chars.splice(to..to, copied);
            }
            Edit::Move { from, len: count, to } => {
                let from = position(from, len);
                let moved: Vec<char> = chars.drain(from..(from + count).min(len)).collect();
                let to = position(to, chars.len());
                chars.splice(to..to, moved);
            }
            Edit::RemoveEvery(piece) => {
                chars = chars.iter().collect::<String>().replace(piece, "").chars().collect();
            }
            Edit::Truncate(at) => chars.truncate(position(at, len)),
            Edit::Swap(..) => {}
        }
    }
    chars.into_iter().collect()
}

/// Texts from `valid`, mutated with `pieces`.
fn mutated(valid: impl Strategy<Value = String>, pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    (valid, edits(pieces)).prop_map(|(text, edits)| mutate(&text, &edits))
}

/// Whether `location` (whose line 1 is the text's line `first_line`) is a
/// place in `text`: an existing line, a column on it or just past its end.
fn is_inside(text: &str, first_line: u32, location: Location) -> bool {
    let Some(line) = location.line.checked_sub(first_line) else { return false };
    let Some(line_text) = text.split('\n').nth(line as usize) else { return false };
    (1..=line_text.chars().count() as u32 + 1).contains(&location.column)
}

/// Where byte `offset` of `text` is, with line 1 of the text being `first_line`.
fn location_of(text: &str, first_line: u32, offset: usize) -> Location {
    let location = LineIndex::new(text).location(text, offset);
    Location::new(location.line + first_line - 1, location.column)
}

// -------------------------------------------------------------------------------------------
// 1. Dates: `EdtfDate::parse`, `PublicationDate::parse`.

mod dates {
    use super::*;
    use stele::date::{DatePoint, EdtfDate, Precision, PublicationDate};

    const MONTHS: [&str; 12] =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    const SEASONS: [&str; 4] = ["Spring", "Summer", "Autumn", "Winter"];

    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "0", "1", "2", "9", "00", "13", "24", "29", "31", "X", "XX", "x", "-", "/", "..", ".", "?", "~", "%", "T", "Z", ":", "+", " ", "\t",
        "\n", "99999", "2147483648", "-2147483649", "é", "–", "٣", "９", "🙂", "\u{301}", "\u{feff}", "\0", "T14:30:00Z", "+01:00",
    ];

    fn year() -> impl Strategy<Value = String> + Clone {
        prop_oneof![(0u32..=9999).prop_map(|y| format!("{y:04}")), (1u32..=9999).prop_map(|y| format!("-{y:04}"))]
    }

    /// A valid date point and the precision it is written at.
    fn point() -> impl Strategy<Value = (String, Precision)> {
        let form = prop_oneof![
            year().prop_map(|y| (y, Precision::Year)),
            (0u32..=999).prop_map(|d| (format!("{d:03}X"), Precision::Decade)),
            (0u32..=99).prop_map(|c| (format!("{c:02}XX"), Precision::Century)),
            (year(), 1u32..=12).prop_map(|(y, m)| (format!("{y}-{m:02}"), Precision::Month)),
            (year(), 21u32..=24).prop_map(|(y, s)| (format!("{y}-{s}"), Precision::Season)),
            year().prop_map(|y| (format!("{y}-XX"), Precision::Year)),
            year().prop_map(|y| (format!("{y}-XX-XX"), Precision::Year)),
            (year(), 1u32..=12).prop_map(|(y, m)| (format!("{y}-{m:02}-XX"), Precision::Month)),
            (year(), 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| (format!("{y}-{m:02}-{d:02}"), Precision::Day)),
        ];
        (form, prop::sample::select(&["", "?", "~", "%"][..])).prop_map(|((text, precision), qualifier)| (text + qualifier, precision))
    }

    /// One end of an interval: a point, `..` or nothing (both open).
    fn interval_end() -> impl Strategy<Value = String> {
        prop_oneof![3 => point().prop_map(|(text, _)| text), 1 => Just("..".to_string()), 1 => Just(String::new())]
    }

    /// Dates as the grammar writes them (intervals may end before they start).
    fn edtf_text() -> impl Strategy<Value = String> {
        let date =
            prop_oneof![point().prop_map(|(text, _)| text), (interval_end(), interval_end()).prop_map(|(start, end)| format!("{start}/{end}")),];
        (prop::sample::select(&["", " ", "\t", "\n "][..]), date, prop::sample::select(&["", " ", "\n"][..]))
            .prop_map(|(before, date, after)| format!("{before}{date}{after}"))
    }

    fn any_edtf_text() -> impl Strategy<Value = String> {
        prop_oneof![2 => edtf_text(), 4 => mutated(edtf_text(), PIECES), 1 => any::<String>(), 1 => "[0-9X?~%/.\\- ]{0,16}"]
    }

    /// The count of digit runs: a day shows two numbers (day, year), anything coarser one.
    fn numbers_in(text: &str) -> usize {
        text.split(|c: char| !c.is_ascii_digit()).filter(|run| !run.is_empty()).count()
    }

    fn numbers_for(precision: Precision) -> usize {
        if precision == Precision::Day {
            2
        } else {
            1
        }
    }

    fn has_month_name(text: &str) -> bool {
        MONTHS.iter().any(|month| text.contains(month))
    }

    fn has_season_name(text: &str) -> bool {
        SEASONS.iter().any(|season| text.contains(season))
    }

    /// A point's display shows what was written and nothing finer.
    fn check_point_display(point: &DatePoint) -> Result<(), TestCaseError> {
        let shown = point.display();
        prop_assert_eq!(numbers_in(&shown), numbers_for(point.precision), "{:?} at {:?}", shown, point.precision);
        let month_written = matches!(point.precision, Precision::Day | Precision::Month);
        prop_assert_eq!(has_month_name(&shown), month_written, "{:?} at {:?}", shown, point.precision);
        prop_assert_eq!(has_season_name(&shown), point.precision == Precision::Season, "{:?}", shown);
        prop_assert!(point.earliest <= point.latest);
        Ok(())
    }

    /// Everything that must hold of any text given to `EdtfDate::parse`.
    fn check_edtf(text: &str) -> Result<(), TestCaseError> {
        let date = match within_budget(|| EdtfDate::parse(text))? {
            Ok(date) => date,
            Err(error) => {
                prop_assert!(error.message.contains("accepted forms: 2016-12-11, 2015-05, 2015,"), "{}", error.message);
                prop_assert!(!error.message.contains('\n'), "{:?}", error.message);
                return Ok(());
            }
        };
        prop_assert_eq!(date.text(), text.trim());
        prop_assert_eq!(EdtfDate::parse(date.text()), Ok(date.clone()), "does not round-trip");
        if let (Some(earliest), Some(latest)) = (date.earliest(), date.latest()) {
            prop_assert!(earliest <= latest, "{} > {}", earliest, latest);
        }
        prop_assert!(date.start().is_some() || date.end().is_some());
        let points: Vec<&DatePoint> = date.start().into_iter().chain(date.end()).collect();
        for point in &points {
            check_point_display(point)?;
        }
        let shown = date.display();
        prop_assert!(numbers_in(shown) <= points.iter().map(|p| numbers_for(p.precision)).sum(), "{:?} shows too many numbers", shown);
        let month_written = points.iter().any(|p| matches!(p.precision, Precision::Day | Precision::Month));
        prop_assert!(month_written || !has_month_name(shown), "{:?} shows a month that was not written", shown);
        prop_assert!(!date.machine().is_empty());
        prop_assert!(serde_json::to_string(&date).is_ok());
        Ok(())
    }

    /// Everything that must hold of any text given to `PublicationDate::parse`.
    fn check_publication(text: &str) -> Result<(), TestCaseError> {
        let date = match within_budget(|| PublicationDate::parse(text))? {
            Ok(date) => date,
            Err(error) => {
                prop_assert!(error.message.contains("accepted forms: 2016-12-11 or an RFC 3339"), "{}", error.message);
                prop_assert!(!error.message.contains('\n'), "{:?}", error.message);
                return Ok(());
            }
        };
        prop_assert_eq!(date.machine(), text.trim(), "not kept as written");
        prop_assert_eq!(PublicationDate::parse(date.machine()), Ok(date.clone()), "does not round-trip");
        prop_assert_eq!(numbers_in(date.display()), 2, "{:?}", date.display());
        prop_assert!(has_month_name(date.display()));
        prop_assert!(!date.rfc3339().is_empty());
        Ok(())
    }

    fn publication_text() -> impl Strategy<Value = String> {
        let day = (0u32..=9999, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"));
        let offset = prop_oneof![Just("Z".to_string()), ("[+-]", 0u32..=23, 0u32..=59).prop_map(|(sign, h, m)| format!("{sign}{h:02}:{m:02}"))];
        let fraction = prop::option::of("[0-9]{1,3}").prop_map(|f| f.map_or(String::new(), |f| format!(".{f}")));
        let time = (0u32..=23, 0u32..=59, 0u32..=60, fraction, offset).prop_map(|(h, m, s, f, o)| format!("T{h:02}:{m:02}:{s:02}{f}{o}"));
        (day, prop::option::of(time)).prop_map(|(day, time)| day + &time.unwrap_or_default())
    }

    /// Dates that parse (intervals only where they do), for the order properties.
    fn parsed_dates() -> impl Strategy<Value = Vec<EdtfDate>> {
        prop::collection::vec(edtf_text(), 2..10).prop_map(|texts| texts.iter().filter_map(|t| EdtfDate::parse(t).ok()).collect())
    }

    proptest! {
        #![proptest_config(config(2000))]

        #[test]
        fn any_event_date_text_parses_or_says_why(text in any_edtf_text()) {
            check_edtf(&text)?;
        }

        #[test]
        fn a_written_date_parses_at_the_precision_written((text, precision) in point()) {
            let date = EdtfDate::parse(&text).map_err(|e| TestCaseError::fail(e.message))?;
            prop_assert_eq!(date.precision(), precision);
            prop_assert!(!date.is_interval());
            check_edtf(&text)?;
        }

        /// An interval is valid exactly when each end is, one end is known,
        /// and it does not end before it starts.
        #[test]
        fn an_interval_is_valid_when_its_ends_are(start in interval_end(), end in interval_end()) {
            let text = format!("{start}/{end}");
            let open = |end: &str| end.is_empty() || end == "..";
            let start_point = (!open(&start)).then(|| EdtfDate::parse(&start));
            let end_point = (!open(&end)).then(|| EdtfDate::parse(&end));
            let expected = match (&start_point, &end_point) {
                (None, None) => false,
                (Some(Err(_)), _) | (_, Some(Err(_))) => false,
                (Some(Ok(s)), Some(Ok(e))) => e.latest() >= s.earliest(),
                _ => true,
            };
            prop_assert_eq!(EdtfDate::parse(&text).is_ok(), expected, "{}", text);
            check_edtf(&text)?;
        }

    }

    proptest! {
        // Each case compares every pair of up to ten dates.
        #![proptest_config(config(500))]

        #[test]
        fn sort_keys_order_dates_totally_and_by_start(dates in parsed_dates()) {
            for a in &dates {
                for b in &dates {
                    let (ka, kb) = (a.sort_key(), b.sort_key());
                    prop_assert_eq!(ka.cmp(&kb), kb.cmp(&ka).reverse());
                    prop_assert_eq!(ka == kb, ka.cmp(&kb).is_eq());
                    prop_assert_eq!(ka.partial_cmp(&kb), Some(ka.cmp(&kb)));
                    match (a.earliest(), b.earliest()) {
                        (None, Some(_)) => prop_assert!(ka < kb, "open start first: {} {}", a.text(), b.text()),
                        (Some(x), Some(y)) if x < y => prop_assert!(ka < kb, "earlier first: {} {}", a.text(), b.text()),
                        (Some(x), Some(y)) if x == y && a.precision() < b.precision() => {
                            prop_assert!(ka < kb, "coarser first: {} {}", a.text(), b.text())
                        }
                        _ => {}
                    }
                }
            }
            let mut sorted: Vec<_> = dates.iter().map(EdtfDate::sort_key).collect();
            sorted.sort();
            for (i, a) in sorted.iter().enumerate() {
                for b in &sorted[i..] {
                    prop_assert!(a <= b, "not transitive");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(config(2000))]

        #[test]
        fn any_publication_date_text_parses_or_says_why(
            text in prop_oneof![2 => publication_text(), 4 => mutated(publication_text(), PIECES), 1 => any::<String>()]
        ) {
            check_publication(&text)?;
        }

        #[test]
        fn a_written_publication_date_parses_as_written(text in publication_text(), other in publication_text()) {
            let date = PublicationDate::parse(&text).map_err(|e| TestCaseError::fail(e.message))?;
            prop_assert_eq!(date.machine(), text.as_str());
            prop_assert_eq!(date.day().to_string(), text[..10].to_string());
            check_publication(&text)?;
            let other = PublicationDate::parse(&other).map_err(|e| TestCaseError::fail(e.message))?;
            if date.day() < other.day() {
                prop_assert!(date < other);
            }
        }
    }
}

// -------------------------------------------------------------------------------------------
// 2. Front-matter splitting: `frontmatter::split`.

mod front_matter {
    use super::*;
    use stele::frontmatter::split;

    const PIECES: &[&str] =
        &["---", "---\n", "\n---\n", "\r\n", "\r", "\n", "\u{feff}", "-", " ", "\t", "#", ":", "\"", "'", "é", "تدمر", "\0", "...\n"];

    /// A line inside front matter that is never a fence, though some look like one.
    fn yaml_line() -> impl Strategy<Value = String> {
        let tricky = prop::sample::select(
            &[
                "title: \"---\"",
                "summary: '--- not a fence'",
                "  ---",
                "--- ",
                "----",
                "--- # a comment",
                "---x",
                "description: |",
                "  ---",
                "- '---'",
                "عنوان: تدمر",
                "",
                "...",
            ][..],
        );
        prop_oneof![tricky.prop_map(String::from), "[a-z]{1,8}: [^\n\r]{0,20}"]
    }

    /// A document split into what `split` must find, and its text.
    #[derive(Debug, Clone)]
    struct Document {
        text: String,
        yaml: String,
        body: String,
    }

    fn document() -> impl Strategy<Value = Document> {
        let newline = || prop::sample::select(&["\n", "\r\n"][..]);
        let body_line = prop_oneof![Just("---".to_string()), "[^\r\n]{0,20}"];
        (any::<bool>(), newline(), prop::collection::vec(yaml_line(), 0..6), newline(), prop::collection::vec(body_line, 0..4), any::<bool>())
            .prop_map(|(bom, newline, yaml_lines, close_newline, body_lines, closed_at_end)| {
                let yaml: String = yaml_lines.iter().map(|line| format!("{line}{newline}")).collect();
                let body: String = body_lines.iter().map(|line| format!("{line}\n")).collect();
                // A closing fence without a line break can only end the file.
                let close = if closed_at_end && body.is_empty() { "---" } else { close_newline };
                let close = if close == "---" { close.to_string() } else { format!("---{close}") };
                let bom = if bom { "\u{feff}" } else { "" };
                Document { text: format!("{bom}---{newline}{yaml}{close}{body}"), yaml, body }
            })
    }

    fn is_fence_line(line: &str) -> bool {
        line.trim_end_matches(['\r', '\n']) == "---"
    }

    /// What must hold of any text given to `split`.
    fn check_split(text: &str) -> Result<(), TestCaseError> {
        let Ok(split) = within_budget(|| split(text))? else {
            let without_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
            let mut lines = without_bom.split_inclusive('\n');
            let opens = lines.next().is_some_and(is_fence_line);
            prop_assert!(!opens || !lines.any(is_fence_line), "fences were there");
            return Ok(());
        };
        let offset_of = |slice: &str| slice.as_ptr() as usize - text.as_ptr() as usize;
        prop_assert_eq!(offset_of(split.yaml), split.yaml_offset, "the YAML is not where its offset says");
        prop_assert_eq!(offset_of(split.body), split.body_offset, "the body is not where its offset says");
        prop_assert_eq!(split.body_offset + split.body.len(), text.len(), "the body does not run to the end");
        let opening = &text[..split.yaml_offset];
        prop_assert!(is_fence_line(opening.strip_prefix('\u{feff}').unwrap_or(opening)), "{:?} is not a fence", opening);
        let closing = &text[split.yaml_offset + split.yaml.len()..split.body_offset];
        prop_assert!(is_fence_line(closing), "{:?} is not a fence", closing);
        prop_assert!(!split.yaml.split_inclusive('\n').any(is_fence_line), "a fence inside the YAML");
        let first_line = 1 + opening.matches('\n').count() as u32;
        prop_assert_eq!(split.yaml_first_line, first_line);
        Ok(())
    }

    proptest! {
        #![proptest_config(config(2000))]

        #[test]
        fn a_document_splits_at_its_fences(document in document()) {
            let split = split(&document.text).map_err(TestCaseError::fail)?;
            prop_assert_eq!(split.yaml, document.yaml.as_str());
            prop_assert_eq!(split.body, document.body.as_str());
            check_split(&document.text)?;
        }

        #[test]
        fn any_text_splits_where_it_says_or_says_why(
            text in prop_oneof![mutated(document().prop_map(|d| d.text), PIECES), any::<String>(), "(---|\r|\n|\u{feff}|a){0,12}"]
        ) {
            check_split(&text)?;
        }
    }
}

// -------------------------------------------------------------------------------------------
// 3. Positions in YAML: `yaml_locate`.

mod yaml_positions {
    use super::*;
    use stele::yaml_locate::{locate_key, locate_node, locate_value, LocatedYaml, NodeKind, Step};

    /// A YAML document as a tree; rendering it records where each value is written.
    #[derive(Debug, Clone)]
    enum Node {
        Plain(String),
        SingleQuoted(String),
        DoubleQuoted(String),
        /// `key:` and nothing: a null with no character of its own.
        Empty,
        FlowList(Vec<Node>),
        FlowMap(Vec<(Key, Node)>),
        BlockList(Vec<Node>),
        Map(Vec<(Key, Node)>),
    }

    #[derive(Debug, Clone)]
    struct Key {
        text: String,
        quoted: bool,
    }

    impl Node {
        fn kind(&self) -> NodeKind {
            match self {
                Node::Plain(_) | Node::SingleQuoted(_) | Node::DoubleQuoted(_) | Node::Empty => NodeKind::Scalar,
                Node::FlowList(_) | Node::BlockList(_) => NodeKind::Sequence,
                Node::FlowMap(_) | Node::Map(_) => NodeKind::Mapping,
            }
        }
    }

    impl Node {
        /// The character a value begins with as written: a quote, a bracket,
        /// the dash of a block list, the first key of a mapping.
        fn first_char(&self) -> Option<char> {
            match self {
                Node::Plain(text) => text.chars().next(),
                Node::SingleQuoted(_) => Some('\''),
                Node::DoubleQuoted(_) => Some('"'),
                Node::Empty => None,
                Node::FlowList(_) => Some('['),
                Node::FlowMap(_) => Some('{'),
                Node::BlockList(_) => Some('-'),
                Node::Map(entries) => entries.first().map(|(key, _)| if key.quoted { '"' } else { key.text.chars().next().unwrap_or(' ') }),
            }
        }
    }

    /// The character at `location` of `text`, whose line 1 is `first_line`.
    fn char_at(text: &str, first_line: u32, location: Location) -> Option<char> {
        let line = location.line.checked_sub(first_line - 1)?;
        let offset = Location::new(line, location.column).offset_in(text)?;
        text[offset..].chars().next()
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum PathStep {
        Key(String),
        Index(usize),
    }

    fn steps(path: &[PathStep]) -> Vec<Step<'_>> {
        path.iter()
            .map(|step| match step {
                PathStep::Key(key) => Step::Key(key),
                PathStep::Index(index) => Step::Index(*index),
            })
            .collect()
    }

    /// Where a value (and its key) is written.
    #[derive(Debug, Clone)]
    struct Place {
        path: Vec<PathStep>,
        kind: NodeKind,
        value_offset: usize,
        /// The value's first character as written; None for an empty value.
        first_char: Option<char>,
        key_offset: Option<usize>,
    }

    const WORDS: &[&str] =
        &["palmyra", "Temple of Bel", "2015", "tadmur", "تدمر", "Ḥalab", "al-Nūrī", "名前", "Sélection", "a_b", "x1", "true", "null"];
    const KEYS: &[&str] = &["title", "date", "sites", "actors", "events", "id", "role", "موقع", "sélection", "名前", "a b", "x_1"];

    fn key() -> impl Strategy<Value = Key> {
        (prop::sample::select(KEYS), any::<bool>()).prop_map(|(text, quoted)| Key { text: text.to_string(), quoted: quoted || text.contains(' ') })
    }

    fn scalar() -> impl Strategy<Value = Node> {
        let quoted_text = "[a-zA-Z0-9 #:,\\[\\]{}'\"\\\\éتدمر-]{0,10}";
        prop_oneof![
            3 => prop::sample::select(WORDS).prop_map(|w| Node::Plain(w.to_string())),
            1 => "[a-zA-Z][a-zA-Z0-9 ._]{0,8}[a-zA-Z0-9]".prop_map(Node::Plain),
            1 => quoted_text.prop_map(Node::SingleQuoted),
            1 => quoted_text.prop_map(Node::DoubleQuoted),
        ]
    }

    fn unique_keys(entries: Vec<(Key, Node)>) -> Vec<(Key, Node)> {
        let mut seen = std::collections::HashSet::new();
        entries.into_iter().filter(|(key, _)| seen.insert(key.text.clone())).collect()
    }

    fn flow() -> impl Strategy<Value = Node> {
        scalar().prop_recursive(2, 12, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Node::FlowList),
                prop::collection::vec((key(), inner), 1..3).prop_map(|entries| Node::FlowMap(unique_keys(entries))),
            ]
        })
    }

    /// A value in block style; list items are flow values or mappings (never
    /// generated and thrown away: rejections would cap the long pass).
    fn block() -> impl Strategy<Value = Node> {
        let leaf = prop_oneof![4 => flow(), 1 => Just(Node::Empty)];
        leaf.prop_recursive(3, 24, 4, |inner| {
            let map = prop::collection::vec((key(), inner), 1..4).prop_map(|entries| Node::Map(unique_keys(entries))).boxed();
            let item = prop_oneof![3 => flow(), 1 => map.clone()];
            prop_oneof![prop::collection::vec(item, 1..4).prop_map(Node::BlockList), map]
        })
    }

    /// The whole document: a mapping of a few keys.
    fn document() -> impl Strategy<Value = Vec<(Key, Node)>> {
        prop::collection::vec((key(), block()), 1..5).prop_map(unique_keys)
    }

    struct Renderer {
        text: String,
        newline: &'static str,
        comments: bool,
        places: Vec<Place>,
    }

    impl Renderer {
        fn scalar_text(node: &Node) -> String {
            match node {
                Node::Plain(text) => text.clone(),
                Node::SingleQuoted(text) => format!("'{}'", text.replace('\'', "''")),
                Node::DoubleQuoted(text) => format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
                _ => String::new(),
            }
        }

        fn key(&mut self, key: &Key) -> usize {
            let at = self.text.len();
            if key.quoted {
                self.text.push_str(&format!("\"{}\"", key.text));
            } else {
                self.text.push_str(&key.text);
            }
            at
        }

        fn place(&mut self, path: &[PathStep], node: &Node, value_offset: usize, key_offset: Option<usize>) {
            let first_char = node.first_char();
            self.places.push(Place { path: path.to_vec(), kind: node.kind(), value_offset, first_char, key_offset });
        }

        /// A node in flow style, on the current line.
        fn flow(&mut self, path: &mut Vec<PathStep>, node: &Node, key_offset: Option<usize>) {
            let at = self.text.len();
            match node {
                Node::FlowList(items) | Node::BlockList(items) => {
                    self.text.push('[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            self.text.push_str(", ");
                        }
                        path.push(PathStep::Index(i));
                        self.flow(path, item, None);
                        path.pop();
                    }
                    self.text.push(']');
                }
                Node::FlowMap(entries) | Node::Map(entries) => {
                    self.text.push('{');
                    for (i, (key, value)) in entries.iter().enumerate() {
                        if i > 0 {
                            self.text.push_str(", ");
                        }
                        let key_at = self.key(key);
                        self.text.push_str(": ");
                        path.push(PathStep::Key(key.text.clone()));
                        self.flow(path, value, Some(key_at));
                        path.pop();
                    }
                    self.text.push('}');
                }
                scalar => self.text.push_str(&Self::scalar_text(scalar)),
            }
            self.place(path, node, at, key_offset);
        }

        fn end_line(&mut self) {
            if self.comments {
                self.text.push_str(" # note");
            }
            self.text.push_str(self.newline);
        }

        fn indent(&mut self, indent: usize) {
            self.text.push_str(&" ".repeat(indent));
        }

        /// A block mapping; its first key is written without indenting when
        /// the line is begun already (after `- `). Returns the first key's offset.
        fn map(&mut self, path: &mut Vec<PathStep>, entries: &[(Key, Node)], indent: usize, line_begun: bool) -> usize {
            let mut first = None;
            for (i, (key, value)) in entries.iter().enumerate() {
                if !(line_begun && i == 0) {
                    if self.comments && i > 0 {
                        self.indent(indent);
                        self.text.push_str("# between keys");
                        self.text.push_str(self.newline);
                    }
                    self.indent(indent);
                }
                let key_at = self.key(key);
                first.get_or_insert(key_at);
                self.text.push(':');
                path.push(PathStep::Key(key.text.clone()));
                self.block_value(path, value, indent, Some(key_at));
                path.pop();
            }
            first.unwrap_or(self.text.len())
        }

        /// The value after `key:` (the line is begun) in block style.
        fn block_value(&mut self, path: &mut Vec<PathStep>, node: &Node, indent: usize, key_offset: Option<usize>) {
            match node {
                Node::BlockList(items) => {
                    self.text.push_str(self.newline);
                    let at = self.text.len() + indent + 2;
                    for (i, item) in items.iter().enumerate() {
                        self.indent(indent + 2);
                        self.text.push_str("- ");
                        path.push(PathStep::Index(i));
                        self.list_item(path, item, indent + 4);
                        path.pop();
                    }
                    self.place(path, node, at, key_offset);
                }
                Node::Map(entries) => {
                    self.text.push_str(self.newline);
                    let at = self.map(path, entries, indent + 2, false);
                    self.place(path, node, at, key_offset);
                }
                Node::Empty => {
                    let at = self.text.len();
                    self.end_line();
                    self.place(path, node, at, key_offset);
                }
                flow => {
                    self.text.push(' ');
                    self.flow(path, flow, key_offset);
                    self.end_line();
                }
            }
        }

        /// An item after `- `.
        fn list_item(&mut self, path: &mut Vec<PathStep>, node: &Node, indent: usize) {
            match node {
                Node::Map(entries) => {
                    let at = self.map(path, entries, indent, true);
                    self.place(path, node, at, None);
                }
                flow => {
                    self.flow(path, flow, None);
                    self.end_line();
                }
            }
        }
    }

    /// A rendered document: its text, where each value is, and its top-level keys.
    #[derive(Debug, Clone)]
    struct Rendered {
        text: String,
        places: Vec<Place>,
        first_line: u32,
    }

    fn rendered() -> impl Strategy<Value = Rendered> {
        (document(), prop::sample::select(&["\n", "\r\n"][..]), any::<bool>(), 1u32..40).prop_map(|(entries, newline, comments, first_line)| {
            let mut renderer = Renderer { text: String::new(), newline, comments, places: Vec::new() };
            renderer.map(&mut Vec::new(), &entries, 0, false);
            Rendered { text: renderer.text, places: renderer.places, first_line }
        })
    }

    /// Paths that may or may not exist.
    fn probe_paths() -> impl Strategy<Value = Vec<Vec<PathStep>>> {
        let step = prop_oneof![
            prop::sample::select(KEYS).prop_map(|k| PathStep::Key(k.to_string())),
            Just(PathStep::Key("missing".to_string())),
            (0usize..5).prop_map(PathStep::Index),
            Just(PathStep::Index(usize::MAX)),
        ];
        prop::collection::vec(prop::collection::vec(step, 0..5), 0..6)
    }

    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "[", "]", "{", "}", ",", ":", ": ", "- ", "#", "\t", "\n", "\r", "\r\n", "'", "\"", "  ", "&a ", "*a", "!!str ", "? ", "|", ">",
        "%YAML 1.2\n", "---\n", "...\n", "é", "تدمر", "\u{feff}", "\0", "\\", "title: x\n",
    ];

    /// Any lookup of `path` in any text gives a place in the text, or nothing.
    fn check_lookups(yaml: &str, first_line: u32, path: &[PathStep]) -> Result<(), TestCaseError> {
        let path = steps(path);
        let value = within_budget(|| locate_value(yaml, first_line, &path))?;
        let key = within_budget(|| locate_key(yaml, first_line, &path))?;
        let node = within_budget(|| locate_node(yaml, first_line, &path))?;
        for location in [value, key, node.map(|(_, location)| location)].into_iter().flatten() {
            prop_assert!(is_inside(yaml, first_line, location), "{:?} for {:?} is outside the text", location, path);
        }
        Ok(())
    }

    proptest! {
        // Each case parses the document a few times per value, slowly in a debug build.
        #![proptest_config(config(300))]

        /// Every value is found at its first character, every key at its own.
        #[test]
        fn every_value_is_located_at_its_first_character(document in rendered()) {
            let Rendered { text, places, first_line } = &document;
            for place in places {
                let path = steps(&place.path);
                let expected = location_of(text, *first_line, place.value_offset);
                if let Some(first_char) = place.first_char {
                    let found = locate_value(text, *first_line, &path);
                    prop_assert_eq!(found, Some(expected), "value of {:?}", place.path);
                    prop_assert_eq!(char_at(text, *first_line, expected), Some(first_char), "the text at {:?}", expected);
                    prop_assert_eq!(locate_node(text, *first_line, &path), Some((place.kind, expected)));
                } else {
                    check_lookups(text, *first_line, &place.path)?;
                }
                if let Some(key_offset) = place.key_offset {
                    prop_assert_eq!(locate_key(text, *first_line, &path), Some(location_of(text, *first_line, key_offset)), "key of {:?}", place.path);
                }
            }
            // Every top-level key is found where it is written, also when asked by name.
            let located = LocatedYaml::read(text, *first_line);
            for place in places.iter().filter(|place| place.path.len() == 1) {
                let (PathStep::Key(key), Some(key_offset)) = (&place.path[0], place.key_offset) else { continue };
                let found: Vec<Location> = located.keys_named(&[], key).iter().map(|span| span.start).collect();
                prop_assert!(found.contains(&location_of(text, *first_line, key_offset)), "top-level key {:?} found at {:?}", key, found);
            }
        }

        /// Truncated documents, brackets removed, tabs, keys written twice...
        #[test]
        fn damaged_yaml_gives_a_place_in_the_text_or_nothing(document in rendered(), damage in edits(PIECES), probes in probe_paths()) {
            let text = mutate(&document.text, &damage);
            for path in document.places.iter().map(|place| &place.path).chain(&probes) {
                check_lookups(&text, document.first_line, path)?;
            }
            let top_level: Vec<&str> = document.places.iter().filter_map(|place| match place.path.as_slice() { [PathStep::Key(key)] => Some(key.as_str()), _ => None }).collect();
            let spans = within_budget(|| {
                let located = LocatedYaml::read(&text, document.first_line);
                top_level.iter().flat_map(|key| located.keys_named(&[], key)).collect::<Vec<_>>()
            })?;
            for span in spans {
                prop_assert!(is_inside(&text, document.first_line, span.start), "top-level key at {:?}", span.start);
            }
        }
    }

    proptest! {
        #![proptest_config(config(1000))]

        #[test]
        fn paths_that_do_not_exist_give_a_place_in_the_text_or_nothing(document in rendered(), probes in probe_paths()) {
            for path in &probes {
                check_lookups(&document.text, document.first_line, path)?;
            }
        }


        #[test]
        fn arbitrary_text_gives_a_place_in_the_text_or_nothing(text in any::<String>(), first_line in 1u32..40, probes in probe_paths()) {
            for path in &probes {
                check_lookups(&text, first_line, path)?;
            }
        }
    }
}

// -------------------------------------------------------------------------------------------
// 4. Markdown bodies with references and mentions: `markdown::render`.

mod markdown_bodies {
    use super::*;
    use std::sync::LazyLock;
    use stele::frontmatter::{Autolink, RawHtml};
    use stele::markdown::{render, MarkdownOptions, MentionSettings, RefKind, RenderedMarkdown};
    use stele::mentions::{MentionIndex, NamedEntity};

    /// The entities bodies mention: Latin names with diacritics, Arabic, a
    /// name inside a longer one, and one name two entities share.
    const ENTITIES: &[(RefKind, &str, &[&str])] = &[
        (RefKind::Site, "temple-of-bel", &["Temple of Bel", "Bel"]),
        (RefKind::Site, "palmyra", &["Palmyra", "Tadmur", "تدمر"]),
        (RefKind::Site, "great-mosque", &["Great Mosque of al-Nūrī", "al-Ḥadbāʾ"]),
        (RefKind::Actor, "islamic-state", &["Islamic State", "IS", "داعش"]),
        (RefKind::Actor, "khaled-al-asaad", &["Khaled al-Asaad", "Khālid al-Asʿad"]),
        (RefKind::Actor, "unesco", &["UNESCO"]),
        (RefKind::Actor, "shared-actor", &["Shared Name"]),
        (RefKind::Site, "shared-site", &["Shared Name"]),
    ];

    static INDEX: LazyLock<MentionIndex> = LazyLock::new(|| {
        let entities: Vec<NamedEntity> =
            ENTITIES.iter().map(|(kind, id, names)| NamedEntity { kind: *kind, id, path: "content/x.md", names: names.to_vec() }).collect();
        MentionIndex::build(&entities).0
    });

    fn names_of(kind: RefKind, id: &str) -> &'static [&'static str] {
        ENTITIES.iter().find(|(k, i, _)| *k == kind && *i == id).map_or(&[], |(_, _, names)| names)
    }

    #[rustfmt::skip]
    const WORDS: &[&str] = &[
        "the", "was", "destroyed", "in", "of", "and", ".", ",", "Belgium", "Bels", "ISIS", "IS-K", "Palmyrene", "BelBel", "مدينة", "é",
        "Ḥalab", "2015", "\"quoted\"", "it's", "--", "...", "&amp;", "&#66;el", "\\*", "\\[", "site:palmyra", "a_Bel", "Bel_a", "Bel9",
    ];
    const IDS: &[&str] = &["palmyra", "temple-of-bel", "islamic-state", "x1", "", "UPPER", "a_b", "ü", "a%20b", "a&amp;b", "a\\_b"];
    const FRAGMENTS: &[&str] = &["", "#history", "#", "#ü", "#a b"];
    const LABELS: &[&str] = &["r1", "r2", "Ref", "palmyra"];
    const SCHEMES: &[&str] = &["site", "actor", "event", "article", "sites", "Site"];

    fn name() -> impl Strategy<Value = String> {
        prop::sample::select(ENTITIES).prop_flat_map(|(_, _, names)| prop::sample::select(names)).prop_map(String::from)
    }

    fn reference() -> impl Strategy<Value = String> {
        (prop::sample::select(SCHEMES), prop::sample::select(IDS), prop::sample::select(FRAGMENTS)).prop_map(|(s, i, f)| format!("{s}:{i}{f}"))
    }

    fn link_text() -> impl Strategy<Value = String> {
        prop_oneof![name(), prop::sample::select(WORDS).prop_map(String::from), reference(), Just("`code`".to_string())]
    }

    /// Inline Markdown: words, names, every way of writing a link, code, HTML, script links.
    fn inline() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => prop::sample::select(WORDS).prop_map(String::from),
            6 => name(),
            2 => (link_text(), reference()).prop_map(|(t, r)| format!("[{t}]({r})")),
            1 => (link_text(), reference()).prop_map(|(t, r)| format!("[{t}](<{r}>)")),
            1 => (link_text(), reference()).prop_map(|(t, r)| format!("[{t}]({r} \"{r}\")")),
            1 => (link_text(), reference(), reference()).prop_map(|(t, r, title)| format!("[{t}]({r} '{title}')")),
            1 => reference().prop_map(|r| format!("<{r}>")),
            1 => (link_text(), prop::sample::select(LABELS)).prop_map(|(t, l)| format!("[{t}][{l}]")),
            1 => prop::sample::select(LABELS).prop_map(|l| format!("[{l}]")),
            1 => (name(), name()).prop_map(|(a, b)| format!("`{a} site:x` {b}")),
            1 => name().prop_map(|n| format!("*{n}*")),
            1 => name().prop_map(|n| format!("**{n}**s")),
            1 => name().prop_map(|n| format!("<b>{n}</b>")),
            1 => name().prop_map(|n| format!("<a href=\"https://x.org/\">{n}</a> {n}")),
            1 => name().prop_map(|n| format!("![{n}](images/{n}.png)")),
            1 => prop::sample::select(&["[x](javascript:alert(1))", "[x](  JaVaScRiPt:x)", "![i](data:text/html,x)", "<vbscript:x>", "[x][js]"][..])
                .prop_map(String::from),
        ]
    }

    fn line() -> impl Strategy<Value = String> {
        prop::collection::vec(inline(), 1..8).prop_map(|pieces| pieces.join(" "))
    }

    fn block() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => prop::collection::vec(line(), 1..3).prop_map(|lines| lines.join("\n")),
            2 => (1usize..7, line(), prop::option::of(heading_id())).prop_map(|(level, text, id)| format!("{} {text}{id}", "#".repeat(level), id = id.unwrap_or_default())),
            3 => (prop::sample::select(&["Background", "Temple of Bel", "", "Bel", "background 1"][..]), prop::option::of(heading_id()))
                .prop_map(|(text, id)| format!("## {text}{}", id.unwrap_or_default())),
            1 => line().prop_map(|l| format!("```\n{l}\n```")),
            1 => line().prop_map(|l| format!("    {l}")),
            1 => prop::collection::vec(line(), 1..3).prop_map(|items| items.iter().map(|i| format!("- {i}")).collect::<Vec<_>>().join("\n")),
            1 => line().prop_map(|l| format!("> {l}")),
            1 => (line(), line()).prop_map(|(a, b)| format!("| a | b |\n|---|:-:|\n| {a} | {b} |")),
            1 => name().prop_map(|n| format!("<div>\n{n}\n</div>")),
            1 => line().prop_map(|l| format!("{l}[^1]\n\n[^1]: {l}")),
            1 => Just("---".to_string()),
        ]
    }

    /// An id written after a heading's text; the same ids recur, and some
    /// are what a heading's text would give.
    fn heading_id() -> impl Strategy<Value = String> {
        prop::sample::select(&[" {#background}", " {#background-1}", " {#mine}", " {#x .c}", " {#section}"][..]).prop_map(String::from)
    }

    /// `[label]: destination`, in the ways a definition may be written.
    fn definition() -> impl Strategy<Value = String> {
        let destination = prop_oneof![4 => reference(), 1 => Just("javascript:x".to_string())];
        (prop::sample::select(LABELS), destination, prop::sample::select(&["{l}: {d}", "{l}: <{d}>", "{l}:\n  {d}", "{l}: {d} \"t\""][..]))
            .prop_map(|(label, destination, form)| form.replace("{l}", &format!("[{label}]")).replace("{d}", &destination))
    }

    fn body() -> impl Strategy<Value = String> {
        let definitions = prop::collection::vec(definition(), 0..3).prop_map(|mut d| {
            d.push("[js]: javascript:void(0)".to_string());
            d
        });
        (prop::collection::vec(block(), 1..8), definitions, prop::sample::select(&["\n", "\r\n"][..])).prop_map(|(blocks, definitions, newline)| {
            let mut text = blocks.join("\n\n");
            text.push_str("\n\n");
            text.push_str(&definitions.join("\n"));
            text.push('\n');
            text.replace('\n', newline)
        })
    }

    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "[", "]", "(", ")", "`", "```", "\\", "*", "_", "<", ">", "&amp;", "\n", "\n\n", "#", "# ", "- ", "> ", "|", ":", "site:",
        "actor:x", "Bel", "تدمر", "é", "\u{301}", "\t", "    ", "\r\n", "\0", "{#a}", "[^1]", "\"", "'", "javascript:", "<!--", "-->",
        "<a href=x>", "</a>",
    ];

    fn options() -> impl Strategy<Value = (RawHtml, Autolink)> {
        (
            prop::sample::select(&[RawHtml::Keep, RawHtml::Strip, RawHtml::Sanitize][..]),
            prop::sample::select(&[Autolink::First, Autolink::All, Autolink::None][..]),
        )
    }

    fn render_body(text: &str, (raw_html, autolink): (RawHtml, Autolink)) -> RenderedMarkdown {
        let mentions = MentionSettings { index: &INDEX, autolink };
        render(text, MarkdownOptions { raw_html, root: "../../", mentions: Some(mentions) })
    }

    /// Whether `offset` is where `written` begins in `text`, not inside a
    /// longer word. (An `_` beside it may be emphasis, as in `_Bel_`.)
    fn is_written_at(text: &str, offset: usize, written: &str) -> bool {
        let Some(rest) = text.get(offset..) else { return false };
        let before = text[..offset].chars().next_back();
        let after = rest.get(written.len()..).and_then(|after| after.chars().next());
        rest.starts_with(written) && !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    }

    /// The `id` of every `<h1>`..`<h6>` that stele wrote.
    fn heading_ids(html: &str) -> Vec<&str> {
        html.match_indices("<h")
            .filter_map(|(at, _)| {
                let rest = &html[at + 2..];
                let level = rest.chars().next().filter(|c| ('1'..='6').contains(c))?;
                let rest = rest[level.len_utf8()..].strip_prefix(" id=\"")?;
                Some(&rest[..rest.find('"')?])
            })
            .collect()
    }

    /// What must hold of any body.
    fn check_body(text: &str, options: (RawHtml, Autolink)) -> Result<(), TestCaseError> {
        let rendered = within_budget(|| render_body(text, options))?;
        for reference in &rendered.refs {
            let written = format!("{}:{}", reference.kind.scheme(), reference.id);
            let place = text.get(reference.offset..).unwrap_or_default();
            // A destination written with escapes or entities is decoded before it is an id.
            let encoded = place.lines().next().unwrap_or_default().contains(['\\', '&']);
            prop_assert!(
                place.starts_with(&written) || (encoded && place.starts_with(reference.kind.scheme())),
                "reference {} is recorded at {:?}",
                written,
                place.chars().take(30).collect::<String>()
            );
            prop_assert!(is_inside(text, 1, location_of(text, 1, reference.offset)));
        }
        for mention in &rendered.mentions {
            let names = names_of(mention.target.kind, &mention.target.id);
            let place = text.get(mention.offset..).unwrap_or_default();
            prop_assert!(
                names.iter().any(|name| is_written_at(text, mention.offset, name)),
                "mention of {} is recorded at {:?}",
                mention.target.id,
                place.chars().take(30).collect::<String>()
            );
        }
        for link in &rendered.script_links {
            prop_assert!(text.is_char_boundary(link.offset), "script link at {} splits a character", link.offset);
            prop_assert!(is_inside(text, 1, location_of(text, 1, link.offset)));
        }
        let ids = heading_ids(&rendered.html);
        let unique: std::collections::HashSet<&&str> = ids.iter().collect();
        prop_assert_eq!(unique.len(), ids.len(), "heading ids repeat: {:?}", ids);
        prop_assert_eq!(&render_body(text, options), &rendered, "a second rendering differs");
        Ok(())
    }

    proptest! {
        #![proptest_config(config(1000))]

        #[test]
        fn a_generated_body_renders_with_every_offset_right(text in body(), options in options()) {
            check_body(&text, options)?;
        }

        #[test]
        fn a_damaged_body_renders_with_every_offset_right(text in mutated(body(), PIECES), options in options()) {
            check_body(&text, options)?;
        }

        #[test]
        fn arbitrary_text_renders_with_every_offset_right(text in prop_oneof![any::<String>(), "([\\[\\]()<>`*_#\n:|\\\\!]|site|Bel|IS| ){0,40}"], options in options()) {
            check_body(&text, options)?;
        }
    }
}

// -------------------------------------------------------------------------------------------
// 5. The output-path guard: `is_safe_relative`, `folder::resolve`, the journal's steps.

mod output_paths {
    use super::*;
    use std::fs;
    use std::path::{Component, Path, PathBuf};
    use stele::output::journal::Step;
    use stele::output::{folder, is_safe_relative, recover};

    /// Path segments, hostile and ordinary; `@` stands for a long name.
    #[rustfmt::skip]
    const SEGMENTS: &[&str] = &[
       
        "a", "b", "x.html", "link", "filelink", "dangling", "file", "..", ".", "", "...", "..a", "é", "تدمر", "\\", "a\\..", "..\\x", "\0", "~", " ",
        "C:", "@",
    ];

    /// A path from segments: relative or absolute, with `/` or `\` between
    /// segments, maybe a trailing separator.
    fn path() -> impl Strategy<Value = String> {
        let segments = prop::collection::vec(prop_oneof![4 => prop::sample::select(SEGMENTS).prop_map(String::from), 1 => "[a-zé.]{1,6}"], 1..6);
        (
            prop::sample::select(&["", "", "", "/", "//", "\\"][..]),
            segments,
            prop::sample::select(&["/", "/", "/", "/", "\\", "//"][..]),
            prop::sample::select(&["", "", "/"][..]),
        )
            .prop_map(|(start, segments, separator, end)| {
                let segments: Vec<String> = segments.into_iter().map(|s| if s == "@" { "n".repeat(300) } else { s }).collect();
                format!("{start}{}{end}", segments.join(separator))
            })
    }

    proptest! {
        #![proptest_config(config(5000))]

        #[test]
        fn an_accepted_path_stays_inside_the_folder(path in path()) {
            if is_safe_relative(&path) {
                let folder = Path::new("/srv/site");
                let joined = folder.join(&path);
                prop_assert!(Path::new(&path).components().all(|c| matches!(c, Component::Normal(_))), "{:?}", path);
                let mut depth = 0usize;
                for component in joined.strip_prefix(folder).map_err(|e| TestCaseError::fail(e.to_string()))?.components() {
                    match component {
                        Component::Normal(_) => depth += 1,
                        other => return Err(TestCaseError::fail(format!("{other:?} in {path:?}"))),
                    }
                }
                prop_assert!(depth > 0);
            } else {
                let refused_for_cause = path.is_empty()
                    || path.starts_with('/')
                    || path.contains(['\\', '\0'])
                    || path.split('/').any(|s| s.is_empty() || s == "." || s == "..");
                prop_assert!(refused_for_cause, "{:?} refused for no reason", path);
            }
        }
    }

    /// A folder with sub-folders, a file, a link to a folder and a dangling link.
    fn resolving_ground() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        fs::create_dir_all(base.join("a/b")).unwrap();
        fs::write(base.join("file"), "x").unwrap();
        std::os::unix::fs::symlink(base.join("a/b"), base.join("link")).unwrap();
        std::os::unix::fs::symlink(base.join("nowhere"), base.join("dangling")).unwrap();
        (dir, base)
    }

    #[test]
    fn resolving_any_path_below_a_folder_gives_an_absolute_path_without_dots() {
        let (_dir, base) = resolving_ground();
        let mut runner = TestRunner::new(config(2000));
        runner
            .run(&path(), |path| {
                let relative = path.trim_start_matches('/');
                let given = base.join(relative);
                let Ok(resolved) = within_budget(|| folder::resolve(&given))? else { return Ok(()) };
                prop_assert!(resolved.is_absolute(), "{:?}", resolved);
                prop_assert!(resolved.components().all(|c| matches!(c, Component::RootDir | Component::Normal(_))), "{:?} has dots", resolved);
                if let Ok(real) = given.canonicalize() {
                    prop_assert_eq!(resolved, real, "an existing path resolves as the system does");
                }
                Ok(())
            })
            .unwrap();
    }

    /// The ground publishing runs on: an output folder holding a link to a
    /// folder outside (with a sentinel behind it) and a link to a sentinel
    /// file, sentinels beside the folder, and a staging folder with a journal.
    struct Ground {
        _dir: tempfile::TempDir,
        root: PathBuf,
        out: PathBuf,
    }

    const SENTINELS: [&str; 3] = ["outside/sentinel", "behind/sentinel", "sentinel"];

    /// A folder of the ground. Cases make and remove folders by the
    /// thousand: in memory (Linux's `/dev/shm`) where there is one, so that
    /// the long pass is not bound by the disk.
    fn scratch_folder() -> tempfile::TempDir {
        let in_memory = Path::new("/dev/shm");
        match in_memory.is_dir().then(|| tempfile::tempdir_in(in_memory)) {
            Some(Ok(dir)) => dir,
            _ => tempfile::tempdir().unwrap(),
        }
    }

    impl Ground {
        fn new(staged: &[String], steps: &[Step]) -> Ground {
            let dir = scratch_folder();
            let root = dir.path().canonicalize().unwrap();
            let out = root.join("site");
            for folder in ["outside", "behind/kept", "site/a/b"] {
                fs::create_dir_all(root.join(folder)).unwrap();
            }
            for sentinel in SENTINELS {
                fs::write(root.join(sentinel), sentinel).unwrap();
            }
            for page in ["site/index.html", "site/a/x.html", "site/a/b/x.html"] {
                fs::write(root.join(page), "old").unwrap();
            }
            std::os::unix::fs::symlink(root.join("behind"), out.join("link")).unwrap();
            std::os::unix::fs::symlink(root.join("outside/sentinel"), out.join("filelink")).unwrap();
            let staging = root.join(".site.stele-staging");
            fs::create_dir_all(staging.join("files")).unwrap();
            fs::write(staging.join("LOCK"), "").unwrap();
            for file in staged {
                let path = staging.join("files").join(file);
                // Staged paths that cannot be made are simply not staged.
                if path.parent().is_some_and(|parent| fs::create_dir_all(parent).is_ok()) {
                    let _ = fs::write(&path, "new");
                }
            }
            let steps: Vec<Step> = steps.iter().map(|step| Self::placed(step, &root)).collect();
            let journal = serde_json::json!({ "version": 1, "steps": steps });
            fs::write(staging.join("journal.json"), journal.to_string()).unwrap();
            Ground { _dir: dir, root, out }
        }

        /// `@root` in a step's path stands for the temporary folder.
        fn placed(step: &Step, root: &Path) -> Step {
            let place = |path: &String| path.replace("@root", &root.display().to_string());
            match step {
                Step::Move(path) => Step::Move(place(path)),
                Step::Remove(path) => Step::Remove(place(path)),
                Step::RemoveFolder(path) => Step::RemoveFolder(place(path)),
            }
        }

        /// Everything outside the output folder, and behind links inside it.
        fn untouchable(&self) -> Vec<(String, Option<Vec<u8>>)> {
            let mut seen: Vec<(String, Option<Vec<u8>>)> = Vec::new();
            for entry in walkdir::WalkDir::new(&self.root).sort_by_file_name().into_iter().filter_map(Result::ok) {
                let relative = entry.path().strip_prefix(&self.root).unwrap_or(entry.path()).display().to_string();
                if relative.starts_with("site") || relative.starts_with(".site.stele-staging") {
                    continue;
                }
                let bytes = entry.file_type().is_file().then(|| fs::read(entry.path()).unwrap_or_default());
                seen.push((relative, bytes));
            }
            seen
        }
    }

    fn hostile_path() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => path(),
            1 => prop::sample::select(&["@root/outside/sentinel", "@root/sentinel", "../sentinel", "link/sentinel", "filelink", "link", "link/kept"][..])
                .prop_map(String::from),
        ]
    }

    fn steps() -> impl Strategy<Value = Vec<Step>> {
        let step =
            prop_oneof![hostile_path().prop_map(Step::Move), hostile_path().prop_map(Step::Remove), hostile_path().prop_map(Step::RemoveFolder),];
        prop::collection::vec(step, 1..8)
    }

    fn staged_files() -> impl Strategy<Value = Vec<String>> {
        let segment = prop::sample::select(&["a", "b", "x.html", "link", "filelink", "sentinel", "new"][..]);
        prop::collection::vec(prop::collection::vec(segment, 1..4).prop_map(|s| s.join("/")), 0..5)
    }

    #[test]
    fn publishing_never_touches_anything_outside_the_folder_or_behind_a_link() {
        // Each case builds its own folders on disk.
        let mut runner = TestRunner::new(config(200));
        runner
            .run(&(staged_files(), steps()), |(staged, steps)| {
                let ground = Ground::new(&staged, &steps);
                let before = ground.untouchable();
                prop_assert_eq!(before.iter().filter(|(_, bytes)| bytes.is_some()).count(), SENTINELS.len());
                // Finishing the journal may fail (a link or a file in the way); it must not reach out.
                let _ = within_budget(|| recover(&ground.out))?;
                prop_assert_eq!(ground.untouchable(), before);
                Ok(())
            })
            .unwrap();
    }
}
