//! The demo outbox: one-time codes show up here instead of being texted (signed-out too).

use leptos::prelude::*;

use crate::app::api;
use crate::app::components::loaded::loaded;
use crate::app::i18n::{tx, use_texts};

/// Lists the demo messages, newest first, with a refresh button.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let t = use_texts();
    let messages = api::load(api::outbox::list());

    view! {
        <section class="stack">
            <div class="page-head">
                <h1>{tx(|t| t.outbox_title)}</h1>
                <button
                    type="button"
                    class="btn btn-secondary"
                    data-testid="outbox-refresh"
                    on:click=move |_| api::reload(messages, api::outbox::list())
                >
                    {tx(|t| t.refresh)}
                </button>
            </div>
            <p class="muted">{tx(|t| t.outbox_intro)}</p>
            {move || match loaded(messages.get()) {
                Err(wait) => wait,
                Ok(list) if list.is_empty() => {
                    view! { <p class="card empty-state" data-testid="outbox-empty">{t().outbox_empty}</p> }
                        .into_any()
                }
                Ok(list) => {
                    view! {
                        <ul class="outbox-list">
                            {list
                                .into_iter()
                                .map(|m| {
                                    view! {
                                        <li class="card outbox-message" data-testid="outbox-message">
                                            <div class="outbox-meta">
                                                <span>
                                                    {tx(|t| t.to_label)} " "
                                                    <strong data-testid="outbox-recipient">{m.recipient_masked.clone()}</strong>
                                                </span>
                                                <time class="muted">{move || (t().date_time)(m.created_at)}</time>
                                            </div>
                                            <p class="outbox-body" data-testid="outbox-body">{m.body.clone()}</p>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
