//! The lazily loaded sections: every screen outside the main module is a lazy route whose
//! view (and everything only it uses) is split into its own wasm chunk at build time
//! (`#[lazy_route]`, see `.ci/build-spa`). [`preload`] fetches a section's chunks ahead of use.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::pages;
use super::router::param;
use crate::domain::sections::Section;

/// A lazy screen: its `:id` parameter is read when the route matches (before the chunk
/// arrives); the view re-renders when the parameter changes under the same route.
macro_rules! lazy_screen {
    ($(#[$doc:meta])* $name:ident, |$id:ident| $body:expr) => {
        $(#[$doc])*
        pub struct $name {
            id: Memo<String>,
        }

        #[lazy_route]
        impl LazyRoute for $name {
            fn data() -> Self {
                Self { id: param("id") }
            }

            fn view(this: Self) -> AnyView {
                let id = this.id;
                (move || {
                    #[allow(unused_variables)]
                    let $id = id.get();
                    $body
                })
                .into_any()
            }
        }
    };
}

lazy_screen!(
    /// `/projects/:id/diary/new`: the crew's form for today's entry (with the uploader).
    NewEntry,
    |id| view! { <pages::diary::form::NewEntryPage project_id=id/> }
);
lazy_screen!(
    /// `/diary/:id/edit`
    EditEntry,
    |id| view! { <pages::diary::form::EditEntryPage entry_id=id/> }
);
lazy_screen!(
    /// `/outbox`: the demo message outbox.
    Outbox,
    |id| view! { <pages::outbox::OutboxPage/> }
);
lazy_screen!(
    /// `/care/projects/:id/progress`: node inspections.
    Progress,
    |id| view! { <pages::inspections::progress::ProgressPage project_id=id/> }
);
lazy_screen!(
    /// `/quotes/projects/:id`: a project's quote revisions.
    Quotes,
    |id| view! { <pages::quotes::quote::QuotesPage project_id=id/> }
);
lazy_screen!(
    /// `/quotes/:id`: one revision and its confirmation.
    Quote,
    |id| view! { <pages::quotes::quote::QuotePage quote_id=id/> }
);
lazy_screen!(
    /// `/service/projects/:id`: the homeowner's service items.
    ServiceHub,
    |id| view! { <pages::service::hub::ServiceHubPage project_id=id/> }
);
lazy_screen!(
    /// `/service/projects/:id/claim`
    NewClaim,
    |id| view! { <pages::service::forms::ClaimFormPage project_id=id/> }
);
lazy_screen!(
    /// `/service/projects/:id/callback`
    NewCallback,
    |id| view! { <pages::service::forms::CallbackFormPage project_id=id/> }
);
lazy_screen!(
    /// `/service/projects/:id/complaint`
    NewComplaint,
    |id| view! { <pages::service::forms::ComplaintFormPage project_id=id/> }
);
lazy_screen!(
    /// `/service/items/:id`: one item, for the homeowner.
    ServiceItem,
    |id| view! { <pages::service::item::ItemPage item_id=id staff=false/> }
);
lazy_screen!(
    /// `/feedback/projects/:id`: ratings and surveys of a project.
    Feedback,
    |id| view! { <pages::feedback::project::FeedbackPage project_id=id/> }
);
lazy_screen!(
    /// `/desk` and `/desk/queue`: the staff queue.
    Queue,
    |id| view! { <pages::service::desk::QueuePage/> }
);
lazy_screen!(
    /// `/desk/items/:id`: one item, for staff.
    DeskItem,
    |id| view! { <pages::service::item::ItemPage item_id=id staff=true/> }
);
lazy_screen!(
    /// `/desk/metrics`
    Metrics,
    |id| view! { <pages::service::desk::MetricsPage/> }
);
lazy_screen!(
    /// `/desk/slots`
    Slots,
    |id| view! { <pages::service::desk::SlotsPage/> }
);
lazy_screen!(
    /// `/board`: the quality leaderboard.
    Board,
    |id| view! { <pages::feedback::board::BoardPage/> }
);
lazy_screen!(
    /// `/board/surveys`: survey results and call tasks.
    SurveyResults,
    |id| view! { <pages::feedback::board::SurveyResultsPage/> }
);
lazy_screen!(
    /// `/console/projects/:id/inspections`: the inspector's screen.
    Inspect,
    |id| view! { <pages::inspections::record::InspectPage project_id=id/> }
);
lazy_screen!(
    /// `/console/projects/:id/quotes/new`: staff publish a revision.
    QuoteEditor,
    |id| view! { <pages::quotes::editor::QuoteEditorPage project_id=id/> }
);
lazy_screen!(
    /// `/console/checklists`: the admin edits the company's checklists.
    Checklists,
    |id| view! { <pages::inspections::checklists::ChecklistsPage/> }
);

/// Fetches (and compiles) every chunk of a section without showing it.
pub async fn preload(section: Section) {
    match section {
        // The main module's own screens are there already; its lazy ones are the crew's
        // diary form and the demo outbox.
        Section::Main => {
            NewEntry::preload().await;
            EditEntry::preload().await;
        }
        Section::Care => Progress::preload().await,
        Section::Quotes => {
            Quotes::preload().await;
            Quote::preload().await;
        }
        Section::Service => {
            ServiceHub::preload().await;
            NewClaim::preload().await;
            NewCallback::preload().await;
            NewComplaint::preload().await;
            ServiceItem::preload().await;
        }
        Section::Feedback => Feedback::preload().await,
        Section::Desk => {
            Queue::preload().await;
            DeskItem::preload().await;
            Metrics::preload().await;
            Slots::preload().await;
        }
        Section::Board => {
            Board::preload().await;
            SurveyResults::preload().await;
        }
        Section::Console => {
            Inspect::preload().await;
            QuoteEditor::preload().await;
            Checklists::preload().await;
        }
    }
}
