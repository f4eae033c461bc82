//! The inspector's screen (staff console): pick a node, book it, record each checklist item
//! as pass / fail / not applicable with a note and photos, pass the node, or take a disputed
//! node back into inspection.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::texts::{it, use_inspection_texts};
use crate::app::api::{self, ApiError, Loaded};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::loaded::loaded;
use crate::app::i18n::use_texts;
use crate::app::pages::photos::uploader::{PhotoUploader, Uploads};
use crate::app::use_session;
use crate::domain::error::FieldReason;
use crate::domain::inspections::{
    InspectionInput, ItemResult, ItemResultInput, NodeKind, NodeStatus, NodeView, ProjectProgress,
    ScheduleInput,
};

/// The inspection console of a project.
#[component]
pub fn InspectPage(project_id: String) -> impl IntoView {
    let t = use_inspection_texts();
    let id = StoredValue::new(project_id.clone());
    let progress: Loaded<ProjectProgress> = {
        let id = project_id.clone();
        api::load(async move { api::inspections::progress(&id).await })
    };
    let selected = RwSignal::new(None::<NodeKind>);
    let reload = move || {
        let id = id.get_value();
        api::reload(
            progress,
            async move { api::inspections::progress(&id).await },
        );
    };
    view! {
        <section class="stack" data-testid="inspect-page">
            <header class="page-head">
                <h1>{it(|t| t.record_title)}</h1>
                <a class="btn btn-ghost btn-small" href=move || format!("/care/projects/{}/progress", id.get_value())>{it(|t| t.view_as_homeowner)}</a>
            </header>
            {move || match loaded(progress.get()) {
                Err(wait) => wait,
                Ok(p) => {
                    let current = selected.get().or(p.next).unwrap_or(NodeKind::Kickoff);
                    let node = p.nodes.iter().find(|n| n.kind == current).cloned();
                    view! {
                        <nav class="chips node-tabs" aria-label=it(|t| t.title)>
                            {p.nodes.iter().map(|n| {
                                let kind = n.kind;
                                let status = n.status;
                                view! {
                                    <button type="button" class="chip chip-button" data-testid="node-tab" data-node=kind.as_str()
                                        aria-pressed=(kind == current).to_string() on:click=move |_| selected.set(Some(kind))>
                                        {move || t().label(kind)} " · " {move || t().label(status)}
                                    </button>
                                }
                            }).collect_view()}
                        </nav>
                        {node.map(|n| view! { <NodeRecorder node=n project_id=id.get_value() on_change=reload/> })}
                    }.into_any()
                }
            }}
        </section>
    }
}

/// One checklist row being recorded.
#[derive(Clone, Copy)]
struct Row {
    item_id: StoredValue<String>,
    text: StoredValue<String>,
    result: RwSignal<Option<ItemResult>>,
    note: RwSignal<String>,
    uploads: Uploads,
}

#[component]
fn NodeRecorder(
    node: NodeView,
    project_id: String,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_inspection_texts();
    let tt = use_texts();
    let session = use_session();
    let kind = node.kind;
    let status = node.status;
    let pid = StoredValue::new(project_id.clone());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // Booking's refusals show by the booking form, the others under the checklist.
    let book_error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let when = RwSignal::new(String::new());
    let third_party = RwSignal::new(kind == NodeKind::Completion);
    let rows: Vec<Row> = node
        .items
        .iter()
        .map(|i| {
            let uploads = Uploads::new();
            uploads.set_project(project_id.clone());
            uploads.attach_existing(i.photos.clone());
            Row {
                item_id: StoredValue::new(i.item_id.clone()),
                text: StoredValue::new(i.text.clone()),
                result: RwSignal::new(i.result),
                note: RwSignal::new(i.note.clone()),
                uploads,
            }
        })
        .collect();
    let rows = StoredValue::new(rows);
    let frozen = status == NodeStatus::SignedOff;

    // Runs one request, then reloads the project on success; a refusal goes to `target`.
    let act = move |target: RwSignal<Option<ApiError>>,
                    fut: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<NodeView, ApiError>>>,
    >| {
        busy.set(true);
        error.set(None);
        book_error.set(None);
        saved.set(false);
        spawn_local(async move {
            let result = fut.await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    saved.try_set(true);
                    rows.with_value(|r| r.iter().for_each(|r| r.uploads.mark_posted()));
                    on_change();
                }
                Err(e) => {
                    session.check(&e);
                    target.try_set(Some(e));
                }
            }
        });
    };

    let save = move |_| {
        if busy.get_untracked() {
            return;
        }
        let mut items = Vec::new();
        let mut problem = None;
        rows.with_value(|rows| {
            for r in rows {
                let Some(result) = r.result.get_untracked() else {
                    continue;
                };
                let note = r.note.get_untracked();
                if result == ItemResult::Fail && note.trim().is_empty() {
                    problem = Some(t().fail_needs_note);
                }
                items.push(ItemResultInput {
                    item_id: r.item_id.get_value(),
                    result,
                    note,
                    photo_ids: r.uploads.photo_ids(),
                });
            }
        });
        if items.is_empty() {
            problem = Some(t().nothing_recorded);
        }
        if let Some(text) = problem {
            error.set(Some(ApiError::Invalid {
                field: "items",
                text: text.to_string(),
            }));
            return;
        }
        let input = InspectionInput { items };
        let id = pid.get_value();
        act(
            error,
            Box::pin(async move { api::inspections::record(&id, kind, &input).await }),
        );
    };
    let pass = move |_| {
        let id = pid.get_value();
        act(
            error,
            Box::pin(async move { api::inspections::pass(&id, kind).await }),
        );
    };
    let reinspect = move |_| {
        let id = pid.get_value();
        act(
            error,
            Box::pin(async move { api::inspections::reinspect(&id, kind).await }),
        );
    };
    let book = move |_| {
        // `datetime-local` is the browser's local time; the server stores the instant.
        let local = when.get_untracked();
        let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&local)).get_time();
        let Some(at) = (!ms.is_nan())
            .then(|| chrono::DateTime::from_timestamp_millis(ms as i64))
            .flatten()
        else {
            book_error.set(Some(ApiError::Field {
                field: "scheduled_at",
                reason: FieldReason::Required,
                limit: None,
            }));
            return;
        };
        let input = ScheduleInput {
            scheduled_at: at,
            third_party_invited: third_party.get_untracked(),
        };
        let id = pid.get_value();
        act(
            book_error,
            Box::pin(async move { api::inspections::schedule(&id, kind, &input).await }),
        );
    };

    view! {
        <article class="card stack recorder" data-testid="node-recorder" data-node=kind.as_str() data-status=status.as_str()>
            <h2>{move || t().label(kind)} " · " {move || t().label(status)}</h2>
            {node.scheduled_at.map(|at| view! { <p class="muted">{it(|t| t.schedule_at)} " " {move || (tt().date_time)(at)}</p> })}
            {(!frozen && matches!(status, NodeStatus::Upcoming | NodeStatus::Scheduled)).then(|| view! {
                <div class="schedule-form">
                    <label class="field">
                        <span class="field-label">{it(|t| t.schedule_at)}</span>
                        <input type="datetime-local" data-testid="schedule-at" prop:value=when on:input=move |e| when.set(event_target_value(&e))/>
                    </label>
                    <label class="check-inline">
                        <input type="checkbox" prop:checked=third_party on:change=move |e| third_party.set(event_target_checked(&e))/>
                        {it(|t| t.invite_third_party)}
                    </label>
                    <button type="button" class="btn btn-secondary" data-testid="book-inspection" disabled=busy on:click=book>{it(|t| t.schedule)}</button>
                    <ErrorBanner error=book_error/>
                </div>
            })}
            <ol class="checklist recorder-list">
                {rows.get_value().into_iter().map(|r| {
                    let name = format!("res-{}", r.item_id.get_value());
                    let show_photos = RwSignal::new(r.uploads.tiles.with_untracked(|t| !t.is_empty()));
                    view! {
                        <li class="recorder-item" data-testid="record-item" data-item=r.item_id.get_value()>
                            <p>{r.text.get_value()}</p>
                            <div class="segmented" role="radiogroup">
                                {ItemResult::ALL.into_iter().map(|res| {
                                    let name = name.clone();
                                    view! {
                                        <label class="segment" class:selected=move || r.result.get() == Some(res)>
                                            <input type="radio" class="visually-hidden" name=name value=res.as_str() disabled=frozen
                                                data-testid=format!("result-{}", res.as_str())
                                                prop:checked=move || r.result.get() == Some(res)
                                                on:change=move |_| r.result.set(Some(res))/>
                                            {move || t().result(Some(res))}
                                        </label>
                                    }
                                }).collect_view()}
                            </div>
                            <input type="text" maxlength="500" data-testid="item-note" placeholder=it(|t| t.note_placeholder) disabled=frozen
                                prop:value=r.note on:input=move |e| r.note.set(event_target_value(&e))/>
                            <Show when=move || show_photos.get()
                                fallback=move || view! {
                                    <button type="button" class="link-button small" on:click=move |_| show_photos.set(true)>{it(|t| t.photos)}</button>
                                }>
                                <PhotoUploader uploads=r.uploads/>
                            </Show>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <ErrorBanner error=error/>
            {move || saved.get().then(|| view! { <p class="notice notice-ok" role="status" data-testid="saved">{it(|t| t.saved)}</p> })}
            <div class="actions">
                {(!frozen && status != NodeStatus::Disputed && status != NodeStatus::Passed).then(|| view! {
                    <button type="button" class="btn btn-primary" data-testid="save-results" disabled=busy on:click=save>{it(|t| t.save_results)}</button>
                    <button type="button" class="btn btn-secondary" data-testid="pass-node" disabled=busy on:click=pass>{it(|t| t.pass_node)}</button>
                })}
                {(status == NodeStatus::Disputed).then(|| view! {
                    <button type="button" class="btn btn-primary" data-testid="reinspect" disabled=busy on:click=reinspect>{it(|t| t.reinspect)}</button>
                })}
            </div>
        </article>
    }
}
