//! The one way pages show a failed request: plain words in the current language.

use leptos::prelude::*;

use crate::app::api::ApiError;
use crate::app::i18n::use_texts;

/// Shows the error (if any) as an alert; re-translates when the language changes.
#[component]
pub fn ErrorBanner(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    let t = use_texts();
    move || {
        error.get().map(|e| {
            view! {
                <div class="error-banner" role="alert" data-testid="error-banner">
                    {e.describe(t())}
                </div>
            }
        })
    }
}
