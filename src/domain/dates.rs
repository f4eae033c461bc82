//! Plausible dates and times. Input dates are checked against a window of years before any
//! arithmetic, so an address like `?to=-262143-01-01` is a clear 422, never an overflow.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::error::FieldError;

/// The earliest year a date in the portal may have.
pub const MIN_YEAR: i32 = 2000;
/// The latest year a date in the portal may have.
pub const MAX_YEAR: i32 = 2100;

fn plausible_year(field: &'static str, year: i32) -> Result<(), FieldError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(FieldError::out_of_range(
            field,
            format!("a date between the years {MIN_YEAR} and {MAX_YEAR}"),
        ))
    }
}

/// A date within the portal's window of years.
pub fn check_date(field: &'static str, day: NaiveDate) -> Result<NaiveDate, FieldError> {
    plausible_year(field, day.year()).map(|()| day)
}

/// An instant within the portal's window of years.
pub fn check_instant(field: &'static str, at: DateTime<Utc>) -> Result<DateTime<Utc>, FieldError> {
    plausible_year(field, at.year()).map(|()| at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::FieldReason;

    #[test]
    fn dates_outside_the_window_are_out_of_range() {
        let ok = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(check_date("to", ok), Ok(ok));
        for bad in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(1999, 12, 31).unwrap(),
        ] {
            let e = check_date("to", bad).unwrap_err();
            assert_eq!((e.field, e.reason), ("to", FieldReason::OutOfRange));
        }
        assert!(check_instant("at", DateTime::<Utc>::MAX_UTC).is_err());
        assert!(check_instant("at", DateTime::<Utc>::MIN_UTC).is_err());
        assert!(check_instant("at", ok.and_hms_opt(8, 0, 0).unwrap().and_utc()).is_ok());
    }
}
