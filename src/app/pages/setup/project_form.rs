//! `/console/projects/new` (register a project with its homeowner) and
//! `/console/projects/:id/edit` (its crew, owner, dates, stage and details).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::texts::{sx, use_setup_texts, SetupTexts};
use crate::app::api::{self, ApiError};
use crate::app::components::error_banner::ErrorBanner;
use crate::app::components::loaded::loaded;
use crate::app::i18n::use_texts;
use crate::app::router::use_router;
use crate::app::use_session;
use crate::domain::projects::Stage;
use crate::domain::quotes::Fen;
use crate::domain::setup::{
    Choice, NewProjectInput, PersonInput, ProjectFields, ProjectSetup, SetupChoices, MAX_AREA_M2,
};
use crate::domain::versions::Versioned;
use crate::domain::ErrorCode;

/// The form's inputs, as typed.
#[derive(Clone, Copy)]
struct Form {
    title: RwSignal<String>,
    city: RwSignal<String>,
    compound: RwSignal<String>,
    building: RwSignal<String>,
    room: RwSignal<String>,
    layout: RwSignal<String>,
    area: RwSignal<String>,
    contract: RwSignal<String>,
    stage: RwSignal<Stage>,
    start: RwSignal<String>,
    end: RwSignal<String>,
    crew: RwSignal<String>,
    owner: RwSignal<String>,
}

fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

impl Form {
    /// A form holding `f` (or empty, for a new project about to be contracted).
    fn new(f: Option<&ProjectFields>) -> Form {
        let s = |pick: fn(&ProjectFields) -> String| RwSignal::new(f.map(pick).unwrap_or_default());
        Form {
            title: s(|f| f.title.clone()),
            city: s(|f| f.city.clone()),
            compound: s(|f| f.compound.clone()),
            building: s(|f| f.building.clone()),
            room: s(|f| f.room.clone()),
            layout: s(|f| f.layout.clone()),
            area: s(|f| f.area_m2.map(|a| a.to_string()).unwrap_or_default()),
            contract: s(|f| {
                f.contract_fen
                    .map(|c| format!("{}.{:02}", c / 100, c % 100))
                    .unwrap_or_default()
            }),
            stage: RwSignal::new(f.map_or(Stage::Contract, |f| f.stage)),
            start: s(|f| date_text(f.start_date)),
            end: s(|f| date_text(f.planned_end_date)),
            crew: s(|f| f.crew_id.clone().unwrap_or_default()),
            owner: s(|f| f.owner_id.clone().unwrap_or_default()),
        }
    }

    /// The project as the server takes it, checked here first (the server checks again).
    fn fields(&self, t: &SetupTexts) -> Result<ProjectFields, ApiError> {
        let area = match self.area.get_untracked().trim() {
            "" => None,
            a => Some(
                a.parse::<u32>()
                    .ok()
                    .filter(|a| (1..=MAX_AREA_M2).contains(a))
                    .ok_or_else(|| ApiError::Invalid {
                        field: "area_m2",
                        text: t.not_a_number.into(),
                    })?,
            ),
        };
        let contract = match self.contract.get_untracked().trim() {
            "" => None,
            c => Some(
                Fen::parse(&c.replace(',', ""))
                    .filter(|f| f.0 >= 0)
                    .ok_or_else(|| ApiError::Invalid {
                        field: "contract_fen",
                        text: t.not_an_amount.into(),
                    })?
                    .0,
            ),
        };
        let date = |s: RwSignal<String>| s.get_untracked().trim().parse().ok();
        let fields = ProjectFields {
            title: self.title.get_untracked(),
            city: self.city.get_untracked(),
            compound: self.compound.get_untracked(),
            building: self.building.get_untracked(),
            room: self.room.get_untracked(),
            layout: self.layout.get_untracked(),
            area_m2: area,
            contract_fen: contract,
            stage: self.stage.get_untracked(),
            start_date: date(self.start),
            planned_end_date: date(self.end),
            crew_id: Some(self.crew.get_untracked()),
            owner_id: Some(self.owner.get_untracked()),
        };
        Ok(fields.validated()?)
    }
}

/// One labelled text input bound to a signal.
#[component]
fn Field(
    label: fn(&SetupTexts) -> &'static str,
    value: RwSignal<String>,
    name: &'static str,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] max: Option<usize>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{sx(label)}</span>
            <input type=kind.unwrap_or("text") name=name data-testid=format!("setup-{name}")
                maxlength=max.map(|m| m.to_string())
                prop:value=value on:input=move |e| value.set(event_target_value(&e))/>
        </label>
    }
}

/// A labelled choice among the company's crews or staff ("not yet" first).
#[component]
fn Pick(
    label: fn(&SetupTexts) -> &'static str,
    value: RwSignal<String>,
    name: &'static str,
    options: Vec<Choice>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{sx(label)}</span>
            <select name=name data-testid=format!("setup-{name}")
                prop:value=value on:change=move |e| value.set(event_target_value(&e))>
                <option value="">{sx(|t| t.nobody)}</option>
                {options.into_iter().map(|c| {
                    let id = c.id.clone();
                    view! { <option value=c.id selected=move || value.with(|v| *v == id)>{c.name}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// The project's parts of the form (everything but the homeowner).
#[component]
fn ProjectParts(form: Form, choices: SetupChoices) -> impl IntoView {
    let tt = use_texts();
    view! {
        <fieldset class="card stack">
            <legend>{sx(|t| t.project_part)}</legend>
            <Field label=|t| t.title value=form.title name="title" max=60/>
            <div class="row-2">
                <Field label=|t| t.layout value=form.layout name="layout" max=20/>
                <Field label=|t| t.area value=form.area name="area_m2" kind="number"/>
            </div>
            <Field label=|t| t.contract value=form.contract name="contract_fen" kind="text"/>
        </fieldset>
        <fieldset class="card stack">
            <legend>{sx(|t| t.address_part)}</legend>
            <Field label=|t| t.city value=form.city name="city" max=40/>
            <Field label=|t| t.compound value=form.compound name="compound" max=40/>
            <div class="row-2">
                <Field label=|t| t.building value=form.building name="building" max=40/>
                <Field label=|t| t.room value=form.room name="room" max=40/>
            </div>
        </fieldset>
        <fieldset class="card stack">
            <legend>{sx(|t| t.schedule_part)}</legend>
            <label class="field">
                <span>{sx(|t| t.stage)}</span>
                <select name="stage" data-testid="setup-stage"
                    on:change=move |e| if let Some(s) = Stage::parse(&event_target_value(&e)) { form.stage.set(s) }>
                    {Stage::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || form.stage.get() == s>{move || tt().label(s)}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="row-2">
                <Field label=|t| t.start value=form.start name="start_date" kind="date"/>
                <Field label=|t| t.end value=form.end name="planned_end_date" kind="date"/>
            </div>
        </fieldset>
        <fieldset class="card stack">
            <legend>{sx(|t| t.team_part)}</legend>
            <Pick label=|t| t.crew value=form.crew name="crew_id" options=choices.crews/>
            <Pick label=|t| t.owner value=form.owner name="owner_id" options=choices.owners/>
        </fieldset>
    }
}

/// `/console/projects/new`: staff register a project and its homeowner, who is invited.
#[component]
pub fn NewProjectPage() -> impl IntoView {
    let choices = api::load(api::setup::choices());
    view! {
        <section class="stack narrow" data-testid="new-project-page">
            <header class="page-head">
                <h1>{sx(|t| t.new_title)}</h1>
                <a class="btn btn-ghost btn-small" href="/projects">{sx(|t| t.cancel)}</a>
            </header>
            {move || match loaded(choices.get()) {
                Err(wait) => wait,
                Ok(c) => view! { <NewProjectForm choices=c/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn NewProjectForm(choices: SetupChoices) -> impl IntoView {
    let t = use_setup_texts();
    let session = use_session();
    let router = use_router();
    let form = Form::new(None);
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = match form.fields(t()).and_then(|project| {
            let input = NewProjectInput {
                project,
                homeowner: PersonInput {
                    name: name.get_untracked(),
                    phone: phone.get_untracked(),
                },
            };
            input.clone().validated()?;
            Ok(input)
        }) {
            Ok(input) => input,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = api::setup::create(&input).await;
            busy.try_set(false);
            match r {
                Ok(made) => router.navigate(&format!("/projects/{}", made.id)),
                Err(e) => {
                    session.check(&e);
                    error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="stack" data-testid="new-project-form" on:submit=send novalidate>
            <ProjectParts form=form choices=choices/>
            <fieldset class="card stack">
                <legend>{sx(|t| t.homeowner_part)}</legend>
                <p class="muted small">{sx(|t| t.homeowner_hint)}</p>
                <Field label=|t| t.name value=name name="homeowner_name" max=20/>
                <Field label=|t| t.phone value=phone name="homeowner_phone" kind="tel"/>
            </fieldset>
            <ErrorBanner error=error/>
            <button type="submit" class="btn btn-primary btn-block" data-testid="setup-create" disabled=move || busy.get()>
                {sx(|t| t.create)}
            </button>
        </form>
    }
}

/// `/console/projects/:id/edit`: staff change a project (its version guards the edit).
#[component]
pub fn EditProjectPage(project_id: String) -> impl IntoView {
    let id = StoredValue::new(project_id);
    let generation = RwSignal::new(0u32);
    // Set when a save was refused as made from an older copy (the newest is then loaded).
    let stale = RwSignal::new(false);
    let choices = api::load(api::setup::choices());
    view! {
        <section class="stack narrow" data-testid="edit-project-page">
            <header class="page-head">
                <h1>{sx(|t| t.edit_title)}</h1>
                <a class="btn btn-ghost btn-small" href=move || format!("/projects/{}", id.get_value())>{sx(|t| t.cancel)}</a>
            </header>
            {move || {
                generation.track();
                let project = api::load(async move { api::setup::get_one(&id.get_value()).await });
                view! {
                    {move || match (loaded(choices.get()), loaded(project.get())) {
                        (Err(wait), _) | (_, Err(wait)) => wait,
                        (Ok(c), Ok(p)) => view! { <EditProjectForm project=p choices=c generation=generation stale=stale/> }.into_any(),
                    }}
                }
            }}
        </section>
    }
}

#[component]
fn EditProjectForm(
    project: ProjectSetup,
    choices: SetupChoices,
    generation: RwSignal<u32>,
    stale: RwSignal<bool>,
) -> impl IntoView {
    let t = use_setup_texts();
    let session = use_session();
    let form = Form::new(Some(&project.project));
    let version = RwSignal::new(project.version);
    let id = StoredValue::new(project.id.clone());
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let value = match form.fields(t()) {
            Ok(v) => v,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let input = Versioned {
            version: Some(version.get_untracked()),
            value,
        };
        busy.set(true);
        saved.set(false);
        stale.set(false);
        error.set(None);
        spawn_local(async move {
            let r = api::setup::save(&id.get_value(), &input).await;
            busy.try_set(false);
            match r {
                Ok(now) => {
                    version.try_set(now.version);
                    saved.try_set(true);
                }
                Err(e) if e.code() == Some(ErrorCode::StaleRevision) => {
                    stale.try_set(true);
                    generation.try_update(|g| *g += 1);
                }
                Err(e) => {
                    session.check(&e);
                    error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="stack" data-testid="edit-project-form" on:submit=send novalidate>
            <p class="muted" data-testid="setup-homeowner">
                {sx(|t| t.homeowner_is)}": "{project.homeowner_masked.clone()}" · "{project.homeowner_phone_masked.clone()}
            </p>
            {move || stale.get().then(|| view! { <p class="notice" role="status">{sx(|t| t.stale)}</p> })}
            <ProjectParts form=form choices=choices/>
            <ErrorBanner error=error/>
            {move || saved.get().then(|| view! { <p class="notice" role="status" data-testid="setup-saved">{sx(|t| t.saved)}</p> })}
            <button type="submit" class="btn btn-primary btn-block" data-testid="setup-save" disabled=move || busy.get()>
                {sx(|t| t.save)}
            </button>
        </form>
    }
}
