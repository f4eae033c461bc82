//! The lazily loaded units: every screen outside the main module belongs to one lazy route
//! type per section ([`Unit`]), whose view (and everything only it uses) is split into its own
//! wasm chunk at build time (`#[lazy_route]`, see `.ci/build-spa`). All routes of a section
//! share their unit; the unit draws the screen of the path it was opened on.
//! [`preload`] fetches a section's chunks ahead of use.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use leptos_router::{lazy_route, LazyRoute};

use super::pages;
use super::pages::not_found::NotFound;
use super::router::param;
use crate::domain::sections::{Screen, Section, Unit};

/// A lazy unit: which of its screens to draw is read from the path when the route matches
/// (before the chunk arrives), and so is the `:id` parameter; the view re-renders when the
/// parameter changes under the same route.
macro_rules! lazy_unit {
    ($(#[$doc:meta])* $name:ident, |$screen:ident, $id:ident| $body:expr) => {
        $(#[$doc])*
        pub struct $name {
            screen: Option<Screen>,
            id: Memo<String>,
        }

        #[lazy_route]
        impl LazyRoute for $name {
            fn data() -> Self {
                let path = use_location().pathname.get_untracked();
                Self {
                    screen: Screen::for_path(&path),
                    id: param("id"),
                }
            }

            fn view(this: Self) -> AnyView {
                let (screen, id) = (this.screen, this.id);
                (move || {
                    #[allow(unused_variables)]
                    let $id = id.get();
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
    CrewForms,
    |screen, id| match screen {
        Some(Screen::NewEntry) => view! { <pages::diary::form::NewEntryPage project_id=id/> }.into_any(),
        Some(Screen::EditEntry) => view! { <pages::diary::form::EditEntryPage entry_id=id/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
);
lazy_unit!(
    /// `/outbox`: the demo message outbox.
    Outbox,
    |screen, id| view! { <pages::outbox::OutboxPage/> }
);
lazy_unit!(
    /// `/care/projects/:id/progress`: node inspections.
    Care,
    |screen, id| view! { <pages::inspections::progress::ProgressPage project_id=id/> }
);
lazy_unit!(
    /// `/quotes/projects/:id` (a project's revisions) and `/quotes/:id` (one revision and its
    /// confirmation).
    Quotes,
    |screen, id| match screen {
        Some(Screen::Quote) => view! { <pages::quotes::quote::QuotePage quote_id=id/> }.into_any(),
        _ => view! { <pages::quotes::quote::QuotesPage project_id=id/> }.into_any(),
    }
);
lazy_unit!(
    /// `/service/…`: the homeowner's service items, the three forms and one item.
    Service,
    |screen, id| match screen {
        Some(Screen::NewClaim) => view! { <pages::service::forms::ClaimFormPage project_id=id/> }.into_any(),
        Some(Screen::NewCallback) => view! { <pages::service::forms::CallbackFormPage project_id=id/> }.into_any(),
        Some(Screen::NewComplaint) => view! { <pages::service::forms::ComplaintFormPage project_id=id/> }.into_any(),
        Some(Screen::ServiceItem) => view! { <pages::service::item::ItemPage item_id=id staff=false/> }.into_any(),
        _ => view! { <pages::service::hub::ServiceHubPage project_id=id/> }.into_any(),
    }
);
lazy_unit!(
    /// `/feedback/projects/:id`: ratings and surveys of a project.
    Feedback,
    |screen, id| view! { <pages::feedback::project::FeedbackPage project_id=id/> }
);
lazy_unit!(
    /// `/desk/…`: the staff queue, one item, metrics and callback slots.
    Desk,
    |screen, id| match screen {
        Some(Screen::DeskItem) => view! { <pages::service::item::ItemPage item_id=id staff=true/> }.into_any(),
        Some(Screen::Metrics) => view! { <pages::service::desk::MetricsPage/> }.into_any(),
        Some(Screen::Slots) => view! { <pages::service::desk::SlotsPage/> }.into_any(),
        _ => view! { <pages::service::desk::QueuePage/> }.into_any(),
    }
);
lazy_unit!(
    /// `/board` (the quality leaderboard) and `/board/surveys` (survey results, call tasks).
    Board,
    |screen, id| match screen {
        Some(Screen::SurveyResults) => view! { <pages::feedback::board::SurveyResultsPage/> }.into_any(),
        _ => view! { <pages::feedback::board::BoardPage/> }.into_any(),
    }
);
lazy_unit!(
    /// `/console/…`: the inspector's screen, the quote editor, the checklists.
    Console,
    |screen, id| match screen {
        Some(Screen::Inspect) => view! { <pages::inspections::record::InspectPage project_id=id/> }.into_any(),
        Some(Screen::QuoteEditor) => view! { <pages::quotes::editor::QuoteEditorPage project_id=id/> }.into_any(),
        Some(Screen::Checklists) => view! { <pages::inspections::checklists::ChecklistsPage/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
);

lazy_unit!(
    /// `/account/security`: the second sign-in factor of staff and admins.
    Account,
    |screen, id| view! { <pages::auth::security::SecurityPage/> }
);

/// Fetches (and compiles) every chunk of a section without showing it.
pub async fn preload(section: Section) {
    for unit in Unit::of_section(section) {
        match unit {
            Unit::CrewForms => CrewForms::preload().await,
            Unit::Outbox => Outbox::preload().await,
            Unit::Care => Care::preload().await,
            Unit::Quotes => Quotes::preload().await,
            Unit::Service => Service::preload().await,
            Unit::Feedback => Feedback::preload().await,
            Unit::Desk => Desk::preload().await,
            Unit::Board => Board::preload().await,
            Unit::Console => Console::preload().await,
            Unit::Account => Account::preload().await,
        }
    }
}
