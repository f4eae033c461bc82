//! Quotes as the homeowner reads and confirms them.

pub mod quote;
pub mod texts;
