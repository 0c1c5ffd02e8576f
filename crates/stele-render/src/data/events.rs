//! `data/events.json` and `data/events.csv`: one record per event. Both are
//! made from the same `EventRow`, built by one function, so that the two
//! files cannot disagree; only how a list is written differs (a JSON array,
//! or one CSV cell with the items joined by `; `).

use super::{rows, Addresses, DataError, Frame, Reuse};
use crate::views::Views;
use serde::Serialize;
use stele_core::date::Precision;
use stele_core::figures::{across_sources, LISTED_KINDS};
use stele_core::model::{ActorFacts, ArticleIx, Claim, ClaimSource, EventIx, EventStatus, SiteFacts, SourcedFigures};
use stele_core::urls;

/// How the list fields of a row are written.
trait ListForm {
    type Ids<'a>: Serialize;
    type Actors<'a>: Serialize;
    type Claims<'a>: Serialize;
    fn ids<'a>(ids: impl Iterator<Item = &'a str>) -> Self::Ids<'a>;
    fn actors<'a>(actors: impl Iterator<Item = ActorRole<'a>>) -> Self::Actors<'a>;
    type Figures<'a>: Serialize;
    /// The figures of an event, each report's with the report's id.
    fn figures<'a>(figures: &'a [SourcedFigures], report_id: impl Fn(ArticleIx) -> &'a str) -> Self::Figures<'a>;
    fn claims<'a>(claims: impl Iterator<Item = ClaimRow<'a>>) -> Self::Claims<'a>;
}

/// JSON: the range across sources per kind, and each report's figure as written.
#[derive(Serialize)]
struct JsonFigures<'a> {
    ranges: Vec<KindRange<'a>>,
    sources: Vec<SourceFigure<'a>>,
}

#[derive(Serialize)]
struct KindRange<'a> {
    kind: &'a str,
    low: u64,
    high: Option<u64>,
}

#[derive(Serialize)]
struct SourceFigure<'a> {
    report: &'a str,
    kind: &'a str,
    value: &'a str,
    low: u64,
    high: Option<u64>,
}

/// One report's claim about an event: what the entry writes of the fields that can disagree.
#[derive(Serialize)]
struct ClaimRow<'a> {
    /// The id of the report making the claim; null for the event file (the editors' record).
    report: Option<&'a str>,
    /// Whose claim: the report's source name, else its title; empty for the event file.
    by: &'a str,
    date: Option<&'a str>,
    title: Option<&'a str>,
    kind: Option<&'a str>,
    status: Option<&'static str>,
    display_date: Option<&'a str>,
}

/// An actor of an event with the role it had.
#[derive(Serialize)]
struct ActorRole<'a> {
    id: &'a str,
    role: Option<&'a str>,
}

/// JSON: arrays, actors as `{id, role}`.
struct JsonLists;

impl ListForm for JsonLists {
    type Ids<'a> = Vec<&'a str>;
    type Actors<'a> = Vec<ActorRole<'a>>;
    fn ids<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
        ids.collect()
    }
    fn actors<'a>(actors: impl Iterator<Item = ActorRole<'a>>) -> Vec<ActorRole<'a>> {
        actors.collect()
    }
    type Figures<'a> = JsonFigures<'a>;
    fn figures<'a>(figures: &'a [SourcedFigures], report_id: impl Fn(ArticleIx) -> &'a str) -> JsonFigures<'a> {
        let ranges = across_sources(figures.iter().map(|s| s.figures.as_slice()))
            .into_iter()
            .map(|(kind, range)| KindRange { kind: kind.key(), low: range.low, high: range.high })
            .collect();
        let sources = figures
            .iter()
            .flat_map(|s| {
                let report = report_id(s.article);
                s.figures.iter().map(move |(kind, value)| SourceFigure {
                    report,
                    kind: kind.key(),
                    value: &value.written,
                    low: value.range.low,
                    high: value.range.high,
                })
            })
            .collect();
        JsonFigures { ranges, sources }
    }

    type Claims<'a> = Vec<ClaimRow<'a>>;
    fn claims<'a>(claims: impl Iterator<Item = ClaimRow<'a>>) -> Vec<ClaimRow<'a>> {
        claims.collect()
    }
}

/// CSV: one cell per list, items joined by `; `, actors as `id (role)`.
struct CsvLists;

/// What separates the items of a list inside one CSV cell.
const CSV_LIST_SEPARATOR: &str = "; ";

impl ListForm for CsvLists {
    type Ids<'a> = String;
    type Actors<'a> = String;
    fn ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
        ids.collect::<Vec<_>>().join(CSV_LIST_SEPARATOR)
    }
    fn actors<'a>(actors: impl Iterator<Item = ActorRole<'a>>) -> String {
        let cells: Vec<String> = actors
            .map(|a| match a.role {
                Some(role) => format!("{} ({role})", a.id),
                None => a.id.to_string(),
            })
            .collect();
        cells.join(CSV_LIST_SEPARATOR)
    }
    type Figures<'a> = Vec<String>;
    /// One cell per listed kind (`12`, `12-15`, `1000+`), then one for
    /// other kinds (`air_strikes: 60+; ...`): ranges across sources.
    fn figures<'a>(figures: &'a [SourcedFigures], _report_id: impl Fn(ArticleIx) -> &'a str) -> Vec<String> {
        let ranges = across_sources(figures.iter().map(|s| s.figures.as_slice()));
        let mut cells: Vec<String> = LISTED_KINDS
            .iter()
            .map(|(key, _)| ranges.iter().find(|(kind, _)| kind.key() == *key).map(|(_, range)| range.plain()).unwrap_or_default())
            .collect();
        let others: Vec<String> =
            ranges.iter().filter(|(kind, _)| !kind.is_listed()).map(|(kind, range)| format!("{}: {}", kind.key(), range.plain())).collect();
        cells.push(others.join(CSV_LIST_SEPARATOR));
        cells
    }

    type Claims<'a> = String;
    /// `report-id: date, status` (`event file: ...` for the editors'
    /// record), with what each writes of the two.
    fn claims<'a>(claims: impl Iterator<Item = ClaimRow<'a>>) -> String {
        let cells: Vec<String> = claims
            .map(|c| {
                let said: Vec<&str> = [c.date, c.status].into_iter().flatten().collect();
                format!("{}: {}", c.report.unwrap_or("event file"), said.join(", "))
            })
            .collect();
        cells.join(CSV_LIST_SEPARATOR)
    }
}

/// One event, as both files give it. The field order is the CSV's column order.
#[derive(Serialize)]
struct EventRow<'a, L: ListForm> {
    id: &'a str,
    /// As written in the front matter (EDTF).
    date: &'a str,
    earliest: Option<&'a str>,
    latest: Option<&'a str>,
    precision: Precision,
    uncertain: bool,
    approximate: bool,
    title: &'a str,
    kind: Option<&'a str>,
    status: &'static str,
    sites: L::Ids<'a>,
    actors: L::Actors<'a>,
    claimed_by: L::Ids<'a>,
    confirmed_by: L::Ids<'a>,
    disputed_by: L::Ids<'a>,
    reported_in: L::Ids<'a>,
    /// The fields its reports give differently.
    disagreements: L::Ids<'a>,
    /// Each report's statement.
    claims: L::Claims<'a>,
    /// The event's page, relative to the site's root.
    url: String,
    /// The same, absolute (`base_url` + the page's folder), or null without `base_url`.
    absolute_url: Option<String>,
    figures: L::Figures<'a>,
}

/// The columns of `data/events.csv`: `EventRow`'s fields (a test keeps them equal).
const CSV_COLUMNS: [&str; 30] = [
    "id",
    "date",
    "earliest",
    "latest",
    "precision",
    "uncertain",
    "approximate",
    "title",
    "kind",
    "status",
    "sites",
    "actors",
    "claimed_by",
    "confirmed_by",
    "disputed_by",
    "reported_in",
    "disagreements",
    "claims",
    "url",
    "absolute_url",
    // The figures: `LISTED_KINDS` in order (a test keeps them equal), then the others.
    "killed",
    "injured",
    "missing",
    "detained",
    "displaced",
    "buildings_destroyed",
    "buildings_damaged",
    "objects_destroyed",
    "objects_looted",
    "other_figures",
];

fn row<'a, L: ListForm>(v: Views<'a>, at: Addresses, ix: EventIx) -> EventRow<'a, L> {
    let e = v.event(ix);
    let actor_id = |actor| v.label::<ActorFacts>(actor).id;
    let url = urls::event(&e.id);
    EventRow {
        id: &e.id,
        date: e.date.text(),
        earliest: e.date.earliest_iso(),
        latest: e.date.latest_iso(),
        precision: e.date.precision(),
        uncertain: e.date.is_uncertain(),
        approximate: e.date.is_approximate(),
        title: &e.title,
        kind: e.kind.as_deref(),
        status: e.status.as_str(),
        sites: L::ids(e.sites.iter().map(|&site| v.label::<SiteFacts>(site).id)),
        actors: L::actors(e.actors.iter().map(|a| ActorRole { id: actor_id(a.actor), role: a.role.as_deref() })),
        claimed_by: L::ids(e.claimed_by.iter().map(|&a| actor_id(a))),
        confirmed_by: L::ids(e.confirmed_by.iter().map(|&a| actor_id(a))),
        disputed_by: L::ids(e.disputed_by.iter().map(|&a| actor_id(a))),
        reported_in: L::ids(e.reported_in.iter().map(|&article| v.article_card(article).id)),
        disagreements: L::ids(e.disagreements.fields().into_iter()),
        claims: L::claims(e.claims.iter().map(|claim| claim_row(v, claim))),
        absolute_url: at.absolute(&url),
        url,
        figures: L::figures(&e.figures, |article| v.article_card(article).id),
    }
}

fn claim_row<'a>(v: Views<'a>, claim: &'a Claim) -> ClaimRow<'a> {
    let report = match claim.source {
        ClaimSource::Report(article) => Some(v.article_card(article).id),
        ClaimSource::EventFile => None,
    };
    ClaimRow {
        report,
        by: &claim.by,
        date: claim.date.as_ref().map(|date| date.text()),
        title: claim.title.as_deref(),
        kind: claim.kind.as_deref(),
        status: claim.status.map(EventStatus::as_str),
        display_date: claim.display_date.as_deref(),
    }
}

/// Records what every row reads, on the page's own thread (the rows are
/// then made in parallel, unrecorded): each event as a whole. A row names
/// sites, actors and reports only by id, and an event's hash holds the ids
/// it refers to, so renaming a site or an actor leaves the files alone.
fn record_rows(v: Views) {
    for ix in 0..v.event_count() {
        v.event(ix);
    }
}

/// Every event, in model order (the order of the timeline).
fn all_events(v: Views) -> Vec<EventIx> {
    (0..v.event_count()).collect()
}

pub(super) fn json(v: Views, at: Addresses, reuse: Option<Reuse>) -> Result<Vec<u8>, DataError> {
    record_rows(v);
    let free = v.unrecorded();
    let id = |ix| free.views().event(ix).id.clone();
    // The rows are `,\n{…},\n{…}`: the array opens with its first row's newline.
    let frame = Frame { before: b"[", skip: 1, after: b"\n]\n" };
    rows(&all_events(v), b",\n", frame, reuse, id, |ix, out| Ok(serde_json::to_writer(out, &row::<JsonLists>(free.views(), at, ix))?))
}

pub(super) fn csv(v: Views, at: Addresses, reuse: Option<Reuse>) -> Result<Vec<u8>, DataError> {
    record_rows(v);
    let free = v.unrecorded();
    let record = |writer: csv::Writer<Vec<u8>>| writer.into_inner().map_err(|err| DataError::Csv(err.into_error().into()));
    // The header is written from `CSV_COLUMNS`, so that a file without events has one too.
    let mut header = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::with_capacity(256));
    header.write_record(CSV_COLUMNS)?;
    let header = record(header)?;
    let id = |ix| free.views().event(ix).id.clone();
    // Each record is quoted on its own, so records written apart join into the same file.
    rows(&all_events(v), b"", Frame { before: &header, skip: 0, after: b"" }, reuse, id, |ix, out| {
        let mut writer = csv::WriterBuilder::new().has_headers(false).buffer_capacity(512).from_writer(std::mem::take(out));
        writer.serialize(row::<CsvLists>(free.views(), at, ix))?;
        *out = record(writer)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_columns_are_the_rows_fields_in_order() {
        let row = EventRow::<CsvLists> {
            id: "",
            date: "",
            earliest: None,
            latest: None,
            precision: Precision::Day,
            uncertain: false,
            approximate: false,
            title: "",
            kind: None,
            status: "",
            sites: String::new(),
            actors: String::new(),
            claimed_by: String::new(),
            confirmed_by: String::new(),
            disputed_by: String::new(),
            reported_in: String::new(),
            disagreements: String::new(),
            claims: String::new(),
            url: String::new(),
            absolute_url: None,
            figures: vec![String::new(); LISTED_KINDS.len() + 1],
        };
        // csv cannot name the cells of the nested figures list: the fields
        // are read from the row's JSON (in field order), the cells counted.
        let json = serde_json::to_string(&row).unwrap();
        let fields: Vec<&str> = json.split("\":").filter_map(|part| part.rsplit_once('"').map(|(_, key)| key)).collect();
        let named = CSV_COLUMNS.len() - (LISTED_KINDS.len() + 1);
        assert_eq!(fields[..named], CSV_COLUMNS[..named]);
        assert_eq!(fields[named], "figures");
        let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        writer.serialize(row).unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(text.trim_end().split(',').count(), CSV_COLUMNS.len());
        let listed: Vec<&str> = LISTED_KINDS.iter().map(|(key, _)| *key).collect();
        assert_eq!(CSV_COLUMNS[named..named + listed.len()], listed[..]);
    }
}
