//! Building blocks shared by several pages.

pub mod error_banner;
pub mod header;
pub mod loaded;
pub mod spinner;
pub mod stale;
