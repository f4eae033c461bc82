//! Site-photo uploads with progress, and discarding an upload that won't be posted.
//!
//! Uploads go through `XMLHttpRequest` rather than `fetch` because only XHR reports upload
//! progress, which crews on slow site connections need to see.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FormData, ProgressEvent, XmlHttpRequest};

use super::{delete, encode, get, put, url, ApiError};
use crate::domain::photos::{PhotoLocationSetting, PhotoRef};

/// The company's rule on photo locations (staff and admins).
pub async fn location_setting() -> Result<PhotoLocationSetting, ApiError> {
    get("/settings/photo-location").await
}

/// Sets the company's rule on photo locations (admins); off deletes the located copies.
pub async fn set_location_setting(
    setting: PhotoLocationSetting,
) -> Result<PhotoLocationSetting, ApiError> {
    put("/settings/photo-location", &setting).await
}

/// Uploads one photo for a project on `xhr` (the caller keeps it to abort the upload),
/// reporting progress in percent. An aborted upload ends as `ApiError::Network`.
pub async fn upload(
    project_id: &str,
    file: &File,
    xhr: &XmlHttpRequest,
    on_progress: impl Fn(u32) + 'static,
) -> Result<PhotoRef, ApiError> {
    let path = url(&format!("/projects/{}/photos", encode(project_id)));
    let form = FormData::new().map_err(|_| ApiError::Network)?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(|_| ApiError::Network)?;
    xhr.open_with_async("POST", &path, true)
        .map_err(|_| ApiError::Network)?;
    let _ = xhr.set_request_header("Accept", "application/json");

    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            on_progress((e.loaded() * 100.0 / e.total()).clamp(0.0, 100.0) as u32);
        }
    });
    let upload = xhr.upload().map_err(|_| ApiError::Network)?;
    upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    // `loadend` fires once whatever happens (done, error, abort): it resolves the promise.
    let done = Promise::new(&mut |resolve, _reject| xhr.set_onloadend(Some(&resolve)));
    xhr.send_with_opt_form_data(Some(&form))
        .map_err(|_| ApiError::Network)?;
    let _ = JsFuture::from(done).await;
    upload.set_onprogress(None);
    xhr.set_onloadend(None);
    drop(progress);

    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    match status {
        0 => Err(ApiError::Network),
        200..=299 => serde_json::from_str(&text).map_err(|_| ApiError::Unexpected {
            status,
            message: None,
        }),
        _ => Err(ApiError::from_answer(status, &text)),
    }
}

/// Discards an uploaded photo that has not been posted with an entry.
pub async fn discard(photo_id: &str) -> Result<(), ApiError> {
    delete(&format!("/photos/{}", encode(photo_id))).await
}
