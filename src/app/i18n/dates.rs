//! Dates and moments as people read them in each language.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

const ZH_WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const EN_WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Local wall-clock parts of a UTC moment: (year, month 1–12, day, hour, minute).
fn local_parts(at: DateTime<Utc>) -> (u32, u32, u32, u32, u32) {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        at.timestamp_millis() as f64
    ));
    (
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
    )
}

/// The year shown on screen, this year's dates go without it.
fn this_year() -> i32 {
    js_sys::Date::new_0().get_full_year() as i32
}

pub(super) fn zh_date(d: NaiveDate) -> String {
    let wd = ZH_WEEKDAYS[d.weekday().num_days_from_monday() as usize];
    if d.year() == this_year() {
        format!("{}月{}日 {wd}", d.month(), d.day())
    } else {
        format!("{}年{}月{}日 {wd}", d.year(), d.month(), d.day())
    }
}

pub(super) fn en_date(d: NaiveDate) -> String {
    let wd = EN_WEEKDAYS[d.weekday().num_days_from_monday() as usize];
    let m = EN_MONTHS[d.month0() as usize];
    if d.year() == this_year() {
        format!("{wd} {} {m}", d.day())
    } else {
        format!("{wd} {} {m} {}", d.day(), d.year())
    }
}

pub(super) fn zh_date_time(at: DateTime<Utc>) -> String {
    let (y, mo, d, h, mi) = local_parts(at);
    if y as i32 == this_year() {
        format!("{mo}月{d}日 {h:02}:{mi:02}")
    } else {
        format!("{y}年{mo}月{d}日 {h:02}:{mi:02}")
    }
}

pub(super) fn en_date_time(at: DateTime<Utc>) -> String {
    let (y, mo, d, h, mi) = local_parts(at);
    let m = EN_MONTHS[(mo.clamp(1, 12) - 1) as usize];
    if y as i32 == this_year() {
        format!("{d} {m} {h:02}:{mi:02}")
    } else {
        format!("{d} {m} {y} {h:02}:{mi:02}")
    }
}
