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
    is_email, Me, OtpCode, OtpLogin, OtpRequest, OtpSent, PasswordLogin, Phone,
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

/// Failed sign-ins per account, and attempts per client, within the window.
const MAX_FAILS_PER_ACCOUNT: i64 = 5;
const MAX_ATTEMPTS_PER_CLIENT: i64 = 30;
const WINDOW_MS: i64 = 15 * 60 * 1000;
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

/// Refuses when the account or the client has used up its attempts.
async fn refuse_when_limited(state: &AppState, account: &str, ip: &ClientIp) -> AppResult<()> {
    let since = state.clock.now_ms() - WINDOW_MS;
    let acct = format!("acct:{account}");
    let client = format!("ip:{}", ip.0);
    if throttle::count_since(&state.db, &acct, since).await? >= MAX_FAILS_PER_ACCOUNT
        || throttle::count_since(&state.db, &client, since).await? >= MAX_ATTEMPTS_PER_CLIENT
    {
        return Err(rate_limited());
    }
    Ok(())
}

/// As [`refuse_when_limited`], and counts this request against the client (code requests:
/// each one sends a text).
async fn check_limits(state: &AppState, account: &str, ip: &ClientIp) -> AppResult<()> {
    refuse_when_limited(state, account, ip).await?;
    throttle::record(&state.db, &format!("ip:{}", ip.0), state.clock.now_ms()).await
}

/// A failed sign-in counts against the account and the client. Successful sign-ins do not
/// count, so a whole office behind one address is never locked out by signing in.
async fn record_failure(state: &AppState, account: &str, ip: &ClientIp) -> AppResult<()> {
    let now = state.clock.now_ms();
    throttle::record(&state.db, &format!("acct:{account}"), now).await?;
    throttle::record(&state.db, &format!("ip:{}", ip.0), now).await
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
    throttle::clear(&state.db, &format!("acct:{account}")).await?;
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
    check_limits(&state, phone.as_str(), &ip).await?;
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
    if user.as_ref().and_then(|u| u.role().ok()) == Some(crate::domain::auth::Role::Homeowner) {
        let company = user.map(|u| u.company_name).unwrap_or_default();
        let text = format!("【{company}】您的登录验证码是 {code}，5分钟内有效。请勿告诉他人。");
        state
            .sender
            .send_sms(phone.as_str(), &text, now)
            .await
            .map_err(AppError::internal)?;
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
    throttle::clear(&state.db, &format!("acct:{}", phone.as_str())).await?;
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
