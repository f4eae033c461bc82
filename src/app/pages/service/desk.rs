//! The staff desk: the queue of everything open, nearest deadline first, with live clocks
//! (counted from the server's answer, refreshed every 30 seconds); the service metrics with
//! charts; the callback slots.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::texts::{clock_class, clock_name, st, use_service_texts};
use crate::app::api::{self, ApiError, Loaded};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::loaded::loaded;
use crate::app::i18n::{tx, use_texts};
use crate::app::use_session;
use crate::domain::error::FieldReason;
use crate::domain::paging::Page;
use crate::domain::service_desk::{Metrics, ServiceItemView, SlotInput};
use crate::domain::warranty::CallbackSlot;

/// Staff navigation between the desk's pages.
#[component]
fn DeskNav() -> impl IntoView {
    view! {
        <nav class="chips desk-nav">
            <a class="chip chip-button" href="/desk/queue">{st(|t| t.queue_title)}</a>
            <a class="chip chip-button" href="/desk/metrics">{st(|t| t.metrics_title)}</a>
            <a class="chip chip-button" href="/desk/slots">{st(|t| t.slots_title)}</a>
        </nav>
    }
}

/// `/desk/queue`
#[component]
pub fn QueuePage() -> impl IntoView {
    let t = use_service_texts();
    let tt = use_texts();
    let queue: Loaded<Page<ServiceItemView>> = api::load(api::service::queue(None));
    let fetched = RwSignal::new(js_sys::Date::now());
    let tick = RwSignal::new(0u32);
    // Pages loaded beyond the first stay: the refresh would replace them with the first page.
    let extended = RwSignal::new(false);
    if let Ok(h) = set_interval_with_handle(
        move || {
            tick.update(|n| *n += 1);
            // Fresh clocks and new items every 30 seconds (the clocks count on meanwhile).
            if tick.get_untracked().is_multiple_of(30) && !extended.get_untracked() {
                api::reload(queue, api::service::queue(None));
                fetched.set(js_sys::Date::now());
            }
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || h.clear());
    }
    let elapsed = move || {
        tick.get();
        ((js_sys::Date::now() - fetched.get()) / 1000.0) as i64
    };
    view! {
        <section class="stack" data-testid="queue-page">
            <DeskNav/>
            <h1>{st(|t| t.queue_title)}</h1>
            {move || match loaded(queue.get()) {
                Err(wait) => wait,
                Ok(page) if page.items.is_empty() => view! { <p class="card empty-state">{st(|t| t.queue_empty)}</p> }.into_any(),
                Ok(page) => view! {
                    <table class="queue-table">
                        <tbody>
                            {page.items.into_iter().map(|i| {
                                let kind = i.kind;
                                let status = i.status;
                                let clock = i.clock;
                                let next = i.next_due;
                                let unread = i.unread;
                                let what = i.deadlines.iter().find(|d| Some(d.due_at) == next).map(|d| d.what);
                                view! {
                                    <tr class=clock_class(clock, i.breached) data-testid="queue-row" data-kind=kind.as_str()
                                        data-clock=clock.map(clock_name).unwrap_or("none") data-breached=i.breached.to_string()>
                                        <td><span class="chip">{move || t().label(kind)}</span></td>
                                        <td>
                                            <a href=format!("/desk/items/{}", i.id) data-testid="queue-link"><strong>{i.title.clone()}</strong></a>
                                            <div class="muted small">{i.project_title.clone()} " · " {i.homeowner.clone()}
                                                {i.level.map(|l| format!(" · L{l}"))}
                                                {(unread > 0).then(|| view! { " · " <span class="chip chip-action">{move || (t().unread)(unread)}</span> })}
                                            </div>
                                        </td>
                                        <td class="small">{move || t().label(status)}</td>
                                        <td class="clock-cell">
                                            {what.map(|w| view! { <div class="muted small">{move || t().label(w)}</div> })}
                                            {next.map(|n| view! { <div class="small">{move || (tt().date_time)(n)}</div> })}
                                            <strong data-testid="queue-clock">{move || clock.map(|c| t().clock(c, elapsed())).unwrap_or_default()}</strong>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {page.next_cursor.map(|c| view! {
                        <button type="button" class="btn btn-secondary btn-block" data-testid="queue-more"
                            on:click=move |_| { extended.set(true); api::load_more(queue, api::service::queue(Some(c.clone()))) }>
                            {move || tt().load_more}
                        </button>
                    })}
                }.into_any(),
            }}
        </section>
    }
}

/// Today in the browser's calendar, and `days` before.
fn local_day(days_back: i64) -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    let d = js_sys::Date::new_with_year_month_day(
        now.get_full_year(),
        now.get_month() as i32,
        now.get_date() as i32 - days_back as i32,
    );
    chrono::NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_default()
}

/// `/desk/metrics`
#[component]
pub fn MetricsPage() -> impl IntoView {
    let from = RwSignal::new(local_day(13).to_string());
    let to = RwSignal::new(local_day(0).to_string());
    let metrics: Loaded<Metrics> = RwSignal::new(None);
    let load = move || {
        let (Ok(f), Ok(t)) = (from.get_untracked().parse(), to.get_untracked().parse()) else {
            return;
        };
        api::reload(metrics, api::service::metrics(f, t));
    };
    load();
    view! {
        <section class="stack" data-testid="metrics-page">
            <DeskNav/>
            <h1>{st(|t| t.metrics_title)}</h1>
            <div class="card edit-row">
                <span class="field-label">{st(|t| t.period)}</span>
                <input type="date" data-testid="metrics-from" aria-label=tx(|t| t.period_from) prop:value=from on:input=move |e| from.set(event_target_value(&e))/>
                <input type="date" data-testid="metrics-to" aria-label=tx(|t| t.period_to) prop:value=to on:input=move |e| to.set(event_target_value(&e))/>
                <button type="button" class="btn btn-secondary btn-small" data-testid="metrics-show" on:click=move |_| load()>{st(|t| t.show)}</button>
            </div>
            {move || match loaded(metrics.get()) {
                Err(wait) => wait,
                Ok(m) => view! { <MetricsView metrics=m/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn MetricsView(metrics: Metrics) -> impl IntoView {
    let t = use_service_texts();
    let m = metrics;
    let avg = m.avg_first_response_secs;
    let within = m.within_target_bp;
    let created = m.created;
    let breaches: Vec<(String, u32)> = m
        .breaches_by_kind
        .iter()
        .map(|k| (t().label(k.kind).to_string(), k.count))
        .collect();
    let by_kind: Vec<(String, u32)> = m
        .created_by_kind
        .iter()
        .map(|k| (t().label(k.kind).to_string(), k.count))
        .collect();
    let backlog: Vec<(String, u32)> = m
        .backlog
        .iter()
        .map(|p| (format!("{}", p.day.format("%m-%d")), p.open))
        .collect();
    view! {
        <div class="kpis">
            <div class="card kpi" data-testid="kpi-created"><span class="muted small">{st(|t| t.created)}</span><strong>{created}</strong></div>
            <div class="card kpi" data-testid="kpi-first-response"><span class="muted small">{st(|t| t.avg_first_response)}</span>
                <strong>{move || avg.map(|s| (t().minutes)(s)).unwrap_or_else(|| "—".into())}</strong></div>
            <div class="card kpi" data-testid="kpi-within"><span class="muted small">{st(|t| t.within_target)}</span>
                <strong>{within.map(|bp| format!("{:.1}%", f64::from(bp) / 100.0)).unwrap_or_else(|| "—".into())}</strong></div>
        </div>
        <section class="card"><h2>{st(|t| t.breaches_by_kind)}</h2><BarChart data=breaches testid="chart-breaches" red=true/></section>
        <section class="card"><h2>{st(|t| t.created_by_kind)}</h2><BarChart data=by_kind testid="chart-created" red=false/></section>
        <section class="card"><h2>{st(|t| t.backlog)}</h2><LineChart data=backlog testid="chart-backlog"/></section>
    }
}

/// A chart's text alternative: every label with its value ("保修 3, 投诉 1"), read out in
/// place of the drawing.
fn chart_summary(data: &[(String, u32)]) -> String {
    data.iter()
        .map(|(label, v)| format!("{label} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A horizontal bar chart in SVG (no chart library: a few rectangles and labels).
#[component]
fn BarChart(data: Vec<(String, u32)>, testid: &'static str, red: bool) -> impl IntoView {
    let max = data.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let h = 28 * data.len() as u32 + 8;
    let summary = chart_summary(&data);
    view! {
        <svg class="chart" viewBox=format!("0 0 320 {h}") role="img" aria-label=summary data-testid=testid>
            {data.into_iter().enumerate().map(|(i, (label, v))| {
                let y = 4 + 28 * i as u32;
                let w = 200 * v / max;
                view! {
                    <g data-value=v>
                        <text x="0" y=y + 17 class="chart-label">{label}</text>
                        <rect x="96" y=y + 4 width=w.max(2) height="18" rx="3" class=if red { "bar bar-red" } else { "bar" }></rect>
                        <text x=100 + w.max(2) y=y + 17 class="chart-value">{v}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

/// A line chart of one series over days, in SVG.
#[component]
fn LineChart(data: Vec<(String, u32)>, testid: &'static str) -> impl IntoView {
    let max = data.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let n = data.len().max(2) as u32;
    let x = move |i: usize| 30 + 280 * i as u32 / (n - 1);
    let y = move |v: u32| 150 - 120 * v / max;
    let points: String = data
        .iter()
        .enumerate()
        .map(|(i, (_, v))| format!("{},{}", x(i), y(*v)))
        .collect::<Vec<_>>()
        .join(" ");
    let every = (data.len() / 7).max(1);
    let summary = chart_summary(&data);
    view! {
        <svg class="chart" viewBox="0 0 320 180" role="img" aria-label=summary data-testid=testid>
            <line x1="30" y1="150" x2="310" y2="150" class="axis"></line>
            <text x="2" y="34" class="chart-value">{max}</text>
            <text x="2" y="154" class="chart-value">"0"</text>
            <polyline points=points class="line"></polyline>
            {data.into_iter().enumerate().map(|(i, (label, v))| view! {
                <g data-value=v>
                    <circle cx=x(i) cy=y(v) r="3" class="dot"></circle>
                    {(i % every == 0).then(|| view! { <text x=x(i) y="170" class="chart-label" text-anchor="middle">{label.clone()}</text> })}
                </g>
            }).collect_view()}
        </svg>
    }
}

/// `/desk/slots`
#[component]
pub fn SlotsPage() -> impl IntoView {
    let session = use_session();
    let t = use_service_texts();
    let tt = use_texts();
    let slots: Loaded<Vec<CallbackSlot>> = api::load(api::service::slots());
    let starts = RwSignal::new(String::new());
    let minutes = RwSignal::new("30".to_string());
    let capacity = RwSignal::new("2".to_string());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let open = move |_| {
        let ms =
            js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&starts.get_untracked())).get_time();
        let Some(at) = (!ms.is_nan())
            .then(|| chrono::DateTime::from_timestamp_millis(ms as i64))
            .flatten()
        else {
            error.set(Some(ApiError::Field {
                field: "starts_at",
                reason: FieldReason::Required,
                limit: None,
            }));
            return;
        };
        let input = SlotInput {
            starts_at: at,
            minutes: minutes.get_untracked().parse().unwrap_or(0),
            capacity: capacity.get_untracked().parse().unwrap_or(0),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = api::service::create_slot(&input).await;
            busy.try_set(false);
            match r {
                Ok(_) => api::reload(slots, api::service::slots()),
                Err(e) => {
                    session.check(&e);
                    error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="stack" data-testid="slots-page">
            <DeskNav/>
            <h1>{st(|t| t.slots_title)}</h1>
            <div class="card edit-row">
                <label class="field"><span class="field-label">{st(|t| t.slot_start)}</span>
                    <input type="datetime-local" data-testid="slot-start" prop:value=starts on:input=move |e| starts.set(event_target_value(&e))/></label>
                <label class="field"><span class="field-label">{st(|t| t.slot_minutes)}</span>
                    <input type="number" min="5" max="240" prop:value=minutes on:input=move |e| minutes.set(event_target_value(&e))/></label>
                <label class="field"><span class="field-label">{st(|t| t.capacity)}</span>
                    <input type="number" min="1" max="100" data-testid="slot-capacity" prop:value=capacity on:input=move |e| capacity.set(event_target_value(&e))/></label>
                <button type="button" class="btn btn-primary" data-testid="open-slot" disabled=busy on:click=open>{st(|t| t.open_slot)}</button>
            </div>
            <ErrorBanner error=error/>
            {move || match loaded(slots.get()) {
                Err(wait) => wait,
                Ok(list) => view! {
                    <ul class="item-list">
                        {list.into_iter().map(|s| view! {
                            <li class="card item-meta" data-testid="slot-row">
                                <span>{move || (tt().date_time)(s.starts_at)} " – " {move || (tt().date_time)(s.ends_at)}</span>
                                <span class="muted">{move || (t().booked_of)(s.booked, s.capacity)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
