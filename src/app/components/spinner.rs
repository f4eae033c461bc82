//! The loading indicator.

use leptos::prelude::*;

use crate::app::i18n::tx;

/// Shown while data loads, with a text for screen readers and slow connections.
#[component]
pub fn Spinner() -> impl IntoView {
    view! {
        <div class="spinner" role="status" data-testid="spinner">
            <span class="spinner-ring" aria-hidden="true"></span>
            <span>{tx(|t| t.loading)}</span>
        </div>
    }
}
