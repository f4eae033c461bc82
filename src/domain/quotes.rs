//! Quotes (方案报价): exact money in fen, quote lines and totals, revision diffs, the three-step
//! confirmation and the design-change allowance (docs/domain.md, "Quotes and contract").
//!
//! Content hashes are computed by the server (sha2 is not available on wasm) over
//! [`canonical_json`].
//!
//! This file holds the rules' constants, the content of a revision with its validation and
//! the API views; money is in `money.rs`, totals and diffs in `totals.rs`, the confirmation
//! steps and the design-change allowance in `confirm.rs` (all re-exported here).

use chrono::{DateTime, NaiveDate, Utc};
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

mod confirm;
mod money;
mod totals;

pub use confirm::*;
pub use money::*;
pub use totals::*;

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
    FieldError::check_max_chars("special_notes", &content.special_notes, MAX_NOTES_CHARS)?;
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

#[cfg(test)]
mod tests;
