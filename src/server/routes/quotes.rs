//! Quotes (方案报价): staff publish revisions, the homeowner reads them with what changed and
//! confirms in three steps, the last with a one-time code sent to their phone. A confirmed
//! revision never changes; a change is a new revision with its cost delta.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use rand::Rng;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::auth::Role;
use crate::domain::privacy::mask_name;
use crate::domain::quotes::{
    advance, diff, format_yuan, otp_expires_at, payment_amounts, totals, ChangeAllowance,
    ConfirmAction, ConfirmStep, Fen, QuoteRevisionContent, QuoteRevisionView, QuoteStatus,
    QuoteSummary, StepError, StepInput, VerifyCodeInput, OTP_TTL_SECS,
};
use crate::domain::versions::Versioned;
use crate::domain::ErrorCode;
use crate::server::clock::from_ms;
use crate::server::error::refusal;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{cookie_value, ApiJson, Caller, VisibleProject};
use crate::server::state::AppState;
use crate::server::store::otp::CodeCheck;
use crate::server::store::projects::{self, ProjectRow};
use crate::server::store::quotes::{self, content_hash, RevisionRow, RevisionValues};
use crate::server::store::{otp, sessions, versions};
use crate::server::texts::{Text, SERVER_LANG};

/// A new code may be asked for 60 s after the previous one.
const RESEND_AFTER_MS: i64 = 60_000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_quotes, publish_quote))
        .routes(routes!(get_quote, edit_quote))
        .routes(routes!(approve_quote))
        .routes(routes!(take_step))
        .routes(routes!(verify_code))
}

fn is_owner(user: &Caller, project: &ProjectRow) -> bool {
    user.role == Role::Homeowner && project.homeowner_id == user.id
}

fn otp_purpose(revision_id: &str) -> String {
    format!("quote:{revision_id}")
}

fn step_error(e: StepError) -> AppError {
    match e {
        StepError::Invalid(f) => f.into(),
        StepError::TooManyTries | StepError::CodeExpired => AppError::code_expired(),
        other => AppError::conflict(other.to_string()),
    }
}

/// The revision a revision is compared with: the last confirmed one before it, else the one
/// just before it.
fn base_of(all: &[RevisionRow], revision: i64) -> Option<&RevisionRow> {
    let earlier = || all.iter().filter(move |r| r.revision < revision);
    earlier()
        .filter(|r| r.status == QuoteStatus::Confirmed.as_str())
        .max_by_key(|r| r.revision)
        .or_else(|| earlier().max_by_key(|r| r.revision))
}

/// The total of the revision `revision` is compared with ([`base_of`]), if any.
fn base_total(all: &[RevisionRow], revision: i64) -> Option<Fen> {
    base_of(all, revision).map(|b| Fen(b.total_fen))
}

/// Free design changes left: 3 before the first confirmation, 2 after it.
fn free_changes_left(all: &[RevisionRow]) -> u32 {
    let first_confirmed = all
        .iter()
        .filter(|r| r.status == QuoteStatus::Confirmed.as_str())
        .map(|r| r.revision)
        .min();
    let allowance = ChangeAllowance::default();
    match first_confirmed {
        None => allowance.free_left(false, all.len().saturating_sub(1) as u32),
        Some(signed_at) => {
            let after = all.iter().filter(|r| r.revision > signed_at).count() as u32;
            allowance.free_left(true, after)
        }
    }
}

fn view(
    user: &Caller,
    project: &ProjectRow,
    row: &RevisionRow,
    all: &[RevisionRow],
) -> AppResult<QuoteRevisionView> {
    let content = row.content()?;
    let totals = totals(&content)?;
    let status = row.status()?;
    let step = row.step()?;
    let base = base_of(all, row.revision);
    let diff = match base {
        Some(b) => Some(diff(&b.content()?, &content)?),
        None => None,
    };
    let needs = row.needs_approval != 0;
    let approved = row.approved_at.is_some();
    let code_sent_at = row.code_sent_at.map(from_ms);
    Ok(QuoteRevisionView {
        id: row.id.clone(),
        project_id: row.project_id.clone(),
        revision: row.revision,
        status,
        payment_amounts: payment_amounts(&content.payment_plan, totals.total).unwrap_or_default(),
        content,
        totals,
        content_hash: row.content_hash.clone(),
        published_at: from_ms(row.published_at),
        compared_with: base.map(|b| b.revision),
        diff,
        needs_approval: needs,
        approved,
        code_expires_at: match step {
            ConfirmStep::CodeSent => code_sent_at.map(otp_expires_at),
            _ => None,
        },
        code_sent_at,
        step,
        confirmed_at: row.confirmed_at.map(from_ms),
        confirmed_by: row.confirmed_by_name.as_deref().map(mask_name),
        rejected_at: row.rejected_at.map(from_ms),
        can_confirm: is_owner(user, project)
            && status == QuoteStatus::Pending
            && (!needs || approved),
        can_edit: user.is_staff()
            && status == QuoteStatus::Pending
            && row.confirm_step == "basic_terms",
        free_changes_left: free_changes_left(all),
        prices_hidden: false,
        version: row.version,
    })
    .map(|v| {
        // Crews build from the quote but never see its money.
        if user.role == Role::Crew {
            v.without_prices()
        } else {
            v
        }
    })
}

/// Loads a revision the caller may see (through its project) with its siblings.
async fn visible_revision(
    state: &AppState,
    user: &Caller,
    id: &str,
) -> AppResult<(ProjectRow, RevisionRow, Vec<RevisionRow>)> {
    let row = quotes::get(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let project = projects::visible_one(&state.db, user, &row.project_id).await?;
    let all = quotes::for_project(&state.db, &project.id).await?;
    Ok((project, row, all))
}

async fn fresh_view(
    state: &AppState,
    user: &Caller,
    id: &str,
) -> AppResult<Json<QuoteRevisionView>> {
    let (project, row, all) = visible_revision(state, user, id).await?;
    Ok(Json(view(user, &project, &row, &all)?))
}

/// The project's quote revisions, newest first.
#[utoipa::path(get, path = "/api/v1/projects/{id}/quotes", tag = "quotes",
    params(("id" = String, Path, description = "project id")),
    responses((status = 200, body = Vec<QuoteSummary>), refusal::NotFound))]
async fn list_quotes(
    State(state): State<AppState>,
    VisibleProject(user, project): VisibleProject,
) -> AppResult<Json<Vec<QuoteSummary>>> {
    let all = quotes::for_project(&state.db, &project.id).await?;
    all.iter()
        .map(|r| {
            Ok(QuoteSummary {
                id: r.id.clone(),
                revision: r.revision,
                status: r.status()?,
                total: Fen(r.total_fen),
                delta: Fen(r.delta_fen),
                needs_approval: r.needs_approval != 0,
                approved: r.approved_at.is_some(),
                published_at: from_ms(r.published_at),
                confirmed_at: r.confirmed_at.map(from_ms),
                prices_hidden: false,
            })
            .map(|q| {
                if user.role == Role::Crew {
                    q.without_prices()
                } else {
                    q
                }
            })
        })
        .collect::<AppResult<Vec<_>>>()
        .map(Json)
}

/// Publishes a new revision (staff). Totals are computed here from the lines, never taken
/// from the client; a change of more than 5% against the last confirmed revision is marked as
/// needing approval.
#[utoipa::path(post, path = "/api/v1/projects/{id}/quotes", tag = "quotes", request_body = QuoteRevisionContent,
    params(("id" = String, Path, description = "project id")),
    responses((status = 201, body = QuoteRevisionView), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn publish_quote(
    State(state): State<AppState>,
    VisibleProject(user, project): VisibleProject,
    ApiJson(input): ApiJson<QuoteRevisionContent>,
) -> AppResult<(StatusCode, Json<QuoteRevisionView>)> {
    user.require_staff()?;
    let content = input.validated()?;
    let all = quotes::for_project(&state.db, &project.id).await?;
    let next = all.iter().map(|r| r.revision).max().unwrap_or(0) + 1;
    let v = RevisionValues::of(&content, base_total(&all, next))?;
    let now = state.clock.now_ms();
    let new_id = quotes::publish(&state.db, &project.id, next, &v, &user.id, now).await?;
    tracing::info!(quote = %new_id, revision = next, needs_approval = v.needs_approval, "quote revision published");
    Ok((
        StatusCode::CREATED,
        fresh_view(&state, &user, &new_id).await?,
    ))
}

/// One revision, with what changed since the revision it is compared with.
#[utoipa::path(get, path = "/api/v1/quotes/{id}", tag = "quotes",
    params(("id" = String, Path, description = "revision id")),
    responses((status = 200, body = QuoteRevisionView), refusal::NotFound))]
async fn get_quote(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
) -> AppResult<Json<QuoteRevisionView>> {
    fresh_view(&state, &user, &id).await
}

/// Corrects a pending revision in place (staff), only before the homeowner's first step.
/// A confirmed (or rejected, or superseded) revision never changes: 409. The body is the
/// content with the `version` of the copy it was made from (required): when the revision
/// changed since (another member of staff corrected it, the homeowner took a step, a manager
/// approved it), the edit is refused with 409 `stale_revision` and nothing changes.
#[utoipa::path(put, path = "/api/v1/quotes/{id}", tag = "quotes", request_body = Versioned<QuoteRevisionContent>,
    params(("id" = String, Path, description = "revision id")),
    responses((status = 200, body = QuoteRevisionView), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn edit_quote(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<Versioned<QuoteRevisionContent>>,
) -> AppResult<Json<QuoteRevisionView>> {
    let (_project, row, all) = visible_revision(&state, &user, &id).await?;
    user.require_staff()?;
    match row.status()? {
        QuoteStatus::Confirmed => {
            return Err(AppError::conflict(
                "a confirmed quote never changes; publish a new revision (change order)",
            ))
        }
        QuoteStatus::Rejected | QuoteStatus::Superseded => {
            return Err(AppError::conflict(
                "this revision is closed; publish a new revision",
            ))
        }
        QuoteStatus::Pending => {}
    }
    if row.step()? != ConfirmStep::BasicTerms {
        return Err(AppError::conflict(
            "the homeowner has started confirming this revision; publish a new revision",
        ));
    }
    let content = input.value.validated()?;
    versions::require_current("version", input.version, row.version, "this revision")?;
    let v = RevisionValues::of(&content, base_total(&all, row.revision))?;
    quotes::edit(&state.db, &row, &v).await?;
    fresh_view(&state, &user, &id).await
}

/// A manager approves a revision whose cost moved by more than 5%.
#[utoipa::path(post, path = "/api/v1/quotes/{id}/approve", tag = "quotes",
    params(("id" = String, Path, description = "revision id")),
    responses((status = 200, body = QuoteRevisionView), refusal::Forbidden, refusal::NotFound, refusal::Conflict))]
async fn approve_quote(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
) -> AppResult<Json<QuoteRevisionView>> {
    let (_project, row, _all) = visible_revision(&state, &user, &id).await?;
    user.require_admin()?;
    if row.needs_approval == 0 || row.approved_at.is_some() {
        return Err(AppError::conflict("this revision needs no approval"));
    }
    quotes::approve(&state.db, &row, &user.id, state.clock.now_ms()).await?;
    fresh_view(&state, &user, &id).await
}

fn session_ref(state: &AppState, headers: &HeaderMap) -> String {
    cookie_value(headers, state.config.session_cookie_name())
        .map(sessions::reference)
        .unwrap_or_default()
}

/// Sends a fresh confirmation code to the homeowner's phone.
async fn send_code(
    state: &AppState,
    user: &Caller,
    project: &ProjectRow,
    row: &RevisionRow,
) -> AppResult<()> {
    let phone = user
        .phone
        .as_deref()
        .ok_or_else(|| AppError::conflict("no phone number on this account to send the code to"))?;
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    let now = state.clock.now_ms();
    otp::create(
        &state.db,
        phone,
        &otp_purpose(&row.id),
        &code,
        now,
        OTP_TTL_SECS * 1000,
    )
    .await?;
    let text = Text::QuoteCode {
        company: &user.company_name,
        project: &project.title,
        revision: row.revision,
        total: &format_yuan(Fen(row.total_fen)),
        code: &code,
    }
    .text(SERVER_LANG);
    state
        .sender
        .send_sms(phone, &text, now)
        .await
        .map_err(AppError::internal)
}

/// A revision of the caller's own project (404 for others' projects, 403 for anyone but its
/// homeowner).
async fn owned_revision(
    state: &AppState,
    user: &Caller,
    id: &str,
) -> AppResult<(ProjectRow, RevisionRow)> {
    let (project, row, _all) = visible_revision(state, user, id).await?;
    if !is_owner(user, &project) {
        return Err(AppError::forbidden("only the homeowner confirms the quote"));
    }
    Ok((project, row))
}

/// The homeowner's confirmation steps, in order: basic terms (schedule, payment plan), then
/// special notes (which sends the code), or a rejection with a reason at any point.
#[utoipa::path(post, path = "/api/v1/quotes/{id}/steps", tag = "quotes", request_body = StepInput,
    params(("id" = String, Path, description = "revision id")),
    responses((status = 200, body = QuoteRevisionView), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid, refusal::TooMany))]
async fn take_step(
    State(state): State<AppState>,
    user: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<StepInput>,
) -> AppResult<Json<QuoteRevisionView>> {
    let (project, row) = owned_revision(&state, &user, &id).await?;
    let action = input.action();
    let current = row.step()?;
    if row.status()? == QuoteStatus::Superseded {
        return Err(AppError::new(
            ErrorCode::StaleRevision,
            "a newer revision replaced this one",
        ));
    }
    let next = advance(&current, action.clone()).map_err(step_error)?;
    let rejecting = matches!(action, ConfirmAction::Reject { .. });
    if !rejecting && row.needs_approval != 0 && row.approved_at.is_none() {
        return Err(AppError::new(
            ErrorCode::NeedsApproval,
            "this change moves the cost by more than 5% and waits for a manager's approval",
        ));
    }
    let now = state.clock.now_ms();
    if action == ConfirmAction::ResendCode {
        if let Some(sent) = row.code_sent_at {
            if now - sent < RESEND_AFTER_MS {
                return Err(AppError::rate_limited(
                    sent + RESEND_AFTER_MS - now,
                    "a code was just sent; wait a minute before asking again",
                ));
            }
        }
    }
    let sref = session_ref(&state, &headers);
    quotes::set_step(&state.db, &row, &next, &user.id, &sref, now).await?;
    if next == ConfirmStep::CodeSent {
        send_code(&state, &user, &project, &row).await?;
    }
    fresh_view(&state, &user, &id).await
}

/// The final step: the one-time code from the homeowner's phone confirms the revision. Wrong,
/// expired or used codes fail; the confirmation keeps who, when, the session and the hash.
#[utoipa::path(post, path = "/api/v1/quotes/{id}/verify", tag = "quotes", request_body = VerifyCodeInput,
    params(("id" = String, Path, description = "revision id")),
    responses((status = 200, body = QuoteRevisionView), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn verify_code(
    State(state): State<AppState>,
    user: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<VerifyCodeInput>,
) -> AppResult<Json<QuoteRevisionView>> {
    let (_project, row) = owned_revision(&state, &user, &id).await?;
    let code = input.validated()?;
    advance(&row.step()?, ConfirmAction::CodeVerified).map_err(step_error)?;
    // The content must still be exactly what was published.
    if content_hash(&row.content) != row.content_hash {
        return Err(AppError::internal("quote content does not match its hash"));
    }
    let phone = user.phone.as_deref().unwrap_or_default();
    let now = state.clock.now_ms();
    match otp::verify(&state.db, phone, &otp_purpose(&row.id), &code, now).await? {
        CodeCheck::Accepted => {}
        CodeCheck::Wrong { tries_left } => return Err(AppError::code_wrong(tries_left)),
        CodeCheck::Expired => return Err(AppError::code_expired()),
    }
    let sref = session_ref(&state, &headers);
    quotes::confirm(&state.db, &row, &user.id, &sref, now).await?;
    tracing::info!(quote = %row.id, revision = row.revision, "quote confirmed");
    fresh_view(&state, &user, &id).await
}
