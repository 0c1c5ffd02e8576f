//! Live reload: the script injected into served HTML, and the
//! server-sent-events stream it listens to. In the browser one tab holds
//! the stream and relays it to the others (BroadcastChannel, Web Locks):
//! browsers give a server only six HTTP/1.1 connections, and a stream per
//! tab would stop the seventh tab from loading.
//!
//! Events (each `data` is JSON):
//! - `hello` on (re)connect: `{build, errors}`. A page whose build differs
//!   reloads (a rebuild it missed, or a restarted server); `errors` shows
//!   the overlay on a page loaded while the build is broken.
//! - `reload` after a good build changed the output: `{build, all, changed,
//!   removed}`. Sent only once the new snapshot is served.
//! - `errors` after a failed build: `{build, errors}`; the last good build
//!   stays served.
//! - `ok` after a good build that follows a failed one: hides the overlay.

use super::{LiveMessage, Published, Shared};
use axum::extract::State;
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use futures_util::stream::{self, Stream, StreamExt};
use serde::Serialize;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use stele_core::diagnostics::Diagnostic;
use tokio::sync::broadcast::error::RecvError;

pub const EVENTS_PATH: &str = "/__stele/events";
pub const ERRORS_PATH: &str = "/__stele/errors";

const SCRIPT: &str = include_str!("live-reload.js");
const BUILD_PLACEHOLDER: &str = "__STELE_BUILD__";

/// The `<script>` element for a page of build `build`.
pub fn script_tag(build: &str) -> String {
    // Build ids are `[0-9a-z-]`: nothing to escape inside the JS string.
    debug_assert!(build.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    format!("<script data-stele-live>\n{}</script>\n", SCRIPT.replace(BUILD_PLACEHOLDER, build))
}

/// `html` with the live-reload script before its last `</body>` (or at the end).
pub fn inject(html: &[u8], build: &str) -> Vec<u8> {
    const CLOSE: &[u8] = b"</body>";
    let at = html.windows(CLOSE.len()).rposition(|w| w.eq_ignore_ascii_case(CLOSE)).unwrap_or(html.len());
    let tag = script_tag(build);
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A diagnostic as the overlay shows it: the diagnostic's own fields plus
/// its `file:line:column`.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
    position: String,
}

#[derive(Serialize)]
struct ErrorsPayload<'a> {
    build: &'a str,
    errors: Vec<Shown<'a>>,
}

/// `{build, errors}`: the body of `hello`, `errors` and `/__stele/errors`.
pub fn errors_payload(published: &Published) -> String {
    let errors = published.errors.iter().map(|d| Shown { diagnostic: d, position: d.position() }).collect();
    serde_json::to_string(&ErrorsPayload { build: &published.build, errors }).unwrap_or_else(|_| "{}".into())
}

fn event(message: &LiveMessage) -> Event {
    Event::default().event(message.name).data(&*message.data)
}

/// `GET /__stele/events`: `hello`, then every event as it happens.
pub async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    // Subscribe before reading the state, so nothing falls in between; a
    // duplicate is harmless (the script ignores events for its own build).
    let rx = shared.subscribe();
    let hello = LiveMessage { name: "hello", data: errors_payload(&shared.current()).into() };
    let hello = stream::once(async move { Ok::<_, Infallible>(event(&hello).retry(Duration::from_millis(500))) });
    let updates = stream::unfold(rx, |mut rx| async move {
        let message = match rx.recv().await {
            Ok(message) => message,
            // This tab missed some builds: it can only start over.
            Err(RecvError::Lagged(_)) => LiveMessage { name: "reload", data: r#"{"build":"","all":true,"changed":[],"removed":[]}"#.into() },
            Err(RecvError::Closed) => return None,
        };
        Some((Ok(event(&message)), rx))
    });
    let stream: std::pin::Pin<Box<dyn Stream<Item = Result<Event, Infallible>> + Send>> = Box::pin(hello.chain(updates));
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// `GET /__stele/errors`: the errors of the latest build as JSON (empty when it succeeded).
pub async fn errors(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let body = errors_payload(&shared.current());
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-cache")], body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stele_build::session::Snapshot;
    use stele_core::diagnostics::Location;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>x</p><pre>&lt;/body&gt;</pre></BODY></html>";
        let out = String::from_utf8(inject(html, "abc-1")).unwrap();
        let script = out.find("<script data-stele-live>").unwrap();
        assert!(script < out.find("</BODY>").unwrap() && script > out.find("</pre>").unwrap(), "{out}");
        assert!(out.contains("\"abc-1\""));
        assert!(!out.contains(BUILD_PLACEHOLDER));
        let bare = String::from_utf8(inject(b"<p>fragment</p>", "abc-1")).unwrap();
        assert!(bare.starts_with("<p>fragment</p><script"));
    }

    #[test]
    fn the_script_cannot_close_its_element_early() {
        assert!(!SCRIPT.to_ascii_lowercase().contains("</script"));
    }

    #[test]
    fn errors_carry_their_position() {
        let published = Published {
            snapshot: Arc::new(Snapshot::default()),
            build: "x-1".into(),
            errors: vec![Diagnostic::error("content/a.md", "unknown site `palmyr`")
                .at(Some(Location::new(3, 9)))
                .with_hint("did you mean `palmyra`?")],
        };
        let value: serde_json::Value = serde_json::from_str(&errors_payload(&published)).unwrap();
        assert_eq!(value["build"], "x-1");
        assert_eq!(value["errors"][0]["position"], "content/a.md:3:9");
        assert_eq!(value["errors"][0]["hint"], "did you mean `palmyra`?");
        assert_eq!(value["errors"][0]["severity"], "error");
    }
}
