//! The one router of the app: every screen is a route of one `leptos_router` `<Router>`;
//! the main module's screens render at once, the other sections are lazy routes
//! ([`super::sections`]). Also the sign-in redirects and the idle prefetch of the sections
//! the signed-in role is likely to open.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{path, Lazy};
use wasm_bindgen::JsCast;

use super::api::get_file;
use super::components::header::Header;
use super::components::spinner::Spinner;
use super::pages::auth::login::LoginPage;
use super::pages::diary::timeline::TimelinePage;
use super::pages::not_found::NotFound;
use super::pages::projects::ProjectsPage;
use super::router::{param, use_router};
use super::sections as s;
use super::use_session;
use crate::domain::auth::Role;
use crate::domain::sections::{is_public, Section, Unit};

/// The one router of the app around its screens.
#[component]
pub fn AppRouter() -> impl IntoView {
    view! {
        <Router>
            <AppRoutes/>
        </Router>
    }
}

/// The header, the current route's screen, and the router's helpers.
#[component]
fn AppRoutes() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    // A protected screen is drawn unless the server has said nobody is signed in (then the
    // guard below is already on its way to the sign-in page).
    let may_show =
        move || is_public(&location.pathname.get()) || session.signed_in() != Some(false);
    view! {
            <Header/>
            <main class="page" id="main">
                <Show when=may_show fallback=|| view! { <Spinner/> }>
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=Spinner/>
                        <Route path=path!("/login") view=LoginPage/>
                        <Route path=path!("/outbox") view={Lazy::<s::Outbox>::new()}/>
                        <Route path=path!("/projects") view=ProjectsPage/>
                        <Route path=path!("/account/security") view={Lazy::<s::Account>::new()}/>
                        <Route path=path!("/account/agreement") view={Lazy::<s::Account>::new()}/>
                        <Route path=path!("/projects/:id") view=Timeline/>
                        <Route path=path!("/projects/:id/diary/new") view={Lazy::<s::CrewForms>::new()}/>
                        <Route path=path!("/diary/:id/edit") view={Lazy::<s::CrewForms>::new()}/>
                        <Route path=path!("/care/projects/:id/progress") view={Lazy::<s::Care>::new()}/>
                        // One route per section: its unit reads the screen and the id from the path.
                        <Route path=path!("/quotes/*rest") view={Lazy::<s::Quotes>::new()}/>
                        <Route path=path!("/service/*rest") view={Lazy::<s::Service>::new()}/>
                        <Route path=path!("/feedback/projects/:id") view={Lazy::<s::Feedback>::new()}/>
                        <Route path=path!("/desk/*rest") view={Lazy::<s::Desk>::new()}/>
                        <Route path=path!("/board/*rest") view={Lazy::<s::Board>::new()}/>
                        <Route path=path!("/console/*rest") view={Lazy::<s::Console>::new()}/>
                    </Routes>
                </Show>
            </main>
            <Guard/>
            <Prefetch/>
    }
}

/// `/projects/:id`: the diary timeline.
#[component]
fn Timeline() -> impl IntoView {
    let id = param("id");
    move || view! { <TimelinePage project_id=id.get()/> }
}

/// The homeowner's privacy agreement screen.
const AGREEMENT: &str = "/account/agreement";

/// Redirects: signed-out visitors of a protected screen go to sign-in (which brings them
/// back), a homeowner who has not accepted the privacy agreement goes to it (which brings them
/// back too), and `/` goes to the projects or the sign-in page.
#[component]
fn Guard() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let nav = use_router();
    Effect::new(move |_| {
        let path = location.pathname.get();
        let asked = || {
            let asked = format!("{path}{}", location.search.get_untracked());
            String::from(js_sys::encode_uri_component(&asked))
        };
        // A homeowner who has not accepted the privacy agreement in force sees it first.
        let agreement_due = session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.agreement_due));
        match (path.as_str(), session.signed_in()) {
            (p, Some(true)) if agreement_due && !is_public(p) && !p.starts_with(AGREEMENT) => {
                let next = if p == "/" {
                    String::new()
                } else {
                    format!("?next={}", asked())
                };
                nav.replace(&format!("{AGREEMENT}{next}"));
            }
            ("/", Some(true)) => nav.replace("/projects"),
            ("/", Some(false)) => nav.replace("/login"),
            (p, Some(false)) if !is_public(p) => nav.replace(&format!("/login?next={}", asked())),
            _ => {}
        }
    });
}

/// Once someone is signed in and the first screen has settled, downloads the chunks of the
/// sections their role is likely to open next into the browser's cache (`<link
/// rel="prefetch">`, idle priority), so that moving there later needs no download. Only the
/// download: compiling and starting a chunk waits until its section opens, so the prefetch
/// puts no work on the main thread while the first screen is in use.
#[component]
fn Prefetch() -> impl IntoView {
    let session = use_session();
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(role) = session.me.with(|m| m.as_ref().map(|m| m.role)) else {
            return;
        };
        if started.get_value() {
            return;
        }
        started.set_value(true);
        spawn_local(async move {
            // Let the first screen's data and pictures go first.
            TimeoutFuture::new(1_200).await;
            prefetch(role).await;
        });
    });
}

/// Adds a prefetch hint for every file of the role's likely sections that the page does not
/// already name (the build's `routes.json` lists each lazy unit's files, its own chunk first).
async fn prefetch(role: Role) {
    let document = leptos::prelude::document();
    let Some(folder) = document
        .query_selector(r#"link[rel="modulepreload"]"#)
        .ok()
        .flatten()
        .and_then(|l| l.get_attribute("href"))
        .and_then(|href| href.rsplit_once('/').map(|(dir, _)| dir.to_string()))
    else {
        return;
    };
    let Some(files) = get_file(&format!("{folder}/routes.json")).await else {
        return;
    };
    let Ok(Some(head)) = document.query_selector("head") else {
        return;
    };
    let units = Section::prefetch_for(role)
        .iter()
        .flat_map(|section| Unit::of_section(*section));
    for unit in units {
        let list = js_sys::Reflect::get(&files, &unit.name().into()).unwrap_or_default();
        let Ok(list) = list.dyn_into::<js_sys::Array>() else {
            continue;
        };
        for file in list.iter().filter_map(|f| f.as_string()) {
            prefetch_file(&document, &head, &format!("{folder}/{file}"));
        }
    }
}

/// One prefetch hint, unless the page already names the file (a preload of the screen, or a
/// file two sections share) or the name is odd.
fn prefetch_file(document: &web_sys::Document, head: &web_sys::Element, href: &str) {
    let named = document
        .query_selector(&format!(r#"link[href="{href}"]"#))
        .ok()
        .flatten()
        .is_some();
    if named || href.contains('"') {
        return;
    }
    if let Ok(link) = document.create_element("link") {
        let _ = link.set_attribute("rel", "prefetch");
        let _ = link.set_attribute("href", href);
        let _ = head.append_child(&link);
    }
}
