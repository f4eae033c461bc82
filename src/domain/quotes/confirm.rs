//! The homeowner's three-step confirmation of a revision (a small state machine with a
//! one-time code) and the free design-change allowance.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::*;
use crate::domain::error::FieldError;

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

/// Free design changes per phase (docs/domain.md default: 3 before signing, 2 after); unused
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
