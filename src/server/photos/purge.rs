//! Housekeeping of photos (run hourly): uploads never posted within a day, objects whose
//! record never committed (a crash, a dropped client, a full disk between storing the
//! objects and committing the row), located originals no longer kept (their company turned
//! the rule off, or the removal at that moment failed), and temporary files of interrupted
//! writes.

use std::collections::{BTreeMap, HashSet};

use super::keys;
use super::remove_objects;
use crate::server::error::AppResult;
use crate::server::state::AppState;
use crate::server::store::photos;

/// Uploads not posted within this long are discarded.
pub const UNPOSTED_FOR_MS: i64 = 24 * 3_600_000;
/// Objects without a record, and temporary files, are removed once this old: far longer
/// than any upload takes between storing its objects and committing its row.
pub const ORPHANED_FOR_MS: i64 = 3_600_000;

/// Removes uploads that were never posted within a day, then orphaned objects and
/// leftovers of interrupted writes; returns how many photos went.
pub async fn purge_stale_uploads(state: &AppState) -> AppResult<usize> {
    let cutoff = state.clock.now_ms() - UNPOSTED_FOR_MS;
    let stale = photos::stale_unattached(&state.db, cutoff).await?;
    let mut n = stale.len();
    for p in stale {
        if photos::delete_unattached(&state.db, &p.id).await? {
            remove_objects(state, &p.project_id, &p.id, &p.kind).await;
        }
    }
    n += purge_orphans(state).await?;
    Ok(n)
}

/// Removes temporary files and objects without a `photos` row, last written more than
/// [`ORPHANED_FOR_MS`] before the server's clock; returns how many photos' objects went.
/// File times are compared with the server's clock, so tests can move time forward.
pub async fn purge_orphans(state: &AppState) -> AppResult<usize> {
    let before = state.clock.now_ms() - ORPHANED_FOR_MS;
    let temps = state.photos.purge_temp_older_than(before).await?;
    if temps > 0 {
        tracing::info!(
            files = temps,
            "leftovers of interrupted photo writes removed"
        );
    }
    let mut by_photo: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for key in state.photos.list_keys_older_than(before).await? {
        if let Some((project, photo)) = keys::photo_of(&key) {
            by_photo
                .entry((project.to_string(), photo.to_string()))
                .or_default()
                .push(key);
        }
    }
    let mut removed = 0;
    let groups: Vec<_> = by_photo.into_iter().collect();
    for chunk in groups.chunks(500) {
        let ids: Vec<String> = chunk.iter().map(|((_, photo), _)| photo.clone()).collect();
        let known: HashSet<(String, String)> = photos::existing(&state.db, &ids)
            .await?
            .into_iter()
            .collect();
        // Located originals stay only while marked and their company keeps locations.
        let with_located: Vec<String> = chunk
            .iter()
            .filter(|(_, keys)| keys.iter().any(|k| keys::is_located(k)))
            .map(|((_, photo), _)| photo.clone())
            .collect();
        let located_kept: HashSet<String> = photos::located_kept(&state.db, &with_located)
            .await?
            .into_iter()
            .collect();
        for ((project, photo), keys) in chunk {
            if known.contains(&(project.clone(), photo.clone())) {
                if !located_kept.contains(photo) {
                    for key in keys.iter().filter(|k| keys::is_located(k)) {
                        match state.photos.delete(key).await {
                            Ok(()) => {
                                tracing::info!(photo = %photo, "located original no longer kept: removed")
                            }
                            Err(e) => {
                                tracing::warn!(photo = %photo, error = %e, "could not remove a located original")
                            }
                        }
                    }
                }
                continue;
            }
            for key in keys {
                if let Err(e) = state.photos.delete(key).await {
                    tracing::warn!(photo = %photo, error = %e, "could not remove orphaned object");
                }
            }
            removed += 1;
        }
    }
    if removed > 0 {
        tracing::info!(photos = removed, "objects without a photo record removed");
    }
    Ok(removed)
}
