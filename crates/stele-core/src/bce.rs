//! Years before the common era. ISO 8601 and EDTF count a year 0, so `-0273`
//! is 274 BCE, but editors of ancient sites who write `-0273` usually mean
//! 273 BCE. stele keeps the standard and hints at each negative year which
//! year it means; an editor who has checked says so by naming the year in a
//! comment on the same line (`date: -0272  # 273 BCE`), which silences it.

/// A negative year as written in a date, and the year before the common era
/// it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NegativeYear<'a> {
    /// The year as written, sign and digits: `-0273`.
    pub written: &'a str,
    /// The year BCE it means: 274.
    pub bce: u64,
}

impl NegativeYear<'_> {
    /// What to write for the year one later, the reading without a year 0:
    /// `-0272` for 273 BCE (`0000` for 1 BCE).
    pub fn without_year_zero(&self) -> String {
        let digits = self.written.len().saturating_sub(1).max(4);
        // One year later is one fewer BCE; written astronomically, one less again.
        let year = self.bce.saturating_sub(2);
        if year == 0 {
            format!("{:0digits$}", 0)
        } else {
            format!("-{year:0digits$}")
        }
    }

    /// Whether `comment` names the year this one means ("274 BCE", "274 BC").
    pub fn is_named_in(&self, comment: &str) -> bool {
        let year = self.bce.to_string();
        comment.match_indices(&year).any(|(at, _)| {
            let before = comment[..at].chars().next_back();
            let after = comment[at + year.len()..].trim_start();
            !before.is_some_and(|c| c.is_ascii_digit()) && after.starts_with("BC")
        })
    }
}

/// The negative years of an EDTF date as written (both ends of an interval).
pub fn negative_years(written: &str) -> Vec<NegativeYear<'_>> {
    written
        .split('/')
        .filter_map(|end| {
            let end = end.trim().trim_start_matches(['~', '?', '%']);
            let end = end.strip_prefix('Y').unwrap_or(end);
            let digits = end.strip_prefix('-')?;
            let length = digits.bytes().take_while(u8::is_ascii_digit).count();
            let magnitude: u64 = digits[..length].parse().ok()?;
            Some(NegativeYear { written: &end[..=length], bce: magnitude + 1 })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_years_and_what_they_mean() {
        let years = negative_years("-0273");
        assert_eq!(years, [NegativeYear { written: "-0273", bce: 274 }]);
        assert_eq!(years[0].without_year_zero(), "-0272");
        let both = negative_years("-0100-03?/-0044-03-15");
        assert_eq!(both.iter().map(|y| (y.written, y.bce)).collect::<Vec<_>>(), [("-0100", 101), ("-0044", 45)]);
        assert_eq!(negative_years("-0001")[0].without_year_zero(), "0000");
        assert!(negative_years("2015-08-30").is_empty());
        assert!(negative_years("0000").is_empty());
        assert_eq!(negative_years("Y-12000")[0].bce, 12001);
    }

    #[test]
    fn a_comment_naming_the_year_marks_it_checked() {
        let year = &negative_years("-0273")[0];
        assert!(year.is_named_in("# 274 BCE"));
        assert!(year.is_named_in("# checked: 274 BC"));
        assert!(!year.is_named_in("# 273 BCE"));
        assert!(!year.is_named_in("# 1274 BCE"));
        assert!(!year.is_named_in("# 274"));
    }
}
