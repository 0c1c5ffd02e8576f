//! Writes a map as SVG: outline, marks, labels, scale bar, credit.

use crate::outline::{rings, Ring};
use crate::view::{View, WIDTH};
use crate::{Emphasis, Mark};
use std::fmt::{self, Display, Write};

/// Rings are clipped this far (pixels) outside the map, so that the edges
/// clipping adds lie outside what shows.
const CLIP_MARGIN: f64 = 4.0;
/// A point closer than this (pixels) to the last point kept is dropped:
/// detail finer than the map can show costs bytes and nothing else (a
/// world map's outline is about 80 KB at 1.5 px, 150 KB at 0.8).
const SIMPLIFY: f64 = 1.5;
/// At most this many labels, so that a map of many sites stays readable.
const MAX_LABELS: usize = 8;
/// Marks closer than this (pixels) to a labelled one get no label of their own.
const CLUSTER: f64 = 12.0;
/// Label font size in pixels, and the width of a character as a share of it (an estimate).
const FONT: f64 = 12.0;
const CHAR_WIDTH: f64 = 0.6;
/// The scale bar is at most this long (pixels).
const SCALE_MAX: f64 = 120.0;

/// The words a map is drawn with: its credit line and its scale ("{n}": the kilometres).
#[derive(Debug, Clone, Copy)]
pub struct MapWords<'a> {
    pub credit: &'a str,
    pub kilometres: &'a str,
}

impl MapWords<'static> {
    pub const ENGLISH: MapWords<'static> = MapWords { credit: "↑ N · Outline: Natural Earth", kilometres: "{n} km" };
}

/// A number with at most one decimal, never `-0`: the same value always
/// gives the same bytes.
struct Num(f64);

impl Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let (whole, tenth) = (tenths.abs() / 10, tenths.abs() % 10);
        if tenth == 0 {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{tenth}")
        }
    }
}

impl Num {
    /// The number at the end of `out`, as `Display` writes it, without the
    /// formatting machinery: an outline is thousands of numbers per map.
    fn push_to(self, out: &mut String) {
        let tenths = (self.0 * 10.0).round() as i64;
        if tenths < 0 {
            out.push('-');
        }
        let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
        out.push_str(itoa::Buffer::new().format(whole));
        if tenth != 0 {
            out.push('.');
            out.push(char::from(b'0' + tenth as u8));
        }
    }
}

/// Text escaped for XML content and attribute values.
struct Escaped<'a>(&'a str);

impl Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// A rectangle in pixels: (left, top, right, bottom).
#[derive(Clone, Copy)]
struct Area(f64, f64, f64, f64);

impl Area {
    fn overlaps(self, other: Area) -> bool {
        self.0 < other.2 && other.0 < self.2 && self.1 < other.3 && other.1 < self.3
    }
    fn within(self, outer: Area) -> bool {
        self.0 >= outer.0 && self.1 >= outer.1 && self.2 <= outer.2 && self.3 <= outer.3
    }
}

pub fn write(view: &View, marks: &[Mark], title: &str, description: &str, words: &MapWords) -> String {
    let height = view.height;
    let mut out = String::with_capacity(8192);
    // Writing into a String cannot fail.
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="site-map" viewBox="0 0 {} {}" role="group" direction="ltr"><title>{}</title><desc>{}</desc>"#,
        Num(WIDTH),
        Num(height),
        Escaped(title),
        Escaped(description)
    );
    let _ = write!(out, r#"<rect class="map-sea" width="{}" height="{}"/>"#, Num(WIDTH), Num(height));
    let land = land_path(view);
    if !land.is_empty() {
        let _ = write!(out, r#"<path class="map-land" d="{land}"/>"#);
    }
    write_marks(&mut out, view, marks);
    write_labels(&mut out, view, marks);
    write_scale(&mut out, view, words);
    let _ = write!(
        out,
        r#"<text class="map-credit" x="{}" y="{}" text-anchor="end">{}</text>"#,
        Num(WIDTH - 8.0),
        Num(height - 8.0),
        Escaped(words.credit)
    );
    out.push_str("</svg>");
    out
}

/// Every ring crossing the map, clipped to it and simplified, as path data.
fn land_path(view: &View) -> String {
    let (lon_min, lon_max, lat_min, lat_max) = view.bounds(CLIP_MARGIN);
    let crosses = |r: &&Ring| r.lon_max >= lon_min && r.lon_min <= lon_max && r.lat_max >= lat_min && r.lat_min <= lat_max;
    let window = Area(-CLIP_MARGIN, -CLIP_MARGIN, WIDTH + CLIP_MARGIN, view.height + CLIP_MARGIN);
    let mut d = String::new();
    for ring in rings().iter().filter(crosses) {
        let projected = simplified(ring.points.iter().map(|&(lon, lat)| view.project(lat, lon)));
        let clipped = simplified(clip(projected, window).into_iter());
        if clipped.len() < 3 {
            continue;
        }
        for (i, (x, y)) in clipped.into_iter().enumerate() {
            d.push(if i == 0 { 'M' } else { ' ' });
            Num(x).push_to(&mut d);
            d.push(' ');
            Num(y).push_to(&mut d);
        }
        d.push('Z');
    }
    d
}

/// The points, without those closer than `SIMPLIFY` to the last one kept
/// (a ring of a country smaller than a pixel comes out under three points).
fn simplified(points: impl Iterator<Item = (f64, f64)>) -> Vec<(f64, f64)> {
    let mut kept: Vec<(f64, f64)> = Vec::new();
    for p in points {
        match kept.last() {
            Some(&(x, y)) if (p.0 - x).abs() < SIMPLIFY && (p.1 - y).abs() < SIMPLIFY => {}
            _ => kept.push(p),
        }
    }
    kept
}

/// Sutherland–Hodgman: the part of a closed ring inside `window`, one edge
/// of the window at a time.
fn clip(points: Vec<(f64, f64)>, window: Area) -> Vec<(f64, f64)> {
    let mut ring = points;
    for edge in 0..4 {
        let inside = |p: (f64, f64)| match edge {
            0 => p.0 >= window.0,
            1 => p.1 >= window.1,
            2 => p.0 <= window.2,
            _ => p.1 <= window.3,
        };
        // Only called for a segment with one end on each side: the divisor is not zero.
        let crossing = |a: (f64, f64), b: (f64, f64)| {
            let t = match edge {
                0 => (window.0 - a.0) / (b.0 - a.0),
                1 => (window.1 - a.1) / (b.1 - a.1),
                2 => (window.2 - a.0) / (b.0 - a.0),
                _ => (window.3 - a.1) / (b.1 - a.1),
            };
            (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
        };
        let input = std::mem::take(&mut ring);
        let Some(&last) = input.last() else { break };
        let mut previous = last;
        for p in input {
            match (inside(previous), inside(p)) {
                (true, true) => ring.push(p),
                (false, true) => {
                    ring.push(crossing(previous, p));
                    ring.push(p);
                }
                (true, false) => ring.push(crossing(previous, p)),
                (false, false) => {}
            }
            previous = p;
        }
    }
    ring
}

/// One linked circle per mark, the main one drawn last (on top).
fn write_marks(out: &mut String, view: &View, marks: &[Mark]) {
    let mut order: Vec<&Mark> = marks.iter().collect();
    order.sort_by_key(|m| std::cmp::Reverse(m.emphasis));
    out.push_str(r#"<g class="map-marks">"#);
    for mark in order {
        let (x, y) = view.project(mark.lat, mark.lon);
        let _ = write!(
            out,
            r#"<a href="{}"><title>{}</title><circle class="map-mark {}" cx="{}" cy="{}" r="{}"/></a>"#,
            Escaped(&mark.url),
            Escaped(&mark.label),
            mark.emphasis.class(),
            Num(x),
            Num(y),
            Num(mark.emphasis.radius())
        );
    }
    out.push_str("</g>");
}

/// Labels for the main mark and then others in their order, each beside
/// its circle (right, left, above, below: the first place free), none
/// over another or over the scale bar and credit, one per cluster. The links' titles name
/// every mark; labels are for sighted readers.
fn write_labels(out: &mut String, view: &View, marks: &[Mark]) {
    let height = view.height;
    let frame = Area(2.0, 2.0, WIDTH - 2.0, height - 2.0);
    let mut taken = vec![Area(0.0, height - 30.0, SCALE_MAX + 20.0, height), Area(WIDTH - 200.0, height - 24.0, WIDTH, height)];
    let mut order: Vec<&Mark> = marks.iter().collect();
    order.sort_by_key(|m| match m.emphasis {
        Emphasis::Main => 0,
        Emphasis::Neighbour | Emphasis::Other => 1,
        Emphasis::Part => 2,
    });
    let mut labels = String::new();
    let mut labelled: Vec<(f64, f64)> = Vec::new();
    for mark in order {
        if labelled.len() == MAX_LABELS {
            break;
        }
        let (x, y) = view.project(mark.lat, mark.lon);
        // One label for a cluster of marks: the others would only crowd it.
        if labelled.iter().any(|&(lx, ly)| (lx - x).abs() < CLUSTER && (ly - y).abs() < CLUSTER) {
            continue;
        }
        let gap = mark.emphasis.radius() + 3.0;
        let w = mark.label.chars().count() as f64 * FONT * CHAR_WIDTH;
        let candidates = [
            (x + gap, y + FONT * 0.35, "start", Area(x + gap, y - FONT / 2.0, x + gap + w, y + FONT / 2.0)),
            (x - gap, y + FONT * 0.35, "end", Area(x - gap - w, y - FONT / 2.0, x - gap, y + FONT / 2.0)),
            (x, y - gap - FONT * 0.2, "middle", Area(x - w / 2.0, y - gap - FONT, x + w / 2.0, y - gap)),
            (x, y + gap + FONT * 0.8, "middle", Area(x - w / 2.0, y + gap, x + w / 2.0, y + gap + FONT)),
        ];
        let free = candidates.into_iter().find(|&(.., area)| area.within(frame) && !taken.iter().any(|&t| t.overlaps(area)));
        if let Some((tx, ty, anchor, area)) = free {
            taken.push(area);
            labelled.push((x, y));
            let class = if mark.emphasis == Emphasis::Main { "map-label map-label-main" } else { "map-label" };
            let _ = write!(labels, r#"<text class="{class}" x="{}" y="{}" text-anchor="{anchor}">{}</text>"#, Num(tx), Num(ty), Escaped(&mark.label));
        }
    }
    if !labels.is_empty() {
        let _ = write!(out, r#"<g class="map-labels" aria-hidden="true">{labels}</g>"#);
    }
}

/// A bar of a round number of kilometres (1, 2 or 5 times a power of ten)
/// at most `SCALE_MAX` pixels long, in the lower left corner.
fn write_scale(out: &mut String, view: &View, words: &MapWords) {
    let km_per_pixel = view.km_per_pixel();
    let most = SCALE_MAX * km_per_pixel;
    let power = 10f64.powi(most.log10().floor() as i32);
    let km = [5.0, 2.0, 1.0].into_iter().map(|f| f * power).find(|&km| km <= most).unwrap_or(power);
    let length = km / km_per_pixel;
    let (x, y) = (12.0, view.height - 12.0);
    let _ = write!(
        out,
        r#"<g class="map-scale"><path d="M{} {}v5h{}v-5"/><text x="{}" y="{}">{}</text></g>"#,
        Num(x),
        Num(y - 5.0),
        Num(length),
        Num(x),
        Num(y - 9.0),
        Escaped(&words.kilometres.replace("{n}", &Num(km).to_string()))
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_pushed_are_numbers_displayed() {
        for value in [0.0, -0.0, -0.04, -0.05, 0.05, 1.0, -1.0, 12.34, -12.35, 599.96, 1e6, -123_456.789, 0.95, f64::from(i32::MAX)] {
            let mut pushed = String::new();
            super::Num(value).push_to(&mut pushed);
            assert_eq!(pushed, super::Num(value).to_string(), "{value}");
        }
    }

    use super::*;

    #[test]
    fn numbers_have_one_decimal_and_no_negative_zero() {
        let shown: Vec<String> = [0.0, -0.01, 1.25, -3.96, 12.04, 640.0].iter().map(|&v| Num(v).to_string()).collect();
        assert_eq!(shown, ["0", "0", "1.3", "-4", "12", "640"]);
    }

    #[test]
    fn clipping_keeps_what_lies_inside() {
        // A square half out of the window on the left.
        let square = vec![(-5.0, 0.0), (5.0, 0.0), (5.0, 10.0), (-5.0, 10.0)];
        let clipped = clip(square, Area(0.0, -1.0, 100.0, 100.0));
        assert!(clipped.iter().all(|&(x, _)| x >= 0.0), "{clipped:?}");
        assert!(clipped.contains(&(5.0, 0.0)) && clipped.contains(&(0.0, 10.0)), "{clipped:?}");
        // Wholly outside: nothing.
        assert!(clip(vec![(-5.0, 0.0), (-4.0, 0.0), (-4.0, 1.0)], Area(0.0, 0.0, 10.0, 10.0)).is_empty());
    }
}
