//! ISO weeks in the company's time zone: which week an instant or a late event counts for,
//! when a week is published (and frozen), and the per-week project figures (active, days late).

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::domain::error::FieldError;

/// An ISO-8601 week (Monday to Sunday), e.g. `2026-W53`; serialised as `{year, week}`.
///
/// Always a week that exists: deserialising or [`IsoWeek::new`] with week 53 of a 52-week year fails.
/// Orders chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(try_from = "IsoWeekParts", into = "IsoWeekParts")]
pub struct IsoWeek {
    /// ISO week-numbering year (differs from the calendar year around New Year).
    year: i32,
    /// Week `1..=53`.
    week: u32,
}

/// The wire form of [`IsoWeek`], before validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsoWeekParts {
    /// ISO week-numbering year.
    pub year: i32,
    /// Week `1..=53`.
    pub week: u32,
}

impl TryFrom<IsoWeekParts> for IsoWeek {
    type Error = FieldError;
    fn try_from(p: IsoWeekParts) -> Result<Self, Self::Error> {
        IsoWeek::new(p.year, p.week)
    }
}

impl From<IsoWeek> for IsoWeekParts {
    fn from(w: IsoWeek) -> Self {
        IsoWeekParts {
            year: w.year,
            week: w.week,
        }
    }
}

impl IsoWeek {
    /// Checks that the week exists in that ISO year (52 or 53 weeks).
    pub fn new(year: i32, week: u32) -> Result<IsoWeek, FieldError> {
        match NaiveDate::from_isoywd_opt(year, week, Weekday::Mon) {
            Some(_) => Ok(IsoWeek { year, week }),
            None => Err(FieldError::out_of_range(
                "week",
                format!("{year} has no ISO week {week}"),
            )),
        }
    }

    /// The ISO week a calendar date belongs to.
    pub fn of_date(date: NaiveDate) -> IsoWeek {
        let w = date.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    /// ISO week-numbering year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Week number `1..=53`.
    pub fn week(self) -> u32 {
        self.week
    }

    /// The Monday the week starts on.
    pub fn monday(self) -> NaiveDate {
        // Every constructor checked that this date exists.
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or(NaiveDate::MIN)
    }

    /// The following week (saturates at the end of chrono's calendar).
    pub fn next(self) -> IsoWeek {
        self.monday()
            .checked_add_days(Days::new(7))
            .map_or(self, IsoWeek::of_date)
    }

    /// The preceding week (saturates at the start of chrono's calendar).
    pub fn prev(self) -> IsoWeek {
        self.monday()
            .checked_sub_days(Days::new(7))
            .map_or(self, IsoWeek::of_date)
    }

    /// Monday 00:00 in `tz`, as a UTC instant (inclusive).
    pub fn start_in(self, tz: Tz) -> DateTime<Utc> {
        local_start_of_day(self.monday(), tz)
    }

    /// The next Monday 00:00 in `tz`, as a UTC instant (exclusive end of the week).
    pub fn end_in(self, tz: Tz) -> DateTime<Utc> {
        match self.monday().checked_add_days(Days::new(7)) {
            Some(next_monday) => local_start_of_day(next_monday, tz),
            None => DateTime::<Utc>::MAX_UTC,
        }
    }

    /// Does `instant` fall in this week in `tz`?
    pub fn contains(self, instant: DateTime<Utc>, tz: Tz) -> bool {
        self.start_in(tz) <= instant && instant < self.end_in(tz)
    }
}

impl std::fmt::Display for IsoWeek {
    /// `2026-W03`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

impl std::str::FromStr for IsoWeek {
    type Err = FieldError;
    /// Parses `2026-W03` (also `2026-w3`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || FieldError::bad_format("week", "expected a week like 2026-W03");
        let (year, week) = s.trim().split_once(['W', 'w']).ok_or_else(bad)?;
        let year = year.strip_suffix('-').ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let week: u32 = week.parse().map_err(|_| bad())?;
        IsoWeek::new(year, week)
    }
}

/// The first instant of `date` in `tz`. Where the clocks jump over midnight (DST starting at
/// 00:00, e.g. old America/Sao_Paulo rules) the day starts at its first local time that exists.
fn local_start_of_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    for quarter_hours in 0..=(24 * 4) {
        let Some(local) = midnight.checked_add_signed(Duration::minutes(15 * quarter_hours)) else {
            break;
        };
        if let Some(t) = tz.from_local_datetime(&local).earliest() {
            return t.with_timezone(&Utc);
        }
    }
    Utc.from_utc_datetime(&midnight)
}

/// The ISO week `instant` falls in, by the calendar of the company's time zone `tz`.
pub fn iso_week_of(instant: DateTime<Utc>, tz: Tz) -> IsoWeek {
    IsoWeek::of_date(instant.with_timezone(&tz).date_naive())
}

/// A week is published, and frozen, once it has ended in the company's time zone.
pub fn is_week_published(week: IsoWeek, now: DateTime<Utc>, tz: Tz) -> bool {
    now >= week.end_in(tz)
}

/// The latest week that has ended at `now` (the one before the current week).
pub fn last_ended_week(now: DateTime<Utc>, tz: Tz) -> IsoWeek {
    iso_week_of(now, tz).prev()
}

/// The week an event (rating, inspection, complaint…) counts for: its own week, unless that
/// week is already published (`<= published_up_to`); late data then goes to the first open week
/// after `published_up_to`, so published leaderboards never change.
pub fn week_for_event(
    event_time: DateTime<Utc>,
    published_up_to: Option<IsoWeek>,
    tz: Tz,
) -> IsoWeek {
    let own = iso_week_of(event_time, tz);
    match published_up_to {
        Some(frozen) if own <= frozen => frozen.next(),
        _ => own,
    }
}

/// Days of `week` (Monday–Sunday, company calendar) on which a project was late: after its
/// planned end date and up to its handover date (the handover day counts), or up to `today`
/// while it is not handed over. Days after `today` never count. `0..=7`.
pub fn delay_days_in_week(
    week: IsoWeek,
    planned_end: NaiveDate,
    handover: Option<NaiveDate>,
    today: NaiveDate,
) -> u32 {
    let last_late = handover.map_or(today, |h| h.min(today));
    (0..7)
        .filter_map(|i| week.monday().checked_add_days(Days::new(i)))
        .filter(|d| *d > planned_end && *d <= last_late)
        .count() as u32
}

/// Was a project on site during `week`: started by its Sunday (a missing start date counts
/// as started) and not handed over before its Monday?
pub fn project_active_in_week(
    week: IsoWeek,
    start: Option<NaiveDate>,
    handover: Option<NaiveDate>,
) -> bool {
    let monday = week.monday();
    let sunday = monday.checked_add_days(Days::new(6)).unwrap_or(monday);
    start.is_none_or(|s| s <= sunday) && handover.is_none_or(|h| h >= monday)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ratings::test_support::*;
    use chrono::{Duration, TimeZone};
    use chrono_tz::{America, Asia, Europe};

    fn local(tz: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        tz.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn iso_week_validation_display_and_serde() {
        assert!(IsoWeek::new(2026, 53).is_ok());
        assert!(IsoWeek::new(2025, 53).is_err());
        assert!(IsoWeek::new(2026, 0).is_err());
        assert_eq!(wk(2026, 3).to_string(), "2026-W03");
        assert_eq!("2026-W03".parse::<IsoWeek>().unwrap(), wk(2026, 3));
        assert_eq!("2026-w3".parse::<IsoWeek>().unwrap(), wk(2026, 3));
        assert!("2025-W53".parse::<IsoWeek>().is_err());
        assert!("2026W03".parse::<IsoWeek>().is_err());
        assert!("W03".parse::<IsoWeek>().is_err());
        let json = serde_json::to_string(&wk(2026, 53)).unwrap();
        assert_eq!(json, r#"{"year":2026,"week":53}"#);
        assert_eq!(
            serde_json::from_str::<IsoWeek>(&json).unwrap(),
            wk(2026, 53)
        );
        assert!(serde_json::from_str::<IsoWeek>(r#"{"year":2025,"week":53}"#).is_err());
        assert!(wk(2025, 52) < wk(2026, 1));
        assert_eq!(wk(2026, 53).next(), wk(2027, 1));
        assert_eq!(wk(2026, 1).prev(), wk(2025, 52));
        assert_eq!(
            wk(2026, 1).monday(),
            NaiveDate::from_ymd_opt(2025, 12, 29).unwrap()
        );
    }

    #[test]
    fn weeks_follow_the_company_time_zone() {
        let sh = Asia::Shanghai;
        // Sunday 2026-01-04 23:30 in Shanghai is Sunday 15:30 UTC: ISO week 1 either way.
        let sunday_late = local(sh, 2026, 1, 4, 23, 30);
        assert_eq!(sunday_late, utc("2026-01-04T15:30:00Z"));
        assert_eq!(iso_week_of(sunday_late, sh), wk(2026, 1));
        // Monday 00:30 in Shanghai is still Sunday in UTC, but belongs to the next week.
        let monday_early = local(sh, 2026, 1, 5, 0, 30);
        assert_eq!(monday_early, utc("2026-01-04T16:30:00Z"));
        assert_eq!(iso_week_of(monday_early, sh), wk(2026, 2));
        assert_eq!(iso_week_of(monday_early, Tz::UTC), wk(2026, 1));
        // West of UTC it goes the other way: Sunday 22:00 in New York is Monday in UTC.
        let ny = America::New_York;
        let sunday_night = local(ny, 2026, 1, 4, 22, 0);
        assert_eq!(iso_week_of(sunday_night, ny), wk(2026, 1));
        assert_eq!(iso_week_of(sunday_night, Tz::UTC), wk(2026, 2));
    }

    #[test]
    fn year_end_weeks() {
        let sh = Asia::Shanghai;
        // 2026 has 53 ISO weeks; week 53 runs Mon 2026-12-28 to Sun 2027-01-03.
        assert_eq!(iso_week_of(local(sh, 2026, 12, 28, 9, 0), sh), wk(2026, 53));
        assert_eq!(iso_week_of(local(sh, 2027, 1, 3, 23, 59), sh), wk(2026, 53));
        let new_week = local(sh, 2027, 1, 4, 0, 30);
        assert_eq!(new_week, utc("2027-01-03T16:30:00Z"));
        assert_eq!(iso_week_of(new_week, sh), wk(2027, 1));
        assert_eq!(iso_week_of(new_week, Tz::UTC), wk(2026, 53));
        // 2025-12-29 is already in ISO year 2026.
        assert_eq!(iso_week_of(local(sh, 2025, 12, 29, 0, 0), sh), wk(2026, 1));
        assert_eq!(
            iso_week_of(local(sh, 2025, 12, 28, 23, 59), sh),
            wk(2025, 52)
        );
        // New Year's Eve 2026 UTC evening is already 2027-01-01 in Shanghai: still week 53.
        assert_eq!(iso_week_of(utc("2026-12-31T20:00:00Z"), sh), wk(2026, 53));
    }

    #[test]
    fn week_start_and_end_instants() {
        let w = wk(2026, 2);
        assert_eq!(w.start_in(Asia::Shanghai), utc("2026-01-04T16:00:00Z"));
        assert_eq!(w.end_in(Asia::Shanghai), utc("2026-01-11T16:00:00Z"));
        assert_eq!(w.start_in(Tz::UTC), utc("2026-01-05T00:00:00Z"));
        assert_eq!(w.start_in(America::New_York), utc("2026-01-05T05:00:00Z"));
        assert_eq!(w.end_in(Asia::Shanghai), w.next().start_in(Asia::Shanghai));
        // The week DST starts in Berlin is an hour short.
        let dst = wk(2026, 13);
        assert_eq!(dst.start_in(Europe::Berlin), utc("2026-03-22T23:00:00Z"));
        assert_eq!(dst.end_in(Europe::Berlin), utc("2026-03-29T22:00:00Z"));
        // Where DST started at midnight the day begins at 01:00.
        let d = NaiveDate::from_ymd_opt(2018, 11, 4).unwrap();
        assert_eq!(
            local_start_of_day(d, America::Sao_Paulo),
            utc("2018-11-04T03:00:00Z")
        );
        assert!(w.contains(utc("2026-01-04T16:00:00Z"), Asia::Shanghai));
        assert!(!w.contains(utc("2026-01-11T16:00:00Z"), Asia::Shanghai));
    }

    #[test]
    fn every_instant_lies_inside_its_week() {
        let zones = [
            Tz::UTC,
            Asia::Shanghai,
            America::New_York,
            Europe::Berlin,
            America::Sao_Paulo,
            chrono_tz::Pacific::Kiritimati,
            chrono_tz::Pacific::Pago_Pago,
        ];
        let mut rng = Rng(42);
        let base = utc("2015-01-01T00:00:00Z").timestamp();
        for _ in 0..5000 {
            let secs = base + (rng.next() % (20 * 366 * 86_400)) as i64;
            let instant = DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
            let tz = zones[rng.below(zones.len() as u32) as usize];
            let w = iso_week_of(instant, tz);
            assert!(
                w.start_in(tz) <= instant && instant < w.end_in(tz),
                "{instant} {tz}"
            );
            assert_eq!(w.next().prev(), w);
        }
    }

    #[test]
    fn weeks_freeze_once_ended() {
        let sh = Asia::Shanghai;
        let w = wk(2026, 2);
        assert!(!is_week_published(w, utc("2026-01-11T15:59:59Z"), sh));
        assert!(is_week_published(w, utc("2026-01-11T16:00:00Z"), sh));
        // In UTC the same week is still open at that moment.
        assert!(!is_week_published(w, utc("2026-01-11T16:00:00Z"), Tz::UTC));
        assert_eq!(last_ended_week(utc("2026-01-11T16:00:00Z"), sh), w);
        assert_eq!(
            last_ended_week(utc("2026-01-11T15:59:59Z"), sh),
            wk(2026, 1)
        );
    }

    #[test]
    fn late_data_goes_to_the_next_open_week() {
        let sh = Asia::Shanghai;
        let in_w2 = local(sh, 2026, 1, 7, 12, 0);
        assert_eq!(week_for_event(in_w2, None, sh), wk(2026, 2));
        assert_eq!(week_for_event(in_w2, Some(wk(2026, 1)), sh), wk(2026, 2));
        assert_eq!(week_for_event(in_w2, Some(wk(2026, 2)), sh), wk(2026, 3));
        assert_eq!(week_for_event(in_w2, Some(wk(2026, 5)), sh), wk(2026, 6));
        // Across the year end.
        assert_eq!(week_for_event(in_w2, Some(wk(2026, 53)), sh), wk(2027, 1));
        // Never into a frozen week.
        let mut rng = Rng(7);
        for _ in 0..2000 {
            let t = utc("2025-06-01T00:00:00Z") + Duration::minutes(i64::from(rng.below(800_000)));
            let frozen = IsoWeek::of_date(
                NaiveDate::from_ymd_opt(2025, 6, 1).unwrap() + Days::new(u64::from(rng.below(600))),
            );
            let got = week_for_event(t, Some(frozen), sh);
            assert!(got > frozen);
            assert!(got >= iso_week_of(t, sh));
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn delay_days_count_late_days_inside_the_week() {
        // Week 2026-W47: Mon 11-16 .. Sun 11-22.
        let w = wk(2026, 47);
        let today = date(2026, 11, 30);
        // Planned to end before the week, not handed over: the whole week is late.
        assert_eq!(delay_days_in_week(w, date(2026, 11, 1), None, today), 7);
        // Planned end on Wednesday: Thursday to Sunday late.
        assert_eq!(delay_days_in_week(w, date(2026, 11, 18), None, today), 4);
        // Handed over on Friday: Thursday and Friday late.
        assert_eq!(
            delay_days_in_week(w, date(2026, 11, 18), Some(date(2026, 11, 20)), today),
            2
        );
        // Handed over on time.
        assert_eq!(
            delay_days_in_week(w, date(2026, 11, 18), Some(date(2026, 11, 18)), today),
            0
        );
        // The week is still running: days after today do not count yet.
        assert_eq!(
            delay_days_in_week(w, date(2026, 11, 1), None, date(2026, 11, 17)),
            2
        );
        // Planned end after the week.
        assert_eq!(delay_days_in_week(w, date(2026, 12, 1), None, today), 0);
        // Property: always 0..=7, and never more than days since the planned end.
        let mut rng = Rng(11);
        for _ in 0..3000 {
            let planned = date(2026, 10, 1) + Days::new(u64::from(rng.below(90)));
            let handover = (rng.below(2) == 0)
                .then(|| date(2026, 10, 1) + Days::new(u64::from(rng.below(120))));
            let today = date(2026, 10, 1) + Days::new(u64::from(rng.below(120)));
            let week = IsoWeek::of_date(date(2026, 10, 1) + Days::new(u64::from(rng.below(120))));
            let n = delay_days_in_week(week, planned, handover, today);
            assert!(n <= 7);
            if handover.is_some_and(|h| h <= planned) || today <= planned {
                assert_eq!(n, 0);
            }
        }
    }

    #[test]
    fn projects_are_active_between_start_and_handover() {
        let w = wk(2026, 47);
        assert!(project_active_in_week(w, None, None));
        assert!(project_active_in_week(w, Some(date(2026, 11, 22)), None));
        assert!(!project_active_in_week(w, Some(date(2026, 11, 23)), None));
        assert!(project_active_in_week(
            w,
            Some(date(2026, 1, 1)),
            Some(date(2026, 11, 16))
        ));
        assert!(!project_active_in_week(
            w,
            Some(date(2026, 1, 1)),
            Some(date(2026, 11, 15))
        ));
    }

    #[test]
    fn frozen_week_bucketing_with_publication_across_time_zones() {
        // A rating on Monday 00:30 Shanghai time belongs to the new week in Shanghai even
        // though it is still Sunday in UTC; once that week is published, a late rating
        // with the same time counts in the week after.
        let sh = Asia::Shanghai;
        let t = local(sh, 2026, 11, 23, 0, 30);
        assert_eq!(week_for_event(t, Some(wk(2026, 47)), sh), wk(2026, 48));
        assert_eq!(week_for_event(t, Some(wk(2026, 48)), sh), wk(2026, 49));
        assert_eq!(week_for_event(t, Some(wk(2026, 47)), Tz::UTC), wk(2026, 48));
        assert_eq!(week_for_event(t, None, Tz::UTC), wk(2026, 47));
    }
}
