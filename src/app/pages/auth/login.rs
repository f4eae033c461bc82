//! Sign-in: password (phone or email) or a one-time code texted to a phone; for staff and
//! admins with a second factor, then the code of their authenticator app (or a recovery code)
//! in the same form.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::api::{self, ApiError};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::i18n::{tx, use_texts};
use crate::app::router::use_router;
use crate::app::use_session;
use crate::domain::auth::{Me, OtpCode, Phone};
use crate::domain::sections::after_sign_in;
use crate::domain::ErrorCode;
use leptos_router::hooks::use_query_map;

/// Seconds before another code may be requested.
const RESEND_SECONDS: u32 = 60;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Password,
    Otp,
}

/// The sign-in page with its two tabs.
#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_texts();
    let session = use_session();
    let router = use_router();
    let query = use_query_map();
    // The page a signed-out visitor asked for, to return to after signing in.
    let next = move || after_sign_in(query.read_untracked().get("next").as_deref());

    let tab = RwSignal::new(Tab::Password);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let countdown = RwSignal::new(0u32);
    let code_sent = RwSignal::new(false);
    // The password was right and the account has a second factor: the form now asks for the
    // code of the authenticator app (or a recovery code), in the password's field.
    let second = RwSignal::new(false);

    // Already signed in (e.g. back button): go on to the page asked for, or the projects.
    Effect::new(move |_| {
        if session.me.with(Option::is_some) && !busy.get_untracked() {
            router.replace(&next().unwrap_or_else(|| "/projects".to_string()));
        }
    });

    // After sign-in: back to the page asked for; else straight to the project when there is
    // only one. Staff and admins who must still set up their second factor (every other
    // request is refused until then) go to do that.
    let finish = move |me: Me| {
        spawn_local(async move {
            let target = match next() {
                Some(asked) if !me.role.sees_all_projects() => asked,
                asked => match api::projects::list().await {
                    Err(e) if e.code() == Some(ErrorCode::SecondFactorSetupRequired) => {
                        "/account/security".to_string()
                    }
                    Ok(page)
                        if asked.is_none()
                            && page.items.len() == 1
                            && page.next_cursor.is_none() =>
                    {
                        format!("/projects/{}", page.items[0].id)
                    }
                    _ => asked.unwrap_or_else(|| "/projects".to_string()),
                },
            };
            session.me.set(Some(me));
            router.navigate(&target);
        });
    };

    let submit_password = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let (l, p) = (login.get_untracked(), password.get_untracked());
            // The second step's code is checked by the server (a wrong one counts as a try).
            let step2 = second.get_untracked();
            if !step2 && (l.trim().is_empty() || p.is_empty()) {
                error.set(Some(ApiError::Local(t().login_required.to_string())));
                return;
            }
            error.set(None);
            busy.set(true);
            spawn_local(async move {
                let answer = if step2 {
                    api::auth::verify_second_factor(p).await
                } else {
                    api::auth::login(l.trim().to_string(), p).await
                };
                match answer {
                    Ok(me) => finish(me),
                    Err(e) => {
                        busy.set(false);
                        // The password is cleared before its field turns into the code's.
                        password.set(String::new());
                        match e.code() {
                            // The password was right: the code comes next.
                            Some(ErrorCode::SecondFactorRequired) => second.set(true),
                            // Timed out or out of tries: the password again.
                            Some(ErrorCode::Unauthenticated) => {
                                second.set(false);
                                error.set(Some(e));
                            }
                            _ => error.set(Some(e)),
                        }
                    }
                }
            });
        }
    };

    // The phone number typed, or `None` with the refusal shown.
    let checked_phone = move || match Phone::parse(&phone.get_untracked()) {
        Ok(p) => Some(p.as_str().to_string()),
        Err(_) => {
            error.set(Some(ApiError::Local(t().phone_invalid.to_string())));
            None
        }
    };

    let request_code = move |_: leptos::ev::MouseEvent| {
        if countdown.get_untracked() > 0 || busy.get_untracked() {
            return;
        }
        let Some(number) = checked_phone() else {
            return;
        };
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = api::auth::request_code(number).await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    code_sent.try_set(true);
                    countdown.try_set(RESEND_SECONDS);
                    while countdown.get_untracked() > 0 {
                        TimeoutFuture::new(1_000).await;
                        if countdown.try_update(|n| *n -= 1).is_none() {
                            break; // page left
                        }
                    }
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };

    let submit_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(number) = checked_phone() else {
            return;
        };
        let otp = match OtpCode::parse(&code.get_untracked()) {
            Ok(c) => c.as_str().to_string(),
            Err(_) => {
                error.set(Some(ApiError::Local(t().code_invalid.to_string())));
                return;
            }
        };
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            match api::auth::verify_code(number, otp).await {
                Ok(me) => finish(me),
                Err(e) => {
                    busy.set(false);
                    error.set(Some(e));
                }
            }
        });
    };

    let switch = move |to: Tab| {
        tab.set(to);
        second.set(false);
        error.set(None);
    };
    let submit_label = move || {
        if busy.get() {
            t().signing_in
        } else {
            t().sign_in
        }
    };

    view! {
        <section class="login card">
            <h1>{tx(|t| t.login_title)}</h1>
            <p class="muted">{tx(|t| t.login_subtitle)}</p>
            <div class="tabs" role="tablist">
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    class:active=move || tab.get() == Tab::Password
                    aria-selected=move || (tab.get() == Tab::Password).to_string()
                    data-testid="tab-password"
                    on:click=move |_| switch(Tab::Password)
                >
                    {tx(|t| t.tab_password)}
                </button>
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    class:active=move || tab.get() == Tab::Otp
                    aria-selected=move || (tab.get() == Tab::Otp).to_string()
                    data-testid="tab-otp"
                    on:click=move |_| switch(Tab::Otp)
                >
                    {tx(|t| t.tab_otp)}
                </button>
            </div>
            <ErrorBanner error=error/>
            <Show
                when=move || tab.get() == Tab::Password
                fallback=move || {
                    view! {
                        <form class="form" data-testid="otp-form" on:submit=submit_code novalidate>
                            <label class="field">
                                <span class="field-label">{tx(|t| t.phone_label)}</span>
                                <input
                                    type="tel"
                                    inputmode="numeric"
                                    autocomplete="tel"
                                    maxlength="20"
                                    data-testid="otp-phone"
                                    placeholder=tx(|t| t.phone_placeholder)
                                    bind:value=phone
                                />
                            </label>
                            <div class="field">
                                <span class="field-label">{tx(|t| t.code_label)}</span>
                                <div class="code-row">
                                    <input
                                        type="text"
                                        inputmode="numeric"
                                        autocomplete="one-time-code"
                                        maxlength="6"
                                        data-testid="otp-code"
                                        aria-label=tx(|t| t.code_label)
                                        placeholder=tx(|t| t.code_placeholder)
                                        bind:value=code
                                    />
                                    <button
                                        type="button"
                                        class="btn btn-secondary"
                                        data-testid="otp-request"
                                        disabled=move || { countdown.get() > 0 || busy.get() }
                                        on:click=request_code
                                    >
                                        {move || {
                                            let n = countdown.get();
                                            if n > 0 { (t().resend_in)(n) } else { t().get_code.to_string() }
                                        }}
                                    </button>
                                </div>
                            </div>
                            <Show when=move || code_sent.get()>
                                <p class="notice" data-testid="otp-sent">{tx(|t| t.code_sent)}</p>
                            </Show>
                            <button type="submit" class="btn btn-primary btn-block" data-testid="otp-submit" disabled=move || busy.get()>
                                {submit_label}
                            </button>
                            <p class="muted small">
                                {tx(|t| t.demo_hint)}
                                <a href="/outbox" data-testid="outbox-link">{tx(|t| t.demo_outbox_link)}</a>
                            </p>
                        </form>
                    }
                }
            >
                <form class="form" data-testid="password-form" on:submit=submit_password novalidate>
                    <label class="field">
                        <span class="field-label">{tx(|t| t.login_label)}</span>
                        <input
                            type="text"
                            autocomplete="username"
                            autocapitalize="off"
                            data-testid="login-input"
                            placeholder=tx(|t| t.login_placeholder)
                            readonly=move || second.get()
                            bind:value=login
                        />
                    </label>
                    // The second step asks for the code in the password's field.
                    <label class="field">
                        <span class="field-label">
                            {move || if second.get() { t().second_factor_label } else { t().password_label }}
                        </span>
                        <input
                            type=move || if second.get() { "text" } else { "password" }
                            autocomplete=move || if second.get() { "one-time-code" } else { "current-password" }
                            data-testid="password-input"
                            bind:value=password
                        />
                    </label>
                    <button type="submit" class="btn btn-primary btn-block" data-testid="login-submit" disabled=move || busy.get()>
                        {submit_label}
                    </button>
                    <p class="muted small">
                        {tx(|t| t.demo_hint)}
                        <a href="/outbox" data-testid="outbox-link">{tx(|t| t.demo_outbox_link)}</a>
                    </p>
                </form>
            </Show>
        </section>
    }
}
