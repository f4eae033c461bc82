//! Sign-in (password or one-time code), sign-out and "who am I".

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use rand::Rng;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::auth::{
    is_email, lockout_secs, Me, OtpCode, OtpLogin, OtpRequest, OtpSent, PasswordLogin, Phone,
};
use crate::domain::error::FieldReason;
use crate::domain::privacy::mask_phone;
use crate::domain::{ApiErrorBody, ErrorCode};
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{cookie_value, ApiJson, Caller, ClientIp};
use crate::server::password;
use crate::server::state::AppState;
use crate::server::store::otp::CodeCheck;
use crate::server::store::{otp, sessions, throttle, users};

/// Failed sign-ins of one account from one address are remembered this long (the growing
/// wait between them: `domain::auth::lockout_secs`).
const PAIR_WINDOW_MS: i64 = 60 * 60 * 1000;
/// Failed sign-ins from one address (to any accounts) within the window.
const MAX_FAILS_PER_CLIENT: i64 = 30;
const WINDOW_MS: i64 = 15 * 60 * 1000;
/// Sign-in codes per number and per address in a day (SMS pumping).
const MAX_CODES_PER_NUMBER_PER_DAY: i64 = 10;
const MAX_CODES_PER_CLIENT_PER_DAY: i64 = 50;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// One-time sign-in codes live 5 minutes; a new one may be asked for after 60 s.
const OTP_TTL_MS: i64 = 5 * 60 * 1000;
const OTP_SPACING_MS: i64 = 60 * 1000;
const OTP_PURPOSE: &str = "login";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(otp_request))
        .routes(routes!(otp_verify))
        .routes(routes!(logout))
        .routes(routes!(me))
}

/// The signed-in user as the UI sees them.
pub fn me_of(user: &Caller) -> Me {
    Me {
        id: user.id.clone(),
        name: user.name.clone(),
        role: user.role,
        phone_masked: user.phone.as_deref().map(mask_phone),
        company_name: user.company_name.clone(),
    }
}

fn rate_limited() -> AppError {
    AppError::new(
        ErrorCode::RateLimited,
        "too many attempts; wait a few minutes and try again",
    )
}

fn pair_bucket(account: &str, ip: &ClientIp) -> String {
    format!("fail:{account}|{}", ip.0)
}

fn client_bucket(ip: &ClientIp) -> String {
    format!("fail-ip:{}", ip.0)
}

/// Refuses a sign-in while this address must wait before trying this account again (after
/// its own failures there, growing), or when the address has failed too often on any
/// accounts. Only failures count, and only this address's: a right password from an address
/// that has not failed always gets through, so nobody can lock a real user out.
async fn refuse_when_limited(state: &AppState, account: &str, ip: &ClientIp) -> AppResult<()> {
    let now = state.clock.now_ms();
    let pair = pair_bucket(account, ip);
    let fails = throttle::count_since(&state.db, &pair, now - PAIR_WINDOW_MS).await?;
    if fails > 0 {
        let wait_ms = i64::from(lockout_secs(u32::try_from(fails).unwrap_or(u32::MAX))) * 1000;
        if let Some(last) = throttle::latest(&state.db, &pair).await? {
            if now < last + wait_ms {
                return Err(rate_limited());
            }
        }
    }
    if throttle::count_since(&state.db, &client_bucket(ip), now - WINDOW_MS).await?
        >= MAX_FAILS_PER_CLIENT
    {
        return Err(rate_limited());
    }
    Ok(())
}

/// Daily caps on sign-in codes per number and per address (each one sends a text), counted
/// whether or not the number has an account.
async fn check_code_caps(state: &AppState, phone: &str, ip: &ClientIp) -> AppResult<()> {
    let now = state.clock.now_ms();
    let number = format!("code:{phone}");
    let client = format!("code-ip:{}", ip.0);
    if throttle::count_since(&state.db, &number, now - DAY_MS).await?
        >= MAX_CODES_PER_NUMBER_PER_DAY
        || throttle::count_since(&state.db, &client, now - DAY_MS).await?
            >= MAX_CODES_PER_CLIENT_PER_DAY
    {
        return Err(AppError::new(
            ErrorCode::RateLimited,
            "no more codes today for this number or from this address; try again tomorrow",
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

/// Sign in with phone or email and password.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = PasswordLogin,
    responses((status = 200, body = Me), (status = 401, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
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
    let cookie = start_session(&state, &headers, &user).await?;
    Ok((cookie, Json(me_of(&user))))
}

/// Ask for a one-time sign-in code by text message (homeowners). The answer is the same
/// whether or not the number has an account.
#[utoipa::path(post, path = "/api/v1/auth/otp/request", tag = "auth", request_body = OtpRequest,
    responses((status = 200, body = OtpSent), (status = 422, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
async fn otp_request(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(body): ApiJson<OtpRequest>,
) -> AppResult<Json<OtpSent>> {
    let phone = Phone::parse(&body.phone)?;
    let now = state.clock.now_ms();
    if let Some(last) = otp::last_issued(&state.db, phone.as_str(), OTP_PURPOSE).await? {
        if now - last < OTP_SPACING_MS {
            return Err(AppError::new(
                ErrorCode::RateLimited,
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
        let text = format!("【{company}】您的登录验证码是 {code}，5分钟内有效。请勿告诉他人。");
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
    responses((status = 200, body = Me), (status = 401, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
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

/// The signed-in user (401 when signed out).
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = ApiErrorBody)))]
async fn me(user: Caller) -> AppResult<Json<Me>> {
    Ok(Json(me_of(&user)))
}
