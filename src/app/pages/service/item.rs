//! One service item, for the homeowner (`/service/items/:id`) and for staff
//! (`/desk/items/:id`): status, promises with their clocks, photos, the actions the caller may
//! take, the conversation (marked read on opening) and the history.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::texts::{clock_class, clock_name, st, use_service_texts};
use crate::app::api::{self, ApiError};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::loaded::loaded;
use crate::app::i18n::{tx, use_texts};
use crate::app::pages::photos::viewer::{PhotoViewer, ViewerState};
use crate::app::use_session;
use crate::domain::error::FieldReason;
use crate::domain::service_desk::{ActionKind, ItemAction, ItemDetail};

/// The item page; `staff` shows the staff actions and the back link to the queue.
#[component]
pub fn ItemPage(item_id: String, staff: bool) -> impl IntoView {
    let id = StoredValue::new(item_id.clone());
    let detail = api::load(async move { api::service::item(&item_id).await });
    // Opening the conversation reads it.
    spawn_local(async move {
        let _ = api::service::mark_read(&id.get_value()).await;
    });
    let viewer = RwSignal::new(None::<ViewerState>);
    view! {
        <section class="stack" data-testid="item-page">
            {move || match loaded(detail.get()) {
                Err(wait) => wait,
                Ok(d) => view! {
                    <ItemView detail=d staff=staff viewer=viewer on_update=move |d| detail.set(Some(Ok(d)))/>
                }.into_any(),
            }}
            <PhotoViewer state=viewer/>
        </section>
    }
}

#[component]
fn ItemView(
    detail: ItemDetail,
    staff: bool,
    viewer: RwSignal<Option<ViewerState>>,
    on_update: impl Fn(ItemDetail) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_service_texts();
    let tt = use_texts();
    let item = detail.item.clone();
    let kind = item.kind;
    let status = item.status;
    let back = if staff {
        "/desk/queue".to_string()
    } else {
        format!("/service/projects/{}", item.project_id)
    };
    let photos = StoredValue::new(item.photos.clone());
    let fetched = js_sys::Date::now();
    let tick = RwSignal::new(0i64);
    if let Ok(h) = set_interval_with_handle(
        move || tick.update(|n| *n += 1),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || h.clear());
    }
    let elapsed = move || {
        tick.get();
        ((js_sys::Date::now() - fetched) / 1000.0) as i64
    };
    view! {
        <a class="back-link" href=back>{move || if staff { t().queue_title } else { t().hub_title }}</a>
        <header class="page-head">
            <h1>{item.title.clone()}</h1>
            <span class="chip chip-action" data-testid="item-status" data-status=item.status.as_str()>{move || t().label(status)}</span>
        </header>
        <p class="muted small">
            {move || t().label(kind)} " · " {item.project_title.clone()} " · " {move || (tt().date_time)(item.created_at)}
            {staff.then(|| view! { " · " {st(|t| t.homeowner)} " " {item.homeowner.clone()} })}
        </p>
        <div class="card stack">
            {(!item.body.is_empty()).then(|| view! { <p class="prewrap" data-testid="item-body">{item.body.clone()}</p> })}
            <dl class="facts">
                {item.category.map(|c| view! { <div><dt>{st(|t| t.category)}</dt><dd>{move || t().label(c)}</dd></div> })}
                {item.topic.map(|c| view! { <div><dt>{st(|t| t.topic)}</dt><dd>{move || t().label(c)}</dd></div> })}
                {item.level.map(|l| view! { <div><dt>{st(|t| t.level)}</dt><dd data-testid="item-level">{format!("L{l}")}</dd></div> })}
                {item.slot_starts_at.map(|s| view! { <div><dt>{st(|t| t.call_at)}</dt><dd data-testid="call-at">{move || (tt().date_time)(s)}</dd></div> })}
                {item.scheduled_at.map(|s| view! { <div><dt>{st(|t| t.visit_at)}</dt><dd data-testid="visit-at">{move || (tt().date_time)(s)}</dd></div> })}
                {item.assigned_to.clone().map(|a| view! { <div><dt>{st(|t| t.assigned)}</dt><dd>{a}</dd></div> })}
                {item.resolution.clone().map(|r| view! { <div><dt>{st(|t| t.resolution)}</dt><dd data-testid="resolution">{r}</dd></div> })}
            </dl>
            {(!item.visit_windows.is_empty()).then(|| view! {
                <p class="small"><span class="muted">{st(|t| t.visit_times)} ": "</span>
                    {item.visit_windows.iter().map(|w| { let w = *w; view! { <span class="chip">{move || (tt().date_time)(w.start)} "–" {move || (tt().date_time)(w.end)}</span> " " } }).collect_view()}
                </p>
            })}
            {(!item.photos.is_empty()).then(|| view! {
                <ul class="thumb-grid small-thumbs">
                    {item.photos.iter().enumerate().map(|(i, p)| view! {
                        <li><button type="button" class="thumb" data-testid="thumbnail" on:click=move |_| viewer.set(Some(ViewerState { photos: photos.get_value(), index: i }))>
                            <img src=p.thumb_url.clone() alt=tx(|t| t.photo_alt) loading="lazy"/>
                        </button></li>
                    }).collect_view()}
                </ul>
            })}
        </div>
        <section class="card stack" data-testid="deadlines">
            <h2>{st(|t| t.next_promise)}</h2>
            <ul class="deadline-list">
                {item.deadlines.iter().map(|d| {
                    let d = *d;
                    view! {
                        <li class=clock_class(Some(d.clock), d.breached) data-testid="deadline" data-what=format!("{:?}", d.what) data-clock=clock_name(d.clock)>
                            <span>{move || t().label(d.what)}</span>
                            <span class="muted small">{move || (tt().date_time)(d.due_at)}</span>
                            <strong>{move || t().clock(d.clock, elapsed())}</strong>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <Actions detail=detail.clone() staff=staff on_update=on_update/>
        <Conversation detail=detail.clone() on_update=on_update/>
        {(!detail.audit.is_empty()).then(move || view! {
            <section class="card stack" data-testid="audit">
                <h2>{st(|t| t.trail)}</h2>
                <ol class="audit-list">
                    {detail.audit.into_iter().map(|a| {
                        let at = a.at;
                        view! {
                            <li class="small" data-testid="audit-entry"><span class="muted">{move || (tt().date_time)(at)}</span> " " {move || t().history(&a.actor, &a.change, tt())}</li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        })}
    }
}

/// The buttons for the actions the server says the caller may take, with their inputs.
#[component]
fn Actions(
    detail: ItemDetail,
    staff: bool,
    on_update: impl Fn(ItemDetail) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_service_texts();
    let session = use_session();
    let item = detail.item;
    let id = StoredValue::new(item.id.clone());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let note = RwSignal::new(String::new());
    let when = RwSignal::new(String::new());
    let level = RwSignal::new(item.level.unwrap_or(1).to_string());
    let assignee = RwSignal::new(String::new());
    let staff_list = RwSignal::new(Vec::<api::service::StaffMember>::new());
    let slots = RwSignal::new(Vec::<crate::domain::warranty::CallbackSlot>::new());
    // The buttons are exactly the actions the server allows; moving a callback has its own form.
    let can_move = item.actions.contains(&ActionKind::Move);
    let actions: Vec<ActionKind> = item
        .actions
        .iter()
        .copied()
        .filter(|a| *a != ActionKind::Move)
        .collect();
    if actions.contains(&ActionKind::Assign) {
        spawn_local(async move {
            if let Ok(list) = api::service::staff().await {
                staff_list.try_set(list);
            }
        });
    }
    if can_move {
        spawn_local(async move {
            if let Ok(list) = api::service::slots().await {
                slots.try_set(list);
            }
        });
    }
    let run = move |action: ItemAction| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let item_id = id.get_value();
        spawn_local(async move {
            let r = api::service::act(&item_id, &action).await;
            busy.try_set(false);
            match r {
                Ok(d) => {
                    note.try_set(String::new());
                    on_update(d);
                }
                Err(e) => {
                    session.check(&e);
                    error.try_set(Some(e));
                }
            }
        });
    };
    let needs_note = |a: ActionKind| {
        matches!(
            a,
            ActionKind::Resolve | ActionKind::Close | ActionKind::Reopen | ActionKind::MarkCalled
        )
    };
    let build = move |a: ActionKind| -> Option<ItemAction> {
        let n = note.get_untracked();
        if needs_note(a) && a != ActionKind::MarkCalled && n.trim().is_empty() {
            error.set(Some(ApiError::Invalid {
                field: "note",
                text: t().note_required.into(),
            }));
            return None;
        }
        Some(match a {
            ActionKind::Acknowledge => ItemAction::Acknowledge,
            ActionKind::Schedule => {
                let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&when.get_untracked()))
                    .get_time();
                let at = (!ms.is_nan())
                    .then(|| chrono::DateTime::from_timestamp_millis(ms as i64))
                    .flatten();
                let Some(at) = at else {
                    error.set(Some(ApiError::Field {
                        field: "at",
                        reason: FieldReason::Required,
                        limit: None,
                    }));
                    return None;
                };
                ItemAction::Schedule { at }
            }
            ActionKind::ArriveOnSite => ItemAction::ArriveOnSite,
            ActionKind::Resolve => ItemAction::Resolve { note: n },
            ActionKind::Confirm => ItemAction::Confirm,
            ActionKind::Reopen => ItemAction::Reopen { reason: n },
            ActionKind::Assign => ItemAction::Assign {
                user_id: assignee.get_untracked(),
            },
            ActionKind::Classify => ItemAction::Classify {
                level: level.get_untracked().parse().unwrap_or(1),
            },
            ActionKind::MarkCalled => ItemAction::MarkCalled { note: n },
            ActionKind::Cancel => ItemAction::Cancel,
            ActionKind::Close => ItemAction::Close { note: n },
            ActionKind::Move => return None,
        })
    };
    let show_note = actions.iter().any(|a| needs_note(*a));
    let show_when = actions.contains(&ActionKind::Schedule);
    let show_assign = actions.contains(&ActionKind::Assign);
    let show_level = actions.contains(&ActionKind::Classify);
    (!actions.is_empty() || can_move).then(|| view! {
        <section class="card stack" data-testid="item-actions">
            {show_note.then(|| view! {
                <textarea rows="2" maxlength="2000" data-testid="action-note" placeholder=move || if staff { t().resolution } else { t().reopen_reason }
                    prop:value=note on:input=move |e| note.set(event_target_value(&e))></textarea>
            })}
            {show_when.then(|| view! {
                <label class="field"><span class="field-label">{st(|t| t.visit_at)}</span>
                    <input type="datetime-local" data-testid="action-when" prop:value=when on:input=move |e| when.set(event_target_value(&e))/></label>
            })}
            {show_assign.then(|| view! {
                <label class="field"><span class="field-label">{st(|t| t.assign_to)}</span>
                    <select data-testid="action-assignee" on:change=move |e| assignee.set(event_target_value(&e))>
                        <option value="">"—"</option>
                        {move || staff_list.get().into_iter().map(|s| view! { <option value=s.id>{s.name}</option> }).collect_view()}
                    </select></label>
            })}
            {show_level.then(|| view! {
                <label class="field"><span class="field-label">{st(|t| t.level)}</span>
                    <select data-testid="action-level" prop:value=level on:change=move |e| level.set(event_target_value(&e))>
                        {(1..=5).map(|l| view! { <option value=l.to_string()>{format!("L{l}")}</option> }).collect_view()}
                    </select></label>
            })}
            <div class="actions">
                {actions.into_iter().map(|a| {
                    let primary = matches!(a, ActionKind::Acknowledge | ActionKind::Confirm | ActionKind::Resolve | ActionKind::MarkCalled);
                    view! {
                        <button type="button" class=if primary { "btn btn-primary" } else { "btn btn-secondary" }
                            data-testid=format!("action-{}", a.as_str()) disabled=busy
                            on:click=move |_| { if let Some(action) = build(a) { run(action); } }>
                            {move || t().label(a)}
                        </button>
                    }
                }).collect_view()}
            </div>
            {can_move.then(|| view! { <MoveCallbackForm item_id=id.get_value() slots=slots on_update=on_update/> })}
            <ErrorBanner error=error/>
        </section>
    })
}

#[component]
fn MoveCallbackForm(
    item_id: String,
    slots: RwSignal<Vec<crate::domain::warranty::CallbackSlot>>,
    on_update: impl Fn(ItemDetail) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let tt = use_texts();
    let error = RwSignal::new(None::<ApiError>);
    let id = StoredValue::new(item_id);
    view! {
        <div class="slot-list" data-testid="move-callback">
            <span class="field-label">{st(|t| t.move_to)}</span>
            {move || slots.get().into_iter().map(|s| {
                let sid = s.id.clone();
                view! {
                    <button type="button" class="chip chip-button" data-testid="move-slot" on:click=move |_| {
                        let sid = sid.clone();
                        let item_id = id.get_value();
                        spawn_local(async move {
                            match api::service::move_callback(&item_id, sid).await {
                                Ok(d) => on_update(d),
                                Err(e) => { error.try_set(Some(e)); }
                            }
                        });
                    }>{move || (tt().date_time)(s.starts_at)}</button>
                }
            }).collect_view()}
            <ErrorBanner error=error/>
        </div>
    }
}

/// The conversation with a box to write in.
#[component]
fn Conversation(
    detail: ItemDetail,
    on_update: impl Fn(ItemDetail) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_service_texts();
    let tt = use_texts();
    let session = use_session();
    let id = StoredValue::new(detail.item.id.clone());
    let body = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let send = move |_| {
        let text = body.get_untracked();
        if text.trim().is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let item_id = id.get_value();
        spawn_local(async move {
            let r = api::service::message(&item_id, text).await;
            busy.try_set(false);
            match r {
                Ok(d) => {
                    body.try_set(String::new());
                    on_update(d);
                }
                Err(e) => {
                    session.check(&e);
                    error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="card stack" data-testid="conversation">
            <h2>{st(|t| t.conversation)}</h2>
            <ol class="messages">
                {detail.messages.into_iter().map(|m| {
                    let at = m.at;
                    view! {
                        <li class="message" class:mine=m.mine class:from-staff=m.from_staff data-testid="message">
                            <div class="muted small">{m.author.clone()} " · " {move || (tt().date_time)(at)}</div>
                            <p class="prewrap">{m.body.clone()}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <textarea rows="2" maxlength="2000" data-testid="message-body" placeholder=move || t().write prop:value=body on:input=move |e| body.set(event_target_value(&e))></textarea>
            <ErrorBanner error=error/>
            <button type="button" class="btn btn-secondary" data-testid="send-message" disabled=busy on:click=send>{st(|t| t.send)}</button>
        </section>
    }
}
