use super::rng::Rng;
use super::words::Vocabulary;
use std::fmt::Write as _;

/// Something placed inside running text.
pub enum Inline<'a> {
    /// A plain-text name or alias of an entity the article lists.
    Mention(&'a str),
    /// `[text](site:id)` / `[text](actor:id)`.
    Reference {
        scheme: &'static str,
        id: &'a str,
    },
    Emphasis,
    Strong,
    ExternalLink,
}

pub struct BodyShape {
    pub words: usize,
    pub sections: usize,
}

impl BodyShape {
    pub fn article(rng: &mut Rng) -> Self {
        BodyShape { words: rng.between(300, 800), sections: rng.between(2, 4) }
    }
}

/// Writes an article body of `shape.words` filler words (plus inlines)
/// into `out`, spreading the inlines over its paragraphs.
pub fn article_body(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng, shape: &BodyShape, inlines: &[Inline]) {
    let paragraphs_per_section: Vec<usize> = (0..shape.sections).map(|_| rng.between(1, 3)).collect();
    let paragraph_count = 1 + paragraphs_per_section.iter().sum::<usize>();
    let list_section = rng.below(shape.sections);
    let list_items = rng.between(3, 5);
    let prose_words = shape.words.saturating_sub(list_items * 7).max(paragraph_count);

    let mut placement: Vec<Vec<&Inline>> = vec![Vec::new(); paragraph_count];
    for inline in inlines {
        placement[rng.below(paragraph_count)].push(inline);
    }
    let mut placements = placement.iter();
    let mut budget = ParagraphBudget::new(prose_words, paragraph_count);

    let words = budget.next(rng);
    paragraph(out, vocabulary, rng, words, placements.next().expect("intro"));
    for (section, &paragraphs) in paragraphs_per_section.iter().enumerate() {
        heading(out, vocabulary, rng);
        for index in 0..paragraphs {
            let words = budget.next(rng);
            paragraph(out, vocabulary, rng, words, placements.next().expect("paragraph"));
            if section == list_section && index == 0 {
                bullet_list(out, vocabulary, rng, list_items);
            }
        }
    }
}

/// Splits a word budget over paragraphs with ±30% jitter; the last one
/// takes the remainder so the total stays on target.
struct ParagraphBudget {
    remaining_words: usize,
    remaining_paragraphs: usize,
}

impl ParagraphBudget {
    fn new(words: usize, paragraphs: usize) -> Self {
        ParagraphBudget { remaining_words: words, remaining_paragraphs: paragraphs }
    }

    fn next(&mut self, rng: &mut Rng) -> usize {
        self.remaining_paragraphs -= 1;
        let words = if self.remaining_paragraphs == 0 {
            self.remaining_words
        } else {
            let mean = self.remaining_words / (self.remaining_paragraphs + 1);
            let jitter = mean * 3 / 10;
            rng.between(mean - jitter, mean + jitter).min(self.remaining_words - self.remaining_paragraphs)
        };
        self.remaining_words -= words;
        words.max(1)
    }
}

/// Plain filler paragraphs, for site and actor descriptions.
pub fn plain_body(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng, words: usize) {
    let paragraphs = if words > 70 { 2 } else { 1 };
    let mut budget = ParagraphBudget::new(words, paragraphs);
    for _ in 0..paragraphs {
        let words = budget.next(rng);
        paragraph(out, vocabulary, rng, words, &[]);
    }
}

fn heading(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng) {
    out.push_str("## ");
    let count = rng.between(2, 5);
    words(out, vocabulary, rng, count, true);
    out.push_str("\n\n");
}

fn bullet_list(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng, items: usize) {
    for _ in 0..items {
        out.push_str("- ");
        let count = rng.between(4, 10);
        words(out, vocabulary, rng, count, true);
        out.push('\n');
    }
    out.push('\n');
}

/// Sentences of 6–16 words; each inline goes after a random word.
fn paragraph(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng, word_count: usize, inlines: &[&Inline]) {
    let mut placed: Vec<(usize, &Inline)> = inlines.iter().map(|&inline| (rng.below(word_count), inline)).collect();
    placed.sort_by_key(|&(position, _)| position); // stable: deterministic
    let mut placed = placed.into_iter().peekable();
    let mut sentence_left = rng.between(6, 16);
    let mut sentence_start = true;
    for position in 0..word_count {
        separate(out);
        push_word(out, vocabulary.word(rng), sentence_start);
        sentence_start = false;
        while let Some((_, inline)) = placed.next_if(|&(at, _)| at == position) {
            separate(out);
            write_inline(out, vocabulary, rng, inline);
        }
        sentence_left -= 1;
        if sentence_left == 0 || position + 1 == word_count {
            out.push('.');
            sentence_start = true;
            sentence_left = rng.between(6, 16);
        }
    }
    out.push_str("\n\n");
}

fn write_inline(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng, inline: &Inline) {
    match *inline {
        Inline::Mention(name) => out.push_str(name),
        Inline::Reference { scheme, id } => {
            let text = if scheme == "site" { "the site" } else { "this actor" };
            let _ = write!(out, "[{text}]({scheme}:{id})");
        }
        Inline::Emphasis => {
            out.push('*');
            let count = rng.between(1, 3);
            words(out, vocabulary, rng, count, false);
            out.push('*');
        }
        Inline::Strong => {
            out.push_str("**");
            let count = rng.between(1, 2);
            words(out, vocabulary, rng, count, false);
            out.push_str("**");
        }
        Inline::ExternalLink => {
            out.push('[');
            let count = rng.between(2, 4);
            words(out, vocabulary, rng, count, false);
            let _ = write!(out, "](https://example.org/reports/{})", rng.below(100_000));
        }
    }
}

/// A space unless at the start of a line.
fn separate(out: &mut String) {
    if !(out.is_empty() || out.ends_with('\n')) {
        out.push(' ');
    }
}

fn words(out: &mut String, vocabulary: &Vocabulary, rng: &mut Rng, count: usize, capital: bool) {
    for i in 0..count {
        if i > 0 {
            out.push(' ');
        }
        push_word(out, vocabulary.word(rng), capital && i == 0);
    }
}

/// Appends an ASCII word, optionally capitalised, without allocating.
fn push_word(out: &mut String, word: &str, capital: bool) {
    if capital {
        let (first, rest) = word.split_at(1);
        out.push(first.as_bytes()[0].to_ascii_uppercase() as char);
        out.push_str(rest);
    } else {
        out.push_str(word);
    }
}

/// Rewrites stele's `](site:ID)` and `](actor:ID)` link targets to
/// Hugo's taxonomy-term URLs `](/sites/ID/)` and `](/actors/ID/)`.
pub fn rewrite_references_for_hugo(body: &str, out: &mut String) {
    let mut rest = body;
    while let Some(start) = rest.find("](") {
        out.push_str(&rest[..start + 2]);
        rest = &rest[start + 2..];
        for (scheme, section) in [("site:", "sites"), ("actor:", "actors")] {
            if let Some(target) = rest.strip_prefix(scheme) {
                let end = target.find(')').unwrap_or(target.len());
                let _ = write!(out, "/{section}/{}/", &target[..end]);
                rest = &target[end..];
                break;
            }
        }
    }
    out.push_str(rest);
}
