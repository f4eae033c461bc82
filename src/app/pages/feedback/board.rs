//! The leaderboard for staff and crews (`/board`): red and black lists, the full table, each
//! score's explanation (inputs, weights, contributions) and the crew's trend as a chart; and
//! the survey results with overdue call tasks (`/board/surveys`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::project::BoardList;
use super::texts::{ft, points, use_feedback_texts};
use crate::app::api::{self, ApiError, Loaded};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::loaded::loaded;
use crate::app::components::spinner::Spinner;
use crate::app::use_session;
use crate::domain::quality::{
    BoardStatus, CrewTrend, LeaderboardView, ScoreExplainView, SurveyResults,
};

fn nav() -> impl IntoView {
    view! {
        <nav class="chips desk-nav">
            <a class="chip chip-button" href="/board">{ft(|t| t.board_title)}</a>
            <a class="chip chip-button" href="/board/surveys">{ft(|t| t.results_title)}</a>
        </nav>
    }
}

/// `/board`
#[component]
pub fn BoardPage() -> impl IntoView {
    let session = use_session();
    let board: Loaded<LeaderboardView> = api::load(api::feedback::leaderboard(None));
    let selected = RwSignal::new(None::<(String, String)>);
    let error = RwSignal::new(None::<ApiError>);
    let is_staff = move || session.is_staff();
    let publish = move |_| {
        spawn_local(async move {
            match api::feedback::publish().await {
                Ok(b) => board.set(Some(Ok(b))),
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="stack" data-testid="board-page">
            {nav()}
            <header class="page-head">
                <h1>{ft(|t| t.board_title)}</h1>
                {move || is_staff().then(|| view! { <button type="button" class="btn btn-secondary btn-small" data-testid="publish" on:click=publish>{ft(|t| t.publish_last)}</button> })}
            </header>
            <ErrorBanner error=error/>
            {move || match board.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(Err(e)) => { session.check(&e); view! { <ErrorBanner error=Signal::derive(move || Some(e.clone()))/> }.into_any() }
                Some(Ok(b)) => {
                    let week = b.week.clone();
                    view! {
                        <p class="muted" data-testid="board-week">{ft(|t| t.week)} " " {b.week.clone()} " · "
                            {move || if b.status == BoardStatus::Published { ft(|t| t.published)() } else { ft(|t| t.live)() }}</p>
                        <div class="lists">
                            <section class="card red"><h2>{ft(|t| t.red_list)}</h2><BoardList rows=b.red.clone()/></section>
                            {b.black.clone().map(|black| view! { <section class="card black"><h2>{ft(|t| t.black_list)}</h2><BoardList rows=black/></section> })}
                        </div>
                        {b.rows.clone().map(|rows| view! {
                            <section class="card">
                                <h2>{ft(|t| t.full_table)}</h2>
                                <table class="queue-table board-table">
                                    <tbody>
                                        {rows.into_iter().map(|r| {
                                            let crew = r.crew_id.clone();
                                            let wk = week.clone();
                                            view! {
                                                <tr data-testid="board-table-row" data-list=r.list.map(|l| format!("{l:?}").to_lowercase()).unwrap_or_default()>
                                                    <td>{r.rank.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</td>
                                                    <td>{r.crew_name.clone()}</td>
                                                    <td class="small muted">{move || (use_feedback_texts()().ratings_n)(r.rating_count)}</td>
                                                    <td><strong>{points(r.total_milli)}</strong></td>
                                                    <td><button type="button" class="btn btn-ghost btn-small" data-testid="explain"
                                                        on:click=move |_| selected.set(Some((crew.clone(), wk.clone())))>{ft(|t| t.explain)}</button></td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </section>
                        })}
                    }.into_any()
                }
            }}
            {move || selected.get().map(|(crew, week)| view! { <Explanation crew_id=crew week=week/> })}
            // A crew sees its own ratings and the homeowners' comments, anonymised.
            {move || {
                let crew = session.me.with(|m| m.as_ref().map(|m| m.role)) == Some(crate::domain::auth::Role::Crew);
                let own = board.get().and_then(Result::ok).and_then(|b| b.own.first().map(|r| r.crew_id.clone()));
                own.filter(|_| crew).map(|id| view! { <OwnRatings crew_id=id/> })
            }}
        </section>
    }
}

#[component]
fn OwnRatings(crew_id: String) -> impl IntoView {
    let t = use_feedback_texts();
    let ratings = api::load(async move { api::feedback::crew_ratings(&crew_id).await });
    view! {
        <section class="card stack" data-testid="own-ratings">
            {move || match loaded(ratings.get()) {
                Err(wait) => wait,
                Ok(r) => view! {
                    <h2>{r.crew_name.clone()} " · " {move || (t().ratings_n)(r.count)}</h2>
                    <ul class="rating-slots">
                        {r.items.into_iter().map(|i| view! {
                            <li class="rating-slot" data-testid="crew-rating">
                                <div class="item-meta"><strong>{move || t().label(i.target)}</strong>
                                    <span>{format!("{:.1} ★", f64::from(i.average_milli) / 1000.0)}</span></div>
                                <p class="muted small">{i.week.clone()}</p>
                                {(!i.comment.is_empty()).then(|| view! { <p>{i.comment.clone()}</p> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Explanation(crew_id: String, week: String) -> impl IntoView {
    let t = use_feedback_texts();
    let explain: Loaded<ScoreExplainView> = {
        let (c, w) = (crew_id.clone(), week.clone());
        api::load(async move { api::feedback::explain(&c, &w).await })
    };
    let trend: Loaded<CrewTrend> = api::load(async move { api::feedback::trend(&crew_id).await });
    view! {
        <section class="card stack" data-testid="explanation">
            {move || match loaded(explain.get()) {
                Err(wait) => wait,
                Ok(x) => view! {
                    <h2>{ft(|t| t.explain)} " · " {x.crew_name.clone()} " · " <span data-testid="explain-total">{points(x.score.total_milli)}</span></h2>
                    <table class="queue-table">
                        <tbody>
                            {x.score.parts.iter().map(|p| {
                                let name = p.name;
                                let part = p.clone();
                                view! {
                                    <tr data-testid="explain-part" data-contribution=p.contribution>
                                        <td><strong>{move || t().label(name)}</strong><div class="muted small" data-testid="explain-sentence">{move || (t().explain_part)(&part)}</div></td>
                                        <td class="small">{ft(|t| t.weight)} " " {format!("{}%", p.weight_bp / 100)}</td>
                                        <td class="small">{ft(|t| t.sub_score)} " " {format!("{:.1}", f64::from(p.sub_score) / 10.0)}</td>
                                        <td><strong>{points(p.contribution)}</strong></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="muted small">{ft(|t| t.method)}</p>
                }.into_any(),
            }}
            <h3>{ft(|t| t.trend)}</h3>
            {move || trend.get().and_then(Result::ok).map(|tr| {
                let data: Vec<(String, u32)> = tr.points.iter().map(|p| (p.week.trim_start_matches(|c: char| c != 'W').to_string(), p.total_milli)).collect();
                view! { <TrendChart data=data/> }
            })}
        </section>
    }
}

/// A crew's weekly score as a line (0–100 points), in SVG.
#[component]
fn TrendChart(data: Vec<(String, u32)>) -> impl IntoView {
    let n = data.len().max(2) as u32;
    let x = move |i: usize| 30 + 280 * i as u32 / (n - 1);
    let y = move |v: u32| 150 - 120 * v.min(100_000) / 100_000;
    // The text alternative: every week with its score ("W45 82.5, W46 84.0").
    let summary = data
        .iter()
        .map(|(week, v)| format!("{week} {:.1}", f64::from(*v) / 1000.0))
        .collect::<Vec<_>>()
        .join(", ");
    let pts: String = data
        .iter()
        .enumerate()
        .map(|(i, (_, v))| format!("{},{}", x(i), y(*v)))
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <svg class="chart" viewBox="0 0 320 180" role="img" aria-label=summary data-testid="trend-chart">
            <line x1="30" y1="150" x2="310" y2="150" class="axis"></line>
            <text x="2" y="34" class="chart-value">"100"</text>
            <text x="2" y="154" class="chart-value">"0"</text>
            <polyline points=pts class="line"></polyline>
            {data.into_iter().enumerate().map(|(i, (label, v))| view! {
                <g data-value=v>
                    <circle cx=x(i) cy=y(v) r="3" class="dot"></circle>
                    {(i % 2 == 0).then(|| view! { <text x=x(i) y="170" class="chart-label" text-anchor="middle">{label.clone()}</text> })}
                </g>
            }).collect_view()}
        </svg>
    }
}

/// `/board/surveys`: results over the last 90 days and the overdue call tasks.
#[component]
pub fn SurveyResultsPage() -> impl IntoView {
    let t = use_feedback_texts();
    let session = use_session();
    let today = {
        let d = js_sys::Date::new_0();
        chrono::NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
            .unwrap_or_default()
    };
    let results: Loaded<SurveyResults> = api::load(api::feedback::results(
        today - chrono::Duration::days(90),
        today,
    ));
    let overdue = api::load(api::feedback::overdue(None));
    let tt = crate::app::i18n::use_texts();
    view! {
        <section class="stack" data-testid="survey-results">
            {nav()}
            <h1>{ft(|t| t.results_title)}</h1>
            {move || match results.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(Err(e)) => { session.check(&e); view! { <ErrorBanner error=Signal::derive(move || Some(e.clone()))/> }.into_any() }
                Some(Ok(r)) => view! {
                    <div class="kpis">
                        <div class="card kpi"><span class="muted small">{ft(|t| t.satisfaction)}</span><strong>{r.satisfaction_milli.map(|m| format!("{:.2}", f64::from(m) / 1000.0)).unwrap_or_else(|| "—".into())}</strong></div>
                        <div class="card kpi"><span class="muted small">"NPS"</span><strong>{r.nps.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</strong></div>
                        <div class="card kpi"><span class="muted small">{ft(|t| t.response_rate)}</span><strong>{r.response_rate_bp.map(|b| format!("{:.0}%", f64::from(b) / 100.0)).unwrap_or_else(|| "—".into())}</strong></div>
                    </div>
                    <section class="card"><h2>{ft(|t| t.weakest)}</h2>
                        <ul class="board-list">{r.lowest_aspects.iter().map(|a| { let asp = a.aspect; view! { <li><span class="crew">{move || t().label(asp)}</span><strong>{format!("{:.2}", f64::from(a.mean_milli) / 1000.0)}</strong></li> } }).collect_view()}</ul>
                    </section>
                }.into_any(),
            }}
            <section class="card stack" data-testid="overdue-surveys">
                <h2>{ft(|t| t.overdue_calls)}</h2>
                {move || match loaded(overdue.get()) {
                    Err(wait) => wait,
                    Ok(page) if page.items.is_empty() => view! { <p class="muted">{ft(|t| t.none)}</p> }.into_any(),
                    Ok(page) => view! {
                        <ul class="item-list">{page.items.into_iter().map(|o| { let kind = o.kind; view! {
                            <li class="item-meta" data-testid="overdue-survey"><span>{o.project_title} " · " {o.homeowner_name} " · " {move || t().label(kind)}</span>
                                <span class="muted">{o.homeowner_phone.unwrap_or_default()}</span></li>
                        } }).collect_view()}</ul>
                        {page.next_cursor.map(|c| view! {
                            <button type="button" class="btn btn-secondary btn-block" data-testid="overdue-more"
                                on:click=move |_| api::load_more(overdue, api::feedback::overdue(Some(c.clone())))>
                                {move || tt().load_more}
                            </button>
                        })}
                    }.into_any(),
                }}
            </section>
        </section>
    }
}
