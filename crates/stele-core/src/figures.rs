//! Figures: how many people were killed, injured, displaced, how many
//! buildings or objects destroyed, each as one source counted them. A
//! figure keeps the form it was written in (an exact number, a range, "at
//! least") and its bounds; figures of several sources or events are combined
//! as ranges (lowest to highest, sum of lows to sum of highs), never as one
//! invented number. docs/content-model.md, "Figures", is the user contract.

use serde::Serialize;
use std::fmt;

/// The kinds of figures stele knows, in the order pages list them, with the
/// words pages show. From the practice of casualty recording (UCDP, ACLED,
/// Airwars: killed, injured; missing, detained, displaced people) and of
/// heritage monitoring (buildings and objects destroyed, damaged, looted).
/// Any other id-like key is accepted as a free kind.
pub const LISTED_KINDS: [(&str, &str); 9] = [
    ("killed", "killed"),
    ("injured", "injured"),
    ("missing", "missing"),
    ("detained", "detained"),
    ("displaced", "displaced"),
    ("buildings_destroyed", "buildings destroyed"),
    ("buildings_damaged", "buildings damaged"),
    ("objects_destroyed", "objects destroyed"),
    ("objects_looted", "objects looted"),
];

/// What a figure counts: a listed kind or a free one, by its key.
/// Ordered as pages list kinds: listed kinds in their order, then free ones by key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FigureKind {
    /// Position in `LISTED_KINDS`, or `LISTED_KINDS.len()` for a free kind.
    rank: usize,
    key: String,
}

impl FigureKind {
    /// The kind for a key as written; None when the key is not id-like
    /// (lowercase letters, digits, `_` and `-`, starting with a letter).
    pub fn new(key: &str) -> Option<FigureKind> {
        if !is_kind_key(key) {
            return None;
        }
        let rank = LISTED_KINDS.iter().position(|(listed, _)| *listed == key).unwrap_or(LISTED_KINDS.len());
        Some(FigureKind { rank, key: key.to_string() })
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn is_listed(&self) -> bool {
        self.rank < LISTED_KINDS.len()
    }

    /// The words pages show: the listed label, or the key with `_` and `-` as spaces.
    pub fn label(&self) -> String {
        match LISTED_KINDS.get(self.rank) {
            Some((_, label)) => (*label).to_string(),
            None => self.key.replace(['_', '-'], " "),
        }
    }
}

fn is_kind_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_lowercase()) && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// The key a written kind would be, for a hint: lowercase, words joined by `_`.
pub fn suggested_kind_key(written: &str) -> String {
    let words: Vec<String> = written.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    words.join("_")
}

/// Bounds: from `low` to `high`, or open above (`high` None: "at least `low`").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct FigureRange {
    pub low: u64,
    pub high: Option<u64>,
}

impl FigureRange {
    pub const ZERO: FigureRange = FigureRange { low: 0, high: Some(0) };

    pub fn exact(n: u64) -> FigureRange {
        FigureRange { low: n, high: Some(n) }
    }

    /// The sum of two counts: lows added, highs added, open when either is.
    pub fn plus(self, other: FigureRange) -> FigureRange {
        FigureRange { low: self.low.saturating_add(other.low), high: self.high.zip(other.high).map(|(a, b)| a.saturating_add(b)) }
    }

    /// What two sources together say: from the lower low to the higher
    /// high, open when either is.
    pub fn span(self, other: FigureRange) -> FigureRange {
        FigureRange { low: self.low.min(other.low), high: self.high.zip(other.high).map(|(a, b)| a.max(b)) }
    }

    /// One number when the bounds are equal (and only then).
    pub fn is_exact(self) -> bool {
        self.high == Some(self.low)
    }

    /// `low-high`, `low+` (open) or `n` (exact): the form of the CSV export.
    pub fn plain(self) -> String {
        match self.high {
            Some(high) if high == self.low => high.to_string(),
            Some(high) => format!("{}-{high}", self.low),
            None => format!("{}+", self.low),
        }
    }
}

/// "12", "1,020–1,030", "at least 1,000": in English (see [`FigureWords`]).
impl fmt::Display for FigureRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&FigureWords::english().range(*self))
    }
}

/// A number with `,` between groups of three digits: 1,000.
pub fn grouped(n: u64) -> String {
    grouped_with(n, ",")
}

/// A number with `separator` between groups of three digits.
fn grouped_with(n: u64, separator: &str) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// The words figure values are shown with, in one language: the bounds'
/// patterns (`{n}`, `{low}`, `{high}` filled in) and the digit group
/// separator. Made once per build (`stele_i18n::Table::figure_words`); the
/// forms figures are written in stay English whatever the site's language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FigureWords {
    /// "at least {n}": no upper bound.
    pub at_least: String,
    /// "at most {n}": a source's figure written as an upper bound only.
    pub at_most: String,
    /// "{low}–{high}".
    pub range: String,
    /// Between groups of three digits: "," in English.
    pub group_separator: String,
    /// Whether a source's figure is shown as written rather than in these
    /// words: true in English, the language figures are written in.
    pub shows_written: bool,
}

impl FigureWords {
    /// English, as figures were always shown.
    pub fn english() -> &'static FigureWords {
        static ENGLISH: std::sync::OnceLock<FigureWords> = std::sync::OnceLock::new();
        ENGLISH.get_or_init(|| FigureWords {
            at_least: "at least {n}".into(),
            at_most: "at most {n}".into(),
            range: "{low}–{high}".into(),
            group_separator: ",".into(),
            shows_written: true,
        })
    }

    /// `n` with the group separator: 1,000 (English), 1 000 (French).
    pub fn number(&self, n: u64) -> String {
        grouped_with(n, &self.group_separator)
    }

    /// Bounds in words: "12", "1,020–1,030", "at least 1,000".
    pub fn range(&self, range: FigureRange) -> String {
        match range.high {
            Some(high) if high == range.low => self.number(high),
            Some(high) => crate::date::fill(&self.range, &[("low", &self.number(range.low)), ("high", &self.number(high))]),
            None => crate::date::fill(&self.at_least, &[("n", &self.number(range.low))]),
        }
    }

    /// A source's figure: as written (English), else in these words in the
    /// form it was written in ("at most 50" stays a bound, not "0–50").
    pub fn value(&self, value: &FigureValue) -> String {
        match value.range.high {
            _ if self.shows_written => value.written.clone(),
            Some(high) if value.is_at_most() => crate::date::fill(&self.at_most, &[("n", &self.number(high))]),
            _ => self.range(value.range),
        }
    }
}

/// One source's figure: what it wrote, and the bounds read from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FigureValue {
    /// As written (trimmed): shown on the event's page and in the data.
    pub written: String,
    pub range: FigureRange,
}

/// Why a written figure cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureError {
    Negative(String),
    NotWhole(String),
    Backwards { written: String, low: u64, high: u64 },
    TooLarge(String),
    BadSeparators(String),
    Unreadable(String),
}

impl fmt::Display for FigureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FigureError::Negative(w) => write!(f, "figure `{w}` is negative"),
            FigureError::NotWhole(w) => write!(f, "figure `{w}` is not a whole number"),
            FigureError::Backwards { written, low, high } => {
                write!(f, "range `{written}` runs backwards: {} is more than {}", grouped(*low), grouped(*high))
            }
            FigureError::TooLarge(w) => write!(f, "figure `{w}` is too large"),
            FigureError::BadSeparators(w) => write!(f, "figure `{w}` has its thousands separators in the wrong places"),
            FigureError::Unreadable(w) if w.is_empty() => f.write_str("the figure is empty"),
            FigureError::Unreadable(w) => write!(f, "`{w}` is not a figure stele can read"),
        }
    }
}

impl std::error::Error for FigureError {}

/// The forms a figure may take, for hints.
pub const FORMS_HINT: &str =
    "write a number (`12`, `1,200`), a range (`20-30`) or a bound (`at least 1000`, `\">1000\"`, `1000+`, `at most 50`, `<50`)";

impl FigureError {
    pub fn hint(&self) -> String {
        match self {
            FigureError::Negative(_) => "figures count people or things: write 0 or more".into(),
            FigureError::NotWhole(_) => "figures count people or things: write a whole number".into(),
            FigureError::Backwards { low, high, .. } => format!("write the smaller number first: `{high}-{low}`"),
            FigureError::TooLarge(_) => "no count is that large: check the number".into(),
            FigureError::BadSeparators(_) => "write `,` between groups of three digits (`1,200`), or no separator (`1200`)".into(),
            FigureError::Unreadable(_) => format!("{FORMS_HINT}; words such as \"about\" belong in the description"),
        }
    }
}

/// Prefixes and suffixes of the bounds, lowercase; the rest must be a number.
const AT_LEAST_PREFIXES: [&str; 5] = ["at least ", "more than ", "over ", ">=", ">"];
const AT_MOST_PREFIXES: [&str; 4] = ["at most ", "up to ", "<=", "<"];
/// Range separators: hyphen, en dash, the word "to".
const RANGE_SEPARATORS: [&str; 3] = ["–", "-", " to "];

impl FigureValue {
    /// Whether the figure was written as an upper bound only (`at most 50`, `<50`).
    pub fn is_at_most(&self) -> bool {
        let lower = self.written.to_lowercase();
        AT_MOST_PREFIXES.iter().any(|p| lower.starts_with(p))
    }

    /// Reads a figure as written (a YAML number arrives as its digits):
    /// `12`, `1,200`; `20-30`, `20–30`, `20 to 30`; `at least 1000`,
    /// `>1000`, `>=1000`, `1000+`, `more than 1000`, `over 1000`;
    /// `at most 50`, `<50`, `<=50`, `up to 50`. "More than 1000" is read as
    /// at least 1,000 (a bound the source surely meant), "fewer than 50" as
    /// at most 50.
    pub fn parse(written: &str) -> Result<FigureValue, FigureError> {
        let text = written.trim();
        let lower = text.to_lowercase();
        let range = parse_bounds(text, &lower)?;
        Ok(FigureValue { written: text.to_string(), range })
    }
}

fn parse_bounds(text: &str, lower: &str) -> Result<FigureRange, FigureError> {
    if let Some(rest) = AT_LEAST_PREFIXES.iter().find_map(|p| lower.strip_prefix(p)) {
        return Ok(FigureRange { low: number(text, rest.trim())?, high: None });
    }
    if let Some(rest) = lower.strip_suffix('+') {
        return Ok(FigureRange { low: number(text, rest.trim())?, high: None });
    }
    if let Some(rest) = AT_MOST_PREFIXES.iter().find_map(|p| lower.strip_prefix(p)) {
        return Ok(FigureRange { low: 0, high: Some(number(text, rest.trim())?) });
    }
    // A leading minus is a negative number, not a range from nothing.
    if let Some(rest) = lower.strip_prefix('-') {
        return match number(text, rest.trim()) {
            Ok(_) => Err(FigureError::Negative(text.to_string())),
            Err(err) => Err(err),
        };
    }
    for separator in RANGE_SEPARATORS {
        if let Some((low, high)) = lower.split_once(separator) {
            let (low, high) = (number(text, low.trim())?, number(text, high.trim())?);
            if low > high {
                return Err(FigureError::Backwards { written: text.to_string(), low, high });
            }
            return Ok(FigureRange { low, high: Some(high) });
        }
    }
    Ok(FigureRange::exact(number(text, lower)?))
}

/// A count: digits, with `,` between groups of three if at all.
fn number(written: &str, digits: &str) -> Result<u64, FigureError> {
    let fail = |err: fn(String) -> FigureError| Err(err(written.to_string()));
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return if digits.starts_with('-') { fail(FigureError::Negative) } else { fail(FigureError::Unreadable) };
    }
    if digits.chars().all(|c| c.is_ascii_digit() || c == '.') && digits.contains('.') {
        return fail(FigureError::NotWhole);
    }
    if !digits.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return fail(FigureError::Unreadable);
    }
    if digits.contains(',') {
        let mut groups = digits.split(',');
        let first = groups.next().unwrap_or_default();
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return fail(FigureError::BadSeparators);
        }
    }
    digits.replace(',', "").parse().or_else(|_| fail(FigureError::TooLarge))
}

/// Per kind, the range across the sources that give it (see
/// [`FigureRange::span`]), kinds in listing order. `sources` yields each
/// source's figures.
pub fn across_sources<'a>(sources: impl IntoIterator<Item = &'a [(FigureKind, FigureValue)]>) -> Vec<(&'a FigureKind, FigureRange)> {
    let mut spans: Vec<(&FigureKind, FigureRange)> = Vec::new();
    for figures in sources {
        for (kind, value) in figures {
            match spans.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, span)) => *span = span.span(value.range),
                None => spans.push((kind, value.range)),
            }
        }
    }
    spans.sort_by(|a, b| a.0.cmp(b.0));
    spans
}

/// Per kind, the sum of the given ranges (each event's range across its
/// sources), kinds in listing order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FigureTotals {
    totals: Vec<(FigureKind, FigureRange, usize)>,
}

impl FigureTotals {
    /// Adds one event's range of a kind.
    pub fn add(&mut self, kind: &FigureKind, range: FigureRange) {
        match self.totals.iter_mut().find(|(k, _, _)| k == kind) {
            Some((_, total, events)) => {
                *total = total.plus(range);
                *events += 1;
            }
            None => self.totals.push((kind.clone(), range, 1)),
        }
    }

    /// (kind, sum, how many events gave the kind), kinds in listing order.
    pub fn into_sorted(mut self) -> Vec<(FigureKind, FigureRange, usize)> {
        self.totals.sort_by(|a, b| a.0.cmp(&b.0));
        self.totals
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn range(text: &str) -> FigureRange {
        FigureValue::parse(text).unwrap().range
    }

    #[test]
    fn every_documented_form_reads() {
        let open = |low| FigureRange { low, high: None };
        let between = |low, high| FigureRange { low, high: Some(high) };
        assert_eq!(range("12"), FigureRange::exact(12));
        assert_eq!(range(" 1,200 "), FigureRange::exact(1200));
        assert_eq!(range("1,234,567"), FigureRange::exact(1_234_567));
        assert_eq!(range("20-30"), between(20, 30));
        assert_eq!(range("20 – 30"), between(20, 30));
        assert_eq!(range("1,000 to 2,000"), between(1000, 2000));
        for written in [">1000", ">= 1000", "1000+", "1,000+", "at least 1000", "At least 1,000", "more than 1000", "over 1000"] {
            assert_eq!(range(written), open(1000), "{written}");
        }
        for written in ["<50", "<=50", "at most 50", "up to 50"] {
            assert_eq!(range(written), between(0, 50), "{written}");
        }
        assert_eq!(FigureValue::parse(" 20–30 ").unwrap().written, "20–30");
    }

    #[test]
    fn unreadable_figures_say_why() {
        let err = |text: &str| FigureValue::parse(text).unwrap_err().to_string();
        assert_eq!(err("-5"), "figure `-5` is negative");
        assert_eq!(err("2.5"), "figure `2.5` is not a whole number");
        assert_eq!(err("30-20"), "range `30-20` runs backwards: 30 is more than 20");
        assert_eq!(err("1,20"), "figure `1,20` has its thousands separators in the wrong places");
        assert_eq!(err("about 20"), "`about 20` is not a figure stele can read");
        assert_eq!(err("dozens"), "`dozens` is not a figure stele can read");
        assert_eq!(err(" "), "the figure is empty");
        assert_eq!(err("99999999999999999999999"), "figure `99999999999999999999999` is too large");
        assert_eq!(FigureValue::parse("30-20").unwrap_err().hint(), "write the smaller number first: `20-30`");
    }

    #[test]
    fn kinds_are_listed_or_free_and_ordered_for_pages() {
        let kind = |key| FigureKind::new(key).unwrap();
        assert!(kind("killed").is_listed());
        assert_eq!(kind("objects_looted").label(), "objects looted");
        assert_eq!(kind("air_strikes").label(), "air strikes");
        assert!(!kind("air_strikes").is_listed());
        let mut kinds = [kind("zebra"), kind("displaced"), kind("air_strikes"), kind("killed")];
        kinds.sort();
        assert_eq!(kinds.iter().map(FigureKind::key).collect::<Vec<_>>(), ["killed", "displaced", "air_strikes", "zebra"]);
        assert_eq!(FigureKind::new("Killed civilians"), None);
        assert_eq!(suggested_kind_key("Killed civilians"), "killed_civilians");
    }

    #[test]
    fn ranges_show_honestly() {
        assert_eq!(FigureRange::exact(1200).to_string(), "1,200");
        assert_eq!(FigureRange { low: 1020, high: Some(1030) }.to_string(), "1,020–1,030");
        assert_eq!(FigureRange { low: 1000, high: None }.to_string(), "at least 1,000");
        assert_eq!(FigureRange { low: 12, high: Some(15) }.plain(), "12-15");
        assert_eq!(FigureRange { low: 12, high: None }.plain(), "12+");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }

    #[test]
    fn words_show_bounds_in_a_language() {
        let french = FigureWords {
            at_least: "au moins {n}".into(),
            at_most: "au plus {n}".into(),
            range: "{low}–{high}".into(),
            group_separator: "\u{202F}".into(),
            shows_written: false,
        };
        assert_eq!(french.range(FigureRange::exact(1_234_567)), "1\u{202F}234\u{202F}567");
        assert_eq!(french.range(FigureRange { low: 1020, high: Some(1030) }), "1\u{202F}020–1\u{202F}030");
        assert_eq!(french.range(FigureRange { low: 1000, high: None }), "au moins 1\u{202F}000");
        let value = |text| french.value(&FigureValue::parse(text).unwrap());
        assert_eq!(value(">1000"), "au moins 1\u{202F}000");
        assert_eq!(value("up to 50"), "au plus 50");
        assert_eq!(value("0-50"), "0–50");
        assert_eq!(value("1200"), "1\u{202F}200");
        // English shows a source's figure as written.
        assert_eq!(FigureWords::english().value(&FigureValue::parse(">1000").unwrap()), ">1000");
    }

    #[test]
    fn across_sources_spans_and_sums_add() {
        let figures = |pairs: &[(&str, &str)]| -> Vec<(FigureKind, FigureValue)> {
            pairs.iter().map(|(k, v)| (FigureKind::new(k).unwrap(), FigureValue::parse(v).unwrap())).collect()
        };
        let a = figures(&[("injured", "20-30"), ("killed", "12")]);
        let b = figures(&[("killed", "15"), ("displaced", ">1000")]);
        let spans = across_sources([a.as_slice(), b.as_slice()]);
        let shown: Vec<(&str, String)> = spans.iter().map(|(k, r)| (k.key(), r.to_string())).collect();
        assert_eq!(shown, [("killed", "12–15".into()), ("injured", "20–30".into()), ("displaced", "at least 1,000".into())]);
        let mut totals = FigureTotals::default();
        for (kind, range) in spans.iter().chain(spans.iter()) {
            totals.add(kind, *range);
        }
        let summed: Vec<String> = totals.into_sorted().iter().map(|(_, r, n)| format!("{r} ({n})")).collect();
        assert_eq!(summed, ["24–30 (2)", "40–60 (2)", "at least 2,000 (2)"]);
    }

    fn any_range() -> impl Strategy<Value = FigureRange> {
        (0u64..1_000_000, prop::option::of(0u64..1_000_000)).prop_map(|(low, extra)| FigureRange { low, high: extra.map(|e| low + e) })
    }

    proptest! {
        #[test]
        fn sums_are_commutative_associative_and_keep_bounds(a in any_range(), b in any_range(), c in any_range()) {
            prop_assert_eq!(a.plus(b), b.plus(a));
            prop_assert_eq!(a.plus(b).plus(c), a.plus(b.plus(c)));
            prop_assert_eq!(a.plus(FigureRange::ZERO), a);
            let sum = a.plus(b);
            prop_assert_eq!(sum.low, a.low + b.low);
            prop_assert_eq!(sum.high.is_none(), a.high.is_none() || b.high.is_none());
            // Never a point value unless every part is one.
            prop_assert_eq!(sum.is_exact(), a.is_exact() && b.is_exact());
        }

        #[test]
        fn spans_hold_every_source(a in any_range(), b in any_range()) {
            let span = a.span(b);
            prop_assert_eq!(span, b.span(a));
            prop_assert!(span.low <= a.low && span.low <= b.low);
            if let Some(high) = span.high {
                prop_assert!(a.high.is_some_and(|h| h <= high) && b.high.is_some_and(|h| h <= high));
            }
        }

        #[test]
        fn written_ranges_read_back(range in any_range()) {
            prop_assert_eq!(FigureValue::parse(&range.plain()).unwrap().range, range);
            prop_assert_eq!(FigureValue::parse(&range.to_string()).unwrap().range, range);
        }
    }
}
