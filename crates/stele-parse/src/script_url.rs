//! Addresses that run script when followed or loaded: `javascript:`,
//! `vbscript:`, and `data:` documents other than raster images. Links to
//! them are refused in Markdown bodies and front matter, and the raw-HTML
//! sanitiser drops them.
//!
//! The address is read the way browsers read it, so spelling tricks do not
//! get through: leading C0 controls and spaces are skipped, ASCII tab, line
//! feed and carriage return are ignored anywhere, and the scheme is compared
//! without case (`  JaVa\tScRiPt:` is `javascript:`). HTML entities
//! (`&#106;avascript:`) are decoded by pulldown-cmark before the check.

/// The scheme of an address that runs script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptScheme {
    JavaScript,
    VbScript,
    /// A `data:` address whose media type is not a raster image.
    Data,
}

impl ScriptScheme {
    /// The address described for a diagnostic: "a `javascript:` address".
    pub fn describe(self) -> &'static str {
        match self {
            ScriptScheme::JavaScript => "a `javascript:` address",
            ScriptScheme::VbScript => "a `vbscript:` address",
            ScriptScheme::Data => "a `data:` address that is not an image",
        }
    }
}

/// The help every refused link gets.
pub const HINT: &str = "a report links to web pages, not scripts: remove the link or give an http(s) address";

/// The image types a `data:` address may carry: raster formats only (an SVG
/// document opened on its own runs its scripts).
const DATA_IMAGE_TYPES: [&str; 5] = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"];

/// Which script-running scheme `url` has, if any. Cheap for ordinary
/// addresses: it stops at the first character that cannot be in a scheme.
pub fn script_scheme(url: &str) -> Option<ScriptScheme> {
    let (scheme, rest) = refused_scheme(url)?;
    match scheme {
        "javascript" => Some(ScriptScheme::JavaScript),
        "vbscript" => Some(ScriptScheme::VbScript),
        _ if is_raster_image_data(rest) => None,
        _ => Some(ScriptScheme::Data),
    }
}

/// Schemes to look at; the longest has 10 letters.
const REFUSED_SCHEMES: [&str; 3] = ["javascript", "vbscript", "data"];

/// The refused scheme `url` starts with (lowercased), and what follows its `:`.
fn refused_scheme(url: &str) -> Option<(&'static str, &str)> {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let mut scheme = [0u8; 10];
    let mut len = 0;
    for (i, c) in url.char_indices() {
        match c {
            '\t' | '\n' | '\r' => {}
            ':' => return REFUSED_SCHEMES.into_iter().find(|s| s.as_bytes() == &scheme[..len]).map(|s| (s, &url[i + 1..])),
            c if c.is_ascii_alphabetic() && len < scheme.len() => {
                scheme[len] = c.to_ascii_lowercase() as u8;
                len += 1;
            }
            // A digit, `+`, `-`, `.` or an eleventh letter: some other scheme, or none.
            _ => return None,
        }
    }
    None
}

/// Whether the part of a `data:` address after `data:` declares a raster
/// image type (browsers trim the type and ignore tab, LF and CR in it).
fn is_raster_image_data(rest: &str) -> bool {
    let media_type: String = rest.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).take_while(|c| !matches!(c, ';' | ',')).collect();
    let media_type = media_type.trim_matches(|c: char| c.is_ascii_whitespace());
    DATA_IMAGE_TYPES.iter().any(|image| media_type.eq_ignore_ascii_case(image))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_addresses_are_recognised_however_they_are_spelled() {
        let cases: &[(&str, ScriptScheme)] = &[
            ("javascript:alert(1)", ScriptScheme::JavaScript),
            ("JaVaScRiPt:alert(1)", ScriptScheme::JavaScript),
            ("  javascript:alert(1)", ScriptScheme::JavaScript),
            ("\u{1}\u{1f} javascript:alert(1)", ScriptScheme::JavaScript),
            ("java\tscript:alert(1)", ScriptScheme::JavaScript),
            ("java\nscr\ript:alert(1)", ScriptScheme::JavaScript),
            ("javascript\t:alert(1)", ScriptScheme::JavaScript),
            ("VBScript:msgbox(1)", ScriptScheme::VbScript),
            ("data:text/html,<script>alert(1)</script>", ScriptScheme::Data),
            ("data:text/html;base64,PHNjcmlwdD4=", ScriptScheme::Data),
            ("data:image/svg+xml,<svg onload=alert(1)>", ScriptScheme::Data),
            ("data:,hello", ScriptScheme::Data),
            ("DATA:application/xhtml+xml,x", ScriptScheme::Data),
        ];
        for (url, scheme) in cases {
            assert_eq!(script_scheme(url), Some(*scheme), "{url:?}");
        }
    }

    #[test]
    fn ordinary_addresses_and_raster_images_pass() {
        for url in [
            "https://example.org/javascript:x",
            "http://x",
            "../../sites/palmyra/index.html",
            "#aftermath",
            "mailto:a@example.org",
            "site:palmyra",
            "javascript-notes.html",
            "javascript/index.html",
            "java\u{0}script:alert(1)",
            "\u{a0}javascript:alert(1)",
            "javascript%3Aalert(1)",
            "xjavascript:alert(1)",
            "data:image/png;base64,iVBORw0KGgo=",
            "data:IMAGE/JPEG;base64,/9j/",
            "data: image/gif ,R0lGOD",
            "data:image/webp;base64,UklGR",
            "data:image/avif;base64,AAAA",
            "",
        ] {
            assert_eq!(script_scheme(url), None, "{url:?}");
        }
    }
}
