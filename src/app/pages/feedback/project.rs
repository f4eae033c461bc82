//! The homeowner's ratings and surveys page of a project (`/feedback/projects/:id`): rate the
//! crew for each signed-off node and the handover, answer the due satisfaction survey, and see
//! the red list with their own crew's standing.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::texts::{ft, points, use_feedback_texts};
use crate::app::api::{self, ApiError, Loaded};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::spinner::Spinner;
use crate::app::components::stale::{unless_stale, StaleNotice};
use crate::app::i18n::use_texts;
use crate::app::use_session;
use crate::domain::quality::{BoardRow, ProjectRatings, ProjectSurveys, RatingSlot, SurveyView};
use crate::domain::ratings::{RatingInput, Stars};
use crate::domain::surveys::{SurveyAnswers, SurveyAspect};

/// Five tappable stars bound to a signal (0 = not chosen yet).
#[component]
pub fn StarPicker(value: RwSignal<u8>, label: &'static str, testid: String) -> impl IntoView {
    let t = use_texts();
    view! {
        <div class="stars" role="radiogroup" aria-label=label data-testid=testid>
            {(1..=5u8).map(|n| view! {
                <button type="button" role="radio" class="star" class:on=move || { value.get() >= n } aria-checked=move || (value.get() == n).to_string()
                    aria-label=move || (t().stars_n)(n) data-star=n on:click=move |_| value.set(n)>"★"</button>
            }).collect_view()}
        </div>
    }
}

/// `/feedback/projects/:id`
#[component]
pub fn FeedbackPage(project_id: String) -> impl IntoView {
    let session = use_session();
    let pid = StoredValue::new(project_id.clone());
    let ratings: Loaded<ProjectRatings> = {
        let id = project_id.clone();
        api::load(async move { api::feedback::project_ratings(&id).await })
    };
    let surveys: Loaded<ProjectSurveys> = {
        let id = project_id.clone();
        api::load(async move { api::feedback::project_surveys(&id).await })
    };
    let board = api::load(api::feedback::leaderboard(None));
    let reload = move || {
        let id = pid.get_value();
        api::reload(
            ratings,
            async move { api::feedback::project_ratings(&id).await },
        );
        let id = pid.get_value();
        api::reload(
            surveys,
            async move { api::feedback::project_surveys(&id).await },
        );
    };
    view! {
        <section class="stack" data-testid="feedback-page">
            <a class="back-link" href=format!("/projects/{project_id}")>{ft(|t| t.back_to_diary)}</a>
            <h1>{ft(|t| t.title)}</h1>
            <section class="card stack" data-testid="ratings">
                <h2>{ft(|t| t.rate_crew)}</h2>
                <p class="muted small">{ft(|t| t.rate_hint)}</p>
                {move || match ratings.get() {
                    None => view! { <Spinner/> }.into_any(),
                    Some(Err(e)) => { session.check(&e); view! { <ErrorBanner error=Signal::derive(move || Some(e.clone()))/> }.into_any() }
                    Some(Ok(r)) => view! {
                        <ul class="rating-slots">
                            {r.slots.into_iter().map(|s| view! { <RatingRow entry=s project_id=pid.get_value() on_saved=reload/> }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </section>
            <section class="card stack" data-testid="surveys">
                <h2>{ft(|t| t.surveys)}</h2>
                {move || match surveys.get() {
                    None => view! { <Spinner/> }.into_any(),
                    Some(Err(e)) if e.code() == Some(crate::domain::ErrorCode::Conflict) => view! { <p class="muted">{ft(|t| t.surveys_after_handover)}</p> }.into_any(),
                    Some(Err(e)) => view! { <ErrorBanner error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                    Some(Ok(s)) => view! {
                        <ul class="survey-list">
                            {s.surveys.into_iter().filter(|v| v.status.answerable() || v.answered_at.is_some()).map(|v| view! { <SurveyRow survey=v on_saved=reload/> }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </section>
            {move || board.get().and_then(Result::ok).map(|b| view! {
                <section class="card stack" data-testid="red-list">
                    <h2>{ft(|t| t.red_list)} " · " {b.week.clone()}</h2>
                    <BoardList rows=b.red.clone()/>
                    {(!b.own.is_empty()).then(|| view! { <h3>{ft(|t| t.own_crew)}</h3> <BoardList rows=b.own.clone()/> })}
                </section>
            })}
        </section>
    }
}

/// A compact list of crews with rank and score.
#[component]
pub fn BoardList(rows: Vec<BoardRow>) -> impl IntoView {
    view! {
        <ol class="board-list">
            {rows.into_iter().map(|r| view! {
                <li data-testid="board-row" data-crew=r.crew_id.clone()>
                    <span class="rank">{r.rank.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</span>
                    <span class="crew">{r.crew_name}</span>
                    <strong class="money">{points(r.total_milli)}</strong>
                </li>
            }).collect_view()}
        </ol>
    }
}

#[component]
fn RatingRow(
    entry: RatingSlot,
    project_id: String,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_feedback_texts();
    let tt = use_texts();
    let session = use_session();
    let slot = entry;
    let existing = slot.rating.clone();
    let dims: [RwSignal<u8>; 4] = [
        RwSignal::new(existing.as_ref().map(|r| u8::from(r.quality)).unwrap_or(0)),
        RwSignal::new(
            existing
                .as_ref()
                .map(|r| u8::from(r.punctuality))
                .unwrap_or(0),
        ),
        RwSignal::new(existing.as_ref().map(|r| u8::from(r.tidiness)).unwrap_or(0)),
        RwSignal::new(
            existing
                .as_ref()
                .map(|r| u8::from(r.communication))
                .unwrap_or(0),
        ),
    ];
    let comment = RwSignal::new(
        existing
            .as_ref()
            .map(|r| r.comment.clone())
            .unwrap_or_default(),
    );
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let target = slot.target;
    let pid = StoredValue::new(project_id);
    let editable = slot.can_rate;
    // The copy being changed: a rating changed since (another device) refuses the change.
    let base_version = existing.as_ref().map(|r| r.version);
    let save = move |_| {
        let stars: Vec<u8> = dims.iter().map(|d| d.get_untracked()).collect();
        let Ok(s) = stars
            .iter()
            .map(|n| Stars::new(*n))
            .collect::<Result<Vec<_>, _>>()
        else {
            error.set(Some(ApiError::Invalid {
                field: "stars",
                text: t().choose_all.into(),
            }));
            return;
        };
        let input = RatingInput {
            quality: s[0],
            punctuality: s[1],
            tidiness: s[2],
            communication: s[3],
            comment: comment.get_untracked(),
            photo_ids: vec![],
            base_version,
        };
        busy.set(true);
        error.set(None);
        let (id, tg) = (pid.get_value(), target.as_str());
        spawn_local(async move {
            let r = api::feedback::rate(&id, tg, &input).await;
            busy.try_set(false);
            match r {
                Ok(_) => {
                    saved.try_set(true);
                    on_saved();
                }
                Err(e) => {
                    session.check(&e);
                    error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <li class="rating-slot" data-testid="rating-slot" data-target=slot.target.as_str() data-ready=slot.ready.to_string() data-rated=existing.is_some().to_string()>
            <strong>{move || t().label(target)}</strong>
            {if !slot.ready {
                view! { <p class="muted small">{ft(|t| t.not_ready)}</p> }.into_any()
            } else {
                view! {
                    <div class="rating-grid">
                        {dims.into_iter().enumerate().map(|(i, d)| view! {
                            <span class="small">{move || t().dimensions[i]}</span>
                            <StarPicker value=d label="stars" testid=format!("stars-{i}")/>
                        }).collect_view()}
                    </div>
                    {existing.as_ref().map(|r| { let until = r.editable_until; view! { <p class="muted small">{ft(|t| t.editable_until)} " " {move || (tt().date_time)(until)}</p> } })}
                    {editable.then(|| view! {
                        <input type="text" maxlength="500" data-testid="rating-comment" placeholder=ft(|t| t.comment) prop:value=comment on:input=move |e| comment.set(event_target_value(&e))/>
                        <ErrorBanner error=unless_stale(error)/>
                        <StaleNotice error=error message=Signal::derive(move || t().stale_rating.to_string()) on_reload=Callback::new(move |_| on_saved()) testid="reload-rating"/>
                        {move || saved.get().then(|| view! { <p class="notice notice-ok" data-testid="rating-saved">{ft(|t| t.saved)}</p> })}
                        <button type="button" class="btn btn-primary btn-small" data-testid="save-rating" disabled=busy on:click=save>{ft(|t| t.save_rating)}</button>
                    })}
                }.into_any()
            }}
        </li>
    }
}

#[component]
fn SurveyRow(
    survey: SurveyView,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_feedback_texts();
    let tt = use_texts();
    let session = use_session();
    let status = survey.status;
    let kind = survey.kind;
    let due = survey.due_date;
    let aspects: Vec<(SurveyAspect, RwSignal<u8>)> = SurveyAspect::ALL
        .iter()
        .map(|a| (*a, RwSignal::new(0u8)))
        .collect();
    let aspects = StoredValue::new(aspects);
    let nps = RwSignal::new(String::new());
    let suggestions = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = StoredValue::new(survey.id.clone());
    let send = move |_| {
        let stars: Vec<u8> =
            aspects.with_value(|a| a.iter().map(|(_, s)| s.get_untracked()).collect());
        let (Ok(s), Ok(n)) = (
            stars
                .iter()
                .map(|n| Stars::new(*n))
                .collect::<Result<Vec<_>, _>>(),
            nps.get_untracked().parse::<u8>(),
        ) else {
            error.set(Some(ApiError::Invalid {
                field: "stars",
                text: t().choose_all.into(),
            }));
            return;
        };
        let answers = SurveyAnswers {
            design: s[0],
            construction_quality: s[1],
            crew: s[2],
            customer_service: s[3],
            after_sales: s[4],
            nps: n,
            suggestions: suggestions.get_untracked(),
        };
        busy.set(true);
        error.set(None);
        let sid = id.get_value();
        spawn_local(async move {
            let r = api::feedback::answer(&sid, &answers).await;
            busy.try_set(false);
            match r {
                Ok(_) => on_saved(),
                Err(e) => {
                    session.check(&e);
                    error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <li class="survey" data-testid="survey" data-status=format!("{status:?}").to_lowercase()>
            <div class="item-meta">
                <strong>{move || t().label(kind)}</strong>
                <span class=if matches!(status, crate::domain::surveys::SurveyStatus::Overdue) { "chip chip-warn" } else { "chip" }>{move || t().label(status)}</span>
            </div>
            <p class="muted small">{ft(|t| t.due_on)} " " {move || (tt().date)(due)}</p>
            {if status.answerable() {
                view! {
                    <div class="rating-grid">
                        {aspects.get_value().into_iter().enumerate().map(|(i, (a, s))| view! {
                            <span class="small">{move || t().label(a)}</span>
                            <StarPicker value=s label="stars" testid=format!("aspect-{i}")/>
                        }).collect_view()}
                    </div>
                    <label class="field"><span class="field-label">{ft(|t| t.nps)}</span>
                        <select data-testid="nps" on:change=move |e| nps.set(event_target_value(&e))>
                            <option value="">"—"</option>
                            {(0..=10).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                        </select>
                    </label>
                    <textarea rows="2" maxlength="1000" data-testid="suggestions" placeholder=ft(|t| t.suggestions) prop:value=suggestions on:input=move |e| suggestions.set(event_target_value(&e))></textarea>
                    <ErrorBanner error=error/>
                    <button type="button" class="btn btn-primary" data-testid="send-survey" disabled=busy on:click=send>{ft(|t| t.send_survey)}</button>
                }.into_any()
            } else {
                view! { <p class="notice notice-ok">{ft(|t| t.thanks)}</p> }.into_any()
            }}
        </li>
    }
}
