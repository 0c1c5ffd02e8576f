//! The build date an archive carries: never the clock, so that the same
//! content gives the same bytes.

use crate::ArchiveError;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

/// The variable of <https://reproducible-builds.org/specs/source-date-epoch/>.
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// When the archived build was made, to the second, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltDate(DateTime<Utc>);

impl BuiltDate {
    /// The date zip's timestamps start at: the date of a build whose
    /// content carries no date.
    pub fn zip_epoch() -> BuiltDate {
        BuiltDate::from_day(NaiveDate::from_ymd_opt(1980, 1, 1).unwrap_or_default())
    }

    /// Midnight UTC of `day`.
    pub fn from_day(day: NaiveDate) -> BuiltDate {
        BuiltDate(day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
    }

    /// `SOURCE_DATE_EPOCH` when set (an error when it is not a number of
    /// seconds), else `newest`, the newest date the content carries, else
    /// 1980-01-01.
    pub fn choose(source_date_epoch: Option<&str>, newest: Option<NaiveDate>) -> Result<BuiltDate, ArchiveError> {
        match source_date_epoch {
            Some(value) => BuiltDate::from_epoch(value),
            None => Ok(newest.map_or_else(BuiltDate::zip_epoch, BuiltDate::from_day)),
        }
    }

    /// Parses `SOURCE_DATE_EPOCH`: decimal digits only, as the specification asks.
    pub fn from_epoch(value: &str) -> Result<BuiltDate, ArchiveError> {
        let bad = || ArchiveError::BadSourceDateEpoch { value: value.to_string() };
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let seconds: i64 = value.parse().map_err(|_| bad())?;
        DateTime::from_timestamp(seconds, 0).map(BuiltDate).ok_or_else(bad)
    }

    /// `2017-03-02T00:00:00Z`.
    pub fn rfc3339(&self) -> String {
        self.0.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// `2017-03-02`.
    pub fn date(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    /// `20170302000000`, the timestamp of CDXJ lines.
    pub fn digits14(&self) -> String {
        self.0.format("%Y%m%d%H%M%S").to_string()
    }

    /// The zip timestamp: the same moment, held to the years a zip can
    /// say (1980 to 2107), at an even second (zip counts in twos).
    pub(crate) fn zip_time(&self) -> zip::DateTime {
        let year = self.0.year().clamp(1980, 2107);
        let (month, day, hour, minute, second) = if year == self.0.year() {
            (self.0.month(), self.0.day(), self.0.hour(), self.0.minute(), self.0.second())
        } else if year == 1980 {
            (1, 1, 0, 0, 0)
        } else {
            (12, 31, 23, 59, 58)
        };
        let narrow = |n: u32| u8::try_from(n).unwrap_or(0);
        zip::DateTime::from_date_and_time(year as u16, narrow(month), narrow(day), narrow(hour), narrow(minute), narrow(second)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_wins_and_must_be_digits() {
        let newest = NaiveDate::from_ymd_opt(2017, 3, 2);
        assert_eq!(BuiltDate::choose(Some("0"), newest).unwrap().rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(BuiltDate::choose(Some("1488412800"), None).unwrap().rfc3339(), "2017-03-02T00:00:00Z");
        assert_eq!(BuiltDate::choose(None, newest).unwrap().date(), "2017-03-02");
        assert_eq!(BuiltDate::choose(None, None).unwrap().rfc3339(), "1980-01-01T00:00:00Z");
        for bad in ["", "-1", "1.5", "abc", " 12", "99999999999999999999"] {
            assert!(matches!(BuiltDate::choose(Some(bad), None), Err(ArchiveError::BadSourceDateEpoch { .. })), "{bad}");
        }
    }

    #[test]
    fn zip_times_stay_in_range() {
        let before = BuiltDate::from_epoch("0").unwrap().zip_time();
        assert_eq!((before.year(), before.month(), before.day()), (1980, 1, 1));
        let at = BuiltDate::from_epoch("1488412801").unwrap().zip_time();
        assert_eq!((at.year(), at.month(), at.day(), at.hour()), (2017, 3, 2, 0));
    }
}
