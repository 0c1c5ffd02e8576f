//! Open data: the files under `data/` that give the model to spreadsheets,
//! GIS and timeline tools (documented field by field in docs/data.md).
//! They are pages of the plan like any other, written here in Rust rather
//! than through Tera, and read the model only through `Views`, so that a
//! rebuild knows when each must be written again.

mod events;
mod geo;
mod timelinejs;

use crate::deps::{Facet, ModelHashes};
use crate::views::Views;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use stele_core::model::{ActorFacts, ActorIx, EventIx, SiteFacts, SiteIx};
use stele_core::urls;
use xxhash_rust::xxh3::xxh3_64;

/// One file of open data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataFile {
    /// `data/events.json`: one record per event.
    EventsJson,
    /// `data/events.csv`: the same records, one row each.
    EventsCsv,
    /// `data/sites.geojson`: every site as a GeoJSON feature.
    SitesGeojson,
    /// `data/entities.json`: sites and actors with their names and links.
    Entities,
    /// `data/timeline.json`: every event, in TimelineJS's format.
    Timeline,
    /// `data/sites/<id>.timeline.json`: a site's events and those of the sites inside it.
    SiteTimeline(SiteIx),
    /// `data/actors/<id>.timeline.json`: an actor's events and those of its sub-units.
    ActorTimeline(ActorIx),
}

impl DataFile {
    /// Whether the file holds every event, site or actor (not one entity's).
    pub fn is_whole_site(self) -> bool {
        !matches!(self, DataFile::SiteTimeline(_) | DataFile::ActorTimeline(_))
    }
}

/// The files every build writes, with their paths (entity timelines apart).
pub const WHOLE_SITE_FILES: [(DataFile, &str); 5] = [
    (DataFile::EventsJson, urls::DATA_EVENTS_JSON),
    (DataFile::EventsCsv, urls::DATA_EVENTS_CSV),
    (DataFile::SitesGeojson, urls::DATA_SITES_GEOJSON),
    (DataFile::Entities, urls::DATA_ENTITIES),
    (DataFile::Timeline, urls::DATA_TIMELINE),
];

/// A data file could not be written out (never for a model stele built:
/// serializing plain strings and numbers into memory does not fail).
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// Where pages are, for the URLs data files give: relative to the site's
/// root always, and absolute when `base_url` is set.
#[derive(Clone, Copy)]
pub(crate) struct Addresses<'a> {
    base_url: Option<&'a str>,
}

impl Addresses<'_> {
    /// The absolute, pretty URL of the page at `path` (`https://…/sites/palmyra/`), if `base_url` is set.
    fn absolute(self, path: &str) -> Option<String> {
        self.base_url.map(|base| format!("{base}{}", urls::pretty(path)))
    }
}

/// The rows of the whole-site files made by an earlier build of `serve`,
/// each by event id with the hash of what it was made from: an edit writes
/// again only the rows of the events it changed, and copies the rest.
#[derive(Default)]
pub struct KeptRows {
    events_json: Mutex<RowMap>,
    events_csv: Mutex<RowMap>,
    timeline: Mutex<RowMap>,
}

type RowMap = HashMap<String, KeptRow>;
/// A row's hash and bytes.
type KeptRow = (u64, Arc<[u8]>);
/// A piece of a file: its bytes, and its rows by event id.
type WrittenPiece = (Vec<u8>, Vec<(String, KeptRow)>);

/// The rows a file may reuse, and how to tell whether an event's row
/// still holds: the hash of the facet of the event the row reads.
#[derive(Clone, Copy)]
pub(crate) struct Reuse<'a> {
    store: &'a Mutex<RowMap>,
    hashes: &'a ModelHashes,
    facet: Facet,
    /// Everything else a row is made from (`base_url`), hashed.
    settings: u64,
}

impl Reuse<'_> {
    fn hash(self, ix: EventIx) -> u64 {
        xxh3_64(&[self.hashes.event_hash(ix, self.facet).to_le_bytes(), self.settings.to_le_bytes()].concat())
    }
}

/// The bytes of `file`. `kept`: rows of an earlier build and this build's
/// hashes (`serve`), for the whole-site files of events.
pub fn produce(v: Views, file: DataFile, kept: Option<(&KeptRows, &ModelHashes)>) -> Result<Vec<u8>, DataError> {
    let at = Addresses { base_url: v.config().base_url.as_deref() };
    let reuse = |store: fn(&KeptRows) -> &Mutex<RowMap>, facet: Facet| {
        kept.map(|(rows, hashes)| Reuse { store: store(rows), hashes, facet, settings: xxh3_64(at.base_url.unwrap_or_default().as_bytes()) })
    };
    match file {
        DataFile::EventsJson => events::json(v, at, reuse(|rows| &rows.events_json, Facet::Full)),
        DataFile::EventsCsv => events::csv(v, at, reuse(|rows| &rows.events_csv, Facet::Full)),
        DataFile::SitesGeojson => geo::sites(v, at),
        DataFile::Entities => geo::entities(v, at),
        DataFile::Timeline => timelinejs::whole(v, at, reuse(|rows| &rows.timeline, Facet::Card)),
        DataFile::SiteTimeline(ix) => timelinejs::entity::<SiteFacts>(v, ix, at),
        DataFile::ActorTimeline(ix) => timelinejs::entity::<ActorFacts>(v, ix, at),
    }
}

/// A JSON document: `value` and a final newline.
fn json_document(value: &impl serde::Serialize, capacity: usize) -> Result<Vec<u8>, DataError> {
    let mut out = Vec::with_capacity(capacity);
    serde_json::to_writer(&mut out, value)?;
    out.push(b'\n');
    Ok(out)
}

/// Events per piece of a whole-site file made in parallel: big enough that
/// a piece is worth a thread, small enough that two cores share the work.
const EVENTS_PER_PIECE: usize = 1024;

/// The pieces of `0..count`, in order.
fn pieces(count: usize) -> Vec<std::ops::Range<usize>> {
    (0..count).step_by(EVENTS_PER_PIECE).map(|start| start..(start + EVENTS_PER_PIECE).min(count)).collect()
}

/// `write` applied to each piece of `0..count` in parallel, the pieces in
/// order. A one-edit rebuild writes the whole-site files again, and they
/// are the biggest it writes.
fn write_pieces(
    count: usize,
    write: impl Fn(std::ops::Range<usize>, &mut Vec<u8>) -> Result<(), DataError> + Sync,
) -> Result<Vec<Vec<u8>>, DataError> {
    use rayon::prelude::*;
    pieces(count)
        .into_par_iter()
        .map(|piece| {
            let mut out = Vec::with_capacity(piece.len() * 400);
            write(piece, &mut out).map(|()| out)
        })
        .collect()
}

/// What goes around a file's rows: what comes before them, how many of
/// their first bytes to leave out (a first separator), what comes after.
pub(crate) struct Frame<'a> {
    pub before: &'a [u8],
    pub skip: usize,
    pub after: &'a [u8],
}

impl Frame<'_> {
    /// The file: the pieces joined in order inside the frame, copied once
    /// (each piece freed as soon as it is copied: these files are large).
    fn around(&self, pieces: Vec<Vec<u8>>) -> Vec<u8> {
        let rows: usize = pieces.iter().map(Vec::len).sum();
        let mut out = Vec::with_capacity(self.before.len() + rows + self.after.len());
        out.extend_from_slice(self.before);
        let mut skip = self.skip;
        for piece in pieces {
            let dropped = skip.min(piece.len());
            out.extend_from_slice(&piece[dropped..]);
            skip -= dropped;
        }
        out.extend_from_slice(self.after);
        out
    }
}

/// One row per event of `events`, each after `separator`, made in parallel
/// pieces; with `reuse`, a row whose event is unchanged is copied from the
/// last build's, and the rows made now are kept for the next. `id` names an
/// event's row; `write_row` writes it.
fn rows(
    events: &[EventIx],
    separator: &[u8],
    frame: Frame,
    reuse: Option<Reuse>,
    id: impl Fn(EventIx) -> String + Sync,
    write_row: impl Fn(EventIx, &mut Vec<u8>) -> Result<(), DataError> + Sync,
) -> Result<Vec<u8>, DataError> {
    let Some(reuse) = reuse else {
        let pieces = write_pieces(events.len(), |piece, out| {
            for &ix in &events[piece] {
                out.extend_from_slice(separator);
                write_row(ix, out)?;
            }
            Ok(())
        })?;
        return Ok(frame.around(pieces));
    };
    use rayon::prelude::*;
    let old = std::mem::take(&mut *reuse.store.lock().unwrap_or_else(|e| e.into_inner()));
    let written: Vec<WrittenPiece> = pieces(events.len())
        .into_par_iter()
        .map(|piece| {
            let mut out = Vec::with_capacity(piece.len() * 400);
            let mut made = Vec::with_capacity(piece.len());
            for &ix in &events[piece] {
                out.extend_from_slice(separator);
                let (id, hash) = (id(ix), reuse.hash(ix));
                let row = match old.get(&id) {
                    Some((kept_hash, row)) if *kept_hash == hash => Arc::clone(row),
                    _ => {
                        let mut row = Vec::with_capacity(400);
                        write_row(ix, &mut row)?;
                        Arc::from(row)
                    }
                };
                out.extend_from_slice(&row);
                made.push((id, (hash, row)));
            }
            Ok((out, made))
        })
        .collect::<Result<_, DataError>>()?;
    let mut kept = HashMap::with_capacity(events.len());
    let mut pieces = Vec::with_capacity(written.len());
    for (out, made) in written {
        pieces.push(out);
        kept.extend(made);
    }
    *reuse.store.lock().unwrap_or_else(|e| e.into_inner()) = kept;
    Ok(frame.around(pieces))
}

/// A JSON array of `items`, one per line (readable, and diffs stay small).
fn json_lines<T: serde::Serialize>(out: &mut Vec<u8>, items: impl IntoIterator<Item = T>) -> Result<(), DataError> {
    out.push(b'[');
    for (i, item) in items.into_iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer(&mut *out, &item)?;
    }
    out.extend_from_slice(b"\n]");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces made in parallel join into the bytes of one pass, in order,
    /// whatever the count's relation to the piece size.
    #[test]
    fn pieces_join_into_the_bytes_of_one_pass() {
        let write = |ix: usize, out: &mut Vec<u8>| {
            out.extend_from_slice(ix.to_string().as_bytes());
            Ok(())
        };
        for count in [0, 1, EVENTS_PER_PIECE - 1, EVENTS_PER_PIECE, EVENTS_PER_PIECE + 1, 3 * EVENTS_PER_PIECE + 17] {
            let events: Vec<usize> = (0..count).collect();
            let joined = rows(&events, b",", Frame { before: b"[", skip: 1, after: b"]" }, None, |ix| ix.to_string(), write).unwrap();
            let one_pass = format!("[{}]", events.iter().map(usize::to_string).collect::<Vec<_>>().join(","));
            assert_eq!(String::from_utf8(joined).unwrap(), one_pass, "{count} items");
            let covered: Vec<usize> = pieces(count).into_iter().flatten().collect();
            assert_eq!(covered, (0..count).collect::<Vec<_>>());
        }
    }
}
