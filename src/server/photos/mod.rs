//! The life of a photo, in one place: decoding an upload (a few at a time), storing its
//! objects and committing its record, serving and discarding it, and the hourly purge.
//!
//! Objects: two derivatives, the original without its location (GPS) and, only while the
//! company keeps photo locations for its staff, the located original (the upload as sent)
//! under its own key ([`keys::located_name`]); turning the rule off removes those.
//! The routes in [`crate::server::routes::photos`] only check who may do what.
//!
//! Order and durability: an upload is checked and decoded first (a refused one stores
//! nothing); then its objects are stored, each one whole and durable before
//! [`PhotoStorage::put`](crate::server::storage::PhotoStorage::put) returns (fsynced and
//! renamed into place on disk; one atomic PUT or multipart upload in S3); only then is the
//! `photos` row committed. If the row cannot be committed the
//! objects are removed again; if the process dies in between, the objects (or a temporary
//! file) have no row and [`purge::purge_orphans`] removes them an hour later. A row thus
//! never points at missing bytes. SQLite runs in WAL mode with `synchronous = NORMAL`:
//! committed rows survive a crash of the process; a power loss may lose the last few
//! transactions (their photo files then become orphans and are swept) but never corrupts
//! the database.

pub mod keys;
pub mod location;
pub mod purge;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::LazyLock;
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::Semaphore;

use crate::domain::photos::PhotoRef;
use crate::domain::ErrorCode;
use crate::server::error::{AppError, AppResult};
use crate::server::images::{self, Processed};
use crate::server::state::AppState;
use crate::server::store::photos::{self as rows, NewPhoto};

pub use keys::{key, located_name, object_keys, original_name};
pub use purge::{purge_orphans, purge_stale_uploads};

/// How long an upload waits for a decode slot before the server says it is busy (503 with
/// `Retry-After`): long, so that a burst of uploads waits its turn rather than fails.
const DECODE_WAIT: Duration = Duration::from_secs(120);

/// The bounded decode pool: at most one decode per core at once (each within
/// [`images::DECODE_BUDGET`], so photos' peak memory is about `slots × 200 MB` however many
/// uploads arrive together); the others wait for a slot. It counts the decodes running and
/// the most that ever ran at once, which the tests read.
struct DecodePool {
    slots: Semaphore,
    size: usize,
    running: AtomicUsize,
    peak: AtomicUsize,
}

static POOL: LazyLock<DecodePool> = LazyLock::new(|| {
    let size = std::thread::available_parallelism().map_or(1, |n| n.get());
    DecodePool {
        slots: Semaphore::new(size),
        size,
        running: AtomicUsize::new(0),
        peak: AtomicUsize::new(0),
    }
});

/// Decodes that may run at once: the number of cores.
pub fn decode_slots() -> usize {
    POOL.size
}

/// The most decodes that ever ran at once in this process.
pub fn decode_peak() -> usize {
    POOL.peak.load(Ordering::SeqCst)
}

/// Takes every decode slot until the permit is dropped (tests use it to make uploads wait).
#[doc(hidden)]
pub async fn occupy_decode_slots() -> AppResult<tokio::sync::SemaphorePermit<'static>> {
    let n = u32::try_from(POOL.size).unwrap_or(u32::MAX);
    POOL.slots
        .acquire_many(n)
        .await
        .map_err(|e| AppError::internal(e.to_string()))
}

/// Counts a running decode while it lives.
struct Running;

impl Running {
    fn start() -> Running {
        let now = POOL.running.fetch_add(1, Ordering::SeqCst) + 1;
        POOL.peak.fetch_max(now, Ordering::SeqCst);
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        POOL.running.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Checks and converts an upload on a blocking thread, holding one of the pool's slots for
/// the whole decode, even if the client goes away meanwhile; waits for a slot when all are
/// busy.
pub async fn process_upload(bytes: Bytes) -> AppResult<Processed> {
    let slot = tokio::time::timeout(DECODE_WAIT, POOL.slots.acquire())
        .await
        .map_err(|_| {
            AppError::new(
                ErrorCode::Unavailable,
                "the server is busy with other photos; please try again in a moment",
            )
        })?
        .map_err(|e| AppError::internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let _running = Running::start();
        images::process(bytes)
    })
    .await
    .map_err(|e| AppError::internal(e.to_string()))?
}

/// Stores an accepted upload for a project: its objects first (durably), then its row; if
/// the row fails, the objects are removed. Runs to the end in its own task, so a client
/// that goes away cannot leave it half done.
pub async fn store_upload(
    state: &AppState,
    project_id: &str,
    uploaded_by: &str,
    processed: Processed,
) -> AppResult<PhotoRef> {
    let state = state.clone();
    let (project_id, uploaded_by) = (project_id.to_string(), uploaded_by.to_string());
    tokio::spawn(async move {
        let photo_id = crate::server::store::new_id();
        let kind = processed.kind.as_str();
        let [thumb, large, original, located] = object_keys(&project_id, &photo_id, kind);
        let stored = async {
            // The upload as sent (with its GPS), only while the company keeps locations.
            let keep_located = match &processed.located {
                Some(_) => rows::project_keeps_location(&state.db, &project_id).await?,
                None => false,
            };
            if let Some(bytes) = processed.located.as_ref().filter(|_| keep_located) {
                state.photos.put(&located, bytes.clone()).await?;
            }
            state
                .photos
                .put(&thumb, Bytes::from(processed.thumb))
                .await?;
            state
                .photos
                .put(&large, Bytes::from(processed.large))
                .await?;
            state
                .photos
                .put(&original, processed.original.clone())
                .await?;
            rows::insert(
                &state.db,
                NewPhoto {
                    id: &photo_id,
                    project_id: &project_id,
                    uploaded_by: &uploaded_by,
                    kind,
                    width: processed.width,
                    height: processed.height,
                    bytes: processed.original.len() as u64,
                    located: keep_located,
                },
                state.clock.now_ms(),
            )
            .await
        }
        .await;
        // The company stopped keeping locations while this upload was stored: the row does
        // not count the located copy, so it goes now (else the hourly purge takes it).
        if processed.located.is_some() && matches!(stored, Ok(false)) {
            if let Err(e) = state.photos.delete(&located).await {
                tracing::warn!(photo = %photo_id, error = %e, "could not remove a located original");
            }
        }
        if let Err(e) = stored {
            // Nothing half-written: drop whatever objects made it to storage.
            remove_objects(&state, &project_id, &photo_id, kind).await;
            return Err(e);
        }
        Ok(PhotoRef::for_id(
            &photo_id,
            processed.width,
            processed.height,
        ))
    })
    .await
    .map_err(|e| AppError::internal(e.to_string()))?
}

/// One variant's bytes (`thumb`, `large`, `original`) of a photo, with its media type;
/// `None` for an unknown variant or a missing object.
pub async fn read_variant(
    state: &AppState,
    photo: &rows::PhotoRow,
    variant: &str,
) -> AppResult<Option<(Bytes, String, &'static str)>> {
    let Some((object, mime)) = keys::variant(variant, &photo.kind) else {
        return Ok(None);
    };
    let bytes = state
        .photos
        .get(&key(&photo.project_id, &photo.id, &object))
        .await?;
    Ok(bytes.map(|b| (b, object, mime)))
}

/// The located original of a photo (its upload as sent, GPS included) with its media type:
/// only while the photo is marked located and its company keeps locations; `None` otherwise.
/// The caller checks who asks (staff and admins of the company).
pub async fn read_located(
    state: &AppState,
    photo: &rows::PhotoRow,
) -> AppResult<Option<(Bytes, &'static str)>> {
    if photo.located != 1 || !rows::project_keeps_location(&state.db, &photo.project_id).await? {
        return Ok(None);
    }
    let mime = crate::domain::photos::ImageKind::parse(&photo.kind)
        .map(|k| k.mime())
        .unwrap_or("application/octet-stream");
    let bytes = state
        .photos
        .get(&key(
            &photo.project_id,
            &photo.id,
            &keys::located_name(&photo.kind),
        ))
        .await?;
    Ok(bytes.map(|b| (b, mime)))
}

/// Sets whether the company keeps the location of originals for its staff. Turning it off
/// stops serving located originals at once (the marks go in the same transaction as the
/// rule) and removes their files; any file that cannot be removed now is taken by the
/// hourly purge. Returns how many located originals were removed.
pub async fn set_keep_location(state: &AppState, company_id: &str, keep: bool) -> AppResult<usize> {
    let gone = rows::set_keeps_location(&state.db, company_id, keep).await?;
    for (project_id, photo_id, kind) in &gone {
        let k = key(project_id, photo_id, &keys::located_name(kind));
        if let Err(e) = state.photos.delete(&k).await {
            tracing::warn!(photo = %photo_id, error = %e, "could not remove a located original; the hourly purge will");
        }
    }
    Ok(gone.len())
}

/// Discards a photo not yet posted: its row, then its objects. `false` if it was posted
/// (or gone) meanwhile.
pub async fn discard(state: &AppState, photo: &rows::PhotoRow) -> AppResult<bool> {
    let gone = rows::delete_unattached(&state.db, &photo.id).await?;
    if gone {
        remove_objects(state, &photo.project_id, &photo.id, &photo.kind).await;
    }
    Ok(gone)
}

/// Removes whatever objects of a photo were stored (best effort, logged).
pub async fn remove_objects(state: &AppState, project_id: &str, photo_id: &str, kind: &str) {
    for k in object_keys(project_id, photo_id, kind) {
        if let Err(e) = state.photos.delete(&k).await {
            tracing::warn!(photo = %photo_id, error = %e, "could not remove photo object");
        }
    }
}
