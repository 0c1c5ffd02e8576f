//! TimelineJS files (https://timeline.knightlab.com/docs/json-format.html):
//! `data/timeline.json` for every event, and one per site and actor with
//! the events its page's timeline rolls up along `part_of`.

use super::{json_document, rows, Addresses, DataError, Frame, Reuse};
use crate::entities::ShownEntity;
use crate::pages::rolled_up_events;
use crate::views::Views;
use chrono::Datelike;
use serde::Serialize;
use stele_core::date::{DatePoint, EdtfDate, Precision};
use stele_core::model::EventIx;
use stele_core::urls;

#[derive(Serialize)]
struct Timeline<'a> {
    title: TitleSlide<'a>,
    events: Vec<Slide<'a>>,
}

#[derive(Serialize)]
struct TitleSlide<'a> {
    text: Text<'a>,
}

#[derive(Serialize)]
struct Text<'a> {
    headline: &'a str,
    text: String,
}

/// One event.
#[derive(Serialize)]
struct Slide<'a> {
    start_date: TimelineDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<TimelineDate>,
    /// The label pages show ("c. May 2015"), since TimelineJS cannot say "circa".
    display_date: &'a str,
    text: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    unique_id: &'a str,
}

/// A date at the precision written: no month or day TimelineJS would show
/// that the source did not give.
#[derive(Debug, PartialEq, Serialize)]
struct TimelineDate {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
}

impl TimelineDate {
    /// `point` as a start (its first day) or an end (its last day), to its precision.
    /// Seasons, decades and centuries give a year only.
    fn of(point: &DatePoint, as_end: bool) -> Self {
        let (year, month, day) = (point.earliest.year(), point.earliest.month(), point.earliest.day());
        match point.precision {
            Precision::Day => TimelineDate { year, month: Some(month), day: Some(day) },
            Precision::Month => TimelineDate { year, month: Some(month), day: None },
            _ if as_end => TimelineDate { year: point.latest.year(), month: None, day: None },
            _ => TimelineDate { year, month: None, day: None },
        }
    }
}

/// The dates of a slide: an interval gives both ends; an interval open at
/// the start starts at its end.
fn dates(date: &EdtfDate) -> (TimelineDate, Option<TimelineDate>) {
    match (date.start(), date.end()) {
        (Some(start), Some(end)) if date.is_interval() => (TimelineDate::of(start, false), Some(TimelineDate::of(end, true))),
        (Some(start), _) => (TimelineDate::of(start, false), None),
        (None, Some(end)) => (TimelineDate::of(end, true), None),
        // Every date has a known end: both open is refused when parsing.
        (None, None) => (TimelineDate { year: date.year(), month: None, day: None }, None),
    }
}

/// `reported` → `Reported`.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

fn slide<'a>(v: Views<'a>, at: Addresses, ix: EventIx) -> Slide<'a> {
    let e = v.event_summary(ix);
    let (start_date, end_date) = dates(e.date);
    let url = urls::event(e.id);
    let href = at.absolute(&url).unwrap_or(url);
    Slide {
        start_date,
        end_date,
        display_date: e.date_label,
        text: Text {
            headline: e.title,
            text: format!("<p>{}. <a href=\"{}\">Event page</a></p>", capitalised(e.status.as_str()), crate::templates::escape_html(&href)),
        },
        group: e.kind,
        unique_id: e.id,
    }
}

fn timeline<'a>(
    v: Views<'a>,
    at: Addresses,
    headline: &'a str,
    events: impl Iterator<Item = EventIx>,
    reuse: Option<Reuse>,
) -> Result<Vec<u8>, DataError> {
    let events: Vec<EventIx> = events.collect();
    // What every slide reads, recorded here; the slides are made in parallel, unrecorded.
    for &ix in &events {
        v.event_summary(ix);
    }
    let free = v.unrecorded();
    let id = |ix| free.views().event_summary(ix).id.to_string();
    // The document with no slides, `{…,"events":[]}`, with the slides put between the brackets:
    // the bytes serde_json writes for the whole document in one pass.
    let empty = json_document(&Timeline { title: TitleSlide { text: Text { headline, text: String::new() } }, events: Vec::new() }, 128)?;
    let Some(end) = empty.len().checked_sub(b"]}\n".len()).filter(|&end| empty[end..] == *b"]}\n") else {
        return Err(DataError::Json(serde::ser::Error::custom("the TimelineJS document does not end with its events")));
    };
    let frame = Frame { before: &empty[..end], skip: 1, after: &empty[end..] };
    rows(&events, b",", frame, reuse, id, |ix, out| Ok(serde_json::to_writer(out, &slide(free.views(), at, ix))?))
}

pub(super) fn whole(v: Views, at: Addresses, reuse: Option<Reuse>) -> Result<Vec<u8>, DataError> {
    timeline(v, at, &v.config().title, 0..v.event_count(), reuse)
}

/// A site's or actor's events and those of every entity inside it, as on its page (all of them).
pub(super) fn entity<F: ShownEntity>(v: Views, ix: usize, at: Addresses) -> Result<Vec<u8>, DataError> {
    let members = v.with_descendants::<F>(ix);
    let events = rolled_up_events(&members, ix, |m| &v.entity::<F>(m).events);
    timeline(v, at, &v.entity::<F>(ix).name, events.into_iter().map(|(event, _)| event), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> (TimelineDate, Option<TimelineDate>) {
        dates(&EdtfDate::parse(text).unwrap())
    }

    fn d(year: i32, month: Option<u32>, day: Option<u32>) -> TimelineDate {
        TimelineDate { year, month, day }
    }

    #[test]
    fn dates_keep_the_precision_written() {
        assert_eq!(of("2015-05-13"), (d(2015, Some(5), Some(13)), None));
        assert_eq!(of("2015-05~"), (d(2015, Some(5), None), None));
        assert_eq!(of("2015"), (d(2015, None, None), None));
        assert_eq!(of("2015-21"), (d(2015, None, None), None));
        assert_eq!(of("2015-05-13/2015-05-21"), (d(2015, Some(5), Some(13)), Some(d(2015, Some(5), Some(21)))));
        assert_eq!(of("201X/2016"), (d(2010, None, None), Some(d(2016, None, None))));
        assert_eq!(of("2014/201X"), (d(2014, None, None), Some(d(2019, None, None))));
        assert_eq!(of("2015-05/.."), (d(2015, Some(5), None), None));
        assert_eq!(of("../2015-06"), (d(2015, Some(6), None), None));
    }
}
