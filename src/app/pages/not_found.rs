//! What an unknown address shows.

use leptos::prelude::*;

use crate::app::i18n::tx;

/// The 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card empty-state" data-testid="not-found">
            <h1>{tx(|t| t.not_found_title)}</h1>
            <p>{tx(|t| t.not_found_body)}</p>
            <a class="btn btn-primary" href="/projects">{tx(|t| t.go_home)}</a>
        </section>
    }
}
