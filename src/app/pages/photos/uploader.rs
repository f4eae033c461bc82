//! Photo picking and uploading for the diary form.
//!
//! Uploads start as soon as photos are picked, two at a time, each tile showing its own
//! progress, error and a remove button; the entry is posted later with the photo ids.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{File, HtmlInputElement, Url, XmlHttpRequest};

use crate::app::api::{self, ApiError};
use crate::app::i18n::{tx, use_texts, Texts};
use crate::domain::diary::MAX_PHOTOS_PER_ENTRY;
use crate::domain::photos::{PhotoRef, MAX_UPLOAD_BYTES};

/// Uploads running at once (phones on site have thin uplinks).
const PARALLEL: u32 = 2;

/// Where one photo stands.
#[derive(Debug, Clone, PartialEq)]
pub enum TileState {
    Waiting,
    Uploading,
    Done(PhotoRef),
    Failed(ApiError),
}

/// One picked (or already attached) photo.
#[derive(Debug, Clone)]
pub struct Tile {
    pub key: u32,
    /// Preview image: an object URL of the picked file, or the thumbnail of an attached photo.
    pub preview: String,
    /// Was the preview made with `createObjectURL` (and must be revoked)?
    pub object_url: bool,
    /// Attached to the entry before this edit (never deleted from here).
    pub attached: bool,
    pub state: RwSignal<TileState>,
    /// Percent uploaded (an integer keeps float formatting out of the bundle).
    pub progress: RwSignal<u32>,
}

/// The upload queue and its tiles; `Copy` so event handlers and tasks can share it.
#[derive(Clone, Copy)]
pub struct Uploads {
    project_id: StoredValue<String>,
    pub tiles: RwSignal<Vec<Tile>>,
    /// Localized notice from the client-side checks (too many, too big).
    pub notice: RwSignal<Option<String>>,
    queue: StoredValue<Vec<(u32, File)>, LocalStorage>,
    running: StoredValue<Vec<(u32, XmlHttpRequest)>, LocalStorage>,
    active: StoredValue<u32>,
    next_key: StoredValue<u32>,
    posted: StoredValue<bool>,
}

impl Default for Uploads {
    fn default() -> Self {
        Uploads::new()
    }
}

impl Uploads {
    /// A fresh uploader; forgets (and discards) unposted uploads when its owner goes away.
    pub fn new() -> Uploads {
        let up = Uploads {
            project_id: StoredValue::new(String::new()),
            tiles: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            queue: StoredValue::new_local(Vec::new()),
            running: StoredValue::new_local(Vec::new()),
            active: StoredValue::new(0),
            next_key: StoredValue::new(0),
            posted: StoredValue::new(false),
        };
        on_cleanup(move || up.teardown());
        up
    }

    /// The project the photos are uploaded to.
    pub fn set_project(&self, id: String) {
        self.project_id.set_value(id);
    }

    fn key(&self) -> u32 {
        let k = self.next_key.get_value();
        self.next_key.set_value(k + 1);
        k
    }

    /// Shows the photos an entry already has (editing).
    pub fn attach_existing(&self, photos: Vec<PhotoRef>) {
        let tiles: Vec<Tile> = photos
            .into_iter()
            .map(|p| Tile {
                key: self.key(),
                preview: p.thumb_url.clone(),
                object_url: false,
                attached: true,
                state: RwSignal::new(TileState::Done(p)),
                progress: RwSignal::new(100),
            })
            .collect();
        self.tiles.update(|v| v.extend(tiles));
    }

    /// Adds picked files after the client-side checks and starts uploading them.
    pub fn add_files(self, files: Vec<File>, t: &Texts) {
        let mut notices = Vec::new();
        let mut count = self.tiles.with_untracked(Vec::len);
        let mut added = Vec::new();
        for file in files {
            if count >= MAX_PHOTOS_PER_ENTRY {
                notices.push((t.too_many_photos)(MAX_PHOTOS_PER_ENTRY));
                break;
            }
            if file.size() > MAX_UPLOAD_BYTES as f64 {
                notices.push((t.file_too_big)(&file.name()));
                continue;
            }
            let preview = Url::create_object_url_with_blob(&file).unwrap_or_default();
            let key = self.key();
            added.push(Tile {
                key,
                object_url: !preview.is_empty(),
                preview,
                attached: false,
                state: RwSignal::new(TileState::Waiting),
                progress: RwSignal::new(0),
            });
            self.queue.update_value(|q| q.push((key, file)));
            count += 1;
        }
        self.notice
            .set((!notices.is_empty()).then(|| notices.join(" ")));
        self.tiles.update(|v| v.extend(added));
        self.pump();
    }

    fn tile(&self, key: u32) -> Option<Tile> {
        self.tiles
            .try_with_untracked(|v| v.iter().find(|t| t.key == key).cloned())
            .flatten()
    }

    /// Starts queued uploads while fewer than `PARALLEL` run.
    fn pump(self) {
        while self.active.try_get_value().unwrap_or(PARALLEL) < PARALLEL {
            let next = self
                .queue
                .try_update_value(|q| (!q.is_empty()).then(|| q.remove(0)))
                .flatten();
            let Some((key, file)) = next else { break };
            let Some(tile) = self.tile(key) else { continue };
            let Ok(xhr) = XmlHttpRequest::new() else {
                tile.state.set(TileState::Failed(ApiError::Network));
                continue;
            };
            self.active.update_value(|n| *n += 1);
            self.running.update_value(|r| r.push((key, xhr.clone())));
            tile.state.set(TileState::Uploading);
            let project_id = self.project_id.get_value();
            spawn_local(async move {
                let progress = tile.progress;
                let result = api::photos::upload(&project_id, &file, &xhr, move |p| {
                    progress.try_set(p);
                })
                .await;
                self.running
                    .try_update_value(|r| r.retain(|(k, _)| *k != key));
                let kept = self.tile(key).is_some();
                match result {
                    Ok(photo) if kept => {
                        tile.progress.try_set(100);
                        tile.state.try_set(TileState::Done(photo));
                    }
                    // Removed while uploading: the server copy is not wanted.
                    Ok(photo) => {
                        let _ = api::photos::discard(&photo.id).await;
                    }
                    Err(e) if kept => {
                        tile.state.try_set(TileState::Failed(e));
                    }
                    Err(_) => {}
                }
                self.active.try_update_value(|n| *n = n.saturating_sub(1));
                self.pump();
            });
        }
    }

    /// Removes a tile: stops its upload, or discards the uploaded copy.
    pub fn remove(self, key: u32) {
        let Some(tile) = self.tile(key) else { return };
        self.tiles.update(|v| v.retain(|t| t.key != key));
        self.queue.update_value(|q| q.retain(|(k, _)| *k != key));
        self.running.with_value(|r| {
            if let Some((_, xhr)) = r.iter().find(|(k, _)| *k == key) {
                let _ = xhr.abort();
            }
        });
        if tile.object_url {
            let _ = Url::revoke_object_url(&tile.preview);
        }
        if let (TileState::Done(photo), false) = (tile.state.get_untracked(), tile.attached) {
            spawn_local(async move {
                let _ = api::photos::discard(&photo.id).await;
            });
        }
        self.notice.set(None);
    }

    /// Any photo still waiting or uploading?
    pub fn busy(&self) -> bool {
        self.tiles.with(|v| {
            v.iter()
                .any(|t| matches!(t.state.get(), TileState::Waiting | TileState::Uploading))
        })
    }

    /// Any photo that failed (must be removed before posting)?
    pub fn has_failures(&self) -> bool {
        self.tiles.with(|v| {
            v.iter()
                .any(|t| matches!(t.state.get(), TileState::Failed(_)))
        })
    }

    /// Ids of the uploaded photos, in display order.
    pub fn photo_ids(&self) -> Vec<String> {
        self.tiles.with_untracked(|v| {
            v.iter()
                .filter_map(|t| match t.state.get_untracked() {
                    TileState::Done(p) => Some(p.id),
                    _ => None,
                })
                .collect()
        })
    }

    /// The entry was saved with these photos: keep them when the page goes away.
    pub fn mark_posted(&self) {
        self.posted.set_value(true);
    }

    fn teardown(self) {
        let posted = self.posted.try_get_value().unwrap_or(true);
        self.running.try_with_value(|r| {
            for (_, xhr) in r {
                let _ = xhr.abort();
            }
        });
        let tiles = self.tiles.try_get_untracked().unwrap_or_default();
        for tile in tiles {
            if tile.object_url {
                let _ = Url::revoke_object_url(&tile.preview);
            }
            if let (TileState::Done(photo), false, false) = (
                tile.state.try_get_untracked().unwrap_or(TileState::Waiting),
                tile.attached,
                posted,
            ) {
                spawn_local(async move {
                    let _ = api::photos::discard(&photo.id).await;
                });
            }
        }
    }
}

/// Files picked in an `<input type=file>`, which is then cleared so the same photo can be
/// picked again after removing it.
fn picked_files(ev: &leptos::ev::Event) -> Vec<File> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}

/// The photo section of the diary form: pick buttons, tiles and notices.
#[component]
pub fn PhotoUploader(uploads: Uploads) -> impl IntoView {
    let t = use_texts();
    let count = move || uploads.tiles.with(Vec::len);
    let full = move || count() >= MAX_PHOTOS_PER_ENTRY;

    view! {
        <div class="uploader">
            <div class="uploader-buttons">
                <label class="btn btn-secondary" class:disabled=full>
                    <input
                        type="file"
                        class="visually-hidden"
                        accept="image/*"
                        multiple
                        data-testid="photo-input"
                        disabled=full
                        on:change=move |ev| uploads.add_files(picked_files(&ev), t())
                    />
                    {tx(|t| t.pick_photos)}
                </label>
                <label class="btn btn-secondary camera-button" class:disabled=full>
                    <input
                        type="file"
                        class="visually-hidden"
                        accept="image/*"
                        capture="environment"
                        data-testid="photo-camera"
                        disabled=full
                        on:change=move |ev| uploads.add_files(picked_files(&ev), t())
                    />
                    {tx(|t| t.take_photo)}
                </label>
            </div>
            <p class="muted small" data-testid="photo-count">
                {move || (t().photos_hint)(count(), MAX_PHOTOS_PER_ENTRY)}
            </p>
            {move || uploads.notice.get().map(|n| view! {
                <p class="field-error" role="alert" data-testid="photo-notice">{n}</p>
            })}
            <ul class="upload-grid">
                <For each=move || uploads.tiles.get() key=|tile| tile.key let:tile>
                    <UploadTile tile=tile uploads=uploads/>
                </For>
            </ul>
        </div>
    }
}

#[component]
fn UploadTile(tile: Tile, uploads: Uploads) -> impl IntoView {
    let t = use_texts();
    let state = tile.state;
    let progress = tile.progress;
    let key = tile.key;
    let state_name = move || match state.get() {
        TileState::Waiting => "waiting",
        TileState::Uploading => "uploading",
        TileState::Done(_) => "done",
        TileState::Failed(_) => "failed",
    };
    view! {
        <li class="upload-tile" data-testid="upload-tile" data-state=state_name class:failed=move || matches!(state.get(), TileState::Failed(_))>
            <img src=tile.preview.clone() alt=tx(|t| t.photo_alt)/>
            {move || match state.get() {
                TileState::Waiting | TileState::Uploading => Some(view! {
                    <div class="upload-status">
                        <progress max="100" value=move || progress.get() data-testid="upload-progress"
                            aria-label=move || if matches!(state.get(), TileState::Waiting) { t().waiting } else { t().uploading }>
                        </progress>
                    </div>
                }.into_any()),
                TileState::Failed(e) => Some(view! {
                    <div class="upload-status upload-error" data-testid="upload-error">
                        <strong>{t().upload_failed}</strong>
                        <span>{e.describe(t())}</span>
                    </div>
                }.into_any()),
                TileState::Done(_) => None,
            }}
            <button type="button" class="tile-remove" data-testid="upload-remove"
                aria-label=tx(|t| t.remove)
                on:click=move |_| uploads.remove(key)>
                "×"
            </button>
        </li>
    }
}
