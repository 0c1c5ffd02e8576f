//! Pages written in Rust: the built-in `event.html` and `article.html`
//! (inside `base.html`, with `macros.html`'s macros), byte for byte.
//!
//! A collection has a page per event and per report, tens of thousands of
//! them, and Tera spent most of a build there: every `{{ }}` looks its
//! value up through the whole context, and every macro call copies its
//! arguments. So while a project uses the built-in `base.html`,
//! `macros.html` and a page's own template, the renderer writes that
//! page here from the same data it would give Tera; a project that
//! overrides any of them gets its templates. The built-in templates stay
//! the reference a theme author copies and reads.
//!
//! They cannot drift apart unnoticed: in debug builds (every test) each
//! page written here is also rendered by Tera and a difference fails the
//! page (`Renderer::render_with`), and `tests/rows.rs` builds whole
//! projects both ways and compares every file.

mod article;
mod event;
mod html;
mod shell;

pub use html::{label, push_escaped};

use crate::context::PageContext;
use crate::PageData;
use html::{Html, Root, Texts};

/// Which pages are written here, and the interface texts escaped once.
pub struct NativePages {
    texts: Texts,
    events: bool,
    articles: bool,
}

impl NativePages {
    /// For a build whose templates are the built-in `base.html` and
    /// `macros.html`: `events` and `articles` say whether `event.html`
    /// and `article.html` are built in too.
    pub fn new(table: &stele_i18n::Table, events: bool, articles: bool) -> Option<NativePages> {
        (events || articles).then(|| NativePages { texts: Texts::new(table), events, articles })
    }

    /// The page of `context`, when its kind is written here (else None:
    /// Tera renders it).
    pub(crate) fn page(&self, context: &PageContext<PageData>) -> Option<String> {
        let root_escaped = crate::templates::escape_html(context.root);
        let root = Root(&root_escaped);
        let texts = &self.texts;
        let mut out = Html(String::with_capacity(16 * 1024));
        match &context.data {
            PageData::Event(data) if self.events => {
                let mut written = None;
                shell::page(
                    &mut out,
                    context,
                    &root,
                    texts,
                    shell::Section::Timeline,
                    |_| {},
                    |out| {
                        written = event::content(out, data, &root, texts);
                    },
                );
                written?;
            }
            PageData::Article(data) if self.articles => {
                shell::page(
                    &mut out,
                    context,
                    &root,
                    texts,
                    shell::Section::Reports,
                    |out| article::head(out, data),
                    |out| article::content(out, data, &root, texts),
                );
            }
            _ => return None,
        }
        Some(out.0)
    }
}
