//! An edit refused because it was made from an out-of-date copy (409 `stale_revision`): the
//! one way every editor says so and offers to load the newest copy.

use leptos::prelude::*;

use crate::app::api::ApiError;
use crate::app::i18n::{tx, use_texts};
use crate::domain::ErrorCode;

/// Was the edit refused because a newer version was saved meanwhile?
pub fn is_stale(error: &Option<ApiError>) -> bool {
    error.as_ref().and_then(ApiError::code) == Some(ErrorCode::StaleRevision)
}

/// The error for the page's banner: everything but a stale copy, which [`StaleNotice`] shows.
pub fn unless_stale(error: RwSignal<Option<ApiError>>) -> Signal<Option<ApiError>> {
    Signal::derive(move || {
        error
            .get()
            .filter(|e| e.code() != Some(ErrorCode::StaleRevision))
    })
}

/// Shown when `error` says the copy was out of date: the page's own words (`message`) or the
/// common ones, and a button that loads the newest copy (`on_reload`, else the page again;
/// what was typed is lost, which the words say).
#[component]
pub fn StaleNotice(
    error: RwSignal<Option<ApiError>>,
    /// Words for this kind of content; the common sentence when absent.
    #[prop(optional, into)]
    message: Option<Signal<String>>,
    /// Loads the newest copy in place; reloads the page when absent.
    #[prop(optional)]
    on_reload: Option<Callback<()>>,
    /// Test hook of the button.
    #[prop(default = "reload-newest")]
    testid: &'static str,
) -> impl IntoView {
    let t = use_texts();
    let text = move || match message {
        Some(m) => m.get(),
        None => t().label(ErrorCode::StaleRevision).to_string(),
    };
    let reload = move |_| match on_reload {
        Some(cb) => {
            error.set(None);
            cb.run(());
        }
        None => {
            let _ = window().location().reload();
        }
    };
    view! {
        <Show when=move || error.with(is_stale)>
            <div class="error-banner stale-notice" role="alert" data-testid="stale-notice">
                <p>{text}</p>
                <button type="button" class="btn btn-secondary" data-testid=testid on:click=reload>
                    {tx(|t| t.reload_newest)}
                </button>
            </div>
        </Show>
    }
}
