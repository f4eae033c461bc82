//! Helpers shared by the service desk tests.

use chrono::{DateTime, Utc};

pub(super) fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}
