//! The projects list: one card per project the signed-in user may see.

use leptos::prelude::*;

use crate::app::api;
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::spinner::Spinner;
use crate::app::i18n::{tx, use_texts};
use crate::app::use_session;
use crate::domain::auth::Role;
use crate::domain::projects::{ProjectSummary, Stage};

/// Lists the caller's projects.
#[component]
pub fn ProjectsPage() -> impl IntoView {
    let session = use_session();
    let projects = api::load(api::projects::list());

    view! {
        <section class="stack">
            <header class="page-head">
                <h1>{tx(|t| t.projects_title)}</h1>
                {move || session.is_staff().then(|| view! {
                    <a class="btn btn-primary btn-small" data-testid="queue-nav" href="/desk/queue">{tx(|t| t.queue_link)}</a>
                })}
                {move || matches!(session.me.with(|m| m.as_ref().map(|m| m.role)), Some(Role::Staff | Role::Admin | Role::Crew)).then(|| view! {
                    <a class="btn btn-secondary btn-small" data-testid="board-nav" href="/board">{tx(|t| t.board_link)}</a>
                })}
                {move || (session.me.with(|m| m.as_ref().map(|m| m.role)) == Some(Role::Admin)).then(|| view! {
                    <a class="btn btn-ghost btn-small" data-testid="checklists-link" href="/console/checklists">{tx(|t| t.checklists_link)}</a>
                })}
            </header>
            {move || match projects.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(Err(e)) => {
                    session.check(&e);
                    view! { <ErrorBanner error=Signal::derive(move || Some(e.clone()))/> }.into_any()
                }
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p class="card empty-state" data-testid="projects-empty">{tx(|t| t.projects_empty)}</p> }
                        .into_any()
                }
                Some(Ok(list)) => {
                    view! {
                        <div class="card-grid">
                            {list.into_iter().map(|p| view! { <ProjectCard project=p/> }).collect_view()}
                        </div>
                    }
                        .into_any()
                }
            }}
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
                <strong>{move || t().stage(stage)}</strong>
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
    let href = format!("/projects/{}", project.id);
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
            </div>
        </article>
    }
}
