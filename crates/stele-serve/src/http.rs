//! Requests to bytes of the current snapshot.
//!
//! The output is an in-memory map from output path to bytes, so a request
//! can only ever read what the build produced: a path is percent-decoded,
//! split into segments, and any `..` (also when encoded, `%2e%2e`, or hidden
//! behind an encoded slash, `..%2f`) is refused outright rather than
//! resolved. Directory URLs serve their `index.html`; a directory URL
//! without its trailing slash is redirected (308) to the slash form so the
//! pages' relative links resolve; anything else is the site's 404 page.
//!
//! Every endpoint first checks the request's `Host` ([`super::host`]): other
//! web pages must not read the preview through a name they control.

use super::host::AllowedHosts;
use super::{live, Published, Shared};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;
use std::sync::Arc;
use stele_core::urls;

pub fn router(shared: Arc<Shared>, hosts: AllowedHosts) -> Router {
    Router::new()
        .route(live::EVENTS_PATH, get(live::events))
        .route(live::ERRORS_PATH, get(live::errors))
        .fallback(serve_output)
        .with_state(shared)
        .layer(middleware::from_fn_with_state(Arc::new(hosts), require_allowed_host))
}

/// Answers 403 to a request for a host the server does not stand for (also
/// when an absolute request target names one), before any handler runs.
async fn require_allowed_host(State(hosts): State<Arc<AllowedHosts>>, request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|value| value.to_str().ok());
    let target = request.uri().authority().map(|authority| authority.as_str());
    if hosts.allows(host) && target.is_none_or(|target| hosts.allows(Some(target))) {
        next.run(request).await
    } else {
        let explanation = "stele serve answers only requests addressed to localhost or to the address it listens on; open the URL it printed\n";
        (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], explanation).into_response()
    }
}

/// What a request path names in the output.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// An output path to serve.
    File(String),
    /// The slash form of a directory URL (already percent-encoded).
    Redirect(String),
    NotFound,
}

/// Maps a request path (as sent, percent-encoded) to an output file.
pub fn resolve<K: std::borrow::Borrow<str> + std::hash::Hash + Eq, V>(files: &HashMap<K, V>, request_path: &str) -> Resolved {
    let Some(decoded) = percent_decode(request_path) else { return Resolved::NotFound };
    let Some(segments) = segments(&decoded) else { return Resolved::NotFound };
    let joined = segments.join("/");
    if joined.is_empty() || decoded.ends_with('/') {
        let index = if joined.is_empty() { urls::HOME.to_string() } else { format!("{joined}/{}", urls::HOME) };
        return if files.contains_key(index.as_str()) { Resolved::File(index) } else { Resolved::NotFound };
    }
    if files.contains_key(joined.as_str()) {
        return Resolved::File(joined);
    }
    if files.contains_key(format!("{joined}/{}", urls::HOME).as_str()) {
        let encoded: Vec<String> = segments.iter().map(|s| percent_encode(s)).collect();
        return Resolved::Redirect(format!("/{}/", encoded.join("/")));
    }
    Resolved::NotFound
}

/// The path's segments with empty and `.` ones dropped; None when one of
/// them is `..` or holds a character no output path has.
fn segments(decoded: &str) -> Option<Vec<&str>> {
    if !decoded.starts_with('/') {
        return None;
    }
    let mut kept = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => kept.push(s),
        }
    }
    Some(kept)
}

/// Decodes `%XX` escapes; None for a malformed escape or bytes that are not UTF-8.
pub fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Served files' types: one table with the archives' (`stele_core::media`).
pub use stele_core::media::content_type;

fn is_html(path: &str) -> bool {
    content_type(path).starts_with("text/html")
}

/// Shown when a build has never succeeded (or the site has no 404.html).
const FALLBACK_404: &str = "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body>\n<h1>Not found</h1>\n<p>There is no page at this address.</p>\n</body>\n</html>\n";

async fn serve_output(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")]).into_response();
    }
    let current = shared.current();
    match resolve(&current.snapshot.files, uri.path()) {
        Resolved::File(path) => file_response(StatusCode::OK, &path, &current),
        Resolved::Redirect(mut location) => {
            if let Some(query) = uri.query() {
                location.push('?');
                location.push_str(query);
            }
            match HeaderValue::from_str(&location) {
                Ok(location) => (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)]).into_response(),
                Err(_) => not_found(&current),
            }
        }
        Resolved::NotFound => not_found(&current),
    }
}

fn not_found(current: &Published) -> Response {
    if current.snapshot.files.contains_key(urls::NOT_FOUND) {
        file_response(StatusCode::NOT_FOUND, urls::NOT_FOUND, current)
    } else {
        let html = live::inject(FALLBACK_404.as_bytes(), &current.build);
        respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", Body::from(html))
    }
}

fn file_response(status: StatusCode, path: &str, current: &Published) -> Response {
    let Some(bytes) = current.snapshot.files.get(path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let body = if is_html(path) {
        Body::from(live::inject(bytes, &current.build))
    } else {
        // The snapshot's allocation, without a copy.
        Body::from(Bytes::from_owner(Arc::clone(bytes)))
    };
    respond(status, content_type(path), body)
}

fn respond(status: StatusCode, content_type: &'static str, body: Body) -> Response {
    let headers = [
        (header::CONTENT_TYPE, content_type),
        // Always ask again: the next build may have changed it.
        (header::CACHE_CONTROL, "no-cache"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ];
    (status, headers, body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> HashMap<String, ()> {
        ["index.html", "404.html", "sites/index.html", "sites/palmyra/index.html", "static/style.css", "images/a map.svg"]
            .into_iter()
            .map(|p| (p.to_string(), ()))
            .collect()
    }

    #[test]
    fn directories_serve_their_index() {
        let files = files();
        assert_eq!(resolve(&files, "/"), Resolved::File("index.html".into()));
        assert_eq!(resolve(&files, "/sites/palmyra/"), Resolved::File("sites/palmyra/index.html".into()));
        assert_eq!(resolve(&files, "/sites/palmyra/index.html"), Resolved::File("sites/palmyra/index.html".into()));
        assert_eq!(resolve(&files, "/static/style.css"), Resolved::File("static/style.css".into()));
        assert_eq!(resolve(&files, "/images/a%20map.svg"), Resolved::File("images/a map.svg".into()));
        assert_eq!(resolve(&files, "/sites//palmyra/./"), Resolved::File("sites/palmyra/index.html".into()));
    }

    #[test]
    fn a_directory_without_its_slash_redirects() {
        let files = files();
        assert_eq!(resolve(&files, "/sites/palmyra"), Resolved::Redirect("/sites/palmyra/".into()));
        assert_eq!(resolve(&files, "/sites"), Resolved::Redirect("/sites/".into()));
        // Never a protocol-relative `//host/` location.
        assert_eq!(resolve(&files, "//sites"), Resolved::Redirect("/sites/".into()));
        assert_eq!(resolve(&files, "/sites/nowhere"), Resolved::NotFound);
        assert_eq!(resolve(&files, "/static/style.css/"), Resolved::NotFound);
    }

    #[test]
    fn traversal_is_refused() {
        let files = files();
        for path in [
            "/../index.html",
            "/sites/../index.html",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2fetc/passwd",
            "/%2E%2E/index.html",
            "/sites/..%5cindex.html",
            "/%00",
            "/%zz",
            "/%ff",
            "index.html",
            "*",
        ] {
            assert_eq!(resolve(&files, path), Resolved::NotFound, "{path}");
        }
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(content_type("x.jpeg"), "image/jpeg");
        assert_eq!(content_type("data/sites.geojson"), "application/geo+json");
        assert_eq!(content_type("fonts/a.woff2"), "font/woff2");
        assert_eq!(content_type("a.d/README"), "application/octet-stream");
        assert_eq!(content_type("blob"), "application/octet-stream");
    }
}
