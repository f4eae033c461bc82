//! The lazily loaded units: every screen outside the main module belongs to one lazy route
//! type per section ([`Unit`]), whose view (and everything only it uses) is split into its own
//! wasm chunk at build time (`#[lazy_route]`, see `.ci/build-spa`). All routes of a section
//! share their unit; the unit draws the screen of the path it was opened on.
//! The router prefetches a section's chunk files ahead of use (`routes.rs`).

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use leptos_router::{lazy_route, LazyRoute};

use super::pages;
use super::pages::not_found::NotFound;
use crate::domain::sections::{Screen, Section, Unit};

/// A lazy unit: which of its screens to draw and the `:id` it names are read from the path
/// (the route of a section is a wildcard, `/service/*rest`, so one route draws all of its
/// screens), as soon as the route matches (before the chunk arrives); the view re-renders
/// when either changes under the same route. An address under the section that names none of
/// its screens draws the not-found screen; while the app is leaving the unit for a path of
/// another route, the unit keeps what it showed.
macro_rules! lazy_unit {
    ($(#[$doc:meta])* $name:ident ($unit:ident in $section:ident), |$screen:ident, $id:ident| $body:expr) => {
        $(#[$doc])*
        pub struct $name {
            at: Memo<Option<(Screen, String)>>,
        }

        #[lazy_route]
        impl LazyRoute for $name {
            fn data() -> Self {
                let pathname = use_location().pathname;
                Self {
                    at: Memo::new(move |prev: Option<&Option<(Screen, String)>>| {
                        pathname.with(|p| match Screen::with_id(p) {
                            Some((s, id)) if s.unit() == Unit::$unit => Some((s, id.to_string())),
                            _ if Section::$section == Section::Main
                                || Section::for_path(p) != Section::$section =>
                            {
                                prev.cloned().flatten()
                            }
                            _ => None,
                        })
                    }),
                }
            }

            fn view(this: Self) -> AnyView {
                let at = this.at;
                (move || {
                    let (screen, id) = match at.get() {
                        Some((s, id)) => (Some(s), id),
                        None => (None, String::new()),
                    };
                    #[allow(unused_variables)]
                    let $id = id;
                    #[allow(unused_variables)]
                    let $screen = screen;
                    $body
                })
                .into_any()
            }
        }
    };
}

lazy_unit!(
    /// The crew's diary forms: `/projects/:id/diary/new` (with the uploader) and
    /// `/diary/:id/edit`.
    CrewForms(CrewForms in Main),
    |screen, id| match screen {
        Some(Screen::NewEntry) => view! { <pages::diary::form::NewEntryPage project_id=id/> }.into_any(),
        Some(Screen::EditEntry) => view! { <pages::diary::form::EditEntryPage entry_id=id/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
);
lazy_unit!(
    /// `/outbox`: the demo message outbox.
    Outbox(Outbox in Main),
    |screen, id| match screen {
        Some(Screen::Outbox) => view! { <pages::outbox::OutboxPage/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
);
lazy_unit!(
    /// `/care/projects/:id/progress`: node inspections.
    Care(Care in Care),
    |screen, id| match screen {
        Some(Screen::Progress) => view! { <pages::inspections::progress::ProgressPage project_id=id/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
);
lazy_unit!(
    /// `/quotes/projects/:id` (a project's revisions) and `/quotes/:id` (one revision and its
    /// confirmation).
    Quotes(Quotes in Quotes),
    |screen, id| match screen {
        Some(Screen::Quote) => view! { <pages::quotes::quote::QuotePage quote_id=id/> }.into_any(),
        Some(Screen::QuoteList) => view! { <pages::quotes::quote::QuotesPage project_id=id/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
);
lazy_unit!(
    /// `/service/…`: the homeowner's service items, the three forms and one item.
    Service(Service in Service),
    |screen, id| match screen {
        Some(Screen::NewClaim) => view! { <pages::service::forms::ClaimFormPage project_id=id/> }.into_any(),
        Some(Screen::NewCallback) => view! { <pages::service::forms::CallbackFormPage project_id=id/> }.into_any(),
        Some(Screen::NewComplaint) => view! { <pages::service::forms::ComplaintFormPage project_id=id/> }.into_any(),
        Some(Screen::ServiceItem) => view! { <pages::service::item::ItemPage item_id=id staff=false/> }.into_any(),
        Some(Screen::ServiceHub) => view! { <pages::service::hub::ServiceHubPage project_id=id/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
);
lazy_unit!(
    /// `/feedback/projects/:id`: ratings and surveys of a project.
    Feedback(Feedback in Feedback),
    |screen, id| match screen {
        Some(Screen::Feedback) => view! { <pages::feedback::project::FeedbackPage project_id=id/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
);
lazy_unit!(
    /// `/desk/…`: the staff queue, one item, metrics and callback slots.
    Desk(Desk in Desk),
    |screen, id| match screen {
        Some(Screen::DeskItem) => view! { <pages::service::item::ItemPage item_id=id staff=true/> }.into_any(),
        Some(Screen::Metrics) => view! { <pages::service::desk::MetricsPage/> }.into_any(),
        Some(Screen::Slots) => view! { <pages::service::desk::SlotsPage/> }.into_any(),
        Some(Screen::Queue) => view! { <pages::service::desk::QueuePage/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
);
lazy_unit!(
    /// `/board` (the quality leaderboard) and `/board/surveys` (survey results, call tasks).
    Board(Board in Board),
    |screen, id| match screen {
        Some(Screen::SurveyResults) => view! { <pages::feedback::board::SurveyResultsPage/> }.into_any(),
        Some(Screen::Board) => view! { <pages::feedback::board::BoardPage/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
);
lazy_unit!(
    /// `/console/…`: the inspector's screen, the quote editor, the checklists, and the
    /// project set-up forms.
    Console(Console in Console),
    |screen, id| match screen {
        Some(Screen::Inspect) => view! { <pages::inspections::record::InspectPage project_id=id/> }.into_any(),
        Some(Screen::QuoteEditor) => view! { <pages::quotes::editor::QuoteEditorPage project_id=id/> }.into_any(),
        Some(Screen::Checklists) => view! { <pages::inspections::checklists::ChecklistsPage/> }.into_any(),
        Some(Screen::NewProject) => view! { <pages::setup::project_form::NewProjectPage/> }.into_any(),
        Some(Screen::EditProject) => view! { <pages::setup::project_form::EditProjectPage project_id=id/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
);

lazy_unit!(
    /// `/account/security` (the second sign-in factor of staff and admins) and
    /// `/account/agreement` (the homeowner's privacy agreement).
    Account(Account in Main),
    |screen, id| match screen {
        Some(Screen::Security) => view! { <pages::auth::security::SecurityPage/> }.into_any(),
        Some(Screen::Agreement) => view! { <pages::auth::agreement::AgreementPage/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
);
