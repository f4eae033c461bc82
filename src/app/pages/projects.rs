//! The projects list: one card per project the signed-in user may see.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::api::{self, ApiError};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::spinner::Spinner;
use crate::app::i18n::{tx, use_texts};
use crate::app::use_session;
use crate::domain::auth::Role;
use crate::domain::projects::{ProjectSummary, Stage, MAX_SEARCH_CHARS};

/// The list as loaded so far, with what it was asked for.
#[derive(Clone, Copy)]
struct Listing {
    items: RwSignal<Option<Vec<ProjectSummary>>>,
    next: RwSignal<Option<String>>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    stage: RwSignal<Option<Stage>>,
    q: RwSignal<String>,
}

impl Listing {
    /// Loads a page: the first (`more` false, replacing the list) or the next one.
    fn fetch(self, more: bool) {
        if self.loading.get_untracked() {
            return;
        }
        self.loading.set(true);
        self.error.set(None);
        let after = if more {
            self.next.get_untracked()
        } else {
            None
        };
        let (stage, q) = (self.stage.get_untracked(), self.q.get_untracked());
        spawn_local(async move {
            let result = if !more && stage.is_none() && q.is_empty() {
                api::projects::list().await
            } else {
                api::projects::search(after.as_deref(), stage, &q).await
            };
            match result {
                Ok(page) => {
                    self.items.try_update(|v| match v {
                        Some(v) if more => v.extend(page.items),
                        _ => *v = Some(page.items),
                    });
                    self.next.try_set(page.next_cursor);
                }
                Err(e) => {
                    use_session().check(&e);
                    self.error.try_set(Some(e));
                }
            }
            self.loading.try_set(false);
        });
    }
}

/// Lists the caller's projects, a page at a time; staff search and filter by stage.
#[component]
pub fn ProjectsPage() -> impl IntoView {
    let session = use_session();
    let t = use_texts();
    let list = Listing {
        items: RwSignal::new(None),
        next: RwSignal::new(None),
        loading: RwSignal::new(false),
        error: RwSignal::new(None),
        stage: RwSignal::new(None),
        q: RwSignal::new(String::new()),
    };
    list.fetch(false);
    let role = move || session.me.with(|m| m.as_ref().map(|m| m.role));

    view! {
        <section class="stack">
            <header class="page-head">
                <h1>{tx(|t| t.projects_title)}</h1>
                {move || session.is_staff().then(|| view! {
                    <a class="btn btn-primary btn-small" data-testid="queue-nav" href="/desk/queue">{tx(|t| t.queue_link)}</a>
                })}
                {move || matches!(role(), Some(Role::Staff | Role::Admin | Role::Crew)).then(|| view! {
                    <a class="btn btn-secondary btn-small" data-testid="board-nav" href="/board">{tx(|t| t.board_link)}</a>
                })}
                {move || (role() == Some(Role::Admin)).then(|| view! {
                    <a class="btn btn-ghost btn-small" data-testid="checklists-link" href="/console/checklists">{tx(|t| t.checklists_link)}</a>
                })}
                {move || session.is_staff().then(|| view! {
                    <a class="btn btn-primary btn-small" data-testid="new-project" href="/console/projects/new">{tx(|t| t.new_project)}</a>
                })}
            </header>
            {move || session.is_staff().then(|| view! {
                <form class="search-bar" role="search" data-testid="project-search"
                    on:submit=move |ev| { ev.prevent_default(); list.fetch(false); }>
                    <input type="search" name="q" maxlength=MAX_SEARCH_CHARS data-testid="project-search-q"
                        aria-label=move || t().search_projects placeholder=move || t().search_projects
                        prop:value=move || list.q.get() on:input=move |ev| list.q.set(event_target_value(&ev))/>
                    <select name="stage" data-testid="project-search-stage" aria-label=move || t().stage_label
                        on:change=move |ev| { list.stage.set(Stage::parse(&event_target_value(&ev))); list.fetch(false); }>
                        <option value="">{move || t().all_stages}</option>
                        {Stage::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{move || t().label(s)}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="btn btn-secondary btn-small">{move || t().search}</button>
                </form>
            })}
            <ErrorBanner error=list.error/>
            {move || match list.items.get() {
                None => (list.error.with(Option::is_none)).then(|| view! { <Spinner/> }.into_any()),
                Some(items) if items.is_empty() => Some(view! {
                    <p class="card empty-state" data-testid="projects-empty">
                        {move || if list.q.with(String::is_empty) && list.stage.get().is_none() { t().projects_empty } else { t().no_matches }}
                    </p>
                }.into_any()),
                Some(items) => Some(view! {
                    <div class="card-grid">
                        {items.into_iter().map(|p| view! { <ProjectCard project=p/> }).collect_view()}
                    </div>
                }.into_any()),
            }}
            {move || list.next.with(Option::is_some).then(|| view! {
                <button type="button" class="btn btn-secondary btn-block" data-testid="projects-more"
                    disabled=move || list.loading.get() on:click=move |_| list.fetch(true)>
                    {move || t().load_more}
                </button>
            })}
        </section>
    }
}

/// The stage as "施工 5/8" with a progress bar over the eight stages.
#[component]
pub fn StageProgress(stage: Stage) -> impl IntoView {
    let t = use_texts();
    let step = stage.index() + 1;
    let total = Stage::ALL.len();
    view! {
        <div class="stage" data-testid="project-stage" data-stage=stage.as_str()>
            <div class="stage-text">
                <span class="muted">{tx(|t| t.stage_label)}</span>
                <strong>{move || t().label(stage)}</strong>
                <span class="muted">{format!("{step}/{total}")}</span>
            </div>
            <progress class="stage-bar" max=total value=step></progress>
        </div>
    }
}

/// Link for crews: post today's entry, or edit it when it exists already.
#[component]
pub fn DiaryAction(project: ProjectSummary) -> impl IntoView {
    let session = use_session();
    let is_crew = move || {
        session
            .me
            .with(|m| m.as_ref().map(|m| m.role) == Some(Role::Crew))
    };
    let show = project.can_post_diary;
    move || {
        if !(show && is_crew()) {
            return None;
        }
        Some(match &project.today_entry_id {
            None => view! {
                <a class="btn btn-primary" data-testid="post-diary" href=format!("/projects/{}/diary/new", project.id)>
                    {tx(|t| t.post_today)}
                </a>
            }
            .into_any(),
            Some(entry) => view! {
                <a class="btn btn-secondary" data-testid="edit-today" href=format!("/diary/{entry}/edit")>
                    {tx(|t| t.edit_today)}
                </a>
            }
            .into_any(),
        })
    }
}

/// One project on the list.
#[component]
fn ProjectCard(project: ProjectSummary) -> impl IntoView {
    let t = use_texts();
    let session = use_session();
    let href = format!("/projects/{}", project.id);
    let edit = format!("/console/projects/{}/edit", project.id);
    let p = project.clone();
    view! {
        <article class="card project-card" data-testid="project-card" data-project-id=project.id.clone()>
            <a class="project-title" href=href.clone() data-testid="project-link">
                <h2>{project.title.clone()}</h2>
            </a>
            <p class="muted" data-testid="project-address">{project.address_masked.clone()}</p>
            <StageProgress stage=project.stage/>
            <dl class="facts">
                <div>
                    <dt>{tx(|t| t.crew_label)}</dt>
                    <dd data-testid="project-crew">
                        {move || p.crew_name.clone().unwrap_or_else(|| t().no_crew.to_string())}
                    </dd>
                </div>
                <div>
                    <dt>{tx(|t| t.homeowner_label)}</dt>
                    <dd>{project.homeowner_masked.clone()}</dd>
                </div>
                <div>
                    <dt>{tx(|t| t.last_diary)}</dt>
                    <dd data-testid="project-last-diary">
                        {move || match project.last_diary_date {
                            Some(d) => (t().date)(d),
                            None => t().no_diary_yet.to_string(),
                        }}
                    </dd>
                </div>
            </dl>
            <p class="muted small" data-testid="project-diary-count">
                {move || (t().diary_count)(project.diary_count)}
            </p>
            <div class="actions">
                <a class="btn btn-secondary" href=href>{tx(|t| t.view_diary)}</a>
                <DiaryAction project=project.clone()/>
                {move || session.is_staff().then(|| view! {
                    <a class="btn btn-ghost" data-testid="edit-project" href=edit.clone()>{tx(|t| t.edit_project)}</a>
                })}
            </div>
        </article>
    }
}
