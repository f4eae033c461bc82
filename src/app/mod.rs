//! The browser app: a Leptos single-page app (client-side rendered) for homeowners and crews.
//!
//! Organised by feature: [`api`] talks to the server, [`i18n`] holds every text, [`components`]
//! are shared building blocks, [`router`] maps addresses to [`pages`], the screens.

pub mod api;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod router;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::auth::Me;
use crate::domain::bundles::Bundle;
use api::ApiError;
use components::header::Header;
use components::spinner::Spinner;
use pages::auth::login::LoginPage;
use pages::diary::form::{EditEntryPage, NewEntryPage};
use pages::diary::timeline::TimelinePage;
use pages::inspections::checklists::ChecklistsPage;
use pages::inspections::progress::ProgressPage;
use pages::inspections::record::InspectPage;
use pages::not_found::NotFound;
use pages::outbox::OutboxPage;
use pages::projects::ProjectsPage;
use pages::quotes::editor::QuoteEditorPage;
use pages::quotes::quote::{QuotePage, QuotesPage};
use router::Page;

/// Browser entry point of the `portal` bundle (sign-in, projects, diary: the first load).
pub fn start() {
    mount(Bundle::Portal, portal_pages);
}

/// Browser entry point of the `care` bundle (the homeowner's inspections, quotes …).
pub fn start_care() {
    mount(Bundle::Care, care_pages);
}

/// Browser entry point of the `quotes` bundle (quote revisions and their confirmation).
pub fn start_quotes() {
    mount(Bundle::Quotes, quotes_pages);
}

/// Browser entry point of the `service` bundle (the homeowner's claims, callbacks, complaints).
pub fn start_service() {
    mount(Bundle::Service, service_pages);
}

/// Browser entry point of the `desk` bundle (the staff service queue and metrics).
pub fn start_desk() {
    mount(Bundle::Desk, desk_pages);
}

/// Browser entry point of the `feedback` bundle (ratings, surveys, red list).
pub fn start_feedback() {
    mount(Bundle::Feedback, |page| match page {
        Page::Feedback(id) => {
            view! { <pages::feedback::project::FeedbackPage project_id=id/> }.into_any()
        }
        _ => view! { <NotFound/> }.into_any(),
    });
}

/// Browser entry point of the `board` bundle (the leaderboard and survey results).
pub fn start_board() {
    mount(Bundle::Board, |page| match page {
        Page::Board => view! { <pages::feedback::board::BoardPage/> }.into_any(),
        Page::SurveyResults => view! { <pages::feedback::board::SurveyResultsPage/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    });
}

/// Browser entry point of the `console` bundle (staff screens).
pub fn start_console() {
    mount(Bundle::Console, console_pages);
}

/// Readable panics in the console, then the app mounted on `<body>` with the bundle's pages.
fn mount(bundle: Bundle, pages: fn(Page) -> AnyView) {
    console_error_panic_hook::set_once();
    // The "loading" text of the page has served its purpose.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(move || view! { <App bundle=bundle pages=pages/> });
}

/// The portal bundle's screens; pages of other bundles never reach it (they load their own).
fn portal_pages(page: Page) -> AnyView {
    match page {
        Page::Home => view! { <Spinner/> }.into_any(),
        Page::Login => view! { <LoginPage/> }.into_any(),
        Page::Outbox => view! { <OutboxPage/> }.into_any(),
        Page::Projects => view! { <ProjectsPage/> }.into_any(),
        Page::Project(id) => view! { <TimelinePage project_id=id/> }.into_any(),
        Page::NewEntry(id) => view! { <NewEntryPage project_id=id/> }.into_any(),
        Page::EditEntry(id) => view! { <EditEntryPage entry_id=id/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// The care bundle's screens.
fn care_pages(page: Page) -> AnyView {
    match page {
        Page::Progress(id) => view! { <ProgressPage project_id=id/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// The quotes bundle's screens.
fn quotes_pages(page: Page) -> AnyView {
    match page {
        Page::Quotes(id) => view! { <QuotesPage project_id=id/> }.into_any(),
        Page::Quote(id) => view! { <QuotePage quote_id=id/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// The service bundle's screens.
fn service_pages(page: Page) -> AnyView {
    use pages::service::{forms, hub, item};
    match page {
        Page::ServiceHub(id) => view! { <hub::ServiceHubPage project_id=id/> }.into_any(),
        Page::NewClaim(id) => view! { <forms::ClaimFormPage project_id=id/> }.into_any(),
        Page::NewCallback(id) => view! { <forms::CallbackFormPage project_id=id/> }.into_any(),
        Page::NewComplaint(id) => view! { <forms::ComplaintFormPage project_id=id/> }.into_any(),
        Page::ServiceItem(id) => view! { <item::ItemPage item_id=id staff=false/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// The desk bundle's screens.
fn desk_pages(page: Page) -> AnyView {
    use pages::service::{desk, item};
    match page {
        Page::Queue => view! { <desk::QueuePage/> }.into_any(),
        Page::DeskItem(id) => view! { <item::ItemPage item_id=id staff=true/> }.into_any(),
        Page::Metrics => view! { <desk::MetricsPage/> }.into_any(),
        Page::Slots => view! { <desk::SlotsPage/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// The console bundle's screens.
fn console_pages(page: Page) -> AnyView {
    match page {
        Page::Inspect(id) => view! { <InspectPage project_id=id/> }.into_any(),
        Page::QuoteEditor(id) => view! { <QuoteEditorPage project_id=id/> }.into_any(),
        Page::Checklists => view! { <ChecklistsPage/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// Who is signed in, shared by every page; `checked` turns true once the server has said.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    pub checked: RwSignal<bool>,
}

impl Session {
    /// `None` while still asking the server, then whether someone is signed in.
    pub fn signed_in(&self) -> Option<bool> {
        self.checked.get().then(|| self.me.with(Option::is_some))
    }

    /// Forgets the user when the server says the session has ended, so that protected
    /// routes send them to the sign-in page.
    pub fn check(&self, err: &ApiError) {
        if err.is_unauthenticated() {
            self.me.set(None);
        }
    }
}

/// The session from context (provided by [`App`]).
pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(|| Session {
        me: RwSignal::new(None),
        checked: RwSignal::new(true),
    })
}

/// The whole app of one bundle: language, session, router, header and the page of the
/// current route, drawn by the bundle's `pages`.
#[component]
pub fn App(bundle: Bundle, pages: fn(Page) -> AnyView) -> impl IntoView {
    i18n::provide_i18n();
    let session = Session {
        me: RwSignal::new(None),
        checked: RwSignal::new(false),
    };
    provide_context(session);
    spawn_local(async move {
        if let Ok(me) = api::auth::me().await {
            session.me.set(Some(me));
        }
        session.checked.set(true);
    });
    let router = router::provide_router(bundle);
    let signed_in = Memo::new(move |_| session.signed_in());
    let page = Memo::new(move |_| router.page());

    // Redirects: signed-out visitors of protected pages to sign-in, `/` to the projects.
    Effect::new(move |_| match (page.get(), signed_in.get()) {
        (p, Some(false)) if p.needs_sign_in() => router.replace("/login"),
        (Page::Home, Some(true)) => router.replace("/projects"),
        _ => {}
    });

    let view_page = move || {
        let page = page.get();
        if page.needs_sign_in() && signed_in.get() != Some(true) {
            return view! { <Spinner/> }.into_any();
        }
        pages(page)
    };

    view! {
        <Header/>
        <main class="page">{view_page}</main>
    }
}
