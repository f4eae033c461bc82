//! The one way a page waits for its data: the spinner while the request runs, the error in
//! plain words when it failed (and back to sign-in when the session has ended).

use leptos::prelude::*;

use super::error_banner::ErrorBanner;
use super::spinner::Spinner;
use crate::app::api::ApiError;
use crate::app::use_session;

/// The loaded data, or what to show instead of it: `Err` holds the spinner (`None`, still
/// loading) or the error banner (`Some(Err)`).
pub fn loaded<T>(state: Option<Result<T, ApiError>>) -> Result<T, AnyView> {
    match state {
        None => Err(view! { <Spinner/> }.into_any()),
        Some(Err(e)) => {
            use_session().check(&e);
            Err(view! { <ErrorBanner error=Signal::derive(move || Some(e.clone()))/> }.into_any())
        }
        Some(Ok(data)) => Ok(data),
    }
}
