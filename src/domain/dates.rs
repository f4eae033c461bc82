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

/// Reading the dates and instants of the server's answers in the browser app without chrono's
/// general parser (which weighs several KB in the first download): the exact forms chrono
/// writes, `2026-11-03` and RFC 3339 (`2026-11-03T08:30:00.123456Z`, or with an offset).
/// Used through `#[serde(deserialize_with)]` on the wasm build of the types the first screens
/// read; the server keeps chrono's own parser.
pub mod wire {
    use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
    use serde::{Deserialize, Deserializer};

    /// `n` ASCII digits as a number.
    fn digits(s: &[u8]) -> Option<u32> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(s.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    }

    /// `YYYY-MM-DD`.
    pub fn parse_date(s: &str) -> Option<NaiveDate> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = i32::try_from(digits(&b[..4])?).ok()?;
        NaiveDate::from_ymd_opt(year, digits(&b[5..7])?, digits(&b[8..10])?)
    }

    /// RFC 3339: date, `T`, `HH:MM:SS`, an optional fraction, then `Z` or `±HH:MM`.
    pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
        let b = s.as_bytes();
        if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let date = parse_date(s.get(..10)?)?;
        let (h, m, sec) = (
            digits(&b[11..13])?,
            digits(&b[14..16])?,
            digits(&b[17..19])?,
        );
        let mut rest = &b[19..];
        let mut nano = 0;
        if let Some(frac) = rest.strip_prefix(b".") {
            let len = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if len == 0 || len > 9 {
                return None;
            }
            nano = digits(&frac[..len])? * 10u32.pow(9 - len as u32);
            rest = &frac[len..];
        }
        let offset_secs = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), oh1, oh2, b':', om1, om2] => {
                let secs = i64::from(digits(&[*oh1, *oh2])? * 3600 + digits(&[*om1, *om2])? * 60);
                if *sign == b'-' {
                    -secs
                } else {
                    secs
                }
            }
            _ => return None,
        };
        // A leap second (`:60`) is kept the way chrono keeps it.
        let (sec, nano) = if sec == 60 {
            (59, nano + 1_000_000_000)
        } else {
            (sec, nano)
        };
        let local = date.and_time(NaiveTime::from_hms_nano_opt(h, m, sec, nano)?);
        let utc = local.checked_sub_signed(TimeDelta::seconds(offset_secs))?;
        Some(utc.and_utc())
    }

    fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        String::deserialize(d)
    }

    fn invalid<E: serde::de::Error>() -> E {
        E::custom("not a date or time the server writes")
    }

    /// `#[serde(deserialize_with)]` for a `NaiveDate`.
    pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        parse_date(&text(d)?).ok_or_else(invalid)
    }

    /// `#[serde(deserialize_with)]` for an `Option<NaiveDate>` (with `#[serde(default)]`).
    pub fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(s) => parse_date(&s).map(Some).ok_or_else(invalid),
            None => Ok(None),
        }
    }

    /// `#[serde(deserialize_with)]` for a `DateTime<Utc>`.
    pub fn instant<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        parse_instant(&text(d)?).ok_or_else(invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::FieldReason;

    #[test]
    fn wire_forms_read_like_chrono_reads_them() {
        use chrono::{SecondsFormat, TimeZone};
        for at in [
            Utc.with_ymd_and_hms(2026, 11, 3, 8, 30, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 31, 23, 59, 59).unwrap()
                + chrono::TimeDelta::nanoseconds(123_456_789),
            Utc.with_ymd_and_hms(2000, 2, 29, 0, 0, 1).unwrap()
                + chrono::TimeDelta::milliseconds(5),
        ] {
            // What the server writes (serde) and other precisions.
            let json = serde_json::to_string(&at).unwrap();
            assert_eq!(
                wire::parse_instant(json.trim_matches('"')),
                Some(at),
                "{json}"
            );
            for f in [
                SecondsFormat::Secs,
                SecondsFormat::Millis,
                SecondsFormat::Nanos,
            ] {
                let s = at.to_rfc3339_opts(f, true);
                let chrono = DateTime::parse_from_rfc3339(&s)
                    .unwrap()
                    .with_timezone(&Utc);
                assert_eq!(wire::parse_instant(&s), Some(chrono), "{s}");
            }
        }
        let s = "2026-11-03T16:30:00.5+08:00";
        let chrono = DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(wire::parse_instant(s), Some(chrono));
        let s = "2026-11-03T01:00:00-05:30";
        let chrono = DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(wire::parse_instant(s), Some(chrono));
        for bad in [
            "",
            "2026-11-03",
            "2026-11-03T08:30:00",
            "2026-13-03T08:30:00Z",
            "2026-11-03T08:30:00.Z",
            "2026-11-03T24:00:00Z",
            "2026-11-03T08:30:00+0800",
            "x026-11-03T08:30:00Z",
        ] {
            assert_eq!(wire::parse_instant(bad), None, "{bad}");
        }
        assert_eq!(
            wire::parse_date("2026-11-03"),
            NaiveDate::from_ymd_opt(2026, 11, 3)
        );
        for bad in ["2026-02-30", "2026-1-03", "2026-11-03T", "+026-11-03", ""] {
            assert_eq!(wire::parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn wire_deserializers_read_json() {
        #[derive(serde::Deserialize)]
        struct T {
            #[serde(deserialize_with = "wire::date")]
            d: NaiveDate,
            #[serde(default, deserialize_with = "wire::opt_date")]
            o: Option<NaiveDate>,
            #[serde(default, deserialize_with = "wire::opt_date")]
            n: Option<NaiveDate>,
            #[serde(deserialize_with = "wire::instant")]
            at: DateTime<Utc>,
        }
        let t: T = serde_json::from_str(
            r#"{"d":"2026-11-03","o":"2026-11-04","n":null,"at":"2026-11-03T08:30:00Z"}"#,
        )
        .unwrap();
        assert_eq!(t.d, NaiveDate::from_ymd_opt(2026, 11, 3).unwrap());
        assert_eq!(t.o, NaiveDate::from_ymd_opt(2026, 11, 4));
        assert_eq!(t.n, None);
        assert_eq!(t.at.to_rfc3339(), "2026-11-03T08:30:00+00:00");
        assert!(
            serde_json::from_str::<T>(r#"{"d":"03/11/2026","at":"2026-11-03T08:30:00Z"}"#).is_err()
        );
    }

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
