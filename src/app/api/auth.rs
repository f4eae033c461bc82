//! Sign-in, sign-out and "who am I", and the second sign-in factor.

use super::{get, post, post_empty, ApiError};
use crate::domain::auth::{
    Me, OtpLogin, OtpRequest, OtpSent, PasswordLogin, RecoveryCodes, TotpCode, TotpEnrolment,
    TotpStatus,
};

/// Signs in with a phone number or email address and a password. An account with a second
/// factor is refused with `SecondFactorRequired`: its code goes to [`verify_second_factor`].
pub async fn login(login: String, password: String) -> Result<Me, ApiError> {
    post("/auth/login", Some(&PasswordLogin { login, password })).await
}

/// The second step of a password sign-in: the app's code or a recovery code.
pub async fn verify_second_factor(code: String) -> Result<Me, ApiError> {
    post("/auth/totp/verify", Some(&TotpCode { code })).await
}

/// Asks for a one-time code to be sent to a phone.
pub async fn request_code(phone: String) -> Result<OtpSent, ApiError> {
    post("/auth/otp/request", Some(&OtpRequest { phone })).await
}

/// Signs in with the one-time code.
pub async fn verify_code(phone: String, code: String) -> Result<Me, ApiError> {
    post("/auth/otp/verify", Some(&OtpLogin { phone, code })).await
}

/// Ends the session.
pub async fn logout() -> Result<(), ApiError> {
    post_empty("/auth/logout").await
}

/// The signed-in user; `Unauthenticated` when signed out.
pub async fn me() -> Result<Me, ApiError> {
    get("/auth/me").await
}

/// The caller's second factor: on, pending, required.
pub async fn totp_status() -> Result<TotpStatus, ApiError> {
    get("/auth/totp").await
}

/// Starts setting up the second factor: the secret for the authenticator app.
pub async fn totp_enrol() -> Result<TotpEnrolment, ApiError> {
    post::<(), _>("/auth/totp/enrol", None).await
}

/// Turns the second factor on with the app's current code: the recovery codes, once.
pub async fn totp_confirm(code: String) -> Result<RecoveryCodes, ApiError> {
    post("/auth/totp/confirm", Some(&TotpCode { code })).await
}

/// Turns the second factor off with a current code (or a recovery code): the status after.
pub async fn totp_disable(code: String) -> Result<TotpStatus, ApiError> {
    post("/auth/totp/disable", Some(&TotpCode { code })).await
}
