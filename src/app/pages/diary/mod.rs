//! The construction diary: the timeline, its entry cards and the form crews write with.

pub mod entry_card;
pub mod form;
pub mod timeline;
