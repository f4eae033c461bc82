//! Reading typed rows: a row type names the `SELECT … FROM …` that makes it ([`Selected`]),
//! and each query adds only its `WHERE …` tail and the values of its `$n` placeholders, in
//! order (the `$n` form both engines share).

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::QueryAs;
use sqlx::{Any, Executor, FromRow};

use crate::server::error::AppResult;

/// A row type and the `SELECT columns FROM table (JOIN …)` that reads it, without a `WHERE`.
pub trait Selected: for<'r> FromRow<'r, AnyRow> + Send + Unpin {
    const SELECT: &'static str;
}

/// A value bound to the next `$n` placeholder.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    Text(&'a str),
    Int(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s)
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Int(n)
    }
}

/// `sql` as a query of `T` rows with `args` bound to `$1`, `$2`, ….
pub fn query<'q, T: Selected>(
    sql: &'q str,
    args: &[Arg<'q>],
) -> QueryAs<'q, Any, T, AnyArguments<'q>> {
    args.iter().fold(sqlx::query_as(sql), |q, arg| match *arg {
        Arg::Text(s) => q.bind(s),
        Arg::Int(n) => q.bind(n),
    })
}

/// The `T` rows where `tail` (`WHERE … ORDER BY …`) holds, `$1…` bound to `args`.
pub async fn all<'e, T: Selected>(
    ex: impl Executor<'e, Database = Any>,
    tail: &str,
    args: &[Arg<'_>],
) -> AppResult<Vec<T>> {
    let sql = format!("{} {tail}", T::SELECT);
    Ok(query(&sql, args).fetch_all(ex).await?)
}

/// The `T` row with the unique key `key` names (`WHERE id = $1`), if there is one.
pub async fn optional<'e, T: Selected>(
    ex: impl Executor<'e, Database = Any>,
    key: &str,
    args: &[Arg<'_>],
) -> AppResult<Option<T>> {
    Ok(query(&format!("{} {key}", T::SELECT), args)
        .fetch_optional(ex)
        .await?)
}
