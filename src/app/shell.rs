//! The app's shell: the browser entry point, the signed-in session shared by every page, and
//! the root component.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::api::{self, ApiError};
use super::{i18n, routes};
use crate::domain::auth::{Me, Role};

/// Browser entry point: readable panics in the console, then the app mounted on `<body>` in
/// place of the static shell the page painted before the wasm arrived.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
    // The app now draws the same header and column; the shell has served its purpose.
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
}

/// Who is signed in, shared by every page; `checked` turns true once the server has said.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    pub checked: RwSignal<bool>,
}

impl Session {
    /// Is the signed-in person staff or an admin (reactive)?
    pub fn is_staff(&self) -> bool {
        self.me.with(|m| {
            m.as_ref()
                .is_some_and(|m| matches!(m.role, Role::Staff | Role::Admin))
        })
    }

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

/// The user the server put into the page it served (`<script type="application/json"
/// id="session">`): known before the first render, so no screen waits for `/auth/me`.
/// `Some(None)`: the server said nobody is signed in; `None`: the page carries no answer.
fn session_from_page() -> Option<Option<Me>> {
    let text = document().get_element_by_id("session")?.text_content()?;
    serde_json::from_str::<Option<Me>>(&text).ok()
}

/// The whole app: language, session, and the router with its screens.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    let from_page = session_from_page();
    let session = Session {
        me: RwSignal::new(from_page.clone().flatten()),
        checked: RwSignal::new(from_page.is_some()),
    };
    provide_context(session);
    if from_page.is_none() {
        spawn_local(async move {
            if let Ok(me) = api::auth::me().await {
                session.me.set(Some(me));
            }
            session.checked.set(true);
        });
    }
    view! { <routes::AppRouter/> }
}
