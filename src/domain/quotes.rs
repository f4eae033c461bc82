//! Quotes (方案报价): exact money in fen, quote lines and totals, revision diffs, the three-step
//! confirmation and the design-change allowance (DOMAIN.md, "Quotes").
//!
//! Content hashes are computed by the server (sha2 is not available on wasm) over
//! [`canonical_json`].

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::FieldError;

/// Basis points in a whole (10 000 bp = 100 %).
pub const BP_WHOLE: i64 = 10_000;
/// Half-width of the budget range shown with a quote (±5 %).
pub const BUDGET_RANGE_BP: i64 = 500;
/// Buffer advised against overruns (8 % of the total).
pub const BUFFER_BP: i64 = 800;
/// A revision that moves the total by more than this (5 %) needs approval.
pub const APPROVAL_THRESHOLD_BP: i64 = 500;
/// Guideline split of a whole budget: hard fit-out / soft furnishing / appliances (5:3:2).
pub const BUDGET_SPLIT_BP: [i64; 3] = [5_000, 3_000, 2_000];
/// How long a confirmation code stays valid, in seconds.
pub const OTP_TTL_SECS: i64 = 300;
/// Wrong codes allowed before the code is burnt and a new one must be sent.
pub const OTP_MAX_TRIES: u32 = 5;
/// Free design changes before the contract is signed.
pub const FREE_CHANGES_BEFORE_SIGNING: u32 = 3;
/// Free design changes after the contract is signed.
pub const FREE_CHANGES_AFTER_SIGNING: u32 = 2;
/// Most lines of one kind (materials or labour) in a quote.
pub const MAX_LINES: usize = 200;
/// Longest name-like field (category, room, brand, model, process, stage name), in characters.
pub const MAX_NAME_CHARS: usize = 64;
/// Longest unit (㎡, 米, 套 …), in characters.
pub const MAX_UNIT_CHARS: usize = 8;
/// Longest environmental grade (E0, ENF, A类 …), in characters.
pub const MAX_ENV_GRADE_CHARS: usize = 32;
/// Longest special-notes text, in characters.
pub const MAX_NOTES_CHARS: usize = 4000;
/// Most payment stages in a plan.
pub const MAX_PAYMENT_STAGES: usize = 10;
/// Largest quantity of one line, in thousandths (1 000 000 units).
pub const MAX_QUANTITY_MILLI: i64 = 1_000_000_000;
/// Largest unit price (¥10,000,000.00).
pub const MAX_UNIT_PRICE: Fen = Fen(1_000_000_000);
/// Longest schedule, in calendar days (start and end inclusive).
pub const MAX_SCHEDULE_DAYS: i64 = 730;
/// Shortest and longest rejection reason, in characters.
pub const REASON_MIN_CHARS: usize = 5;
/// See [`REASON_MIN_CHARS`].
pub const REASON_MAX_CHARS: usize = 500;

// ---------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------

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
fn round_div(n: i128, d: i128) -> i128 {
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

// ---------------------------------------------------------------------------------------------
// Quote content
// ---------------------------------------------------------------------------------------------

/// A main-material line (主材): about 15 in a typical quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct MaterialLine {
    /// 瓷砖, 地板, 涂料 …
    pub category: String,
    /// 客厅, 主卫 …; empty for the whole home.
    #[serde(default)]
    pub room: String,
    pub brand: String,
    pub model: String,
    /// Environmental grade (E0, ENF, A类 …).
    pub env_grade: String,
    /// Quantity in thousandths of `unit` (12.5 ㎡ = 12500).
    pub quantity_milli: i64,
    pub unit: String,
    pub unit_price: Fen,
}

impl MaterialLine {
    /// Stable identity across revisions: category + room + brand + model.
    pub fn line_key(&self) -> String {
        join_key("m", &[&self.category, &self.room, &self.brand, &self.model])
    }

    /// Quantity × unit price, rounded half-up to the fen; `None` on overflow.
    pub fn total(&self) -> Option<Fen> {
        self.unit_price.mul_milli(self.quantity_milli)
    }
}

/// A labour line (人工), by process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct LabourLine {
    /// 水电改造, 墙面找平 …
    pub process: String,
    /// Empty for the whole home.
    #[serde(default)]
    pub room: String,
    /// Quantity in thousandths of `unit`.
    pub quantity_milli: i64,
    pub unit: String,
    pub unit_price: Fen,
}

impl LabourLine {
    /// Stable identity across revisions: process + room.
    pub fn line_key(&self) -> String {
        join_key("l", &[&self.process, &self.room])
    }

    /// Quantity × unit price, rounded half-up to the fen; `None` on overflow.
    pub fn total(&self) -> Option<Fen> {
        self.unit_price.mul_milli(self.quantity_milli)
    }
}

/// Keys use the unit separator, which validation refuses inside text, so they never collide.
fn join_key(kind: &str, parts: &[&str]) -> String {
    let mut key = kind.to_string();
    for p in parts {
        key.push('\u{1f}');
        key.push_str(p.trim());
    }
    key
}

/// Either kind of quote line, as revision diffs list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuoteLine {
    Material(MaterialLine),
    Labour(LabourLine),
}

impl QuoteLine {
    /// The line's stable key.
    pub fn line_key(&self) -> String {
        match self {
            QuoteLine::Material(m) => m.line_key(),
            QuoteLine::Labour(l) => l.line_key(),
        }
    }

    /// The line's total, `None` on overflow.
    pub fn total(&self) -> Option<Fen> {
        match self {
            QuoteLine::Material(m) => m.total(),
            QuoteLine::Labour(l) => l.total(),
        }
    }
}

/// One stage of the payment plan, as a share of the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct PaymentStage {
    /// 首期款 / 开工款, 中期款, 尾款 …
    pub name: String,
    /// Share in basis points (3000 = 30 %); all stages sum to 10 000.
    pub percent_bp: u32,
}

/// The construction schedule (both dates inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Schedule {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Schedule {
    /// Calendar days of work, both ends counted.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
}

/// Everything a quote revision says; a confirmed revision never changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct QuoteRevisionContent {
    #[serde(default)]
    pub materials: Vec<MaterialLine>,
    #[serde(default)]
    pub labour: Vec<LabourLine>,
    pub schedule: Schedule,
    pub payment_plan: Vec<PaymentStage>,
    /// Material environmental standards and construction norms (step 2 of confirmation).
    #[serde(default)]
    pub special_notes: String,
}

impl QuoteRevisionContent {
    /// Trims text and checks every rule; the server runs this again on every write.
    pub fn validated(mut self) -> Result<QuoteRevisionContent, FieldError> {
        for m in &mut self.materials {
            for s in [
                &mut m.category,
                &mut m.room,
                &mut m.brand,
                &mut m.model,
                &mut m.env_grade,
                &mut m.unit,
            ] {
                *s = s.trim().to_string();
            }
        }
        for l in &mut self.labour {
            for s in [&mut l.process, &mut l.room, &mut l.unit] {
                *s = s.trim().to_string();
            }
        }
        for p in &mut self.payment_plan {
            p.name = p.name.trim().to_string();
        }
        self.special_notes = self.special_notes.trim().to_string();
        validate(&self)?;
        Ok(self)
    }

    /// All lines, materials first, in order.
    pub fn lines(&self) -> Vec<QuoteLine> {
        self.materials
            .iter()
            .cloned()
            .map(QuoteLine::Material)
            .chain(self.labour.iter().cloned().map(QuoteLine::Labour))
            .collect()
    }
}

/// Checks `text` is present (if `required`), short enough and free of control characters.
fn check_text(
    field: &'static str,
    line: usize,
    what: &str,
    text: &str,
    max: usize,
    required: bool,
) -> Result<(), FieldError> {
    // Every message names the line; each check states its own reason.
    let at = |msg: String| format!("line {}: {msg}", line + 1);
    if required && text.trim().is_empty() {
        return Err(FieldError::required(
            field,
            at(format!("{what} is required")),
        ));
    }
    if text.chars().count() > max {
        return Err(FieldError::too_long(
            field,
            max,
            at(format!("{what}: at most {max} characters")),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(FieldError::bad_format(
            field,
            at(format!("{what}: no control characters")),
        ));
    }
    Ok(())
}

fn check_amounts(
    field: &'static str,
    line: usize,
    quantity_milli: i64,
    unit_price: Fen,
) -> Result<(), FieldError> {
    if quantity_milli <= 0 || quantity_milli > MAX_QUANTITY_MILLI {
        return Err(FieldError::out_of_range(
            field,
            format!(
                "line {}: quantity must be more than 0 and at most {}",
                line + 1,
                format_quantity(MAX_QUANTITY_MILLI)
            ),
        ));
    }
    if unit_price < Fen::ZERO || unit_price > MAX_UNIT_PRICE {
        return Err(FieldError::out_of_range(
            field,
            format!(
                "line {}: unit price must be 0 to {}",
                line + 1,
                format_yuan(MAX_UNIT_PRICE)
            ),
        ));
    }
    Ok(())
}

/// Checks every rule of a revision's content and returns its totals.
pub fn validate(content: &QuoteRevisionContent) -> Result<QuoteTotals, FieldError> {
    if content.materials.is_empty() && content.labour.is_empty() {
        return Err(FieldError::required(
            "materials",
            "a quote needs at least one line",
        ));
    }
    if content.materials.len() > MAX_LINES {
        return Err(FieldError::too_long(
            "materials",
            MAX_LINES,
            format!("at most {MAX_LINES} lines"),
        ));
    }
    if content.labour.len() > MAX_LINES {
        return Err(FieldError::too_long(
            "labour",
            MAX_LINES,
            format!("at most {MAX_LINES} lines"),
        ));
    }
    let mut keys = Vec::new();
    for (i, m) in content.materials.iter().enumerate() {
        let f = "materials";
        check_text(f, i, "category", &m.category, MAX_NAME_CHARS, true)?;
        check_text(f, i, "room", &m.room, MAX_NAME_CHARS, false)?;
        check_text(f, i, "brand", &m.brand, MAX_NAME_CHARS, true)?;
        check_text(f, i, "model", &m.model, MAX_NAME_CHARS, true)?;
        check_text(f, i, "env_grade", &m.env_grade, MAX_ENV_GRADE_CHARS, true)?;
        check_text(f, i, "unit", &m.unit, MAX_UNIT_CHARS, true)?;
        check_amounts(f, i, m.quantity_milli, m.unit_price)?;
        keys.push((f, i, m.line_key()));
    }
    for (i, l) in content.labour.iter().enumerate() {
        let f = "labour";
        check_text(f, i, "process", &l.process, MAX_NAME_CHARS, true)?;
        check_text(f, i, "room", &l.room, MAX_NAME_CHARS, false)?;
        check_text(f, i, "unit", &l.unit, MAX_UNIT_CHARS, true)?;
        check_amounts(f, i, l.quantity_milli, l.unit_price)?;
        keys.push((f, i, l.line_key()));
    }
    for (n, (field, i, key)) in keys.iter().enumerate() {
        if keys[..n].iter().any(|(_, _, k)| k == key) {
            return Err(FieldError::duplicate(
                field,
                format!("line {}: the same item is listed twice", i + 1),
            ));
        }
    }
    let s = &content.schedule;
    super::dates::check_date("schedule", s.start)?;
    super::dates::check_date("schedule", s.end)?;
    if s.end < s.start {
        return Err(FieldError::out_of_range(
            "schedule",
            "the end is before the start",
        ));
    }
    if s.days() > MAX_SCHEDULE_DAYS {
        return Err(FieldError::out_of_range(
            "schedule",
            format!("at most {MAX_SCHEDULE_DAYS} days"),
        ));
    }
    validate_payment_plan(&content.payment_plan)?;
    if content.special_notes.chars().count() > MAX_NOTES_CHARS {
        return Err(FieldError::too_long(
            "special_notes",
            MAX_NOTES_CHARS,
            format!("at most {MAX_NOTES_CHARS} characters"),
        ));
    }
    totals(content)
}

/// Payment stages: 1 to [`MAX_PAYMENT_STAGES`], each named with a positive share, summing to 100 %.
pub fn validate_payment_plan(plan: &[PaymentStage]) -> Result<(), FieldError> {
    let field = "payment_plan";
    if plan.is_empty() {
        return Err(FieldError::required(
            field,
            "add at least one payment stage",
        ));
    }
    if plan.len() > MAX_PAYMENT_STAGES {
        return Err(FieldError::too_long(
            field,
            MAX_PAYMENT_STAGES,
            format!("at most {MAX_PAYMENT_STAGES} stages"),
        ));
    }
    let mut sum: i64 = 0;
    for (i, p) in plan.iter().enumerate() {
        check_text(field, i, "name", &p.name, MAX_NAME_CHARS, true)?;
        if p.percent_bp == 0 {
            return Err(FieldError::out_of_range(
                field,
                format!("line {}: share must be more than 0", i + 1),
            ));
        }
        sum += i64::from(p.percent_bp);
    }
    if sum != BP_WHOLE {
        return Err(FieldError::out_of_range(
            field,
            format!("stages add up to {sum} bp, not 100%"),
        ));
    }
    Ok(())
}

/// The amount due at each stage; rounding is settled on the last stage, so they sum to `total`.
pub fn payment_amounts(plan: &[PaymentStage], total: Fen) -> Option<Vec<Fen>> {
    let mut out = Vec::with_capacity(plan.len());
    let mut left = total;
    for (i, p) in plan.iter().enumerate() {
        let amount = if i + 1 == plan.len() {
            left
        } else {
            total.scale_bp(i64::from(p.percent_bp))?
        };
        left = left.checked_sub(amount)?;
        out.push(amount);
    }
    Some(out)
}

/// Guideline whole budget split 5:3:2 (hard fit-out, soft furnishing, appliances); the rounding
/// remainder goes to the hard fit-out.
pub fn budget_split(total: Fen) -> Option<[Fen; 3]> {
    let soft = total.scale_bp(BUDGET_SPLIT_BP[1])?;
    let appliances = total.scale_bp(BUDGET_SPLIT_BP[2])?;
    let hard = total.checked_sub(soft)?.checked_sub(appliances)?;
    Some([hard, soft, appliances])
}

// ---------------------------------------------------------------------------------------------
// Totals and diffs
// ---------------------------------------------------------------------------------------------

/// A quote's sums, the ±5 % budget range and the advised 8 % buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct QuoteTotals {
    pub materials: Fen,
    pub labour: Fen,
    pub total: Fen,
    /// Total − 5 %, rounded half-up.
    pub range_low: Fen,
    /// Total + 5 %, rounded half-up.
    pub range_high: Fen,
    /// 8 % of the total, advised to be kept aside.
    pub buffer_advised: Fen,
}

fn overflow() -> FieldError {
    FieldError::out_of_range("materials", "amounts are too large")
}

/// Sums the lines (each rounded to the fen first) and derives the range and buffer.
pub fn totals(content: &QuoteRevisionContent) -> Result<QuoteTotals, FieldError> {
    let materials = content
        .materials
        .iter()
        .try_fold(Fen::ZERO, |acc, m| acc.checked_add(m.total()?))
        .ok_or_else(overflow)?;
    let labour = content
        .labour
        .iter()
        .try_fold(Fen::ZERO, |acc, l| acc.checked_add(l.total()?))
        .ok_or_else(overflow)?;
    let total = materials.checked_add(labour).ok_or_else(overflow)?;
    let low = total
        .scale_bp(BP_WHOLE - BUDGET_RANGE_BP)
        .ok_or_else(overflow)?;
    let high = total
        .scale_bp(BP_WHOLE + BUDGET_RANGE_BP)
        .ok_or_else(overflow)?;
    let buffer = total.scale_bp(BUFFER_BP).ok_or_else(overflow)?;
    Ok(QuoteTotals {
        materials,
        labour,
        total,
        range_low: low,
        range_high: high,
        buffer_advised: buffer,
    })
}

/// A line present in only one of two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct LineEntry {
    pub key: String,
    pub line: QuoteLine,
    pub total: Fen,
}

/// A line present in both revisions with different content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct LineChange {
    pub key: String,
    pub before: QuoteLine,
    pub after: QuoteLine,
    pub total_before: Fen,
    pub total_after: Fen,
    /// `total_after − total_before`.
    pub delta: Fen,
}

/// What changed from one revision to the next, and whether the change needs approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct RevisionDiff {
    /// Lines only in the new revision, in its order.
    pub added: Vec<LineEntry>,
    /// Lines only in the old revision, in its order.
    pub removed: Vec<LineEntry>,
    /// Lines in both whose content differs, in the new revision's order.
    pub changed: Vec<LineChange>,
    /// Schedule, payment plan or special notes differ.
    pub terms_changed: bool,
    pub total_before: Fen,
    pub total_after: Fen,
    /// `total_after − total_before`.
    pub total_delta: Fen,
    /// Delta relative to the old total, in basis points, rounded half-up; a change from a zero
    /// total counts as ±10 000.
    pub delta_ratio_bp: i64,
    /// The total moved by more than [`APPROVAL_THRESHOLD_BP`] (exactly 5 % does not).
    pub needs_approval: bool,
}

/// Does moving the total from `before` to `after` need approval (strictly more than 5 %)?
pub fn needs_approval(before: Fen, after: Fen) -> bool {
    let delta = (i128::from(after.0) - i128::from(before.0)).abs();
    let base = i128::from(before.0).abs();
    delta * i128::from(BP_WHOLE) > base * i128::from(APPROVAL_THRESHOLD_BP)
}

/// `after − before` relative to `before`, in basis points (see [`RevisionDiff::delta_ratio_bp`]).
pub fn delta_ratio_bp(before: Fen, after: Fen) -> i64 {
    let delta = i128::from(after.0) - i128::from(before.0);
    let base = i128::from(before.0).abs();
    let bp = if base == 0 {
        delta.signum() * i128::from(BP_WHOLE)
    } else {
        round_div(delta * i128::from(BP_WHOLE), base)
    };
    i64::try_from(bp).unwrap_or(if bp < 0 { i64::MIN } else { i64::MAX })
}

fn entry(line: QuoteLine) -> Result<LineEntry, FieldError> {
    Ok(LineEntry {
        key: line.line_key(),
        total: line.total().ok_or_else(overflow)?,
        line,
    })
}

/// Compares two revisions line by line, matching lines by [`QuoteLine::line_key`].
pub fn diff(
    prev: &QuoteRevisionContent,
    next: &QuoteRevisionContent,
) -> Result<RevisionDiff, FieldError> {
    let before_lines = prev.lines();
    let after_lines = next.lines();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for a in &after_lines {
        let key = a.line_key();
        match before_lines.iter().find(|b| b.line_key() == key) {
            None => added.push(entry(a.clone())?),
            Some(b) if b != a => {
                let total_before = b.total().ok_or_else(overflow)?;
                let total_after = a.total().ok_or_else(overflow)?;
                changed.push(LineChange {
                    key,
                    before: b.clone(),
                    after: a.clone(),
                    total_before,
                    total_after,
                    delta: total_after.checked_sub(total_before).ok_or_else(overflow)?,
                });
            }
            Some(_) => {}
        }
    }
    let mut removed = Vec::new();
    for b in &before_lines {
        let key = b.line_key();
        if !after_lines.iter().any(|a| a.line_key() == key) {
            removed.push(entry(b.clone())?);
        }
    }
    let total_before = totals(prev)?.total;
    let total_after = totals(next)?.total;
    Ok(RevisionDiff {
        added,
        removed,
        changed,
        terms_changed: prev.schedule != next.schedule
            || prev.payment_plan != next.payment_plan
            || prev.special_notes != next.special_notes,
        total_before,
        total_after,
        total_delta: total_after.checked_sub(total_before).ok_or_else(overflow)?,
        delta_ratio_bp: delta_ratio_bp(total_before, total_after),
        needs_approval: needs_approval(total_before, total_after),
    })
}

/// Canonical serialisation of a revision's content, for the server to hash (SHA-256).
///
/// Compact JSON, fields in declaration order, amounts as integer fen, dates as `YYYY-MM-DD`.
/// Hash validated (trimmed) content so that equal quotes hash equally.
pub fn canonical_json(content: &QuoteRevisionContent) -> String {
    // Serialising these plain structs cannot fail; the fallback still depends on the content.
    serde_json::to_string(content).unwrap_or_else(|_| format!("{content:?}"))
}

// ---------------------------------------------------------------------------------------------
// Confirmation
// ---------------------------------------------------------------------------------------------

/// Where the homeowner is in confirming a revision: basic terms → special notes → code sent →
/// confirmed (or rejected at any step before).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum ConfirmStep {
    /// Step 1: schedule and payment plan.
    BasicTerms,
    /// Step 2: material environmental standards and construction norms.
    SpecialNotes,
    /// Step 3: a one-time code was sent to the homeowner's phone.
    CodeSent,
    /// Confirmed with the code; the revision is frozen.
    Confirmed,
    /// The homeowner turned the revision down.
    Rejected { reason: String },
}

impl ConfirmStep {
    /// Stable name for storage.
    pub fn as_str(&self) -> &'static str {
        match self {
            ConfirmStep::BasicTerms => "basic_terms",
            ConfirmStep::SpecialNotes => "special_notes",
            ConfirmStep::CodeSent => "code_sent",
            ConfirmStep::Confirmed => "confirmed",
            ConfirmStep::Rejected { .. } => "rejected",
        }
    }

    /// Rebuilds a step from storage; `reason` is used only for `rejected`.
    pub fn parse(s: &str, reason: Option<&str>) -> Option<ConfirmStep> {
        Some(match s {
            "basic_terms" => ConfirmStep::BasicTerms,
            "special_notes" => ConfirmStep::SpecialNotes,
            "code_sent" => ConfirmStep::CodeSent,
            "confirmed" => ConfirmStep::Confirmed,
            "rejected" => ConfirmStep::Rejected {
                reason: reason?.to_string(),
            },
            _ => return None,
        })
    }

    /// Confirmed or rejected: nothing more can happen to this revision.
    pub fn is_final(&self) -> bool {
        matches!(self, ConfirmStep::Confirmed | ConfirmStep::Rejected { .. })
    }
}

/// What the homeowner (or the server, for the code) does at a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ConfirmAction {
    /// Accept schedule and payment plan (at `basic_terms`).
    AcceptBasicTerms,
    /// Accept the special notes; the server sends the code (at `special_notes`).
    AcceptSpecialNotes,
    /// Send a fresh code (at `code_sent`).
    ResendCode,
    /// The server checked the code and it matched (at `code_sent`).
    CodeVerified,
    /// Turn the revision down, with a reason of 5 to 500 characters.
    Reject { reason: String },
}

/// Why a confirmation action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// The revision is already confirmed or rejected.
    #[error("this revision is already {0}")]
    Finished(&'static str),
    /// The action belongs to another step; steps cannot be skipped.
    #[error("not possible at step {step}")]
    OutOfOrder { step: &'static str },
    /// The rejection reason is missing or too long.
    #[error(transparent)]
    Invalid(#[from] FieldError),
    /// The code is older than [`OTP_TTL_SECS`].
    #[error("the code has expired")]
    CodeExpired,
    /// [`OTP_MAX_TRIES`] wrong codes were entered.
    #[error("too many wrong codes")]
    TooManyTries,
}

/// Checks a free-text reason: trimmed, 5 to 500 characters.
pub fn validate_reason(reason: &str) -> Result<String, FieldError> {
    let r = reason.trim();
    let n = r.chars().count();
    let msg = || format!("{REASON_MIN_CHARS} to {REASON_MAX_CHARS} characters");
    if n < REASON_MIN_CHARS {
        return Err(FieldError::too_short("reason", REASON_MIN_CHARS, msg()));
    }
    if n > REASON_MAX_CHARS {
        return Err(FieldError::too_long("reason", REASON_MAX_CHARS, msg()));
    }
    Ok(r.to_string())
}

/// The step after `action`; refuses skipping, going back and anything after the final step.
pub fn advance(step: &ConfirmStep, action: ConfirmAction) -> Result<ConfirmStep, StepError> {
    if step.is_final() {
        return Err(StepError::Finished(step.as_str()));
    }
    match (step, action) {
        (_, ConfirmAction::Reject { reason }) => Ok(ConfirmStep::Rejected {
            reason: validate_reason(&reason)?,
        }),
        (ConfirmStep::BasicTerms, ConfirmAction::AcceptBasicTerms) => Ok(ConfirmStep::SpecialNotes),
        (ConfirmStep::SpecialNotes, ConfirmAction::AcceptSpecialNotes) => Ok(ConfirmStep::CodeSent),
        (ConfirmStep::CodeSent, ConfirmAction::ResendCode) => Ok(ConfirmStep::CodeSent),
        (ConfirmStep::CodeSent, ConfirmAction::CodeVerified) => Ok(ConfirmStep::Confirmed),
        (s, _) => Err(StepError::OutOfOrder { step: s.as_str() }),
    }
}

/// When a code sent at `sent_at` stops working.
pub fn otp_expires_at(sent_at: DateTime<Utc>) -> DateTime<Utc> {
    sent_at + Duration::seconds(OTP_TTL_SECS)
}

/// May a code sent at `sent_at` still be tried, after `failed_tries` wrong ones?
/// Valid while `now < sent_at + 300 s` and fewer than 5 wrong codes were entered.
pub fn check_otp_attempt(
    sent_at: DateTime<Utc>,
    now: DateTime<Utc>,
    failed_tries: u32,
) -> Result<(), StepError> {
    if failed_tries >= OTP_MAX_TRIES {
        return Err(StepError::TooManyTries);
    }
    if now >= otp_expires_at(sent_at) {
        return Err(StepError::CodeExpired);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Design changes
// ---------------------------------------------------------------------------------------------

/// Free design changes per phase (DOMAIN.md default: 3 before signing, 2 after); unused
/// changes before signing do not carry over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ChangeAllowance {
    pub before_signing: u32,
    pub after_signing: u32,
}

impl Default for ChangeAllowance {
    fn default() -> Self {
        ChangeAllowance {
            before_signing: FREE_CHANGES_BEFORE_SIGNING,
            after_signing: FREE_CHANGES_AFTER_SIGNING,
        }
    }
}

impl ChangeAllowance {
    /// Free changes left in the current phase, given the changes already made in it.
    pub fn free_left(&self, signed: bool, used_in_phase: u32) -> u32 {
        let allowed = if signed {
            self.after_signing
        } else {
            self.before_signing
        };
        allowed.saturating_sub(used_in_phase)
    }

    /// Is the next change free?
    pub fn next_is_free(&self, signed: bool, used_in_phase: u32) -> bool {
        self.free_left(signed, used_in_phase) > 0
    }
}

/// Is the next design change free under the default allowance (3 before signing, 2 after)?
/// `used_in_phase` counts the changes already made in the same phase.
pub fn design_change_is_free(signed: bool, used_in_phase: u32) -> bool {
    ChangeAllowance::default().next_is_free(signed, used_in_phase)
}

// ---------------------------------------------------------------------------------------------
// API views
// ---------------------------------------------------------------------------------------------

/// Where a revision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    /// Published, waiting for the homeowner.
    Pending,
    /// Confirmed with the one-time code: never changes again.
    Confirmed,
    /// Rejected by the homeowner with a reason.
    Rejected,
    /// Replaced by a newer revision before it was confirmed.
    Superseded,
}

impl QuoteStatus {
    /// Stable name for storage.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteStatus::Pending => "pending",
            QuoteStatus::Confirmed => "confirmed",
            QuoteStatus::Rejected => "rejected",
            QuoteStatus::Superseded => "superseded",
        }
    }

    /// The status named by [`QuoteStatus::as_str`].
    pub fn parse(s: &str) -> Option<QuoteStatus> {
        [
            QuoteStatus::Pending,
            QuoteStatus::Confirmed,
            QuoteStatus::Rejected,
            QuoteStatus::Superseded,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }
}

/// One revision in the project's list of quotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct QuoteSummary {
    pub id: String,
    pub revision: i64,
    pub status: QuoteStatus,
    pub total: Fen,
    /// Change against the revision it was compared with (0 for the first).
    pub delta: Fen,
    pub needs_approval: bool,
    pub approved: bool,
    pub published_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The caller is the crew: `total` and `delta` are withheld (sent as 0).
    #[serde(default)]
    pub prices_hidden: bool,
}

impl QuoteSummary {
    /// The crew's copy: no total and no change in cost.
    pub fn without_prices(self) -> Self {
        Self {
            total: Fen::ZERO,
            delta: Fen::ZERO,
            prices_hidden: true,
            ..self
        }
    }
}

/// A quote revision as the homeowner reads it (and staff manage it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct QuoteRevisionView {
    pub id: String,
    pub project_id: String,
    pub revision: i64,
    pub status: QuoteStatus,
    pub content: QuoteRevisionContent,
    pub totals: QuoteTotals,
    /// Amount of each payment stage, in plan order (the last takes the remainder).
    pub payment_amounts: Vec<Fen>,
    /// SHA-256 of the canonical content.
    pub content_hash: String,
    pub step: ConfirmStep,
    pub published_at: DateTime<Utc>,
    /// The revision the diff compares with (the last confirmed one, else the previous).
    pub compared_with: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<RevisionDiff>,
    /// The change moves the cost by more than 5%: a manager must approve it.
    pub needs_approval: bool,
    pub approved: bool,
    /// When the confirmation code was sent and until when it works.
    pub code_sent_at: Option<DateTime<Utc>>,
    pub code_expires_at: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Masked name of who confirmed.
    pub confirmed_by: Option<String>,
    pub rejected_at: Option<DateTime<Utc>>,
    /// May the caller take the confirmation steps now (the homeowner, pending, approved)?
    pub can_confirm: bool,
    /// May the caller still edit it in place (staff, pending, no step taken)?
    pub can_edit: bool,
    /// Raised by every change of the revision (an edit, a step, an approval): an edit in place
    /// sends the version it was made from and is refused (409 `stale_revision`) when stale.
    #[serde(default)]
    pub version: i64,
    /// Free design changes left in this phase.
    pub free_changes_left: u32,
    /// The caller is the crew: it sees what to build (materials, processes, quantities,
    /// schedule, notes) while every price, total, the payment plan, the priced diff and the
    /// content hash are withheld (prices sent as 0, lists empty).
    #[serde(default)]
    pub prices_hidden: bool,
}

impl QuoteRevisionView {
    /// The crew's copy of a revision: what to build, without any money.
    pub fn without_prices(mut self) -> Self {
        for m in &mut self.content.materials {
            m.unit_price = Fen::ZERO;
        }
        for l in &mut self.content.labour {
            l.unit_price = Fen::ZERO;
        }
        self.content.payment_plan.clear();
        self.totals = QuoteTotals::default();
        self.payment_amounts.clear();
        self.diff = None;
        self.content_hash.clear();
        self.prices_hidden = true;
        self
    }
}

/// The confirmation steps a client may ask for (never `code_verified`: only a right code
/// does that, through `/verify`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepAction {
    AcceptBasicTerms,
    /// Sends the code.
    AcceptSpecialNotes,
    ResendCode,
    /// With a reason.
    Reject,
}

/// A homeowner's confirmation step: `{"action": "accept_basic_terms"}`,
/// `{"action": "accept_special_notes"}` (sends the code), `{"action": "resend_code"}` or
/// `{"action": "reject", "reason": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct StepInput {
    pub action: StepAction,
    #[serde(default)]
    pub reason: String,
}

impl StepInput {
    /// The step as the confirmation machine takes it.
    pub fn action(&self) -> ConfirmAction {
        match self.action {
            StepAction::AcceptBasicTerms => ConfirmAction::AcceptBasicTerms,
            StepAction::AcceptSpecialNotes => ConfirmAction::AcceptSpecialNotes,
            StepAction::ResendCode => ConfirmAction::ResendCode,
            StepAction::Reject => ConfirmAction::Reject {
                reason: self.reason.clone(),
            },
        }
    }
}

/// The one-time code the homeowner types at the final step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct VerifyCodeInput {
    pub code: String,
}

impl VerifyCodeInput {
    /// Six digits (spaces ignored).
    pub fn validated(&self) -> Result<String, FieldError> {
        let code: String = self.code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::bad_format("code", "the code has 6 digits"));
        }
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn tile(q: i64, price: i64) -> MaterialLine {
        MaterialLine {
            category: "瓷砖".into(),
            room: "客厅".into(),
            brand: "马可波罗".into(),
            model: "CH8001".into(),
            env_grade: "A类".into(),
            quantity_milli: q,
            unit: "㎡".into(),
            unit_price: Fen(price),
        }
    }

    fn labour(process: &str, q: i64, price: i64) -> LabourLine {
        LabourLine {
            process: process.into(),
            room: String::new(),
            quantity_milli: q,
            unit: "㎡".into(),
            unit_price: Fen(price),
        }
    }

    fn content() -> QuoteRevisionContent {
        QuoteRevisionContent {
            materials: vec![tile(30_000, 12_000)],
            labour: vec![labour("墙面找平", 80_000, 3_500)],
            schedule: Schedule {
                start: d(2026, 3, 1),
                end: d(2026, 5, 31),
            },
            payment_plan: vec![
                PaymentStage {
                    name: "开工款".into(),
                    percent_bp: 3000,
                },
                PaymentStage {
                    name: "中期款".into(),
                    percent_bp: 6500,
                },
                PaymentStage {
                    name: "尾款".into(),
                    percent_bp: 500,
                },
            ],
            special_notes: "主材环保等级不低于E0级".into(),
        }
    }

    #[test]
    fn formats_yuan_with_separators() {
        assert_eq!(format_yuan(Fen(123_456)), "¥1,234.56");
        assert_eq!(format_yuan(Fen(0)), "¥0.00");
        assert_eq!(format_yuan(Fen(5)), "¥0.05");
        assert_eq!(format_yuan(Fen(-5)), "-¥0.05");
        assert_eq!(format_yuan(Fen(100_000_000)), "¥1,000,000.00");
        assert_eq!(format_yuan(Fen(99_999)), "¥999.99");
        assert_eq!(Fen(123_456).to_string(), "¥1,234.56");
        assert_eq!(format_yuan(Fen(i64::MIN)), "-¥92,233,720,368,547,758.08");
    }

    #[test]
    fn parses_yuan_strings() {
        assert_eq!(Fen::parse("1234.56"), Some(Fen(123_456)));
        assert_eq!(Fen::parse("1234.5"), Some(Fen(123_450)));
        assert_eq!(Fen::parse("1234"), Some(Fen(123_400)));
        assert_eq!(Fen::parse(" 0.05 "), Some(Fen(5)));
        assert_eq!(Fen::parse("¥1,234.56"), Some(Fen(123_456)));
        assert_eq!(Fen::parse("-12.30"), Some(Fen(-1230)));
        assert_eq!("7.00".parse::<Fen>(), Ok(Fen(700)));
        for bad in [
            "",
            ".",
            "1.",
            ".5",
            "1.234",
            "1,23",
            "12,3456",
            ",123",
            "abc",
            "1e3",
            "--1",
            "+1",
            "1.2.3",
            "99999999999999999999",
        ] {
            assert_eq!(Fen::parse(bad), None, "{bad:?}");
        }
        assert_eq!("x".parse::<Fen>(), Err(ParseFenError));
    }

    #[test]
    fn format_and_parse_round_trip() {
        // A small deterministic LCG instead of a property-testing crate.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let v = (x >> 11) as i64 % 10_000_000_000_000 - 5_000_000_000_000;
            let f = Fen(v);
            assert_eq!(Fen::parse(&format_yuan(f)), Some(f), "{v}");
        }
    }

    #[test]
    fn quantities_parse_and_format() {
        assert_eq!(parse_quantity("12.5"), Some(12_500));
        assert_eq!(parse_quantity("3"), Some(3_000));
        assert_eq!(parse_quantity("0.001"), Some(1));
        assert_eq!(parse_quantity("0.0001"), None);
        assert_eq!(format_quantity(12_500), "12.5");
        assert_eq!(format_quantity(3_000), "3");
        assert_eq!(format_quantity(1), "0.001");
        assert_eq!(format_quantity(-1_010), "-1.01");
        for q in (0..50_000).step_by(7) {
            assert_eq!(parse_quantity(&format_quantity(q)), Some(q));
        }
    }

    #[test]
    fn checked_arithmetic() {
        assert_eq!(Fen(1).checked_add(Fen(2)), Some(Fen(3)));
        assert_eq!(Fen(i64::MAX).checked_add(Fen(1)), None);
        assert_eq!(Fen(i64::MIN).checked_sub(Fen(1)), None);
        assert_eq!(Fen(250).checked_mul(4), Some(Fen(1000)));
        assert_eq!(Fen(i64::MAX).checked_mul(2), None);
        assert_eq!(Fen::from_yuan(12), Some(Fen(1200)));
        assert_eq!(Fen::from_yuan(i64::MAX), None);
        assert_eq!(Fen::sum([Fen(1), Fen(2), Fen(3)]), Some(Fen(6)));
        assert_eq!(Fen::sum([Fen(i64::MAX), Fen(1)]), None);
        assert_eq!(Fen(i64::MAX).mul_milli(2000), None);
    }

    #[test]
    fn line_totals_round_half_up() {
        // 0.5 fen rounds up.
        assert_eq!(tile(500, 1).total(), Some(Fen(1)));
        // 0.499 fen rounds down.
        assert_eq!(tile(499, 1).total(), Some(Fen(0)));
        // 12.345 ㎡ × ¥0.99 = 1222.155 fen → 1222
        assert_eq!(tile(12_345, 99).total(), Some(Fen(1222)));
        // 1.5 × ¥0.03 = 4.5 fen → 5
        assert_eq!(tile(1_500, 3).total(), Some(Fen(5)));
        // 2.5 × ¥0.01 = 2.5 fen → 3 (half-up, not banker's)
        assert_eq!(labour("x", 2_500, 1).total(), Some(Fen(3)));
        assert_eq!(tile(1_000, 12_345).total(), Some(Fen(12_345)));
        // Negative amounts round half away from zero.
        assert_eq!(Fen(-1).mul_milli(500), Some(Fen(-1)));
        assert_eq!(Fen(-1).mul_milli(499), Some(Fen(0)));
    }

    #[test]
    fn totals_range_and_buffer() {
        let t = totals(&content()).unwrap();
        assert_eq!(t.materials, Fen(360_000));
        assert_eq!(t.labour, Fen(280_000));
        assert_eq!(t.total, Fen(640_000));
        assert_eq!(t.range_low, Fen(608_000));
        assert_eq!(t.range_high, Fen(672_000));
        assert_eq!(t.buffer_advised, Fen(51_200));
    }

    #[test]
    fn range_on_odd_totals_rounds_half_up() {
        let mut c = content();
        c.labour.clear();
        // total 10 fen: ±5 % = ±0.5 → 9.5 → 10, 10.5 → 11
        c.materials = vec![tile(1_000, 10)];
        let t = totals(&c).unwrap();
        assert_eq!((t.range_low, t.range_high), (Fen(10), Fen(11)));
        // 8 % of 10 = 0.8 → 1
        assert_eq!(t.buffer_advised, Fen(1));
        // total 12_345 fen: 11727.75 → 11728, 12962.25 → 12962, 8 % = 987.6 → 988
        c.materials = vec![tile(1_000, 12_345)];
        let t = totals(&c).unwrap();
        assert_eq!(t.range_low, Fen(11_728));
        assert_eq!(t.range_high, Fen(12_962));
        assert_eq!(t.buffer_advised, Fen(988));
        // total 1 fen: 0.95 → 1, 1.05 → 1
        c.materials = vec![tile(1_000, 1)];
        let t = totals(&c).unwrap();
        assert_eq!((t.range_low, t.range_high), (Fen(1), Fen(1)));
    }

    #[test]
    fn range_property_over_many_totals() {
        let mut c = content();
        c.labour.clear();
        for fen in (0..20_000).step_by(13) {
            c.materials = vec![tile(1_000, fen)];
            let t = totals(&c).unwrap();
            assert_eq!(t.total, Fen(fen));
            // |exact − rounded| ≤ 0.5 fen, with exact = fen × 0.95 (×100 to stay integral).
            assert!((t.range_low.0 * 100 - fen * 95).abs() <= 50, "{fen}");
            assert!((t.range_high.0 * 100 - fen * 105).abs() <= 50, "{fen}");
            // Exactly half rounds up.
            if (fen * 95) % 100 == 50 {
                assert_eq!(t.range_low.0 * 100, fen * 95 + 50);
            }
            assert!(t.range_low <= t.total && t.total <= t.range_high);
        }
    }

    #[test]
    fn valid_content_passes_and_is_trimmed() {
        let mut c = content();
        c.materials[0].brand = "  马可波罗 ".into();
        c.special_notes = "  注意 ".into();
        let v = c.validated().unwrap();
        assert_eq!(v.materials[0].brand, "马可波罗");
        assert_eq!(v.special_notes, "注意");
        assert_eq!(validate(&v).unwrap().total, Fen(640_000));
    }

    #[test]
    fn validation_rules() {
        let field = |c: QuoteRevisionContent| c.validated().unwrap_err().field;

        let mut c = content();
        c.materials.clear();
        c.labour.clear();
        assert_eq!(field(c), "materials");

        let mut c = content();
        c.materials.clear();
        assert!(c.validated().is_ok(), "labour only is fine");

        let mut c = content();
        c.materials[0].quantity_milli = 0;
        assert_eq!(field(c), "materials");
        let mut c = content();
        c.labour[0].quantity_milli = -1;
        assert_eq!(field(c), "labour");
        let mut c = content();
        c.labour[0].quantity_milli = MAX_QUANTITY_MILLI + 1;
        assert_eq!(field(c), "labour");

        let mut c = content();
        c.materials[0].unit_price = Fen(-1);
        assert_eq!(field(c), "materials");
        let mut c = content();
        c.materials[0].unit_price = Fen(0);
        assert!(c.validated().is_ok(), "free items are allowed");
        let mut c = content();
        c.materials[0].unit_price = Fen(MAX_UNIT_PRICE.0 + 1);
        assert_eq!(field(c), "materials");

        let mut c = content();
        c.materials[0].brand = "  ".into();
        assert_eq!(field(c), "materials");
        let mut c = content();
        c.materials[0].env_grade = String::new();
        assert_eq!(field(c), "materials");
        let mut c = content();
        c.materials[0].model = "字".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(field(c), "materials");
        let mut c = content();
        c.materials[0].model = "字".repeat(MAX_NAME_CHARS);
        assert!(c.validated().is_ok());
        let mut c = content();
        c.materials[0].model = "a\u{1f}b".into();
        assert_eq!(field(c), "materials");
        let mut c = content();
        c.labour[0].unit = "平方米平方米平方米".into();
        assert_eq!(field(c), "labour");

        let mut c = content();
        c.materials.push(tile(1_000, 1));
        let e = c.validated().unwrap_err();
        assert_eq!(e.field, "materials");
        assert!(e.message.contains("line 2"), "{}", e.message);

        let mut c = content();
        c.labour.push(labour("墙面找平", 1_000, 1));
        assert_eq!(field(c), "labour");

        let mut c = content();
        c.materials = (0..=MAX_LINES)
            .map(|i| {
                let mut t = tile(1_000, 1);
                t.model = i.to_string();
                t
            })
            .collect();
        assert_eq!(field(c), "materials");

        let mut c = content();
        c.special_notes = "x".repeat(MAX_NOTES_CHARS + 1);
        assert_eq!(field(c), "special_notes");
    }

    #[test]
    fn schedule_end_not_before_start() {
        let mut c = content();
        c.schedule.end = c.schedule.start;
        assert!(c.clone().validated().is_ok());
        assert_eq!(c.schedule.days(), 1);
        c.schedule.end = c.schedule.start.pred_opt().unwrap();
        assert_eq!(c.validated().unwrap_err().field, "schedule");
        let mut c = content();
        c.schedule.end = c.schedule.start + Duration::days(MAX_SCHEDULE_DAYS);
        assert_eq!(c.validated().unwrap_err().field, "schedule");
    }

    #[test]
    fn payment_plan_sums_to_100_percent() {
        let stage = |bp| PaymentStage {
            name: "款".into(),
            percent_bp: bp,
        };
        assert!(validate_payment_plan(&[stage(10_000)]).is_ok());
        assert!(validate_payment_plan(&[stage(3_000), stage(7_000)]).is_ok());
        assert!(validate_payment_plan(&[stage(3_000), stage(6_999)]).is_err());
        assert!(validate_payment_plan(&[stage(3_000), stage(7_001)]).is_err());
        assert!(validate_payment_plan(&[]).is_err());
        assert!(validate_payment_plan(&[stage(0), stage(10_000)]).is_err());
        let mut unnamed = stage(10_000);
        unnamed.name = " ".into();
        assert!(validate_payment_plan(&[unnamed]).is_err());
        let many: Vec<_> = (0..MAX_PAYMENT_STAGES + 1).map(|_| stage(1)).collect();
        assert!(validate_payment_plan(&many).is_err());
        let mut c = content();
        c.payment_plan[0].percent_bp = 2_999;
        assert_eq!(c.validated().unwrap_err().field, "payment_plan");
    }

    #[test]
    fn payment_amounts_sum_to_total() {
        let plan = content().payment_plan;
        let amounts = payment_amounts(&plan, Fen(100_001)).unwrap();
        assert_eq!(amounts, vec![Fen(30_000), Fen(65_001), Fen(5_000)]);
        for total in (0..5_000).step_by(7) {
            let a = payment_amounts(&plan, Fen(total)).unwrap();
            assert_eq!(Fen::sum(a), Some(Fen(total)));
        }
    }

    #[test]
    fn budget_split_is_5_3_2() {
        assert_eq!(
            budget_split(Fen(100_000)),
            Some([Fen(50_000), Fen(30_000), Fen(20_000)])
        );
        let [h, s, a] = budget_split(Fen(1_001)).unwrap();
        assert_eq!(h.0 + s.0 + a.0, 1_001);
    }

    #[test]
    fn diff_reports_added_removed_changed() {
        let prev = content();
        let mut next = content();
        // change: price of the tile line
        next.materials[0].unit_price = Fen(12_500);
        // added: a new material line
        let mut floor = tile(20_000, 20_000);
        floor.category = "地板".into();
        floor.room = "主卧".into();
        next.materials.push(floor);
        // removed: the labour line, replaced by another process
        next.labour = vec![labour("水电改造", 100_000, 2_000)];

        let diff = diff(&prev, &next).unwrap();
        assert_eq!(diff.added.len(), 2);
        assert_eq!(diff.added[0].total, Fen(400_000));
        assert_eq!(diff.added[1].key, next.labour[0].line_key());
        assert_eq!(diff.removed.len(), 1);
        assert_eq!(diff.removed[0].key, prev.labour[0].line_key());
        assert_eq!(diff.removed[0].total, Fen(280_000));
        assert_eq!(diff.changed.len(), 1);
        let ch = &diff.changed[0];
        assert_eq!(ch.before, QuoteLine::Material(prev.materials[0].clone()));
        assert_eq!(ch.after, QuoteLine::Material(next.materials[0].clone()));
        assert_eq!(
            (ch.total_before, ch.total_after),
            (Fen(360_000), Fen(375_000))
        );
        assert_eq!(ch.delta, Fen(15_000));
        assert!(!diff.terms_changed);
        assert_eq!(diff.total_before, Fen(640_000));
        assert_eq!(diff.total_after, Fen(975_000));
        assert_eq!(diff.total_delta, Fen(335_000));
        assert_eq!(diff.delta_ratio_bp, 5_234); // 52.34375 %
        assert!(diff.needs_approval);
    }

    #[test]
    fn identical_revisions_have_an_empty_diff() {
        let diff = diff(&content(), &content()).unwrap();
        assert!(diff.added.is_empty() && diff.removed.is_empty() && diff.changed.is_empty());
        assert_eq!(diff.total_delta, Fen::ZERO);
        assert_eq!(diff.delta_ratio_bp, 0);
        assert!(!diff.needs_approval);
    }

    #[test]
    fn key_is_stable_but_env_grade_change_is_a_change() {
        let prev = content();
        let mut next = content();
        next.materials[0].env_grade = "E0".into();
        next.special_notes = "新的说明".into();
        let diff = diff(&prev, &next).unwrap();
        assert!(diff.added.is_empty() && diff.removed.is_empty());
        assert_eq!(diff.changed.len(), 1);
        assert_eq!(diff.changed[0].delta, Fen::ZERO);
        assert!(diff.terms_changed);
        assert!(!diff.needs_approval);
    }

    #[test]
    fn material_and_labour_keys_never_collide() {
        let m = MaterialLine {
            category: "a".into(),
            room: "b".into(),
            brand: String::new(),
            model: String::new(),
            env_grade: "E0".into(),
            quantity_milli: 1,
            unit: "个".into(),
            unit_price: Fen(1),
        };
        let l = LabourLine {
            process: "a".into(),
            room: "b".into(),
            quantity_milli: 1,
            unit: "个".into(),
            unit_price: Fen(1),
        };
        assert_ne!(m.line_key(), l.line_key());
        let mut m2 = m.clone();
        m2.room = " b ".into();
        assert_eq!(
            m.line_key(),
            m2.line_key(),
            "keys ignore surrounding spaces"
        );
    }

    #[test]
    fn approval_boundary_is_exactly_5_percent() {
        let before = Fen(100_000);
        assert!(!needs_approval(before, Fen(105_000)));
        assert!(needs_approval(before, Fen(105_001)));
        assert!(!needs_approval(before, Fen(95_000)));
        assert!(needs_approval(before, Fen(94_999)));
        assert_eq!(delta_ratio_bp(before, Fen(105_000)), 500);
        assert_eq!(delta_ratio_bp(before, Fen(95_000)), -500);
        // 5.0004 % rounds to 500 bp but is still more than 5 %.
        let before = Fen(1_000_000_000);
        let after = Fen(1_050_040_000);
        assert_eq!(delta_ratio_bp(before, after), 500);
        assert!(needs_approval(before, after));
        // From zero, any change needs approval.
        assert!(needs_approval(Fen::ZERO, Fen(1)));
        assert!(!needs_approval(Fen::ZERO, Fen::ZERO));
        assert_eq!(delta_ratio_bp(Fen::ZERO, Fen(1)), BP_WHOLE);
    }

    #[test]
    fn approval_boundary_through_diff() {
        let prev = content(); // total 640_000; 5 % = 32_000
        let mut next = content();
        next.labour[0].unit_price = Fen(3_900); // labour 312_000: +32_000 exactly
        let diff1 = diff(&prev, &next).unwrap();
        assert_eq!(diff1.total_delta, Fen(32_000));
        assert_eq!(diff1.delta_ratio_bp, 500);
        assert!(!diff1.needs_approval);
        next.labour[0].quantity_milli = 80_001; // +0.35 fen → +32_000.35 → 312_004 … more
        let diff2 = diff(&prev, &next).unwrap();
        assert!(diff2.total_delta > Fen(32_000));
        assert!(diff2.needs_approval);
    }

    #[test]
    fn approval_property_matches_exact_ratio() {
        let mut x: u64 = 42;
        for _ in 0..5000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let before = (x >> 33) as i64 % 1_000_000;
            let after = (x >> 13) as i64 % 1_000_000;
            let exact_over = (after - before).abs() * 100 > before * 5;
            assert_eq!(
                needs_approval(Fen(before), Fen(after)),
                exact_over,
                "{before} {after}"
            );
        }
    }

    #[test]
    fn canonical_json_is_stable_and_content_dependent() {
        let a = canonical_json(&content());
        assert_eq!(a, canonical_json(&content()));
        assert!(
            a.starts_with("{\"materials\":[{\"category\":\"瓷砖\""),
            "{a}"
        );
        assert!(a.contains("\"unit_price\":12000"));
        assert!(a.contains("\"start\":\"2026-03-01\""));
        let mut c = content();
        c.materials[0].quantity_milli += 1;
        assert_ne!(a, canonical_json(&c));
        let back: QuoteRevisionContent = serde_json::from_str(&a).unwrap();
        assert_eq!(back, content());
    }

    #[test]
    fn confirmation_walks_every_step() {
        let s = ConfirmStep::BasicTerms;
        let s = advance(&s, ConfirmAction::AcceptBasicTerms).unwrap();
        assert_eq!(s, ConfirmStep::SpecialNotes);
        let s = advance(&s, ConfirmAction::AcceptSpecialNotes).unwrap();
        assert_eq!(s, ConfirmStep::CodeSent);
        let s = advance(&s, ConfirmAction::ResendCode).unwrap();
        assert_eq!(s, ConfirmStep::CodeSent);
        let s = advance(&s, ConfirmAction::CodeVerified).unwrap();
        assert_eq!(s, ConfirmStep::Confirmed);
        assert!(s.is_final());
    }

    #[test]
    fn confirmation_cannot_skip_or_go_back() {
        use ConfirmAction as A;
        use ConfirmStep as S;
        let refused = [
            (S::BasicTerms, A::AcceptSpecialNotes),
            (S::BasicTerms, A::CodeVerified),
            (S::BasicTerms, A::ResendCode),
            (S::SpecialNotes, A::AcceptBasicTerms),
            (S::SpecialNotes, A::CodeVerified),
            (S::SpecialNotes, A::ResendCode),
            (S::CodeSent, A::AcceptBasicTerms),
            (S::CodeSent, A::AcceptSpecialNotes),
        ];
        for (s, a) in refused {
            assert_eq!(
                advance(&s, a.clone()),
                Err(StepError::OutOfOrder { step: s.as_str() }),
                "{s:?} {a:?}"
            );
        }
    }

    #[test]
    fn confirmed_and_rejected_are_final() {
        let actions = [
            ConfirmAction::AcceptBasicTerms,
            ConfirmAction::AcceptSpecialNotes,
            ConfirmAction::ResendCode,
            ConfirmAction::CodeVerified,
            ConfirmAction::Reject {
                reason: "价格太高了".into(),
            },
        ];
        let rejected = ConfirmStep::Rejected {
            reason: "价格太高了".into(),
        };
        for a in actions {
            assert_eq!(
                advance(&ConfirmStep::Confirmed, a.clone()),
                Err(StepError::Finished("confirmed"))
            );
            assert_eq!(advance(&rejected, a), Err(StepError::Finished("rejected")));
        }
    }

    #[test]
    fn rejection_needs_a_reason() {
        for s in [
            ConfirmStep::BasicTerms,
            ConfirmStep::SpecialNotes,
            ConfirmStep::CodeSent,
        ] {
            let ok = advance(
                &s,
                ConfirmAction::Reject {
                    reason: "  工期太长了  ".into(),
                },
            );
            assert_eq!(
                ok,
                Ok(ConfirmStep::Rejected {
                    reason: "工期太长了".into()
                })
            );
            let short = advance(
                &s,
                ConfirmAction::Reject {
                    reason: " 不行 ".into(),
                },
            );
            assert!(matches!(short, Err(StepError::Invalid(_))));
        }
        assert!(validate_reason(&"字".repeat(REASON_MAX_CHARS)).is_ok());
        assert!(validate_reason(&"字".repeat(REASON_MAX_CHARS + 1)).is_err());
        assert!(validate_reason("12345").is_ok());
        assert!(validate_reason("1234").is_err());
    }

    #[test]
    fn step_round_trips_and_serialises_with_a_tag() {
        for s in [
            ConfirmStep::BasicTerms,
            ConfirmStep::SpecialNotes,
            ConfirmStep::CodeSent,
            ConfirmStep::Confirmed,
            ConfirmStep::Rejected {
                reason: "理由写清楚".into(),
            },
        ] {
            let reason = match &s {
                ConfirmStep::Rejected { reason } => Some(reason.as_str()),
                _ => None,
            };
            assert_eq!(ConfirmStep::parse(s.as_str(), reason), Some(s.clone()));
        }
        assert_eq!(ConfirmStep::parse("rejected", None), None);
        assert_eq!(ConfirmStep::parse("nope", None), None);
        assert_eq!(
            serde_json::to_string(&ConfirmStep::CodeSent).unwrap(),
            r#"{"step":"code_sent"}"#
        );
        let a: ConfirmAction =
            serde_json::from_str(r#"{"action":"reject","reason":"太贵了太贵了"}"#).unwrap();
        assert_eq!(
            a,
            ConfirmAction::Reject {
                reason: "太贵了太贵了".into()
            }
        );
        assert_eq!(serde_json::to_string(&Fen(123)).unwrap(), "123");
        let line = QuoteLine::Labour(labour("x", 1, 1));
        let json = serde_json::to_string(&line).unwrap();
        assert!(
            json.starts_with(r#"{"kind":"labour","process":"x""#),
            "{json}"
        );
    }

    #[test]
    fn otp_expires_after_300_seconds_and_5_tries() {
        let sent = DateTime::parse_from_rfc3339("2026-03-01T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(check_otp_attempt(sent, sent, 0), Ok(()));
        let almost = sent + Duration::seconds(OTP_TTL_SECS - 1);
        assert_eq!(check_otp_attempt(sent, almost, OTP_MAX_TRIES - 1), Ok(()));
        let at = sent + Duration::seconds(OTP_TTL_SECS);
        assert_eq!(otp_expires_at(sent), at);
        assert_eq!(check_otp_attempt(sent, at, 0), Err(StepError::CodeExpired));
        assert_eq!(
            check_otp_attempt(sent, sent, OTP_MAX_TRIES),
            Err(StepError::TooManyTries)
        );
    }

    #[test]
    fn design_changes_3_free_before_signing_2_after() {
        assert!(design_change_is_free(false, 0));
        assert!(design_change_is_free(false, 2));
        assert!(!design_change_is_free(false, 3));
        assert!(design_change_is_free(true, 1));
        assert!(!design_change_is_free(true, 2));
        let a = ChangeAllowance::default();
        assert_eq!(a.free_left(false, 0), 3);
        assert_eq!(a.free_left(true, 0), 2);
        assert_eq!(a.free_left(true, 7), 0);
        let custom = ChangeAllowance {
            before_signing: 1,
            after_signing: 0,
        };
        assert!(!custom.next_is_free(true, 0));
    }

    #[test]
    fn clients_cannot_claim_a_verified_code() {
        let step = |a: &str| {
            serde_json::from_value::<StepInput>(serde_json::json!({ "action": a }))
                .map(|s| s.action())
        };
        assert_eq!(
            step("accept_basic_terms").ok(),
            Some(ConfirmAction::AcceptBasicTerms)
        );
        assert!(step("code_verified").is_err());
        assert!(step("confirm").is_err());
    }

    #[test]
    fn codes_are_six_digits() {
        let c = |s: &str| VerifyCodeInput { code: s.into() }.validated();
        assert_eq!(c(" 123 456 "), Ok("123456".into()));
        assert!(c("12345").is_err());
        assert!(c("12345a").is_err());
        assert!(c("1234567").is_err());
    }

    #[test]
    fn quote_status_round_trips() {
        for st in [
            QuoteStatus::Pending,
            QuoteStatus::Confirmed,
            QuoteStatus::Rejected,
            QuoteStatus::Superseded,
        ] {
            assert_eq!(QuoteStatus::parse(st.as_str()), Some(st));
        }
        assert_eq!(QuoteStatus::parse("draft"), None);
    }

    #[test]
    fn reason_refusals_say_which_side_was_passed() {
        use crate::domain::error::FieldReason;
        let e = validate_reason("  abcd  ").unwrap_err();
        assert_eq!(
            (e.field, e.reason, e.limit),
            (
                "reason",
                FieldReason::TooShort,
                Some(REASON_MIN_CHARS as u32)
            )
        );
        let e = validate_reason(&"x".repeat(REASON_MAX_CHARS + 1)).unwrap_err();
        assert_eq!(
            (e.field, e.reason, e.limit),
            (
                "reason",
                FieldReason::TooLong,
                Some(REASON_MAX_CHARS as u32)
            )
        );
        assert!(validate_reason(&"x".repeat(REASON_MAX_CHARS)).is_ok());
        assert!(validate_reason(&"x".repeat(REASON_MIN_CHARS)).is_ok());
        let e = VerifyCodeInput {
            code: "12 34a6".into(),
        }
        .validated()
        .unwrap_err();
        assert_eq!((e.field, e.reason), ("code", FieldReason::BadFormat));
    }

    #[test]
    fn content_refusals_carry_their_reason_and_limit() {
        use crate::domain::error::FieldReason;
        let refusal = |f: fn(&mut QuoteRevisionContent)| {
            let mut c = content();
            f(&mut c);
            let e = validate(&c).unwrap_err();
            (e.field, e.reason, e.limit)
        };
        assert_eq!(
            refusal(|c| {
                c.materials.clear();
                c.labour.clear();
            }),
            ("materials", FieldReason::Required, None)
        );
        assert_eq!(
            refusal(|c| c.materials[0].unit = " ".into()),
            ("materials", FieldReason::Required, None)
        );
        assert_eq!(
            refusal(|c| c.materials[0].unit = "u".repeat(MAX_UNIT_CHARS + 1)),
            (
                "materials",
                FieldReason::TooLong,
                Some(MAX_UNIT_CHARS as u32)
            )
        );
        assert_eq!(
            refusal(|c| c.labour[0].process = "找平\u{7}".into()),
            ("labour", FieldReason::BadFormat, None)
        );
        assert_eq!(
            refusal(|c| c.labour = vec![c.labour[0].clone(); MAX_LINES + 1]),
            ("labour", FieldReason::TooLong, Some(MAX_LINES as u32))
        );
        assert_eq!(
            refusal(|c| c.materials.push(c.materials[0].clone())),
            ("materials", FieldReason::Duplicate, None)
        );
        assert_eq!(
            refusal(|c| c.materials[0].quantity_milli = 0),
            ("materials", FieldReason::OutOfRange, None)
        );
        assert_eq!(
            refusal(|c| c.schedule.end = c.schedule.start - Duration::days(1)),
            ("schedule", FieldReason::OutOfRange, None)
        );
        assert_eq!(
            refusal(|c| c.payment_plan.clear()),
            ("payment_plan", FieldReason::Required, None)
        );
        assert_eq!(
            refusal(|c| c.payment_plan[2].percent_bp = 400),
            ("payment_plan", FieldReason::OutOfRange, None)
        );
        assert_eq!(
            refusal(|c| c.special_notes = "x".repeat(MAX_NOTES_CHARS + 1)),
            (
                "special_notes",
                FieldReason::TooLong,
                Some(MAX_NOTES_CHARS as u32)
            )
        );
    }
}
