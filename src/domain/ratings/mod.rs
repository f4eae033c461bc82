//! Crew ratings by homeowners and the weekly quality leaderboard (质量红黑榜), docs/domain.md
//! "Crew rating and the weekly quality leaderboard".
//!
//! Every stored or published figure is an integer so the wasm app and the server agree to the
//! last digit: stars in milli-stars (`4.250` ★ = `4250`), sub-scores in `0..=1000`, weights in
//! basis points (`10_000` = 100%) and the weekly score in milli-points (`0..=100_000`, i.e.
//! `0.000`–`100.000`). Every division rounds half up unless its doc says otherwise.
//!
//! The parts: `input` (what a homeowner submits), `weeks` (ISO weeks in the company's time
//! zone), `weights` (the score's weights and rating prior), `score` (one crew's week) and
//! `leaderboard` (every crew's week, ranked); all re-exported here.

mod input;
mod leaderboard;
mod score;
#[cfg(test)]
mod test_support;
mod weeks;
mod weights;

pub use input::*;
pub use leaderboard::*;
pub use score::*;
pub use weeks::*;
pub use weights::*;

/// `n / d` rounded half up (`d > 0`).
fn div_round(n: u64, d: u64) -> u64 {
    (n + d / 2) / d
}
