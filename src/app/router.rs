//! A small client-side router: the portal's routes, browser history and in-app links.
//!
//! Hand-rolled instead of `leptos_router` to stay within the first-load size budget: the
//! route table is a `match` on path segments, links are plain `<a href="/...">` elements.
//! The app ships as several bundles ([`Bundle`]); a link within the running bundle moves
//! through history, a link to another bundle is an ordinary page load.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::domain::bundles::Bundle;

/// The screens of the portal, with their path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// `/`: sends signed-in users on to their projects.
    Home,
    /// `/login`
    Login,
    /// `/outbox` (demo message outbox; signed-out too)
    Outbox,
    /// `/projects`
    Projects,
    /// `/projects/:id`: the diary timeline.
    Project(String),
    /// `/projects/:id/diary/new`
    NewEntry(String),
    /// `/diary/:entry_id/edit`
    EditEntry(String),
    /// `/care/projects/:id/progress`: node inspections.
    Progress(String),
    /// `/quotes/projects/:id`: a project's quote revisions.
    Quotes(String),
    /// `/quotes/:id`: one revision.
    Quote(String),
    /// `/console/projects/:id/inspections`: the inspector's screen.
    Inspect(String),
    /// `/console/projects/:id/quotes/new`: staff publish a revision.
    QuoteEditor(String),
    /// `/console/checklists`: the admin edits the company's checklists.
    Checklists,
    /// `/service/projects/:id`: the homeowner's service items.
    ServiceHub(String),
    /// `/service/projects/:id/claim`
    NewClaim(String),
    /// `/service/projects/:id/callback`
    NewCallback(String),
    /// `/service/projects/:id/complaint`
    NewComplaint(String),
    /// `/service/items/:id`: one item, for the homeowner.
    ServiceItem(String),
    /// `/desk/queue`: the staff queue.
    Queue,
    /// `/desk/items/:id`: one item, for staff.
    DeskItem(String),
    /// `/desk/metrics`
    Metrics,
    /// `/desk/slots`
    Slots,
    /// `/feedback/projects/:id`: ratings and surveys of a project.
    Feedback(String),
    /// `/board`: the quality leaderboard.
    Board,
    /// `/board/surveys`: survey results and call tasks.
    SurveyResults,
    NotFound,
}

impl Page {
    /// The page for a path (query and fragment already removed).
    pub fn parse(path: &str) -> Page {
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segs.as_slice() {
            [] => Page::Home,
            ["login"] => Page::Login,
            ["outbox"] => Page::Outbox,
            ["projects"] => Page::Projects,
            ["projects", id] => Page::Project(id.to_string()),
            ["projects", id, "diary", "new"] => Page::NewEntry(id.to_string()),
            ["diary", id, "edit"] => Page::EditEntry(id.to_string()),
            ["care", "projects", id, "progress"] => Page::Progress(id.to_string()),
            ["quotes", "projects", id] => Page::Quotes(id.to_string()),
            ["quotes", id] => Page::Quote(id.to_string()),
            ["console", "projects", id, "inspections"] => Page::Inspect(id.to_string()),
            ["console", "projects", id, "quotes", "new"] => Page::QuoteEditor(id.to_string()),
            ["console", "checklists"] => Page::Checklists,
            ["service", "projects", id] => Page::ServiceHub(id.to_string()),
            ["service", "projects", id, "claim"] => Page::NewClaim(id.to_string()),
            ["service", "projects", id, "callback"] => Page::NewCallback(id.to_string()),
            ["service", "projects", id, "complaint"] => Page::NewComplaint(id.to_string()),
            ["service", "items", id] => Page::ServiceItem(id.to_string()),
            ["desk"] | ["desk", "queue"] => Page::Queue,
            ["desk", "items", id] => Page::DeskItem(id.to_string()),
            ["desk", "metrics"] => Page::Metrics,
            ["desk", "slots"] => Page::Slots,
            ["feedback", "projects", id] => Page::Feedback(id.to_string()),
            ["board"] => Page::Board,
            ["board", "surveys"] => Page::SurveyResults,
            _ => Page::NotFound,
        }
    }

    /// Pages only a signed-in user may see (others are sent to `/login`).
    pub fn needs_sign_in(&self) -> bool {
        !matches!(self, Page::Login | Page::Outbox | Page::NotFound)
    }
}

/// The current location and the way to move; `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct Router {
    path: RwSignal<String>,
    page: Memo<Page>,
    bundle: Bundle,
}

fn current_path() -> String {
    window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".into())
}

impl Router {
    /// The page the address bar shows.
    pub fn page(&self) -> Page {
        self.page.get()
    }

    /// Goes to an in-app path, adding a history entry.
    pub fn navigate(&self, to: &str) {
        self.go(to, false);
    }

    /// Goes to an in-app path in place of the current entry (redirects).
    pub fn replace(&self, to: &str) {
        self.go(to, true);
    }

    fn go(&self, to: &str, replace: bool) {
        if Bundle::for_path(to) != self.bundle {
            // Another bundle's page: let the browser load it.
            let location = window().location();
            let _ = if replace {
                location.replace(to)
            } else {
                location.set_href(to)
            };
            return;
        }
        if let Ok(history) = window().history() {
            let _ = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(to))
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(to))
            };
        }
        if !replace {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        self.path.set(current_path());
    }
}

/// Is this a plain left click on a link into this bundle that the router should handle?
fn in_app_href(e: &ev::MouseEvent, bundle: Bundle) -> Option<String> {
    if e.default_prevented()
        || e.button() != 0
        || e.ctrl_key()
        || e.meta_key()
        || e.shift_key()
        || e.alt_key()
    {
        return None;
    }
    let target: web_sys::Element = e.target()?.dyn_into().ok()?;
    let link = target.closest("a[href]").ok()??;
    if link.has_attribute("target") || link.has_attribute("download") {
        return None;
    }
    let href = link.get_attribute("href")?;
    let in_app = href.starts_with('/')
        && !href.starts_with("//")
        && !href.starts_with("/api/")
        && Bundle::for_path(&href) == bundle;
    in_app.then_some(href)
}

/// Starts the router of a bundle: follows the back/forward buttons and takes over clicks on
/// links within the bundle.
pub fn provide_router(bundle: Bundle) -> Router {
    let path = RwSignal::new(current_path());
    let router = Router {
        path,
        page: Memo::new(move |_| Page::parse(&path.get())),
        bundle,
    };
    let pop = window_event_listener(ev::popstate, move |_| path.set(current_path()));
    let click = window_event_listener(ev::click, move |e| {
        if let Some(href) = in_app_href(&e, bundle) {
            e.prevent_default();
            router.navigate(&href);
        }
    });
    on_cleanup(move || {
        pop.remove();
        click.remove();
    });
    provide_context(router);
    router
}

/// The router from context (provided by the app root).
pub fn use_router() -> Router {
    use_context::<Router>().unwrap_or_else(|| Router {
        path: RwSignal::new(current_path()),
        page: Memo::new(|_| Page::NotFound),
        bundle: Bundle::Portal,
    })
}
