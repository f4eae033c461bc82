//! Request extractors: the typed caller (and the staff-only caller), the project of the path
//! the caller may see, JSON bodies with
//! `{code, message}` refusals, the query of a paged list ([`ListQuery`]), and the client's
//! address for rate limits.

use std::net::{IpAddr, SocketAddr};

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Request};
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use serde::de::DeserializeOwned;

mod list;

pub use list::{ListFilter, ListQuery, Paged, Searched};

use super::error::{AppError, AppResult};
use super::state::AppState;
use super::store::leaderboard;
use super::store::projects::{self, ProjectRow};
use super::store::service::{self, ItemRow};
use super::store::{sessions, users::UserRow};
use crate::domain::auth::Role;
use crate::domain::error::FieldReason;
use crate::domain::setup::AGREEMENT_VERSION;
use crate::domain::ErrorCode;

/// Reads one cookie's value from the request headers.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// The signed-in caller, typed once per request: who, which company, which role (and crew).
/// It carries no password hash; handlers and store functions decide access from it alone.
#[derive(Debug, Clone)]
pub struct Caller {
    pub id: String,
    pub company_id: String,
    pub role: Role,
    pub name: String,
    pub phone: Option<String>,
    /// The crew a crew member belongs to.
    pub crew_id: Option<String>,
    pub company_name: String,
    time_zone: chrono_tz::Tz,
    /// The second sign-in factor (TOTP) is on.
    pub totp_enabled: bool,
    /// The company requires a second factor of its staff.
    staff_totp_required: bool,
    /// A homeowner who has not accepted the privacy agreement in force: only accepting it
    /// (and the [`Enrolling`] endpoints) is open.
    pub agreement_due: bool,
}

impl Caller {
    /// The caller of a user row (refusing a row with an unknown role as a server fault).
    pub fn from_row(row: UserRow) -> Result<Caller, AppError> {
        let role = row.role()?;
        let time_zone = row.tz();
        let totp_enabled = row.totp_on != 0;
        let staff_totp_required = row.require_staff_totp != 0;
        let agreement_due = role == Role::Homeowner
            && row.agreement_version.unwrap_or(0) < i64::from(AGREEMENT_VERSION);
        Ok(Caller {
            id: row.id,
            company_id: row.company_id,
            role,
            name: row.name,
            phone: row.phone,
            crew_id: row.crew_id,
            company_name: row.company_name,
            time_zone,
            totp_enabled,
            staff_totp_required,
            agreement_due,
        })
    }

    /// Must this caller have a second factor? Admins when the server requires it of them
    /// (`admin_required`, `ADMIN_TOTP_REQUIRED`), staff when their company does.
    pub fn totp_required(&self, admin_required: bool) -> bool {
        match self.role {
            Role::Admin => admin_required,
            Role::Staff => self.staff_totp_required,
            Role::Homeowner | Role::Crew => false,
        }
    }

    /// Required but not on yet: only setting it up is open.
    pub fn must_enrol_totp(&self, admin_required: bool) -> bool {
        !self.totp_enabled && self.totp_required(admin_required)
    }

    /// Staff or admin: works the company's projects and queues.
    pub fn is_staff(&self) -> bool {
        self.role.sees_all_projects()
    }

    /// Refuses a caller who is not staff (403). Handlers of one object check it after the
    /// object's visibility, so a foreign object still answers 404 to anyone.
    pub fn require_staff(&self) -> Result<(), AppError> {
        if self.is_staff() {
            Ok(())
        } else {
            Err(AppError::forbidden("only staff may do this"))
        }
    }

    /// Refuses a caller who is not an admin (403).
    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(AppError::forbidden("only an admin may do this"))
        }
    }

    /// The company's time zone.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone
    }
}

/// The caller of the request's live session, if any (401 otherwise).
async fn session_caller(parts: &Parts, state: &AppState) -> Result<Caller, AppError> {
    let token = cookie_value(&parts.headers, state.config.session_cookie_name())
        .ok_or_else(AppError::unauthenticated)?;
    let user = sessions::user_for(
        &state.db,
        token,
        state.clock.now_ms(),
        state.config.session_idle_ms(),
    )
    .await?
    .ok_or_else(AppError::unauthenticated)?;
    Caller::from_row(user)
}

/// Answers 401 when there is no live session, and 403 `second_factor_setup_required` while
/// the caller must still set up the second factor their role requires (only [`Enrolling`]
/// endpoints are open then).
impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let caller = session_caller(parts, state).await?;
        if caller.must_enrol_totp(state.config.admin_totp_required) {
            return Err(AppError::new(
                ErrorCode::SecondFactorSetupRequired,
                "set up two-step sign-in (an authenticator app) first",
            ));
        }
        if caller.agreement_due {
            return Err(AppError::new(
                ErrorCode::AgreementRequired,
                "accept the customer privacy agreement first (POST /api/v1/auth/agreement)",
            ));
        }
        Ok(caller)
    }
}

/// The signed-in caller, also while they must still set up their second factor: for the
/// endpoints that stay open then ("who am I", the second factor's status and set-up).
#[derive(Debug, Clone)]
pub struct Enrolling(pub Caller);

impl FromRequestParts<AppState> for Enrolling {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        Ok(Enrolling(session_caller(parts, state).await?))
    }
}

/// Extractors of a caller of some roles: anyone else is refused with 403 before the handler
/// runs. For endpoints without an object (queues, metrics, settings); one object's handlers
/// take a [`Caller`] (or a [`VisibleProject`]) and check visibility first (404), then the
/// role ([`Caller::require_staff`]).
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $check:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub Caller);

        impl FromRequestParts<AppState> for $name {
            type Rejection = AppError;

            async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
                let caller = Caller::from_request_parts(parts, state).await?;
                caller.$check()?;
                Ok($name(caller))
            }
        }
    };
}

role_extractor!(
    /// A caller who is staff or an admin (the one way to require staff).
    Staff,
    require_staff
);
role_extractor!(
    /// An admin of the company (the company's settings and rules).
    Admin,
    require_admin
);

/// The project named by the path's `{id}`, for a caller who may see it: a project of another
/// company, or one the caller has no part in, answers 404 before the handler runs (as does a
/// project that does not exist). Handlers that act as staff on it then call
/// [`Caller::require_staff`] (403), so a foreign project never answers 403.
#[derive(Debug, Clone)]
pub struct VisibleProject(pub Caller, pub ProjectRow);

/// Extractors of the object the path's `{id}` names: the caller and what `$find` (state,
/// caller, id) makes of it, or its refusal (404 for an object the caller may not see).
macro_rules! path_object_extractor {
    ($name:ident, $find:ident) => {
        impl FromRequestParts<AppState> for $name {
            type Rejection = AppError;

            async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
                let (caller, id) = caller_and_path_id(parts, state).await?;
                $find(state, caller, id).await
            }
        }
    };
}

path_object_extractor!(VisibleProject, visible_project);
path_object_extractor!(VisibleItem, visible_item);
path_object_extractor!(CompanyCrew, company_crew);

async fn visible_project(
    state: &AppState,
    caller: Caller,
    id: String,
) -> AppResult<VisibleProject> {
    let project = projects::visible_one(&state.db, &caller, &id).await?;
    Ok(VisibleProject(caller, project))
}

/// The caller and the path's `{id}` (a path that does not parse answers 404).
async fn caller_and_path_id(parts: &mut Parts, state: &AppState) -> AppResult<(Caller, String)> {
    let caller = Caller::from_request_parts(parts, state).await?;
    let Path(params) = Path::<Vec<(String, String)>>::from_request_parts(parts, state)
        .await
        .map_err(|_| AppError::not_found())?;
    let id = params
        .into_iter()
        .find_map(|(k, v)| (k == "id").then_some(v))
        .ok_or_else(|| AppError::internal("the route names no id"))?;
    Ok((caller, id))
}

/// The service item named by the path's `{id}`, for a caller who may see it: homeowners their
/// own projects' items, staff their company's, crews none. Any other answers 404 before the
/// handler runs (as [`VisibleProject`] does), whatever the request's body.
#[derive(Debug, Clone)]
pub struct VisibleItem(pub Caller, pub ItemRow);

async fn visible_item(state: &AppState, caller: Caller, id: String) -> AppResult<VisibleItem> {
    let row = service::get(&state.db, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if caller.role == Role::Crew {
        return Err(AppError::not_found());
    }
    projects::visible_one(&state.db, &caller, &row.project_id).await?;
    Ok(VisibleItem(caller, row))
}

/// The crew named by the path's `{id}`, of the caller's company (404 otherwise, before the
/// handler runs): the caller, the crew's id and its name. What of the crew the caller may see
/// is the handler's to decide.
#[derive(Debug, Clone)]
pub struct CompanyCrew(pub Caller, pub String, pub String);

async fn company_crew(state: &AppState, caller: Caller, id: String) -> AppResult<CompanyCrew> {
    let mut names = leaderboard::crew_names(&state.db, &caller.company_id).await?;
    let name = names.remove(&id).ok_or_else(AppError::not_found)?;
    Ok(CompanyCrew(caller, id, name))
}

/// A JSON body whose rejections answer `{code, message}`: 415 without a JSON content type,
/// 400 for broken JSON, 413 over the body limit, 422 for JSON of the wrong shape, and 422
/// for text carrying a NUL character (PostgreSQL cannot store it; no form needs it).
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

/// The key of the first string (or key) holding a NUL character, if any.
fn nul_in(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) if s.contains('\0') => Some(String::new()),
        serde_json::Value::Array(items) => items.iter().find_map(nul_in),
        serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| {
            if k.contains('\0') {
                return Some(String::new());
            }
            nul_in(v).map(|inner| if inner.is_empty() { k.clone() } else { inner })
        }),
        _ => None,
    }
}

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let value = match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(v)) => v,
            Err(rejection) => {
                return Err(match rejection {
                    JsonRejection::MissingJsonContentType(_) => AppError::new(
                        ErrorCode::UnsupportedMediaType,
                        "send the body as application/json",
                    ),
                    JsonRejection::JsonSyntaxError(_) => {
                        AppError::bad_request("the body is not valid JSON")
                    }
                    other if other.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                        AppError::new(ErrorCode::PayloadTooLarge, "the body is too large")
                    }
                    other => AppError::bad_request(other.body_text()),
                })
            }
        };
        if let Some(key) = nul_in(&value) {
            let field = if key.is_empty() {
                "body".to_string()
            } else {
                key
            };
            return Err(AppError::field(
                &field,
                FieldReason::BadFormat,
                "text may not contain NUL characters",
            ));
        }
        serde_json::from_value(value)
            .map(ApiJson)
            .map_err(|e| AppError::new(ErrorCode::Validation, e.to_string()))
    }
}

/// The socket peer's address as connected (never from headers), if known.
#[derive(Debug, Clone, Copy)]
pub struct PeerAddr(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for PeerAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PeerAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0),
        ))
    }
}

/// The client's address: the socket peer; behind `trust_proxy` proxies, the
/// `X-Forwarded-For` entry that many places from the right (what the outermost trusted proxy
/// saw). Entries further left are written by the client and never trusted.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

/// The client address in an `X-Forwarded-For` value behind `proxies` trusted proxies.
pub fn forwarded_client(header: &str, proxies: u8) -> Option<IpAddr> {
    let hops: Vec<&str> = header.split(',').map(str::trim).collect();
    let n = usize::from(proxies);
    if n == 0 || hops.len() < n {
        return None;
    }
    hops[hops.len() - n].parse().ok()
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        if state.config.trust_proxy > 0 {
            let forwarded = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect::<Vec<_>>()
                .join(",");
            if let Some(ip) = forwarded_client(&forwarded, state.config.trust_proxy) {
                return Ok(ClientIp(ip));
            }
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        Ok(ClientIp(peer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_characters_are_found_with_their_key() {
        let v = serde_json::json!({"a": "ok", "work_done": "x\0y"});
        assert_eq!(nul_in(&v).as_deref(), Some("work_done"));
        let v = serde_json::json!({"items": [{"note": "fine"}, {"note": "\0"}]});
        assert_eq!(nul_in(&v).as_deref(), Some("note"));
        assert_eq!(nul_in(&serde_json::json!({"a": ["b", 1, null]})), None);
    }

    #[test]
    fn only_the_hops_added_by_trusted_proxies_count() {
        let ip = |s: &str| s.parse::<IpAddr>().ok();
        // One proxy: the rightmost entry is what it saw; the client's own claims are ignored.
        assert_eq!(
            forwarded_client("6.6.6.6, 198.51.100.7", 1),
            ip("198.51.100.7")
        );
        assert_eq!(forwarded_client("198.51.100.7", 1), ip("198.51.100.7"));
        // Two proxies (a CDN, then nginx): the second from the right.
        assert_eq!(
            forwarded_client("6.6.6.6, 198.51.100.7, 10.0.0.2", 2),
            ip("198.51.100.7")
        );
        assert_eq!(forwarded_client("198.51.100.7", 2), None);
        assert_eq!(forwarded_client("not-an-ip", 1), None);
        assert_eq!(forwarded_client("198.51.100.7", 0), None);
    }

    #[test]
    fn cookies_are_found_by_name() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, "a=1; sid=abc; b=2".parse().unwrap());
        assert_eq!(cookie_value(&h, "sid"), Some("abc"));
        assert_eq!(cookie_value(&h, "x"), None);
    }
}
