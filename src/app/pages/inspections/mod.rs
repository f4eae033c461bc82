//! Node inspections as the homeowner follows them.

pub mod progress;
pub mod record;
pub mod texts;
