//! Quotes as the homeowner reads and confirms them.

pub mod editor;
pub mod quote;
pub mod texts;
