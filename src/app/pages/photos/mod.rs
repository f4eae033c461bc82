//! Site photos: the full-screen viewer and the uploader of the diary form.

pub mod uploader;
pub mod viewer;
