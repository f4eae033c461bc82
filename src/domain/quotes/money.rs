//! Money: exact amounts in fen, their parsing and formatting, quantities in thousandths.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::BP_WHOLE;

/// An amount of money in fen (1/100 yuan); serialised as a plain integer.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Fen(pub i64);

impl Fen {
    /// Nothing.
    pub const ZERO: Fen = Fen(0);

    /// Whole yuan to fen, `None` on overflow.
    pub fn from_yuan(yuan: i64) -> Option<Fen> {
        yuan.checked_mul(100).map(Fen)
    }

    /// Sum, `None` on overflow.
    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    /// Difference, `None` on overflow.
    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }

    /// Multiplied by a whole number, `None` on overflow.
    pub fn checked_mul(self, n: i64) -> Option<Fen> {
        self.0.checked_mul(n).map(Fen)
    }

    /// Price times a quantity in thousandths, rounded half-up to the fen.
    pub fn mul_milli(self, quantity_milli: i64) -> Option<Fen> {
        let v = round_div(i128::from(self.0) * i128::from(quantity_milli), 1000);
        i64::try_from(v).ok().map(Fen)
    }

    /// This share in basis points (`500` = 5 %), rounded half-up to the fen.
    pub fn scale_bp(self, bp: i64) -> Option<Fen> {
        let v = round_div(i128::from(self.0) * i128::from(bp), i128::from(BP_WHOLE));
        i64::try_from(v).ok().map(Fen)
    }

    /// Sum of many amounts, `None` on overflow.
    pub fn sum(amounts: impl IntoIterator<Item = Fen>) -> Option<Fen> {
        amounts
            .into_iter()
            .try_fold(Fen::ZERO, |acc, a| acc.checked_add(a))
    }

    /// Parses `"1234.56"`, `"1234.5"`, `"1234"`, `"¥1,234.56"` or `"-12.30"` (at most 2 decimals).
    pub fn parse(s: &str) -> Option<Fen> {
        let s = s.trim();
        let (neg, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let s = s.strip_prefix('¥').unwrap_or(s);
        let v = parse_scaled(s, 2)?;
        Some(Fen(if neg { -v } else { v }))
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_yuan(*self))
    }
}

/// Why a money string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an amount of money (use 1234.56)")]
pub struct ParseFenError;

impl FromStr for Fen {
    type Err = ParseFenError;
    fn from_str(s: &str) -> Result<Fen, ParseFenError> {
        Fen::parse(s).ok_or(ParseFenError)
    }
}

/// Formats fen as yuan with thousands separators: `¥1,234.56`, `-¥0.05`.
pub fn format_yuan(amount: Fen) -> String {
    let abs = amount.0.unsigned_abs();
    let sign = if amount.0 < 0 { "-" } else { "" };
    format!("{sign}¥{}.{:02}", group_thousands(abs / 100), abs % 100)
}

/// Parses a quantity such as `"12.5"` or `"3"` (at most 3 decimals) into thousandths.
pub fn parse_quantity(s: &str) -> Option<i64> {
    parse_scaled(s.trim(), 3)
}

/// Formats a quantity in thousandths without trailing zeros: `12500` → `"12.5"`.
pub fn format_quantity(quantity_milli: i64) -> String {
    let abs = quantity_milli.unsigned_abs();
    let sign = if quantity_milli < 0 { "-" } else { "" };
    let frac = abs % 1000;
    if frac == 0 {
        return format!("{sign}{}", abs / 1000);
    }
    let digits = format!("{frac:03}");
    format!("{sign}{}.{}", abs / 1000, digits.trim_end_matches('0'))
}

/// `n / d` rounded half away from zero (四舍五入); `d` must be positive.
pub(super) fn round_div(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d {
        q + n.signum()
    } else {
        q
    }
}

fn group_thousands(mut n: u64) -> String {
    let mut groups = Vec::new();
    loop {
        if n < 1000 {
            groups.push(n.to_string());
            break;
        }
        groups.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    groups.reverse();
    groups.join(",")
}

/// Parses an unsigned decimal with at most `scale` decimals into an integer of that scale.
/// Thousands separators are accepted only when correctly grouped (`1,234`).
fn parse_scaled(s: &str, scale: u32) -> Option<i64> {
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let int_digits: String = if int_part.contains(',') {
        let mut groups = int_part.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 {
            return None;
        }
        let rest: Vec<&str> = groups.collect();
        if rest.iter().any(|g| g.len() != 3) {
            return None;
        }
        let mut all = first.to_string();
        for g in rest {
            all.push_str(g);
        }
        all
    } else {
        int_part.to_string()
    };
    if int_digits.is_empty() || !int_digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value: i64 = 0;
    for b in int_digits.bytes() {
        value = value.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    let mut frac_digits = 0;
    if let Some(f) = frac_part {
        if f.is_empty() || f.len() > scale as usize || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        for b in f.bytes() {
            value = value.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        frac_digits = f.len() as u32;
    }
    value.checked_mul(10_i64.checked_pow(scale - frac_digits)?)
}
