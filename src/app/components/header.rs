//! The top bar: portal name, who is signed in, language switch and sign-out.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::i18n::{tx, use_lang, use_texts};
use crate::app::router::use_router;
use crate::app::{api, use_session};

/// Header shown on every page.
#[component]
pub fn Header() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let session = use_session();
    let router = use_router();

    let company = move || {
        session
            .me
            .with(|m| m.as_ref().map(|m| m.company_name.clone()))
            .unwrap_or_else(|| t().default_company.to_string())
    };
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = api::auth::logout().await;
            session.me.set(None);
            router.navigate("/login");
        });
    };

    view! {
        <header class="topbar">
            <div class="topbar-inner">
                <a class="brand" href="/projects" data-testid="brand">
                    <span class="brand-mark" aria-hidden="true">"匠"</span>
                    <span class="brand-text">
                        <span class="brand-company">{company}</span>
                        <span class="brand-sep">" · "</span>
                        <span class="brand-suffix">{tx(|t| t.portal_suffix)}</span>
                    </span>
                </a>
                <div class="topbar-actions">
                    {move || {
                        session
                            .me
                            .get()
                            .map(|me| {
                                let who = view! {
                                    <span class="user-name">{me.name.clone()}</span>
                                    <span class="user-role" data-testid="user-role">
                                        {t().label(me.role)}
                                    </span>
                                };
                                // Staff and admins: the name opens their account's security
                                // settings (the second sign-in factor).
                                if me.role.sees_all_projects() {
                                    view! {
                                        <a class="user" href="/account/security" data-testid="user-name">
                                            {who}
                                        </a>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <span class="user" data-testid="user-name">
                                            {who}
                                        </span>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                    <button
                        type="button"
                        class="btn btn-ghost btn-small"
                        data-testid="lang-toggle"
                        // Named, and read out, in the language it switches to; the name
                        // starts with the visible "EN" / "中文".
                        lang=move || lang.get().other().tag()
                        aria-label=tx(|t| t.lang_toggle_label)
                        on:click=move |_| lang.update(|l| *l = l.other())
                    >
                        {tx(|t| t.lang_toggle)}
                    </button>
                    <Show when=move || session.me.with(Option::is_some)>
                        <button
                            type="button"
                            class="btn btn-ghost btn-small"
                            data-testid="sign-out"
                            on:click=sign_out
                        >
                            {tx(|t| t.sign_out)}
                        </button>
                    </Show>
                </div>
            </div>
        </header>
    }
}
