//! `/account/security`: the second sign-in factor of staff and admins — set it up with an
//! authenticator app (the key and its `otpauth://` link, confirmed with a code), see the
//! recovery codes once, turn it off with a code.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::api::{self, ApiError};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::loaded::loaded;
use crate::app::i18n::{catalog, text, tx, use_lang, use_texts, Catalog, Lang};
use crate::domain::auth::{OtpCode, SecondFactorCode, TotpEnrolment, TotpStatus};

/// Texts of this page, in both languages (kept with the page, so they load with its chunk).
struct SecurityTexts {
    /// The language of these texts (every catalog carries it; these have no labels).
    #[allow(dead_code)]
    lang: Lang,
    codes_left: fn(u32) -> String,
    security_title: &'static str,
    totp_title: &'static str,
    totp_intro: &'static str,
    totp_required_notice: &'static str,
    totp_unavailable: &'static str,
    totp_on: &'static str,
    totp_off: &'static str,
    totp_start: &'static str,
    totp_step_scan: &'static str,
    totp_open_app: &'static str,
    totp_secret_label: &'static str,
    totp_step_confirm: &'static str,
    totp_confirm: &'static str,
    totp_codes_title: &'static str,
    totp_codes_intro: &'static str,
    totp_codes_done: &'static str,
    totp_disable_intro: &'static str,
    totp_disable: &'static str,
    code_invalid: &'static str,
}

catalog! {
    SecurityTexts {
        // Words with figures first, then plain words.
        codes_left: (|n| format!("还剩 {n} 个恢复码"), |n| match n { 1 => "1 recovery code left".to_string(), n => format!("{n} recovery codes left"), }),
        security_title: ("账号安全", "Account security"),
        totp_title: ("两步验证", "Two-step sign-in"),
        totp_intro: ("开启后，用密码登录时还要输入身份验证器 App（如 Microsoft Authenticator、Google 身份验证器）中的 6 位验证码，别人只知道密码也登录不了。", "When it is on, signing in with your password also takes the 6-digit code of an authenticator app (such as Microsoft Authenticator or Google Authenticator), so a password alone is not enough."),
        totp_required_notice: ("您的账号必须开启两步验证，设置完成后才能使用其他功能。", "Your account must use two-step sign-in. Set it up to carry on."),
        totp_unavailable: ("两步验证只适用于员工和管理员账号。", "Two-step sign-in is for staff and admin accounts."),
        totp_on: ("已开启", "On"),
        totp_off: ("未开启", "Off"),
        totp_start: ("开启两步验证", "Set up two-step sign-in"),
        totp_step_scan: ("第一步：在手机上点下面的按钮，把账号添加到身份验证器 App；或在 App 中手动输入密钥。", "Step 1: on your phone, tap the button below to add the account to your authenticator app, or type the key into the app."),
        totp_open_app: ("添加到身份验证器 App", "Add to the authenticator app"),
        totp_secret_label: ("密钥：", "Key:"),
        totp_step_confirm: ("第二步：输入 App 显示的 6 位验证码", "Step 2: enter the 6-digit code the app shows"),
        totp_confirm: ("确认开启", "Turn it on"),
        totp_codes_title: ("恢复码", "Recovery codes"),
        totp_codes_intro: ("请把这些恢复码抄下来或存到安全的地方。手机丢失时，每个恢复码可以代替验证码登录一次。它们只显示这一次。", "Write these recovery codes down or keep them somewhere safe. If you lose your phone, each one signs you in once instead of a code. They are shown only this once."),
        totp_codes_done: ("我已保存好", "I have saved them"),
        totp_disable_intro: ("要关闭两步验证，请输入当前的验证码（或一个恢复码）", "To turn two-step sign-in off, enter a current code (or a recovery code)"),
        totp_disable: ("关闭两步验证", "Turn off two-step sign-in"),
        code_invalid: ("请输入身份验证器 App 的 6 位验证码，或形如 abcd-efgh-jkmn 的恢复码。", "Enter the 6-digit code from your authenticator app, or a recovery code like abcd-efgh-jkmn."),
    }
}

/// A reactive plain text of this page.
fn st(pick: fn(&SecurityTexts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync {
    text(pick)
}

/// The key in groups of four, as authenticator apps accept it and people can read it.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The account's security settings.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let status = api::load(api::auth::totp_status());
    let enrolment = RwSignal::new(None::<TotpEnrolment>);
    let codes = RwSignal::new(None::<Vec<String>>);
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);

    // Runs one request at a time; a refusal shows in the banner.
    let run =
        move |work: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>| {
            if busy.get_untracked() {
                return;
            }
            error.set(None);
            busy.set(true);
            spawn_local(async move {
                let result = work.await;
                busy.try_set(false);
                if let Err(e) = result {
                    error.try_set(Some(e));
                }
            });
        };

    let start = move |_| {
        run(Box::pin(async move {
            enrolment.try_set(Some(api::auth::totp_enrol().await?));
            Ok(())
        }))
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(c) = OtpCode::parse(&code.get_untracked()) else {
            error.set(Some(ApiError::Local(t().code_invalid.to_string())));
            return;
        };
        run(Box::pin(async move {
            let answer = api::auth::totp_confirm(c.as_str().to_string()).await?;
            code.try_set(String::new());
            enrolment.try_set(None);
            codes.try_set(Some(answer.recovery_codes));
            api::reload(status, api::auth::totp_status());
            Ok(())
        }))
    };
    let disable = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked();
        if SecondFactorCode::parse(&typed).is_err() {
            error.set(Some(ApiError::Local(
                SecurityTexts::of(lang.get_untracked())
                    .code_invalid
                    .to_string(),
            )));
            return;
        }
        run(Box::pin(async move {
            let after = api::auth::totp_disable(typed).await?;
            code.try_set(String::new());
            status.try_set(Some(Ok(after)));
            Ok(())
        }))
    };

    let code_input = move |testid: &'static str| {
        view! {
            <input
                type="text"
                autocomplete="one-time-code"
                autocapitalize="off"
                maxlength="20"
                data-testid=testid
                aria-label=tx(|t| t.second_factor_label)
                bind:value=code
            />
        }
    };

    let body = move |s: TotpStatus| {
        if let Some(list) = codes.get() {
            return view! {
                <div class="stack" data-testid="recovery-codes">
                    <h2>{st(|t| t.totp_codes_title)}</h2>
                    <p class="notice">{st(|t| t.totp_codes_intro)}</p>
                    <ul class="chips">
                        {list
                            .into_iter()
                            .map(|c| view! { <li class="chip" data-testid="recovery-code"><code>{c}</code></li> })
                            .collect_view()}
                    </ul>
                    <button type="button" class="btn btn-primary" data-testid="recovery-codes-done" on:click=move |_| codes.set(None)>
                        {st(|t| t.totp_codes_done)}
                    </button>
                </div>
            }
                .into_any();
        }
        if !s.available {
            return view! { <p class="muted">{st(|t| t.totp_unavailable)}</p> }.into_any();
        }
        if s.enabled {
            return view! {
                <form class="form" data-testid="totp-disable-form" on:submit=disable novalidate>
                    <p data-testid="totp-state" data-state="on">
                        <strong>{st(|t| t.totp_on)}</strong>
                        " · "
                        <span class="muted">{move || (SecurityTexts::of(lang.get()).codes_left)(s.recovery_codes_left)}</span>
                    </p>
                    <label class="field">
                        <span class="field-label">{st(|t| t.totp_disable_intro)}</span>
                        {code_input("disable-code")}
                    </label>
                    <button type="submit" class="btn btn-secondary" data-testid="totp-disable" disabled=move || busy.get()>
                        {st(|t| t.totp_disable)}
                    </button>
                </form>
            }
                .into_any();
        }
        match enrolment.get() {
            Some(e) => view! {
                <form class="form" data-testid="totp-confirm-form" on:submit=confirm novalidate>
                    <p>{st(|t| t.totp_step_scan)}</p>
                    <p>
                        <a class="btn btn-secondary" href=e.otpauth_url.clone() data-testid="otpauth-link">
                            {st(|t| t.totp_open_app)}
                        </a>
                    </p>
                    <p>
                        <span class="field-label">{st(|t| t.totp_secret_label)} " "</span>
                        <code data-testid="totp-secret" data-secret=e.secret.clone()>{grouped(&e.secret)}</code>
                    </p>
                    <label class="field">
                        <span class="field-label">{st(|t| t.totp_step_confirm)}</span>
                        {code_input("confirm-code")}
                    </label>
                    <button type="submit" class="btn btn-primary" data-testid="totp-confirm" disabled=move || busy.get()>
                        {st(|t| t.totp_confirm)}
                    </button>
                </form>
            }
                .into_any(),
            None => view! {
                <div class="stack">
                    {s.required.then(|| view! { <p class="notice" data-testid="totp-required">{st(|t| t.totp_required_notice)}</p> })}
                    <p data-testid="totp-state" data-state="off"><strong>{st(|t| t.totp_off)}</strong></p>
                    <button type="button" class="btn btn-primary" data-testid="totp-start" disabled=move || busy.get() on:click=start>
                        {st(|t| t.totp_start)}
                    </button>
                </div>
            }
                .into_any(),
        }
    };

    view! {
        <section class="card stack" data-testid="security-page">
            <h1>{st(|t| t.security_title)}</h1>
            <h2>{st(|t| t.totp_title)}</h2>
            <p class="muted">{st(|t| t.totp_intro)}</p>
            <ErrorBanner error=error/>
            {move || match loaded(status.get()) {
                Err(wait) => wait,
                Ok(s) => body(s),
            }}
        </section>
    }
}
