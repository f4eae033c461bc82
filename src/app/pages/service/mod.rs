//! The service desk: homeowners' claims, callbacks and complaints; the staff queue.

pub mod desk;
pub mod forms;
pub mod hub;
pub mod item;
pub mod texts;
