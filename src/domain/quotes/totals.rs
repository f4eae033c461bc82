//! A quote's totals, the budget range and buffer, and the line-by-line diff between revisions
//! with the ±5 % approval rule.

use serde::{Deserialize, Serialize};

use super::*;
use crate::domain::error::FieldError;

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
