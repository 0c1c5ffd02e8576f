//! The time axis: which days a chart covers, where a day falls, the ticks
//! chosen for the span (days, months or years) and the periods events are
//! counted in when there are too many to draw one by one.

use crate::svg::Px;
use crate::words::ChartWords;
use chrono::{Datelike, NaiveDate};

/// Up to about two months a chart is read in days, up to about three years in months.
const DAY_AXIS_MAX_DAYS: i32 = 62;
const MONTH_AXIS_MAX_DAYS: i32 = 1096;
/// A tick label needs this many pixels ("May 2015" and a gap).
const TICK_SPACING: f64 = 64.0;
/// Runs of years ticks and counted periods are made of.
const YEAR_STEPS: [i32; 10] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
/// At most this many periods are counted on a year axis.
const MAX_YEAR_BUCKETS: i32 = 100;

/// A calendar day as (year, month 1-12, day 1-31).
pub fn ymd(day: i32) -> (i32, u32, u32) {
    NaiveDate::from_num_days_from_ce_opt(day).map_or((1, 1, 1), |d| (d.year(), d.month(), d.day()))
}

/// The day number (days from the common era, as chrono counts them) of a calendar day.
pub fn day_number(year: i32, month: u32, day: u32) -> i32 {
    NaiveDate::from_ymd_opt(year, month, day).map_or(0, |d| d.num_days_from_ce())
}

/// Month index counted from year 0, so months compare and step simply.
fn month_index(year: i32, month: u32) -> i64 {
    i64::from(year) * 12 + i64::from(month) - 1
}

fn month_start(index: i64) -> i32 {
    day_number(index.div_euclid(12) as i32, index.rem_euclid(12) as u32 + 1, 1)
}

/// How the axis is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Days,
    Months,
    Years,
}

/// One labelled tick.
pub struct Tick {
    pub day: i32,
    pub label: String,
}

/// A period events are counted in: days `[start, end)`.
pub struct Period {
    pub start: i32,
    pub end: i32,
    /// "3 May 2015", "May 2015", "2015", "2010–2019".
    pub label: String,
    /// Its first year (to link the period to that year's events).
    pub year: i32,
}

/// Days `[start, end)` mapped onto pixels `[left, right)`.
pub struct Axis {
    pub start: i32,
    pub end: i32,
    pub unit: Unit,
    left: f64,
    width: f64,
}

impl Axis {
    /// An axis covering the days `first..=last`, widened to whole periods of its unit.
    pub fn covering(first: i32, last: i32, left: i64, right: i64) -> Axis {
        let span = last - first + 1;
        let (unit, start, end) = if span <= DAY_AXIS_MAX_DAYS {
            (Unit::Days, first, last + 1)
        } else if span <= MONTH_AXIS_MAX_DAYS {
            let ((fy, fm, _), (ly, lm, _)) = (ymd(first), ymd(last));
            (Unit::Months, month_start(month_index(fy, fm)), month_start(month_index(ly, lm) + 1))
        } else {
            (Unit::Years, day_number(ymd(first).0, 1, 1), day_number(ymd(last).0 + 1, 1, 1))
        };
        Axis { start, end, unit, left: left as f64, width: (right - left) as f64 }
    }

    /// Where day `day` begins.
    pub fn x(&self, day: i32) -> Px {
        let share = f64::from(day - self.start) / f64::from((self.end - self.start).max(1));
        Px::round(self.left + share * self.width)
    }

    pub fn ticks(&self, words: &ChartWords) -> Vec<Tick> {
        match self.unit {
            Unit::Days => self.day_ticks(words),
            Unit::Months => self.month_ticks(words),
            Unit::Years => self.year_ticks(words),
        }
    }

    fn day_ticks(&self, words: &ChartWords) -> Vec<Tick> {
        let step = smallest_step(&[1, 2, 7, 14], self.end - self.start, self.max_ticks());
        (self.start..self.end)
            .step_by(step as usize)
            .enumerate()
            .map(|(i, day)| {
                let (y, m, d) = ymd(day);
                let label = words.short_day((y, m, d), i == 0 || (m, d) == (1, 1));
                Tick { day, label }
            })
            .collect()
    }

    fn month_ticks(&self, words: &ChartWords) -> Vec<Tick> {
        let (first, last) = self.month_range();
        let step = i64::from(smallest_step(&[1, 2, 3, 6, 12], (last - first) as i32, self.max_ticks()));
        (first..last)
            .filter(|index| index.rem_euclid(step) == 0)
            .enumerate()
            .map(|(i, index)| {
                let (y, m) = (index.div_euclid(12) as i32, index.rem_euclid(12) as usize);
                let label = if i == 0 || m == 0 { words.short_month(y, m as u32 + 1) } else { words.short_months[m].to_string() };
                Tick { day: month_start(index), label }
            })
            .collect()
    }

    fn year_ticks(&self, words: &ChartWords) -> Vec<Tick> {
        let (first, last) = self.year_range();
        let step = smallest_step(&YEAR_STEPS, last - first, self.max_ticks());
        (first..last).filter(|&year| readable_year(year, step)).map(|year| Tick { day: day_number(year, 1, 1), label: words.year(year) }).collect()
    }

    /// The periods events are counted in: days, months, or runs of years (at most about 100).
    pub fn periods(&self, words: &ChartWords) -> Vec<Period> {
        match self.unit {
            Unit::Days => {
                (self.start..self.end).map(|day| Period { start: day, end: day + 1, label: words.day_text(ymd(day)), year: ymd(day).0 }).collect()
            }
            Unit::Months => {
                let (first, last) = self.month_range();
                (first..last)
                    .map(|index| {
                        let year = index.div_euclid(12) as i32;
                        Period {
                            start: month_start(index),
                            end: month_start(index + 1),
                            label: words.month_text(year, index.rem_euclid(12) as u32 + 1),
                            year,
                        }
                    })
                    .collect()
            }
            Unit::Years => {
                let (first, last) = self.year_range();
                let step = YEAR_STEPS.into_iter().find(|s| (last - first) / s <= MAX_YEAR_BUCKETS).unwrap_or(1000);
                let aligned = first - first.rem_euclid(step);
                (aligned..last)
                    .step_by(step as usize)
                    .map(|year| {
                        let label = if step == 1 { words.year(year) } else { format!("{}–{}", words.year(year), words.year(year + step - 1)) };
                        Period { start: day_number(year, 1, 1).max(self.start), end: day_number(year + step, 1, 1).min(self.end), label, year }
                    })
                    .collect()
            }
        }
    }

    /// How many tick labels fit the width.
    fn max_ticks(&self) -> i32 {
        (self.width / TICK_SPACING) as i32
    }

    fn month_range(&self) -> (i64, i64) {
        let ((fy, fm, _), (ly, lm, _)) = (ymd(self.start), ymd(self.end - 1));
        (month_index(fy, fm), month_index(ly, lm) + 1)
    }

    fn year_range(&self) -> (i32, i32) {
        (ymd(self.start).0, ymd(self.end - 1).0 + 1)
    }
}

/// Whether a tick every `step` years falls on `year`: round as written,
/// "2010" and "50 BCE" (year -49).
fn readable_year(year: i32, step: i32) -> bool {
    if year > 0 {
        year % step == 0
    } else {
        (1 - year) % step == 0
    }
}

/// The first of `steps` giving fewer than `max_ticks` ticks over `count` units.
fn smallest_step(steps: &[i32], count: i32, max_ticks: i32) -> i32 {
    steps.iter().copied().find(|step| count / step < max_ticks).unwrap_or(steps[steps.len() - 1])
}
