//! The staff quote editor (console): starts from the latest revision, edits materials, labour,
//! schedule, payment plan and special notes, previews the totals with the shared rules, and
//! publishes a new revision (the server computes the totals again and the change delta).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::texts::{qt, use_quote_texts, QuoteTexts};
use crate::app::api::{self, ApiError};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::loaded::loaded;
use crate::app::components::stale::{unless_stale, StaleNotice};
use crate::app::i18n::{tx, use_lang, Catalog};
use crate::app::router::use_router;
use crate::app::use_session;
use crate::domain::quotes::{
    format_quantity, format_yuan, parse_quantity, totals, Fen, LabourLine, MaterialLine,
    PaymentStage, QuoteRevisionContent, Schedule,
};
use crate::domain::versions::Versioned;

type Cells<const N: usize> = [RwSignal<String>; N];

fn cells<const N: usize>(values: [String; N]) -> Cells<N> {
    values.map(RwSignal::new)
}

fn yuan_text(f: Fen) -> String {
    format!("{}.{:02}", f.0 / 100, (f.0 % 100).abs())
}

fn material_cells(m: &MaterialLine) -> Cells<8> {
    cells([
        m.category.clone(),
        m.room.clone(),
        m.brand.clone(),
        m.model.clone(),
        m.env_grade.clone(),
        format_quantity(m.quantity_milli),
        m.unit.clone(),
        yuan_text(m.unit_price),
    ])
}

fn labour_cells(l: &LabourLine) -> Cells<5> {
    cells([
        l.process.clone(),
        l.room.clone(),
        format_quantity(l.quantity_milli),
        l.unit.clone(),
        yuan_text(l.unit_price),
    ])
}

/// Everything the editor holds.
#[derive(Clone, Copy)]
struct Draft {
    materials: RwSignal<Vec<Cells<8>>>,
    labour: RwSignal<Vec<Cells<5>>>,
    start: RwSignal<String>,
    end: RwSignal<String>,
    plan: RwSignal<Vec<Cells<2>>>,
    notes: RwSignal<String>,
}

impl Draft {
    fn from(c: &QuoteRevisionContent) -> Draft {
        Draft {
            materials: RwSignal::new(c.materials.iter().map(material_cells).collect()),
            labour: RwSignal::new(c.labour.iter().map(labour_cells).collect()),
            start: RwSignal::new(c.schedule.start.to_string()),
            end: RwSignal::new(c.schedule.end.to_string()),
            plan: RwSignal::new(
                c.payment_plan
                    .iter()
                    .map(|p| cells([p.name.clone(), yuan_text(Fen(i64::from(p.percent_bp)))]))
                    .collect(),
            ),
            notes: RwSignal::new(c.special_notes.clone()),
        }
    }

    fn blank() -> Draft {
        let today = chrono::Utc::now().date_naive();
        Draft::from(&QuoteRevisionContent {
            materials: vec![],
            labour: vec![],
            schedule: Schedule {
                start: today,
                end: today + chrono::Duration::days(59),
            },
            payment_plan: vec![
                PaymentStage {
                    name: "开工款".into(),
                    percent_bp: 3000,
                },
                PaymentStage {
                    name: "中期款".into(),
                    percent_bp: 6500,
                },
                PaymentStage {
                    name: "尾款".into(),
                    percent_bp: 500,
                },
            ],
            special_notes: String::new(),
        })
    }

    /// The content as typed, or the first thing that is not a number or date.
    fn content(&self, t: &QuoteTexts) -> Result<QuoteRevisionContent, String> {
        let money = |s: &str, what: &str| Fen::parse(s).ok_or_else(|| (t.not_a_number)(what, s));
        let qty = |s: &str, what: &str| parse_quantity(s).ok_or_else(|| (t.not_a_number)(what, s));
        let materials = self.materials.with(|rows| {
            rows.iter()
                .map(|c| {
                    let v: Vec<String> = c.iter().map(|s| s.get()).collect();
                    Ok(MaterialLine {
                        category: v[0].clone(),
                        room: v[1].clone(),
                        brand: v[2].clone(),
                        model: v[3].clone(),
                        env_grade: v[4].clone(),
                        quantity_milli: qty(&v[5], t.material_cols[5])?,
                        unit: v[6].clone(),
                        unit_price: money(&v[7], t.material_cols[7])?,
                    })
                })
                .collect::<Result<Vec<_>, String>>()
        })?;
        let labour = self.labour.with(|rows| {
            rows.iter()
                .map(|c| {
                    let v: Vec<String> = c.iter().map(|s| s.get()).collect();
                    Ok(LabourLine {
                        process: v[0].clone(),
                        room: v[1].clone(),
                        quantity_milli: qty(&v[2], t.labour_cols[2])?,
                        unit: v[3].clone(),
                        unit_price: money(&v[4], t.labour_cols[4])?,
                    })
                })
                .collect::<Result<Vec<_>, String>>()
        })?;
        let date = |s: String| s.parse().map_err(|_| (t.not_a_date)(t.schedule, &s));
        let payment_plan = self.plan.with(|rows| {
            rows.iter()
                .map(|c| {
                    let pct = c[1].get();
                    // Percent with up to two decimals → basis points.
                    let bad = || (t.not_a_number)(t.plan_cols[1], &pct);
                    let bp = Fen::parse(&pct).filter(|f| f.0 >= 0).ok_or_else(bad)?;
                    Ok(PaymentStage {
                        name: c[0].get(),
                        percent_bp: u32::try_from(bp.0).map_err(|_| bad())?,
                    })
                })
                .collect::<Result<Vec<_>, String>>()
        })?;
        Ok(QuoteRevisionContent {
            materials,
            labour,
            schedule: Schedule {
                start: date(self.start.get())?,
                end: date(self.end.get())?,
            },
            payment_plan,
            special_notes: self.notes.get(),
        })
    }
}

/// The editor page for a project: a new revision from the latest one.
#[component]
pub fn QuoteEditorPage(project_id: String) -> impl IntoView {
    let latest = {
        let id = project_id.clone();
        api::load(async move {
            let list = api::quotes::list(&id).await?;
            match list.first() {
                Some(q) => api::quotes::one(&q.id).await.map(Some),
                None => Ok(None),
            }
        })
    };
    let pid = StoredValue::new(project_id);
    view! {
        <section class="stack" data-testid="quote-editor">
            <header class="page-head">
                <h1>{qt(|t| t.list_title)} " · " {qt(|t| t.new_revision)}</h1>
                <a class="btn btn-ghost btn-small" href=move || format!("/quotes/projects/{}", pid.get_value())>{qt(|t| t.back_to_quotes)}</a>
            </header>
            {move || match loaded(latest.get()) {
                Err(wait) => wait,
                Ok(latest) => {
                    let draft = latest.as_ref().map(|v| Draft::from(&v.content)).unwrap_or_else(Draft::blank);
                    // The latest revision may still be corrected in place, from this copy.
                    let base = latest.filter(|v| v.can_edit).map(|v| Base { id: v.id, revision: v.revision, version: v.version });
                    view! { <Editor draft=draft project_id=pid.get_value() base=base/> }.into_any()
                }
            }}
        </section>
    }
}

fn cell_input(sig: RwSignal<String>, label: &'static str, testid: String) -> impl IntoView {
    // Labels follow the language chosen when the row was drawn (rows redraw on change).
    view! {
        <input type="text" aria-label=label placeholder=label data-testid=testid prop:value=sig on:input=move |e| sig.set(event_target_value(&e))/>
    }
}

/// The revision the editor's copy came from, when it may be corrected in place.
#[derive(Clone)]
struct Base {
    id: String,
    revision: i64,
    version: i64,
}

#[component]
fn Editor(draft: Draft, project_id: String, base: Option<Base>) -> impl IntoView {
    let router = use_router();
    let session = use_session();
    let t = use_quote_texts();
    let lang = use_lang();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let pid = StoredValue::new(project_id);
    let preview = Memo::new(move |_| {
        let lang = lang.get();
        draft.content(QuoteTexts::of(lang)).and_then(|c| {
            totals(&c).map_err(|e| api::field_text(lang.texts(), e.field, e.reason, e.limit))
        })
    });
    let base = StoredValue::new(base);
    // Publishes a new revision (`correct` false) or corrects the latest one in place, sending
    // the version this copy was made from.
    let send = move |correct: bool| {
        if busy.get_untracked() {
            return;
        }
        let content = match draft.content(t()) {
            Ok(c) => c,
            Err(text) => {
                error.set(Some(ApiError::Invalid {
                    field: "materials",
                    text,
                }));
                return;
            }
        };
        let target = base.get_value().filter(|_| correct);
        busy.set(true);
        error.set(None);
        let id = pid.get_value();
        spawn_local(async move {
            let result = match target {
                Some(b) => api::quotes::edit(&b.id, &Versioned::at(b.version, content)).await,
                None => api::quotes::publish(&id, &content).await,
            };
            busy.try_set(false);
            match result {
                Ok(v) => router.navigate(&format!("/quotes/{}", v.id)),
                Err(e) => {
                    session.check(&e);
                    error.try_set(Some(e));
                }
            }
        });
    };

    view! {
        <section class="card stack">
            <h2>{qt(|t| t.materials)}</h2>
            <div class="edit-rows">
                {move || draft.materials.get().into_iter().enumerate().map(|(i, row)| view! {
                    <div class="edit-row edit-row-8" data-testid="material-row">
                        {row.into_iter().enumerate().map(|(j, c)| cell_input(c, t().material_cols[j], format!("m-{i}-{j}"))).collect_view()}
                        <button type="button" class="btn btn-ghost btn-small" aria-label=tx(|t| t.remove_row)
                            on:click=move |_| draft.materials.update(|v| { v.remove(i); })>"×"</button>
                    </div>
                }).collect_view()}
            </div>
            <button type="button" class="btn btn-secondary btn-small" data-testid="add-material"
                on:click=move |_| draft.materials.update(|v| v.push(cells(Default::default())))>"+ " {qt(|t| t.materials)}</button>
        </section>
        <section class="card stack">
            <h2>{qt(|t| t.labour)}</h2>
            <div class="edit-rows">
                {move || draft.labour.get().into_iter().enumerate().map(|(i, row)| view! {
                    <div class="edit-row edit-row-5" data-testid="labour-row">
                        {row.into_iter().enumerate().map(|(j, c)| cell_input(c, t().labour_cols[j], format!("l-{i}-{j}"))).collect_view()}
                        <button type="button" class="btn btn-ghost btn-small" aria-label=tx(|t| t.remove_row)
                            on:click=move |_| draft.labour.update(|v| { v.remove(i); })>"×"</button>
                    </div>
                }).collect_view()}
            </div>
            <button type="button" class="btn btn-secondary btn-small" data-testid="add-labour"
                on:click=move |_| draft.labour.update(|v| v.push(cells(Default::default())))>"+ " {qt(|t| t.labour)}</button>
        </section>
        <section class="card stack">
            <h2>{qt(|t| t.schedule)}</h2>
            <div class="edit-row">
                <input type="date" data-testid="schedule-start" aria-label=tx(|t| t.period_from) prop:value=draft.start on:input=move |e| draft.start.set(event_target_value(&e))/>
                <input type="date" data-testid="schedule-end" aria-label=tx(|t| t.period_to) prop:value=draft.end on:input=move |e| draft.end.set(event_target_value(&e))/>
            </div>
            <h2>{qt(|t| t.payment_plan)} " (%)"</h2>
            {move || draft.plan.get().into_iter().enumerate().map(|(i, row)| view! {
                <div class="edit-row" data-testid="plan-row">
                    {row.into_iter().enumerate().map(|(j, c)| cell_input(c, t().plan_cols[j], format!("p-{i}-{j}"))).collect_view()}
                    <button type="button" class="btn btn-ghost btn-small" aria-label=tx(|t| t.remove_row)
                        on:click=move |_| draft.plan.update(|v| { v.remove(i); })>"×"</button>
                </div>
            }).collect_view()}
            <button type="button" class="btn btn-secondary btn-small"
                on:click=move |_| draft.plan.update(|v| v.push(cells(Default::default())))>"+ " {qt(|t| t.payment_plan)}</button>
            <h2 id="special-notes-title">{qt(|t| t.special_notes)}</h2>
            <textarea rows="5" data-testid="special-notes" aria-labelledby="special-notes-title" prop:value=draft.notes on:input=move |e| draft.notes.set(event_target_value(&e))></textarea>
        </section>
        <section class="card totals" data-testid="editor-preview">
            {move || match preview.get() {
                Ok(t) => view! {
                    <div class="total-main">
                        <span>{qt(|t| t.total)}</span>
                        <strong class="money big" data-testid="preview-total">{format_yuan(t.total)}</strong>
                    </div>
                    <p class="muted small">{qt(|t| t.range)} " " {format!("{} – {}", format_yuan(t.range_low), format_yuan(t.range_high))}</p>
                }.into_any(),
                Err(msg) => view! { <p class="field-error" data-testid="preview-error">{msg}</p> }.into_any(),
            }}
            <ErrorBanner error=unless_stale(error)/>
            <StaleNotice error=error message=Signal::derive(move || t().stale_quote.to_string())/>
            {base.get_value().map(|b| view! {
                <button type="button" class="btn btn-secondary btn-block" data-testid="save-correction" disabled=busy on:click=move |_| send(true)>
                    {move || (t().save_correction)(b.revision)}
                </button>
            })}
            <button type="button" class="btn btn-primary btn-block" data-testid="publish-quote" disabled=busy on:click=move |_| send(false)>
                {qt(|t| t.publish)}
            </button>
        </section>
    }
}
