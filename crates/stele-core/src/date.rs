//! Dates for events (EDTF, ISO 8601-2 levels 0 and 1) and for articles (publication dates).
//!
//! An event date keeps what was written: its earliest and latest possible day, how precise each
//! end is, and whether it is uncertain or approximate. Dates stay calendar dates: nothing here
//! converts time zones or shifts days, and nothing is shown with more precision than was written.
//!
//! Why not a crate: when this was written the EDTF crates were either unmaintained (`edtf`
//! 0.2) or new (`edtf-core`, first released in 2026, levels 0–2; `citum-edtf`). None gives what
//! authors need here in one place — an error that names the problem and lists the accepted
//! forms, level-2 syntax refused rather than half-supported, and English display by precision —
//! so parsing is ours (chrono does the calendar). `edtf-core` is the candidate to take over the
//! grammar if it proves itself.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

const ACCEPTED_EDTF_FORMS: &str = "accepted forms: 2016-12-11, 2015-05, 2015, \
     2015-05-13/2015-05-21, 2015-05/.., ../2015, 2015-05?, 2015-05~, 2015-05%, 201X, 2015-XX";

const ACCEPTED_PUBLICATION_FORMS: &str = "accepted forms: 2016-12-11 or an RFC 3339 date-time such as 2016-12-11T14:30:00Z \
     or 2016-12-11T14:30:00+01:00";

const DATETIME_SHAPE: &str = "a date-time is written like 2016-12-11T14:30:00Z or \
     2016-12-11T14:30:00+01:00: a capital T, hours, minutes and seconds, then Z or an offset";

const MONTH_NAMES: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// The words dates are shown with, in one language: month and season names,
/// the order of day, month and year, and the qualifiers. Patterns name their
/// parts in braces (`"{day} {month} {year}"`, `"c. {date}"`). Dates are
/// formatted once, when they are read, so the words are given to `parse_in`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateWords {
    pub months: [String; 12],
    /// Spring, summer, autumn, winter.
    pub seasons: [String; 4],
    pub day: String,
    pub day_month: String,
    pub month: String,
    pub season: String,
    pub approximate: String,
    pub uncertain: String,
    pub from: String,
    pub until: String,
    pub bce: String,
    pub decade: String,
}

impl DateWords {
    /// English, as dates were always shown.
    pub fn english() -> &'static DateWords {
        static ENGLISH: std::sync::OnceLock<DateWords> = std::sync::OnceLock::new();
        ENGLISH.get_or_init(|| DateWords {
            months: MONTH_NAMES.map(String::from),
            seasons: ["Spring", "Summer", "Autumn", "Winter"].map(String::from),
            day: "{day} {month} {year}".into(),
            day_month: "{day} {month}".into(),
            month: "{month} {year}".into(),
            season: "{season} {year}".into(),
            approximate: "c. {date}".into(),
            uncertain: "{date} (uncertain)".into(),
            from: "from {date}".into(),
            until: "until {date}".into(),
            bce: "{year} BCE".into(),
            decade: "{year}s".into(),
        })
    }
}

/// `pattern` with each `{name}` replaced by its value.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut filled = pattern.to_owned();
    for (name, value) in values {
        filled = filled.replace(&format!("{{{name}}}"), value);
    }
    filled
}

/// How precisely one end of a date was written.
///
/// Coarse-to-fine, so derived Ord puts coarser first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Century,
    Decade,
    Year,
    Season,
    Month,
    Day,
}

/// One date as written, as the range of days it can mean.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DatePoint {
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
    pub precision: Precision,
    /// `?`: the source is not sure of this date.
    pub uncertain: bool,
    /// `~`: the date is circa.
    pub approximate: bool,
}

impl DatePoint {
    /// English text with its qualifiers: "c. May 2015 (uncertain)".
    pub fn display(&self) -> String {
        self.display_in(DateWords::english())
    }

    /// Text in `words`' language with its qualifiers.
    pub fn display_in(&self, words: &DateWords) -> String {
        let mut shown = self.display_unqualified(words);
        if self.approximate {
            shown = fill(&words.approximate, &[("date", &shown)]);
        }
        if self.uncertain {
            shown = fill(&words.uncertain, &[("date", &shown)]);
        }
        shown
    }

    /// The ISO form at the precision written: "2015", "2015-05" or "2015-05-13".
    /// Seasons, decades and centuries have no such form, so they give their first year.
    pub fn machine(&self) -> String {
        let date = self.earliest;
        match self.precision {
            Precision::Day => iso_day(date),
            Precision::Month => format!("{}-{:02}", iso_year(date.year()), date.month()),
            Precision::Season | Precision::Year | Precision::Decade | Precision::Century => iso_year(date.year()),
        }
    }

    /// The first and the last value the date covers, each at the precision
    /// written (for structured data, which has no seasons or decades):
    /// `("2015-05", "2015-05")`, a season's months `("2015-03", "2015-05")`,
    /// a decade's years `("2010", "2019")`.
    pub fn iso_bounds(&self) -> (String, String) {
        let month = |date: NaiveDate| format!("{}-{:02}", iso_year(date.year()), date.month());
        match self.precision {
            Precision::Day | Precision::Month | Precision::Year => (self.machine(), self.machine()),
            Precision::Season => (month(self.earliest), month(self.latest)),
            Precision::Decade | Precision::Century => (iso_year(self.earliest.year()), iso_year(self.latest.year())),
        }
    }

    /// Whether the source marks this date uncertain (`?`) or approximate (`~`).
    pub fn is_qualified(&self) -> bool {
        self.uncertain || self.approximate
    }

    fn display_unqualified(&self, words: &DateWords) -> String {
        let date = self.earliest;
        let year = year_text(date.year(), words);
        match self.precision {
            Precision::Day => day_text(date, words),
            Precision::Month => fill(&words.month, &[("month", month_name(date, words)), ("year", &year)]),
            Precision::Season => fill(&words.season, &[("season", season_name(date, words)), ("year", &year)]),
            Precision::Year => year,
            // The first year of the span as a plain number: "2010s", "1900s".
            Precision::Decade | Precision::Century => fill(&words.decade, &[("year", &date.year().to_string())]),
        }
    }
}

/// The shape of a date: one point, or an interval with zero or one open end.
/// Both ends open is not a date, so it has no variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Span {
    Single(DatePoint),
    Closed { start: DatePoint, end: DatePoint },
    From(DatePoint),
    Until(DatePoint),
}

/// An event date in EDTF (levels 0 and 1), such as `2015-05~` or `2015-05-13/2015-05-21`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EdtfDate {
    text: String,
    span: Span,
    shown: Arc<ShownEdtf>,
}

/// The texts templates show of an event date, formatted once at parse time:
/// a date is serialized on every page that lists its event.
#[derive(Debug, PartialEq, Eq, Hash)]
struct ShownEdtf {
    display: Box<str>,
    machine: Box<str>,
    earliest: Option<Box<str>>,
    latest: Option<Box<str>>,
}

impl EdtfDate {
    /// Parses EDTF text; whitespace around it is ignored.
    ///
    /// # Errors
    /// When the text is not an EDTF level 0 or 1 date, or names a day that does not exist.
    pub fn parse(text: &str) -> Result<EdtfDate, DateError> {
        EdtfDate::parse_in(text, DateWords::english())
    }

    /// Parses EDTF text, to be shown with `words`.
    ///
    /// # Errors
    /// As [`EdtfDate::parse`].
    pub fn parse_in(text: &str, words: &DateWords) -> Result<EdtfDate, DateError> {
        let text = text.trim();
        let span = parse_span(text).map_err(|problem| DateError::edtf(text, &problem))?;
        let shown = Arc::new(ShownEdtf {
            display: display_span(&span, words).into(),
            machine: anchor(&span).machine().into(),
            earliest: span_start(&span).map(|point| iso_day(point.earliest).into()),
            latest: span_end(&span).map(|point| iso_day(point.latest).into()),
        });
        Ok(EdtfDate { text: text.to_owned(), span, shown })
    }

    /// Stands in for a date that could not be read, keeping its text, so
    /// that the rest of its document is still checked. The document carries
    /// the error, so no page is ever made with it.
    pub fn unreadable(text: &str) -> EdtfDate {
        let text = text.trim();
        let point = DatePoint {
            earliest: NaiveDate::default(),
            latest: NaiveDate::default(),
            precision: Precision::Day,
            uncertain: false,
            approximate: false,
        };
        let shown = Arc::new(ShownEdtf { display: text.into(), machine: text.into(), earliest: None, latest: None });
        EdtfDate { text: text.to_owned(), span: Span::Single(point), shown }
    }

    /// The text as written, trimmed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The start; `None` when the interval is open at the start.
    /// A single date is its own start and end.
    pub fn start(&self) -> Option<&DatePoint> {
        span_start(&self.span)
    }

    /// The end; `None` when the interval is open at the end.
    pub fn end(&self) -> Option<&DatePoint> {
        span_end(&self.span)
    }

    pub fn is_interval(&self) -> bool {
        !matches!(self.span, Span::Single(_))
    }

    /// The first day the date can mean; `None` only for an open start.
    pub fn earliest(&self) -> Option<NaiveDate> {
        self.start().map(|point| point.earliest)
    }

    /// The last day the date can mean; `None` only for an open end.
    pub fn latest(&self) -> Option<NaiveDate> {
        self.end().map(|point| point.latest)
    }

    /// `earliest()` as an ISO day (`2015-05-01`, `-0043-03-15`), formatted once at parse time.
    pub fn earliest_iso(&self) -> Option<&str> {
        self.shown.earliest.as_deref()
    }

    /// `latest()` as an ISO day, formatted once at parse time.
    pub fn latest_iso(&self) -> Option<&str> {
        self.shown.latest.as_deref()
    }

    /// The precision of the start, or of the end when the start is open.
    pub fn precision(&self) -> Precision {
        self.anchor().precision
    }

    /// Orders by start (open first), then coarser precision first, then end (open last).
    pub fn sort_key(&self) -> DateSortKey {
        DateSortKey {
            start: self.earliest().map_or(SortStart::Open, SortStart::From),
            precision: self.precision(),
            end: self.latest().map_or(SortEnd::Open, SortEnd::Until),
        }
    }

    /// English text: "13–21 May 2015", "c. May 2015", "from May 2015".
    pub fn display(&self) -> &str {
        &self.shown.display
    }

    /// The year that places the date on a timeline: that of the earliest day, or of the
    /// latest day when the start is open.
    pub fn year(&self) -> i32 {
        match &self.span {
            Span::Until(end) => end.latest.year(),
            Span::Single(start) | Span::Closed { start, .. } | Span::From(start) => start.earliest.year(),
        }
    }

    /// The month `year()` falls in (1-12), by the same point of the date.
    /// The month a timeline lists this date under (1-12), or 0 when it says
    /// only a year or less (a decade, a century).
    pub fn listed_month(&self) -> u32 {
        match self.precision() {
            Precision::Year | Precision::Decade | Precision::Century => 0,
            Precision::Season | Precision::Month | Precision::Day => self.month(),
        }
    }

    pub fn month(&self) -> u32 {
        match &self.span {
            Span::Until(end) => end.latest.month(),
            Span::Single(start) | Span::Closed { start, .. } | Span::From(start) => start.earliest.month(),
        }
    }

    /// The value for an HTML `<time datetime>`: the start (or the open start's end) at the
    /// precision written.
    pub fn machine(&self) -> &str {
        &self.shown.machine
    }

    /// Whether either end is marked uncertain (`?` or `%`).
    pub fn is_uncertain(&self) -> bool {
        self.points().any(|point| point.uncertain)
    }

    /// Whether either end is marked approximate (`~` or `%`).
    pub fn is_approximate(&self) -> bool {
        self.points().any(|point| point.approximate)
    }

    /// The point that stands for the whole date: the start, or the end when the start is open.
    fn anchor(&self) -> &DatePoint {
        anchor(&self.span)
    }

    fn points(&self) -> impl Iterator<Item = &DatePoint> {
        self.start().into_iter().chain(self.end())
    }
}

fn display_span(span: &Span, words: &DateWords) -> String {
    match span {
        Span::Single(point) => point.display_in(words),
        Span::Closed { start, end } => display_closed_interval(start, end, words),
        Span::From(start) => fill(&words.from, &[("date", &start.display_in(words))]),
        Span::Until(end) => fill(&words.until, &[("date", &end.display_in(words))]),
    }
}

fn span_start(span: &Span) -> Option<&DatePoint> {
    match span {
        Span::Single(point) | Span::From(point) => Some(point),
        Span::Closed { start, .. } => Some(start),
        Span::Until(_) => None,
    }
}

fn span_end(span: &Span) -> Option<&DatePoint> {
    match span {
        Span::Single(point) | Span::Until(point) => Some(point),
        Span::Closed { end, .. } => Some(end),
        Span::From(_) => None,
    }
}

fn anchor(span: &Span) -> &DatePoint {
    match span {
        Span::Single(start) | Span::Closed { start, .. } | Span::From(start) => start,
        Span::Until(end) => end,
    }
}

impl FromStr for EdtfDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        EdtfDate::parse(text)
    }
}

/// The shape an event date takes in templates and JSON.
#[derive(Serialize)]
struct EdtfDateView<'a> {
    text: &'a str,
    display: &'a str,
    machine: &'a str,
    year: i32,
    earliest: Option<&'a str>,
    latest: Option<&'a str>,
    precision: Precision,
    uncertain: bool,
    approximate: bool,
    interval: bool,
}

impl Serialize for EdtfDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EdtfDateView {
            text: &self.text,
            display: self.display(),
            machine: self.machine(),
            year: self.year(),
            earliest: self.shown.earliest.as_deref(),
            latest: self.shown.latest.as_deref(),
            precision: self.precision(),
            uncertain: self.is_uncertain(),
            approximate: self.is_approximate(),
            interval: self.is_interval(),
        }
        .serialize(serializer)
    }
}

/// Sort key for event dates. Callers add their own id as the final tie-break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateSortKey {
    start: SortStart,
    precision: Precision,
    end: SortEnd,
}

/// Variant order is sort order: an open start comes before every day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum SortStart {
    Open,
    From(NaiveDate),
}

/// Variant order is sort order: an open end comes after every day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum SortEnd {
    Until(NaiveDate),
    Open,
}

/// The publication date of an article: a day, or an RFC 3339 date-time kept as written.
///
/// Ordered by day, then by the date-time text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PublicationDate {
    day: NaiveDate,
    datetime: Option<String>,
    shown: Arc<ShownPublication>,
}

/// The texts templates show of a publication date, formatted once: an
/// article's date is serialized on every page that lists the article.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct ShownPublication {
    display: Box<str>,
    machine: Box<str>,
    rfc3339: Box<str>,
}

impl ShownPublication {
    fn new(day: NaiveDate, datetime: Option<&str>, words: &DateWords) -> Arc<Self> {
        let iso = iso_day(day);
        Arc::new(ShownPublication {
            display: day_text(day, words).into(),
            machine: datetime.map_or_else(|| iso.clone().into(), Into::into),
            rfc3339: datetime.map_or_else(|| format!("{iso}T00:00:00Z").into(), Into::into),
        })
    }
}

impl PublicationDate {
    /// Parses `YYYY-MM-DD` or an RFC 3339 date-time. The day is the one written, whatever
    /// the offset: `2016-12-11T23:30:00-05:00` is 11 December.
    ///
    /// # Errors
    /// When the text is neither form, or names a day or time that does not exist.
    pub fn parse(text: &str) -> Result<PublicationDate, DateError> {
        PublicationDate::parse_in(text, DateWords::english())
    }

    /// Parses a publication date, to be shown with `words`.
    ///
    /// # Errors
    /// As [`PublicationDate::parse`].
    pub fn parse_in(text: &str, words: &DateWords) -> Result<PublicationDate, DateError> {
        let text = text.trim();
        parse_publication(text, words).map_err(|problem| DateError::publication(text, &problem))
    }

    /// Stands in for a publication date that could not be read (see `EdtfDate::unreadable`).
    pub fn unreadable() -> PublicationDate {
        PublicationDate { day: NaiveDate::default(), datetime: None, shown: ShownPublication::new(NaiveDate::default(), None, DateWords::english()) }
    }

    pub fn day(&self) -> NaiveDate {
        self.day
    }

    pub fn year(&self) -> i32 {
        self.day.year()
    }

    /// "11 December 2016"; the time of day is not shown.
    pub fn display(&self) -> &str {
        &self.shown.display
    }

    /// The value for an HTML `<time datetime>`: the text as written.
    pub fn machine(&self) -> &str {
        &self.shown.machine
    }

    /// The value for Atom: the date-time as written, or midnight UTC of the day.
    pub fn rfc3339(&self) -> &str {
        &self.shown.rfc3339
    }

    /// Whether this date lies before `other`: as instants when both have a
    /// time (offsets counted), else by their days.
    pub fn is_before(&self, other: &PublicationDate) -> bool {
        let instant = |date: &PublicationDate| date.datetime.as_deref().and_then(|text| chrono::DateTime::parse_from_rfc3339(text).ok());
        match (instant(self), instant(other)) {
            (Some(this), Some(that)) => this < that,
            _ => self.day < other.day,
        }
    }
}

impl FromStr for PublicationDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PublicationDate::parse(text)
    }
}

/// The shape a publication date takes in templates and JSON.
#[derive(Serialize)]
struct PublicationDateView<'a> {
    text: &'a str,
    display: &'a str,
    machine: &'a str,
    rfc3339: &'a str,
    year: i32,
}

impl Serialize for PublicationDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        PublicationDateView { text: self.machine(), display: self.display(), machine: self.machine(), rfc3339: self.rfc3339(), year: self.year() }
            .serialize(serializer)
    }
}

/// A date that could not be read. The message is one line: the text, what is wrong with it,
/// and the forms that are accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    pub message: String,
}

impl DateError {
    fn edtf(text: &str, problem: &str) -> Self {
        DateError { message: format!("invalid date {text:?}: {problem}; {ACCEPTED_EDTF_FORMS}") }
    }

    fn publication(text: &str, problem: &str) -> Self {
        DateError { message: format!("invalid publication date {text:?}: {problem}; {ACCEPTED_PUBLICATION_FORMS}") }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateError {}

// ---------------------------------------------------------------------------------------------
// Parsing. Problems are plain strings; the public functions wrap them into a `DateError`.

fn parse_span(text: &str) -> Result<Span, String> {
    if text.is_empty() {
        return Err("the date is empty".to_owned());
    }
    match text.split_once('/') {
        None => parse_single(text),
        Some((start, end)) => parse_interval(start, end),
    }
}

fn parse_single(text: &str) -> Result<Span, String> {
    if text == ".." {
        return Err("'..' only stands for the open end of an interval, as in 2015-05/..".to_owned());
    }
    parse_point(text).map(Span::Single)
}

fn parse_interval(start: &str, end: &str) -> Result<Span, String> {
    if end.contains('/') {
        return Err("an interval has exactly one '/'".to_owned());
    }
    let start = parse_interval_end(start).map_err(|problem| format!("interval start: {problem}"))?;
    let end = parse_interval_end(end).map_err(|problem| format!("interval end: {problem}"))?;
    match (start, end) {
        (None, None) => Err("an interval needs at least one known end".to_owned()),
        (Some(start), None) => Ok(Span::From(start)),
        (None, Some(end)) => Ok(Span::Until(end)),
        // Lenient on overlap (2015-05-20/2015-05 is fine): only an end wholly before the start
        // is a contradiction.
        (Some(start), Some(end)) if end.latest < start.earliest => Err("the interval ends before it starts".to_owned()),
        (Some(start), Some(end)) => Ok(Span::Closed { start, end }),
    }
}

/// `..` (open) and an empty end (EDTF level 1 "unknown") both leave that end open.
fn parse_interval_end(text: &str) -> Result<Option<DatePoint>, String> {
    if text.is_empty() || text == ".." {
        Ok(None)
    } else {
        parse_point(text).map(Some)
    }
}

/// One date with an optional trailing qualifier: `2015`, `2015-05~`, `201X`, `2015-21?`.
fn parse_point(text: &str) -> Result<DatePoint, String> {
    let (body, qualifier) = split_qualifier(text);
    if body.is_empty() {
        return Err(if qualifier.uncertain || qualifier.approximate {
            "a qualifier (?, ~ or %) needs a date before it".to_owned()
        } else {
            "the date is missing".to_owned()
        });
    }
    if body.contains(['?', '~', '%']) {
        return Err("a qualifier (?, ~ or %) may only appear once, at the end of a date".to_owned());
    }
    check_characters(body)?;
    // Past this point the body is ASCII, so slicing by byte is safe.
    let (negative, unsigned) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let parts: Vec<&str> = unsigned.split('-').collect();
    if parts.iter().any(|part| part.is_empty()) {
        return Err("misplaced '-'".to_owned());
    }
    let days = match parts.as_slice() {
        [year] => year_days(year, negative)?,
        [year, month] => month_days(whole_year(year, negative)?, month)?,
        [year, month, day] => day_days(whole_year(year, negative)?, month, day)?,
        _ => return Err("too many parts; a date has at most year, month and day".to_owned()),
    };
    Ok(DatePoint {
        earliest: days.earliest,
        latest: days.latest,
        precision: days.precision,
        uncertain: qualifier.uncertain,
        approximate: qualifier.approximate,
    })
}

#[derive(Default)]
struct Qualifier {
    uncertain: bool,
    approximate: bool,
}

fn split_qualifier(text: &str) -> (&str, Qualifier) {
    let qualifier = match text.chars().last() {
        Some('?') => Qualifier { uncertain: true, approximate: false },
        Some('~') => Qualifier { uncertain: false, approximate: true },
        Some('%') => Qualifier { uncertain: true, approximate: true },
        _ => return (text, Qualifier::default()),
    };
    // The qualifier is one ASCII byte, so this cut is on a char boundary.
    (&text[..text.len() - 1], qualifier)
}

/// Only digits, `-` and `X` may remain once the qualifier is gone. The message names the
/// likeliest mistake rather than the first odd character: in "11 May 2015" that is the words.
fn check_characters(body: &str) -> Result<(), String> {
    let is_allowed = |c: char| c.is_ascii_digit() || c == '-' || c == 'X';
    let Some(first_unexpected) = body.chars().find(|c| !is_allowed(*c)) else {
        return Ok(());
    };
    let has_words = body.chars().any(|c| c.is_alphabetic() && !matches!(c, 'X' | 'x' | 'T' | 'Z'));
    let problem = if has_words {
        "write the date in digits, year first (2015-05 for May 2015)".to_owned()
    } else if body.contains('T') {
        "times of day are not accepted; give the day only, as in 2016-12-11".to_owned()
    } else if body.contains('Z') {
        "write the date in digits, year first (2015-05 for May 2015)".to_owned()
    } else if body.contains('x') {
        "unspecified digits are written with a capital X, as in 201X".to_owned()
    } else if body.contains(char::is_whitespace) {
        "spaces are not allowed inside a date".to_owned()
    } else {
        format!("unexpected character {first_unexpected:?}")
    };
    Err(problem)
}

/// The days a parsed point covers, and how precisely it was written.
struct Days {
    earliest: NaiveDate,
    latest: NaiveDate,
    precision: Precision,
}

/// A year alone, where the last one or two digits may be `X`: `2015`, `201X`, `20XX`.
fn year_days(text: &str, negative: bool) -> Result<Days, String> {
    check_year_length(text)?;
    let known = text.trim_end_matches('X');
    let unspecified = text.len() - known.len();
    if known.contains('X') || unspecified > 2 {
        return Err("only the last one or two digits of a year may be X (201X, 20XX)".to_owned());
    }
    if negative && unspecified > 0 {
        return Err("X digits are not supported in negative years".to_owned());
    }
    let (precision, span_years) = match unspecified {
        0 => (Precision::Year, 1),
        1 => (Precision::Decade, 10),
        _ => (Precision::Century, 100),
    };
    let first_year = signed_year(known, negative)? * span_years;
    Ok(Days { earliest: calendar_day(first_year, 1, 1)?, latest: calendar_day(first_year + span_years - 1, 12, 31)?, precision })
}

/// A year that is followed by a month, so all four digits must be known.
fn whole_year(text: &str, negative: bool) -> Result<i32, String> {
    check_year_length(text)?;
    if text.contains('X') {
        return Err("a year with X digits cannot have a month or day (201X, not 201X-05)".to_owned());
    }
    signed_year(text, negative)
}

fn check_year_length(text: &str) -> Result<(), String> {
    match text.len() {
        4 => Ok(()),
        0..=3 => Err("the year must have four digits and come first (YYYY-MM-DD)".to_owned()),
        _ => Err("years with more than four digits are not supported".to_owned()),
    }
}

fn signed_year(digits: &str, negative: bool) -> Result<i32, String> {
    let magnitude: i32 = digits.parse().map_err(|_| format!("{digits:?} is not a year"))?;
    if negative && magnitude == 0 {
        return Err("year -0000 does not exist; write 0000".to_owned());
    }
    Ok(if negative { -magnitude } else { magnitude })
}

/// `YYYY-MM`, `YYYY-XX` or a season `YYYY-21`..`YYYY-24`.
fn month_days(year: i32, month: &str) -> Result<Days, String> {
    match two_digit_field(month, "month")? {
        Field::Unspecified => whole_year_days(year),
        Field::Known(value) => match month_or_season(value)? {
            MonthOrSeason::Month(month) => calendar_month_days(year, month),
            MonthOrSeason::Season(season) => season_days(year, season),
        },
    }
}

/// `YYYY-MM-DD`, `YYYY-MM-XX` or `YYYY-XX-XX`.
fn day_days(year: i32, month: &str, day: &str) -> Result<Days, String> {
    let month = two_digit_field(month, "month")?;
    let day = two_digit_field(day, "day")?;
    let month = match (month, day) {
        (Field::Unspecified, Field::Unspecified) => return whole_year_days(year),
        (Field::Unspecified, Field::Known(_)) => return Err("a day cannot be given when the month is XX".to_owned()),
        (Field::Known(value), _) => match month_or_season(value)? {
            MonthOrSeason::Month(month) => month,
            MonthOrSeason::Season(_) => return Err("a season cannot have a day".to_owned()),
        },
    };
    match day {
        Field::Unspecified => calendar_month_days(year, month),
        Field::Known(day) => single_day(year, month, day),
    }
}

fn single_day(year: i32, month: u32, day: u32) -> Result<Days, String> {
    if day == 0 || day > days_in_month(year, month) {
        return Err(format!("{}-{month:02} has no day {day:02}", iso_year(year)));
    }
    let date = calendar_day(year, month, day)?;
    Ok(Days { earliest: date, latest: date, precision: Precision::Day })
}

fn calendar_month_days(year: i32, month: u32) -> Result<Days, String> {
    Ok(Days { earliest: calendar_day(year, month, 1)?, latest: last_day_of_month(year, month)?, precision: Precision::Month })
}

fn whole_year_days(year: i32) -> Result<Days, String> {
    Ok(Days { earliest: calendar_day(year, 1, 1)?, latest: calendar_day(year, 12, 31)?, precision: Precision::Year })
}

/// EDTF level 1 seasons, read as northern-hemisphere quarters; winter runs into the next year.
fn season_days(year: i32, season: Season) -> Result<Days, String> {
    let (first_month, last_year, last_month) = match season {
        Season::Spring => (3, year, 5),
        Season::Summer => (6, year, 8),
        Season::Autumn => (9, year, 11),
        Season::Winter => (12, year + 1, 2),
    };
    Ok(Days { earliest: calendar_day(year, first_month, 1)?, latest: last_day_of_month(last_year, last_month)?, precision: Precision::Season })
}

#[derive(Clone, Copy)]
enum Field {
    Known(u32),
    Unspecified,
}

/// A month or day: two digits, or `XX`.
fn two_digit_field(text: &str, name: &str) -> Result<Field, String> {
    if text.len() != 2 {
        return Err(format!("the {name} must have two digits (05, not 5)"));
    }
    if text == "XX" {
        return Ok(Field::Unspecified);
    }
    if text.contains('X') {
        return Err(format!("{} is either two digits or XX", crate::words::a(name)));
    }
    text.parse().map(Field::Known).map_err(|_| format!("{text:?} is not {}", crate::words::a(name)))
}

enum MonthOrSeason {
    Month(u32),
    Season(Season),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

fn month_or_season(value: u32) -> Result<MonthOrSeason, String> {
    match value {
        1..=12 => Ok(MonthOrSeason::Month(value)),
        21 => Ok(MonthOrSeason::Season(Season::Spring)),
        22 => Ok(MonthOrSeason::Season(Season::Summer)),
        23 => Ok(MonthOrSeason::Season(Season::Autumn)),
        24 => Ok(MonthOrSeason::Season(Season::Winter)),
        25..=41 => Err(format!(
            "season {value} is not supported; use 21 (spring), 22 (summer), 23 (autumn) \
             or 24 (winter)"
        )),
        _ => Err(format!("month {value:02} is out of range (months are 01-12, seasons 21-24)")),
    }
}

fn parse_publication(text: &str, words: &DateWords) -> Result<PublicationDate, String> {
    if text.is_empty() {
        return Err("the date is empty".to_owned());
    }
    match text.split_once('T') {
        Some((day, time)) => {
            let day = publication_day(day)?;
            check_time_of_day(time)?;
            Ok(PublicationDate { day, datetime: Some(text.to_owned()), shown: ShownPublication::new(day, Some(text), words) })
        }
        // A colon means a time is there, just not after a capital T.
        None if text.contains(':') => Err(DATETIME_SHAPE.to_owned()),
        None => {
            let day = publication_day(text)?;
            Ok(PublicationDate { day, datetime: None, shown: ShownPublication::new(day, None, words) })
        }
    }
}

/// A full, plain `YYYY-MM-DD`; the EDTF reader supplies the precise error messages.
fn publication_day(text: &str) -> Result<NaiveDate, String> {
    if text.contains('/') {
        return Err("a publication date is a single day, not an interval".to_owned());
    }
    let point = parse_point(text)?;
    let is_plain_day = point.precision == Precision::Day && !point.is_qualified() && !text.starts_with('-');
    if is_plain_day {
        Ok(point.earliest)
    } else {
        Err("a publication date is a full day, YYYY-MM-DD".to_owned())
    }
}

/// `HH:MM:SS`, optional fraction, then `Z` or `+HH:MM`/`-HH:MM`. Only checked, never
/// converted: the day stays as written.
fn check_time_of_day(time: &str) -> Result<(), String> {
    // ASCII from here on, so the byte offsets below fall on char boundaries.
    if !time.is_ascii() {
        return Err(DATETIME_SHAPE.to_owned());
    }
    let (clock, offset) = split_utc_offset(time).ok_or_else(|| DATETIME_SHAPE.to_owned())?;
    check_clock(clock)?;
    check_utc_offset(offset)
}

/// `14:30:00` or `14:30:00.250`.
fn check_clock(clock: &str) -> Result<(), String> {
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, fraction)) => (hms, Some(fraction)),
        None => (clock, None),
    };
    let fraction_is_digits = fraction.is_none_or(|fraction| !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()));
    if !fraction_is_digits {
        return Err(DATETIME_SHAPE.to_owned());
    }
    match colon_fields(hms).as_deref() {
        // Second 60 is a leap second, which RFC 3339 allows.
        Some([hour, minute, second]) if *hour <= 23 && *minute <= 59 && *second <= 60 => Ok(()),
        Some([_, _, _]) => Err(format!("{hms} is not a time of day")),
        _ => Err(DATETIME_SHAPE.to_owned()),
    }
}

/// `Z`, or a sign and `HH:MM`.
fn check_utc_offset(offset: &str) -> Result<(), String> {
    if offset == "Z" {
        return Ok(());
    }
    let without_sign = offset.get(1..).unwrap_or_default();
    match colon_fields(without_sign).as_deref() {
        Some([hours, minutes]) if *hours <= 23 && *minutes <= 59 => Ok(()),
        Some([_, _]) => Err(format!("{offset} is not a UTC offset")),
        _ => Err(DATETIME_SHAPE.to_owned()),
    }
}

/// Splits `14:30:00+01:00` into the clock and the offset (`Z` or a signed `HH:MM`).
fn split_utc_offset(time: &str) -> Option<(&str, &str)> {
    if let Some(clock) = time.strip_suffix('Z') {
        return Some((clock, "Z"));
    }
    let sign = time.rfind(['+', '-'])?;
    Some(time.split_at(sign))
}

/// `14:30:00` as [14, 30, 0]; every field must be exactly two digits.
fn colon_fields(text: &str) -> Option<Vec<u32>> {
    text.split(':')
        .map(|field| {
            let is_two_digits = field.len() == 2 && field.bytes().all(|b| b.is_ascii_digit());
            if is_two_digits {
                field.parse().ok()
            } else {
                None
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic.

fn calendar_day(year: i32, month: u32, day: u32) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| format!("{}-{month:02}-{day:02} is not a calendar day", iso_year(year)))
}

fn last_day_of_month(year: i32, month: u32) -> Result<NaiveDate, String> {
    calendar_day(year, month, days_in_month(year, month))
}

/// Proleptic Gregorian, like chrono; `rem_euclid` keeps negative years right.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 31,
    }
}

fn is_leap_year(year: i32) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

// ---------------------------------------------------------------------------------------------
// Formatting.

/// Compact ranges as style guides write them; anything unusual prints both ends in full.
fn display_closed_interval(start: &DatePoint, end: &DatePoint, words: &DateWords) -> String {
    if start == end {
        return start.display_in(words);
    }
    shared_year_range(start, end, words).unwrap_or_else(|| join_range(&start.display_in(words), &end.display_in(words)))
}

/// "13–21 May 2015", "30 September – 13 October 2015", "June–July 2015", "Spring–Summer 2015":
/// only when both ends are unqualified, equally precise and in the same year.
fn shared_year_range(start: &DatePoint, end: &DatePoint, words: &DateWords) -> Option<String> {
    let (first, last) = (start.earliest, end.earliest);
    let comparable = !start.is_qualified() && !end.is_qualified() && start.precision == end.precision && first.year() == last.year();
    if !comparable {
        return None;
    }
    let year = year_text(first.year(), words);
    let day = |date: NaiveDate| date.day().to_string();
    match start.precision {
        Precision::Day if first.month() == last.month() => {
            let days = format!("{}–{}", day(first), day(last));
            Some(fill(&words.day, &[("day", &days), ("month", month_name(first, words)), ("year", &year)]))
        }
        Precision::Day => {
            let opening = fill(&words.day_month, &[("day", &day(first)), ("month", month_name(first, words))]);
            Some(format!("{opening} – {}", fill(&words.day, &[("day", &day(last)), ("month", month_name(last, words)), ("year", &year)])))
        }
        Precision::Month => {
            let months = format!("{}–{}", month_name(first, words), month_name(last, words));
            Some(fill(&words.month, &[("month", &months), ("year", &year)]))
        }
        Precision::Season => {
            let seasons = format!("{}–{}", season_name(first, words), season_name(last, words));
            Some(fill(&words.season, &[("season", &seasons), ("year", &year)]))
        }
        Precision::Year | Precision::Decade | Precision::Century => None,
    }
}

/// An en dash, spaced when either side has spaces of its own ("May 2015 – 3 January 2016").
fn join_range(start: &str, end: &str) -> String {
    if start.contains(' ') || end.contains(' ') {
        format!("{start} – {end}")
    } else {
        format!("{start}–{end}")
    }
}

fn day_text(date: NaiveDate, words: &DateWords) -> String {
    let year = year_text(date.year(), words);
    fill(&words.day, &[("day", &date.day().to_string()), ("month", month_name(date, words)), ("year", &year)])
}

/// ISO 8601 numbers years astronomically: 0000 is 1 BCE, -0100 is 101 BCE.
fn year_text(year: i32, words: &DateWords) -> String {
    if year > 0 {
        year.to_string()
    } else {
        fill(&words.bce, &[("year", &(1 - i64::from(year)).to_string())])
    }
}

fn month_name(date: NaiveDate, words: &DateWords) -> &str {
    // chrono guarantees month0() < 12.
    &words.months[date.month0() as usize]
}

/// Named by the month a season starts in; total, so a hand-built `DatePoint` cannot panic.
fn season_name(date: NaiveDate, words: &DateWords) -> &str {
    let index = match date.month() {
        3..=5 => 0,
        6..=8 => 1,
        9..=11 => 2,
        _ => 3,
    };
    &words.seasons[index]
}

fn iso_year(year: i32) -> String {
    if year < 0 {
        format!("-{:04}", year.unsigned_abs())
    } else {
        format!("{year:04}")
    }
}

fn iso_day(date: NaiveDate) -> String {
    format!("{}-{:02}-{:02}", iso_year(date.year()), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn parse(text: &str) -> EdtfDate {
        EdtfDate::parse(text).unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    fn display(text: &str) -> String {
        parse(text).display().to_owned()
    }

    fn error(text: &str) -> String {
        match EdtfDate::parse(text) {
            Ok(date) => panic!("{text:?} parsed as {date:?}"),
            Err(error) => error.message,
        }
    }

    fn assert_error(text: &str, problem: &str) {
        let message = error(text);
        assert!(message.contains(problem), "{text:?}: {message:?} lacks {problem:?}");
    }

    fn range(text: &str) -> (NaiveDate, NaiveDate, Precision) {
        let date = parse(text);
        (date.earliest().unwrap(), date.latest().unwrap(), date.precision())
    }

    // --- The table of the spec, row by row.

    #[test]
    fn a_publication_date_is_before_another_by_instant_or_by_day() {
        let date = |text: &str| PublicationDate::parse(text).unwrap();
        assert!(date("2016-12-10").is_before(&date("2016-12-11")));
        assert!(!date("2016-12-11").is_before(&date("2016-12-11T09:00:00Z")));
        assert!(!date("2016-12-11T09:00:00Z").is_before(&date("2016-12-11")));
        assert!(date("2016-12-11T09:00:00Z").is_before(&date("2016-12-11T10:00:00Z")));
        // 10:00 at +02:00 is 08:00 UTC, before 09:00 UTC.
        assert!(date("2016-12-11T10:00:00+02:00").is_before(&date("2016-12-11T09:00:00Z")));
    }

    #[test]
    fn a_day() {
        let date = parse("2016-12-11");
        assert_eq!(date.display(), "11 December 2016");
        assert_eq!(range("2016-12-11"), (day(2016, 12, 11), day(2016, 12, 11), Precision::Day));
        assert!(!date.is_interval());
        assert_eq!(date.start(), date.end());
    }

    #[test]
    fn a_month() {
        assert_eq!(display("2015-05"), "May 2015");
        assert_eq!(range("2015-05"), (day(2015, 5, 1), day(2015, 5, 31), Precision::Month));
    }

    #[test]
    fn a_year() {
        assert_eq!(display("2015"), "2015");
        assert_eq!(range("2015"), (day(2015, 1, 1), day(2015, 12, 31), Precision::Year));
    }

    #[test]
    fn an_interval() {
        let date = parse("2015-05-13/2015-05-21");
        assert_eq!(date.display(), "13–21 May 2015");
        assert!(date.is_interval());
        assert_eq!(date.earliest(), Some(day(2015, 5, 13)));
        assert_eq!(date.latest(), Some(day(2015, 5, 21)));
        assert_eq!(date.start().unwrap().precision, Precision::Day);
        assert_eq!(date.end().unwrap().precision, Precision::Day);
    }

    #[test]
    fn open_intervals() {
        let from = parse("2015-05/..");
        assert_eq!(from.display(), "from May 2015");
        assert_eq!(from.earliest(), Some(day(2015, 5, 1)));
        assert_eq!(from.latest(), None);
        assert_eq!(from.end(), None);

        let until = parse("../2015");
        assert_eq!(until.display(), "until 2015");
        assert_eq!(until.earliest(), None);
        assert_eq!(until.start(), None);
        assert_eq!(until.latest(), Some(day(2015, 12, 31)));
    }

    #[test]
    fn unknown_ends_are_open() {
        assert_eq!(display("2015-05/"), "from May 2015");
        assert_eq!(display("/2015"), "until 2015");
        assert_eq!(parse("/2015").earliest(), None);
        assert_eq!(parse("2015-05/").latest(), None);
    }

    #[test]
    fn qualifiers() {
        let uncertain = parse("2015-05?");
        assert_eq!(uncertain.display(), "May 2015 (uncertain)");
        assert!(uncertain.is_uncertain() && !uncertain.is_approximate());

        let approximate = parse("2015-05~");
        assert_eq!(approximate.display(), "c. May 2015");
        assert!(!approximate.is_uncertain() && approximate.is_approximate());

        let both = parse("2015-05%");
        assert_eq!(both.display(), "c. May 2015 (uncertain)");
        assert!(both.is_uncertain() && both.is_approximate());

        // Qualifiers do not change the days meant.
        assert_eq!(range("2015-05%"), range("2015-05"));
    }

    #[test]
    fn unspecified_digits() {
        assert_eq!(display("201X"), "2010s");
        assert_eq!(range("201X"), (day(2010, 1, 1), day(2019, 12, 31), Precision::Decade));
        assert_eq!(display("20XX"), "2000s");
        assert_eq!(range("20XX"), (day(2000, 1, 1), day(2099, 12, 31), Precision::Century));
        assert_eq!(display("2015-XX"), "2015");
        assert_eq!(range("2015-XX"), range("2015"));
        assert_eq!(display("2015-XX-XX"), "2015");
        assert_eq!(range("2015-XX-XX"), range("2015"));
        assert_eq!(display("2015-05-XX"), "May 2015");
        assert_eq!(range("2015-05-XX"), range("2015-05"));
        assert_eq!(display("201X~"), "c. 2010s");
    }

    #[test]
    fn seasons() {
        assert_eq!(display("2001-21"), "Spring 2001");
        assert_eq!(display("2001-22"), "Summer 2001");
        assert_eq!(display("2001-23"), "Autumn 2001");
        assert_eq!(display("2001-24"), "Winter 2001");
        assert_eq!(range("2001-21"), (day(2001, 3, 1), day(2001, 5, 31), Precision::Season));
        assert_eq!(range("2001-22").1, day(2001, 8, 31));
        assert_eq!(range("2001-23").1, day(2001, 11, 30));
        // Winter runs into February of the next year, leap day included.
        assert_eq!(range("2015-24"), (day(2015, 12, 1), day(2016, 2, 29), Precision::Season));
        assert_eq!(parse("2015-24").year(), 2015);
        assert_eq!(parse("2015-24").machine(), "2015");
        assert_eq!(display("2001-21?"), "Spring 2001 (uncertain)");
    }

    #[test]
    fn whitespace_around_is_trimmed() {
        let date = parse("  2015-05~\n");
        assert_eq!(date.text(), "2015-05~");
        assert_eq!(date, parse("2015-05~"));
    }

    #[test]
    fn leap_years() {
        assert_eq!(display("2016-02-29"), "29 February 2016");
        assert_eq!(display("2000-02-29"), "29 February 2000");
        assert_error("2015-02-29", "2015-02 has no day 29");
        assert_error("1900-02-29", "1900-02 has no day 29");
        assert_eq!(range("2016-02").1, day(2016, 2, 29));
        assert_eq!(range("2015-02").1, day(2015, 2, 28));
    }

    #[test]
    fn negative_years() {
        let date = parse("-0100");
        assert_eq!(range("-0100"), (day(-100, 1, 1), day(-100, 12, 31), Precision::Year));
        assert_eq!(date.display(), "101 BCE");
        assert_eq!(date.machine(), "-0100");
        assert_eq!(date.year(), -100);
        assert_eq!(display("0000"), "1 BCE");
        assert_eq!(display("-0044-03-15"), "15 March 45 BCE");
        assert_eq!(display("-0100/0050"), "101 BCE – 50");
        assert_eq!(display("0800"), "800");
        assert_eq!(parse("0800").machine(), "0800");
        assert!(parse("-0100").sort_key() < parse("0000").sort_key());
        assert_error("-201X", "negative years");
        assert_error("-0000", "-0000");
    }

    // --- Errors.

    #[test]
    fn every_error_lists_the_accepted_forms_on_one_line() {
        for text in ["", "2015-13", "May 2015", "日本", "2015\n05"] {
            let message = error(text);
            assert!(message.contains(ACCEPTED_EDTF_FORMS), "{message}");
            assert!(message.contains("2015-05-13/2015-05-21, 2015-05/.., ../2015"), "{message}");
            assert!(!message.contains('\n'), "{message:?}");
        }
        let error = EdtfDate::parse("2015-13").unwrap_err();
        assert_eq!(error.to_string(), error.message);
        let _: &dyn std::error::Error = &error;
    }

    #[test]
    fn impossible_dates() {
        assert_error("2015-13", "month 13 is out of range");
        assert_error("2015-00", "month 00 is out of range");
        assert_error("2015-20", "month 20 is out of range");
        assert_error("2015-02-30", "2015-02 has no day 30");
        assert_error("2015-04-31", "2015-04 has no day 31");
        assert_error("2015-05-00", "2015-05 has no day 00");
        assert_error("2015-05-32", "2015-05 has no day 32");
        assert_error("2015-25", "season 25 is not supported");
        assert_error("2015-21-05", "a season cannot have a day");
    }

    #[test]
    fn malformed_dates() {
        assert_error("", "the date is empty");
        assert_error("   ", "the date is empty");
        assert_error("May 2015", "write the date in digits");
        assert_error("2015/5", "interval end: the year must have four digits");
        assert_error("15-05-2015", "the year must have four digits and come first");
        assert_error("2015-5", "the month must have two digits");
        assert_error("2015-05-1", "the day must have two digits");
        assert_error("20150", "more than four digits");
        assert_error("2015 05", "spaces are not allowed");
        assert_error("2015-05 /2015-06", "spaces are not allowed");
        assert_error("2015.05", "unexpected character '.'");
        assert_error("2015-", "misplaced '-'");
        assert_error("2015--05", "misplaced '-'");
        assert_error("2015-05-13-01", "too many parts");
        assert_error("201x", "capital X");
        assert_error("2016-12-11T14:30:00", "times of day are not accepted");
        assert_error("2016-12-11T14:30:00Z", "times of day are not accepted");
        assert_error("2016-12-11T", "times of day are not accepted");
        assert_error("11 December 2016", "write the date in digits");
        assert_error("?", "a qualifier (?, ~ or %) needs a date before it");
        assert_error("~/2015", "interval start: a qualifier (?, ~ or %) needs a date");
        assert_error("Y170000002", "write the date in digits");
    }

    #[test]
    fn malformed_unspecified_digits() {
        assert_error("20X5", "only the last one or two digits");
        assert_error("2XXX", "only the last one or two digits");
        assert_error("XXXX", "only the last one or two digits");
        assert_error("201X-05", "cannot have a month");
        assert_error("2015-XX-05", "a day cannot be given when the month is XX");
        assert_error("2015-1X", "either two digits or XX");
        assert_error("2015-05-1X", "either two digits or XX");
    }

    #[test]
    fn malformed_qualifiers() {
        assert_error("2015-05?~", "only appear once");
        assert_error("?2015-05", "only appear once");
        assert_error("2015-?05", "only appear once");
    }

    #[test]
    fn malformed_intervals() {
        assert_error("../..", "at least one known end");
        assert_error("/", "at least one known end");
        assert_error("../", "at least one known end");
        assert_error("..", "'..' only stands for the open end");
        assert_error("2015/2016/2017", "exactly one '/'");
        assert_error("2015-05-21/2015-05-13", "the interval ends before it starts");
        assert_error("2016/2015-06", "the interval ends before it starts");
        assert_error("2015-13/2016", "interval start: month 13 is out of range");
        assert_error("2015/2016-02-30", "interval end: 2016-02 has no day 30");
        assert_error("2015.../2016", "interval start: unexpected character '.'");
    }

    #[test]
    fn an_end_that_overlaps_the_start_is_accepted() {
        assert_eq!(display("2015-05-20/2015-05"), "20 May 2015 – May 2015");
        assert_eq!(display("2015-05-13/2015-05-13"), "13 May 2015");
    }

    // --- Display.

    #[test]
    fn interval_display() {
        let cases = [
            ("2015-05-13/2015-05-21", "13–21 May 2015"),
            ("2015-09-30/2015-10-13", "30 September – 13 October 2015"),
            ("2016-12-08/2017-01-11", "8 December 2016 – 11 January 2017"),
            ("2015-06/2015-07", "June–July 2015"),
            ("2015-12/2016-01", "December 2015 – January 2016"),
            ("2015/2016", "2015–2016"),
            ("2015-05/2016-01-03", "May 2015 – 3 January 2016"),
            ("2015-05-13/2015-06", "13 May 2015 – June 2015"),
            ("2015-21/2015-22", "Spring–Summer 2015"),
            ("2015-24/2016-21", "Winter 2015 – Spring 2016"),
            ("201X/202X", "2010s–2020s"),
            ("2015/202X", "2015–2020s"),
            ("2015-05-01/2015-05-09", "1–9 May 2015"),
        ];
        for (text, expected) in cases {
            assert_eq!(display(text), expected, "{text}");
        }
    }

    #[test]
    fn qualified_interval_ends_are_printed_in_full() {
        let cases = [
            ("2015-05~/2015-06", "c. May 2015 – June 2015"),
            ("2015-05-13/2015-05-21?", "13 May 2015 – 21 May 2015 (uncertain)"),
            ("2015~/2016~", "c. 2015 – c. 2016"),
            ("2015-05%/..", "from c. May 2015 (uncertain)"),
            ("../2015?", "until 2015 (uncertain)"),
        ];
        for (text, expected) in cases {
            assert_eq!(display(text), expected, "{text}");
        }
        let date = parse("2015-05~/2015-06");
        assert!(date.is_approximate() && !date.is_uncertain());
        assert!(parse("2015/2016?").is_uncertain());
    }

    #[test]
    fn days_have_no_leading_zero() {
        assert_eq!(display("2015-05-03"), "3 May 2015");
        assert_eq!(display("2015-05-03/2015-05-09"), "3–9 May 2015");
    }

    #[test]
    fn never_more_precise_than_written() {
        let date = parse("2015-08");
        assert_eq!(date.display(), "August 2015");
        assert_eq!(date.machine(), "2015-08");
        let json = serde_json::to_value(&date).unwrap();
        assert_eq!(json["display"], "August 2015");
        assert_eq!(json["machine"], "2015-08");
        assert_eq!(json["precision"], "month");
    }

    #[test]
    fn hand_built_points_display_without_panicking() {
        // The fields are public, so a point need not come from the parser.
        let odd =
            DatePoint { earliest: day(2015, 1, 10), latest: day(2014, 1, 1), precision: Precision::Season, uncertain: true, approximate: false };
        assert_eq!(odd.display(), "Winter 2015 (uncertain)");
        assert_eq!(odd.machine(), "2015");
    }

    // --- Machine values and years.

    #[test]
    fn machine_values() {
        let cases = [
            ("2015", "2015"),
            ("2015-05", "2015-05"),
            ("2015-05-13", "2015-05-13"),
            ("2015-05~", "2015-05"),
            ("2015-05-13/2015-05-21", "2015-05-13"),
            ("2015-05/..", "2015-05"),
            ("../2015-06", "2015-06"),
            ("201X", "2010"),
            ("20XX", "2000"),
            ("2001-22", "2001"),
            ("2015-XX", "2015"),
            ("2015-05-XX", "2015-05"),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text).machine(), expected, "{text}");
        }
    }

    #[test]
    fn timeline_years() {
        let cases = [
            ("2015-05-13", 2015),
            ("2016-12-08/2017-01-11", 2016),
            ("2015/..", 2015),
            ("../2015", 2015),
            ("../201X", 2019),
            ("201X", 2010),
            ("2015-24", 2015),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text).year(), expected, "{text}");
        }
    }

    #[test]
    fn precision_is_the_start_or_the_open_starts_end() {
        assert_eq!(parse("2015-05/2016").precision(), Precision::Month);
        assert_eq!(parse("../2016-01-01").precision(), Precision::Day);
    }

    // --- Sorting.

    /// Shuffles deterministically, sorts by key and compares with the expected order.
    fn assert_sorts_as(expected: &[&str]) {
        let mut dates: Vec<EdtfDate> = expected.iter().map(|text| parse(text)).collect();
        dates.reverse();
        let middle = dates.len() / 2;
        dates.rotate_left(middle);
        dates.sort_by_key(EdtfDate::sort_key);
        let sorted: Vec<&str> = dates.iter().map(EdtfDate::text).collect();
        assert_eq!(sorted, expected);
    }

    #[test]
    fn sorts_coarser_first_at_equal_starts() {
        assert_sorts_as(&["2015", "2015-01", "2015-01-01", "2015-01-02"]);
    }

    #[test]
    fn sorts_a_mixed_list() {
        assert_sorts_as(&[
            "../2014",
            "../2016",
            "20XX",
            "201X",
            "2014-12-31",
            "2015",
            "2015/2016",
            "2015-01",
            "2015-01-01",
            "2015-21",
            "2015-05",
            "2015-05-13",
            "2015-05-13/2015-05-21",
            "2015-05-13/..",
            "2015-24",
            "2016-02-29",
        ]);
    }

    #[test]
    fn shorter_interval_first_at_equal_start_and_precision() {
        assert_sorts_as(&["2015-05-13", "2015-05-13/2015-05-14", "2015-05-13/2015-05-21", "2015-05-13/2016", "2015-05-13/.."]);
    }

    #[test]
    fn open_starts_sort_first() {
        let open = parse("../2030").sort_key();
        for text in ["-0100", "0000", "2015", "/2040"] {
            assert!(open < parse(text).sort_key(), "{text}");
        }
    }

    #[test]
    fn qualifiers_do_not_change_the_order() {
        assert_eq!(parse("2015-05?").sort_key(), parse("2015-05").sort_key());
    }

    // --- Serialization.

    #[test]
    fn serializes_a_single_date() {
        let json = serde_json::to_value(parse("2015-05~")).unwrap();
        assert_eq!(
            json,
            json!({
                "text": "2015-05~",
                "display": "c. May 2015",
                "machine": "2015-05",
                "year": 2015,
                "earliest": "2015-05-01",
                "latest": "2015-05-31",
                "precision": "month",
                "uncertain": false,
                "approximate": true,
                "interval": false,
            })
        );
    }

    #[test]
    fn serializes_an_open_interval() {
        let json = serde_json::to_value(parse("../2015?")).unwrap();
        assert_eq!(
            json,
            json!({
                "text": "../2015?",
                "display": "until 2015 (uncertain)",
                "machine": "2015",
                "year": 2015,
                "earliest": null,
                "latest": "2015-12-31",
                "precision": "year",
                "uncertain": true,
                "approximate": false,
                "interval": true,
            })
        );
    }

    #[test]
    fn serializes_precision_in_lowercase() {
        let names: Vec<serde_json::Value> =
            [Precision::Century, Precision::Decade, Precision::Year, Precision::Season, Precision::Month, Precision::Day]
                .iter()
                .map(|precision| serde_json::to_value(precision).unwrap())
                .collect();
        assert_eq!(names, vec![json!("century"), json!("decade"), json!("year"), json!("season"), json!("month"), json!("day")]);
    }

    #[test]
    fn from_str_parses() {
        let date: EdtfDate = "2015-05".parse().unwrap();
        assert_eq!(date, parse("2015-05"));
        let published: PublicationDate = "2016-12-11".parse().unwrap();
        assert_eq!(published.day(), day(2016, 12, 11));
    }

    // --- Publication dates.

    fn published(text: &str) -> PublicationDate {
        PublicationDate::parse(text).unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    fn publication_error(text: &str) -> String {
        match PublicationDate::parse(text) {
            Ok(date) => panic!("{text:?} parsed as {date:?}"),
            Err(error) => error.message,
        }
    }

    #[test]
    fn publication_day() {
        let date = published("2016-12-11");
        assert_eq!(date.day(), day(2016, 12, 11));
        assert_eq!(date.display(), "11 December 2016");
        assert_eq!(date.machine(), "2016-12-11");
        assert_eq!(date.rfc3339(), "2016-12-11T00:00:00Z");
        assert_eq!(date.year(), 2016);
    }

    #[test]
    fn publication_datetime_keeps_the_day_as_written() {
        let cases = [
            "2016-12-11T14:30:00Z",
            "2016-12-11T14:30:00+01:00",
            "2016-12-11T23:30:00-05:00",
            "2016-12-11T00:30:00+14:00",
            "2016-12-11T14:30:00.123456Z",
            "2016-12-11T23:59:60Z",
        ];
        for text in cases {
            let date = published(text);
            assert_eq!(date.day(), day(2016, 12, 11), "{text}");
            assert_eq!(date.display(), "11 December 2016", "{text}");
            assert_eq!(date.machine(), text);
            assert_eq!(date.rfc3339(), text);
        }
        assert_eq!(published(" 2016-12-11T14:30:00Z ").machine(), "2016-12-11T14:30:00Z");
    }

    #[test]
    fn publication_errors() {
        let cases = [
            ("", "the date is empty"),
            ("2016-12", "a publication date is a full day"),
            ("2016", "a publication date is a full day"),
            ("2016-12-11~", "a publication date is a full day"),
            ("-2016-12-11", "a publication date is a full day"),
            ("2016-12-XX", "a publication date is a full day"),
            ("2015-02-29", "2015-02 has no day 29"),
            ("2016-13-01", "month 13 is out of range"),
            ("11 December 2016", "write the date in digits"),
            ("2016-12-11 14:30:00Z", "capital T"),
            ("2016-12-11t14:30:00Z", "capital T"),
            ("2016-12-11T14:30:00z", "capital T"),
            ("2016-12-11T14:30Z", "capital T"),
            ("2016-12-11T14:30:00", "capital T"),
            ("2016-12-11T14:30:00+0100", "capital T"),
            ("2016-12-11T14:30:00.Z", "capital T"),
            ("2016-12-11T14:30:00+01:00Z", "capital T"),
            ("2016-12-11T24:00:00Z", "24:00:00 is not a time of day"),
            ("2016-12-11T14:60:00Z", "14:60:00 is not a time of day"),
            ("2016-12-11T14:30:00+24:00", "+24:00 is not a UTC offset"),
            ("2016-12-11T14:30:00Z日", "capital T"),
            ("2016-12-11TT14:30:00Z", "capital T"),
            ("T14:30:00Z", "the date is missing"),
            ("2016-12-11/2016-12-12", "not an interval"),
        ];
        for (text, problem) in cases {
            let message = publication_error(text);
            assert!(message.contains(problem), "{text:?}: {message}");
            assert!(message.contains(ACCEPTED_PUBLICATION_FORMS), "{message}");
            assert!(!message.contains('\n'), "{message:?}");
        }
    }

    #[test]
    fn publication_dates_order_by_day_then_datetime() {
        let mut dates = [
            published("2016-12-12"),
            published("2016-12-11T14:30:00Z"),
            published("2016-12-11"),
            published("2016-12-11T09:00:00Z"),
            published("2015-01-01T23:00:00-05:00"),
        ];
        dates.sort();
        let order: Vec<&str> = dates.iter().map(PublicationDate::machine).collect();
        assert_eq!(order, ["2015-01-01T23:00:00-05:00", "2016-12-11", "2016-12-11T09:00:00Z", "2016-12-11T14:30:00Z", "2016-12-12"]);
    }

    #[test]
    fn serializes_a_publication_date() {
        let json = serde_json::to_value(published("2016-12-11T14:30:00+01:00")).unwrap();
        assert_eq!(
            json,
            json!({
                "text": "2016-12-11T14:30:00+01:00",
                "display": "11 December 2016",
                "machine": "2016-12-11T14:30:00+01:00",
                "rfc3339": "2016-12-11T14:30:00+01:00",
                "year": 2016,
            })
        );
        let json = serde_json::to_value(published("2016-12-11")).unwrap();
        assert_eq!(json["rfc3339"], "2016-12-11T00:00:00Z");
        assert_eq!(json["text"], "2016-12-11");
    }

    // --- Robustness: no input may panic.

    /// xorshift64*: deterministic, so a failure is reproducible.
    struct Random(u64);

    impl Random {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, bound: usize) -> usize {
            (self.next() % bound as u64) as usize
        }

        fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len())]
        }
    }

    const SEEDS: [&str; 14] = [
        "2016-12-11",
        "2015-05",
        "2015",
        "2015-05-13/2015-05-21",
        "2015-05/..",
        "../2015",
        "2015-05?",
        "2015-05~",
        "2015-05%",
        "201X",
        "2015-XX",
        "2001-24",
        "-0100",
        "2016-12-11T14:30:00+01:00",
    ];

    const ALPHABET: [char; 30] = [
        '0', '1', '2', '9', '-', '/', '.', '?', '~', '%', 'X', 'x', 'T', 'Z', ':', '+', ' ', '\t', '\n', '\0', 'é', '–', '日', '🙂', '\u{301}',
        '\u{FEFF}', '９', '٣', 'Ⅻ', '\u{A0}',
    ];

    fn mutate(random: &mut Random, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..=random.below(3) {
            let position = random.below(chars.len() + 1);
            match random.below(4) {
                0 => chars.insert(position, random.pick(&ALPHABET)),
                1 if position < chars.len() => {
                    chars.remove(position);
                }
                2 if position < chars.len() => chars[position] = random.pick(&ALPHABET),
                _ => chars.truncate(position),
            }
        }
        chars.into_iter().collect()
    }

    fn random_bytes(random: &mut Random) -> String {
        let bytes: Vec<u8> = (0..random.below(24)).map(|_| random.next() as u8).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn random_characters(random: &mut Random) -> String {
        (0..random.below(16)).map(|_| random.pick(&ALPHABET)).collect()
    }

    /// Exercises every method of whatever parses, checks the invariants that must hold, and
    /// reports whether the text was an event date.
    fn exercise(text: &str) -> bool {
        if let Ok(date) = PublicationDate::parse(text) {
            let _ = (date.display(), date.machine(), date.rfc3339());
            serde_json::to_string(&date).unwrap();
        }
        let date = match EdtfDate::parse(text) {
            Ok(date) => date,
            Err(error) => {
                assert!(!error.message.contains('\n'), "{:?}", error.message);
                return false;
            }
        };
        assert!(!date.display().is_empty());
        assert!(!date.machine().is_empty());
        let _ = (date.year(), date.sort_key(), date.is_uncertain());
        serde_json::to_string(&date).unwrap();
        for point in [date.start(), date.end()].into_iter().flatten() {
            assert!(point.earliest <= point.latest, "{text:?}");
        }
        assert_eq!(EdtfDate::parse(date.text()).as_ref(), Ok(&date));
        true
    }

    #[test]
    fn garbage_never_panics() {
        let mut random = Random(0x5EED_CAFE_F00D_D00D);
        let mut accepted = 0;
        for round in 0..1200 {
            let text = match round % 3 {
                0 => mutate(&mut random, SEEDS[round % SEEDS.len()]),
                1 => random_bytes(&mut random),
                _ => random_characters(&mut random),
            };
            accepted += usize::from(exercise(&text));
        }
        // Mutations of valid dates should sometimes stay valid, or the test explores too little.
        assert!(accepted > 10, "only {accepted} garbage strings parsed");
        for seed in SEEDS {
            exercise(seed);
        }
    }
}
