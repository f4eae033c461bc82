//! One day of the diary as the timeline shows it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::api::{self, ApiError};
use crate::app::components::loaded::loaded;
use crate::app::i18n::{tx, use_texts};
use crate::app::pages::photos::viewer::ViewerState;
use crate::domain::diary::{DiaryEntry, DiaryRevision};

/// A diary entry card: date, weather, work, trades, materials, problems, photos, author.
/// Tapping a thumbnail opens the viewer; tapping "edited" shows the edit history.
#[component]
pub fn EntryCard(entry: DiaryEntry, viewer: RwSignal<Option<ViewerState>>) -> impl IntoView {
    let t = use_texts();
    let date = entry.entry_date;
    let weather = entry.weather;
    let total: u32 = entry.trades.iter().map(|tc| tc.headcount).sum();
    let trades = entry.trades.clone();
    let photos = StoredValue::new(entry.photos.clone());
    let show_history = RwSignal::new(false);
    let history = RwSignal::new(None::<Result<Vec<DiaryRevision>, ApiError>>);
    let entry_id = entry.id.clone();

    let toggle_history = move |_| {
        show_history.update(|s| *s = !*s);
        if show_history.get_untracked() && history.get_untracked().is_none() {
            let id = entry_id.clone();
            spawn_local(async move {
                let result = api::diary::history(&id).await;
                history.try_set(Some(result));
            });
        }
    };

    view! {
        <article class="card entry-card" data-testid="entry-card" data-entry-id=entry.id.clone() data-date=date.to_string()>
            <header class="entry-head">
                <h2 class="entry-date" data-testid="entry-date">{move || (t().date)(date)}</h2>
                <span class="chip" data-testid="entry-weather">{move || t().label(weather)}</span>
            </header>
            <section class="entry-section">
                <h3>{tx(|t| t.work_done_label)}</h3>
                <p class="prewrap" data-testid="entry-work">{entry.work_done.clone()}</p>
            </section>
            {(!trades.is_empty()).then(|| view! {
                <section class="entry-section">
                    <h3>
                        {tx(|t| t.trades_label)}
                        <span class="muted" data-testid="entry-headcount">" · " {move || (t().people_total)(total)}</span>
                    </h3>
                    <ul class="trade-list">
                        {trades.into_iter().map(|tc| view! {
                            <li class="chip">{move || t().label(tc.trade)} " " <strong>{move || (t().people)(tc.headcount)}</strong></li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {(!entry.materials.is_empty()).then(|| view! {
                <section class="entry-section">
                    <h3>{tx(|t| t.materials_label)}</h3>
                    <p class="prewrap" data-testid="entry-materials">{entry.materials.clone()}</p>
                </section>
            })}
            {(!entry.problems.is_empty()).then(|| view! {
                <section class="entry-section problems" data-testid="entry-problems">
                    <h3>{tx(|t| t.problems_label)}</h3>
                    <p class="prewrap">{entry.problems.clone()}</p>
                </section>
            })}
            {(!entry.photos.is_empty()).then(|| view! {
                <ul class="thumb-grid" aria-label=tx(|t| t.photos_label)>
                    {entry.photos.iter().enumerate().map(|(i, p)| view! {
                        <li>
                            <button
                                type="button"
                                class="thumb"
                                data-testid="thumbnail"
                                on:click=move |_| viewer.set(Some(ViewerState { photos: photos.get_value(), index: i }))
                            >
                                <img src=p.thumb_url.clone() alt=tx(|t| t.photo_alt) loading="lazy" decoding="async"/>
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <footer class="entry-foot">
                <span class="muted" data-testid="entry-author">{tx(|t| t.author_label)} " " {entry.author_name.clone()}</span>
                {(entry.revision_count > 0).then(|| view! {
                    <button type="button" class="link-button" data-testid="entry-edited" aria-expanded=move || show_history.get().to_string() on:click=toggle_history>
                        {tx(|t| t.edited)}
                    </button>
                })}
                {entry.can_edit.then(|| view! {
                    <a class="btn btn-small btn-secondary" data-testid="entry-edit" href=format!("/diary/{}/edit", entry.id)>{tx(|t| t.edit)}</a>
                })}
            </footer>
            <Show when=move || show_history.get()>
                <section class="history" data-testid="entry-history">
                    <h3>{tx(|t| t.history_title)}</h3>
                    {move || match loaded(history.get()) {
                        Err(wait) => wait,
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t().history_empty}</p> }.into_any(),
                        Ok(list) => view! {
                            <ol class="history-list">
                                {list.into_iter().map(|r| view! {
                                    <li data-testid="history-item">
                                        <div class="muted small">
                                            {(t().revision)(r.revision)} " · " {t().replaced_at} " " {(t().date_time)(r.replaced_at)}
                                        </div>
                                        <p class="prewrap">{r.content.work_done.clone()}</p>
                                        {(!r.content.problems.is_empty()).then(|| view! {
                                            <p class="prewrap problems-text">{r.content.problems.clone()}</p>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                    }}
                </section>
            </Show>
        </article>
    }
}
