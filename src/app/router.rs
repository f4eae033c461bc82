//! Moving around the app: a thin, `Copy` handle over `leptos_router`'s navigation, and the
//! path parameters of the current route. The route table itself is in [`super::routes`].

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

type NavigateFn = Arc<dyn Fn(&str, NavigateOptions)>;

/// Navigation for event handlers and effects (the router's own function is not `Copy`).
#[derive(Clone, Copy)]
pub struct Nav(StoredValue<NavigateFn, LocalStorage>);

impl Nav {
    /// Goes to an in-app path, adding a history entry (no page load).
    pub fn navigate(&self, to: &str) {
        self.0.with_value(|go| go(to, NavigateOptions::default()));
    }

    /// Goes to an in-app path in place of the current entry (redirects).
    pub fn replace(&self, to: &str) {
        self.0.with_value(|go| {
            go(
                to,
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            )
        });
    }
}

/// The navigation handle; call it inside the `<Router>`.
pub fn use_router() -> Nav {
    let go = use_navigate();
    Nav(StoredValue::new_local(Arc::new(go)))
}

/// A path parameter of the current route (`:id`), empty when absent; follows navigation.
pub fn param(name: &'static str) -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get(name).unwrap_or_default())
}
