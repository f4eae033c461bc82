//! The error body every API refusal carries, with stable machine-readable codes, and the
//! typed reason a single field was refused for.

use serde::{Deserialize, Serialize};

/// Stable error codes: the UI translates by code, so these never change meaning. A state
/// conflict has its own code for each thing a person can run into, so the words on screen
/// say what happened (a taken slot is not a diary message).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Malformed request (bad JSON, bad query).
    BadRequest,
    /// Well-formed but invalid input: `field` names the input and `reason` says why.
    Validation,
    /// Not signed in, or the session has ended.
    Unauthenticated,
    /// Wrong login or password.
    InvalidCredentials,
    /// Signed in, but this role may not do that.
    Forbidden,
    /// The password was right, but the account has a second factor: no session yet; send the
    /// code of the authenticator app (or a recovery code) to `/auth/totp/verify` from the same
    /// browser within 5 minutes.
    SecondFactorRequired,
    /// Signed in, but this account must set up its second sign-in factor (an authenticator
    /// app) before anything else: only the set-up is open until then.
    SecondFactorSetupRequired,
    /// Signed in as a homeowner who must first accept the customer privacy agreement in
    /// force (`POST /auth/agreement`): only that is open until then.
    AgreementRequired,
    /// A state-changing request from another origin.
    CrossOrigin,
    /// Nothing there, or nothing the caller may see.
    NotFound,
    /// The request conflicts with the object's current state (it changed meanwhile, or the
    /// step is not open from here); the message says which.
    Conflict,
    /// There already is one: today's diary entry, a rating of this node, an answered survey.
    AlreadyExists,
    /// The diary entry (or rating) can no longer be edited.
    EditWindowClosed,
    /// The callback time slot was taken by someone else.
    SlotFull,
    /// A node cannot pass while rework on it is open.
    ReworkOpen,
    /// Handover waits for the homeowner's sign-off of the completion node (竣工验收).
    CompletionNotSignedOff,
    /// The one-time code is not right; `tries_left` says how many tries remain.
    CodeWrong,
    /// The one-time code has expired, was used or ran out of tries: ask for a new one.
    CodeExpired,
    /// A newer version was saved since this copy was loaded: reload and edit again.
    StaleRevision,
    /// The change waits for a manager's approval first.
    NeedsApproval,
    /// Upload larger than allowed (bytes or pixels).
    PayloadTooLarge,
    /// The `Idempotency-Key` was already used by this caller for a different request.
    IdempotencyKeyReused,
    /// The first request with this `Idempotency-Key` is still being worked on: retry after
    /// `Retry-After` seconds to get its answer.
    IdempotencyInProgress,
    /// Upload content is not a supported image type.
    UnsupportedMediaType,
    /// The image could not be decoded (truncated or corrupt).
    CorruptImage,
    /// Too many attempts: try again after `retry_after_secs` (also the `Retry-After` header).
    RateLimited,
    /// The path exists but not with this method (the `Allow` header lists those it has).
    MethodNotAllowed,
    /// Busy for a moment (the database is locked by another write): retry after
    /// `Retry-After` seconds.
    Unavailable,
    /// The server's disk is full: nothing was saved; try again later.
    StorageFull,
    /// Not ready: the database does not answer (the readiness check, `/readyz`).
    DatabaseUnavailable,
    /// Not ready: the photo storage cannot be written or read back (the readiness check).
    StorageUnavailable,
    /// Something broke on our side.
    Internal,
}

impl ErrorCode {
    /// Every code (a hand-kept list; a unit test checks it against the enum).
    pub const ALL: [ErrorCode; 32] = [
        ErrorCode::BadRequest,
        ErrorCode::Validation,
        ErrorCode::Unauthenticated,
        ErrorCode::InvalidCredentials,
        ErrorCode::Forbidden,
        ErrorCode::SecondFactorRequired,
        ErrorCode::SecondFactorSetupRequired,
        ErrorCode::AgreementRequired,
        ErrorCode::CrossOrigin,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::AlreadyExists,
        ErrorCode::EditWindowClosed,
        ErrorCode::SlotFull,
        ErrorCode::ReworkOpen,
        ErrorCode::CompletionNotSignedOff,
        ErrorCode::CodeWrong,
        ErrorCode::CodeExpired,
        ErrorCode::StaleRevision,
        ErrorCode::NeedsApproval,
        ErrorCode::PayloadTooLarge,
        ErrorCode::IdempotencyKeyReused,
        ErrorCode::IdempotencyInProgress,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::CorruptImage,
        ErrorCode::RateLimited,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Unavailable,
        ErrorCode::StorageFull,
        ErrorCode::DatabaseUnavailable,
        ErrorCode::StorageUnavailable,
        ErrorCode::Internal,
    ];

    /// The HTTP status this code is answered with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Validation
            | ErrorCode::CodeWrong
            | ErrorCode::CodeExpired
            | ErrorCode::IdempotencyKeyReused => 422,
            ErrorCode::Unauthenticated
            | ErrorCode::InvalidCredentials
            | ErrorCode::SecondFactorRequired => 401,
            ErrorCode::Forbidden
            | ErrorCode::CrossOrigin
            | ErrorCode::SecondFactorSetupRequired
            | ErrorCode::AgreementRequired => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict
            | ErrorCode::AlreadyExists
            | ErrorCode::EditWindowClosed
            | ErrorCode::SlotFull
            | ErrorCode::ReworkOpen
            | ErrorCode::CompletionNotSignedOff
            | ErrorCode::StaleRevision
            | ErrorCode::NeedsApproval
            | ErrorCode::IdempotencyInProgress => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::CorruptImage => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Unavailable
            | ErrorCode::DatabaseUnavailable
            | ErrorCode::StorageUnavailable => 503,
            ErrorCode::StorageFull => 507,
            ErrorCode::Internal => 500,
        }
    }
}

/// Why one input field was refused. The UI words each reason per language (with the field's
/// name and `limit`), so it never has to read the English message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldReason {
    /// Missing or empty.
    Required,
    /// Shorter than `limit` (characters or items).
    TooShort,
    /// Longer than `limit` (characters or items).
    TooLong,
    /// A number, date or time outside what is allowed.
    OutOfRange,
    /// Not in the expected form (a phone number, a code, a date).
    BadFormat,
    /// The same thing is listed twice.
    Duplicate,
    /// Well-formed but not a choice open here (an unknown kind, someone else's photo).
    NotAllowed,
}

impl FieldReason {
    /// Every reason (a hand-kept list; a unit test checks it against the enum).
    pub const ALL: [FieldReason; 7] = [
        FieldReason::Required,
        FieldReason::TooShort,
        FieldReason::TooLong,
        FieldReason::OutOfRange,
        FieldReason::BadFormat,
        FieldReason::Duplicate,
        FieldReason::NotAllowed,
    ];
}

/// JSON body of every error answer: `{code, message}`, and for a refused field the field,
/// the reason and its limit; for a wrong one-time code the tries left; for too many attempts
/// the seconds to wait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub code: ErrorCode,
    /// A sentence a person understands (English; the UI shows its own translation by code).
    pub message: String,
    /// The input field the error is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Why the field was refused (with `code: validation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<FieldReason>,
    /// The bound that was passed: most characters or items for `too_long`, fewest for
    /// `too_short`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Tries left for this one-time code (with `code: code_wrong`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tries_left: Option<u32>,
    /// Seconds to wait before trying again (with `code: rate_limited`; the same figure as
    /// the `Retry-After` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u32>,
}

impl ApiErrorBody {
    /// A body with only a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            reason: None,
            limit: None,
            tries_left: None,
            retry_after_secs: None,
        }
    }
}

/// A validation failure of one field, raised by the shared validators.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub reason: FieldReason,
    /// The bound passed, for `TooLong` / `TooShort`.
    pub limit: Option<u32>,
    /// English detail for logs, API clients and tests.
    pub message: String,
}

impl FieldError {
    fn make(field: &'static str, reason: FieldReason, message: impl Into<String>) -> Self {
        Self {
            field,
            reason,
            limit: None,
            message: message.into(),
        }
    }
    /// Missing or empty.
    pub fn required(field: &'static str, message: impl Into<String>) -> Self {
        Self::make(field, FieldReason::Required, message)
    }
    /// Longer than `max` characters or items.
    pub fn too_long(field: &'static str, max: usize, message: impl Into<String>) -> Self {
        Self {
            limit: u32::try_from(max).ok(),
            ..Self::make(field, FieldReason::TooLong, message)
        }
    }
    /// `Ok` when `text` has at most `max` characters; refused as "at most {max} characters".
    pub fn check_max_chars(field: &'static str, text: &str, max: usize) -> Result<(), Self> {
        if text.chars().count() > max {
            return Err(Self::too_long(
                field,
                max,
                format!("at most {max} characters"),
            ));
        }
        Ok(())
    }
    /// Shorter than `min` characters or items.
    pub fn too_short(field: &'static str, min: usize, message: impl Into<String>) -> Self {
        Self {
            limit: u32::try_from(min).ok(),
            ..Self::make(field, FieldReason::TooShort, message)
        }
    }
    /// A number, date or time outside what is allowed.
    pub fn out_of_range(field: &'static str, message: impl Into<String>) -> Self {
        Self::make(field, FieldReason::OutOfRange, message)
    }
    /// Not in the expected form.
    pub fn bad_format(field: &'static str, message: impl Into<String>) -> Self {
        Self::make(field, FieldReason::BadFormat, message)
    }
    /// Listed twice.
    pub fn duplicate(field: &'static str, message: impl Into<String>) -> Self {
        Self::make(field, FieldReason::Duplicate, message)
    }
    /// Not a choice open here.
    pub fn not_allowed(field: &'static str, message: impl Into<String>) -> Self {
        Self::make(field, FieldReason::NotAllowed, message)
    }
}

/// A refusal as the tests compare it: field, reason, limit.
#[cfg(test)]
pub type Refusal = (&'static str, FieldReason, Option<u32>);

/// The refusal of a value over its limit `max` (for the tests of every validator).
#[cfg(test)]
pub fn too_long_refusal(field: &'static str, max: usize) -> Refusal {
    (field, FieldReason::TooLong, u32::try_from(max).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_refusal_carries_its_reason_and_limit_on_the_wire() {
        let e = FieldError::too_long("work_done", 2000, "at most 2000 characters");
        let body = ApiErrorBody {
            field: Some(e.field.to_string()),
            reason: Some(e.reason),
            limit: e.limit,
            ..ApiErrorBody::new(ErrorCode::Validation, e.message)
        };
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["code"], "validation");
        assert_eq!(json["reason"], "too_long");
        assert_eq!(json["limit"], 2000);
        assert!(json.get("tries_left").is_none());
        let back: ApiErrorBody = serde_json::from_value(json).unwrap();
        assert_eq!(back, body);
    }

    #[test]
    fn every_conflict_code_answers_409_and_code_refusals_422() {
        for code in [
            ErrorCode::Conflict,
            ErrorCode::AlreadyExists,
            ErrorCode::EditWindowClosed,
            ErrorCode::SlotFull,
            ErrorCode::ReworkOpen,
            ErrorCode::StaleRevision,
            ErrorCode::NeedsApproval,
        ] {
            assert_eq!(code.status(), 409, "{code:?}");
        }
        assert_eq!(ErrorCode::CodeWrong.status(), 422);
        assert_eq!(ErrorCode::CodeExpired.status(), 422);
        assert_eq!(
            serde_json::to_value(ErrorCode::SlotFull).unwrap(),
            "slot_full"
        );
    }
}
