//! Drawing: marks stacked into rows, counts by period, the axis, the legend.

use crate::axis::{Axis, Period, Unit};
use crate::svg::{self, escape_into, Px};
use crate::words::{ChartWords, Counted};
use crate::{ChartEvent, Lane, MonthCount, Precision, StripOptions};
use std::fmt::Write;

const WIDTH: i64 = 800;
const LEFT: i64 = 8;
const RIGHT: i64 = 792;
const TOP: i64 = 6;
/// One row of marks in a strip.
const ROW: i64 = 14;
/// The tallest count bar.
const COUNT_HEIGHT: i64 = 60;
/// One actor's row in swimlanes, and the width of the names before the rows.
const LANE_ROW: i64 = 20;
const LANE_LABEL_WIDTH: i64 = 168;
/// Rows of marks within one lane, each this high, before the lane counts instead.
const LANE_SUB_ROWS: usize = 3;
const LANE_SUB_ROW: i64 = 12;
/// An actor's events drawn one by one at most; beyond, its row counts.
const MAX_LANE_MARKS: usize = 150;
/// Kinds with a colour of their own; the rest are "other".
const KIND_COLOURS: usize = 6;
const LEGEND_COLUMNS: i64 = 7;
const LEGEND_ROW: i64 = 18;
/// Marks at least this far apart (tenths of a pixel) share a row.
const GAP: i64 = 10;

/// The shape a mark takes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    Dot,
    Span,
    Bar,
}

impl Shape {
    fn of(event: &ChartEvent) -> Shape {
        match event.precision {
            Precision::Interval => Shape::Bar,
            Precision::Day if event.start_day == event.end_day => Shape::Dot,
            _ => Shape::Span,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Shape::Dot => "chart-day",
            Shape::Span => "chart-span",
            Shape::Bar => "chart-interval",
        }
    }
}

/// A mark placed on the axis: its horizontal extent in tenths of a pixel.
struct Placed {
    event: usize,
    from: Px,
    to: Px,
    shape: Shape,
}

/// Kinds by how many events have them (then by name), the first few with a colour.
struct Kinds<'a> {
    coloured: Vec<&'a str>,
    present: Vec<&'a str>,
    has_other: bool,
}

/// Each kind of `events` with how many have it, most first (then by name),
/// and whether any has none.
pub fn count_kinds<'a, 'e>(events: impl Iterator<Item = &'e ChartEvent<'a>>) -> (Vec<(&'a str, usize)>, bool)
where
    'a: 'e,
{
    let mut counts: Vec<(&'a str, usize)> = Vec::new();
    let mut unkinded = false;
    for event in events {
        match event.kind {
            Some(kind) => match counts.iter_mut().find(|(k, _)| *k == kind) {
                Some(entry) => entry.1 += 1,
                None => counts.push((kind, 1)),
            },
            None => unkinded = true,
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    (counts, unkinded)
}

impl<'a> Kinds<'a> {
    /// `preferred` first (charts of one page colour kinds alike), then the
    /// other kinds of `events` by how many events have them, then by name.
    fn of<'e>(events: impl Iterator<Item = &'e ChartEvent<'a>>, preferred: &[&'a str]) -> Kinds<'a>
    where
        'a: 'e,
    {
        let (counts, unkinded) = count_kinds(events);
        let mut coloured: Vec<&'a str> = Vec::new();
        for kind in preferred.iter().copied().chain(counts.iter().map(|&(k, _)| k)) {
            if !coloured.contains(&kind) {
                coloured.push(kind);
            }
        }
        coloured.truncate(KIND_COLOURS);
        let has_other = unkinded || counts.iter().any(|(k, _)| !coloured.contains(k));
        // The legend lists only the kinds drawn.
        let present: Vec<&str> = coloured.iter().copied().filter(|k| counts.iter().any(|(c, _)| c == k)).collect();
        Kinds { coloured, present, has_other }
    }

    fn class(&self, kind: Option<&str>) -> String {
        match kind.and_then(|k| self.coloured.iter().position(|c| *c == k)) {
            Some(i) => format!("chart-kind-{}", i + 1),
            None => "chart-kind-other".to_string(),
        }
    }

    /// (class, label) of each legend entry; `other` names the kinds without a colour.
    fn legend<'w>(&self, other: &'w str) -> Vec<(String, &'w str)>
    where
        'a: 'w,
    {
        let mut entries: Vec<(String, &str)> = self.present.iter().map(|k| (self.class(Some(k)), *k)).collect();
        if self.has_other {
            entries.push(("chart-kind-other".to_string(), other));
        }
        entries
    }
}

/// Where a mark lies, in tenths of a pixel.
fn extent(axis: &Axis, event: &ChartEvent, shape: Shape) -> (Px, Px) {
    let (from, to) = (axis.x(event.start_day).0, axis.x(event.end_day + 1).0);
    let (from, to) = match shape {
        Shape::Dot => {
            let centre = (from + to) / 2;
            (centre - 40, centre + 40)
        }
        Shape::Span if to - from < 40 => ((from + to) / 2 - 20, (from + to) / 2 + 20),
        Shape::Bar if to - from < 30 => ((from + to) / 2 - 15, (from + to) / 2 + 15),
        _ => (from, to),
    };
    (Px(from), Px(to))
}

/// Stacks marks into at most `max_rows` rows, earliest first; `None` when they do not fit.
fn stack(axis: &Axis, events: &[ChartEvent], max_rows: usize) -> Option<Vec<(usize, Placed)>> {
    let mut placed: Vec<Placed> = events
        .iter()
        .enumerate()
        .map(|(i, event)| {
            let shape = Shape::of(event);
            let (from, to) = extent(axis, event, shape);
            Placed { event: i, from, to, shape }
        })
        .collect();
    placed.sort_by_key(|p| (p.from, p.to, p.event));
    let mut row_ends: Vec<Px> = Vec::new();
    let mut rows = Vec::with_capacity(placed.len());
    for mark in placed {
        let row = match row_ends.iter().position(|end| end.0 + GAP <= mark.from.0) {
            Some(row) => row,
            None if row_ends.len() < max_rows => {
                row_ends.push(Px(i64::MIN / 2));
                row_ends.len() - 1
            }
            None => return None,
        };
        row_ends[row] = mark.to;
        rows.push((row, mark));
    }
    Some(rows)
}

/// The days all `events` cover.
fn day_range<'e, 'a: 'e>(events: impl Iterator<Item = &'e ChartEvent<'a>>) -> Option<(i32, i32)> {
    events.fold(None, |range, e| match range {
        None => Some((e.start_day, e.end_day)),
        Some((first, last)) => Some((first.min(e.start_day), last.max(e.end_day))),
    })
}

/// "March 2015 – May 2017", at the precision the axis is read in.
fn range_text(axis: &Axis, first: i32, last: i32, words: &ChartWords) -> String {
    let text = |day: i32| {
        let (y, m, d) = crate::axis::ymd(day);
        match axis.unit {
            Unit::Days => words.day_text((y, m, d)),
            Unit::Months => words.month_text(y, m),
            Unit::Years => words.year(y),
        }
    };
    let (from, to) = (text(first), text(last));
    if from == to {
        from
    } else {
        format!("{from} – {to}")
    }
}

fn events_text(count: usize, words: &ChartWords) -> String {
    (words.count)(Counted::Events, count)
}

/// Opens the `<svg>` with its accessible name and description.
fn open(out: &mut String, class: &str, height: i64, options: &StripOptions, description: &str) {
    let id = options.id;
    let _ = write!(
        out,
        r#"<svg class="chart {class}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="group" aria-labelledby="{id}-title" aria-describedby="{id}-desc">"#
    );
    let _ = write!(out, r#"<title id="{id}-title">"#);
    escape_into(out, options.title);
    let _ = write!(out, r#"</title><desc id="{id}-desc">"#);
    escape_into(out, description);
    out.push_str("</desc>");
}

/// The axis line at `y` from `left`, its ticks and their labels.
fn draw_axis(out: &mut String, axis: &Axis, left: i64, y: i64, words: &ChartWords) {
    let _ = write!(out, r#"<g class="chart-axis" aria-hidden="true"><line class="chart-axis-line" x1="{left}" y1="{y}" x2="{RIGHT}" y2="{y}"/>"#);
    for tick in axis.ticks(words) {
        let x = axis.x(tick.day);
        let _ = write!(out, r#"<line class="chart-tick" x1="{x}" y1="{y}" x2="{x}" y2="{}"/>"#, y + 4);
        // A label starting too close to the right edge would be cut off.
        if x.0 < (RIGHT - 44) * 10 {
            svg::text(out, Px(x.0 + 20), Px::whole(y + 15), "chart-tick-label", &tick.label);
        }
    }
    out.push_str("</g>");
}

/// Legend entries in rows of `LEGEND_COLUMNS`, starting at `y`; returns the height used.
fn draw_legend(out: &mut String, y: i64, rows: &[Vec<LegendEntry>]) -> i64 {
    let column = (RIGHT - LEFT) / LEGEND_COLUMNS;
    let mut row_y = y;
    out.push_str(r#"<g class="chart-legend">"#);
    for row in rows.iter().filter(|row| !row.is_empty()) {
        for (i, chunk) in row.chunks(LEGEND_COLUMNS as usize).enumerate() {
            let line_y = row_y + i as i64 * LEGEND_ROW;
            for (j, entry) in chunk.iter().enumerate() {
                let x = LEFT + j as i64 * column;
                entry.draw_key(out, x, line_y);
                svg::text(out, Px::whole(x + 14), Px::whole(line_y + 9), "chart-legend-label", &svg::shortened(&entry.label, 16));
            }
        }
        row_y += row.len().div_ceil(LEGEND_COLUMNS as usize) as i64 * LEGEND_ROW;
    }
    out.push_str("</g>");
    row_y - y
}

/// One entry of a legend: a small key drawn with `class`, and what it means.
struct LegendEntry {
    class: String,
    key: Shape,
    label: String,
}

impl LegendEntry {
    fn draw_key(&self, out: &mut String, x: i64, y: i64) {
        let class = &self.class;
        let _ = match self.key {
            Shape::Dot => write!(out, r#"<circle class="{class}" cx="{}" cy="{}" r="4"/>"#, x + 5, y + 5),
            Shape::Span => write!(out, r#"<rect class="{class}" x="{x}" y="{y}" width="10" height="10"/>"#),
            Shape::Bar => write!(out, r#"<rect class="{class}" x="{x}" y="{}" width="10" height="6"/>"#, y + 2),
        };
    }
}

fn kind_legend(kinds: &Kinds, words: &ChartWords) -> Vec<LegendEntry> {
    kinds
        .legend(words.other_kind)
        .into_iter()
        .map(|(class, label)| LegendEntry { class: format!("chart-swatch {class}"), key: Shape::Span, label: label.to_string() })
        .collect()
}

/// The keys for the shapes and qualifiers present among `events`.
fn shape_legend<'e, 'a: 'e>(events: impl Iterator<Item = &'e ChartEvent<'a>> + Clone, words: &ChartWords) -> Vec<LegendEntry> {
    let present = |shape: Shape| events.clone().any(|e| Shape::of(e) == shape);
    let entry = |class: &str, key: Shape, label: &str| LegendEntry { class: format!("chart-mark chart-key {class}"), key, label: label.to_string() };
    let mut entries = Vec::new();
    if present(Shape::Dot) {
        entries.push(entry("chart-day", Shape::Dot, words.legend_day));
    }
    if present(Shape::Span) {
        entries.push(entry("chart-span", Shape::Span, words.legend_span));
    }
    if present(Shape::Bar) {
        entries.push(entry("chart-interval", Shape::Bar, words.legend_interval));
    }
    if events.clone().any(|e| e.uncertain) {
        entries.push(entry("chart-day chart-uncertain", Shape::Dot, words.legend_uncertain));
    }
    if events.clone().any(|e| e.approximate) {
        entries.push(entry("chart-span chart-approximate", Shape::Span, words.legend_approximate));
    }
    entries
}

/// One event's mark: a link to its page, titled with its date and title.
fn draw_mark(out: &mut String, root: &str, event: &ChartEvent, mark: &Placed, kind_class: &str, centre_y: i64) {
    svg::open_link(out, root, event.url);
    out.push_str("<title>");
    escape_into(out, event.date_label);
    out.push_str(": ");
    escape_into(out, event.title);
    out.push_str("</title>");
    let shape = mark.shape.class();
    let qualifiers = match (event.uncertain, event.approximate) {
        (true, true) => " chart-uncertain chart-approximate",
        (true, false) => " chart-uncertain",
        (false, true) => " chart-approximate",
        (false, false) => "",
    };
    let class = format!("chart-mark {kind_class} {shape}{qualifiers}");
    let width = Px(mark.to.0 - mark.from.0);
    let _ = match mark.shape {
        Shape::Dot => write!(out, r#"<circle class="{class}" cx="{}" cy="{centre_y}" r="4"/>"#, Px((mark.from.0 + mark.to.0) / 2)),
        Shape::Span => write!(out, r#"<rect class="{class}" x="{}" y="{}" width="{width}" height="10"/>"#, mark.from, centre_y - 5),
        Shape::Bar => write!(out, r#"<rect class="{class}" x="{}" y="{}" width="{width}" height="6"/>"#, mark.from, centre_y - 3),
    };
    out.push_str("</a>");
}

/// A lane with `rows` rows of marks: one row is as high as the label's.
fn lane_height(rows: i64) -> i64 {
    if rows <= 1 {
        LANE_ROW
    } else {
        rows * LANE_SUB_ROW + 6
    }
}

/// The middle of row `row` of a lane with `rows` rows, starting at `top`.
fn sub_row_centre(top: i64, row: i64, rows: i64) -> i64 {
    if rows <= 1 {
        top + LANE_ROW / 2
    } else {
        top + 3 + LANE_SUB_ROW / 2 + row * LANE_SUB_ROW
    }
}

/// Events counted per period of the axis, by the period their first day is in.
fn count_by_period(axis: &Axis, events: &[ChartEvent], words: &ChartWords) -> (Vec<Period>, Vec<usize>) {
    let periods = axis.periods(words);
    let mut counts = vec![0; periods.len()];
    for event in events {
        let i = periods.partition_point(|p| p.end <= event.start_day).min(periods.len().saturating_sub(1));
        if let Some(count) = counts.get_mut(i) {
            *count += 1;
        }
    }
    (periods, counts)
}

/// A bar per period with events, as tall as its count against `most` (bottom at `bottom`).
#[allow(clippy::too_many_arguments)]
fn draw_counts(
    out: &mut String,
    axis: &Axis,
    periods: &[Period],
    counts: &[usize],
    most: usize,
    bottom: i64,
    height: i64,
    prefix: &str,
    options: &StripOptions,
) {
    for (period, &count) in periods.iter().zip(counts).filter(|(_, &count)| count > 0) {
        let (from, to) = (axis.x(period.start), axis.x(period.end));
        let width = Px((to.0 - from.0 - 10).max(10));
        let tall = Px::round((height as f64 * count as f64 / most.max(1) as f64).max(1.0));
        let link = options.year_link.map(|link| link(period.year));
        if let Some(url) = &link {
            svg::open_link(out, options.root, url);
        }
        let _ = write!(out, r#"<rect class="chart-count" x="{}" y="{}" width="{width}" height="{tall}">"#, Px(from.0 + 5), Px(bottom * 10 - tall.0));
        svg::title(out, &format!("{prefix}{}: {}", period.label, events_text(count, options.words)));
        out.push_str("</rect>");
        if link.is_some() {
            out.push_str("</a>");
        }
    }
}

/// What one count bar stands for, for the legend.
fn count_legend(axis: &Axis, periods: &[Period], most: usize, words: &ChartWords) -> String {
    let period = match axis.unit {
        Unit::Days => words.per_day.to_string(),
        Unit::Months => words.per_month.to_string(),
        Unit::Years => match periods.first().map(|p| crate::axis::ymd(p.end - 1).0 - p.year + 1) {
            Some(years) if years > 1 => (words.count)(Counted::Years, years as usize),
            _ => words.per_year.to_string(),
        },
    };
    ChartWords::fill(words.bar_height, &[("period", &period), ("most", &most.to_string())])
}

pub fn strip(events: &[ChartEvent], options: &StripOptions) -> String {
    let Some((first, last)) = day_range(events.iter()) else { return String::new() };
    let axis = Axis::covering(first, last, LEFT, RIGHT);
    let words = options.words;
    let description = format!("{}, {}", events_text(events.len(), words), range_text(&axis, first, last, words));
    let rows = if events.len() <= options.max_marks { stack(&axis, events, options.max_lanes.max(1)) } else { None };
    let mut out = String::with_capacity(256 + events.len().min(options.max_marks) * 160);
    match rows {
        Some(rows) => {
            let row_count = rows.iter().map(|(row, _)| row + 1).max().unwrap_or(1) as i64;
            let axis_y = TOP + row_count * ROW + 4;
            let kinds = Kinds::of(events.iter(), options.kinds);
            let legend = [kind_legend(&kinds, words), shape_legend(events.iter(), words)];
            let legend_rows: i64 = legend.iter().map(|row| row.len().div_ceil(LEGEND_COLUMNS as usize) as i64).sum();
            let height = axis_y + 26 + legend_rows * LEGEND_ROW;
            open(&mut out, "chart-strip", height, options, &description);
            out.push_str(r#"<g class="chart-marks">"#);
            for (row, mark) in &rows {
                let event = &events[mark.event];
                draw_mark(&mut out, options.root, event, mark, &kinds.class(event.kind), TOP + *row as i64 * ROW + ROW / 2);
            }
            out.push_str("</g>");
            draw_axis(&mut out, &axis, LEFT, axis_y, words);
            draw_legend(&mut out, axis_y + 26, &legend);
        }
        None => {
            let (periods, counts) = count_by_period(&axis, events, words);
            let most = counts.iter().copied().max().unwrap_or(0);
            let axis_y = TOP + COUNT_HEIGHT + 2;
            let height = axis_y + 26 + LEGEND_ROW;
            open(&mut out, "chart-strip chart-counted", height, options, &description);
            out.push_str(r#"<g class="chart-counts">"#);
            draw_counts(&mut out, &axis, &periods, &counts, most, TOP + COUNT_HEIGHT, COUNT_HEIGHT, "", options);
            out.push_str("</g>");
            draw_axis(&mut out, &axis, LEFT, axis_y, words);
            svg::text(&mut out, Px::whole(LEFT), Px::whole(axis_y + 35), "chart-legend-label", &count_legend(&axis, &periods, most, words));
        }
    }
    out.push_str("</svg>");
    out
}

pub fn swimlanes(lanes: &[Lane], options: &StripOptions) -> String {
    let all = || lanes.iter().flat_map(|lane| lane.events.iter());
    let Some((first, last)) = day_range(all()) else { return String::new() };
    let axis = Axis::covering(first, last, LEFT + LANE_LABEL_WIDTH, RIGHT);
    let names: Vec<&str> = lanes.iter().map(|lane| lane.label).collect();
    let words = options.words;
    let description = format!("{}; {}, {}", names.join(", "), events_text(all().count(), words), range_text(&axis, first, last, words));
    // A lane is drawn mark by mark when its marks fit a few rows; else it counts.
    let drawn: Vec<Option<Vec<(usize, Placed)>>> =
        lanes.iter().map(|lane| if lane.events.len() <= MAX_LANE_MARKS { stack(&axis, &lane.events, LANE_SUB_ROWS) } else { None }).collect();
    let counted: Vec<Option<(Vec<Period>, Vec<usize>)>> =
        lanes.iter().zip(&drawn).map(|(lane, rows)| rows.is_none().then(|| count_by_period(&axis, &lane.events, words))).collect();
    let most = counted.iter().flatten().flat_map(|(_, counts)| counts.iter().copied()).max().unwrap_or(0);
    let marked = || lanes.iter().zip(&drawn).filter(|(_, rows)| rows.is_some()).flat_map(|(lane, _)| lane.events.iter());
    // Colours go to the kinds of the marks drawn: counted lanes have none.
    let kinds = Kinds::of(marked(), options.kinds);
    let legend = [kind_legend(&kinds, words), shape_legend(marked(), words)];
    let legend_rows: i64 = legend.iter().map(|row| row.len().div_ceil(LEGEND_COLUMNS as usize) as i64).sum();
    let sub_rows: Vec<i64> =
        drawn.iter().map(|rows| rows.as_ref().map_or(1, |rows| rows.iter().map(|(row, _)| *row as i64 + 1).max().unwrap_or(1))).collect();
    let heights: Vec<i64> = sub_rows.iter().map(|&rows| lane_height(rows)).collect();
    let axis_y = TOP + heights.iter().sum::<i64>() + 2;
    let count_line = if most > 0 { LEGEND_ROW } else { 0 };
    let height = axis_y + 26 + legend_rows * LEGEND_ROW + count_line;
    let mut out = String::with_capacity(1024 + all().count().min(lanes.len() * MAX_LANE_MARKS) * 160);
    open(&mut out, "chart-swimlanes", height, options, &description);
    let mut top = TOP;
    for (i, lane) in lanes.iter().enumerate() {
        let lane_bottom = top + heights[i];
        out.push_str(r#"<g class="chart-lane">"#);
        let _ = write!(out, r#"<line class="chart-lane-rule" x1="{LEFT}" y1="{lane_bottom}" x2="{RIGHT}" y2="{lane_bottom}"/>"#);
        svg::open_link(&mut out, options.root, lane.url);
        svg::title(&mut out, lane.label);
        svg::text(&mut out, Px::whole(LEFT), Px::whole(top + LANE_ROW / 2 + 4), "chart-lane-label", &svg::shortened(lane.label, 24));
        out.push_str("</a>");
        match (&drawn[i], &counted[i]) {
            (Some(rows), _) => {
                for (row, mark) in rows {
                    let event = &lane.events[mark.event];
                    draw_mark(&mut out, options.root, event, mark, &kinds.class(event.kind), sub_row_centre(top, *row as i64, sub_rows[i]));
                }
            }
            (None, Some((periods, counts))) => {
                let prefix = format!("{}, ", lane.label);
                draw_counts(&mut out, &axis, periods, counts, most, lane_bottom - 1, LANE_ROW - 4, &prefix, options);
            }
            (None, None) => {}
        }
        out.push_str("</g>");
        top = lane_bottom;
    }
    draw_axis(&mut out, &axis, LEFT + LANE_LABEL_WIDTH, axis_y, words);
    let used = draw_legend(&mut out, axis_y + 26, &legend);
    if let Some((periods, _)) = counted.iter().flatten().next() {
        svg::text(&mut out, Px::whole(LEFT), Px::whole(axis_y + 35 + used), "chart-legend-label", &count_legend(&axis, periods, most, words));
    }
    out.push_str("</svg>");
    out
}

pub fn month_counts(months: &[MonthCount], options: &StripOptions) -> String {
    let days = |m: &MonthCount| {
        let start = crate::axis::day_number(m.year, m.month, 1);
        let next = if m.month == 12 { crate::axis::day_number(m.year + 1, 1, 1) } else { crate::axis::day_number(m.year, m.month + 1, 1) };
        (start, next - 1)
    };
    let Some(first) = months.iter().map(|m| days(m).0).min() else { return String::new() };
    let last = months.iter().map(|m| days(m).1).max().unwrap_or(first);
    let axis = Axis::covering(first, last, LEFT, RIGHT);
    let total: usize = months.iter().map(|m| m.count).sum();
    let most = months.iter().map(|m| m.count).max().unwrap_or(0);
    let words = options.words;
    let description = format!("{}, {}", events_text(total, words), range_text(&axis, first, last, words));
    let axis_y = TOP + COUNT_HEIGHT + 2;
    let mut out = String::with_capacity(512 + months.len() * 160);
    open(&mut out, "chart-strip chart-counted", axis_y + 26 + LEGEND_ROW, options, &description);
    out.push_str(r#"<g class="chart-counts">"#);
    for month in months.iter().filter(|m| m.count > 0) {
        let (start, end) = days(month);
        let period = Period { start, end: end + 1, label: words.month_text(month.year, month.month), year: month.year };
        let link_options = StripOptions { year_link: None, words, ..StripOptions::new(options.id, options.title, options.root) };
        if let Some(url) = month.url {
            svg::open_link(&mut out, options.root, url);
        }
        draw_counts(&mut out, &axis, std::slice::from_ref(&period), &[month.count], most, TOP + COUNT_HEIGHT, COUNT_HEIGHT, "", &link_options);
        if month.url.is_some() {
            out.push_str("</a>");
        }
    }
    out.push_str("</g>");
    draw_axis(&mut out, &axis, LEFT, axis_y, words);
    svg::text(
        &mut out,
        Px::whole(LEFT),
        Px::whole(axis_y + 35),
        "chart-legend-label",
        &ChartWords::fill(words.bar_height, &[("period", words.per_month), ("most", &most.to_string())]),
    );
    out.push_str("</svg>");
    out
}
