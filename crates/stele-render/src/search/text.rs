//! The plain text of the HTML stele writes for bodies and descriptions:
//! what the index reads and excerpts show.

/// Tags that sit inside a word or a sentence: taken out without a space,
/// so `<em>Pal</em>myra` stays one word and `<a>Palmyra</a>,` no gap.
const INLINE_TAGS: [&str; 20] =
    ["a", "abbr", "b", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s", "small", "span", "strong", "sub", "sup", "u"];

/// `html` as text: tags taken out (block tags leave a space) and the
/// character references HTML writers use decoded. White space is left as
/// it is: words are split on it, and only an excerpt's few words need it
/// collapsed (`head`).
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let here = &rest[at..];
        if here.starts_with('<') {
            let end = here.find('>').map_or(here.len(), |end| end + 1);
            if !is_inline(&here[..end]) {
                out.push(' ');
            }
            rest = &here[end..];
        } else {
            let (decoded, used) = reference(here);
            out.push(decoded.unwrap_or('&'));
            rest = &here[used..];
        }
    }
    out.push_str(rest);
    out
}

/// The start of `text` with its white space collapsed: whole words until
/// at least `chars` characters (or all of it), enough for an excerpt of
/// fewer, without collapsing a whole body to show 160 characters of it.
pub fn head(text: &str, chars: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        if count >= chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            count += 1;
        }
        out.push_str(word);
        count += word.chars().count();
    }
    out
}

/// Whether `tag` (`<em>`, `</a>`, `<a href="…">`) is an inline tag.
fn is_inline(tag: &str) -> bool {
    let name = tag.trim_start_matches(['<', '/']);
    let name = name.split(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/').next().unwrap_or_default();
    INLINE_TAGS.iter().any(|inline| inline.eq_ignore_ascii_case(name))
}

/// The character reference `text` starts with (`&amp;`, `&#39;`,
/// `&#x27;`) decoded, and how many bytes it takes; a lone `&` is itself.
fn reference(text: &str) -> (Option<char>, usize) {
    let Some(end) = text.get(1..).and_then(|t| t.find(';')).filter(|&end| end <= 10) else { return (None, 1) };
    let name = &text[1..=end];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => name.strip_prefix('#').and_then(|number| {
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse().ok(),
            };
            code.and_then(char::from_u32)
        }),
    };
    match decoded {
        Some(c) => (Some(c), end + 2),
        None => (None, 1),
    }
}

/// At most `limit` characters of `text`, cut at a space and ended with "…"
/// when cut.
pub fn excerpt(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        None => text.to_string(),
        Some((cut, _)) => {
            let head = &text[..cut];
            let head = head.rfind(' ').map_or(head, |space| &head[..space]);
            format!("{}…", head.trim_end_matches([',', ';', ':', '.', ' ']))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(html: &str) -> String {
        head(&text_of(html), usize::MAX)
    }

    #[test]
    fn tags_go_and_references_are_decoded() {
        assert_eq!(plain("<p>The <a href=\"x\">temple</a>, <em>Bel</em>&amp;co.</p>\n<p>Next&#39;s &#x41;</p>"), "The temple, Bel&co. Next's A");
        assert_eq!(plain("<p>one</p><p>two</p>"), "one two");
        assert_eq!(plain("a & b &unknown; c"), "a & b &unknown; c");
    }

    #[test]
    fn a_head_is_whole_words_collapsed_up_to_the_count() {
        assert_eq!(head("  one\n two   three four ", 7), "one two");
        assert_eq!(head("  one\n two   three four ", 8), "one two three");
        assert_eq!(head("one two", 100), "one two");
        // As much as an excerpt of the whole collapsed text needs.
        let text = "word ".repeat(100);
        assert_eq!(excerpt(&head(&text, 161), 160), excerpt(&head(&text, usize::MAX), 160));
    }

    #[test]
    fn excerpts_are_cut_at_a_space() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("one two three four", 10), "one two…");
        assert_eq!(excerpt("تدمر مدينة أثرية", 8), "تدمر…");
    }
}
