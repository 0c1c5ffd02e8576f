//! The charts pages show (drawn by `stele-chart`): an entity's events on a
//! time axis, the whole timeline, and swimlanes of the most active actors.
//! Events are read through `Views` (their card facet), like every list.

use crate::views::{EventSummary, Views};
use chrono::Datelike;
use std::collections::HashMap;
use stele_chart::{ChartEvent, ChartWords, Counted, Lane, Precision, StripOptions};
use stele_core::date::{EdtfDate, Precision as DatePrecision};
use stele_core::kinds::RefKind;
use stele_core::model::{ActorFacts, ActorIx, EventIx};
use stele_core::urls;
use stele_i18n::Table;

/// The accessible name of a site's or actor's chart.
fn entity_chart_title(kind: RefKind, name: &str, t: &Table) -> String {
    match kind {
        RefKind::Site => t.fill("chart_site_title", &[("name", name)]),
        _ => t.fill("chart_actor_title", &[("name", name)]),
    }
}

/// The ids of the charts' titles and descriptions, unique on a page.
const STRIP_ID: &str = "timeline-chart";
const SWIMLANES_ID: &str = "swimlanes-chart";

/// Runs `draw` with the chart words of the table's language (month names are
/// read from the locale data once per table; the rest borrows the table).
fn with_words<R>(t: &Table, draw: impl FnOnce(&ChartWords) -> R) -> R {
    let count = |counted: Counted, n: usize| match counted {
        Counted::Events => t.count("chart_count_events", n, &[]),
        Counted::Years => t.count("chart_count_years", n, &[]),
    };
    let (months, short) = (t.month_names(), t.short_month_names());
    let words = ChartWords {
        months: std::array::from_fn(|i| months[i].as_str()),
        short_months: std::array::from_fn(|i| short[i].as_str()),
        day: t.text("date_day"),
        day_month: t.text("date_day_month"),
        month: t.text("date_month"),
        bce: t.text("date_bce"),
        other_kind: t.text("chart_other_kind"),
        legend_day: t.text("chart_legend_day"),
        legend_span: t.text("chart_legend_span"),
        legend_interval: t.text("chart_legend_interval"),
        legend_uncertain: t.text("chart_legend_uncertain"),
        legend_approximate: t.text("chart_legend_approximate"),
        bar_height: t.text("chart_bar_height"),
        per_day: t.text("chart_per_day"),
        per_month: t.text("chart_per_month"),
        per_year: t.text("chart_per_year"),
        count: &count,
    };
    draw(&words)
}

/// An event as the chart draws it, its page's address beside it (the chart borrows both).
struct Drawn<'a> {
    url: String,
    summary: EventSummary<'a>,
}

fn drawn<'a>(v: Views<'a>, events: impl Iterator<Item = EventIx>) -> Vec<Drawn<'a>> {
    events
        .map(|ix| {
            let summary = v.event_summary(ix);
            Drawn { url: urls::event(summary.id), summary }
        })
        .collect()
}

fn chart_events<'d>(drawn: &'d [Drawn]) -> Vec<ChartEvent<'d>> {
    drawn.iter().map(|d| chart_event(&d.url, &d.summary)).collect()
}

/// The days an event's date can mean, how precisely, and its qualifiers.
fn chart_event<'a>(url: &'a str, e: &EventSummary<'a>) -> ChartEvent<'a> {
    let date: &EdtfDate = e.date;
    // An open end is drawn at the known one: a date has at least one.
    let (earliest, latest) = (date.earliest(), date.latest());
    let start = earliest.or(latest).map_or(0, |d| d.num_days_from_ce());
    let end = latest.or(earliest).map_or(start, |d| d.num_days_from_ce());
    let precision = if date.is_interval() {
        Precision::Interval
    } else {
        match date.precision() {
            DatePrecision::Day => Precision::Day,
            DatePrecision::Month | DatePrecision::Season => Precision::Month,
            DatePrecision::Year | DatePrecision::Decade | DatePrecision::Century => Precision::Year,
        }
    };
    let ends = || date.start().into_iter().chain(date.end());
    ChartEvent {
        url,
        title: e.title,
        date_label: e.date_label,
        kind: e.kind,
        start_day: start,
        end_day: end.max(start),
        precision,
        uncertain: ends().any(|p| p.uncertain),
        approximate: ends().any(|p| p.approximate),
    }
}

/// The strip of a site's or actor's page: all its events (its own and its
/// members'), chronological; empty without events.
pub fn entity_strip(v: Views, kind: RefKind, name: &str, page_url: &str, events: &[EventIx], t: &Table) -> String {
    let drawn = drawn(v, events.iter().copied());
    let title = entity_chart_title(kind, name, t);
    let root = urls::root_for(page_url);
    with_words(t, |words| stele_chart::timeline_strip(&chart_events(&drawn), &StripOptions { words, ..StripOptions::new(STRIP_ID, &title, &root) }))
}

/// The strip of a timeline year or month page: the period's events.
pub fn period_strip(v: Views, label: &str, page_url: &str, events: &[EventIx], t: &Table) -> String {
    let drawn = drawn(v, events.iter().copied());
    let title = t.fill("chart_period_title", &[("label", label)]);
    let root = urls::root_for(page_url);
    with_words(t, |words| stele_chart::timeline_strip(&chart_events(&drawn), &StripOptions { words, ..StripOptions::new(STRIP_ID, &title, &root) }))
}

/// The timeline overview's swimlanes: the `top` most active actors (none
/// when `top` is 0). Counted periods link to their year's page.
pub fn timeline_swimlanes(v: Views, top: usize, t: &Table) -> String {
    if top == 0 {
        return String::new();
    }
    let drawn = drawn(v, 0..v.event_count());
    let events = chart_events(&drawn);
    let kinds = stele_chart::kinds_by_frequency(&events);
    let root = urls::root_for(urls::TIMELINE);
    let year_link = year_page;
    with_words(t, |words| {
        let lanes = StripOptions {
            year_link: Some(&year_link),
            kinds: &kinds,
            words,
            ..StripOptions::new(SWIMLANES_ID, t.text("chart_swimlanes_title"), &root)
        };
        swimlanes(v, &events, top, &lanes)
    })
}

/// Where the timeline shows a year's events: the year's page.
fn year_page(year: i32) -> String {
    urls::timeline_period(None, year, None)
}

/// One lane per actor among the `top` most active (most events first);
/// empty when `top` is 0 or no event names an actor. `events`: every event, in model order.
fn swimlanes(v: Views, events: &[ChartEvent], top: usize, options: &StripOptions) -> String {
    if top == 0 {
        return String::new();
    }
    let mut events_of: HashMap<ActorIx, Vec<EventIx>> = HashMap::new();
    for ix in 0..events.len() {
        for actor in v.event_summary(ix).actors {
            let own = events_of.entry(actor.actor).or_default();
            // An actor named twice in one event (two roles) is counted once.
            if own.last() != Some(&ix) {
                own.push(ix);
            }
        }
    }
    let mut most_active: Vec<(ActorIx, Vec<EventIx>)> = events_of.into_iter().collect();
    most_active.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    most_active.truncate(top);
    let labels: Vec<(String, &str)> = most_active
        .iter()
        .map(|&(actor, _)| {
            let label = v.label::<ActorFacts>(actor);
            (urls::page(RefKind::Actor, label.id), label.name)
        })
        .collect();
    let lanes: Vec<Lane> = most_active
        .iter()
        .zip(&labels)
        .map(|((_, own), (url, name))| Lane { label: name, url, events: own.iter().map(|&ix| events[ix]).collect() })
        .collect();
    stele_chart::swimlanes(&lanes, options)
}
