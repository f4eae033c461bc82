//! The homeowner's progress view: every node in order with its checklist, photos and rework,
//! which node is next and when to attend, and signing a passed node off or disputing it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::texts::{it, use_inspection_texts};
use crate::app::api::{self, ApiError, Loaded};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::loaded::loaded;
use crate::app::i18n::{tx, use_texts};
use crate::app::pages::photos::uploader::{PhotoUploader, Uploads};
use crate::app::pages::photos::viewer::{PhotoViewer, ViewerState};
use crate::app::use_session;
use crate::domain::inspections::{
    ItemResult, NodeStatus, NodeView, ProjectProgress, ReworkItem, DISPUTE_REASON_MAX_CHARS,
    DISPUTE_REASON_MIN_CHARS,
};
use crate::domain::photos::PhotoRef;

/// The progress page of a project.
#[component]
pub fn ProgressPage(project_id: String) -> impl IntoView {
    let id = StoredValue::new(project_id.clone());
    let project = {
        let id = project_id.clone();
        api::load(async move { api::projects::get_one(&id).await })
    };
    let progress: Loaded<ProjectProgress> = {
        let id = project_id.clone();
        api::load(async move { api::inspections::progress(&id).await })
    };
    let reload = move || {
        let id = id.get_value();
        api::reload(
            progress,
            async move { api::inspections::progress(&id).await },
        );
    };
    let viewer = RwSignal::new(None::<ViewerState>);

    view! {
        <section class="stack progress-page" data-testid="progress-page">
            <a class="back-link" href=move || format!("/projects/{}", id.get_value())>{it(|t| t.back_to_diary)}</a>
            <header class="page-head">
                <h1>{it(|t| t.title)}</h1>
                {move || project.get().and_then(Result::ok).map(|p| view! { <p class="muted">{p.title}</p> })}
            </header>
            {move || match loaded(progress.get()) {
                Err(wait) => wait,
                Ok(p) => view! {
                    <Summary progress=p.clone()/>
                    <ol class="node-list">
                        {p.nodes.into_iter().map(|n| view! {
                            <NodeCard node=n project_id=id.get_value() viewer=viewer on_change=reload/>
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
            <PhotoViewer state=viewer/>
        </section>
    }
}

/// Done count, the next node with its date, and the rework in hand.
#[component]
fn Summary(progress: ProjectProgress) -> impl IntoView {
    let t = use_inspection_texts();
    let tt = use_texts();
    let total = progress.nodes.len();
    let next = progress
        .next
        .and_then(|k| progress.nodes.iter().find(|n| n.kind == k).cloned());
    view! {
        <div class="card progress-summary" data-testid="progress-summary">
            <div class="stage-text">
                <strong>{move || (t().done_of)(progress.done, total)}</strong>
            </div>
            <progress class="stage-bar" max=total value=progress.done></progress>
            {match next {
                None => view! { <p data-testid="next-node">{it(|t| t.all_done)}</p> }.into_any(),
                Some(n) => view! {
                    <p data-testid="next-node">
                        <span class="muted">{it(|t| t.next_node)} " "</span>
                        <strong>{move || t().label(n.kind)}</strong>
                        {n.scheduled_at.map(|at| view! {
                            " · " {move || (tt().date_time)(at)} " · " <span class="notice-inline">{it(|t| t.please_attend)}</span>
                        })}
                    </p>
                }.into_any(),
            }}
            {(progress.open_rework > 0).then(|| view! {
                <p class="rework-line" data-testid="rework-summary">
                    {move || (t().open_rework)(progress.open_rework)}
                    {(progress.overdue_rework > 0).then(|| view! {
                        " · " <span class="overdue">{move || (t().overdue_rework)(progress.overdue_rework)}</span>
                    })}
                </p>
            })}
        </div>
    }
}

fn status_class(s: NodeStatus) -> &'static str {
    match s {
        NodeStatus::SignedOff => "chip chip-ok",
        NodeStatus::Passed => "chip chip-action",
        NodeStatus::ReworkOpen | NodeStatus::Disputed => "chip chip-warn",
        _ => "chip",
    }
}

/// Thumbnails that open the viewer.
#[component]
fn Thumbs(photos: Vec<PhotoRef>, viewer: RwSignal<Option<ViewerState>>) -> impl IntoView {
    let all = StoredValue::new(photos.clone());
    (!photos.is_empty()).then(|| {
        view! {
            <ul class="thumb-grid small-thumbs">
                {photos.into_iter().enumerate().map(|(i, p)| view! {
                    <li>
                        <button type="button" class="thumb" data-testid="thumbnail"
                            on:click=move |_| viewer.set(Some(ViewerState { photos: all.get_value(), index: i }))>
                            <img src=p.thumb_url alt=tx(|t| t.photo_alt) loading="lazy" decoding="async"/>
                        </button>
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

/// One node: status, dates, checklist, rework and the homeowner's actions.
#[component]
fn NodeCard(
    node: NodeView,
    project_id: String,
    viewer: RwSignal<Option<ViewerState>>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_inspection_texts();
    let tt = use_texts();
    let kind = node.kind;
    let status = node.status;
    // Nodes with something to look at start open.
    let open = status != NodeStatus::Upcoming;
    view! {
        <li class="card node-card" data-testid="node-card" data-node=kind.as_str() data-status=status.as_str()>
            <details open=open>
                <summary class="node-head">
                    <span class="node-index">{kind.index() + 1}</span>
                    <strong class="node-name">{move || t().label(kind)}</strong>
                    <span class=status_class(status) data-testid="node-status">{move || t().label(status)}</span>
                </summary>
                <div class="node-body stack">
                    {node.scheduled_at.filter(|_| matches!(status, NodeStatus::Scheduled | NodeStatus::Upcoming)).map(|at| view! {
                        <p class="notice" data-testid="node-scheduled">
                            {move || (tt().date_time)(at)} " · " {it(|t| t.please_attend)}
                            {node.third_party_invited.then(|| view! { " · " {it(|t| t.third_party)} })}
                        </p>
                    })}
                    {node.inspected_at.map(|at| view! {
                        <p class="muted small">
                            {move || (tt().date_time)(at)}
                            {node.inspector_name.clone().map(|n| view! { " · " {it(|t| t.inspected_by)} " " {n} })}
                        </p>
                    })}
                    {node.dispute_reason.clone().filter(|_| status == NodeStatus::Disputed).map(|r| view! {
                        <p class="notice">{it(|t| t.disputed_note)} " " {r}</p>
                    })}
                    {(!node.rework.is_empty()).then(|| view! {
                        <section class="rework" data-testid="rework">
                            <h3>{it(|t| t.rework_title)}</h3>
                            <ul class="rework-list">
                                {node.rework.clone().into_iter().map(|r| view! {
                                    <ReworkRow rework=r viewer=viewer project_id=project_id.clone() on_change=on_change/>
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                    {(node.items.iter().any(|i| i.result.is_some())).then(|| view! {
                        <section>
                            <h3>{it(|t| t.checklist)}</h3>
                            <ul class="checklist" data-testid="checklist">
                                {node.items.clone().into_iter().map(|i| {
                                    let res = i.result;
                                    let cls = match res {
                                        Some(ItemResult::Pass) => "check check-pass",
                                        Some(ItemResult::Fail) => "check check-fail",
                                        Some(ItemResult::NotApplicable) => "check check-na",
                                        None => "check",
                                    };
                                    view! {
                                        <li class=cls data-testid="check-item" data-result=res.map(|r| r.as_str()).unwrap_or("none")>
                                            <div class="check-line">
                                                <span class="check-text">{i.text}</span>
                                                <span class="check-result">{move || t().result(res)}</span>
                                            </div>
                                            {(!i.note.is_empty()).then(|| view! { <p class="muted small">{i.note.clone()}</p> })}
                                            <Thumbs photos=i.photos viewer=viewer/>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                    {node.signed_off_at.map(|at| view! {
                        <p class="muted small" data-testid="signed-off-at">{it(|t| t.signed_off_at)} " " {move || (tt().date_time)(at)}</p>
                    })}
                    {node.can_sign_off.then(|| view! { <SignOffForm project_id=project_id.clone() node=node.clone() on_change=on_change/> })}
                </div>
            </details>
        </li>
    }
}

/// One rework order with its due time (red once overdue) and, when closed, the fix.
#[component]
fn ReworkRow(
    rework: ReworkItem,
    viewer: RwSignal<Option<ViewerState>>,
    project_id: String,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_inspection_texts();
    let session = use_session();
    // The crew on site (or staff) close rework; the server checks the assignment.
    let can_close = rework.closed_at.is_none()
        && session.me.with_untracked(|m| {
            m.as_ref()
                .is_some_and(|m| m.role != crate::domain::auth::Role::Homeowner)
        });
    let rework_id = rework.id.clone();
    let tt = use_texts();
    let due = rework.due_at;
    let closed_at = rework.closed_at;
    let overdue = rework.overdue;
    view! {
        <li class="rework-item" class:is-overdue=overdue data-testid="rework-item" data-open=closed_at.is_none().to_string()>
            <strong>{rework.item_text.clone()}</strong>
            <p>{rework.note.clone()}</p>
            {match closed_at {
                None => view! {
                    <p class="rework-due" data-testid="rework-due">
                        {it(|t| t.due)} " " {move || (tt().date_time)(due)}
                        {overdue.then(|| view! { " · " <span class="overdue">{it(|t| t.overdue)}</span> })}
                    </p>
                    {can_close.then(|| view! {
                        <CloseReworkForm rework_id=rework_id.clone() project_id=project_id.clone() on_change=on_change/>
                    })}
                }.into_any(),
                Some(at) => view! {
                    <p class="muted small">{it(|t| t.closed)} " " {move || (tt().date_time)(at)}</p>
                    {(!rework.closing_note.is_empty()).then(|| view! {
                        <p class="small">{move || t().fix_note} ": " {rework.closing_note.clone()}</p>
                    })}
                    <Thumbs photos=rework.closing_photos.clone() viewer=viewer/>
                }.into_any(),
            }}
        </li>
    }
}

/// Sign off (with an optional remark) or dispute (with a reason) a passed node.
#[component]
fn SignOffForm(
    project_id: String,
    node: NodeView,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_inspection_texts();
    let kind = node.kind;
    let project_id = StoredValue::new(project_id);
    let note = RwSignal::new(String::new());
    let disputing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let session = use_session();

    let submit = move |dispute: bool| {
        if busy.get_untracked() {
            return;
        }
        if dispute {
            let n = reason.with_untracked(|r| r.trim().chars().count());
            if !(DISPUTE_REASON_MIN_CHARS..=DISPUTE_REASON_MAX_CHARS).contains(&n) {
                error.set(Some(ApiError::Invalid {
                    field: "reason",
                    text: t().reason_invalid.to_string(),
                }));
                return;
            }
        }
        busy.set(true);
        error.set(None);
        let id = project_id.get_value();
        spawn_local(async move {
            let result = if dispute {
                api::inspections::dispute(&id, kind, reason.get_untracked()).await
            } else {
                api::inspections::sign_off(&id, kind, note.get_untracked()).await
            };
            busy.try_set(false);
            match result {
                Ok(_) => on_change(),
                Err(e) => {
                    session.check(&e);
                    error.try_set(Some(e));
                }
            }
        });
    };

    view! {
        <div class="sign-off" data-testid="sign-off">
            <p class="muted small">{it(|t| t.sign_off_hint)}</p>
            <Show when=move || !disputing.get()>
                <label class="field">
                    <span class="field-label">{it(|t| t.sign_off_note)}</span>
                    <input type="text" maxlength="500" prop:value=note on:input=move |e| note.set(event_target_value(&e))/>
                </label>
            </Show>
            <Show when=move || disputing.get()>
                <label class="field">
                    <span class="field-label">{it(|t| t.dispute_reason)}</span>
                    <textarea data-testid="dispute-reason" rows="3" maxlength="500" placeholder=it(|t| t.dispute_hint)
                        prop:value=reason on:input=move |e| reason.set(event_target_value(&e))></textarea>
                </label>
            </Show>
            <ErrorBanner error=error/>
            <div class="actions">
                <Show when=move || !disputing.get()
                    fallback=move || view! {
                        <button type="button" class="btn btn-primary" data-testid="send-dispute" disabled=busy on:click=move |_| submit(true)>{it(|t| t.send_dispute)}</button>
                        <button type="button" class="btn btn-ghost" on:click=move |_| disputing.set(false)>{crate::app::i18n::tx(|t| t.cancel)}</button>
                    }>
                    <button type="button" class="btn btn-primary" data-testid="sign-off-button" disabled=busy on:click=move |_| submit(false)>{it(|t| t.sign_off)}</button>
                    <button type="button" class="btn btn-secondary" data-testid="dispute-button" on:click=move |_| disputing.set(true)>{it(|t| t.dispute)}</button>
                </Show>
            </div>
        </div>
    }
}

/// The crew (or staff) close a rework order: how it was fixed, with "after" photos.
#[component]
fn CloseReworkForm(
    rework_id: String,
    project_id: String,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_inspection_texts();
    let session = use_session();
    let open = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let uploads = Uploads::new();
    uploads.set_project(project_id);
    let id = StoredValue::new(rework_id);
    let submit = move |_| {
        if busy.get_untracked() || uploads.busy() {
            return;
        }
        let text = note.get_untracked();
        let ids = uploads.photo_ids();
        let problem = if text.trim().is_empty() {
            Some(("note", t().fix_note_required))
        } else if ids.is_empty() {
            Some(("photo_ids", t().fix_photo_required))
        } else {
            None
        };
        if let Some((field, text)) = problem {
            error.set(Some(ApiError::Invalid {
                field,
                text: text.to_string(),
            }));
            return;
        }
        busy.set(true);
        error.set(None);
        let rid = id.get_value();
        spawn_local(async move {
            let result = api::inspections::close_rework(&rid, text, ids).await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    uploads.mark_posted();
                    on_change();
                }
                Err(e) => {
                    session.check(&e);
                    error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <Show when=move || open.get()
            fallback=move || view! {
                <button type="button" class="btn btn-small btn-secondary" data-testid="close-rework" on:click=move |_| open.set(true)>
                    {it(|t| t.close_rework)}
                </button>
            }>
            <div class="close-rework stack" data-testid="close-rework-form">
                <p class="muted small">{it(|t| t.close_rework_hint)}</p>
                <textarea rows="2" maxlength="500" data-testid="fix-note" aria-label=it(|t| t.close_rework_hint) prop:value=note
                    on:input=move |e| note.set(event_target_value(&e))></textarea>
                <PhotoUploader uploads=uploads/>
                <ErrorBanner error=error/>
                <button type="button" class="btn btn-primary" data-testid="send-close-rework"
                    disabled=move || busy.get() on:click=submit>{it(|t| t.close_rework)}</button>
            </div>
        </Show>
    }
}
