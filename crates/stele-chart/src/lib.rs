//! Events on a time axis, drawn at build time as inline SVG: the timeline
//! strip of a site's, an actor's and the timeline's page, swimlanes (one row
//! per actor) and counts by month. Pure: plain data in, an SVG string out,
//! the same bytes on every run. Colours come from CSS classes (`chart-kind-1`
//! ... `chart-kind-6`, `chart-kind-other`; the stylesheet defines them), so
//! dark mode and print apply; every mark is a link with a `<title>`.
//!
//! How to read a chart (the legend says it too): a dot is an event dated to
//! the day, a pale box spans the month or year of an event dated only that
//! closely, a solid bar is an interval; hollow marks are uncertain (`?`),
//! dotted outlines approximate (`~`). Marks that would overlap go to the next
//! row; when the rows run out, or there are too many events, the chart shows
//! how many events each period has instead.

mod axis;
mod marks;
mod svg;
mod words;

pub use axis::{day_number, ymd};
pub use words::{ChartWords, Counted};

/// How precisely an event is dated, as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// One day: a dot.
    Day,
    /// A month (or a season): a box over the period.
    Month,
    /// A year (or a decade, a century): a box over the period.
    Year,
    /// From one date to another: a bar.
    Interval,
}

/// One event to draw.
#[derive(Debug, Clone, Copy)]
pub struct ChartEvent<'a> {
    /// Its page, relative to the output root.
    pub url: &'a str,
    pub title: &'a str,
    /// The date as the page shows it ("13–21 May 2015"), for the mark's `<title>`.
    pub date_label: &'a str,
    pub kind: Option<&'a str>,
    /// The first and last day it can mean (inclusive), as [`day_number`]s.
    pub start_day: i32,
    pub end_day: i32,
    pub precision: Precision,
    pub uncertain: bool,
    pub approximate: bool,
}

/// What a strip is drawn with.
pub struct StripOptions<'a> {
    /// Prefix of the ids of its `<title>` and `<desc>`, unique on the page.
    pub id: &'a str,
    /// The chart's accessible name ("Events at Palmyra over time").
    pub title: &'a str,
    /// From the page to the output root (`urls::root_for`), put before every link.
    pub root: &'a str,
    /// Rows marks are stacked into before the chart counts instead.
    pub max_lanes: usize,
    /// Events drawn one by one at most; beyond, the chart counts.
    pub max_marks: usize,
    /// Where a counted period links to, given its first year (a year's
    /// section or page), relative to the root; none: periods are not links.
    pub year_link: Option<&'a dyn Fn(i32) -> String>,
    /// Kinds to colour first, in this order, so that the charts of one page
    /// colour a kind alike (see [`kinds_by_frequency`]); the others follow
    /// by how many events have them.
    pub kinds: &'a [&'a str],
    /// The words of titles, axis and legend (English unless the page gives its own).
    pub words: &'a ChartWords<'a>,
}

impl<'a> StripOptions<'a> {
    /// Six rows and 300 marks: enough to show a busy site's history mark by mark.
    pub fn new(id: &'a str, title: &'a str, root: &'a str) -> Self {
        StripOptions { id, title, root, max_lanes: 6, max_marks: 300, year_link: None, kinds: &[], words: ChartWords::english() }
    }
}

/// One row of swimlanes: an actor (or anything with a page) and its events.
pub struct Lane<'a> {
    pub label: &'a str,
    /// Its page, relative to the root.
    pub url: &'a str,
    pub events: Vec<ChartEvent<'a>>,
}

/// How many events one month has, for [`month_counts`].
pub struct MonthCount<'a> {
    pub year: i32,
    /// 1-12.
    pub month: u32,
    pub count: usize,
    /// Where its bar links to, relative to the root.
    pub url: Option<&'a str>,
}

/// The events as a strip on a time axis; an empty string without events.
pub fn timeline_strip(events: &[ChartEvent], options: &StripOptions) -> String {
    marks::strip(events, options)
}

/// One row per lane on a shared time axis; an empty string when no lane has events.
pub fn swimlanes(lanes: &[Lane], options: &StripOptions) -> String {
    marks::swimlanes(lanes, options)
}

/// A bar per month, its height the month's count; an empty string without months.
pub fn month_counts(months: &[MonthCount], options: &StripOptions) -> String {
    marks::month_counts(months, options)
}

/// The kinds of `events`, most frequent first (then by name): the order a
/// strip of them colours kinds in, to give other charts of the page.
pub fn kinds_by_frequency<'a>(events: &[ChartEvent<'a>]) -> Vec<&'a str> {
    marks::count_kinds(events.iter()).0.into_iter().map(|(kind, _)| kind).collect()
}

#[cfg(test)]
mod tests;
