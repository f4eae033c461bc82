//! Keyset paging shared by the staff's growing lists (the service queue, survey comments,
//! overdue surveys): a page of items and the cursor of the next, `{items, next_cursor}`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::error::FieldError;
use crate::domain::projects::projects_page_size;

/// One page of a list; `next_cursor` (absent on the last page) asks for the next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// Rows on a page unless asked otherwise (30), and at most (100): the projects list's sizes.
pub fn page_size(requested: Option<u32>) -> u32 {
    projects_page_size(requested)
}

/// Where a page ends: the last row's sort key (a number: a time in milliseconds, or a day
/// as `YYYYMMDD`) and its id, in the list's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCursor {
    pub key: i64,
    pub id: String,
}

impl KeyCursor {
    pub fn encode(&self) -> String {
        format!("{}_{}", self.key, self.id)
    }

    pub fn decode(s: &str) -> Result<KeyCursor, FieldError> {
        let bad = || FieldError::bad_format("after", "not a cursor this server handed out");
        let (key, id) = s.split_once('_').ok_or_else(bad)?;
        let key = key.parse::<i64>().map_err(|_| bad())?;
        if id.is_empty()
            || id.len() > 64
            || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(bad());
        }
        Ok(KeyCursor {
            key,
            id: id.to_string(),
        })
    }
}

/// A day as a cursor's key: the number `YYYYMMDD`.
pub fn day_key(day: NaiveDate) -> i64 {
    i64::from(day.year()) * 10_000 + i64::from(day.month()) * 100 + i64::from(day.day())
}

/// The day a cursor's key stands for ([`day_key`]); any other number was not handed out by
/// this server.
pub fn key_day(key: i64) -> Result<NaiveDate, FieldError> {
    i32::try_from(key / 10_000)
        .ok()
        .filter(|_| key > 0)
        .and_then(|y| NaiveDate::from_ymd_opt(y, (key / 100 % 100) as u32, (key % 100) as u32))
        .ok_or_else(|| FieldError::bad_format("after", "not a cursor this server handed out"))
}

/// Cuts a fetched page (one row more than `limit` asked, so it knows whether another page
/// follows) to `limit` rows and makes the next cursor from the last row kept.
pub fn cut<T>(
    mut rows: Vec<T>,
    limit: u32,
    cursor: impl Fn(&T) -> KeyCursor,
) -> (Vec<T>, Option<String>) {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = match (more, rows.last()) {
        (true, Some(last)) => Some(cursor(last).encode()),
        _ => None,
    };
    (rows, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_cursors_round_trip_and_odd_ones_are_refused() {
        for c in [
            KeyCursor {
                key: 1_764_000_000_000,
                id: "a-1".into(),
            },
            KeyCursor {
                key: i64::MAX,
                id: "b".into(),
            },
            KeyCursor {
                key: -5,
                id: "c".into(),
            },
        ] {
            assert_eq!(KeyCursor::decode(&c.encode()), Ok(c));
        }
        for bad in [
            "",
            "x",
            "1_",
            "_a",
            "x_a",
            "1_a b",
            "1_a'b",
            "99999999999999999999_a",
        ] {
            assert!(KeyCursor::decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_page_is_cut_to_its_size_and_points_past_its_last_row() {
        let key = |n: &i64| KeyCursor {
            key: *n,
            id: format!("i{n}"),
        };
        let (rows, next) = cut(vec![1, 2, 3], 2, key);
        assert_eq!(rows, vec![1, 2]);
        assert_eq!(next.as_deref(), Some("2_i2"));
        let (rows, next) = cut(vec![1, 2], 2, key);
        assert_eq!(rows, vec![1, 2]);
        assert_eq!(next, None);
        assert_eq!(page_size(None), 30);
        assert_eq!(page_size(Some(500)), 100);
    }
}
