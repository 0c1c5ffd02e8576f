//! The projection and the window a map shows.
//!
//! An equirectangular projection centred on the view's middle latitude
//! (x = lon · cos φ₀, y = −lat, in degrees, then scaled to pixels): at the
//! scale of a site and its neighbours (hundreds of kilometres) it keeps
//! distances and shapes within a few percent, and it is three lines.
//! `proj4rs` (pure Rust) was weighed: a PROJ-string parser and dozens of
//! projections for this one formula.

/// Width of every map, in SVG user units (pixels at 100 %).
pub const WIDTH: f64 = 640.0;
/// Kilometres in a degree of latitude (and of longitude at the equator), near enough for a scale bar.
pub const KM_PER_DEGREE: f64 = 111.32;
/// Margin around the points, as a share of their extent on each side.
const PADDING: f64 = 0.15;
/// The flattest and tallest shapes a map takes (height over width).
const MIN_ASPECT: f64 = 0.5;
const MAX_ASPECT: f64 = 0.8;
/// Latitudes beyond these are drawn at them (the projection stretches near the poles).
const MAX_LAT: f64 = 85.0;

/// A window on the projected plane, and its size in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// cos φ₀: how much a degree of longitude shrinks at the view's middle latitude.
    pub lon_factor: f64,
    /// The top-left corner in projected degrees (x = lon · cos φ₀, y = −lat).
    pub x_min: f64,
    pub y_min: f64,
    /// Pixels per projected degree.
    pub scale: f64,
    pub height: f64,
}

impl View {
    /// The window around `points` (lat, lon), padded, at least `min_span_km`
    /// across both ways (so that one site shows its surroundings rather than
    /// a dot on a blank), and not too flat or too tall. None without points.
    pub fn around(points: &[(f64, f64)], min_span_km: f64) -> Option<View> {
        let lats = points.iter().map(|&(lat, _)| lat.clamp(-MAX_LAT, MAX_LAT));
        let (lat_min, lat_max) = lats.fold(None, |acc: Option<(f64, f64)>, lat| Some(acc.map_or((lat, lat), |(a, b)| (a.min(lat), b.max(lat)))))?;
        let lon_factor = ((lat_min + lat_max) / 2.0).to_radians().cos();
        let xs = points.iter().map(|&(_, lon)| lon * lon_factor);
        let (x_lo, x_hi) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
        let (y_lo, y_hi) = (-lat_max, -lat_min);
        let min_span = min_span_km / KM_PER_DEGREE;
        let mut width = ((x_hi - x_lo) * (1.0 + 2.0 * PADDING)).max(min_span);
        let mut height = ((y_hi - y_lo) * (1.0 + 2.0 * PADDING)).max(min_span);
        if height < width * MIN_ASPECT {
            height = width * MIN_ASPECT;
        } else if height > width * MAX_ASPECT {
            width = height / MAX_ASPECT;
        }
        let scale = WIDTH / width;
        Some(View { lon_factor, x_min: (x_lo + x_hi - width) / 2.0, y_min: (y_lo + y_hi - height) / 2.0, scale, height: (height * scale).round() })
    }

    /// Where (lat, lon) falls on the map, in pixels from its top-left corner.
    pub fn project(&self, lat: f64, lon: f64) -> (f64, f64) {
        let lat = lat.clamp(-MAX_LAT, MAX_LAT);
        ((lon * self.lon_factor - self.x_min) * self.scale, (-lat - self.y_min) * self.scale)
    }

    /// The longitudes and latitudes the window covers, with a margin of
    /// `margin` pixels: (lon_min, lon_max, lat_min, lat_max).
    pub fn bounds(&self, margin: f64) -> (f64, f64, f64, f64) {
        let m = margin / self.scale;
        let x_max = self.x_min + WIDTH / self.scale;
        let y_max = self.y_min + self.height / self.scale;
        ((self.x_min - m) / self.lon_factor, (x_max + m) / self.lon_factor, -(y_max + m), -(self.y_min - m))
    }

    /// Kilometres on the ground per pixel (along the middle latitude).
    pub fn km_per_pixel(&self) -> f64 {
        KM_PER_DEGREE / self.scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PALMYRA: (f64, f64) = (34.55, 38.27);
    const MOSUL: (f64, f64) = (36.34, 43.13);

    #[test]
    fn the_formula_on_known_coordinates() {
        // A view whose window starts at 30°E, 40°N and whose middle latitude is 60° (cos = 0.5).
        let view = View { lon_factor: 0.5, x_min: 15.0, y_min: -40.0, scale: 10.0, height: 200.0 };
        assert_eq!(view.project(40.0, 30.0), (0.0, 0.0));
        // Two degrees of longitude east at cos φ₀ = 0.5 are one projected degree: 10 px.
        let (x, y) = view.project(38.0, 32.0);
        assert!((x - 10.0).abs() < 1e-9 && (y - 20.0).abs() < 1e-9, "{x} {y}");
    }

    #[test]
    fn palmyra_and_mosul_fall_where_they_lie() {
        let view = View::around(&[PALMYRA, MOSUL], 150.0).unwrap();
        let (px, py) = view.project(PALMYRA.0, PALMYRA.1);
        let (mx, my) = view.project(MOSUL.0, MOSUL.1);
        // Mosul is north-east of Palmyra: to the right and above.
        assert!(mx > px && my < py, "Palmyra {px},{py} Mosul {mx},{my}");
        // Both inside the map, padded off its edges.
        for (x, y) in [(px, py), (mx, my)] {
            assert!(x > 10.0 && x < WIDTH - 10.0 && y > 10.0 && y < view.height - 10.0, "{x},{y} in {WIDTH}x{}", view.height);
        }
        // Their distance on the map matches the ground (483 km by the haversine formula) within 2 %.
        let km = ((mx - px).powi(2) + (my - py).powi(2)).sqrt() * view.km_per_pixel();
        assert!((km - 483.0).abs() < 10.0, "{km} km");
        // The window is centred on the two: their midpoint is the map's middle.
        assert!(((px + mx) / 2.0 - WIDTH / 2.0).abs() < 1e-6);
        assert!(((py + my) / 2.0 - view.height / 2.0).abs() < 1.0);
    }

    #[test]
    fn one_site_gets_its_surroundings() {
        let view = View::around(&[PALMYRA], 150.0).unwrap();
        assert!((WIDTH * view.km_per_pixel() - 150.0 / MAX_ASPECT).abs() < 1e-6, "{} km wide", WIDTH * view.km_per_pixel());
        let (x, y) = view.project(PALMYRA.0, PALMYRA.1);
        assert!((x - WIDTH / 2.0).abs() < 1e-6 && (y - view.height / 2.0).abs() < 1.0);
        let (lon_min, lon_max, lat_min, lat_max) = view.bounds(0.0);
        assert!(lon_min < 38.27 && 38.27 < lon_max && lat_min < 34.55 && 34.55 < lat_max);
    }
}
