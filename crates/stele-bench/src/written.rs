//! What the stele and Hugo outputs share: the tally of files written, and
//! the small piece of YAML both write.

/// Files written and their bytes.
#[derive(Default, Clone, Copy)]
pub struct FileTally {
    pub files: usize,
    pub bytes: u64,
}

/// `[a, b, c]`: the items are ids, slugs or pseudo-words, all plain-safe.
pub fn push_flow_list<'a>(out: &mut String, items: impl Iterator<Item = &'a str>) {
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(item);
    }
    out.push(']');
}
