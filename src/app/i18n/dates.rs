//! Dates and moments as people read them in each language. The wording is pure (it is given
//! the local wall-clock time and the current year); only reading the browser's clock and
//! time zone is not.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

const ZH_WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const EN_WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Local wall-clock parts of a moment: year, month 1–12, day, hour, minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Local {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

/// The browser's clock and time zone.
#[cfg(target_arch = "wasm32")]
mod clock {
    use super::Local;
    use chrono::{DateTime, Utc};

    /// A UTC moment in the browser's time zone.
    pub fn local(at: DateTime<Utc>) -> Local {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
            at.timestamp_millis() as f64
        ));
        Local {
            year: d.get_full_year() as i32,
            month: d.get_month() + 1,
            day: d.get_date(),
            hour: d.get_hours(),
            minute: d.get_minutes(),
        }
    }

    /// The current year (this year's dates go without it).
    pub fn this_year() -> i32 {
        js_sys::Date::new_0().get_full_year() as i32
    }
}

/// The machine's clock and time zone (host builds, where the wording is unit-tested).
#[cfg(not(target_arch = "wasm32"))]
mod clock {
    use super::Local;
    use chrono::{DateTime, Datelike, Timelike, Utc};

    /// A UTC moment in the machine's time zone.
    pub fn local(at: DateTime<Utc>) -> Local {
        let l = at.with_timezone(&chrono::Local);
        Local {
            year: l.year(),
            month: l.month(),
            day: l.day(),
            hour: l.hour(),
            minute: l.minute(),
        }
    }

    /// The current year.
    pub fn this_year() -> i32 {
        chrono::Local::now().year()
    }
}

use clock::{local, this_year};

pub(super) fn zh_date(d: NaiveDate) -> String {
    zh_date_in(d, this_year())
}

pub(super) fn en_date(d: NaiveDate) -> String {
    en_date_in(d, this_year())
}

pub(super) fn zh_date_time(at: DateTime<Utc>) -> String {
    zh_date_time_in(local(at), this_year())
}

pub(super) fn en_date_time(at: DateTime<Utc>) -> String {
    en_date_time_in(local(at), this_year())
}

/// "11月3日 周二", with the year when it is not `year_now`.
pub(super) fn zh_date_in(d: NaiveDate, year_now: i32) -> String {
    let wd = ZH_WEEKDAYS[d.weekday().num_days_from_monday() as usize];
    if d.year() == year_now {
        format!("{}月{}日 {wd}", d.month(), d.day())
    } else {
        format!("{}年{}月{}日 {wd}", d.year(), d.month(), d.day())
    }
}

/// "Tue 3 Nov", with the year when it is not `year_now`.
pub(super) fn en_date_in(d: NaiveDate, year_now: i32) -> String {
    let wd = EN_WEEKDAYS[d.weekday().num_days_from_monday() as usize];
    let m = EN_MONTHS[d.month0() as usize];
    if d.year() == year_now {
        format!("{wd} {} {m}", d.day())
    } else {
        format!("{wd} {} {m} {}", d.day(), d.year())
    }
}

/// "11月3日 09:05", with the year when it is not `year_now`.
pub(super) fn zh_date_time_in(at: Local, year_now: i32) -> String {
    let (mo, d, h, mi) = (at.month, at.day, at.hour, at.minute);
    if at.year == year_now {
        format!("{mo}月{d}日 {h:02}:{mi:02}")
    } else {
        format!("{}年{mo}月{d}日 {h:02}:{mi:02}", at.year)
    }
}

/// "3 Nov 09:05", with the year when it is not `year_now`.
pub(super) fn en_date_time_in(at: Local, year_now: i32) -> String {
    let (d, h, mi) = (at.day, at.hour, at.minute);
    let m = EN_MONTHS[(at.month.clamp(1, 12) - 1) as usize];
    if at.year == year_now {
        format!("{d} {m} {h:02}:{mi:02}")
    } else {
        format!("{d} {m} {} {h:02}:{mi:02}", at.year)
    }
}
