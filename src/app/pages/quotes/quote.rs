//! One quote revision on a phone: totals, lines grouped by room, what changed since the
//! revision it is compared with (highlighted), and the three-step confirmation — basic terms,
//! special notes, then the one-time code. A confirmed revision prints cleanly.
//!
//! The crew's copy (`prices_hidden`) shows what to build — materials, labour, quantities,
//! schedule and special notes — and no money at all: no prices, totals, payment plan, priced
//! diff or confirmation steps (the server sends those as zeros and empty lists).

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::texts::{qt, use_quote_texts};
use crate::app::api::{self, ApiError};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::loaded::loaded;
use crate::app::i18n::use_texts;
use crate::app::use_session;
use crate::domain::quotes::{
    format_quantity, format_yuan, ConfirmStep, Fen, QuoteLine, QuoteRevisionView, QuoteStatus,
    RevisionDiff, StepAction, REASON_MAX_CHARS, REASON_MIN_CHARS,
};

/// The quote list of a project.
#[component]
pub fn QuotesPage(project_id: String) -> impl IntoView {
    let session = use_session();
    let t = use_quote_texts();
    let tt = use_texts();
    let is_staff = move || session.is_staff();
    let list = {
        let id = project_id.clone();
        api::load(async move { api::quotes::list(&id).await })
    };
    view! {
        <section class="stack" data-testid="quotes-page">
            <a class="back-link" href=format!("/projects/{project_id}")>{crate::app::pages::inspections::texts::it(|t| t.back_to_diary)}</a>
            <header class="page-head">
                <h1>{qt(|t| t.list_title)}</h1>
                {move || is_staff().then(|| view! {
                    <a class="btn btn-primary btn-small" data-testid="new-revision" href=format!("/console/projects/{project_id}/quotes/new")>{qt(|t| t.new_revision)}</a>
                })}
            </header>
            {move || match loaded(list.get()) {
                Err(wait) => wait,
                Ok(l) if l.is_empty() => view! { <p class="card empty-state">{qt(|t| t.list_empty)}</p> }.into_any(),
                Ok(l) => view! {
                    {l.iter().any(|q| q.prices_hidden).then(|| view! {
                        <p class="notice" data-testid="quote-crew-note">{qt(|t| t.crew_note)}</p>
                    })}
                    <ul class="quote-list">
                        {l.into_iter().map(|q| view! {
                            <li class="card quote-row" data-testid="quote-row" data-status=q.status.as_str()>
                                <a href=format!("/quotes/{}", q.id) class="quote-link">
                                    <strong>{move || (t().revision)(q.revision)}</strong>
                                    <span class=status_class(q.status)>{move || t().label(q.status)}</span>
                                </a>
                                <div class="quote-row-meta">
                                    // The crew's copy carries no money (sent as 0): say nothing rather than ¥0.00.
                                    {(!q.prices_hidden).then(|| view! { <span class="money" data-testid="quote-row-total">{format_yuan(q.total)}</span> })}
                                    {(!q.prices_hidden && q.delta != Fen::ZERO).then(|| view! { <span class="delta">{signed(q.delta)}</span> })}
                                    <span class="muted small">{move || (tt().date_time)(q.published_at)}</span>
                                    {q.confirmed_at.filter(|_| q.prices_hidden).map(|at| view! {
                                        <span class="muted small">{qt(|t| t.confirmed_on)} " " {move || (tt().date_time)(at)}</span>
                                    })}
                                </div>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

fn status_class(s: QuoteStatus) -> &'static str {
    match s {
        QuoteStatus::Pending => "chip chip-action",
        QuoteStatus::Confirmed => "chip chip-ok",
        QuoteStatus::Rejected => "chip chip-warn",
        QuoteStatus::Superseded => "chip",
    }
}

/// `+¥1,000.00` / `-¥200.00`.
fn signed(delta: Fen) -> String {
    if delta.0 >= 0 {
        format!("+{}", format_yuan(delta))
    } else {
        format!("-{}", format_yuan(Fen(-delta.0)))
    }
}

/// Which step (1–3) the homeowner is at.
fn step_number(step: &ConfirmStep) -> usize {
    match step {
        ConfirmStep::BasicTerms => 1,
        ConfirmStep::SpecialNotes => 2,
        _ => 3,
    }
}

/// One revision.
#[component]
pub fn QuotePage(quote_id: String) -> impl IntoView {
    let quote = {
        let id = quote_id.clone();
        api::load(async move { api::quotes::one(&id).await })
    };
    view! {
        <section class="stack quote-page" data-testid="quote-page">
            {move || match loaded(quote.get()) {
                Err(wait) => wait,
                Ok(q) => view! { <QuoteView quote=q on_update=move |v| quote.set(Some(Ok(v)))/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn QuoteView(
    quote: QuoteRevisionView,
    on_update: impl Fn(QuoteRevisionView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_quote_texts();
    let tt = use_texts();
    let q = quote.clone();
    // The crew's copy: what to build, no money (prices come as 0, plan and diff empty).
    let hidden = q.prices_hidden;
    let status = q.status;
    let revision = q.revision;
    let published = q.published_at;
    let highlighted: Vec<(String, &'static str)> = q
        .diff
        .as_ref()
        .map(|d| {
            d.changed
                .iter()
                .map(|c| (c.key.clone(), "line-changed"))
                .chain(d.added.iter().map(|a| (a.key.clone(), "line-added")))
                .collect()
        })
        .unwrap_or_default();
    let highlighted = StoredValue::new(highlighted);
    let lines = q.content.lines();
    // Materials by room (whole home first), then labour.
    let mut rooms: BTreeMap<String, Vec<QuoteLine>> = BTreeMap::new();
    let mut labour = Vec::new();
    for l in lines {
        match &l {
            QuoteLine::Material(m) => rooms.entry(m.room.clone()).or_default().push(l),
            QuoteLine::Labour(_) => labour.push(l),
        }
    }
    let line_rows = move |list: Vec<QuoteLine>| {
        list.into_iter()
            .map(|l| {
                let key = l.line_key();
                let cls = highlighted.with_value(|h| {
                    h.iter()
                        .find(|(k, _)| *k == key)
                        .map(|(_, c)| *c)
                        .unwrap_or("")
                });
                let total = (!hidden).then(|| l.total().map(format_yuan).unwrap_or_default());
                // Materials are grouped by room (in the heading); labour says its room here.
                let (title, detail, qty, unit, price) = match l {
                    QuoteLine::Material(m) => (
                        format!("{} · {} {}", m.category, m.brand, m.model),
                        m.env_grade,
                        m.quantity_milli,
                        m.unit,
                        m.unit_price,
                    ),
                    QuoteLine::Labour(w) => (w.process, w.room, w.quantity_milli, w.unit, w.unit_price),
                };
                let price = (!hidden).then(|| format!(" × {}", format_yuan(price)));
                view! {
                    <li class=format!("quote-line {cls}") data-testid="quote-line" data-highlight=cls>
                        <div class="quote-line-main">
                            <span data-testid="quote-line-title">{title}</span>
                            {total.map(|total| view! { <strong class="money" data-testid="quote-line-total">{total}</strong> })}
                        </div>
                        <div class="muted small">
                            {(!detail.is_empty()).then(|| view! { <span class="grade">{detail}</span> " · " })}
                            <span data-testid="quote-line-qty">{format_quantity(qty)} " " {unit}</span>
                            {price}
                        </div>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <a class="back-link no-print" href=format!("/quotes/projects/{}", q.project_id)>{qt(|t| t.back_to_quotes)}</a>
        <header class="page-head">
            <h1>{move || (t().revision)(revision)} " · " {qt(|t| t.list_title)}</h1>
            <span class=status_class(status) data-testid="quote-status">{move || t().label(status)}</span>
        </header>
        <p class="muted small">{qt(|t| t.published)} " " {move || (tt().date_time)(published)}</p>
        {(status == QuoteStatus::Confirmed).then(|| {
            let who = q.confirmed_by.clone().unwrap_or_default();
            let at = q.confirmed_at;
            let hash = q.content_hash.clone();
            let has_hash = !hash.is_empty();
            view! {
                <div class="notice notice-ok" data-testid="quote-confirmed">
                    <p>{move || (t().confirmed_by)(&who, &at.map(|a| (tt().date_time)(a)).unwrap_or_default())}</p>
                    {has_hash.then(|| view! {
                        <p class="small hash">{qt(|t| t.content_hash)} " " <code>{hash[..16.min(hash.len())].to_string()}</code></p>
                    })}
                    <button type="button" class="btn btn-secondary no-print" data-testid="print" on:click=move |_| { let _ = window().print(); }>
                        {qt(|t| t.print)}
                    </button>
                </div>
            }
        })}
        {match &q.step {
            ConfirmStep::Rejected { reason } => Some(view! {
                <p class="notice">{qt(|t| t.rejected_note)} " " {reason.clone()}</p>
            }),
            _ => None,
        }}
        // The approval is about the change in cost and the homeowner's confirmation: not the crew's.
        {(!hidden && q.needs_approval && !q.approved && status == QuoteStatus::Pending).then(|| view! {
            <p class="notice" data-testid="waiting-approval">{qt(|t| t.waiting_approval)}</p>
            <ApproveButton quote_id=q.id.clone() on_update=on_update/>
        })}

        {if hidden {
            view! { <p class="notice" data-testid="quote-crew-note">{qt(|t| t.crew_note)}</p> }.into_any()
        } else {
            view! {
                <div class="card totals" data-testid="quote-totals">
                    <div class="total-main">
                        <span>{qt(|t| t.total)}</span>
                        <strong class="money big" data-testid="quote-total">{format_yuan(q.totals.total)}</strong>
                    </div>
                    <dl class="facts">
                        <div><dt>{qt(|t| t.materials)}</dt><dd class="money">{format_yuan(q.totals.materials)}</dd></div>
                        <div><dt>{qt(|t| t.labour)}</dt><dd class="money">{format_yuan(q.totals.labour)}</dd></div>
                        <div class="range"><dt>{qt(|t| t.range)}</dt><dd class="money-range" data-testid="quote-range"><span class="money">{format_yuan(q.totals.range_low)}</span>" – "<span class="money">{format_yuan(q.totals.range_high)}</span></dd></div>
                        <div><dt>{qt(|t| t.buffer)}</dt><dd class="money">{format_yuan(q.totals.buffer_advised)}</dd></div>
                    </dl>
                </div>
            }.into_any()
        }}

        {q.diff.clone().zip(q.compared_with).filter(|_| !hidden).map(|(d, base)| view! { <DiffCard diff=d base=base/> })}

        {rooms.into_iter().map(|(room, list)| {
            let has_room = !room.is_empty();
            view! {
                <section class="card quote-group">
                    <h2>{qt(|t| t.materials)} " · " {move || if has_room { room.clone() } else { t().whole_home.to_string() }}</h2>
                    <ul class="quote-lines">{line_rows(list)}</ul>
                </section>
            }
        }).collect_view()}
        {(!labour.is_empty()).then(|| view! {
            <section class="card quote-group">
                <h2>{qt(|t| t.labour)}</h2>
                <ul class="quote-lines">{line_rows(labour)}</ul>
            </section>
        })}

        <section class="card" id="terms" data-testid="quote-terms">
            <h2>{qt(|t| t.schedule)}</h2>
            <p>
                {move || (tt().date)(q.content.schedule.start)} " – " {move || (tt().date)(q.content.schedule.end)}
                " · " {move || (t().days)(q.content.schedule.days())}
            </p>
            {(!hidden).then(|| view! {
                <h2>{qt(|t| t.payment_plan)}</h2>
                <ol class="payment-plan" data-testid="quote-payment-plan">
                    {q.content.payment_plan.iter().zip(q.payment_amounts.iter()).map(|(p, a)| view! {
                        <li>
                            <span>{p.name.clone()}</span>
                            <span class="muted">{format!("{}%", f64::from(p.percent_bp) / 100.0)}</span>
                            <strong class="money">{format_yuan(*a)}</strong>
                        </li>
                    }).collect_view()}
                </ol>
            })}
        </section>
        <section class="card" id="notes" data-testid="quote-notes">
            <h2>{qt(|t| t.special_notes)}</h2>
            {if q.content.special_notes.is_empty() {
                view! { <p class="muted">{qt(|t| t.no_special_notes)}</p> }.into_any()
            } else {
                view! { <p class="prewrap">{q.content.special_notes.clone()}</p> }.into_any()
            }}
        </section>

        // Crews never confirm (the server says `can_confirm: false` to them anyway).
        {(quote.can_confirm && !hidden).then(|| view! { <ConfirmPanel quote=quote.clone() on_update=on_update/> })}
    }
}

/// What changed since the revision this one is compared with.
#[component]
fn DiffCard(diff: RevisionDiff, base: i64) -> impl IntoView {
    let t = use_quote_texts();
    let pct = diff.delta_ratio_bp as f64 / 100.0;
    let any = !(diff.added.is_empty() && diff.removed.is_empty() && diff.changed.is_empty())
        || diff.terms_changed;
    any.then(|| {
        view! {
            <section class="card diff" data-testid="quote-diff">
                <h2>{move || (t().changes_since)(base)}</h2>
                <p class="delta-line">
                    <strong class="money" data-testid="quote-delta">{signed(diff.total_delta)}</strong>
                    {format!(" ({pct:+.1}%)")}
                    {diff.needs_approval.then(|| view! { " · " <span class="overdue">{qt(|t| t.needs_approval)}</span> })}
                </p>
                <ul class="diff-list">
                    {diff.added.into_iter().map(|a| view! {
                        <li class="line-added"><span class="chip">{qt(|t| t.added)}</span> " " {line_name(&a.line)} " " <span class="money">{format!("+{}", format_yuan(a.total))}</span></li>
                    }).collect_view()}
                    {diff.changed.into_iter().map(|c| view! {
                        <li class="line-changed"><span class="chip">{qt(|t| t.changed)}</span> " " {line_name(&c.after)} " "
                            <span class="money">{format!("{} → {}", format_yuan(c.total_before), format_yuan(c.total_after))}</span></li>
                    }).collect_view()}
                    {diff.removed.into_iter().map(|r| view! {
                        <li class="line-removed"><span class="chip">{qt(|t| t.removed)}</span> " " <s>{line_name(&r.line)}</s> " " <span class="money">{format!("-{}", format_yuan(r.total))}</span></li>
                    }).collect_view()}
                    {diff.terms_changed.then(|| view! { <li>{qt(|t| t.terms_changed)}</li> })}
                </ul>
            </section>
        }
    })
}

fn line_name(l: &QuoteLine) -> String {
    match l {
        QuoteLine::Material(m) if m.room.is_empty() => {
            format!("{} {} {}", m.category, m.brand, m.model)
        }
        QuoteLine::Material(m) => format!("{} · {} {} {}", m.room, m.category, m.brand, m.model),
        QuoteLine::Labour(w) => w.process.clone(),
    }
}

/// The three steps: accept the basic terms, accept the special notes (sends the code), type
/// the code. Rejecting with a reason is possible at any step.
#[component]
fn ConfirmPanel(
    quote: QuoteRevisionView,
    on_update: impl Fn(QuoteRevisionView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_quote_texts();
    let tt = use_texts();
    let session = use_session();
    let id = StoredValue::new(quote.id.clone());
    let step = quote.step.clone();
    let n = step_number(&step);
    let busy = RwSignal::new(false);
    // A refusal shows by the action that caused it: a step's (or the code's) under the step,
    // the rejection's inside the reject form.
    let error = RwSignal::new(None::<ApiError>);
    let reject_error = RwSignal::new(None::<ApiError>);
    let code = RwSignal::new(String::new());
    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    // Resend countdown from when the code was sent (the server enforces the minute too).
    let wait = RwSignal::new(0u32);
    if let Some(sent) = quote.code_sent_at {
        let elapsed = (js_sys::Date::now() as i64 - sent.timestamp_millis()) / 1000;
        wait.set((60 - elapsed).clamp(0, 60) as u32);
    }
    let tick = set_interval_with_handle(
        move || {
            if wait.get_untracked() > 0 {
                wait.update(|w| *w -= 1);
            }
        },
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(h) = tick {
            h.clear();
        }
    });

    // `None` sends the code (the last step); `Some` takes one of the other steps.
    let run = move |step: Option<StepAction>| {
        if busy.get_untracked() {
            return;
        }
        let target = if step == Some(StepAction::Reject) {
            reject_error
        } else {
            error
        };
        let mut body_reason = String::new();
        if step == Some(StepAction::Reject) {
            let r = reason.get_untracked();
            let len = r.trim().chars().count();
            if !(REASON_MIN_CHARS..=REASON_MAX_CHARS).contains(&len) {
                target.set(Some(ApiError::Invalid {
                    field: "reason",
                    text: t().reason_invalid.to_string(),
                }));
                return;
            }
            body_reason = r;
        }
        if step.is_none() {
            let c: String = code
                .get_untracked()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if c.len() != 6 || !c.bytes().all(|b| b.is_ascii_digit()) {
                target.set(Some(ApiError::Invalid {
                    field: "code",
                    text: t().code_invalid.to_string(),
                }));
                return;
            }
        }
        busy.set(true);
        target.set(None);
        let qid = id.get_value();
        spawn_local(async move {
            let result = match step {
                None => api::quotes::verify(&qid, code.get_untracked()).await,
                Some(step) => api::quotes::step(&qid, step, body_reason).await,
            };
            busy.try_set(false);
            match result {
                Ok(v) => on_update(v),
                Err(e) => {
                    session.check(&e);
                    target.try_set(Some(e));
                }
            }
        });
    };
    // The code's own refusals (wrong, expired, not six digits) show under the code input.
    let code_error = move || {
        error.with(|e| {
            e.as_ref().filter(|e| e.field() == Some("code")).map(|e| {
                view! { <p class="field-error" role="alert" data-testid="field-error-code">{e.describe(tt())}</p> }
            })
        })
    };
    let step_error = Signal::derive(move || error.get().filter(|e| e.field() != Some("code")));
    let toggle_reject = move |on: bool| {
        rejecting.set(on);
        reject_error.set(None);
    };

    view! {
        <section class="card confirm-panel no-print" data-testid="confirm-panel" data-step=n>
            <ol class="stepper-steps">
                {(1..=3).map(|i| view! {
                    <li class:done=i < n class:current=i == n>{move || t().step_names[i - 1]}</li>
                }).collect_view()}
            </ol>
            <p class="muted small" data-testid="step-of">{move || (t().step_of)(n)}</p>
            <Show when=move || !rejecting.get()>
                {match step.clone() {
                    ConfirmStep::BasicTerms => view! {
                        <a class="link-button small" href="#terms">{qt(|t| t.schedule)} " / " {qt(|t| t.payment_plan)}</a>
                        <button type="button" class="btn btn-primary btn-block" data-testid="accept-terms" disabled=busy on:click=move |_| run(Some(StepAction::AcceptBasicTerms))>
                            {qt(|t| t.accept_terms)}
                        </button>
                    }.into_any(),
                    ConfirmStep::SpecialNotes => view! {
                        <a class="link-button small" href="#notes">{qt(|t| t.special_notes)}</a>
                        <button type="button" class="btn btn-primary btn-block" data-testid="accept-notes" disabled=busy on:click=move |_| run(Some(StepAction::AcceptSpecialNotes))>
                            {qt(|t| t.accept_notes)}
                        </button>
                    }.into_any(),
                    _ => {
                        let expires = quote.code_expires_at;
                        view! {
                            <p data-testid="code-sent">{qt(|t| t.code_sent)}
                                {expires.map(|e| view! { " " {qt(|t| t.code_valid_until)} " " {move || (tt().date_time)(e)} })}
                            </p>
                            <p class="muted small">{qt(|t| t.outbox_hint)} " " <a href="/outbox" target="_blank">"/outbox"</a></p>
                            <label class="field">
                                <span class="field-label">{qt(|t| t.code_label)}</span>
                                <input type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" data-testid="quote-code"
                                    prop:value=code on:input=move |e| code.set(event_target_value(&e))/>
                            </label>
                            {code_error}
                            <div class="actions">
                                <button type="button" class="btn btn-primary" data-testid="confirm-quote" disabled=busy on:click=move |_| run(None)>
                                    {qt(|t| t.confirm)}
                                </button>
                                <button type="button" class="btn btn-secondary" data-testid="resend-code"
                                    disabled=move || { busy.get() || wait.get() > 0 } on:click=move |_| { run(Some(StepAction::ResendCode)); wait.set(60); }>
                                    {move || if wait.get() > 0 { (t().resend_in)(wait.get()) } else { t().resend.to_string() }}
                                </button>
                            </div>
                        }.into_any()
                    }
                }}
                <ErrorBanner error=step_error/>
            </Show>
            <Show when=move || rejecting.get()>
                <div class="stack" data-testid="reject-form">
                    <label class="field">
                        <span class="field-label">{qt(|t| t.reject_reason)}</span>
                        <textarea rows="3" maxlength="500" data-testid="reject-reason" placeholder=qt(|t| t.reject_hint)
                            prop:value=reason on:input=move |e| reason.set(event_target_value(&e))></textarea>
                    </label>
                    <ErrorBanner error=reject_error/>
                </div>
            </Show>
            <div class="actions">
                <Show when=move || rejecting.get()
                    fallback=move || view! {
                        <button type="button" class="link-button" data-testid="reject" on:click=move |_| toggle_reject(true)>{qt(|t| t.reject)}</button>
                    }>
                    <button type="button" class="btn btn-secondary" data-testid="send-reject" disabled=busy on:click=move |_| run(Some(StepAction::Reject))>{qt(|t| t.send_reject)}</button>
                    <button type="button" class="btn btn-ghost" on:click=move |_| toggle_reject(false)>{crate::app::i18n::tx(|t| t.cancel)}</button>
                </Show>
            </div>
        </section>
    }
}

/// A manager's approval of a change over 5% (shown to admins only).
#[component]
fn ApproveButton(
    quote_id: String,
    on_update: impl Fn(QuoteRevisionView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = StoredValue::new(quote_id);
    let is_admin = move || {
        session
            .me
            .with(|m| m.as_ref().map(|m| m.role) == Some(crate::domain::auth::Role::Admin))
    };
    move || {
        is_admin().then(|| {
            view! {
                <button type="button" class="btn btn-primary no-print" data-testid="approve-quote" disabled=busy
                    on:click=move |_| {
                        busy.set(true);
                        let qid = id.get_value();
                        spawn_local(async move {
                            let r = api::quotes::approve(&qid).await;
                            busy.try_set(false);
                            match r {
                                Ok(v) => on_update(v),
                                Err(e) => { error.try_set(Some(e)); }
                            }
                        });
                    }>
                    {qt(|t| t.approve)}
                </button>
                <ErrorBanner error=error/>
            }
        })
    }
}
