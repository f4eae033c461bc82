//! Staff set the company up: register a project with its homeowner (invited by text
//! message), then edit it (crew, customer-service owner, dates, stage). Homeowners accept the
//! privacy agreement.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::auth::Me;
use crate::domain::error::FieldError;
use crate::domain::privacy::{mask_name, mask_phone};
use crate::domain::setup::{
    AgreementAcceptance, NewProjectInput, ProjectFields, ProjectSetup, SetupChoices,
    AGREEMENT_VERSION,
};
use crate::domain::versions::{check_base, BaseCheck, Versioned};
use crate::domain::ErrorCode;
use crate::server::error::{refusal, AppError, AppResult};
use crate::server::extractors::{ApiJson, Enrolling, Staff, VisibleProject};
use crate::server::routes::auth::me_of;
use crate::server::state::AppState;
use crate::server::store::setup::{self, SetupRow};
use crate::server::texts::{Text, SERVER_LANG};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(choices))
        .routes(routes!(create_project))
        .routes(routes!(get_setup, put_setup))
        .routes(routes!(accept_agreement))
}

fn view(row: SetupRow) -> ProjectSetup {
    ProjectSetup {
        project: row.fields(),
        homeowner_masked: mask_name(&row.homeowner_name),
        homeowner_phone_masked: row
            .homeowner_phone
            .as_deref()
            .map(mask_phone)
            .unwrap_or_default(),
        version: row.version,
        id: row.id,
    }
}

/// What a project's crew and customer-service owner are chosen from (staff).
#[utoipa::path(get, path = "/api/v1/setup/choices", tag = "setup",
    responses((status = 200, body = SetupChoices), refusal::Unauthorized, refusal::Forbidden))]
async fn choices(
    State(state): State<AppState>,
    Staff(user): Staff,
) -> AppResult<Json<SetupChoices>> {
    Ok(Json(setup::choices(&state.db, &user.company_id).await?))
}

/// Registers a project with its homeowner (staff). A phone number the portal does not know
/// gets a homeowner account; the homeowner is sent an invitation with the portal's link and
/// signs in with a one-time code. A number of anyone but one of the company's homeowners is
/// refused (`homeowner_phone`, duplicate).
#[utoipa::path(post, path = "/api/v1/setup/projects", tag = "setup", request_body = NewProjectInput,
    responses((status = 201, body = ProjectSetup), refusal::Unauthorized, refusal::Forbidden, refusal::Invalid))]
async fn create_project(
    State(state): State<AppState>,
    Staff(user): Staff,
    ApiJson(input): ApiJson<NewProjectInput>,
) -> AppResult<(StatusCode, Json<ProjectSetup>)> {
    let (fields, homeowner) = input.validated()?;
    let now = state.clock.now_ms();
    let made = setup::create(&state.db, &user.company_id, &fields, &homeowner, now).await?;
    let link = state.config.link(&format!("/projects/{}", made.project_id));
    let text = Text::Invitation {
        company: &user.company_name,
        name: &homeowner.name,
        project: &fields.title,
        link: &link,
    }
    .text(SERVER_LANG);
    // The project is saved; a failed text is logged (masked) and staff can tell the homeowner.
    if let Err(e) = state
        .sender
        .send_sms(homeowner.phone.as_str(), &text, now)
        .await
    {
        tracing::warn!(error = %e, "invitation not sent");
    }
    tracing::info!(
        project = %made.project_id,
        new_account = made.new_account,
        "project registered"
    );
    let row = setup::setup_of(&state.db, &user.company_id, &made.project_id).await?;
    Ok((StatusCode::CREATED, Json(view(row))))
}

/// One project as staff edit it (404 for a project the caller may not see, 403 for a
/// homeowner or crew on their own).
#[utoipa::path(get, path = "/api/v1/setup/projects/{id}", tag = "setup",
    params(("id" = String, Path, description = "project id")),
    responses((status = 200, body = ProjectSetup), refusal::Unauthorized, refusal::Forbidden, refusal::NotFound))]
async fn get_setup(
    State(state): State<AppState>,
    VisibleProject(user, project): VisibleProject,
) -> AppResult<Json<ProjectSetup>> {
    user.require_staff()?;
    let row = setup::setup_of(&state.db, &user.company_id, &project.id).await?;
    Ok(Json(view(row)))
}

/// Edits a project: title, address, layout and figures, stage, dates, crew and owner (staff).
/// The edit carries the version it was made from; a newer stored one answers 409
/// `stale_revision` and nothing changes.
#[utoipa::path(put, path = "/api/v1/setup/projects/{id}", tag = "setup",
    params(("id" = String, Path, description = "project id")),
    request_body = Versioned<ProjectFields>,
    responses((status = 200, body = ProjectSetup), refusal::Unauthorized, refusal::Forbidden,
        refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn put_setup(
    State(state): State<AppState>,
    VisibleProject(user, project): VisibleProject,
    ApiJson(input): ApiJson<Versioned<ProjectFields>>,
) -> AppResult<Json<ProjectSetup>> {
    user.require_staff()?;
    let fields = input.value.validated()?;
    let stored = setup::setup_of(&state.db, &user.company_id, &project.id).await?;
    let saved = match check_base("version", input.version, stored.version)? {
        BaseCheck::Current => {
            setup::update(
                &state.db,
                &user.company_id,
                &project.id,
                stored.version,
                &fields,
            )
            .await?
        }
        BaseCheck::Stale => false,
    };
    if !saved {
        return Err(AppError::new(
            ErrorCode::StaleRevision,
            "the project was changed since this copy was loaded; reload and edit again",
        ));
    }
    let row = setup::setup_of(&state.db, &user.company_id, &project.id).await?;
    Ok(Json(view(row)))
}

/// Accepts the customer privacy agreement in force (《客户隐私保护协议》, its `version`); the
/// acceptance is recorded with its time. A version other than the one in force is refused
/// (the page showed an old text: reload it).
#[utoipa::path(post, path = "/api/v1/auth/agreement", tag = "auth", request_body = AgreementAcceptance,
    responses((status = 200, body = Me), refusal::Unauthorized, refusal::Invalid))]
async fn accept_agreement(
    State(state): State<AppState>,
    Enrolling(mut user): Enrolling,
    ApiJson(input): ApiJson<AgreementAcceptance>,
) -> AppResult<Json<Me>> {
    if input.version != AGREEMENT_VERSION {
        return Err(FieldError::not_allowed(
            "version",
            format!("the agreement in force is version {AGREEMENT_VERSION}; reload it"),
        )
        .into());
    }
    setup::accept_agreement(&state.db, &user.id, AGREEMENT_VERSION, state.clock.now_ms()).await?;
    user.agreement_due = false;
    Ok(Json(me_of(&user)))
}
