//! The plain text of the HTML stele writes for bodies and descriptions:
//! what the index reads and excerpts show.

/// Tags that sit inside a word or a sentence: taken out without a space,
/// so `<em>Pal</em>myra` stays one word and `<a>Palmyra</a>,` no gap.
const INLINE_TAGS: [&str; 20] =
    ["a", "abbr", "b", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s", "small", "span", "strong", "sub", "sup", "u"];

/// `html` as text: tags taken out (block tags leave a space), the
/// character references HTML writers use decoded, white space collapsed.
pub fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
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
            out.push_str(decoded.as_deref().unwrap_or("&"));
            rest = &here[used..];
        }
    }
    out.push_str(rest);
    collapse_spaces(&out)
}

/// Whether `tag` (`<em>`, `</a>`, `<a href="…">`) is an inline tag.
fn is_inline(tag: &str) -> bool {
    let name = tag.trim_start_matches(['<', '/']);
    let name = name.split(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/').next().unwrap_or_default();
    INLINE_TAGS.iter().any(|inline| inline.eq_ignore_ascii_case(name))
}

/// The character reference `text` starts with (`&amp;`, `&#39;`,
/// `&#x27;`) decoded, and how many bytes it takes; a lone `&` is itself.
fn reference(text: &str) -> (Option<String>, usize) {
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
        Some(c) => (Some(c.to_string()), end + 2),
        None => (None, 1),
    }
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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

    #[test]
    fn tags_go_and_references_are_decoded() {
        assert_eq!(plain("<p>The <a href=\"x\">temple</a>, <em>Bel</em>&amp;co.</p>\n<p>Next&#39;s &#x41;</p>"), "The temple, Bel&co. Next's A");
        assert_eq!(plain("<p>one</p><p>two</p>"), "one two");
        assert_eq!(plain("a & b &unknown; c"), "a & b &unknown; c");
    }

    #[test]
    fn excerpts_are_cut_at_a_space() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("one two three four", 10), "one two…");
        assert_eq!(excerpt("تدمر مدينة أثرية", 8), "تدمر…");
    }
}
