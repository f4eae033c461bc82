//! A project's diary timeline: newest first, older pages loaded as the reader scrolls.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

use crate::app::api::{self, ApiError};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::loaded::loaded;
use crate::app::components::spinner::Spinner;
use crate::app::i18n::{tx, use_texts};
use crate::app::pages::diary::entry_card::EntryCard;
use crate::app::pages::photos::viewer::{PhotoViewer, ViewerState};
use crate::app::pages::projects::{DiaryAction, StageProgress};
use crate::app::{use_session, Session};
use crate::domain::diary::{DiaryEntry, DEFAULT_PAGE_SIZE};

type ObserverCallback = Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>;

/// Keyset-paged list of entries with its loading state.
#[derive(Clone, Copy)]
struct Feed {
    project_id: StoredValue<String>,
    items: RwSignal<Vec<DiaryEntry>>,
    cursor: RwSignal<Option<String>>,
    done: RwSignal<bool>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    session: Session,
    sentinel: NodeRef<html::Div>,
    observer: StoredValue<Option<(IntersectionObserver, ObserverCallback)>, LocalStorage>,
}

impl Feed {
    /// Loads the next (older) page unless one is loading or the end is reached.
    fn load_more(self) {
        if self.loading.get_untracked() || self.done.get_untracked() {
            return;
        }
        self.loading.set(true);
        self.error.set(None);
        let id = self.project_id.get_value();
        let after = self.cursor.get_untracked();
        spawn_local(async move {
            let result = api::diary::page(&id, after.as_deref(), DEFAULT_PAGE_SIZE).await;
            match result {
                Ok(page) => {
                    self.items.try_update(|v| v.extend(page.items));
                    self.done.try_set(page.next_cursor.is_none());
                    self.cursor.try_set(page.next_cursor);
                }
                Err(e) => {
                    self.session.check(&e);
                    self.error.try_set(Some(e));
                }
            }
            self.loading.try_set(false);
            self.recheck();
        });
    }

    /// An observer only reports changes; observing afresh reports whether the sentinel is
    /// still in view after a short page, so loading goes on until the screen is full.
    fn recheck(self) {
        if self.done.get_untracked() {
            return;
        }
        let Some(el) = self.sentinel.get_untracked() else {
            return;
        };
        self.observer.try_with_value(|o| {
            if let Some((obs, _)) = o {
                obs.unobserve(&el);
                obs.observe(&el);
            }
        });
    }
}

/// The timeline page for `/projects/:id`.
#[component]
pub fn TimelinePage(project_id: String) -> impl IntoView {
    let t = use_texts();
    let session = use_session();
    let viewer = RwSignal::new(None::<ViewerState>);
    let project = {
        let id = project_id.clone();
        api::load(async move { api::projects::get_one(&id).await })
    };
    let sentinel = NodeRef::<html::Div>::new();
    let observer = StoredValue::new_local(None::<(IntersectionObserver, ObserverCallback)>);
    let feed = Feed {
        session,
        sentinel,
        observer,
        project_id: StoredValue::new(project_id),
        items: RwSignal::new(Vec::new()),
        cursor: RwSignal::new(None),
        done: RwSignal::new(false),
        loading: RwSignal::new(false),
        error: RwSignal::new(None),
    };
    feed.load_more();

    // Infinite scroll: load the next page when the sentinel below the list comes near.
    Effect::new(move |_| {
        let Some(el) = sentinel.get() else { return };
        if observer.with_value(Option::is_some) {
            return;
        }
        let callback: ObserverCallback = Closure::new(move |entries: js_sys::Array, _| {
            let near = entries.iter().any(|e| {
                e.dyn_into::<IntersectionObserverEntry>()
                    .map(|e| e.is_intersecting())
                    .unwrap_or(false)
            });
            if near {
                feed.load_more();
            }
        });
        let options = IntersectionObserverInit::new();
        options.set_root_margin("400px 0px");
        if let Ok(obs) =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
        {
            obs.observe(&el);
            observer.set_value(Some((obs, callback)));
        }
    });
    on_cleanup(move || {
        observer.try_update_value(|o| {
            if let Some((obs, _callback)) = o.take() {
                obs.disconnect();
            }
        });
    });

    view! {
        <section class="stack">
            <a class="back-link" href="/projects">"‹ " {tx(|t| t.back)}</a>
            {move || match loaded(project.get()) {
                Err(wait) => wait,
                Ok(p) => view! {
                    <header class="card project-head" data-testid="project-header">
                        <h1>{p.title.clone()}</h1>
                        <p class="muted">{p.address_masked.clone()}</p>
                        <StageProgress stage=p.stage/>
                        <p class="muted small">
                            {tx(|t| t.crew_label)} ": "
                            {let crew = p.crew_name.clone(); move || crew.clone().unwrap_or_else(|| t().no_crew.to_string())}
                            " · " {move || (t().diary_count)(p.diary_count)}
                        </p>
                        <div class="actions">
                            <DiaryAction project=p.clone()/>
                            <a class="btn btn-secondary" data-testid="progress-link" href=format!("/care/projects/{}/progress", p.id)>{tx(|t| t.progress_link)}</a>
                            <a class="btn btn-secondary" data-testid="quotes-link" href=format!("/quotes/projects/{}", p.id)>{tx(|t| t.quotes_link)}</a>
                            {let (service_href, feedback_href) = (format!("/service/projects/{}", p.id), format!("/feedback/projects/{}", p.id)); move || session.me.with(|m| m.as_ref().is_some_and(|m| m.role == crate::domain::auth::Role::Homeowner)).then(|| view! {
                                <a class="btn btn-secondary" data-testid="service-link" href=service_href.clone()>{tx(|t| t.service_link)}</a>
                                <a class="btn btn-secondary" data-testid="feedback-link" href=feedback_href.clone()>{tx(|t| t.feedback_link)}</a>
                            })}
                            {move || session.me.with(|m| m.as_ref().is_some_and(|m| matches!(m.role, crate::domain::auth::Role::Staff | crate::domain::auth::Role::Admin))).then(|| view! {
                                <a class="btn btn-ghost" data-testid="inspect-link" href=format!("/console/projects/{}/inspections", p.id)>{tx(|t| t.inspect_link)}</a>
                            })}
                        </div>
                    </header>
                }.into_any(),
            }}
            <h2 class="section-title">{tx(|t| t.diary_title)}</h2>
            <div class="timeline" data-testid="timeline">
                <For each=move || feed.items.get() key=|e| (e.id.clone(), e.updated_at) let:entry>
                    <EntryCard entry=entry viewer=viewer/>
                </For>
            </div>
            <Show when=move || feed.done.get() && feed.items.with(Vec::is_empty) && feed.error.with(Option::is_none)>
                <p class="card empty-state" data-testid="timeline-empty">{tx(|t| t.timeline_empty)}</p>
            </Show>
            <ErrorBanner error=feed.error/>
            <div class="sentinel" node_ref=sentinel aria-hidden="true"></div>
            {move || {
                if feed.loading.get() {
                    view! { <Spinner/> }.into_any()
                } else if !feed.done.get() {
                    view! {
                        <button type="button" class="btn btn-secondary btn-block" data-testid="load-more" on:click=move |_| feed.load_more()>
                            {move || if feed.error.with(Option::is_some) { t().retry } else { t().load_more }}
                        </button>
                    }.into_any()
                } else if feed.items.with(|v| !v.is_empty()) {
                    view! { <p class="muted center small" data-testid="timeline-end">{tx(|t| t.end_of_timeline)}</p> }.into_any()
                } else {
                    ().into_any()
                }
            }}
            <PhotoViewer state=viewer/>
        </section>
    }
}
