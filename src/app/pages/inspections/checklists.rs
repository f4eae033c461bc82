//! The admin's checklist editor (console): the company's items for each node, in order.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::texts::{it, use_inspection_texts};
use crate::app::api::{self, ApiError};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::loaded::loaded;
use crate::app::components::stale::{unless_stale, StaleNotice};
use crate::app::i18n::{tx, use_texts};
use crate::app::use_session;
use crate::domain::inspections::{ChecklistInput, ChecklistItem, NodeKind};
use crate::domain::photos::PhotoLocationSetting;
use crate::domain::versions::Versioned;

/// Edits one node's checklist at a time; saving replaces the company's list for that node.
#[component]
pub fn ChecklistsPage() -> impl IntoView {
    let t = use_inspection_texts();
    let kind = RwSignal::new(NodeKind::Kickoff);
    let generation = RwSignal::new(0u32);
    view! {
        <section class="stack" data-testid="checklists-page">
            <h1>{it(|t| t.checklists_title)}</h1>
            <nav class="chips node-tabs">
                {NodeKind::ALL.into_iter().map(|k| view! {
                    <button type="button" class="chip chip-button" data-testid="checklist-tab" data-node=k.as_str()
                        aria-pressed=move || (kind.get() == k).to_string() on:click=move |_| kind.set(k)>
                        {move || t().label(k)}
                    </button>
                }).collect_view()}
            </nav>
            // A new generation loads the newest copy again (after a refused, stale save).
            {move || { let k = kind.get(); generation.track(); view! { <ChecklistEditor kind=k generation=generation/> } }}
            <PhotoLocationCard/>
        </section>
    }
}

#[component]
fn ChecklistEditor(kind: NodeKind, generation: RwSignal<u32>) -> impl IntoView {
    let checklist = api::load(async move { api::inspections::checklist(kind).await });
    view! {
        {move || match loaded(checklist.get()) {
            Err(wait) => wait,
            Ok(list) => view! { <ItemsForm kind=kind items=list.value.items version=list.version generation=generation/> }.into_any(),
        }}
    }
}

#[component]
fn ItemsForm(
    kind: NodeKind,
    items: Vec<ChecklistItem>,
    version: Option<i64>,
    generation: RwSignal<u32>,
) -> impl IntoView {
    let session = use_session();
    let rows = RwSignal::new(
        items
            .into_iter()
            .map(|i| (RwSignal::new(i.id), RwSignal::new(i.text)))
            .collect::<Vec<_>>(),
    );
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // The version this copy was made from; a save made from an older one is refused.
    let version = RwSignal::new(version);
    let save = move |_| {
        let input = Versioned {
            version: version.get_untracked(),
            value: ChecklistInput {
                items: rows.with_untracked(|r| {
                    r.iter()
                        .map(|(id, text)| ChecklistItem {
                            id: id.get_untracked(),
                            text: text.get_untracked(),
                        })
                        .collect()
                }),
            },
        };
        busy.set(true);
        saved.set(false);
        error.set(None);
        spawn_local(async move {
            let r = api::inspections::save_checklist(kind, &input).await;
            busy.try_set(false);
            match r {
                Ok(now) => {
                    version.try_set(now.version);
                    saved.try_set(true);
                }
                Err(e) => {
                    session.check(&e);
                    error.try_set(Some(e));
                }
            }
        });
    };
    let tt = use_texts();
    let add = move |_| {
        let n = rows.with_untracked(Vec::len) + 1;
        rows.update(|r| {
            r.push((
                RwSignal::new(format!("{}-{n:02}", kind.as_str())),
                RwSignal::new(String::new()),
            ))
        });
    };
    view! {
        <div class="card stack">
            <ol class="edit-rows">
                {move || rows.get().into_iter().enumerate().map(|(i, (id, text))| view! {
                    <li class="edit-row" data-testid="checklist-row">
                        <input type="text" class="item-text" data-testid="checklist-text" aria-label=move || (tt().item_n)(i + 1) prop:value=text on:input=move |e| text.set(event_target_value(&e))/>
                        <button type="button" class="btn btn-ghost btn-small" aria-label=tx(|t| t.remove_row) title=move || id.get()
                            on:click=move |_| rows.update(|r| { r.remove(i); })>"×"</button>
                    </li>
                }).collect_view()}
            </ol>
            <button type="button" class="btn btn-secondary btn-small" data-testid="checklist-add" on:click=add>"+"</button>
            <ErrorBanner error=unless_stale(error)/>
            <StaleNotice error=error on_reload=Callback::new(move |_| generation.update(|g| *g += 1)) testid="reload-checklist"/>
            {move || saved.get().then(|| view! { <p class="notice notice-ok" role="status" data-testid="saved">{it(|t| t.saved)}</p> })}
            <button type="button" class="btn btn-primary" data-testid="checklist-save" disabled=busy on:click=save>{it(|t| t.save_checklist)}</button>
        </div>
    }
}

/// The company's rule on photo locations: one switch, saved as soon as it is flipped.
#[component]
fn PhotoLocationCard() -> impl IntoView {
    let session = use_session();
    let loaded = api::load(api::photos::location_setting());
    let keep = RwSignal::new(None::<bool>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| {
        if let Some(Ok(s)) = loaded.get() {
            keep.set(Some(s.keep_for_staff));
        }
    });
    let flip = move |ev: leptos::ev::Event| {
        let want = event_target_checked(&ev);
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = api::photos::set_location_setting(PhotoLocationSetting {
                keep_for_staff: want,
            })
            .await;
            busy.try_set(false);
            match r {
                Ok(s) => {
                    keep.try_set(Some(s.keep_for_staff));
                }
                Err(e) => {
                    session.check(&e);
                    // Show the rule as it still stands.
                    keep.try_set(keep.get_untracked());
                    error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="card stack" data-testid="photo-location-setting">
            <h2>{it(|t| t.photo_location_title)}</h2>
            <label class="check-inline">
                <input type="checkbox" data-testid="keep-photo-location"
                    prop:checked=move || keep.get().unwrap_or(false)
                    disabled=move || busy.get() || keep.get().is_none()
                    on:change=flip/>
                <span>{it(|t| t.photo_location_keep)}</span>
            </label>
            <p class="muted small">{it(|t| t.photo_location_hint)}</p>
            {move || match loaded.get() {
                Some(Err(e)) => Some(view! { <ErrorBanner error=Signal::derive(move || Some(e.clone()))/> }),
                _ => None,
            }}
            <ErrorBanner error=error/>
        </section>
    }
}
