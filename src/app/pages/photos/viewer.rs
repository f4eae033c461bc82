//! Full-screen photo viewer: large image, previous/next by button, arrow keys or swipe.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use crate::app::i18n::tx;
use crate::domain::photos::PhotoRef;

/// Shortest horizontal swipe, in CSS pixels, that changes the photo.
const SWIPE_MIN: f64 = 40.0;

/// What the viewer shows: the photos of one entry and the one in front.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewerState {
    pub photos: Vec<PhotoRef>,
    pub index: usize,
}

fn step(state: RwSignal<Option<ViewerState>>, forward: bool) {
    state.update(|s| {
        if let Some(s) = s {
            let n = s.photos.len().max(1);
            s.index = if forward {
                (s.index + 1) % n
            } else {
                (s.index + n - 1) % n
            };
        }
    });
}

/// The overlay; shown while `state` holds photos. Escape or the close button ends it.
#[component]
pub fn PhotoViewer(state: RwSignal<Option<ViewerState>>) -> impl IntoView {
    let touch_x = StoredValue::new(None::<f64>);
    let close_ref = NodeRef::<html::Button>::new();
    let is_open = move || state.with(Option::is_some);

    let keys = window_event_listener(ev::keydown, move |e| {
        if state.with_untracked(Option::is_none) {
            return;
        }
        match e.key().as_str() {
            "ArrowLeft" => step(state, false),
            "ArrowRight" => step(state, true),
            "Escape" => state.set(None),
            _ => return,
        }
        e.prevent_default();
    });
    on_cleanup(move || keys.remove());

    // Keep the page behind still, and put the focus in the dialog.
    Effect::new(move |_| {
        let open = is_open();
        if let Some(body) = document().body() {
            let _ = body.class_list().toggle_with_force("no-scroll", open);
        }
        if open {
            if let Some(button) = close_ref.get() {
                let _ = button.focus();
            }
        }
    });
    on_cleanup(|| {
        if let Some(body) = document().body() {
            let _ = body.class_list().remove_1("no-scroll");
        }
    });

    let on_touch_start = move |e: ev::TouchEvent| {
        let x = e.changed_touches().get(0).map(|t| t.client_x() as f64);
        touch_x.set_value(x);
    };
    let on_touch_end = move |e: ev::TouchEvent| {
        let start = touch_x.get_value();
        touch_x.set_value(None);
        if let (Some(start), Some(end)) = (
            start,
            e.changed_touches().get(0).map(|t| t.client_x() as f64),
        ) {
            let dx = end - start;
            if dx.abs() >= SWIPE_MIN {
                step(state, dx < 0.0);
            }
        }
    };

    view! {
        <Show when=is_open>
            <div
                class="viewer"
                role="dialog"
                aria-modal="true"
                aria-label=tx(|t| t.photos_label)
                data-testid="viewer"
                on:touchstart=on_touch_start
                on:touchend=on_touch_end
            >
                <div class="viewer-bar">
                    <span class="viewer-counter" data-testid="viewer-counter">
                        {move || state.with(|s| s.as_ref().map(|s| format!("{} / {}", s.index + 1, s.photos.len())))}
                    </span>
                    <a
                        class="btn btn-small btn-ghost-light"
                        data-testid="viewer-original"
                        target="_blank"
                        rel="noopener"
                        href=move || state.with(|s| s.as_ref().and_then(|s| s.photos.get(s.index)).map(|p| p.original_url.clone()))
                    >
                        {tx(|t| t.view_original)}
                    </a>
                    <button
                        type="button"
                        class="btn btn-small btn-ghost-light"
                        data-testid="viewer-close"
                        node_ref=close_ref
                        on:click=move |_| state.set(None)
                    >
                        {tx(|t| t.close)}
                    </button>
                </div>
                <div class="viewer-stage">
                    <img
                        class="viewer-image"
                        data-testid="viewer-image"
                        alt=tx(|t| t.photo_alt)
                        src=move || state.with(|s| s.as_ref().and_then(|s| s.photos.get(s.index)).map(|p| p.large_url.clone()))
                    />
                    <Show when=move || state.with(|s| s.as_ref().is_some_and(|s| s.photos.len() > 1))>
                        <button
                            type="button"
                            class="viewer-nav viewer-prev"
                            data-testid="viewer-prev"
                            aria-label=tx(|t| t.prev)
                            on:click=move |_| step(state, false)
                        >
                            "‹"
                        </button>
                        <button
                            type="button"
                            class="viewer-nav viewer-next"
                            data-testid="viewer-next"
                            aria-label=tx(|t| t.next)
                            on:click=move |_| step(state, true)
                        >
                            "›"
                        </button>
                    </Show>
                </div>
            </div>
        </Show>
    }
}
