//! Crew ratings, the weekly leaderboard and satisfaction surveys.

pub mod board;
pub mod project;
pub mod texts;
