//! The words a chart is drawn with: month names, date patterns, legend and
//! counts. English by default; a page in another language passes its own
//! (stele-render fills them from the translation table), so this crate
//! needs no translation machinery of its own.

/// What a count counts, for [`ChartWords::count`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// "1 event", "12 events".
    Events,
    /// "5 years" (a run of years one count bar stands for).
    Years,
}

/// The words of a chart's titles, axis and legend.
pub struct ChartWords<'a> {
    /// January to December.
    pub months: [&'a str; 12],
    /// Their short forms, for tick labels.
    pub short_months: [&'a str; 12],
    /// Date patterns: `{day} {month} {year}`, `{day} {month}`, `{month} {year}`, `{year} BCE`.
    pub day: &'a str,
    pub day_month: &'a str,
    pub month: &'a str,
    pub bce: &'a str,
    /// The legend: events of no coloured kind, and the shapes.
    pub other_kind: &'a str,
    pub legend_day: &'a str,
    pub legend_span: &'a str,
    pub legend_interval: &'a str,
    pub legend_uncertain: &'a str,
    pub legend_approximate: &'a str,
    /// "Bar height: events per {period} (at most {most})", and the periods.
    pub bar_height: &'a str,
    pub per_day: &'a str,
    pub per_month: &'a str,
    pub per_year: &'a str,
    /// A count in words, by the plural rules of the language.
    pub count: &'a (dyn Fn(Counted, usize) -> String + Sync),
}

fn english_count(counted: Counted, n: usize) -> String {
    match (counted, n) {
        (Counted::Events, 1) => "1 event".to_string(),
        (Counted::Events, n) => format!("{n} events"),
        (Counted::Years, 1) => "1 year".to_string(),
        (Counted::Years, n) => format!("{n} years"),
    }
}

static ENGLISH: ChartWords<'static> = ChartWords {
    months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    short_months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    day: "{day} {month} {year}",
    day_month: "{day} {month}",
    month: "{month} {year}",
    bce: "{year} BCE",
    other_kind: "other",
    legend_day: "exact day",
    legend_span: "month or year",
    legend_interval: "interval",
    legend_uncertain: "uncertain (?)",
    legend_approximate: "approximate (~)",
    bar_height: "Bar height: events per {period} (at most {most})",
    per_day: "day",
    per_month: "month",
    per_year: "year",
    count: &english_count,
};

impl ChartWords<'_> {
    /// The words of stele's English pages.
    pub fn english() -> &'static ChartWords<'static> {
        &ENGLISH
    }

    /// `pattern` with each `{name}` replaced by its value, read once left to right.
    pub(crate) fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
        let mut filled = String::with_capacity(pattern.len() + 16);
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            let found = rest[open + 1..].find('}').and_then(|close| {
                let name = &rest[open + 1..open + 1 + close];
                values.iter().find(|(n, _)| *n == name).map(|(_, value)| (value, close))
            });
            match found {
                Some((value, close)) => {
                    filled.push_str(&rest[..open]);
                    filled.push_str(value);
                    rest = &rest[open + close + 2..];
                }
                None => {
                    filled.push_str(&rest[..=open]);
                    rest = &rest[open + 1..];
                }
            }
        }
        filled.push_str(rest);
        filled
    }

    /// A year as readers write it: "2015", "44 BCE" (year 0 is 1 BCE).
    pub fn year(&self, year: i32) -> String {
        if year > 0 {
            year.to_string()
        } else {
            Self::fill(self.bce, &[("year", &(1 - i64::from(year)).to_string())])
        }
    }

    /// "May 2015".
    pub fn month_text(&self, year: i32, month: u32) -> String {
        Self::fill(self.month, &[("month", self.months[month as usize - 1]), ("year", &self.year(year))])
    }

    /// "3 May 2015".
    pub fn day_text(&self, (year, month, day): (i32, u32, u32)) -> String {
        Self::fill(self.day, &[("day", &day.to_string()), ("month", self.months[month as usize - 1]), ("year", &self.year(year))])
    }

    /// "3 May 2015" with the short month, or "3 May" without the year.
    pub(crate) fn short_day(&self, (year, month, day): (i32, u32, u32), with_year: bool) -> String {
        let (day, month) = (day.to_string(), self.short_months[month as usize - 1]);
        if with_year {
            Self::fill(self.day, &[("day", &day), ("month", month), ("year", &self.year(year))])
        } else {
            Self::fill(self.day_month, &[("day", &day), ("month", month)])
        }
    }

    /// "May 2015" with the short month.
    pub(crate) fn short_month(&self, year: i32, month: u32) -> String {
        Self::fill(self.month, &[("month", self.short_months[month as usize - 1]), ("year", &self.year(year))])
    }
}
