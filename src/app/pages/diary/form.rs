//! The diary form crews fill in on site: new entry for today, or an edit of today's.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::api::{self, ApiError};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::loaded::loaded;
use crate::app::components::stale::StaleNotice;
use crate::app::i18n::{tx, use_texts, Texts};
use crate::app::pages::photos::uploader::{PhotoUploader, Uploads};
use crate::app::router::use_router;
use crate::app::use_session;
use crate::domain::diary::{
    DiaryEntry, DiaryInput, Trade, TradeCount, Weather, MAX_HEADCOUNT, MAX_TEXT_CHARS,
};
use crate::domain::ErrorCode;

/// Fields the form shows errors next to; other errors go to the banner.
const FORM_FIELDS: [&str; 6] = [
    "weather",
    "work_done",
    "trades",
    "materials",
    "problems",
    "photo_ids",
];

/// Stable name of a trade (test hooks, keys).
fn trade_slug(trade: Trade) -> &'static str {
    match trade {
        Trade::PlumberElectrician => "plumber_electrician",
        Trade::Mason => "mason",
        Trade::Carpenter => "carpenter",
        Trade::Painter => "painter",
        Trade::Installer => "installer",
        Trade::Labourer => "labourer",
    }
}

/// `/projects/:id/diary/new`: today's entry for a project.
#[component]
pub fn NewEntryPage(project_id: String) -> impl IntoView {
    let t = use_texts();
    let project = api::load(async move { api::projects::get_one(&project_id).await });
    move || match loaded(project.get()) {
        Err(wait) => wait,
        Ok(p) => {
            if let Some(entry) = p.today_entry_id.clone() {
                view! {
                    <section class="card empty-state" data-testid="today-exists">
                        <p>{tx(|t| t.today_exists)}</p>
                        <a class="btn btn-primary" href=format!("/diary/{entry}/edit")>{tx(|t| t.edit_today)}</a>
                    </section>
                }
                .into_any()
            } else if !p.can_post_diary {
                view! {
                    <section class="card empty-state" data-testid="cannot-post">
                        <p>{tx(|t| t.cannot_post)}</p>
                        <a class="btn btn-secondary" href=format!("/projects/{}", p.id)>{tx(|t| t.back)}</a>
                    </section>
                }
                .into_any()
            } else {
                let subtitle = format!("{} · {}", p.title, (t().date)(p.today));
                view! { <DiaryForm project_id=p.id.clone() existing=None subtitle=subtitle/> }
                    .into_any()
            }
        }
    }
}

/// `/diary/:entry_id/edit`: the author's edit of today's entry.
#[component]
pub fn EditEntryPage(entry_id: String) -> impl IntoView {
    let t = use_texts();
    let entry = api::load(async move { api::diary::entry(&entry_id).await });
    move || match loaded(entry.get()) {
        Err(wait) => wait,
        Ok(e) if !e.can_edit => {
            let closed = ApiError::Local(t().diary_closed.to_string());
            view! {
                <section class="stack">
                    <ErrorBanner error=Signal::derive(move || Some(closed.clone()))/>
                    <a class="btn btn-secondary" href=format!("/projects/{}", e.project_id)>{tx(|t| t.back)}</a>
                </section>
            }
            .into_any()
        }
        Ok(e) => {
            let subtitle = (t().date)(e.entry_date);
            view! { <DiaryForm project_id=e.project_id.clone() existing=Some(e) subtitle=subtitle/> }
                .into_any()
        }
    }
}

/// The diary's own words for refusals that mean something specific here.
fn diary_error(e: ApiError, t: &Texts) -> ApiError {
    match e.code() {
        Some(ErrorCode::AlreadyExists) => ApiError::Local(t.today_exists.to_string()),
        Some(ErrorCode::EditWindowClosed) => ApiError::Local(t.diary_closed.to_string()),
        _ => e,
    }
}

/// The form itself, shared by "new" and "edit".
#[component]
fn DiaryForm(project_id: String, existing: Option<DiaryEntry>, subtitle: String) -> impl IntoView {
    let t = use_texts();
    let session = use_session();
    let router = use_router();
    let editing = existing.as_ref().map(|e| e.id.clone());
    // The copy being edited: a newer one on the server refuses the edit (stale_revision).
    let base_revision = existing.as_ref().map(|e| e.revision_count);
    let is_edit = editing.is_some();

    let weather = RwSignal::new(existing.as_ref().map_or(Weather::Sunny, |e| e.weather));
    let work = RwSignal::new(
        existing
            .as_ref()
            .map(|e| e.work_done.clone())
            .unwrap_or_default(),
    );
    let materials = RwSignal::new(
        existing
            .as_ref()
            .map(|e| e.materials.clone())
            .unwrap_or_default(),
    );
    let problems = RwSignal::new(
        existing
            .as_ref()
            .map(|e| e.problems.clone())
            .unwrap_or_default(),
    );
    let trades = RwSignal::new(
        existing
            .as_ref()
            .map(|e| {
                e.trades
                    .iter()
                    .map(|tc| (tc.trade, tc.headcount))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    let uploads = Uploads::new();
    uploads.set_project(project_id.clone());
    if let Some(e) = &existing {
        uploads.attach_existing(e.photos.clone());
    }
    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    let field_error = move |field: &'static str| {
        move || {
            error.with(|e| {
                e.as_ref()
                    .filter(|e| e.field() == Some(field))
                    .map(|e| {
                        view! {
                            <p class="field-error" role="alert" data-testid=format!("field-error-{field}")>
                                {e.describe(t())}
                            </p>
                        }
                    })
            })
        }
    };
    let banner = Signal::derive(move || {
        error
            .get()
            .filter(|e| !e.field().is_some_and(|f| FORM_FIELDS.contains(&f)))
            .filter(|e| e.code() != Some(ErrorCode::StaleRevision))
    });

    let cancel_href = format!("/projects/{project_id}");
    let blocked = move || saving.get() || uploads.busy() || uploads.has_failures();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if blocked() {
            return;
        }
        let input = DiaryInput {
            weather: weather.get_untracked(),
            work_done: work.get_untracked(),
            trades: trades
                .get_untracked()
                .into_iter()
                .map(|(trade, headcount)| TradeCount { trade, headcount })
                .collect(),
            materials: materials.get_untracked(),
            problems: problems.get_untracked(),
            photo_ids: uploads.photo_ids(),
            base_revision,
        };
        let input = match input.validated() {
            Ok(i) => i,
            Err(e) => {
                error.set(Some(e.into()));
                return;
            }
        };
        error.set(None);
        saving.set(true);
        let project_id = project_id.clone();
        let editing = editing.clone();
        spawn_local(async move {
            let result = match &editing {
                Some(id) => api::diary::update(id, &input).await,
                None => api::diary::create(&project_id, &input).await,
            };
            match result {
                Ok(entry) => {
                    uploads.mark_posted();
                    router.navigate(&format!("/projects/{}", entry.project_id));
                }
                Err(e) => {
                    session.check(&e);
                    saving.try_set(false);
                    error.try_set(Some(diary_error(e, t())));
                }
            }
        });
    };

    let trade_keys = move || trades.with(|v| v.iter().map(|(tr, _)| *tr).collect::<Vec<_>>());
    let total = move || trades.with(|v| v.iter().map(|(_, n)| *n).sum::<u32>());
    let set_count = move |trade: Trade, delta: i32| {
        trades.update(|v| {
            if let Some(row) = v.iter_mut().find(|(tr, _)| *tr == trade) {
                row.1 = (row.1 as i32 + delta).clamp(1, MAX_HEADCOUNT as i32) as u32;
            }
        })
    };

    view! {
        <section class="stack">
            <div>
                <h1>{move || if is_edit { t().edit_entry_title } else { t().new_entry_title }}</h1>
                <p class="muted">{subtitle}</p>
            </div>
            <form class="card form diary-form" data-testid="diary-form" on:submit=submit novalidate>
                <fieldset class="field">
                    <legend class="field-label">{tx(|t| t.weather_label)}</legend>
                    <div class="chips" role="radiogroup">
                        {Weather::ALL.into_iter().map(|w| view! {
                            <button
                                type="button"
                                class="chip chip-button"
                                role="radio"
                                class:active=move || weather.get() == w
                                aria-checked=move || (weather.get() == w).to_string()
                                data-testid=format!("weather-{}", w.as_str())
                                on:click=move |_| weather.set(w)
                            >
                                {move || t().label(w)}
                            </button>
                        }).collect_view()}
                    </div>
                    {field_error("weather")}
                </fieldset>

                <label class="field">
                    <span class="field-label">{tx(|t| t.work_done_label)} <span class="required">" *"</span></span>
                    <textarea
                        rows="4"
                        required
                        maxlength=MAX_TEXT_CHARS
                        data-testid="work-done"
                        placeholder=tx(|t| t.work_done_placeholder)
                        prop:value=move || work.get()
                        on:input=move |ev| work.set(event_target_value(&ev))
                    >
                        {work.get_untracked()}
                    </textarea>
                    {field_error("work_done")}
                </label>

                <fieldset class="field">
                    <legend class="field-label">
                        {tx(|t| t.trades_label)}
                        <span class="muted" data-testid="trades-total">" · " {move || (t().people_total)(total())}</span>
                    </legend>
                    <ul class="trade-rows">
                        <For each=trade_keys key=|tr| trade_slug(*tr) let:trade>
                            <li class="trade-row" data-testid="trade-row" data-trade=trade_slug(trade)>
                                <span class="trade-name">{move || t().label(trade)}</span>
                                <div class="stepper">
                                    <button type="button" class="step" data-testid="trade-minus" aria-label=tx(|t| t.fewer) on:click=move |_| set_count(trade, -1)>"−"</button>
                                    <output data-testid="trade-count">
                                        {move || trades.with(|v| v.iter().find(|(tr, _)| *tr == trade).map_or(0, |r| r.1))}
                                    </output>
                                    <button type="button" class="step" data-testid="trade-plus" aria-label=tx(|t| t.more) on:click=move |_| set_count(trade, 1)>"+"</button>
                                </div>
                                <button type="button" class="link-button" data-testid="trade-remove" on:click=move |_| trades.update(|v| v.retain(|(tr, _)| *tr != trade))>
                                    {tx(|t| t.remove)}
                                </button>
                            </li>
                        </For>
                    </ul>
                    <div class="chips">
                        {Trade::ALL.into_iter().map(|trade| view! {
                            <Show when=move || trades.with(|v| v.iter().all(|(tr, _)| *tr != trade))>
                                <button type="button" class="chip chip-button chip-add" data-testid=format!("add-trade-{}", trade_slug(trade))
                                    on:click=move |_| trades.update(|v| v.push((trade, 1)))>
                                    "+ " {move || t().label(trade)}
                                </button>
                            </Show>
                        }).collect_view()}
                    </div>
                    {field_error("trades")}
                </fieldset>

                <label class="field">
                    <span class="field-label">{tx(|t| t.materials_label)}</span>
                    <textarea
                        rows="2"
                        maxlength=MAX_TEXT_CHARS
                        data-testid="materials"
                        placeholder=tx(|t| t.materials_placeholder)
                        prop:value=move || materials.get()
                        on:input=move |ev| materials.set(event_target_value(&ev))
                    >
                        {materials.get_untracked()}
                    </textarea>
                    {field_error("materials")}
                </label>

                <label class="field">
                    <span class="field-label">{tx(|t| t.problems_label)}</span>
                    <textarea
                        rows="2"
                        maxlength=MAX_TEXT_CHARS
                        data-testid="problems"
                        placeholder=tx(|t| t.problems_placeholder)
                        prop:value=move || problems.get()
                        on:input=move |ev| problems.set(event_target_value(&ev))
                    >
                        {problems.get_untracked()}
                    </textarea>
                    {field_error("problems")}
                </label>

                <div class="field">
                    <span class="field-label">{tx(|t| t.photos_label)}</span>
                    <PhotoUploader uploads=uploads/>
                    {field_error("photo_ids")}
                </div>

                <ErrorBanner error=banner/>
                <StaleNotice error=error testid="reload-entry"/>
                <Show when=move || uploads.busy() || uploads.has_failures()>
                    <p class="notice" data-testid="submit-hint">
                        {move || if uploads.has_failures() { t().fix_photos } else { t().wait_uploads }}
                    </p>
                </Show>
                <div class="form-actions">
                    <a class="btn btn-ghost" href=cancel_href>{tx(|t| t.cancel)}</a>
                    <button type="submit" class="btn btn-primary" data-testid="diary-submit" disabled=blocked>
                        {move || if saving.get() { t().saving } else { t().submit }}
                    </button>
                </div>
            </form>
        </section>
    }
}
