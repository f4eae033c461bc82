//! The homeowner's forms: a warranty claim (coverage shown before sending), a callback
//! (a slot with room, or as soon as possible), a complaint.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::texts::{st, use_service_texts};
use crate::app::api::{self, ApiError};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::spinner::Spinner;
use crate::app::i18n::use_texts;
use crate::app::pages::photos::uploader::{PhotoUploader, Uploads};
use crate::app::router::use_router;
use crate::app::use_session;
use crate::domain::service_desk::{
    CallbackInput, CallbackTopic, ComplaintInput, ServiceItemView, MIN_COMPLAINT_CHARS,
};
use crate::domain::service_levels::Urgency;
use crate::domain::warranty::{
    ClaimInput, Coverage, VisitWindow, WarrantyCategory, MIN_DESCRIPTION_CHARS,
};

/// Sends a request and goes to the new item's page.
fn submit<F>(
    busy: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    fut: F,
    on_done: impl FnOnce() + 'static,
) where
    F: std::future::Future<Output = Result<ServiceItemView, ApiError>> + 'static,
{
    let router = use_router();
    let session = use_session();
    busy.set(true);
    error.set(None);
    spawn_local(async move {
        let r = fut.await;
        busy.try_set(false);
        match r {
            Ok(item) => {
                on_done();
                router.navigate(&format!("/service/items/{}", item.id));
            }
            Err(e) => {
                session.check(&e);
                error.try_set(Some(e));
            }
        }
    });
}

/// A local time today + `days` at `hour:00`, as an instant (the browser's time zone).
fn local_at(days: i64, hour: u32) -> Option<chrono::DateTime<chrono::Utc>> {
    let now = js_sys::Date::new_0();
    let d = js_sys::Date::new_with_year_month_day_hr_min_sec(
        now.get_full_year(),
        now.get_month() as i32,
        now.get_date() as i32 + days as i32,
        hour as i32,
        0,
        0,
    );
    chrono::DateTime::from_timestamp_millis(d.get_time() as i64)
}

/// The browser's local calendar date `days` from today.
fn local_date(days: i64) -> Option<chrono::NaiveDate> {
    let now = js_sys::Date::new_0();
    let d = js_sys::Date::new_with_year_month_day(
        now.get_full_year(),
        now.get_month() as i32,
        now.get_date() as i32 + days as i32,
    );
    chrono::NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
}

const PARTS: [(u32, u32); 3] = [(9, 12), (14, 18), (18, 20)];

/// `/service/projects/:id/claim`
#[component]
pub fn ClaimFormPage(project_id: String) -> impl IntoView {
    let t = use_service_texts();
    let tt = use_texts();
    let pid = StoredValue::new(project_id.clone());
    let category = RwSignal::new(None::<WarrantyCategory>);
    let coverage = RwSignal::new(None::<Result<Coverage, ApiError>>);
    let description = RwSignal::new(String::new());
    let urgent = RwSignal::new(false);
    let picked = RwSignal::new(Vec::<(i64, usize)>::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let uploads = Uploads::new();
    uploads.set_project(project_id.clone());

    let choose = move |c: WarrantyCategory| {
        category.set(Some(c));
        coverage.set(None);
        let id = pid.get_value();
        api::reload(
            coverage,
            async move { api::service::coverage(&id, c).await },
        );
    };
    let covered = move || matches!(coverage.get(), Some(Ok(Coverage::Covered { .. })));
    let send = move |_| {
        if busy.get_untracked() || uploads.busy() {
            return;
        }
        let Some(cat) = category.get_untracked() else {
            return;
        };
        let text = description.get_untracked();
        if text.trim().chars().count() < MIN_DESCRIPTION_CHARS {
            error.set(Some(ApiError::Invalid {
                field: "description",
                text: t().text_required.into(),
            }));
            return;
        }
        let now_ms = js_sys::Date::now() as i64;
        let windows: Vec<VisitWindow> = picked
            .get_untracked()
            .into_iter()
            .filter_map(|(day, part)| {
                let (from, to) = PARTS[part];
                Some(VisitWindow {
                    start: local_at(day, from)?,
                    end: local_at(day, to)?,
                })
            })
            .filter(|w| w.start.timestamp_millis() > now_ms)
            .collect();
        if windows.is_empty() {
            error.set(Some(ApiError::Invalid {
                field: "visit_windows",
                text: t().choose_visit.into(),
            }));
            return;
        }
        let input = ClaimInput {
            category: cat,
            description: text,
            urgency: if urgent.get_untracked() {
                Urgency::Urgent
            } else {
                Urgency::Routine
            },
            photo_ids: uploads.photo_ids(),
            visit_windows: windows,
        };
        let id = pid.get_value();
        submit(
            busy,
            error,
            async move { api::service::file_claim(&id, &input).await },
            move || uploads.mark_posted(),
        );
    };

    view! {
        <section class="stack" data-testid="claim-form">
            <a class="back-link" href=format!("/service/projects/{project_id}")>{st(|t| t.hub_title)}</a>
            <h1>{st(|t| t.new_claim)}</h1>
            <div class="card stack">
                <span class="field-label">{st(|t| t.category)}</span>
                <div class="chips">
                    {WarrantyCategory::ALL.into_iter().map(|c| view! {
                        <button type="button" class="chip chip-button" data-testid="category" data-category=c.as_str()
                            aria-pressed=move || (category.get() == Some(c)).to_string() on:click=move |_| choose(c)>
                            {move || t().label(c)}
                        </button>
                    }).collect_view()}
                </div>
                {move || coverage.get().map(|c| match c {
                    Ok(Coverage::Covered { until }) => view! { <p class="notice notice-ok" data-testid="coverage" data-coverage="covered">{move || (t().covered_until)(&(tt().date)(until))}</p> }.into_any(),
                    Ok(Coverage::Expired { ended }) => view! { <p class="notice" data-testid="coverage" data-coverage="expired">{move || (t().expired)(&(tt().date)(ended))}</p> }.into_any(),
                    Ok(Coverage::CategoryExcluded) => view! { <p class="notice" data-testid="coverage" data-coverage="excluded">{st(|t| t.excluded)}</p> }.into_any(),
                    Ok(Coverage::NotHandedOver) => view! { <p class="notice" data-testid="coverage" data-coverage="not_handed_over">{st(|t| t.not_handed_over)}</p> }.into_any(),
                    Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                })}
            </div>
            <Show when=covered>
                <div class="card stack">
                    <label class="field">
                        <span class="field-label">{st(|t| t.description)}</span>
                        <textarea rows="4" maxlength="2000" data-testid="claim-description" placeholder=st(|t| t.description_hint)
                            prop:value=description on:input=move |e| description.set(event_target_value(&e))></textarea>
                    </label>
                    <label class="check-inline">
                        <input type="checkbox" data-testid="claim-urgent" prop:checked=urgent on:change=move |e| urgent.set(event_target_checked(&e))/>
                        {st(|t| t.urgent)}
                    </label>
                    <Show when=move || urgent.get()><p class="muted small">{st(|t| t.urgent_hint)}</p></Show>
                    <span class="field-label">{st(|t| t.visit_times)} " · " <span class="muted">{st(|t| t.visit_hint)}</span></span>
                    <div class="visit-grid">
                        {(1..=5i64).map(|day| view! {
                            <div class="visit-day">
                                <span class="muted small">{move || local_date(day).map(|d| (tt().date)(d)).unwrap_or_default()}</span>
                                {(0..3usize).map(|part| view! {
                                    <button type="button" class="chip chip-button" data-testid="visit-slot"
                                        aria-pressed=move || picked.with(|p| p.contains(&(day, part))).to_string()
                                        on:click=move |_| picked.update(|p| {
                                            if let Some(i) = p.iter().position(|x| *x == (day, part)) { p.remove(i); }
                                            else if p.len() < 3 { p.push((day, part)); }
                                        })>
                                        {move || t().parts_of_day[part]}
                                    </button>
                                }).collect_view()}
                            </div>
                        }).collect_view()}
                    </div>
                    <span class="field-label">{st(|t| t.photos_optional)}</span>
                    <PhotoUploader uploads=uploads/>
                    <ErrorBanner error=error/>
                    <button type="button" class="btn btn-primary btn-block" data-testid="submit-claim" disabled=busy on:click=send>{st(|t| t.submit_claim)}</button>
                </div>
            </Show>
        </section>
    }
}

/// `/service/projects/:id/callback`
#[component]
pub fn CallbackFormPage(project_id: String) -> impl IntoView {
    let t = use_service_texts();
    let tt = use_texts();
    let session = use_session();
    let pid = StoredValue::new(project_id.clone());
    let slots = api::load(api::service::slots());
    let topic = RwSignal::new(CallbackTopic::Progress);
    let slot = RwSignal::new(None::<String>);
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let send = move |_| {
        if busy.get_untracked() {
            return;
        }
        let input = CallbackInput {
            topic: topic.get_untracked(),
            slot_id: slot.get_untracked(),
            note: note.get_untracked(),
        };
        let id = pid.get_value();
        submit(
            busy,
            error,
            async move { api::service::book_callback(&id, &input).await },
            || {},
        );
    };
    view! {
        <section class="stack" data-testid="callback-form">
            <a class="back-link" href=format!("/service/projects/{project_id}")>{st(|t| t.hub_title)}</a>
            <h1>{st(|t| t.new_callback)}</h1>
            <div class="card stack">
                <span class="field-label">{st(|t| t.topic)}</span>
                <div class="chips">
                    {CallbackTopic::ALL.into_iter().map(|c| view! {
                        <button type="button" class="chip chip-button" aria-pressed=move || (topic.get() == c).to_string() on:click=move |_| topic.set(c)>
                            {move || t().label(c)}
                        </button>
                    }).collect_view()}
                </div>
                <span class="field-label">{st(|t| t.pick_slot)}</span>
                <div class="slot-list">
                    <button type="button" class="chip chip-button" data-testid="slot-asap" aria-pressed=move || slot.get().is_none().to_string() on:click=move |_| slot.set(None)>
                        {st(|t| t.asap)}
                    </button>
                    {move || match slots.get() {
                        None => view! { <Spinner/> }.into_any(),
                        Some(Err(e)) => { session.check(&e); view! { <ErrorBanner error=Signal::derive(move || Some(e.clone()))/> }.into_any() }
                        Some(Ok(list)) if list.is_empty() => view! { <p class="muted small">{st(|t| t.no_slots)}</p> }.into_any(),
                        Some(Ok(list)) => list.into_iter().map(|s| {
                            let id = s.id.clone();
                            let id2 = s.id.clone();
                            let left = s.capacity.saturating_sub(s.booked);
                            view! {
                                <button type="button" class="chip chip-button" data-testid="slot" data-slot-id=s.id.clone()
                                    aria-pressed=move || (slot.get().as_deref() == Some(id.as_str())).to_string()
                                    on:click=move |_| slot.set(Some(id2.clone()))>
                                    {move || (tt().date_time)(s.starts_at)} " · " <span class="muted">{move || (t().places_left)(left)}</span>
                                </button>
                            }
                        }).collect_view().into_any(),
                    }}
                </div>
                <label class="field">
                    <span class="field-label">{st(|t| t.note)}</span>
                    <input type="text" maxlength="500" prop:value=note on:input=move |e| note.set(event_target_value(&e))/>
                </label>
                <ErrorBanner error=error/>
                <button type="button" class="btn btn-primary btn-block" data-testid="submit-callback" disabled=busy on:click=send>{st(|t| t.book)}</button>
            </div>
        </section>
    }
}

/// `/service/projects/:id/complaint`
#[component]
pub fn ComplaintFormPage(project_id: String) -> impl IntoView {
    let t = use_service_texts();
    let pid = StoredValue::new(project_id.clone());
    let body = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let uploads = Uploads::new();
    uploads.set_project(project_id.clone());
    let send = move |_| {
        if busy.get_untracked() || uploads.busy() {
            return;
        }
        let text = body.get_untracked();
        if text.trim().chars().count() < MIN_COMPLAINT_CHARS {
            error.set(Some(ApiError::Invalid {
                field: "body",
                text: t().text_required.into(),
            }));
            return;
        }
        let input = ComplaintInput {
            body: text,
            photo_ids: uploads.photo_ids(),
        };
        let id = pid.get_value();
        submit(
            busy,
            error,
            async move { api::service::complain(&id, &input).await },
            move || uploads.mark_posted(),
        );
    };
    view! {
        <section class="stack" data-testid="complaint-form">
            <a class="back-link" href=format!("/service/projects/{project_id}")>{st(|t| t.hub_title)}</a>
            <h1>{st(|t| t.new_complaint)}</h1>
            <div class="card stack">
                <p class="muted small">{st(|t| t.complaint_hint)}</p>
                <textarea rows="5" maxlength="2000" data-testid="complaint-body" aria-label=st(|t| t.complaint_hint) prop:value=body on:input=move |e| body.set(event_target_value(&e))></textarea>
                <span class="field-label">{st(|t| t.photos_optional)}</span>
                <PhotoUploader uploads=uploads/>
                <ErrorBanner error=error/>
                <button type="button" class="btn btn-primary btn-block" data-testid="submit-complaint" disabled=busy on:click=send>{st(|t| t.submit_complaint)}</button>
            </div>
        </section>
    }
}
