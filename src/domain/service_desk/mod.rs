//! The service desk: warranty claims, callbacks, complaints and follow-ups as one kind of
//! item with a status, deadlines (the shared service-level rules), a conversation and an
//! audit trail. The state machines, the deadlines of each item and the inputs live here so
//! that the server and the browser apply the same rules.
//!
//! The parts: `status` (kinds, statuses and actions), `machine` (the state machines),
//! `deadlines` (what each item is due by), `inputs` (what is submitted and its checks),
//! `views` (items as shown) and `metrics` (the period report); all re-exported here.

mod deadlines;
mod inputs;
mod machine;
mod metrics;
mod status;
#[cfg(test)]
mod test_support;
mod views;

pub use deadlines::*;
pub use inputs::*;
pub use machine::*;
pub use metrics::*;
pub use status::*;
pub use views::*;
