//! Sign-in, sign-out and "who am I".

use super::{get, post, post_empty, ApiError};
use crate::domain::auth::{Me, OtpLogin, OtpRequest, OtpSent, PasswordLogin};

/// Signs in with a phone number or email address and a password.
pub async fn login(login: String, password: String) -> Result<Me, ApiError> {
    post("/auth/login", Some(&PasswordLogin { login, password })).await
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
