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

/// Failed sign-ins from one address, to any accounts, within [`ADDRESS_WINDOW_SECS`] before
/// every sign-in from it waits. Far above one person's failures (each account's own wait from
/// the fifth failure on), because a carrier's NAT puts thousands of phones behind one
/// address: only an address that is clearly guessing across many accounts reaches it.
/// Successful sign-ins never count.
pub const ADDRESS_FAILURE_LIMIT: u32 = 100;
/// The window of [`ADDRESS_FAILURE_LIMIT`], in seconds.
pub const ADDRESS_WINDOW_SECS: u32 = 15 * 60;

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
    /// A homeowner who has not accepted the customer privacy agreement in force
    /// ([`crate::domain::setup::AGREEMENT_VERSION`]): only that is open until they do.
    #[serde(default)]
    pub agreement_due: bool,
}

/// What a password sign-in answers: the signed-in user, or the user with a session that may
/// only set up the second factor. (An account with a second factor gets no session but a 401
/// `second_factor_required`, and the second step is `/auth/totp/verify`.) The app reads both
/// as [`Me`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize, utoipa::ToSchema))]
#[serde(untagged)]
pub enum LoginAnswer {
    MustEnrol(MustEnrol),
    SignedIn(Me),
}

/// Signed in, with a session that may only set up the second factor until it is on (admins;
/// staff whose company requires one).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize, utoipa::ToSchema))]
pub struct MustEnrol {
    #[serde(flatten)]
    pub me: Me,
    /// Always `true`.
    pub second_factor_setup_required: bool,
}

/// A code for the second factor: the sign-in's second step, confirming enrolment, turning it
/// off.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct TotpCode {
    /// The 6-digit code of the authenticator app, or (to sign in or turn it off) a recovery
    /// code.
    pub code: String,
}

/// The caller's second factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct TotpStatus {
    /// Staff and admins may have one.
    pub available: bool,
    /// On: sign-in asks for a code.
    pub enabled: bool,
    /// Enrolment started but not confirmed with a code yet.
    pub pending: bool,
    /// Required for this account (admins; staff when the company says so): until it is on,
    /// only the set-up is open.
    pub required: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: u32,
}

/// A started enrolment: what the authenticator app needs. Shown once; the secret is never
/// sent again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct TotpEnrolment {
    /// Base32, for typing into the app.
    pub secret: String,
    /// `otpauth://totp/…` for a QR code or a link the phone opens.
    pub otpauth_url: String,
}

/// One-time recovery codes, shown once when the second factor is turned on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

/// The company's second-factor rule for staff (admins always need one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct TotpPolicy {
    pub require_staff_totp: bool,
}

/// How many recovery codes an enrolment hands out.
pub const RECOVERY_CODE_COUNT: usize = 10;

/// A second-factor code as typed: the app's 6 digits, or a recovery code (12 letters and
/// digits; spaces and dashes ignored, case too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondFactorCode {
    App(String),
    Recovery(String),
}

impl SecondFactorCode {
    pub const RECOVERY_LEN: usize = 12;
    pub fn parse(input: &str) -> Result<SecondFactorCode, FieldError> {
        let s: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if s.len() == OtpCode::LEN && s.chars().all(|c| c.is_ascii_digit()) {
            Ok(SecondFactorCode::App(s))
        } else if s.len() == Self::RECOVERY_LEN && s.chars().all(|c| c.is_ascii_alphanumeric()) {
            Ok(SecondFactorCode::Recovery(s))
        } else {
            Err(FieldError::bad_format(
                "code",
                "the 6-digit code of the authenticator app, or a recovery code",
            ))
        }
    }
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
    fn second_factor_codes_are_app_codes_or_recovery_codes() {
        assert_eq!(
            SecondFactorCode::parse(" 123 456 "),
            Ok(SecondFactorCode::App("123456".into()))
        );
        assert_eq!(
            SecondFactorCode::parse("ABCD-efgh-2345"),
            Ok(SecondFactorCode::Recovery("abcdefgh2345".into()))
        );
        for bad in [
            "",
            "12345",
            "1234567",
            "abcd-efgh-234",
            "abcd-efgh-2345-x",
            "abcd_efgh_23",
        ] {
            assert!(SecondFactorCode::parse(bad).is_err(), "{bad}");
        }
        let e = SecondFactorCode::parse("x").unwrap_err();
        assert_eq!(
            (e.field, e.reason),
            ("code", crate::domain::error::FieldReason::BadFormat)
        );
    }

    #[test]
    fn a_sign_in_answer_reads_as_the_user() {
        let me = Me {
            id: "a".into(),
            name: "n".into(),
            role: Role::Admin,
            phone_masked: None,
            company_name: "c".into(),
            agreement_due: false,
        };
        let enrol = LoginAnswer::MustEnrol(MustEnrol {
            me: me.clone(),
            second_factor_setup_required: true,
        });
        let json = serde_json::to_value(&enrol).unwrap();
        assert_eq!(json["second_factor_setup_required"], true);
        assert_eq!(json["role"], "admin");
        assert_eq!(serde_json::from_value::<Me>(json.clone()).unwrap(), me);
        assert_eq!(serde_json::from_value::<LoginAnswer>(json).unwrap(), enrol);
        let json = serde_json::to_value(LoginAnswer::SignedIn(me.clone())).unwrap();
        assert!(json.get("second_factor_setup_required").is_none());
        assert_eq!(
            serde_json::from_value::<LoginAnswer>(json).unwrap(),
            LoginAnswer::SignedIn(me)
        );
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
