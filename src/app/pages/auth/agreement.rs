//! `/account/agreement`: a homeowner reads and accepts the customer privacy agreement
//! (《客户隐私保护协议》) before anything else; then on to the page they asked for.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::app::api::{self, ApiError};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::i18n::{catalog, text, Lang};
use crate::app::router::use_router;
use crate::app::use_session;
use crate::domain::sections::after_sign_in;
use crate::domain::setup::AGREEMENT_VERSION;

/// The agreement's words, in one language.
pub struct AgreementTexts {
    pub lang: Lang,
    pub title: &'static str,
    pub intro: &'static str,
    pub points: [&'static str; 5],
    pub version: &'static str,
    pub check: &'static str,
    pub accept: &'static str,
}

catalog! {
    AgreementTexts {
        title: ("客户隐私保护协议", "Customer privacy agreement"),
        intro: ("欢迎使用业主服务。为了给您提供施工日记、验收、报价和售后服务，我们需要处理您的个人信息。请阅读以下要点：", "Welcome to the homeowner service. To show you the construction diary, inspections, quotes and after-sales service we process your personal data. Please read these points:"),
        points: ([
            "我们只收集提供服务所需的信息：姓名、手机号、房屋地址，以及施工过程中的照片和记录。",
            "您的手机号和地址只对需要联系您或上门服务的工作人员完整显示，每次查看都会被记录。",
            "施工队只在施工期间、只对其负责的项目看到完整地址。",
            "我们不会把您的信息提供给与服务无关的第三方，也不会用于营销短信。",
            "您可以随时联系客服查询、更正或删除您的信息；质保期满后的记录按法律规定保存和销毁。",
        ], [
            "We collect only what the service needs: your name, mobile number, the home's address, and the photos and records of the work.",
            "Your number and address are shown in full only to staff who must call or visit you, and every such view is logged.",
            "Crews see the full address only of the projects they work on, and only during construction.",
            "We do not give your data to third parties unrelated to the service, nor use it for marketing texts.",
            "You may ask customer service at any time to see, correct or delete your data; records after the warranty are kept and destroyed as the law requires.",
        ]),
        version: ("协议版本", "Agreement version"),
        check: ("我已阅读并同意《客户隐私保护协议》", "I have read and accept the customer privacy agreement"),
        accept: ("同意并继续", "Accept and continue"),
    }
}

fn at(pick: fn(&AgreementTexts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync {
    text(pick)
}

/// The agreement, a box to tick and the button; accepting goes on to `?next=` (or home).
#[component]
pub fn AgreementPage() -> impl IntoView {
    let session = use_session();
    let router = use_router();
    let query = use_query_map();
    let ticked = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let points = move || crate::app::i18n::use_catalog::<AgreementTexts>()().points;
    let accept = move |_| {
        if busy.get_untracked() || !ticked.get_untracked() {
            return;
        }
        let next = query.with_untracked(|q| q.get("next"));
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = api::setup::accept_agreement().await;
            busy.try_set(false);
            match r {
                Ok(me) => {
                    session.me.set(Some(me));
                    let to = after_sign_in(next.as_deref())
                        .filter(|p| !p.starts_with("/account/agreement"))
                        .unwrap_or_else(|| "/projects".to_string());
                    router.replace(&to);
                }
                Err(e) => {
                    session.check(&e);
                    error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="stack narrow" data-testid="agreement-page">
            <h1>{at(|t| t.title)}</h1>
            <div class="card stack">
                <p>{at(|t| t.intro)}</p>
                <ol class="agreement-points">
                    {move || points().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                </ol>
                <p class="muted small">{at(|t| t.version)}" "{AGREEMENT_VERSION}</p>
            </div>
            <label class="check">
                <input type="checkbox" data-testid="agreement-check" prop:checked=ticked
                    on:change=move |e| ticked.set(event_target_checked(&e))/>
                <span>{at(|t| t.check)}</span>
            </label>
            <ErrorBanner error=error/>
            <button type="button" class="btn btn-primary btn-block" data-testid="agreement-accept"
                disabled=move || busy.get() || !ticked.get() on:click=accept>
                {at(|t| t.accept)}
            </button>
        </section>
    }
}
