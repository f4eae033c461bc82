//! Node inspections as the homeowner follows them.

pub mod checklists;
pub mod progress;
pub mod record;
pub mod texts;
