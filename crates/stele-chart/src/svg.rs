//! Writing SVG text: numbers with a fixed format, escaped text.

use std::fmt::Write;

/// A coordinate in tenths of a pixel: written as an integer or with one
/// decimal, the same on every machine and every run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Px(pub i64);

impl Px {
    pub fn whole(pixels: i64) -> Px {
        Px(pixels * 10)
    }

    /// Rounds a pixel position to a tenth.
    pub fn round(pixels: f64) -> Px {
        Px((pixels * 10.0).round() as i64)
    }
}

impl std::fmt::Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (whole, tenth) = (self.0.abs() / 10, self.0.abs() % 10);
        if tenth == 0 {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{tenth}")
        }
    }
}

/// Appends `text` escaped for SVG text and attribute values.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub fn shortened(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((end, _)) if text.chars().count() > max => format!("{}…", text[..end].trim_end()).into(),
        _ => text.into(),
    }
}

/// `<text>` at (x, y) with a class.
pub fn text(out: &mut String, x: Px, y: Px, class: &str, content: &str) {
    let _ = write!(out, r#"<text class="{class}" x="{x}" y="{y}">"#);
    escape_into(out, content);
    out.push_str("</text>");
}

/// `<title>` (the tooltip and accessible name of the element it is in).
pub fn title(out: &mut String, content: &str) {
    out.push_str("<title>");
    escape_into(out, content);
    out.push_str("</title>");
}

/// Opens `<a href="root + url">`.
pub fn open_link(out: &mut String, root: &str, url: &str) {
    out.push_str(r#"<a href=""#);
    escape_into(out, root);
    escape_into(out, url);
    out.push_str(r#"">"#);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_at_most_one_decimal() {
        assert_eq!(Px::round(12.0).to_string(), "12");
        assert_eq!(Px::round(12.345).to_string(), "12.3");
        assert_eq!(Px::round(-0.25).to_string(), "-0.3");
        assert_eq!(Px::round(0.04).to_string(), "0");
    }

    #[test]
    fn long_labels_are_shortened_by_characters() {
        assert_eq!(shortened("Palmyra", 10), "Palmyra");
        assert_eq!(shortened("Ḥalab citadel gate", 6), "Ḥalab…");
    }
}
