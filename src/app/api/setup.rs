//! Staff register and edit projects; homeowners accept the privacy agreement.

use super::{encode, get, post, put, ApiError};
use crate::domain::auth::Me;
use crate::domain::setup::{
    AgreementAcceptance, NewProjectInput, ProjectFields, ProjectSetup, SetupChoices,
    AGREEMENT_VERSION,
};
use crate::domain::versions::Versioned;

/// The company's crews and staff to choose from.
pub async fn choices() -> Result<SetupChoices, ApiError> {
    get("/setup/choices").await
}

/// Registers a project with its homeowner (who is invited by text message).
pub async fn create(input: &NewProjectInput) -> Result<ProjectSetup, ApiError> {
    post("/setup/projects", Some(input)).await
}

/// One project as staff edit it.
pub async fn get_one(id: &str) -> Result<ProjectSetup, ApiError> {
    get(&format!("/setup/projects/{}", encode(id))).await
}

/// Saves an edit made from `version`.
pub async fn save(id: &str, input: &Versioned<ProjectFields>) -> Result<ProjectSetup, ApiError> {
    put(&format!("/setup/projects/{}", encode(id)), input).await
}

/// Accepts the privacy agreement in force.
pub async fn accept_agreement() -> Result<Me, ApiError> {
    let body = AgreementAcceptance {
        version: AGREEMENT_VERSION,
    };
    post("/auth/agreement", Some(&body)).await
}
