//! Maps of sites as inline SVG, drawn at build time: the sites' coordinates
//! projected over an outline of coasts and borders from Natural Earth
//! (compiled in, see `data/README.md`), so that a map needs no network, no
//! tile server and no script. Pure: reads nothing at run time.
//!
//! A map is a window around its marks (`View::around`), the outline's rings
//! that cross it (clipped to it and simplified to its pixel size), a linked
//! circle per mark, labels placed where they do not collide, a scale bar and
//! the outline's credit. Every number is written with at most one decimal,
//! so the same marks give the same bytes. Colours come from CSS classes.

mod outline;
mod svg;
mod view;

pub use svg::MapWords;
pub use view::{View, KM_PER_DEGREE, WIDTH};

/// How a mark stands out, from most to least.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Emphasis {
    /// The site the page is about.
    Main,
    /// A place inside it.
    Part,
    /// A site nearby (or the one it lies in).
    Neighbour,
    /// Any site, on a map of many.
    Other,
}

impl Emphasis {
    fn class(self) -> &'static str {
        match self {
            Emphasis::Main => "map-main",
            Emphasis::Part => "map-part",
            Emphasis::Neighbour => "map-neighbour",
            Emphasis::Other => "map-other",
        }
    }

    /// The circle's radius in pixels.
    fn radius(self) -> f64 {
        match self {
            Emphasis::Main => 7.0,
            Emphasis::Part => 4.0,
            Emphasis::Neighbour | Emphasis::Other => 5.0,
        }
    }
}

/// A site on a map: a circle linking to `url`, named `label`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The link, as the page writes it (relative to the page).
    pub url: String,
    pub label: String,
    pub lat: f64,
    pub lon: f64,
    pub emphasis: Emphasis,
}

/// A map of some marks, ready to be written as SVG.
pub struct Map {
    view: View,
    marks: Vec<Mark>,
}

impl Map {
    /// A map of `marks` (labels are tried in their order, after the main
    /// mark's), at least `min_span_km` across; None without marks.
    pub fn new(marks: Vec<Mark>, min_span_km: f64) -> Option<Map> {
        let points: Vec<(f64, f64)> = marks.iter().map(|m| (m.lat, m.lon)).collect();
        let view = View::around(&points, min_span_km)?;
        Some(Map { view, marks })
    }

    pub fn view(&self) -> &View {
        &self.view
    }

    /// The map as an `<svg>` element, named by `title` (its accessible
    /// name) and described by `description`.
    pub fn svg(&self, title: &str, description: &str) -> String {
        self.svg_in(title, description, &MapWords::ENGLISH)
    }

    /// The map as SVG, its credit and scale in `words`.
    pub fn svg_in(&self, title: &str, description: &str, words: &MapWords) -> String {
        svg::write(&self.view, &self.marks, title, description, words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(label: &str, lat: f64, lon: f64, emphasis: Emphasis) -> Mark {
        Mark { url: format!("../{}/index.html", label.to_lowercase()), label: label.into(), lat, lon, emphasis }
    }

    fn palmyra_and_raqqa() -> Map {
        let marks = vec![
            mark("Palmyra", 34.5503, 38.2691, Emphasis::Main),
            mark("Temple of Bel", 34.5473, 38.2744, Emphasis::Part),
            mark("Raqqa", 35.95, 39.01, Emphasis::Neighbour),
        ];
        Map::new(marks, 150.0).unwrap()
    }

    #[test]
    fn a_small_map() {
        insta::assert_snapshot!(palmyra_and_raqqa().svg("Map of 3 sites around Palmyra, Syria", "Circles mark the sites & link to them."));
    }

    #[test]
    fn every_mark_is_a_link_with_a_title_and_the_main_one_is_labelled() {
        let svg = palmyra_and_raqqa().svg("t", "d");
        assert_eq!(svg.matches("<a href=").count(), 3);
        for url in ["../palmyra/index.html", "../temple of bel/index.html", "../raqqa/index.html"] {
            assert!(svg.contains(&format!(r#"<a href="{url}"><title>"#)), "{url}");
        }
        assert!(svg.contains(r#"class="map-label map-label-main""#) && svg.contains(">Palmyra</text>"));
        assert!(svg.contains(r#"<path class="map-land" d="M"#), "the outline shows");
        assert!(svg.contains(" km</text>") && svg.contains("Outline: Natural Earth"));
    }

    #[test]
    fn the_same_marks_give_the_same_bytes() {
        assert_eq!(palmyra_and_raqqa().svg("t", "d"), palmyra_and_raqqa().svg("t", "d"));
    }

    #[test]
    fn no_marks_no_map() {
        assert!(Map::new(Vec::new(), 150.0).is_none());
    }
}
