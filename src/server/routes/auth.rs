//! Sign-in (password or one-time code), sign-out and "who am I", and the second sign-in
//! factor of staff and admins (TOTP with one-time recovery codes): enrolment, the second step
//! of a password sign-in, turning it off, an admin's reset and the company's rule for staff.

use axum::extract::{Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use rand::Rng;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::auth::{
    is_email, lockout_secs, LoginAnswer, Me, MustEnrol, OtpCode, OtpLogin, OtpRequest, OtpSent,
    PasswordLogin, Phone, RecoveryCodes, SecondFactorCode, TotpCode, TotpEnrolment, TotpPolicy,
    TotpStatus, ADDRESS_FAILURE_LIMIT, ADDRESS_WINDOW_SECS,
};
use crate::domain::error::FieldReason;
use crate::domain::privacy::mask_phone;
use crate::domain::{ApiErrorBody, ErrorCode};
use crate::server::error::refusal;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{cookie_value, Admin, ApiJson, Caller, ClientIp, Enrolling, Staff};
use crate::server::password;
use crate::server::state::AppState;
use crate::server::store::otp::CodeCheck;
use crate::server::store::{otp, sessions, throttle, totp, users};
use crate::server::texts::{Text, SERVER_LANG};

/// Failed sign-ins of one account from one address are remembered this long (the growing
/// wait between them: `domain::auth::lockout_secs`).
const PAIR_WINDOW_MS: i64 = 60 * 60 * 1000;
/// Failed sign-ins from one address (to any accounts) within the window
/// (`domain::auth::ADDRESS_FAILURE_LIMIT`).
const MAX_FAILS_PER_CLIENT: i64 = ADDRESS_FAILURE_LIMIT as i64;
const WINDOW_MS: i64 = ADDRESS_WINDOW_SECS as i64 * 1000;
/// Sign-in codes per number and per address in a day (SMS pumping).
const MAX_CODES_PER_NUMBER_PER_DAY: i64 = 10;
const MAX_CODES_PER_CLIENT_PER_DAY: i64 = 50;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// One-time sign-in codes live 5 minutes; a new one may be asked for after 60 s.
const OTP_TTL_MS: i64 = 5 * 60 * 1000;
const OTP_SPACING_MS: i64 = 60 * 1000;
const OTP_PURPOSE: &str = "login";
/// A password sign-in waits this long for its second factor, for this many wrong codes.
const CHALLENGE_TTL_MS: i64 = 5 * 60 * 1000;
const CHALLENGE_TRIES: i64 = 5;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(otp_request))
        .routes(routes!(otp_verify))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(totp_status))
        .routes(routes!(totp_enrol))
        .routes(routes!(totp_confirm))
        .routes(routes!(totp_verify))
        .routes(routes!(totp_disable))
        .routes(routes!(totp_reset))
        .routes(routes!(totp_policy, totp_set_policy))
}

/// The signed-in user as the UI sees them.
pub fn me_of(user: &Caller) -> Me {
    Me {
        id: user.id.clone(),
        name: user.name.clone(),
        role: user.role,
        phone_masked: user.phone.as_deref().map(mask_phone),
        company_name: user.company_name.clone(),
        agreement_due: user.agreement_due,
    }
}

/// Too many failed sign-ins: try again in `wait_ms`.
fn rate_limited(wait_ms: i64) -> AppError {
    AppError::rate_limited(
        wait_ms,
        "too many failed attempts; wait for the time given in retry_after_secs and try again",
    )
}

/// How long until a bucket holds fewer than `max` attempts within `window_ms` (0 when it
/// already does).
async fn wait_for_window(
    state: &AppState,
    bucket: &str,
    max: i64,
    window_ms: i64,
) -> AppResult<i64> {
    let now = state.clock.now_ms();
    let since = now - window_ms;
    if throttle::count_since(&state.db, bucket, since).await? < max {
        return Ok(0);
    }
    // The count drops below `max` once the `max`-th newest attempt leaves the window.
    let edge = throttle::nth_newest_since(&state.db, bucket, since, max - 1).await?;
    Ok(edge.map_or(0, |at| (at + window_ms - now).max(1)))
}

fn pair_bucket(account: &str, ip: &ClientIp) -> String {
    format!("fail:{account}|{}", ip.0)
}

fn client_bucket(ip: &ClientIp) -> String {
    format!("fail-ip:{}", ip.0)
}

/// Refuses a sign-in while this address must wait before trying this account again (after
/// its own failures there, growing), or when the address is clearly guessing across accounts
/// (`ADDRESS_FAILURE_LIMIT` failures in the window). Only failures count, and only this
/// address's: a right password from an address that has not failed on the account gets
/// through, so nobody can lock a real user out, and the many people behind one carrier
/// address are not held back by each other's typos. The refusal says how long to wait.
async fn refuse_when_limited(state: &AppState, account: &str, ip: &ClientIp) -> AppResult<()> {
    let now = state.clock.now_ms();
    let pair = pair_bucket(account, ip);
    let fails = throttle::count_since(&state.db, &pair, now - PAIR_WINDOW_MS).await?;
    let mut wait_ms = 0;
    if fails > 0 {
        let lock_ms = i64::from(lockout_secs(u32::try_from(fails).unwrap_or(u32::MAX))) * 1000;
        if let Some(last) = throttle::latest(&state.db, &pair).await? {
            wait_ms = (last + lock_ms - now).max(0);
        }
    }
    let client_wait =
        wait_for_window(state, &client_bucket(ip), MAX_FAILS_PER_CLIENT, WINDOW_MS).await?;
    match wait_ms.max(client_wait) {
        0 => Ok(()),
        wait => Err(rate_limited(wait)),
    }
}

/// Daily caps on sign-in codes per number and per address (each one sends a text), counted
/// whether or not the number has an account.
async fn check_code_caps(state: &AppState, phone: &str, ip: &ClientIp) -> AppResult<()> {
    let now = state.clock.now_ms();
    let number = format!("code:{phone}");
    let client = format!("code-ip:{}", ip.0);
    let wait = wait_for_window(state, &number, MAX_CODES_PER_NUMBER_PER_DAY, DAY_MS)
        .await?
        .max(wait_for_window(state, &client, MAX_CODES_PER_CLIENT_PER_DAY, DAY_MS).await?);
    if wait > 0 {
        return Err(AppError::rate_limited(
            wait,
            "no more codes for this number or from this address for now; try again after retry_after_secs",
        ));
    }
    throttle::record(&state.db, &number, now).await?;
    throttle::record(&state.db, &client, now).await
}

/// A failed sign-in counts against this account from this address, and against the address.
async fn record_failure(state: &AppState, account: &str, ip: &ClientIp) -> AppResult<()> {
    let now = state.clock.now_ms();
    throttle::record(&state.db, &pair_bucket(account, ip), now).await?;
    throttle::record(&state.db, &client_bucket(ip), now).await
}

/// Starts a fresh session (a new id at every sign-in) and ends the one the browser had.
async fn start_session(
    state: &AppState,
    headers: &HeaderMap,
    user: &Caller,
) -> AppResult<HeaderMap> {
    let name = state.config.session_cookie_name();
    if let Some(old) = cookie_value(headers, name) {
        sessions::delete(&state.db, old).await?;
    }
    let hours = state.config.session_hours;
    let token = sessions::create(&state.db, &user.id, state.clock.now_ms(), hours).await?;
    session_cookie(state, &token, hours * 3600)
}

/// The `Set-Cookie` header for the session cookie (HttpOnly, SameSite=Lax, Secure behind https).
fn session_cookie(state: &AppState, value: &str, max_age_secs: i64) -> AppResult<HeaderMap> {
    let name = state.config.session_cookie_name();
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie =
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    let mut out = HeaderMap::new();
    out.insert(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| AppError::internal(e.to_string()))?,
    );
    Ok(out)
}

fn invalid_credentials() -> AppError {
    AppError::new(
        ErrorCode::InvalidCredentials,
        "the login or password is not right",
    )
}

/// Sign in with phone or email and password. An account with a second factor gets 401
/// `second_factor_required` and no session, only a short-lived HttpOnly cookie for the second
/// step, `POST /api/v1/auth/totp/verify` (within 5 minutes, from the same browser). An account
/// that must set one up first gets the user with `"second_factor_setup_required": true` and a
/// session that may only do that.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = PasswordLogin,
    responses((status = 200, body = LoginAnswer), refusal::Unauthorized, refusal::TooMany))]
async fn login(
    State(state): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<PasswordLogin>,
) -> AppResult<impl IntoResponse> {
    let login = body.login.trim().to_lowercase();
    if login.is_empty() || body.password.is_empty() {
        return Err(AppError::field(
            "login",
            FieldReason::Required,
            "enter your login and password",
        ));
    }
    if login.len() > 254 || body.password.len() > 1024 {
        return Err(invalid_credentials());
    }
    let account = if is_email(&login) {
        login.clone()
    } else {
        Phone::parse(&login)
            .map(|p| p.as_str().to_string())
            .unwrap_or(login.clone())
    };
    refuse_when_limited(&state, &account, &ip).await?;
    let user = if is_email(&account) {
        users::by_email(&state.db, &account).await?
    } else {
        users::by_phone(&state.db, &account).await?
    };
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let password = body.password.clone();
    let ok = tokio::task::spawn_blocking(move || password::verify(&password, stored.as_deref()))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?;
    let user = match (ok, user) {
        (true, Some(u)) => u,
        _ => {
            record_failure(&state, &account, &ip).await?;
            return Err(invalid_credentials());
        }
    };
    throttle::clear(&state.db, &pair_bucket(&account, &ip)).await?;
    let user = Caller::from_row(user)?;
    if user.totp_enabled {
        // No session yet: the second step (`/auth/totp/verify`) starts it.
        let now = state.clock.now_ms();
        let token = totp::challenge_create(&state.db, &user.id, now, CHALLENGE_TTL_MS).await?;
        let cookie = challenge_cookie(&state, &token, CHALLENGE_TTL_MS / 1000)?;
        let refusal = AppError::new(
            ErrorCode::SecondFactorRequired,
            "the password is right; now send the code of the authenticator app (or a recovery code) to /api/v1/auth/totp/verify",
        );
        return Ok((cookie, refusal).into_response());
    }
    let cookie = start_session(&state, &headers, &user).await?;
    let answer = if user.must_enrol_totp(state.config.admin_totp_required) {
        // A session that may only set up the second factor (the app goes there at once).
        LoginAnswer::MustEnrol(MustEnrol {
            me: me_of(&user),
            second_factor_setup_required: true,
        })
    } else {
        LoginAnswer::SignedIn(me_of(&user))
    };
    Ok((cookie, Json(answer)).into_response())
}

/// Ask for a one-time sign-in code by text message (homeowners). The answer is the same
/// whether or not the number has an account.
#[utoipa::path(post, path = "/api/v1/auth/otp/request", tag = "auth", request_body = OtpRequest,
    responses((status = 200, body = OtpSent), refusal::Invalid, refusal::TooMany))]
async fn otp_request(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(body): ApiJson<OtpRequest>,
) -> AppResult<Json<OtpSent>> {
    let phone = Phone::parse(&body.phone)?;
    let now = state.clock.now_ms();
    if let Some(last) = otp::last_issued(&state.db, phone.as_str(), OTP_PURPOSE).await? {
        if now - last < OTP_SPACING_MS {
            return Err(AppError::rate_limited(
                last + OTP_SPACING_MS - now,
                "a code was just sent; wait a minute before asking again",
            ));
        }
    }
    check_code_caps(&state, phone.as_str(), &ip).await?;
    let user = users::by_phone(&state.db, phone.as_str()).await?;
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    // The code row is stored for every number, so timing and spacing do not reveal accounts;
    // only a homeowner's phone is actually sent a message.
    otp::create(
        &state.db,
        phone.as_str(),
        OTP_PURPOSE,
        &code,
        now,
        OTP_TTL_MS,
    )
    .await?;
    // Only a homeowner's phone is sent a text, after the answer: the request takes the same
    // work and time whether or not the number has an account.
    if user.as_ref().and_then(|u| u.role().ok()) == Some(crate::domain::auth::Role::Homeowner) {
        let company = user.map(|u| u.company_name).unwrap_or_default();
        let text = Text::SignInCode {
            company: &company,
            code: &code,
        }
        .text(SERVER_LANG);
        let sender = state.sender.clone();
        let to = phone.as_str().to_string();
        tokio::spawn(async move {
            if let Err(e) = sender.send_sms(&to, &text, now).await {
                tracing::warn!(to = %mask_phone(&to), error = %e, "sign-in code not sent");
            }
        });
    }
    Ok(Json(OtpSent {
        expires_in: (OTP_TTL_MS / 1000) as u32,
    }))
}

/// Sign in with the one-time code.
#[utoipa::path(post, path = "/api/v1/auth/otp/verify", tag = "auth", request_body = OtpLogin,
    responses((status = 200, body = Me), refusal::Unauthorized, refusal::TooMany))]
async fn otp_verify(
    State(state): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<OtpLogin>,
) -> AppResult<impl IntoResponse> {
    let phone = Phone::parse(&body.phone)?;
    let code = OtpCode::parse(&body.code)?;
    refuse_when_limited(&state, phone.as_str(), &ip).await?;
    let now = state.clock.now_ms();
    let check = otp::verify(&state.db, phone.as_str(), OTP_PURPOSE, code.as_str(), now).await?;
    let user = users::by_phone(&state.db, phone.as_str()).await?;
    // Codes are stored for every number, so wrong and expired answers look the same whether
    // or not the number has an account.
    let user = match (check, user) {
        (CodeCheck::Accepted, Some(u)) if u.role()? == crate::domain::auth::Role::Homeowner => u,
        (CodeCheck::Wrong { tries_left }, _) => {
            record_failure(&state, phone.as_str(), &ip).await?;
            return Err(AppError::code_wrong(tries_left));
        }
        _ => {
            record_failure(&state, phone.as_str(), &ip).await?;
            return Err(AppError::code_expired());
        }
    };
    throttle::clear(&state.db, &pair_bucket(phone.as_str(), &ip)).await?;
    let user = Caller::from_row(user)?;
    let cookie = start_session(&state, &headers, &user).await?;
    Ok((cookie, Json(me_of(&user))))
}

/// Sign out: ends the session on the server and clears the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204)))]
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<impl IntoResponse> {
    let name = state.config.session_cookie_name();
    if let Some(token) = cookie_value(&headers, name) {
        sessions::delete(&state.db, token).await?;
    }
    let out = session_cookie(&state, "", 0)?;
    Ok((StatusCode::NO_CONTENT, out))
}

/// The signed-in user (401 when signed out); also while their second factor must still be set
/// up.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = Me), refusal::Unauthorized))]
async fn me(Enrolling(user): Enrolling) -> AppResult<Json<Me>> {
    Ok(Json(me_of(&user)))
}

// The second factor (TOTP). Its failures count in the same throttle as passwords, in a bucket
// of its own per account and address (a right password does not clear it), and against the
// address.

/// The throttle's account key for second-factor codes.
fn second_factor_account(user_id: &str) -> String {
    format!("2fa:{user_id}")
}

/// The cookie of a password sign-in waiting for its second step.
fn challenge_cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        "__Host-sid2fa"
    } else {
        "sid2fa"
    }
}

/// The `Set-Cookie` header for the waiting sign-in (HttpOnly, SameSite=Strict, short-lived).
fn challenge_cookie(state: &AppState, value: &str, max_age_secs: i64) -> AppResult<HeaderMap> {
    let name = challenge_cookie_name(state);
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}"
    );
    let mut out = HeaderMap::new();
    out.insert(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| AppError::internal(e.to_string()))?,
    );
    Ok(out)
}

/// No second step waiting (none started, timed out, done, or out of tries): 401, sign in with
/// the password again.
fn second_factor_expired() -> AppError {
    AppError::new(
        ErrorCode::Unauthenticated,
        "no sign-in is waiting for its second step (it timed out or ran out of tries); sign in with your password again",
    )
}

/// A wrong second-factor code (no count of tries: the throttle decides).
fn second_factor_wrong() -> AppError {
    AppError::Api(Box::new(ApiErrorBody {
        field: Some("code".to_string()),
        ..ApiErrorBody::new(
            ErrorCode::CodeWrong,
            "the code is not right (or was used already); use the newest code of the app",
        )
    }))
}

/// Checks a second-factor code of a user whose factor is on: the app's code of the current
/// time step or one either side, never a step already used (taken atomically, so a code
/// works once), or an unused recovery code (used up).
async fn accept_second_factor(state: &AppState, user_id: &str, input: &str) -> AppResult<bool> {
    if input.trim().is_empty() {
        return Err(AppError::field(
            "code",
            FieldReason::Required,
            "enter the code of your authenticator app or a recovery code",
        ));
    }
    let now = state.clock.now_ms();
    match SecondFactorCode::parse(input) {
        Ok(SecondFactorCode::App(code)) => {
            let Some(row) = totp::get(&state.db, user_id).await? else {
                return Ok(false);
            };
            if row.enabled_at.is_none() {
                return Ok(false);
            }
            let app = totp::authenticator(&row.secret, "", "")?;
            match totp::matching_step(&app, &code, now, row.last_step) {
                Some(step) => totp::use_step(&state.db, user_id, step).await,
                None => Ok(false),
            }
        }
        Ok(SecondFactorCode::Recovery(code)) => {
            let hash = totp::recovery_hash(user_id, &code);
            totp::use_recovery_code(&state.db, user_id, &hash, now).await
        }
        Err(_) => Ok(false),
    }
}

/// The second factor of a user as the UI sees it.
async fn status_of(state: &AppState, user: &Caller) -> AppResult<TotpStatus> {
    let row = totp::get(&state.db, &user.id).await?;
    let enabled = row.as_ref().is_some_and(|r| r.enabled_at.is_some());
    let left = if enabled {
        totp::recovery_codes_left(&state.db, &user.id).await?
    } else {
        0
    };
    Ok(TotpStatus {
        available: user.is_staff(),
        enabled,
        pending: row.is_some() && !enabled,
        required: user.totp_required(state.config.admin_totp_required),
        recovery_codes_left: u32::try_from(left).unwrap_or(0),
    })
}

/// The caller's second factor: whether it is on, pending or required.
#[utoipa::path(get, path = "/api/v1/auth/totp", tag = "auth",
    responses((status = 200, body = TotpStatus), refusal::Unauthorized))]
async fn totp_status(
    State(state): State<AppState>,
    Enrolling(user): Enrolling,
) -> AppResult<Json<TotpStatus>> {
    Ok(Json(status_of(&state, &user).await?))
}

/// Start setting up the second factor (staff and admins): a new secret, pending until a code
/// confirms it. The secret is in this answer only; starting again replaces it.
#[utoipa::path(post, path = "/api/v1/auth/totp/enrol", tag = "auth",
    responses((status = 200, body = TotpEnrolment), refusal::Forbidden, refusal::Conflict))]
async fn totp_enrol(
    State(state): State<AppState>,
    Enrolling(user): Enrolling,
) -> AppResult<Json<TotpEnrolment>> {
    // Staff and admins may have a second factor; homeowners and crews sign in without one.
    user.require_staff()?;
    let secret = totp::new_secret();
    if !totp::start(&state.db, &user.id, &secret, state.clock.now_ms()).await? {
        return Err(AppError::new(
            ErrorCode::AlreadyExists,
            "two-step sign-in is already on; turn it off first to move to another app",
        ));
    }
    // The app labels the entry with the company and the login (the user's own data).
    let row = users::by_id(&state.db, &user.id).await?;
    let account = row
        .and_then(|r| r.email)
        .unwrap_or_else(|| user.name.clone());
    let app = totp::authenticator(&secret, &user.company_name, &account)?;
    Ok(Json(TotpEnrolment {
        otpauth_url: app.get_url(),
        secret,
    }))
}

/// Turn the pending second factor on with a current code of the app; answers the 10
/// one-time recovery codes, shown this once (only their hashes are kept).
#[utoipa::path(post, path = "/api/v1/auth/totp/confirm", tag = "auth", request_body = TotpCode,
    responses((status = 200, body = RecoveryCodes), refusal::Conflict, refusal::Invalid, refusal::TooMany))]
async fn totp_confirm(
    State(state): State<AppState>,
    ip: ClientIp,
    Enrolling(user): Enrolling,
    ApiJson(body): ApiJson<TotpCode>,
) -> AppResult<Json<RecoveryCodes>> {
    // Staff and admins may have a second factor; homeowners and crews sign in without one.
    user.require_staff()?;
    let code = OtpCode::parse(&body.code)?;
    let account = second_factor_account(&user.id);
    refuse_when_limited(&state, &account, &ip).await?;
    let row = match totp::get(&state.db, &user.id).await? {
        Some(row) if row.enabled_at.is_none() => row,
        Some(_) => {
            return Err(AppError::new(
                ErrorCode::AlreadyExists,
                "two-step sign-in is already on",
            ))
        }
        None => {
            return Err(AppError::conflict(
                "start setting up two-step sign-in first",
            ))
        }
    };
    let now = state.clock.now_ms();
    let app = totp::authenticator(&row.secret, "", "")?;
    let Some(step) = totp::matching_step(&app, code.as_str(), now, None) else {
        record_failure(&state, &account, &ip).await?;
        return Err(second_factor_wrong());
    };
    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| totp::recovery_hash(&user.id, &c.replace('-', "")))
        .collect();
    if !totp::confirm(&state.db, &user.id, step, &hashes, now).await? {
        return Err(AppError::conflict(
            "two-step sign-in changed meanwhile; reload the page",
        ));
    }
    throttle::clear(&state.db, &pair_bucket(&account, &ip)).await?;
    tracing::info!(user = %user.id, "second sign-in factor turned on");
    Ok(Json(RecoveryCodes {
        recovery_codes: codes,
    }))
}

/// The second step of a password sign-in: the app's 6-digit code or a recovery code. Starts
/// the session. A code works once; wrong codes count as failed sign-ins, and after 5 the
/// password is needed again.
#[utoipa::path(post, path = "/api/v1/auth/totp/verify", tag = "auth", request_body = TotpCode,
    responses((status = 200, body = Me), refusal::Unauthorized, refusal::Invalid, refusal::TooMany))]
async fn totp_verify(
    State(state): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<TotpCode>,
) -> AppResult<impl IntoResponse> {
    let now = state.clock.now_ms();
    let Some(token) = cookie_value(&headers, challenge_cookie_name(&state)) else {
        return Err(second_factor_expired());
    };
    let Some((user_id, _)) = totp::challenge_user(&state.db, token, now).await? else {
        return Err(second_factor_expired());
    };
    let account = second_factor_account(&user_id);
    refuse_when_limited(&state, &account, &ip).await?;
    if !accept_second_factor(&state, &user_id, &body.code).await? {
        record_failure(&state, &account, &ip).await?;
        let left = totp::challenge_failed(&state.db, token, CHALLENGE_TRIES).await?;
        return Err(if left == 0 {
            second_factor_expired()
        } else {
            AppError::code_wrong(u32::try_from(left).unwrap_or(0))
        });
    }
    totp::challenge_end(&state.db, token).await?;
    throttle::clear(&state.db, &pair_bucket(&account, &ip)).await?;
    let user = users::by_id(&state.db, &user_id)
        .await?
        .ok_or_else(second_factor_expired)?;
    let user = Caller::from_row(user)?;
    let mut cookies = start_session(&state, &headers, &user).await?;
    for value in challenge_cookie(&state, "", 0)?.get_all(SET_COOKIE) {
        cookies.append(SET_COOKIE, value.clone());
    }
    Ok((cookies, Json(me_of(&user))))
}

/// Turn the second factor off with a current code of the app (or a recovery code); answers
/// the status after. Where it is required, only setting it up again is open afterwards.
#[utoipa::path(post, path = "/api/v1/auth/totp/disable", tag = "auth", request_body = TotpCode,
    responses((status = 200, body = TotpStatus), refusal::Conflict, refusal::Invalid, refusal::TooMany))]
async fn totp_disable(
    State(state): State<AppState>,
    ip: ClientIp,
    user: Caller,
    ApiJson(body): ApiJson<TotpCode>,
) -> AppResult<Json<TotpStatus>> {
    if !user.totp_enabled {
        return Err(AppError::conflict("two-step sign-in is not on"));
    }
    let account = second_factor_account(&user.id);
    refuse_when_limited(&state, &account, &ip).await?;
    if !accept_second_factor(&state, &user.id, &body.code).await? {
        record_failure(&state, &account, &ip).await?;
        return Err(second_factor_wrong());
    }
    totp::remove(&state.db, &user.id).await?;
    throttle::clear(&state.db, &pair_bucket(&account, &ip)).await?;
    tracing::info!(user = %user.id, "second sign-in factor turned off");
    Ok(Json(status_of(&state, &user).await?))
}

/// An admin resets the second factor of a staff member or another admin of the company (a
/// lost phone): they sign in with the password alone, or set it up again where it is
/// required. Recorded in the log (ids only).
#[utoipa::path(delete, path = "/api/v1/auth/totp/users/{id}", tag = "auth",
    params(("id" = String, Path, description = "user id")),
    responses((status = 204), refusal::Forbidden, refusal::NotFound))]
async fn totp_reset(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let target = users::by_id(&state.db, &id)
        .await?
        .filter(|t| t.company_id == user.company_id && t.is_staff() && t.id != user.id)
        .ok_or_else(AppError::not_found)?;
    let had = totp::remove(&state.db, &target.id).await?;
    tracing::info!(admin = %user.id, user = %target.id, had, "second sign-in factor reset by an admin");
    Ok(StatusCode::NO_CONTENT)
}

/// The company's rule: must staff sign in with a second factor? (Admins always must, unless
/// the server is started with `ADMIN_TOTP_REQUIRED=0`.)
#[utoipa::path(get, path = "/api/v1/auth/totp/policy", tag = "auth",
    responses((status = 200, body = TotpPolicy), refusal::Forbidden))]
async fn totp_policy(
    State(state): State<AppState>,
    Staff(user): Staff,
) -> AppResult<Json<TotpPolicy>> {
    Ok(Json(TotpPolicy {
        require_staff_totp: users::requires_staff_totp(&state.db, &user.company_id).await?,
    }))
}

/// Set the company's rule for staff (admins). Staff without a second factor may then only
/// set one up.
#[utoipa::path(put, path = "/api/v1/auth/totp/policy", tag = "auth", request_body = TotpPolicy,
    responses((status = 200, body = TotpPolicy), refusal::Forbidden))]
async fn totp_set_policy(
    State(state): State<AppState>,
    Admin(user): Admin,
    ApiJson(body): ApiJson<TotpPolicy>,
) -> AppResult<Json<TotpPolicy>> {
    users::set_requires_staff_totp(&state.db, &user.company_id, body.require_staff_totp).await?;
    tracing::info!(admin = %user.id, required = body.require_staff_totp, "staff second-factor rule set");
    Ok(Json(body))
}
