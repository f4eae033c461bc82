//! Signing in, and the account's security settings (the second sign-in factor).

pub mod agreement;
pub mod login;
pub mod security;
