//! Accounts and sign-in: roles, validated identifiers, request and response bodies.

use serde::{Deserialize, Serialize};

use super::error::FieldError;

/// Who the signed-in person is to the company; decides what they may see and do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Homeowner,
    Crew,
    Staff,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Homeowner => "homeowner",
            Role::Crew => "crew",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "homeowner" => Some(Role::Homeowner),
            "crew" => Some(Role::Crew),
            "staff" => Some(Role::Staff),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// Staff and admins see every project of their company.
    pub fn sees_all_projects(self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }
}

/// Failed sign-ins of one account from one address before it must wait.
pub const FREE_FAILURES: u32 = 4;
/// The longest wait between tries, in seconds.
pub const MAX_LOCK_SECS: u32 = 15 * 60;

/// How long an address must wait after its `fails`-th failed sign-in to one account before
/// it may try that account again: nothing for the first four, then 30 s, doubling with each
/// further failure, up to 15 minutes. Other addresses are not held back, so nobody can lock
/// a real user out by failing on purpose.
pub fn lockout_secs(fails: u32) -> u32 {
    if fails <= FREE_FAILURES {
        return 0;
    }
    let doublings = (fails - FREE_FAILURES - 1).min(16);
    (30u32 << doublings).min(MAX_LOCK_SECS)
}

/// A mainland-China mobile number: 11 digits starting 13–19. `+86`, spaces and dashes are
/// accepted on input and dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, FieldError> {
        let digits: String = input
            .trim()
            .trim_start_matches("+86")
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        let ok = digits.len() == 11
            && digits.chars().all(|c| c.is_ascii_digit())
            && digits.starts_with('1')
            && matches!(digits.as_bytes()[1], b'3'..=b'9');
        if ok {
            Ok(Phone(digits))
        } else {
            Err(FieldError::bad_format(
                "phone",
                "a mobile number has 11 digits and starts with 13–19",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A one-time sign-in code: exactly 6 digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpCode(String);

impl OtpCode {
    pub const LEN: usize = 6;
    pub fn parse(input: &str) -> Result<OtpCode, FieldError> {
        let s = input.trim();
        if s.len() == Self::LEN && s.chars().all(|c| c.is_ascii_digit()) {
            Ok(OtpCode(s.to_string()))
        } else {
            Err(FieldError::bad_format("code", "the code has 6 digits"))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Sign-in with a phone number or email address and a password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct PasswordLogin {
    /// Phone number or email address.
    pub login: String,
    pub password: String,
}

/// Ask for a one-time sign-in code to be sent to a homeowner's phone.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct OtpRequest {
    pub phone: String,
}

/// Sign in with the code that was sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct OtpLogin {
    pub phone: String,
    pub code: String,
}

/// The answer to a code request; the same whether or not the account exists.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct OtpSent {
    /// Seconds until the code expires.
    pub expires_in: u32,
}

/// The signed-in user, as the UI needs it (personal data masked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Me {
    pub id: String,
    /// Display name: full for the user themself.
    pub name: String,
    pub role: Role,
    /// Masked phone, e.g. `138****1234`.
    pub phone_masked: Option<String>,
    pub company_name: String,
}

/// Password rules for new accounts and demo data: 8–128 characters.
pub fn validate_password(password: &str) -> Result<(), FieldError> {
    const MIN: usize = 8;
    const MAX: usize = 128;
    let n = password.chars().count();
    if n < MIN {
        Err(FieldError::too_short(
            "password",
            MIN,
            "8 to 128 characters",
        ))
    } else if n > MAX {
        Err(FieldError::too_long("password", MAX, "8 to 128 characters"))
    } else {
        Ok(())
    }
}

/// Looks like an email address (used to decide how a login is looked up).
pub fn is_email(login: &str) -> bool {
    let login = login.trim();
    match login.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_wait_grows_with_each_failure_up_to_a_ceiling() {
        assert_eq!(
            (0..=4).map(lockout_secs).collect::<Vec<_>>(),
            [0, 0, 0, 0, 0]
        );
        assert_eq!(lockout_secs(5), 30);
        assert_eq!(lockout_secs(6), 60);
        assert_eq!(lockout_secs(7), 120);
        assert_eq!(lockout_secs(10), 900);
        assert_eq!(lockout_secs(1000), MAX_LOCK_SECS);
    }

    use super::*;

    #[test]
    fn phones_are_normalised_and_checked() {
        assert_eq!(
            Phone::parse("138 1234 1234").unwrap().as_str(),
            "13812341234"
        );
        assert_eq!(
            Phone::parse("+8613812341234").unwrap().as_str(),
            "13812341234"
        );
        assert!(Phone::parse("12812341234").is_err());
        assert!(Phone::parse("1381234123").is_err());
        assert!(Phone::parse("1381234123a").is_err());
        assert!(Phone::parse("").is_err());
    }

    #[test]
    fn otp_codes_are_six_digits() {
        assert!(OtpCode::parse("123456").is_ok());
        assert!(OtpCode::parse(" 123456 ").is_ok());
        assert!(OtpCode::parse("12345").is_err());
        assert!(OtpCode::parse("12345a").is_err());
    }

    #[test]
    fn roles_round_trip() {
        for r in [Role::Homeowner, Role::Crew, Role::Staff, Role::Admin] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(Role::Staff.sees_all_projects());
        assert!(!Role::Crew.sees_all_projects());
    }

    #[test]
    fn password_length_is_checked() {
        assert!(validate_password("short").is_err());
        assert!(validate_password("long enough").is_ok());
    }

    #[test]
    fn emails_are_recognised() {
        assert!(is_email("a@b.cn"));
        assert!(!is_email("13812341234"));
        assert!(!is_email("@b.cn"));
    }

    #[test]
    fn refusals_carry_their_reason() {
        use crate::domain::error::FieldReason;
        let e = Phone::parse("12812341234").unwrap_err();
        assert_eq!(
            (e.field, e.reason, e.limit),
            ("phone", FieldReason::BadFormat, None)
        );
        let e = OtpCode::parse("12345a").unwrap_err();
        assert_eq!((e.field, e.reason), ("code", FieldReason::BadFormat));
        let e = validate_password("short").unwrap_err();
        assert_eq!((e.reason, e.limit), (FieldReason::TooShort, Some(8)));
        let e = validate_password(&"x".repeat(129)).unwrap_err();
        assert_eq!((e.reason, e.limit), (FieldReason::TooLong, Some(128)));
        assert!(validate_password(&"x".repeat(128)).is_ok());
        assert!(validate_password(&"x".repeat(8)).is_ok());
    }
}
